package platformcontract

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Listener rule priorities an ALB accepts. Source: ELBv2 API reference, CreateRule and RulePriorityPair
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RulePriorityPair.html): "Valid Range:
// Minimum value of 1. Maximum value of 50000"; "A listener can't have multiple rules with the same priority".
const (
	MinRulePriority = 1
	MaxRulePriority = 50000
)

// maxPathPrefixLength leaves room for the "*" an app appends: ALB path patterns have at most 128 characters
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html#path-conditions).
const maxPathPrefixLength = 127

var (
	// grantHostPattern is a plain DNS name: a grant names hosts exactly, so two grants can be compared.
	grantHostPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	// grantPathPattern is a path prefix of the characters ALB path patterns accept, without the wildcards, ending in
	// "/" so that "/billing/" never grants "/billingadmin".
	grantPathPattern = regexp.MustCompile(`^/([A-Za-z0-9_\-.$/~"'@:+&]*/)?$`)
)

// Grant is what the platform lets one app stack take of the shared ALB listener and subnets (platform config
// apps.<stack name>).
type Grant struct {
	// Hosts are the host names (exact DNS names, no wildcards) the app's listener rules may match. The app's rules
	// must name one of them; with none, the grant is for every host, and the app's rules may leave the host out.
	// Default: none (every host).
	Hosts []string `json:"hosts"`
	// PathPrefixes are the path prefixes (starting and ending with "/", no wildcards) under which the app's rules may
	// match: every path pattern of the app must stay under one of them. Default: none (every path, as "/").
	PathPrefixes []string `json:"pathPrefixes"`
	// Priorities is the range of listener rule priorities the app's rules take, inside 1–50000, overlapping no other
	// app's range and no priority of the platform's own services. Required.
	Priorities PriorityRange `json:"priorities"`
	// TargetPorts are the container ports the ALB's security group may reach for the app's routed services; the
	// platform owns that group, so an app cannot open it. Default: none (the app routes nothing).
	TargetPorts []int `json:"targetPorts"`
	// SubnetAddresses is how many addresses of each private subnet the app's tasks may take at the peak of a
	// deployment; the platform checks that its own demand plus every app's fits. Default: 0 (the app runs no task).
	SubnetAddresses int `json:"subnetAddresses"`
}

// PriorityRange is an inclusive range of listener rule priorities.
type PriorityRange struct {
	// First is the lowest priority of the range.
	First int `json:"first"`
	// Last is the highest priority of the range.
	Last int `json:"last"`
}

// Contains reports whether priority is in the range.
func (r PriorityRange) Contains(priority int) bool { return priority >= r.First && priority <= r.Last }

// Size is the number of priorities in the range.
func (r PriorityRange) Size() int { return r.Last - r.First + 1 }

// String is "first–last".
func (r PriorityRange) String() string { return fmt.Sprintf("%d–%d", r.First, r.Last) }

func (r PriorityRange) overlaps(other PriorityRange) bool {
	return r.First <= other.Last && other.First <= r.Last
}

// Problem is one config problem: the key (relative to where the caller reads it) and what is wrong.
type Problem struct {
	// Key is the config key, relative to apps for grants and to the app stack for its services.
	Key string
	// Message says what is wrong and how to fix it.
	Message string
}

// Prefixes returns the grant's path prefixes, "/" when it lists none.
func (g Grant) Prefixes() []string {
	if len(g.PathPrefixes) == 0 {
		return []string{"/"}
	}
	return g.PathPrefixes
}

