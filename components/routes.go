package components

import (
	"fmt"
	"regexp"
	"strings"
)

// Listener rule condition limits of Application Load Balancers.
const (
	// maxRuleConditionValues is the ALB quota of condition values (hosts plus paths) per rule.
	maxRuleConditionValues = 5
	// maxPatternLength is the longest host-header or path-pattern value ALB accepts.
	maxPatternLength = 128
)

// hostPatternAllowed are the characters ALB accepts in a host-header condition: letters, digits, "-", "." and the
// wildcards "*" and "?".
var hostPatternAllowed = regexp.MustCompile(`^[A-Za-z0-9*?.-]+$`)

// pathPatternAllowed are the characters ALB accepts in a path-pattern condition, including the wildcards "*" and "?".
var pathPatternAllowed = regexp.MustCompile(`^/[A-Za-z0-9_\-.$/~"'@:+&*?]*$`)

// hostPatternProblem says what is wrong with a host-header pattern, or "" when ALB accepts it.
func hostPatternProblem(host string) string {
	switch {
	case host == "":
		return "is empty"
	case len(host) > maxPatternLength:
		return fmt.Sprintf("is %d characters long; ALB allows %d", len(host), maxPatternLength)
	case !hostPatternAllowed.MatchString(host):
		return fmt.Sprintf("%q may contain only letters, digits, \"-\", \".\", \"*\" and \"?\"", host)
	}
	return ""
}

// pathPatternProblem says what is wrong with a path-pattern, or "" when ALB accepts it.
func pathPatternProblem(path string) string {
	switch {
	case !strings.HasPrefix(path, "/"):
		return fmt.Sprintf("%q must start with \"/\"", path)
	case len(path) > maxPatternLength:
		return fmt.Sprintf("is %d characters long; ALB allows %d", len(path), maxPatternLength)
	case !pathPatternAllowed.MatchString(path):
		return fmt.Sprintf("%q may contain only letters, digits and _-.$/~\"'@:+&*?", path)
	}
	return ""
}

// anyValue stands for a condition a rule does not have (every host, or every path).
const anyValue = "(any)"

// RouteConflict is one host/path combination that the listener rules of two or more services match alike, so which
// service receives it would depend only on rule priority.
type RouteConflict struct {
	// Host is the host-header pattern (lower case), or "(any)" when the rules have no host condition.
	Host string
	// Path is the path pattern, or "(any)" when the rules have no path condition.
	Path string
	// Services are the services whose rules match it, sorted.
	Services []string
}

// String describes the conflict for a config error.
func (c RouteConflict) String() string {
	return fmt.Sprintf("host %s with path %s is routed by services %s; give each service a distinct host or path",
		c.Host, c.Path, strings.Join(c.Services, ", "))
}

// RouteConflicts returns the host/path combinations that more than one routed service claims. A rule matches the
// product of its hosts (case-insensitive, as DNS names are) and its paths (case-sensitive); a missing condition
// matches everything. Overlapping wildcards (for example "/api/*" and "/api/v1/*") are not conflicts: explicit
// routing.priority values order them.
func RouteConflicts(services map[string]ServiceConfig) []RouteConflict {
	type route struct{ host, path string }
	claims := map[route][]string{}
	var order []route
	for _, name := range sortedKeys(services) {
		routing := services[name].Routing
		if routing == nil {
			continue
		}
		hosts := uniqueOrAny(routing.Hosts, strings.ToLower)
		paths := uniqueOrAny(routing.Paths, func(s string) string { return s })
		for _, host := range hosts {
			for _, path := range paths {
				key := route{host, path}
				if _, seen := claims[key]; !seen {
					order = append(order, key)
				}
				claims[key] = append(claims[key], name)
			}
		}
	}
	var conflicts []RouteConflict
	for _, key := range order {
		if names := claims[key]; len(names) > 1 {
			conflicts = append(conflicts, RouteConflict{Host: key.host, Path: key.path, Services: names})
		}
	}
	return conflicts
}

// uniqueOrAny normalises values and drops duplicates; no values means "(any)".
func uniqueOrAny(values []string, normalise func(string) string) []string {
	if len(values) == 0 {
		return []string{anyValue}
	}
	seen := map[string]bool{}
	var out []string
	for _, v := range values {
		v = normalise(v)
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
