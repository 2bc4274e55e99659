package platformcontract

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"
)

// DerivedPriority is the listener rule priority a service takes in r when it does not set one: a hash of the service
// name mapped into the range. It depends on nothing but the name and the range, so adding, removing or renaming
// another service never moves it.
func DerivedPriority(service string, r PriorityRange) int {
	hash := fnv.New32a()
	_, _ = hash.Write([]byte(service))
	return r.First + int(hash.Sum32()%uint32(r.Size()))
}

// AssignPriorities gives every routed service of an app stack its listener rule priority inside the app's range:
// explicit (routes[service] > 0, from services.<name>.routing.priority) or derived from the name (DerivedPriority).
//
// Two derived priorities that collide cannot be resolved by moving one of them: without state the program cannot
// tell which of the two rules exists already, and any rule "resolved" by name order would move when a service whose
// name sorts earlier is added, rerouting live traffic. So a collision is refused, naming a free priority in the range
// to pin on the service being added, and the other keeps its rule. In a range of 1000, 30 services collide about a
// third of the time (the birthday bound 1 - e^(-30·29/2000) ≈ 0.35); the error makes the fix one line, never odds.
//
// range is the platform key of the app's grant (for messages), for example "apps.payments.priorities".
func AssignPriorities(rangeKey string, r PriorityRange, routes map[string]int) (map[string]int, []Problem) {
	var p []Problem
	claims := map[int][]string{} // priority → services taking it, in name order
	explicit := map[string]bool{}
	priorities := map[string]int{}
	for _, service := range slices.Sorted(maps.Keys(routes)) {
		priority := routes[service]
		if priority != 0 {
			explicit[service] = true
			if !r.Contains(priority) {
				p = append(p, Problem{priorityKey(service), fmt.Sprintf("%d is outside %s, the range the platform grants "+
					"this stack (%s); choose a priority inside it, or ask the platform team to widen the range", priority,
					r, rangeKey)})
				continue
			}
		} else {
			priority = DerivedPriority(service, r)
		}
		priorities[service] = priority
		claims[priority] = append(claims[priority], service)
	}
	taken := func(priority int) bool { return len(claims[priority]) > 0 }
	suggested := map[int]bool{}
	nextFree := func(after int) (int, bool) {
		for step := 1; step < r.Size(); step++ {
			candidate := r.First + (after-r.First+step)%r.Size()
			if !taken(candidate) && !suggested[candidate] {
				suggested[candidate] = true
				return candidate, true
			}
		}
		return 0, false
	}
	for _, contested := range slices.Sorted(maps.Keys(claims)) {
		services := claims[contested]
		if len(services) < 2 {
			continue
		}
		// One problem per service beyond the first, each with its own free priority, so that pinning every keyed
		// service as suggested resolves the collision; the message says the same pin fits whichever one is new.
		for _, service := range services[1:] {
			how := "the range has no free priority left; ask the platform team to widen " + rangeKey
			if free, ok := nextFree(contested); ok {
				how = fmt.Sprintf("pin the one you are adding: routing.priority: %d is free in %s (set it on %s, or on "+
					"whichever of the others is new), and the rule that exists keeps %d", free, r, service, contested)
			}
			p = append(p, Problem{priorityKey(service), fmt.Sprintf("listener rule priority %d is wanted by services %s "+
				"(%s); a listener takes each priority once, and without state this program cannot tell which rule exists "+
				"already, so it moves none: %s", contested, strings.Join(services, ", "), describeClaims(services, explicit),
				how)})
		}
		for _, service := range services {
			delete(priorities, service)
		}
	}
	return priorities, p
}

func priorityKey(service string) string { return "services." + service + ".routing.priority" }

// describeClaims says which claims are explicit and which derived.
func describeClaims(services []string, explicit map[string]bool) string {
	parts := make([]string, len(services))
	for i, service := range services {
		parts[i] = service + ": derived from its name"
		if explicit[service] {
			parts[i] = service + ": set explicitly"
		}
	}
	return strings.Join(parts, "; ")
}
