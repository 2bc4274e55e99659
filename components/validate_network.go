package components

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
)

// azPattern matches AZ names such as "eu-west-1a" or "us-gov-west-1b", and Local Zones such as "us-east-1-bos-1a".
var azPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+(-[a-z]+-\d+)?[a-z]$`)

// logRetentionDays are the retention values CloudWatch Logs accepts (PutRetentionPolicy retentionInDays).
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
	2922, 3288, 3653}

func (c *Config) validateNetwork(p *problems) {
	n := c.Network
	prefix, err := netip.ParsePrefix(n.Cidr)
	switch {
	case err != nil || !prefix.Addr().Is4():
		p.add("network.cidr", "%q is not an IPv4 CIDR", n.Cidr)
	case prefix.Masked() != prefix:
		p.add("network.cidr", "%q has host bits set; did you mean %q?", n.Cidr, prefix.Masked().String())
	case prefix.Bits() < 16 || prefix.Bits() > 28:
		p.add("network.cidr", "%q has prefix /%d; AWS allows VPC prefixes from /16 to /28", n.Cidr, prefix.Bits())
	}

	if len(n.AvailabilityZones) == 0 {
		p.add("network.availabilityZones", "is empty; list at least one AZ (two or more for high availability), for example [%q, %q]",
			c.Region+"a", c.Region+"b")
	}
	seen := map[string]bool{}
	for i, az := range n.AvailabilityZones {
		key := fmt.Sprintf("network.availabilityZones[%d]", i)
		switch {
		case seen[az]:
			p.add(key, "%q is listed twice", az)
		case !azPattern.MatchString(az):
			p.add(key, "%q is not an availability zone name (like \"eu-west-1a\")", az)
		case c.Region != "" && !isAZOfRegion(az, c.Region):
			p.add(key, "%q is not in region %q (aws:region)", az, c.Region)
		}
		seen[az] = true
	}

	if err == nil && prefix.Addr().Is4() && prefix.Bits() >= 16 && prefix.Bits() <= 28 {
		switch {
		case n.SubnetPrefixLength <= prefix.Bits() || n.SubnetPrefixLength > 28:
			p.add("network.subnetPrefixLength", "%d must be longer than the VPC prefix /%d and at most 28", n.SubnetPrefixLength, prefix.Bits())
		default:
			if _, err := PlanSubnets(n.Cidr, n.SubnetPrefixLength, n.AvailabilityZones); err != nil {
				p.add("network.subnetPrefixLength", "subnets do not fit: %v", err)
			}
			c.validateSubnetCapacity(p)
		}
	}

	if len(c.Services)+len(c.Jobs) > 0 && len(n.AvailabilityZones) > maxAwsvpcSubnets {
		p.add("network.availabilityZones", "%d AZs give %d private subnets, but a service's or job's awsvpc configuration takes at most %d subnets",
			len(n.AvailabilityZones), len(n.AvailabilityZones), maxAwsvpcSubnets)
	}
	if !slices.Contains([]string{EgressNone, EgressNatSingle, EgressNatPerAZ}, n.Egress) {
		p.add("network.egress", "%q is not an egress mode; use %q, %q or %q", n.Egress, EgressNone, EgressNatSingle, EgressNatPerAZ)
	}
	if !slices.Contains([]string{DefaultNetworkACLRestricted, DefaultNetworkACLUnmanaged}, n.DefaultNetworkAcl) {
		p.add("network.defaultNetworkAcl", "%q is not %q or %q", n.DefaultNetworkAcl, DefaultNetworkACLRestricted, DefaultNetworkACLUnmanaged)
	}
	if isOn(n.FlowLogs.Enabled) && !slices.Contains(logRetentionDays, n.FlowLogs.RetentionDays) {
		p.add("network.flowLogs.retentionDays", "%d is not a CloudWatch Logs retention; use one of %v", n.FlowLogs.RetentionDays, logRetentionDays)
	}
	if !slices.Contains([]string{"ACCEPT", "REJECT", "ALL"}, n.FlowLogs.TrafficType) {
		p.add("network.flowLogs.trafficType", "%q is not ACCEPT, REJECT or ALL", n.FlowLogs.TrafficType)
	}
}

// validateSubnetCapacity checks that each private subnet holds what the stack places in it, and that load balancer
// subnets are at least the /27 an ALB needs.
func (c *Config) validateSubnetCapacity(p *problems) {
	prefix := c.Network.SubnetPrefixLength
	lbEnabled := isOn(c.LoadBalancer.Enabled)
	if lbEnabled && prefix > maxAlbSubnetPrefix {
		p.add("network.subnetPrefixLength", "/%d is too small for the load balancer: an Application Load Balancer needs "+
			"subnets of at least /%d; use %d or less, or set loadBalancer.enabled: false", prefix, maxAlbSubnetPrefix, maxAlbSubnetPrefix)
		return
	}
	demand := c.PrivateSubnetDemand()
	if size := 1 << (32 - prefix); demand.Total() > size {
		p.add("network.subnetPrefixLength", "/%d subnets have %d addresses, but each private subnet needs %d (%s); use a "+
			"shorter prefix, more availability zones, or fewer tasks", prefix, size, demand.Total(), demand)
	}
}

// isAZOfRegion reports whether az belongs to region: "eu-west-1a" and Local Zone "us-east-1-bos-1a" both do.
func isAZOfRegion(az, region string) bool {
	return len(az) > len(region) && az[:len(region)] == region && (len(az) == len(region)+1 || az[len(region)] == '-')
}
