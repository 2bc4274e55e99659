package components

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// Listener rule priorities (the ALB's legal range, with its source, is platformcontract's). Priorities below
// firstDerivedPriority are left to explicit routing.priority values, so a rule a user places on purpose (for example
// a narrower path that must win over a wider one) is evaluated before every derived rule.
const (
	minRulePriority      = platformcontract.MinRulePriority
	maxRulePriority      = platformcontract.MaxRulePriority
	firstDerivedPriority = 1000
)

// DerivedRulePriority is the listener rule priority of a service that does not set routing.priority: a hash of the
// service name mapped into 1000–50000. It depends on nothing but the name, so adding, removing or renaming another
// service never moves an existing rule.
func DerivedRulePriority(service string) int {
	return platformcontract.DerivedPriority(service, platformcontract.PriorityRange{First: firstDerivedPriority, Last: maxRulePriority})
}

// PriorityCollision is two or more routed services whose listener rules would get the same priority.
type PriorityCollision struct {
	// Priority is the contested priority.
	Priority int
	// Services are the services that want it, sorted.
	Services []string
}

// String describes the collision for a config error.
func (c PriorityCollision) String() string {
	return fmt.Sprintf("listener rule priority %d is taken by services %s; set routing.priority (1–%d, values below %d "+
		"are never derived) on all but one of them", c.Priority, strings.Join(c.Services, ", "), maxRulePriority, firstDerivedPriority)
}

// RulePriorities returns the listener rule priority of every routed service (explicit routing.priority, else the
// derived one) and the collisions among them, sorted by priority. A service with a priority outside 1–50000 is
// skipped here; validation reports it.
func RulePriorities(services map[string]ServiceConfig) (map[string]int, []PriorityCollision) {
	priorities := map[string]int{}
	byPriority := map[int][]string{}
	for _, name := range sortedKeys(services) {
		routing := services[name].Routing
		if routing == nil {
			continue
		}
		priority := routing.Priority
		if priority == 0 {
			priority = DerivedRulePriority(name)
		}
		if priority < minRulePriority || priority > maxRulePriority {
			continue
		}
		priorities[name] = priority
		byPriority[priority] = append(byPriority[priority], name)
	}
	var collisions []PriorityCollision
	for _, priority := range slices.Sorted(maps.Keys(byPriority)) {
		if names := byPriority[priority]; len(names) > 1 {
			collisions = append(collisions, PriorityCollision{Priority: priority, Services: names})
		}
	}
	return priorities, collisions
}
