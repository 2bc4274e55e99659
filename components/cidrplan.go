package components

import (
	"fmt"
	"net"
	"net/netip"

	"github.com/apparentlymart/go-cidr/cidr"
)

// The CIDR plan uses github.com/apparentlymart/go-cidr, the library behind Terraform's cidrsubnet(), so a subnet's
// CIDR is computed exactly the way platform teams already reason about it: cidrsubnet(vpc, newbits, netnum).

// SubnetPlan is the address plan of one AZ.
type SubnetPlan struct {
	// AvailabilityZone is the AZ name; it also names the subnets, so names never depend on list positions.
	AvailabilityZone string
	// Index is the AZ's position in network.availabilityZones; it picks the subnet numbers.
	Index int
	// PrivateCidr is the private subnet's IPv4 CIDR: netnum Index in the lower half of the VPC.
	PrivateCidr string
	// PublicCidr is the public subnet's IPv4 CIDR (used only in NAT modes): netnum Index in the upper half.
	PublicCidr string
}

// ipv6PublicOffset is the first /64 netnum of public subnets inside the VPC's /56 (private subnets count from 0).
const ipv6PublicOffset = 128

// PlanSubnets computes the IPv4 plan: AZ i gets subnet number i in the lower half of the VPC (private) and number
// half+i in the upper half (public). The numbers depend only on the AZ's position and the prefix length, so appending
// an AZ never changes an existing subnet. It is deterministic and touches no AWS API.
func PlanSubnets(vpcCidr string, subnetPrefixLength int, availabilityZones []string) ([]SubnetPlan, error) {
	_, vpc, err := net.ParseCIDR(vpcCidr)
	if err != nil {
		return nil, fmt.Errorf("%q is not an IPv4 CIDR", vpcCidr)
	}
	vpcPrefix, _ := vpc.Mask.Size()
	newBits := subnetPrefixLength - vpcPrefix
	if newBits < 1 {
		return nil, fmt.Errorf("subnet prefix /%d must be longer than the VPC prefix /%d", subnetPrefixLength, vpcPrefix)
	}
	half := 1 << (newBits - 1)
	if len(availabilityZones) > half {
		return nil, fmt.Errorf("/%d subnets leave room for %d AZs in %s (private and public halves), not %d",
			subnetPrefixLength, half, vpcCidr, len(availabilityZones))
	}
	plans := make([]SubnetPlan, len(availabilityZones))
	for i, az := range availabilityZones {
		private, err := cidr.Subnet(vpc, newBits, i)
		if err != nil {
			return nil, err
		}
		public, err := cidr.Subnet(vpc, newBits, half+i)
		if err != nil {
			return nil, err
		}
		plans[i] = SubnetPlan{AvailabilityZone: az, Index: i, PrivateCidr: private.String(), PublicCidr: public.String()}
	}
	return plans, nil
}

// Ipv6SubnetCidr carves the /64 of subnet number netnum out of the VPC's Amazon-provided /56.
func Ipv6SubnetCidr(vpcIpv6Cidr string, netnum int) (string, error) {
	_, vpc, err := net.ParseCIDR(vpcIpv6Cidr)
	if err != nil {
		return "", fmt.Errorf("%q is not an IPv6 CIDR", vpcIpv6Cidr)
	}
	prefix, bits := vpc.Mask.Size()
	if bits != 128 || prefix > 64 {
		return "", fmt.Errorf("%q is not an IPv6 CIDR of /64 or shorter", vpcIpv6Cidr)
	}
	subnet, err := cidr.Subnet(vpc, 64-prefix, netnum)
	if err != nil {
		return "", err
	}
	return subnet.String(), nil
}

// defaultSubnetPrefixLength is the VPC prefix + 4 (16 subnets: 8 AZs), capped at /28, AWS's smallest subnet.
// An unparsable CIDR yields 0; validation reports the CIDR itself.
func defaultSubnetPrefixLength(vpcCidr string) int {
	prefix, err := netip.ParsePrefix(vpcCidr)
	if err != nil {
		return 0
	}
	return min(prefix.Bits()+4, 28)
}
