package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Network ACL protocols as the EC2 API stores them (IANA numbers; "-1" is every protocol). terraform-provider-aws
// reads entries back as numbers (internal/service/ec2/vpc_network_acl.go flattenNetworkACLEntry), so writing numbers
// keeps the next preview free of a diff.
const (
	aclProtocolAll    = "-1"
	aclProtocolICMP   = "1"
	aclProtocolTCP    = "6"
	aclProtocolUDP    = "17"
	aclProtocolICMPv6 = "58"
)

// aclAnyIPv4 and aclAnyIPv6 are "anywhere" in each address family.
const (
	aclAnyIPv4 = "0.0.0.0/0"
	aclAnyIPv6 = "::/0"
)

// aclVpcIPv6 stands for the VPC's Amazon-provided IPv6 block, known only once AWS assigns it.
const aclVpcIPv6 = "vpc-ipv6"

// maxNetworkACLRulesPerDirection is the quota of entries per network ACL, per direction, counted separately for IPv4
// and IPv6 ("Amazon VPC quotas", Network ACLs: "Rules per network ACL: 20 ... enforced separately for IPv4 rules and
// IPv6 rules", https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html).
const maxNetworkACLRulesPerDirection = 20

// adminPorts are the ports Security Hub FSBP EC2.21 ("Network ACLs should not allow ingress from 0.0.0.0/0 to port
// 22 or port 3389", AWS Config rule nacl-no-unrestricted-ssh-rdp: TCP or UDP) must find closed to the internet.
var adminPorts = []int{22, 3389}

// networkACLEntry is one entry of a network ACL.
type networkACLEntry struct {
	// RuleNo orders evaluation; 1-32766 (AWS EC2 API Reference, CreateNetworkAclEntry RuleNumber), unique per
	// direction across both address families.
	RuleNo int
	// Protocol is an IANA protocol number or "-1".
	Protocol string
	// FromPort and ToPort bound TCP and UDP entries; both 0 for every other protocol (terraform-provider-aws
	// createNetworkACLEntries refuses ports on protocol -1, and the API stores none for it or ICMP).
	FromPort, ToPort int
	// CidrBlock is the IPv4 peer; Ipv6CidrBlock the IPv6 one (aclVpcIPv6 for the VPC's block). Exactly one is set.
	CidrBlock, Ipv6CidrBlock string
}

// portRangesWithout splits 0-65535 into the ranges that leave out each excluded port: the entries that admit
// everything but those ports (a network ACL has no "all but" entry, and an allow before a deny would still count as
// admitting them for the Config rule).
func portRangesWithout(excluded []int) [][2]int {
	var ranges [][2]int
	from := 0
	for _, port := range excluded {
		if port > from {
			ranges = append(ranges, [2]int{from, port - 1})
		}
		from = port + 1
	}
	return append(ranges, [2]int{from, 65535})
}

// defaultNetworkACLEntries are the entries of the adopted default ACL: ingress admits everything from the VPC and,
// from anywhere else, TCP and UDP on every port but the admin ports and ICMP (ICMPv6); egress admits everything.
// IPv4 entries are numbered from 100, IPv6 entries from 200.
func defaultNetworkACLEntries(vpcCidr string, ipv6 bool) (ingress, egress []networkACLEntry) {
	family := func(base int, vpcBlock, anywhere, icmp string, ipv6Family bool) (in []networkACLEntry, out networkACLEntry) {
		peer := func(entry networkACLEntry, cidr string) networkACLEntry {
			if ipv6Family {
				entry.Ipv6CidrBlock = cidr
			} else {
				entry.CidrBlock = cidr
			}
			return entry
		}
		in = append(in, peer(networkACLEntry{RuleNo: base, Protocol: aclProtocolAll}, vpcBlock))
		for p, protocol := range []string{aclProtocolTCP, aclProtocolUDP} {
			for i, ports := range portRangesWithout(adminPorts) {
				in = append(in, peer(networkACLEntry{RuleNo: base + 10*(p+1) + i, Protocol: protocol,
					FromPort: ports[0], ToPort: ports[1]}, anywhere))
			}
		}
		in = append(in, peer(networkACLEntry{RuleNo: base + 30, Protocol: icmp}, anywhere))
		return in, peer(networkACLEntry{RuleNo: base, Protocol: aclProtocolAll}, anywhere)
	}
	in4, out4 := family(100, vpcCidr, aclAnyIPv4, aclProtocolICMP, false)
	ingress, egress = in4, []networkACLEntry{out4}
	if ipv6 {
		in6, out6 := family(200, aclVpcIPv6, aclAnyIPv6, aclProtocolICMPv6, true)
		ingress, egress = append(ingress, in6...), append(egress, out6)
	}
	return ingress, egress
}

