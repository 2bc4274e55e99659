package components

import (
	"fmt"
	"slices"
)

// Default Service Quotas the stack's config lets the program count, with their quota codes (Service Quotas,
// ListAWSDefaultServiceQuotas for the service codes elasticloadbalancing and vpc) and their pages.
const (
	// "Rules per Application Load Balancer (excluding default rules)": 100, adjustable
	// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).
	albRulesQuota     = 100
	albRulesQuotaCode = "L-7EED9B64"
	// "Target Groups per Application Load Balancer": 100, listed as not adjustable (same page).
	albTargetGroupsQuota     = 100
	albTargetGroupsQuotaCode = "L-822D1B1B"
	// "Targets per Application Load Balancer": 1,000, adjustable (same page).
	albTargetsQuota     = 1000
	albTargetsQuotaCode = "L-7E6692B2"
	// "Network interfaces per Region": 5,000, adjustable
	// (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-enis).
	regionENIsQuota     = 5000
	regionENIsQuotaCode = "L-DF5E4CA3"
)

// QuotaWarnings says where the (defaulted, valid) config goes past a default AWS quota it can count. They are
// warnings, not errors: an account may have raised the quota. Each names the Service Quotas code to raise.
func (c *Config) QuotaWarnings() []string {
	var warnings []string
	if isOn(c.LoadBalancer.Enabled) {
		routed, targets := 0, 0
		for _, name := range sortedKeys(c.Services) {
			if svc := c.Services[name]; svc.Routing != nil {
				routed++
				targets += svc.peakTasks()
			}
		}
		// One listener rule and one target group per routed service (serviceroutes.go).
		if routed > albRulesQuota {
			warnings = append(warnings, fmt.Sprintf("services: %d routed services need %d listener rules on the ALB; "+
				"the default quota \"Rules per Application Load Balancer\" is %d: raise it in Service Quotas "+
				"(elasticloadbalancing %s) before up", routed, routed, albRulesQuota, albRulesQuotaCode))
		}
		if routed > albTargetGroupsQuota {
			warnings = append(warnings, fmt.Sprintf("services: %d routed services need %d target groups on the ALB; "+
				"the quota \"Target Groups per Application Load Balancer\" (elasticloadbalancing %s) is %d and AWS lists "+
				"it as not adjustable, so unless AWS raises it for the account, up fails past it: route fewer services "+
				"through this stack's ALB", routed, routed, albTargetGroupsQuotaCode, albTargetGroupsQuota))
		}
		if targets > albTargetsQuota {
			warnings = append(warnings, fmt.Sprintf("services: the routed services register up to %d tasks with the ALB "+
				"at a deployment's peak; the default quota \"Targets per Application Load Balancer\" is %d: raise it in "+
				"Service Quotas (elasticloadbalancing %s)", targets, albTargetsQuota, albTargetsQuotaCode))
		}
	}
	if enis := c.regionENIs(); enis > regionENIsQuota {
		warnings = append(warnings, fmt.Sprintf("the stack holds up to %d network interfaces at a deployment's peak "+
			"(tasks, interface endpoints, load balancers); the default quota \"Network interfaces per Region\" is %d for "+
			"the whole account and Region: raise it in Service Quotas (vpc %s)", enis, regionENIsQuota, regionENIsQuotaCode))
	}
	slices.Sort(warnings)
	return warnings
}

// regionENIs counts the network interfaces the stack holds at a deployment's peak: one per task (awsvpc), and per
// private subnet what PrivateSubnetDemand counts besides tasks and the ALB's free addresses, plus one ALB node per
// subnet (an ALB has at least one per enabled zone; it adds more as it scales).
func (c *Config) regionENIs() int {
	demand := c.PrivateSubnetDemand()
	perSubnet := demand.NLB + demand.Endpoints + demand.VpcLink
	if demand.ALB > 0 {
		perSubnet++
	}
	total := perSubnet * len(c.Network.AvailabilityZones)
	for _, svc := range c.Services {
		total += svc.peakTasks()
	}
	return total
}

// peakTasks is the most tasks a service runs: its largest task count (autoscaling max, else desiredCount) times
// maximumPercent (default 200), during a deployment.
func (s ServiceConfig) peakTasks() int {
	tasks := 0
	if s.DesiredCount != nil {
		tasks = *s.DesiredCount
	}
	if s.Autoscaling != nil {
		tasks = max(tasks, s.Autoscaling.Max)
	}
	maximumPercent := 200
	if s.MaximumPercent != nil {
		maximumPercent = *s.MaximumPercent
	}
	return (tasks*maximumPercent + 99) / 100
}
