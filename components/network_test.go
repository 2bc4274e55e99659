package components

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// networkWith returns the dev config with network fields replaced.
func networkWith(fields map[string]any) stackConfig {
	network := map[string]any{"cidr": "10.20.0.0/16", "availabilityZones": []string{"eu-west-1a", "eu-west-1b"}}
	for k, v := range fields {
		network[k] = v
	}
	return minimalStack().with("network", network)
}

func TestVpcHasDnsSupportAndHostnames(t *testing.T) {
	rec := mustRunProgram(t, minimalStack())
	vpcs := rec.ofType(awstypes.Ec2Vpc)
	require.Len(t, vpcs, 1)
	assert.Equal(t, "10.20.0.0/16", stringProp(vpcs[0].Inputs, "cidrBlock"))
	for _, flag := range []string{"enableDnsSupport", "enableDnsHostnames"} {
		value, ok := prop(vpcs[0].Inputs, flag)
		require.True(t, ok, "%s must be set explicitly", flag)
		assert.True(t, value.IsBool() && value.BoolValue(), "%s must be true", flag)
	}
}

func TestNoSubnetMapsPublicIps(t *testing.T) {
	for _, egress := range []string{EgressNone, EgressNatSingle, EgressNatPerAZ} {
		t.Run(egress, func(t *testing.T) {
			rec := mustRunProgram(t, networkWith(map[string]any{"egress": egress}))
			subnets := rec.ofType(awstypes.Ec2Subnet)
			require.NotEmpty(t, subnets)
			for _, subnet := range subnets {
				value, ok := prop(subnet.Inputs, "mapPublicIpOnLaunch")
				require.True(t, ok, "%s must set mapPublicIpOnLaunch explicitly", subnet.Name)
				assert.False(t, value.BoolValue(), "%s maps public IPs", subnet.Name)
			}
		})
	}
}

func TestPrivateSubnetPerAZWithItsOwnRouteTable(t *testing.T) {
	rec := mustRunProgram(t, networkWith(map[string]any{
		"availabilityZones": []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
	}))
	subnets := rec.ofType(awstypes.Ec2Subnet)
	require.Len(t, subnets, 3, "egress none creates private subnets only")
	routeTables := map[string]bool{}
	for i, az := range []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"} {
		subnet := rec.named(t, awstypes.Ec2Subnet, "network-private-"+az)
		assert.Equal(t, az, stringProp(subnet.Inputs, "availabilityZone"))
		assert.Equal(t, []string{"10.20.0.0/20", "10.20.16.0/20", "10.20.32.0/20"}[i], stringProp(subnet.Inputs, "cidrBlock"))
		assoc := rec.named(t, awstypes.Ec2RouteTableAssociation, "network-private-"+az)
		assert.Equal(t, subnet.ID, stringProp(assoc.Inputs, "subnetId"))
		routeTable := rec.named(t, awstypes.Ec2RouteTable, "network-private-"+az)
		assert.Equal(t, routeTable.ID, stringProp(assoc.Inputs, "routeTableId"))
		routeTables[routeTable.ID] = true
	}
	assert.Len(t, routeTables, 3, "every private subnet has a route table of its own")
}

func TestEgressNoneHasNoInternetPath(t *testing.T) {
	rec := mustRunProgram(t, minimalStack())
	assert.Empty(t, rec.ofType(awstypes.Ec2InternetGateway))
	assert.Empty(t, rec.ofType(awstypes.Ec2NatGateway))
	assert.Empty(t, rec.ofType(awstypes.Ec2Eip))
	for _, route := range rec.ofType(awstypes.Ec2Route) {
		assert.NotEqual(t, "0.0.0.0/0", stringProp(route.Inputs, "destinationCidrBlock"), route.Name)
	}
	for _, subnet := range rec.ofType(awstypes.Ec2Subnet) {
		assert.NotContains(t, subnet.Name, "public", "public subnets exist only in NAT modes")
	}
}