// GrantProblems checks every grant alone and the grants against each other: stack names, hosts, path prefixes and
// ports; priority ranges inside the ALB's legal priorities and disjoint; no host with a path prefix granted to two
// apps (a prefix inside another's counts, since its traffic would be the other's too); no app whose resource name
// prefix is another's (their deploy policies would overlap). Keys are relative to apps ("payments.hosts[0]").
func GrantProblems(apps map[string]Grant) []Problem {
	var p []Problem
	add := func(key, format string, args ...any) { p = append(p, Problem{key, fmt.Sprintf(format, args...)}) }
	names := slices.Sorted(maps.Keys(apps))
	for _, name := range names {
		g := apps[name]
		if _, err := tokens.ParseStackName(name); err != nil {
			add(name, "%q is not a stack name: %v", name, err)
		}
		if len(g.Hosts) == 0 && len(g.PathPrefixes) == 0 {
			add(name, "grants neither hosts nor pathPrefixes, which is the whole listener; list the app's hosts, "+
				"its path prefixes, or both")
		}
		for i, host := range g.Hosts {
			switch {
			case !grantHostPattern.MatchString(host):
				add(fmt.Sprintf("%s.hosts[%d]", name, i), "%q is not a lower-case DNS name (grants name hosts exactly, "+
					"without wildcards)", host)
			case slices.Index(g.Hosts, host) < i:
				add(fmt.Sprintf("%s.hosts[%d]", name, i), "%q is listed twice", host)
			}
		}
		for i, prefix := range g.PathPrefixes {
			switch {
			case !grantPathPattern.MatchString(prefix) || len(prefix) > maxPathPrefixLength:
				add(fmt.Sprintf("%s.pathPrefixes[%d]", name, i), "%q is not a path prefix: start and end it with \"/\", "+
					"at most %d characters, no wildcards (for example \"/billing/\")", prefix, maxPathPrefixLength)
			case slices.Index(g.PathPrefixes, prefix) < i:
				add(fmt.Sprintf("%s.pathPrefixes[%d]", name, i), "%q is listed twice", prefix)
			}
		}
		r := g.Priorities
		switch {
		case r.First == 0 && r.Last == 0:
			add(name+".priorities", "is required: a range {first, last} of listener rule priorities inside %d–%d "+
				"that no other app and no platform service uses", MinRulePriority, MaxRulePriority)
		case r.First < MinRulePriority || r.Last > MaxRulePriority || r.First > r.Last:
			add(name+".priorities", "%s is not a range inside %d–%d (the ALB's rule priorities) with first <= last",
				r, MinRulePriority, MaxRulePriority)
		}
		for i, port := range g.TargetPorts {
			if port < 1 || port > 65535 {
				add(fmt.Sprintf("%s.targetPorts[%d]", name, i), "%d is not a TCP port (1–65535)", port)
			}
		}
		if g.SubnetAddresses < 0 {
			add(name+".subnetAddresses", "%d is negative", g.SubnetAddresses)
		}
	}
	for i, a := range names {
		for _, b := range names[i+1:] {
			ga, gb := apps[a], apps[b]
			if ga.Priorities.overlaps(gb.Priorities) && ga.Priorities.First != 0 && gb.Priorities.First != 0 {
				add(b+".priorities", "%s overlaps %s, the range of app %s; two apps deploying at the same time would "+
					"race for the same priorities", gb.Priorities, ga.Priorities, a)
			}
			if host, prefix, ok := grantOverlap(ga, gb); ok {
				add(b, "grants host %s with path prefix %s, which app %s is granted too; give each app its own hosts or "+
					"path prefixes", host, prefix, a)
			}
			if strings.HasPrefix(NamePrefix(b), NamePrefix(a)) || strings.HasPrefix(NamePrefix(a), NamePrefix(b)) {
				add(b, "resource names of app %s start with %q, which also starts every name of app %s (%q): their "+
					"deploy policies would cover each other's resources; rename one of the stacks", b, NamePrefix(b), a,
					NamePrefix(a))
			}
		}
	}
	return p
}

// grantOverlap returns a host (or "(any host)") and a path prefix that both grants cover.
func grantOverlap(a, b Grant) (host, prefix string, ok bool) {
	host, hostsMeet := "", false
	switch {
	case len(a.Hosts) == 0 && len(b.Hosts) == 0:
		host, hostsMeet = "(any host)", true
	case len(a.Hosts) == 0:
		host, hostsMeet = b.Hosts[0], true
	case len(b.Hosts) == 0:
		host, hostsMeet = a.Hosts[0], true
	default:
		for _, h := range a.Hosts {
			if slices.Contains(b.Hosts, h) {
				host, hostsMeet = h, true
				break
			}
		}
	}
	if !hostsMeet {
		return "", "", false
	}
	for _, pa := range a.Prefixes() {
		for _, pb := range b.Prefixes() {
			if strings.HasPrefix(pa, pb) || strings.HasPrefix(pb, pa) {
				return host, max(pa, pb), true
			}
		}
	}
	return "", "", false
}

