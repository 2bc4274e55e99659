package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
