package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// refMode is how a fixture expresses that one resource refers to another.
type refMode string

const (
	// byID: references are known id strings and every resource has an "id" property (mocked program tests).
	byID refMode = "ids"
	// byPropertyDependencies: references are unknown and the engine's PropertyDependencies say where they come
	// from (preview through the real engine).
	byPropertyDependencies refMode = "property-dependencies"
	// byValueDependencies: references are unknown output values carrying their dependencies.
	byValueDependencies refMode = "value-dependencies"
)

var allModes = []refMode{byID, byPropertyDependencies, byValueDependencies}

// fixture is a small stack whose cross-resource references are written in one refMode.
type fixture struct {
	mode      refMode
	resources []Resource
}

func (f *fixture) index(name string) int {
	for i, r := range f.resources {
		if r.Name == name {
			return i
		}
	}
	panic("fixture has no resource " + name)
}

func (f *fixture) add(typ, name string, props obj) {
	r := res(typ, name, props)
	if f.mode == byID {
		r.Properties = r.Properties.Set("id", property.New("id-"+name))
	}
	if f.mode == byPropertyDependencies {
		// The engine sends property dependencies for every resource in stack analysis, possibly empty.
		r.PropertyDependencies = map[string][]string{}
	}
	f.resources = append(f.resources, r)
}

func (f *fixture) remove(names ...string) {
	f.resources = slices.DeleteFunc(f.resources, func(r Resource) bool { return slices.Contains(names, r.Name) })
}

func (f *fixture) set(name, key string, value any) {
	i := f.index(name)
	delete(f.resources[i].PropertyDependencies, key)
	f.resources[i].Properties = f.resources[i].Properties.Set(key, toValue(value))
}

// refValue is how resource from refers to target under top-level property depKey.
func (f *fixture) refValue(from int, depKey, target string) property.Value {
	targetURN := f.resources[f.index(target)].URN
	switch f.mode {
	case byPropertyDependencies:
		deps := f.resources[from].PropertyDependencies
		deps[depKey] = append(deps[depKey], targetURN)
		return unknownValue
	case byValueDependencies:
		return dependsOn(unknownValue, targetURN)
	}
	return property.New("id-" + target)
}

// link points name's property key at one target.
func (f *fixture) link(name, key, target string) {
	i := f.index(name)
	delete(f.resources[i].PropertyDependencies, key)
	f.resources[i].Properties = f.resources[i].Properties.Set(key, f.refValue(i, key, target))
}

// linkList points name's list property key at targets.
func (f *fixture) linkList(name, key string, targets ...string) {
	i := f.index(name)
	delete(f.resources[i].PropertyDependencies, key)
	items := make([]property.Value, len(targets))
	for j, t := range targets {
		items[j] = f.refValue(i, key, t)
	}
	f.resources[i].Properties = f.resources[i].Properties.Set(key, property.New(items))
}

// linkServiceSubnets sets a service's networkConfiguration.subnets.
func (f *fixture) linkServiceSubnets(name string, subnets ...string) {
	i := f.index(name)
	delete(f.resources[i].PropertyDependencies, "networkConfiguration")
	items := make([]property.Value, len(subnets))
	for j, s := range subnets {
		items[j] = f.refValue(i, "networkConfiguration", s)
	}
	nc := property.NewMap(map[string]property.Value{
		"subnets": property.New(items), "assignPublicIp": property.New(false),
	})
	f.resources[i].Properties = f.resources[i].Properties.Set("networkConfiguration", property.New(nc))
}

const region = "eu-west-1"

func endpointService(name string) string {
	return fmt.Sprintf("com.amazonaws.%s.%s", region, name)
}

// privateStack is a VPC with one private subnet reaching ECR through interface endpoints and an S3 gateway
// endpoint, and one Fargate service that logs with awslogs.
// ecrContainer logs with awslogs and pulls from private ECR in the fixtures' region, which the endpoints reach.
var ecrContainer = `{"name":"app","image":"123456789012.dkr.ecr.` + region + `.amazonaws.com/app:1","readonlyRootFilesystem":true,` +
	`"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"g"}}}`