func TestNatModesCreateExactlyTheExpectedGatewaysAndRoutes(t *testing.T) {
	azs := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	cases := []struct {
		egress string
		// natFor maps a private subnet's AZ to the AZ of the NAT gateway it routes through.
		natFor map[string]string
	}{
		{EgressNatSingle, map[string]string{"eu-west-1a": "eu-west-1a", "eu-west-1b": "eu-west-1a", "eu-west-1c": "eu-west-1a"}},
		{EgressNatPerAZ, map[string]string{"eu-west-1a": "eu-west-1a", "eu-west-1b": "eu-west-1b", "eu-west-1c": "eu-west-1c"}},
	}
	for _, c := range cases {
		t.Run(c.egress, func(t *testing.T) {
			rec := mustRunProgram(t, networkWith(map[string]any{"egress": c.egress, "availabilityZones": azs}))
			natAZs := map[string]bool{}
			for _, az := range c.natFor {
				natAZs[az] = true
			}
			assert.Len(t, rec.ofType(awstypes.Ec2InternetGateway), 1)
			assert.Len(t, rec.ofType(awstypes.Ec2NatGateway), len(natAZs))
			assert.Len(t, rec.ofType(awstypes.Ec2Eip), len(natAZs))
			assert.Len(t, rec.ofType(awstypes.Ec2Subnet), 2*len(azs), "a public subnet per AZ beside each private one")

			for natAZ := range natAZs {
				nat := rec.named(t, awstypes.Ec2NatGateway, "network-nat-"+natAZ)
				eip := rec.named(t, awstypes.Ec2Eip, "network-nat-"+natAZ)
				assert.Equal(t, eip.ID, stringProp(nat.Inputs, "allocationId"))
				assert.Equal(t, rec.named(t, awstypes.Ec2Subnet, "network-public-"+natAZ).ID, stringProp(nat.Inputs, "subnetId"))
			}
			for _, az := range azs {
				route := rec.named(t, awstypes.Ec2Route, "network-private-"+az+"-default")
				assert.Equal(t, "0.0.0.0/0", stringProp(route.Inputs, "destinationCidrBlock"))
				assert.Equal(t, rec.named(t, awstypes.Ec2RouteTable, "network-private-"+az).ID, stringProp(route.Inputs, "routeTableId"))
				assert.Equal(t, rec.named(t, awstypes.Ec2NatGateway, "network-nat-"+c.natFor[az]).ID, stringProp(route.Inputs, "natGatewayId"))
			}
			publicDefault := rec.named(t, awstypes.Ec2Route, "network-public-default")
			assert.Equal(t, rec.ofType(awstypes.Ec2InternetGateway)[0].ID, stringProp(publicDefault.Inputs, "gatewayId"))
			// Exactly one default route per private route table plus the public one.
			assert.Len(t, rec.ofType(awstypes.Ec2Route), len(azs)+1)
		})
	}
}

func TestIpv6DualStack(t *testing.T) {
	rec := mustRunProgram(t, networkWith(map[string]any{"ipv6": true, "egress": EgressNatSingle}))
	vpc := rec.ofType(awstypes.Ec2Vpc)[0]
	value, _ := prop(vpc.Inputs, "assignGeneratedIpv6CidrBlock")
	assert.True(t, value.BoolValue())
	gateways := rec.ofType(awstypes.Ec2EgressOnlyInternetGateway)
	require.Len(t, gateways, 1)
	for i, az := range []string{"eu-west-1a", "eu-west-1b"} {
		subnet := rec.named(t, awstypes.Ec2Subnet, "network-private-"+az)
		assert.Equal(t, []string{"2600:1f18:abc:de00::/64", "2600:1f18:abc:de01::/64"}[i], stringProp(subnet.Inputs, "ipv6CidrBlock"))
		route := rec.named(t, awstypes.Ec2Route, "network-private-"+az+"-default-ipv6")
		assert.Equal(t, "::/0", stringProp(route.Inputs, "destinationIpv6CidrBlock"))
		assert.Equal(t, gateways[0].ID, stringProp(route.Inputs, "egressOnlyGatewayId"))
	}
}

// TestEgressNoneMeansNoInternetPathForIpv6Either: egress none with dual-stack gives the subnets IPv6 addresses for
// traffic inside the VPC, and no egress-only gateway, no ::/0 and no 0.0.0.0/0 route.
func TestEgressNoneMeansNoInternetPathForIpv6Either(t *testing.T) {
	rec := mustRunProgram(t, networkWith(map[string]any{"ipv6": true}))
	assert.Equal(t, "2600:1f18:abc:de00::/64", stringProp(rec.named(t, awstypes.Ec2Subnet, "network-private-eu-west-1a").Inputs, "ipv6CidrBlock"))
	assert.Empty(t, rec.ofType(awstypes.Ec2EgressOnlyInternetGateway))
	assert.Empty(t, rec.ofType(awstypes.Ec2InternetGateway))
	for _, route := range rec.ofType(awstypes.Ec2Route) {
		assert.NotEqual(t, "::/0", stringProp(route.Inputs, "destinationIpv6CidrBlock"), route.Name)
		assert.NotEqual(t, "0.0.0.0/0", stringProp(route.Inputs, "destinationCidrBlock"), route.Name)
	}
}

