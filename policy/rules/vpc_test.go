package rules

import (
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