func privateStack(mode refMode) *fixture {
	f := &fixture{mode: mode}
	f.add(awstypes.Ec2Vpc, "vpc", obj{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true})
	f.add(awstypes.Ec2DefaultSecurityGroup, "vpc-default-sg", obj{})
	f.link("vpc-default-sg", "vpcId", "vpc")
	f.add(awstypes.Ec2Subnet, "private-a", obj{"cidrBlock": "10.0.1.0/24"})
	f.link("private-a", "vpcId", "vpc")
	f.add(awstypes.Ec2RouteTable, "private-rt-a", obj{})
	f.link("private-rt-a", "vpcId", "vpc")
	f.add(awstypes.Ec2RouteTableAssociation, "private-a-assoc", obj{})
	f.link("private-a-assoc", "subnetId", "private-a")
	f.link("private-a-assoc", "routeTableId", "private-rt-a")
	for _, service := range []string{"ecr.api", "ecr.dkr", "logs"} {
		name := "endpoint-" + service
		f.add(awstypes.Ec2VpcEndpoint, name, obj{"serviceName": endpointService(service), "vpcEndpointType": "Interface", "privateDnsEnabled": true})
		f.link(name, "vpcId", "vpc")
	}
	f.add(awstypes.Ec2VpcEndpoint, "endpoint-s3", obj{"serviceName": endpointService("s3"), "vpcEndpointType": "Gateway"})
	f.link("endpoint-s3", "vpcId", "vpc")
	f.linkList("endpoint-s3", "routeTableIds", "private-rt-a")
	f.add(awstypes.EcsTaskDefinition, "app-task", obj{
		"networkMode": "awsvpc", "requiresCompatibilities": []string{"FARGATE"}, "cpu": "256", "memory": "512",
		"containerDefinitions": containerJSON(ecrContainer),
	})
	f.add(awstypes.EcsService, "app", obj{"launchType": "FARGATE"})
	f.link("app", "taskDefinition", "app-task")
	f.linkServiceSubnets("app", "private-a")
	return f
}

// natStack is privateStack without endpoints, reaching ECR through a NAT gateway in a public subnet instead.
func natStack(mode refMode) *fixture {
	f := privateStack(mode)
	f.remove("endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs", "endpoint-s3")
	f.add(awstypes.Ec2Subnet, "public-a", obj{"cidrBlock": "10.0.0.0/24"})
	f.link("public-a", "vpcId", "vpc")
	f.add(awstypes.Ec2Eip, "nat-eip-a", obj{"domain": "vpc"})
	f.add(awstypes.Ec2NatGateway, "nat-a", obj{})
	f.link("nat-a", "allocationId", "nat-eip-a")
	f.link("nat-a", "subnetId", "public-a")
	f.add(awstypes.Ec2Route, "private-a-default", obj{"destinationCidrBlock": "0.0.0.0/0"})
	f.link("private-a-default", "routeTableId", "private-rt-a")
	f.link("private-a-default", "natGatewayId", "nat-a")
	return f
}

func findingsOf(t *testing.T, rule string, resources []Resource) []Violation {
	t.Helper()
	var out []Violation
	for _, v := range Evaluate(resources, DefaultConfig()) {
		if v.Policy == rule {
			out = append(out, v)
		}
	}
	return out
}

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

func TestEipsBackNatGateways(t *testing.T) {
	cases := []struct {
		name    string
		build   func(refMode) *fixture
		modes   []refMode
		wantFor []string
	}{
		{name: "EIP allocated to a NAT gateway", build: natStack, modes: allModes},
		{
			name: "EIP as a secondary allocation", modes: allModes,
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.add(awstypes.Ec2Eip, "nat-eip-b", obj{"domain": "vpc"})
				f.linkList("nat-a", "secondaryAllocationIds", "nat-eip-b")
				return f
			},
		},
		{
			name: "EIP matched through its allocationId output", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.set("nat-eip-a", "allocationId", "eipalloc-0abc")
				f.set("nat-eip-a", "id", nil)
				f.set("nat-a", "allocationId", "eipalloc-0abc")
				return f
			},
		},
		{
			name: "free-standing EIP", modes: allModes, wantFor: []string{"spare-eip"},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.add(awstypes.Ec2Eip, "spare-eip", obj{"domain": "vpc"})
				return f
			},
		},
		{
			name: "EIP of a NAT gateway that is gone", modes: allModes, wantFor: []string{"nat-eip-a"},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.remove("nat-a", "private-a-default")
				return f
			},
		},
		{
			name: "NAT allocation unknown without dependencies leaves EIPs undecided", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.set("nat-a", "allocationId", unknownValue)
				return f
			},
		},
	}
	for _, tc := range cases {
		for _, mode := range tc.modes {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				f := tc.build(mode)

				violations := findingsOf(t, "eip-only-for-nat-gateway", f.resources)

				var got []string
				for _, v := range violations {
					got = append(got, v.Resource)
					assert.Contains(t, v.Message, `Elastic IP "`+v.Resource+`"`)
					assert.Contains(t, v.Message, "allocationId to an aws.ec2.NatGateway")
				}
				assert.Equal(t, tc.wantFor, got)
			})
		}
	}
}

