package components

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Target group limits of AWS for HTTP health checks of ip targets behind an Application Load Balancer.
const (
	minHealthCheckInterval = 5
	maxHealthCheckInterval = 300
	minHealthCheckTimeout  = 2
	maxHealthCheckTimeout  = 120
	minHealthCheckCount    = 2
	maxHealthCheckCount    = 10
	maxHealthCheckPathLen  = 1024
	maxDeregistrationDelay = 3600
	minSlowStart           = 30
	maxSlowStart           = 900
	maxStickinessDuration  = 604800
)

// matcherPart is one entry of an HTTP health check matcher: a code ("200") or a range ("200-299").
var matcherPart = regexp.MustCompile(`^(\d{3})(?:-(\d{3}))?$`)

// validateRouting checks the routing and target group fields of every routed service, then the rules across services.
func (c *Config) validateRouting(p *problems, lbEnabled bool) {
	for _, name := range sortedKeys(c.Services) {
		svc := c.Services[name]
		prefix := "services." + name
		if svc.Routing == nil {
			continue
		}
		if !lbEnabled {
			p.add(prefix+".routing", "attaches the service to the ALB, but loadBalancer.enabled is false")
		}
		validateServiceRouting(p, prefix, svc)
		validateTargetGroup(p, prefix, svc)
	}

	for _, conflict := range RouteConflicts(c.Services) {
		p.add("services."+conflict.Services[0]+".routing", "%s", conflict)
	}
	_, collisions := RulePriorities(c.Services)
	for _, collision := range collisions {
		p.add("services."+collision.Services[0]+".routing.priority", "%s", collision)
	}
}

func validateServiceRouting(p *problems, prefix string, svc ServiceConfig) {
	routing := svc.Routing
	key := prefix + ".routing"
	if len(routing.Hosts) == 0 && len(routing.Paths) == 0 {
		p.add(key, "needs hosts or paths (or both) to build its listener rule")
	}
	if n := len(routing.Hosts) + len(routing.Paths); n > maxRuleConditionValues {
		p.add(key, "has %d hosts and paths; an ALB rule allows %d condition values", n, maxRuleConditionValues)
	}
	for i, host := range routing.Hosts {
		if problem := hostPatternProblem(host); problem != "" {
			p.add(fmt.Sprintf("%s.hosts[%d]", key, i), "%s", problem)
		}
	}
	for i, path := range routing.Paths {
		if problem := pathPatternProblem(path); problem != "" {
			p.add(fmt.Sprintf("%s.paths[%d]", key, i), "%s", problem)
		}
	}
	if routing.Priority != 0 && (routing.Priority < minRulePriority || routing.Priority > maxRulePriority) {
		p.add(key+".priority", "%d is outside %d–%d", routing.Priority, minRulePriority, maxRulePriority)
	}
	container, ok := svc.Containers[routing.Container]
	switch {
	case !ok:
		p.add(key+".container", "%q is not one of the service's containers (%s)", routing.Container,
			strings.Join(sortedKeys(svc.Containers), ", "))
	case routing.Port == 0:
		p.add(key+".port", "is not set and container %q lists no ports; add the port to its ports", routing.Container)
	case !slices.Contains(container.Ports, routing.Port):
		p.add(key+".port", "%d is not one of container %q's ports %v", routing.Port, routing.Container, container.Ports)
	}
}

func validateTargetGroup(p *problems, prefix string, svc ServiceConfig) {
	hc := svc.TargetHealthCheck
	key := prefix + ".targetHealthCheck"
	if !strings.HasPrefix(hc.Path, "/") || len(hc.Path) > maxHealthCheckPathLen {
		p.add(key+".path", "%q must start with \"/\" and be at most %d characters", hc.Path, maxHealthCheckPathLen)
	}
	if problem := matcherProblem(hc.Matcher); problem != "" {
		p.add(key+".matcher", "%q %s", hc.Matcher, problem)
	}
	if hc.IntervalSeconds < minHealthCheckInterval || hc.IntervalSeconds > maxHealthCheckInterval {
		p.add(key+".intervalSeconds", "%d is outside %d–%d", hc.IntervalSeconds, minHealthCheckInterval, maxHealthCheckInterval)
	}
	switch {
	case hc.TimeoutSeconds < minHealthCheckTimeout || hc.TimeoutSeconds > maxHealthCheckTimeout:
		p.add(key+".timeoutSeconds", "%d is outside %d–%d", hc.TimeoutSeconds, minHealthCheckTimeout, maxHealthCheckTimeout)
	case hc.TimeoutSeconds >= hc.IntervalSeconds:
		p.add(key+".timeoutSeconds", "%d must be less than intervalSeconds (%d)", hc.TimeoutSeconds, hc.IntervalSeconds)
	}
	if hc.HealthyThreshold < minHealthCheckCount || hc.HealthyThreshold > maxHealthCheckCount {
		p.add(key+".healthyThreshold", "%d is outside %d–%d", hc.HealthyThreshold, minHealthCheckCount, maxHealthCheckCount)
	}
	if hc.UnhealthyThreshold < minHealthCheckCount || hc.UnhealthyThreshold > maxHealthCheckCount {
		p.add(key+".unhealthyThreshold", "%d is outside %d–%d", hc.UnhealthyThreshold, minHealthCheckCount, maxHealthCheckCount)
	}
	if delay := svc.DeregistrationDelaySeconds; delay != nil && (*delay < 0 || *delay > maxDeregistrationDelay) {
		p.add(prefix+".deregistrationDelaySeconds", "%d is outside 0–%d", *delay, maxDeregistrationDelay)
	}
	if s := svc.SlowStartSeconds; s != 0 && (s < minSlowStart || s > maxSlowStart) {
		p.add(prefix+".slowStartSeconds", "%d must be 0 (off) or %d–%d", s, minSlowStart, maxSlowStart)
	}
	if d := svc.Stickiness.DurationSeconds; svc.Stickiness.Enabled && (d < 1 || d > maxStickinessDuration) {
		p.add(prefix+".stickiness.durationSeconds", "%d is outside 1–%d", d, maxStickinessDuration)
	}
}

// matcherProblem checks an ALB HTTP health check matcher: codes or ranges from 200 to 499, separated by commas.
func matcherProblem(matcher string) string {
	if matcher == "" {
		return "is empty; use codes or ranges such as \"200\", \"200,204\" or \"200-399\""
	}
	for _, part := range strings.Split(matcher, ",") {
		m := matcherPart.FindStringSubmatch(part)
		if m == nil {
			return "is not a list of HTTP codes or ranges such as \"200\", \"200,204\" or \"200-399\""
		}
		low, _ := strconv.Atoi(m[1])
		high := low
		if m[2] != "" {
			high, _ = strconv.Atoi(m[2])
		}
		if low < 200 || high > 499 || high < low {
			return "must use codes from 200 to 499, ranges low-high"
		}
	}
	return ""
}
