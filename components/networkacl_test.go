package components

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/policy/rules"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// admits says whether entries admit a packet of protocol to port from source (an IPv4 or IPv6 address): what the
// ACL's allow entries cover, since they are all allow.
func admits(entries []networkACLEntry, vpcCidr, vpcIpv6, protocol string, port int, source netip.Addr) bool {
	for _, e := range entries {
		block := e.CidrBlock
		if e.Ipv6CidrBlock != "" {
			block = e.Ipv6CidrBlock
			if block == aclVpcIPv6 {
				block = vpcIpv6
			}
		}
		prefix := netip.MustParsePrefix(block)
		if !prefix.Contains(source) {
			continue
		}
		switch e.Protocol {
		case aclProtocolAll:
			return true
		case protocol:
			if protocol != aclProtocolTCP && protocol != aclProtocolUDP || e.FromPort <= port && port <= e.ToPort {
				return true
			}
		}
	}
	return false
}

// TestDefaultNetworkACLEntriesCloseOnlyTheAdminPorts walks every TCP and UDP port: from the internet everything but
// 22 and 3389 is admitted, from inside the VPC everything, in both address families.
func TestDefaultNetworkACLEntriesCloseOnlyTheAdminPorts(t *testing.T) {
	const vpcCidr, vpcIpv6 = "10.0.0.0/16", "2600:1f18:abc:de00::/56"
	ingress, egress := defaultNetworkACLEntries(vpcCidr, true)
	internet := map[string]netip.Addr{"IPv4": netip.MustParseAddr("203.0.113.7"), "IPv6": netip.MustParseAddr("2001:db8::7")}
	inside := map[string]netip.Addr{"IPv4": netip.MustParseAddr("10.0.3.4"), "IPv6": netip.MustParseAddr("2600:1f18:abc:de01::4")}
	for family := range internet {
		for _, protocol := range []string{aclProtocolTCP, aclProtocolUDP} {
			for port := 0; port <= 65535; port++ {
				want := !slices.Contains(adminPorts, port)
				if got := admits(ingress, vpcCidr, vpcIpv6, protocol, port, internet[family]); got != want {
					t.Fatalf("%s protocol %s port %d from the internet: admitted %v, want %v", family, protocol, port, got, want)
				}
				require.True(t, admits(ingress, vpcCidr, vpcIpv6, protocol, port, inside[family]),
					"%s protocol %s port %d from the VPC", family, protocol, port)
			}
		}
		assert.True(t, admits(egress, vpcCidr, vpcIpv6, aclProtocolTCP, 443, internet[family]), "%s egress", family)
	}
	assert.True(t, admits(ingress, vpcCidr, vpcIpv6, aclProtocolICMP, 0, internet["IPv4"]), "ICMP (path MTU discovery)")
	assert.True(t, admits(ingress, vpcCidr, vpcIpv6, aclProtocolICMPv6, 0, internet["IPv6"]), "ICMPv6 (packet too big)")
}

// TestDefaultNetworkACLEntriesAreWhatEC2Accepts: rule numbers 1-32766 and unique per direction, at most 20 entries
// per direction and address family, exactly one peer each, no ports on protocol -1 or ICMP.
func TestDefaultNetworkACLEntriesAreWhatEC2Accepts(t *testing.T) {
	for _, ipv6 := range []bool{false, true} {
		ingress, egress := defaultNetworkACLEntries("10.0.0.0/16", ipv6)
		for direction, entries := range map[string][]networkACLEntry{"ingress": ingress, "egress": egress} {
			numbers := map[int]bool{}
			perFamily := map[bool]int{}
			for _, e := range entries {
				assert.True(t, e.RuleNo >= 1 && e.RuleNo <= 32766, "%s rule %d", direction, e.RuleNo)
				assert.False(t, numbers[e.RuleNo], "%s rule %d twice", direction, e.RuleNo)
				numbers[e.RuleNo] = true
				assert.True(t, (e.CidrBlock == "") != (e.Ipv6CidrBlock == ""), "%s rule %d: exactly one peer", direction, e.RuleNo)
				perFamily[e.Ipv6CidrBlock != ""]++
				if e.Protocol != aclProtocolTCP && e.Protocol != aclProtocolUDP {
					assert.Equal(t, [2]int{0, 0}, [2]int{e.FromPort, e.ToPort}, "%s rule %d", direction, e.RuleNo)
				}
			}
			for family, n := range perFamily {
				assert.LessOrEqual(t, n, maxNetworkACLRulesPerDirection, "%s, IPv6 %v", direction, family)
			}
			assert.Equal(t, ipv6, perFamily[true] > 0, "%s has IPv6 entries only with IPv6 on", direction)
		}
	}
}

// TestProgramAdoptsTheDefaultNetworkACL: FSBP EC2.21 by construction, with every subnet listed, in each egress mode;
// the pack's own rule passes it and would fail it with port 22 open.
func TestProgramAdoptsTheDefaultNetworkACL(t *testing.T) {
	for name, cfg := range map[string]stackConfig{
		"egress none":        minimalStack(),
		"nat-per-az, ipv6":   networkWith(map[string]any{"egress": EgressNatPerAZ, "ipv6": true}),
		"nat-single, ipv6 …": networkWith(map[string]any{"egress": EgressNatSingle, "ipv6": true}),
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, cfg)
			acls := rec.ofType(awstypes.Ec2DefaultNetworkACL)
			require.Len(t, acls, 1)
			acl := acls[0]
			assert.Equal(t, "acl-network-vpc", stringProp(acl.Inputs, "defaultNetworkAclId"))
			var subnetIds []string
			for _, subnet := range rec.ofType(awstypes.Ec2Subnet) {
				subnetIds = append(subnetIds, subnet.ID)
			}
			assert.ElementsMatch(t, subnetIds, stringsProp(acl.Inputs, "subnetIds"))

			var aclViolations []rules.Violation
			for _, v := range rules.Evaluate(policyResources(rec), rules.DefaultConfig()) {
				if v.Policy == "network-acl-no-admin-ingress" {
					aclViolations = append(aclViolations, v)
				}
			}
			assert.Empty(t, aclViolations)

			// The same rule over the same ACL with an entry that opens SSH to the internet.
			opened := acl.Outputs.Copy()
			ingress := append(opened["ingress"].ArrayValue(), resource.NewProperty(resource.PropertyMap{
				"ruleNo": resource.NewProperty(99.0), "action": resource.NewProperty("allow"),
				"protocol": resource.NewProperty(aclProtocolTCP), "fromPort": resource.NewProperty(22.0),
				"toPort": resource.NewProperty(22.0), "cidrBlock": resource.NewProperty(aclAnyIPv4),
			}))
			opened["ingress"] = resource.NewProperty(ingress)
			violations := rules.Evaluate([]rules.Resource{{Type: awstypes.Ec2DefaultNetworkACL, Name: acl.Name,
				Properties: rules.FromResourcePropertyMap(opened)}}, rules.DefaultConfig())
			require.Len(t, violations, 1)
			assert.Equal(t, "network-acl-no-admin-ingress", violations[0].Policy)
		})
	}
}

func TestDefaultNetworkACLCanBeLeftToAWS(t *testing.T) {
	rec := mustRunProgram(t, networkWith(map[string]any{"defaultNetworkAcl": DefaultNetworkACLUnmanaged}))
	assert.Empty(t, rec.ofType(awstypes.Ec2DefaultNetworkACL))
	requireInvalid(t, networkWith(map[string]any{"defaultNetworkAcl": "closed"}),
		`network.defaultNetworkAcl: "closed" is not "restricted" or "unmanaged"`)
}