func TestShippedStackShapesHaveNoViolations(t *testing.T) {
	for _, build := range []func(refMode) *fixture{privateStack, natStack} {
		for _, mode := range allModes {
			f := build(mode)
			t.Run(string(mode), func(t *testing.T) {
				var mandatory []Violation
				for _, v := range Evaluate(f.resources, DefaultConfig()) {
					if v.Level == Mandatory {
						mandatory = append(mandatory, v)
					}
				}
				assert.Empty(t, mandatory)
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

func TestVpcDNSOnlyWhereSomethingNeedsPrivateDNS(t *testing.T) {
	noHostnames := func(build func(refMode) *fixture) func(refMode) *fixture {
		return func(m refMode) *fixture {
			f := build(m)
			f.set("vpc", "enableDnsHostnames", nil)
			return f
		}
	}
	cases := []struct {
		name     string
		build    func(refMode) *fixture
		modes    []refMode
		want     int
		wantText string
	}{
		{name: "interface endpoints with private DNS in a VPC with DNS hostnames", build: privateStack, modes: allModes},
		{name: "VPC without DNS hostnames and nothing that needs them", build: noHostnames(natStack), modes: allModes},
		{
			name: "VPC without DNS hostnames hosting only a gateway endpoint", modes: allModes,
			build: noHostnames(func(m refMode) *fixture {
				f := privateStack(m)
				f.remove("endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs")
				return f
			}),
		},
		{
			name: "VPC without DNS hostnames hosting an interface endpoint with private DNS off", modes: allModes,
			build: noHostnames(func(m refMode) *fixture {
				f := privateStack(m)
				for _, e := range []string{"endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs"} {
					f.set(e, "privateDnsEnabled", false)
				}
				return f
			}),
		},
		{
			name: "VPC without DNS hostnames hosting interface endpoints with private DNS", build: noHostnames(privateStack), modes: allModes,
			want: 1, wantText: `"endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs", which need private DNS, but has enableDnsHostnames off`,
		},
		{
			name: "VPC with DNS support off hosting interface endpoints", modes: allModes, want: 1, wantText: "set enableDnsSupport: true",
			build: func(m refMode) *fixture {
				f := privateStack(m)
				f.set("vpc", "enableDnsSupport", secret(false))
				return f
			},
		},
		{
			name: "VPC without DNS hostnames hosting a private hosted zone", modes: []refMode{byID, byPropertyDependencies}, want: 1, wantText: `"internal-zone"`,
			build: noHostnames(func(m refMode) *fixture {
				f := natStack(m)
				f.add(awstypes.Route53Zone, "internal-zone", obj{"name": "internal.example"})
				i := f.index("internal-zone")
				zoneVpc := property.NewMap(map[string]property.Value{"vpcId": f.refValue(i, "vpcs", "vpc")})
				f.resources[i].Properties = f.resources[i].Properties.Set("vpcs", property.New([]property.Value{property.New(zoneVpc)}))
				return f
			}),
		},
		{
			name: "VPC without DNS hostnames hosting a Cloud Map private namespace", modes: allModes, want: 1, wantText: `"services"`,
			build: noHostnames(func(m refMode) *fixture {
				f := natStack(m)
				f.add(awstypes.ServicediscoveryPrivateDNSNamespace, "services", obj{"name": "svc.local"})
				f.link("services", "vpc", "vpc")
				return f
			}),
		},
		{
			name: "private hosted zone of another VPC", modes: allModes,
			build: noHostnames(func(m refMode) *fixture {
				f := natStack(m)
				f.add(awstypes.Ec2Vpc, "other-vpc", obj{"enableDnsHostnames": true})
				f.add(awstypes.Route53ZoneAssociation, "assoc", obj{"zoneId": "Z1"})
				f.link("assoc", "vpcId", "other-vpc")
				return f
			}),
		},
		{
			name: "aws-native VPC without DNS hostnames hosting an aws-native interface endpoint", modes: allModes, want: 1,
			build: func(m refMode) *fixture {
				f := &fixture{mode: m}
				f.add(awstypes.NativeEc2Vpc, "vpc", obj{"cidrBlock": "10.0.0.0/16"})
				f.add(awstypes.NativeEc2VpcEndpoint, "endpoint", obj{"vpcEndpointType": "Interface", "privateDnsEnabled": true, "serviceName": endpointService("ecr.api")})
				f.link("endpoint", "vpcId", "vpc")
				return f
			},
		},
		{
			name: "endpoint VPC unknown without dependencies is not decided", modes: []refMode{byID},
			build: noHostnames(func(m refMode) *fixture {
				f := privateStack(m)
				for _, e := range []string{"endpoint-ecr.api", "endpoint-ecr.dkr", "endpoint-logs"} {
					f.set(e, "vpcId", unknownValue)
				}
				return f
			}),
		},
	}
	for _, tc := range cases {
		for _, mode := range tc.modes {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				f := tc.build(mode)

				violations := findingsOf(t, "vpc-dns", f.resources)

				require.Len(t, violations, tc.want, "violations: %+v", violations)
				for _, v := range violations {
					assert.Equal(t, "vpc", v.Resource)
					assert.Equal(t, Mandatory, v.Level)
					assert.Contains(t, v.Message, tc.wantText)
				}
			})
		}
	}
}

// TestStackRulesReportWhatTheyCouldNotVerify: a stack rule that cannot decide because a value is unknown says so
// as an advisory under UnverifiedRule, instead of passing silently, and never as its own (mandatory) violation.
func TestStackRulesReportWhatTheyCouldNotVerify(t *testing.T) {
	cases := []struct {
		name     string
		build    func() *fixture
		resource string
		wantText string
	}{
		{
			name: "service subnets from outside the stack, unknown", resource: "app", wantText: "could not verify at preview which subnets",
			build: func() *fixture {
				f := privateStack(byID)
				f.set("app", "networkConfiguration", obj{"subnets": arr{unknownValue}})
				return f
			},
		},
		{
			name: "unknown ecr.dkr service name", resource: "app", wantText: `can pull images in subnet "private-a"`,
			build: func() *fixture {
				f := privateStack(byPropertyDependencies)
				f.set("endpoint-ecr.dkr", "serviceName", unknownValue)
				return f
			},
		},
		{
			name: "unknown NAT allocation", resource: "nat-eip-a", wantText: "eip-only-for-nat-gateway could not verify",
			build: func() *fixture {
				f := natStack(byID)
				f.set("nat-a", "allocationId", unknownValue)
				return f
			},
		},
		{
			name: "unknown endpoint VPC", resource: "vpc", wantText: "vpc-dns could not verify",
			build: func() *fixture {
				f := natStack(byID)
				f.set("vpc", "enableDnsHostnames", false)
				f.add(awstypes.Ec2VpcEndpoint, "endpoint-sts", obj{"vpcEndpointType": "Interface", "privateDnsEnabled": true, "vpcId": unknownValue})
				return f
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.build()

			violations := Evaluate(f.resources, DefaultConfig())

			var unverified []Violation
			for _, v := range violations {
				assert.NotEqual(t, Mandatory, v.Level, "undecided must not block: %+v", v)
				// Other rules may be undecided too (an unknown endpoint service could be any endpoint).
				if v.Policy == UnverifiedRule && v.Resource == tc.resource && strings.Contains(v.Message, tc.wantText) {
					unverified = append(unverified, v)
				}
			}
			require.Len(t, unverified, 1, "violations: %+v", violations)
			assert.Equal(t, tc.resource, unverified[0].Resource)
			assert.Equal(t, Advisory, unverified[0].Level)
			assert.Contains(t, unverified[0].Message, tc.wantText)

			cfg := DefaultConfig()
			cfg.Levels[UnverifiedRule] = Disabled
			for _, v := range Evaluate(f.resources, cfg) {
				assert.NotEqual(t, UnverifiedRule, v.Policy)
			}
		})
	}
}