// icmpAll is ICMP type and code -1: every ICMP message. Set explicitly because the API reads ICMP entries back with
// -1/-1 and terraform-provider-aws hashes them into the entry set (vpc_network_acl.go networkACLRuleHash).
const icmpAll = -1

// newDefaultNetworkACL adopts the VPC's default network ACL with defaultNetworkACLEntries and lists every subnet on
// it. terraform-provider-aws revokes the ACL's existing entries on create and does nothing on delete
// (internal/service/ec2/vpc_default_network_acl.go); its subnet_ids is not Computed, so every subnet is listed or the
// next preview would plan to remove the unlisted ones.
func newDefaultNetworkACL(ctx *pulumi.Context, name string, vpc *ec2.Vpc, vpcCidr string, ipv6 bool,
	subnetIds pulumi.StringArray, tags pulumi.StringMap, parent pulumi.ResourceOption) error {
	ingressEntries, egressEntries := defaultNetworkACLEntries(vpcCidr, ipv6)
	ipv6Block := func(entry networkACLEntry) pulumi.StringPtrInput {
		switch entry.Ipv6CidrBlock {
		case "":
			return nil
		case aclVpcIPv6:
			return vpc.Ipv6CidrBlock
		}
		return pulumi.String(entry.Ipv6CidrBlock)
	}
	cidrBlock := func(entry networkACLEntry) pulumi.StringPtrInput {
		if entry.CidrBlock == "" {
			return nil
		}
		return pulumi.String(entry.CidrBlock)
	}
	icmp := func(entry networkACLEntry) pulumi.IntPtrInput {
		if entry.Protocol == aclProtocolICMP || entry.Protocol == aclProtocolICMPv6 {
			return pulumi.Int(icmpAll)
		}
		return nil
	}
	var ingress ec2.DefaultNetworkAclIngressArray
	for _, e := range ingressEntries {
		ingress = append(ingress, ec2.DefaultNetworkAclIngressArgs{
			RuleNo: pulumi.Int(e.RuleNo), Action: pulumi.String("allow"), Protocol: pulumi.String(e.Protocol),
			FromPort: pulumi.Int(e.FromPort), ToPort: pulumi.Int(e.ToPort), CidrBlock: cidrBlock(e),
			Ipv6CidrBlock: ipv6Block(e), IcmpType: icmp(e), IcmpCode: icmp(e),
		})
	}
	var egress ec2.DefaultNetworkAclEgressArray
	for _, e := range egressEntries {
		egress = append(egress, ec2.DefaultNetworkAclEgressArgs{
			RuleNo: pulumi.Int(e.RuleNo), Action: pulumi.String("allow"), Protocol: pulumi.String(e.Protocol),
			FromPort: pulumi.Int(e.FromPort), ToPort: pulumi.Int(e.ToPort), CidrBlock: cidrBlock(e),
			Ipv6CidrBlock: ipv6Block(e),
		})
	}
	_, err := ec2.NewDefaultNetworkAcl(ctx, name, &ec2.DefaultNetworkAclArgs{
		DefaultNetworkAclId: vpc.DefaultNetworkAclId,
		SubnetIds:           subnetIds,
		Ingress:             ingress,
		Egress:              egress,
		Tags:                tags,
	}, parent)
	return err
}
