package components

import (
	"fmt"
	"strings"

	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// validateAppGrants checks the platform's grants to its app stacks (config key apps) alone, against each other
// (platformcontract.GrantProblems) and against what the platform itself uses: its own services' rule priorities and
// routes, their resource names, the ALB, and the private subnets' addresses. stack is the platform stack's name.
func (c *Config) validateAppGrants(p *problems, stack string, apps map[string]platformcontract.Grant) {
	if len(apps) == 0 {
		return
	}
	for _, problem := range platformcontract.GrantProblems(apps) {
		p.add("apps."+problem.Key, "%s", problem.Message)
	}
	appNames := sortedKeys(apps)
	routes := false
	for _, app := range appNames {
		routes = routes || len(apps[app].TargetPorts) > 0
		if app == stack {
			p.add("apps."+app, "is this platform stack itself; grants are for app stacks")
		}
	}
	if routes && !isOn(c.LoadBalancer.Enabled) {
		p.add("apps", "grant target ports on the ALB, but loadBalancer.enabled is false")
	}
	priorities, _ := RulePriorities(c.Services)
	for _, name := range sortedKeys(c.Services) {
		key := "services." + name
		for _, app := range appNames {
			grant := apps[app]
			if priority, routed := priorities[name]; routed && grant.Priorities.Contains(priority) {
				p.add(key+".routing.priority", "%d (%s) is inside %s, the range granted to app %s (apps.%s.priorities); "+
					"give the app a range that avoids it", priority, priorityOrigin(c.Services[name]), grant.Priorities, app, app)
			}
			if routing := c.Services[name].Routing; routing != nil && grant.MayMatchRoute(routing.Hosts, routing.Paths) {
				p.add(key+".routing", "may match requests granted to app %s (apps.%s.hosts and pathPrefixes: %s under %s), "+
					"so it could take the app's traffic; give the service hosts or paths outside every grant", app, app,
					describeHosts(grant.Hosts), strings.Join(grant.Prefixes(), ", "))
			}
			// Every name of the service starts with "<stack>-<service>" (task family, log stream prefix, roles in an app
			// stack), so one starting with the app's prefix would fall inside the app's deploy policy.
			if own := platformcontract.NamePrefix(stack) + name; strings.HasPrefix(own+"-", platformcontract.NamePrefix(app)) {
				p.add(key, "the service's resource names start with %q, inside app %s's prefix %q, whose deploy policy "+
					"would cover them; rename the service", own, app, platformcontract.NamePrefix(app))
			}
		}
	}
	if len(c.Services) > 0 || len(apps) > 0 {
		granted := 0
		for _, app := range appNames {
			granted += max(apps[app].SubnetAddresses, 0)
		}
		demand := c.PrivateSubnetDemand()
		if size := 1 << (32 - c.Network.SubnetPrefixLength); c.Network.SubnetPrefixLength > 0 && demand.Total()+granted > size {
			p.add("apps", "grant %d addresses per private subnet to app tasks, but /%d subnets have %d and the platform "+
				"itself needs %d (%s); use a shorter network.subnetPrefixLength or grant less subnetAddresses", granted,
				c.Network.SubnetPrefixLength, size, demand.Total(), demand)
		}
	}
	// validateNetwork says the same when the platform has services of its own.
	if n := len(c.Network.AvailabilityZones); n > maxAwsvpcSubnets && len(c.Services) == 0 {
		p.add("network.availabilityZones", "%d AZs give %d private subnets, but an app service's awsvpc configuration "+
			"takes at most %d subnets", n, n, maxAwsvpcSubnets)
	}
}

// priorityOrigin says whether a routed service's priority is set or derived, for messages.
func priorityOrigin(svc ServiceConfig) string {
	if svc.Routing != nil && svc.Routing.Priority != 0 {
		return "set by routing.priority"
	}
	return "derived from the service name"
}

func describeHosts(hosts []string) string {
	if len(hosts) == 0 {
		return "every host"
	}
	return fmt.Sprintf("hosts %s", strings.Join(hosts, ", "))
}
