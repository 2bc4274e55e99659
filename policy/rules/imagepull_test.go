package rules

import (
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubnetsCanPullImages(t *testing.T) {
	cases := []struct {
		name  string
		build func(refMode) *fixture
		modes []refMode
		want  int
		// wantText must appear in the message of a violation.
		wantText []string
	}{
		{name: "interface endpoints and S3 gateway endpoint", build: privateStack, modes: allModes},
		{name: "NAT default route", build: natStack, modes: allModes},
		{
			name: "S3 gateway endpoint through a route table association resource", modes: allModes,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("endpoint-s3", "routeTableIds", nil)
				f.add(awstypes.Ec2VpcEndpointRouteTableAssociation, "s3-private-rt-a", obj{})
				f.link("s3-private-rt-a", "vpcEndpointId", "endpoint-s3")
				f.link("s3-private-rt-a", "routeTableId", "private-rt-a")
				return f
			},
		},
		{
			name: "no logs endpoint while the task does not use awslogs", modes: allModes,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.remove("endpoint-logs")
				f.set("app-task", "containerDefinitions", containerJSON(`{"name":"app","logConfiguration":{"logDriver":"fluentd"}}`))
				return f
			},
		},
		{
			name: "NAT default route in the route table's inline routes", modes: []refMode{byID, byPropertyDependencies},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.remove("private-a-default")
				i := f.index("private-rt-a")
				route := property.NewMap(map[string]property.Value{
					"cidrBlock": property.New("0.0.0.0/0"), "natGatewayId": f.refValue(i, "routes", "nat-a"),
				})
				f.resources[i].Properties = f.resources[i].Properties.Set("routes", property.New([]property.Value{property.New(route)}))
				return f
			},
		},
		{
			name: "subnet managed outside the stack is not judged", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.remove("endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs", "endpoint-s3")
				f.set("app", "networkConfiguration", obj{"subnets": []string{"subnet-0123456789abcdef0"}})
				return f
			},
		},
		{
			name: "nothing to pull through", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.remove("endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs", "endpoint-s3")
				return f
			},
			wantText: []string{`ECS service "app"`, `subnet "private-a"`, `route table "private-rt-a"`, `interface endpoints for ecr.api, ecr.dkr, logs (a task uses awslogs) in VPC "vpc"`, `S3 gateway endpoint on route table "private-rt-a"`, "CannotPullContainerError"},
		},
		{
			name: "missing ecr.dkr endpoint", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.remove("endpoint-ecr.dkr")
				return f
			},
			wantText: []string{`interface endpoints for ecr.dkr in VPC "vpc"`},
		},
		{
			name: "missing logs endpoint while the task uses awslogs", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.remove("endpoint-logs")
				return f
			},
			wantText: []string{`interface endpoints for logs (a task uses awslogs) in VPC "vpc"`},
		},
		{
			name: "S3 gateway endpoint on another route table", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.add(awstypes.Ec2RouteTable, "other-rt", obj{})
				f.linkList("endpoint-s3", "routeTableIds", "other-rt")
				return f
			},
			wantText: []string{`S3 gateway endpoint on route table "private-rt-a"`},
		},
		{
			name: "interface endpoints in another VPC", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.add(awstypes.Ec2Vpc, "other-vpc", obj{"enableDnsHostnames": true})
				for _, e := range []string{"endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs"} {
					f.link(e, "vpcId", "other-vpc")
				}
				return f
			},
			wantText: []string{"interface endpoints for ecr.api, ecr.dkr, logs"},
		},
		{
			name: "NAT route that is not the default route", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.set("private-a-default", "destinationCidrBlock", "192.168.0.0/16")
				return f
			},
			wantText: []string{"no 0.0.0.0/0 route through a NAT gateway"},
		},
		{
			name: "default route through a private NAT gateway", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.set("nat-a", "connectivityType", "private")
				return f
			},
		},
		{
			name: "subnet without a route table association", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.remove("private-a-assoc")
				return f
			},
			wantText: []string{"(none associated in this stack)"},
		},
		{
			name: "route table routes left to the provider hold no NAT route", modes: []refMode{byPropertyDependencies}, want: 1,
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.remove("private-a-default")
				f.set("private-rt-a", "routes", unknownValue)
				return f
			},
			wantText: []string{"no 0.0.0.0/0 route through a NAT gateway"},
		},
		{
			name: "unknown route table routes without engine dependency information stay undecided", modes: []refMode{byID, byValueDependencies},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.remove("private-a-default")
				f.set("private-rt-a", "routes", unknownValue)
				return f
			},
		},
		{
			name: "gateway endpoint route tables left to the provider plus an association", modes: []refMode{byPropertyDependencies},
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("endpoint-s3", "routeTableIds", unknownValue)
				f.add(awstypes.Ec2VpcEndpointRouteTableAssociation, "s3-private-rt-a", obj{})
				f.link("s3-private-rt-a", "vpcEndpointId", "endpoint-s3")
				f.link("s3-private-rt-a", "routeTableId", "private-rt-a")
				return f
			},
		},
		{
			name: "gateway endpoint route tables left to the provider without an association", modes: []refMode{byPropertyDependencies}, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("endpoint-s3", "routeTableIds", unknownValue)
				return f
			},
			wantText: []string{`S3 gateway endpoint on route table "private-rt-a"`},
		},
		{
			name: "Docker Hub image on the endpoint path", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("app-task", "containerDefinitions", containerJSON(ecrContainer, `{"name":"proxy","image":"nginx:1.27"}`))
				return f
			},
			wantText: []string{`an internet path for image "nginx:1.27" (it comes from Docker Hub (docker.io), which is reached over the internet)`},
		},
		{
			name: "ECR Public image on the endpoint path", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("app-task", "containerDefinitions", containerJSON(`{"name":"app","image":"public.ecr.aws/nginx/nginx:1.27"}`))
				return f
			},
			wantText: []string{`image "public.ecr.aws/nginx/nginx:1.27" (it comes from ECR Public (public.ecr.aws)`},
		},
		{
			name: "private ECR image of another region on the endpoint path", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("app-task", "containerDefinitions", containerJSON(`{"name":"app","image":"123456789012.dkr.ecr.ap-south-1.amazonaws.com/app:1"}`))
				return f
			},
			wantText: []string{"it comes from ECR in region ap-south-1, and the VPC endpoints reach only " + region},
		},
		{
			name: "Docker Hub image through a NAT route", build: func(m refMode) *fixture {
				f := natStack(m)
				f.set("app-task", "containerDefinitions", containerJSON(`{"name":"app","image":"nginx:1.27"}`))
				return f
			}, modes: allModes,
		},
		{
			name: "unknown ecr.dkr service name leaves the images undecided", modes: allModes,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("app-task", "containerDefinitions", containerJSON(`{"name":"app","image":"nginx:1.27"}`))
				f.set("endpoint-ecr.dkr", "serviceName", unknownValue)
				return f
			},
		},
		{
			name: "unknown container definitions leave the logs endpoint undecided", modes: allModes,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.remove("endpoint-logs")
				f.set("app-task", "containerDefinitions", unknownValue)
				return f
			},
		},
		{
			name: "unknown service name leaves the endpoint undecided", modes: allModes,
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("endpoint-ecr.dkr", "serviceName", unknownValue)
				return f
			},
		},
		{
			name: "route table unknown without dependencies leaves the NAT route undecided", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.set("private-a-assoc", "routeTableId", unknownValue)
				return f
			},
		},
	}
	for _, tc := range cases {
		for _, mode := range tc.modes {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				f := tc.build(mode)

				violations := findingsOf(t, "ecs-subnet-can-pull-images", f.resources)

				require.Len(t, violations, tc.want, "violations: %+v", violations)
				for _, v := range violations {
					assert.Equal(t, "app", v.Resource)
					assert.Equal(t, urnOf(awstypes.EcsService, "app"), v.URN)
					assert.Equal(t, Mandatory, v.Level)
					for _, text := range tc.wantText {
						assert.Contains(t, v.Message, text)
					}
				}
			})
		}
	}
}

