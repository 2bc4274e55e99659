package components

import (
	"fmt"
	"strings"
)

// Address needs per private subnet, each with its source.
const (
	// reservedAddresses: "The first four IP addresses and the last IP address in each subnet CIDR block are not
	// available for your use" (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
	reservedAddresses = 5
	// albFreeAddresses: "your subnets must have at least a /27 bitmask (for example, 10.0.0.0/27) and at least eight
	// free IP addresses per subnet" for an Application Load Balancer
	// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer).
	albFreeAddresses = 8
	// maxAlbSubnetPrefix is that /27.
	maxAlbSubnetPrefix = 27
	// minLoadBalancerAZs: "You must select at least two Availability Zone subnets" for an Application Load Balancer
	// (same page, "Availability Zones and load balancer nodes").
	minLoadBalancerAZs = 2
)

// SubnetDemand is how many addresses the stack places in one private subnet, by consumer.
type SubnetDemand struct {
	// Reserved are the five addresses AWS keeps in every subnet.
	Reserved int
	// ALB is the free addresses an Application Load Balancer needs to run and scale (0 without one).
	ALB int
	// NLB is the NLB's network interface (0 without one): one per subnet
	// (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#availability-zones).
	NLB int
	// Endpoints are the interface endpoints' network interfaces: one per endpoint per subnet
	// (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html).
	Endpoints int
	// VpcLink is the HTTP API VPC link's network interface in the subnets it uses (0 without one).
	VpcLink int
	// Tasks are the task ENIs (one per awsvpc task) the subnet may hold at the peak of a deployment: every service's
	// largest task count (autoscaling max, else desiredCount) times maximumPercent, spread evenly over the AZs and
	// rounded up; and one per job, whose run's task may land in any subnet.
	Tasks int
}

// Total is the addresses the subnet needs.
func (d SubnetDemand) Total() int {
	return d.Reserved + d.ALB + d.NLB + d.Endpoints + d.VpcLink + d.Tasks
}

// String lists the non-zero parts, for messages.
func (d SubnetDemand) String() string {
	var parts []string
	for _, part := range []struct {
		n    int
		what string
	}{
		{d.Reserved, "reserved by AWS"}, {d.ALB, "free for the ALB"}, {d.NLB, "for the NLB"},
		{d.Endpoints, "for interface endpoints"}, {d.VpcLink, "for the VPC link"}, {d.Tasks, "for tasks at deployment peak"},
	} {
		if part.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", part.n, part.what))
		}
	}
	return strings.Join(parts, ", ")
}

// PrivateSubnetDemand counts what the (defaulted) config places in each private subnet.
func (c *Config) PrivateSubnetDemand() SubnetDemand {
	d := SubnetDemand{Reserved: reservedAddresses}
	if isOn(c.Endpoints.Enabled) {
		d.Endpoints = len(InterfaceEndpointServices(c))
	}
	if isOn(c.LoadBalancer.Enabled) {
		d.ALB = albFreeAddresses
		if c.LoadBalancer.Nlb {
			d.NLB = 1
		}
		if c.Ingress.Mode == IngressHTTPAPI {
			d.VpcLink = 1
		}
	}
	azs := max(len(c.Network.AvailabilityZones), 1)
	for _, svc := range c.Services {
		d.Tasks += serviceTaskAddresses(svc, azs)
	}
	d.Tasks += len(c.Jobs)
	return d
}

// serviceTaskAddresses is the task ENIs one service may place in each of azs subnets at the peak of a deployment
// (peakTasks), spread evenly and rounded up.
func serviceTaskAddresses(svc ServiceConfig, azs int) int {
	return (svc.peakTasks() + azs - 1) / azs
}