// literalPrefix is a path pattern up to its first wildcard, and whether it has one.
func literalPrefix(pattern string) (string, bool) {
	if i := strings.IndexAny(pattern, "*?"); i >= 0 {
		return pattern[:i], true
	}
	return pattern, false
}

// CoversRoute says what of a listener rule with these host and path conditions lies outside the grant (one message
// per host or path), or nothing when the grant covers all of it. A rule without hosts matches every host and one
// without paths every path (ALB rule conditions are ANDed, and a missing condition does not restrict:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html). Hosts compare
// case-insensitively and paths case-sensitively, as the ALB matches them (same page).
func (g Grant) CoversRoute(hosts, paths []string) []string {
	var outside []string
	switch {
	case len(g.Hosts) == 0:
	case len(hosts) == 0:
		outside = append(outside, fmt.Sprintf("the rule names no host, so it matches every host; the grant is for %s "+
			"only", strings.Join(g.Hosts, ", ")))
	default:
		for _, host := range hosts {
			if !slices.Contains(g.Hosts, strings.ToLower(host)) {
				outside = append(outside, fmt.Sprintf("host %q is not one of the granted hosts %s", host,
					strings.Join(g.Hosts, ", ")))
			}
		}
	}
	if len(paths) == 0 && !slices.Contains(g.Prefixes(), "/") {
		outside = append(outside, fmt.Sprintf("the rule names no path, so it matches every path; the grant is for "+
			"paths under %s only", strings.Join(g.Prefixes(), ", ")))
	}
	for _, path := range paths {
		if !g.coversPath(path) {
			outside = append(outside, fmt.Sprintf("path %q is not under the granted prefixes %s", path,
				strings.Join(g.Prefixes(), ", ")))
		}
	}
	return outside
}

// coversPath reports whether every path the pattern matches starts with a granted prefix (or is the prefix without
// its trailing "/", like "/billing" for "/billing/").
func (g Grant) coversPath(pattern string) bool {
	literal, wild := literalPrefix(pattern)
	for _, prefix := range g.Prefixes() {
		if strings.HasPrefix(literal, prefix) || (!wild && pattern+"/" == prefix) {
			return true
		}
	}
	return false
}

// MayMatchRoute reports whether a listener rule with these host and path conditions (patterns, with ALB's "*" and
// "?" wildcards) could match a request inside the grant: the platform's own service rules must not, or they would
// take the app's traffic. It errs towards true when a wildcard makes it unclear.
func (g Grant) MayMatchRoute(hosts, paths []string) bool {
	return g.mayMatchHost(hosts) && g.mayMatchPath(paths)
}

func (g Grant) mayMatchHost(hosts []string) bool {
	if len(hosts) == 0 || len(g.Hosts) == 0 {
		return true
	}
	for _, pattern := range hosts {
		for _, host := range g.Hosts {
			if globMatch(strings.ToLower(pattern), host) {
				return true
			}
		}
	}
	return false
}

func (g Grant) mayMatchPath(paths []string) bool {
	if len(paths) == 0 {
		return true
	}
	for _, pattern := range paths {
		literal, wild := literalPrefix(pattern)
		for _, prefix := range g.Prefixes() {
			if strings.HasPrefix(literal, prefix) || (wild && strings.HasPrefix(prefix, literal)) {
				return true
			}
		}
	}
	return false
}

// globMatch matches s against an ALB pattern where "*" is any run of characters and "?" exactly one.
func globMatch(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if globMatch(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && globMatch(pattern[1:], s[1:])
	default:
		return s != "" && s[0] == pattern[0] && globMatch(pattern[1:], s[1:])
	}
}

// NamePrefix is how the names of an app stack's resources start: "<stack>-". The deploy policy scopes IAM roles,
// ECS services, task definition families and log groups by it.
func NamePrefix(stack string) string { return stack + "-" }