// setServicePublicIP sets a pulumi-aws service's networkConfiguration.assignPublicIp, keeping its subnets.
func (f *fixture) setServicePublicIP(name string, value any) {
	i := f.index(name)
	nc := f.resources[i].Properties.Get("networkConfiguration").AsMap().Set("assignPublicIp", toValue(value))
	f.resources[i].Properties = f.resources[i].Properties.Set("networkConfiguration", property.New(nc))
}

// igwStack is privateStack without endpoints, its subnet routing 0.0.0.0/0 to an internet gateway.
func igwStack(mode refMode) *fixture {
	f := privateStack(mode)
	f.remove("endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs", "endpoint-s3")
	f.add(awstypes.Ec2InternetGateway, "igw", obj{})
	f.link("igw", "vpcId", "vpc")
	f.add(awstypes.Ec2Route, "private-a-igw", obj{"destinationCidrBlock": "0.0.0.0/0"})
	f.link("private-a-igw", "routeTableId", "private-rt-a")
	f.link("private-a-igw", "gatewayId", "igw")
	return f
}

// nativeService replaces privateStack's service with an aws-native one (or task set) in the same subnet.
func nativeService(typ, configKey string) func(refMode) *fixture {
	return func(m refMode) *fixture {
		f := privateStack(m)
		f.remove("app")
		f.add(typ, "app", obj{"launchType": "FARGATE"})
		f.link("app", "taskDefinition", "app-task")
		i := f.index("app")
		awsvpc := property.NewMap(map[string]property.Value{
			"subnets":        property.New([]property.Value{f.refValue(i, "networkConfiguration", "private-a")}),
			"assignPublicIp": property.New("DISABLED"),
		})
		nc := property.NewMap(map[string]property.Value{configKey: property.New(awsvpc)})
		f.resources[i].Properties = f.resources[i].Properties.Set("networkConfiguration", property.New(nc))
		return f
	}
}