func TestFlowLogsWriteOnlyToTheirLogGroup(t *testing.T) {
	rec := mustRunProgram(t, networkWith(map[string]any{"flowLogs": map[string]any{"enabled": true, "retentionDays": 30}}))
	logGroup := rec.named(t, awstypes.CloudwatchLogGroup, "network-flow-logs")
	retention, _ := prop(logGroup.Inputs, "retentionInDays")
	assert.Equal(t, float64(30), retention.NumberValue())

	flowLog := rec.named(t, awstypes.Ec2FlowLog, "network-flow-logs")
	assert.Equal(t, rec.ofType(awstypes.Ec2Vpc)[0].ID, stringProp(flowLog.Inputs, "vpcId"))
	groupArn := stringProp(logGroup.Outputs, "arn")
	assert.Equal(t, groupArn, stringProp(flowLog.Inputs, "logDestination"))
	assert.Equal(t, "ALL", stringProp(flowLog.Inputs, "trafficType"))

	doc := parsePolicy(t, stringProp(rec.named(t, awstypes.IamRolePolicy, "network-flow-logs").Inputs, "policy"))
	require.Len(t, doc.Statement, 1)
	assert.ElementsMatch(t, []string{groupArn, groupArn + ":*"}, doc.Statement[0].Resource)
	assert.NotContains(t, doc.Statement[0].Action, "*")

	trust := parsePolicy(t, stringProp(rec.named(t, awstypes.IamRole, "network-flow-logs").Inputs, "assumeRolePolicy"))
	assert.Equal(t, map[string]any{"Service": "vpc-flow-logs.amazonaws.com"}, trust.Statement[0].Principal)
}

// TestFlowLogsAreOnByDefault: Security Hub FSBP EC2.6; a stack may still turn them off.
func TestFlowLogsAreOnByDefault(t *testing.T) {
	flowLogs := mustRunProgram(t, minimalStack()).ofType(awstypes.Ec2FlowLog)
	require.Len(t, flowLogs, 1)
	assert.Equal(t, "ALL", stringProp(flowLogs[0].Inputs, "trafficType"))
	off := mustRunProgram(t, networkWith(map[string]any{"flowLogs": map[string]any{"enabled": false}}))
	assert.Empty(t, off.ofType(awstypes.Ec2FlowLog))
}

func TestAppendingAnAZKeepsExistingNetworkResources(t *testing.T) {
	for _, egress := range []string{EgressNone, EgressNatPerAZ} {
		t.Run(egress, func(t *testing.T) {
			before := mustRunProgram(t, networkWith(map[string]any{"egress": egress, "ipv6": true}))
			after := mustRunProgram(t, networkWith(map[string]any{"egress": egress, "ipv6": true,
				"availabilityZones": []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}}))
			// Interface endpoints, load balancers and the default network ACL gain the new subnet in place.
			assertNothingExistingChanged(t, before, after, awstypes.Ec2VpcEndpoint, awstypes.LbLoadBalancer,
				awstypes.Ec2DefaultNetworkACL)
		})
	}
}

// assertNothingExistingChanged checks that every resource of the first run is registered again under the same type
// and name with the same inputs. Types in mayUpdate may change inputs (an in-place update, such as an interface
// endpoint gaining a subnet) but must still exist.
func assertNothingExistingChanged(t *testing.T, before, after *recorder, mayUpdate ...string) {
	t.Helper()
	afterByKey := map[string]recordedResource{}
	for _, res := range after.all() {
		afterByKey[res.Type+"::"+res.Name] = res
	}
	for _, res := range before.all() {
		again, ok := afterByKey[res.Type+"::"+res.Name]
		if !assert.True(t, ok, "%s %q disappeared", res.Type, res.Name) {
			continue
		}
		if slices.Contains(mayUpdate, res.Type) {
			continue
		}
		assert.True(t, res.Inputs.DeepEquals(again.Inputs), "%s %q changed:\nbefore %v\nafter  %v",
			res.Type, res.Name, res.Inputs, again.Inputs)
	}
	assert.Greater(t, len(after.all()), len(before.all()), "the change must add resources")
}

func TestEveryChildIsParentedToAComponent(t *testing.T) {
	for name, cfg := range map[string]stackConfig{
		"nat-per-az+ipv6+flow-logs": networkWith(map[string]any{"egress": EgressNatPerAZ, "ipv6": true,
			"flowLogs": map[string]any{"enabled": true}}),
		"prod (every component)": shippedStacks(t)["prod"],
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, cfg)
			custom := 0
			for _, res := range rec.all() {
				if !res.Custom {
					continue
				}
				custom++
				assert.Contains(t, res.Parent, "::private-fargate:index:", "%s %q is not parented to a component", res.Type, res.Name)
			}
			assert.Greater(t, custom, 20)
		})
	}
}

func TestResourceNamesAreUnique(t *testing.T) {
	rec := mustRunProgram(t, networkWith(map[string]any{"egress": EgressNatPerAZ, "ipv6": true,
		"flowLogs": map[string]any{"enabled": true}}))
	seen := map[string]bool{}
	for _, res := range rec.all() {
		key := res.Type + "::" + res.Name
		assert.False(t, seen[key], "%s registered twice", key)
		seen[key] = true
	}
}