func TestSubnetsCanPullImagesThroughOtherPaths(t *testing.T) {
	withoutEndpoints := func(build func(refMode) *fixture) func(refMode) *fixture {
		return func(m refMode) *fixture {
			f := build(m)
			f.remove("endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs", "endpoint-s3")
			return f
		}
	}
	cases := []struct {
		name     string
		build    func(refMode) *fixture
		service  string
		want     int
		wantText string
	}{
		{
			name: "internet gateway route with public IPs pulls (the public-IP rule reports the exposure)", service: awstypes.EcsService,
			build: func(m refMode) *fixture { f := igwStack(m); f.setServicePublicIP("app", true); return f },
		},
		{
			name: "internet gateway route with secret public IPs pulls", service: awstypes.EcsService,
			build: func(m refMode) *fixture { f := igwStack(m); f.setServicePublicIP("app", secret(true)); return f },
		},
		{
			name: "internet gateway route without public IPs cannot pull", service: awstypes.EcsService, want: 1,
			build: igwStack, wantText: "public IPs for its tasks",
		},
		{
			name: "internet gateway id from outside the stack with public IPs pulls", service: awstypes.EcsService,
			build: func(m refMode) *fixture {
				f := igwStack(m)
				f.remove("igw")
				f.set("private-a-igw", "gatewayId", "igw-0123456789abcdef0")
				f.setServicePublicIP("app", true)
				return f
			},
		},
		{
			name: "virtual private gateway id is not an internet path", service: awstypes.EcsService, want: 1,
			build: func(m refMode) *fixture {
				f := igwStack(m)
				f.remove("igw")
				f.set("private-a-igw", "gatewayId", "vgw-0123456789abcdef0")
				f.setServicePublicIP("app", true)
				return f
			},
		},
		{name: "aws-native service through the endpoints", service: awstypes.NativeEcsService, build: nativeService(awstypes.NativeEcsService, "awsvpcConfiguration")},
		{
			name: "aws-native service with nothing to pull through", service: awstypes.NativeEcsService, want: 1,
			build: withoutEndpoints(nativeService(awstypes.NativeEcsService, "awsvpcConfiguration")), wantText: "CannotPullContainerError",
		},
		{name: "aws-native task set through the endpoints", service: awstypes.NativeEcsTaskSet, build: nativeService(awstypes.NativeEcsTaskSet, "awsVpcConfiguration")},
		{
			name: "aws-native task set with nothing to pull through", service: awstypes.NativeEcsTaskSet, want: 1,
			build: withoutEndpoints(nativeService(awstypes.NativeEcsTaskSet, "awsVpcConfiguration")),
		},
		{
			name: "pulumi-aws task set with nothing to pull through", service: awstypes.EcsTaskSet, want: 1,
			build: func(m refMode) *fixture {
				f := withoutEndpoints(privateStack)(m)
				f.resources[f.index("app")].Type = awstypes.EcsTaskSet
				f.resources[f.index("app")].URN = urnOf(awstypes.EcsTaskSet, "app")
				return f
			},
		},
	}
	for _, tc := range cases {
		for _, mode := range allModes {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				f := tc.build(mode)

				violations := findingsOf(t, "ecs-subnet-can-pull-images", f.resources)

				require.Len(t, violations, tc.want, "violations: %+v", violations)
				for _, v := range violations {
					assert.Equal(t, urnOf(tc.service, "app"), v.URN)
					assert.Contains(t, v.Message, tc.wantText)
				}
			})
		}
	}
}
