package components

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func routed(priority int) ServiceConfig {
	return ServiceConfig{Routing: &RoutingConfig{Hosts: []string{"example.com"}, Priority: priority}}
}

func TestDerivedRulePriorityIsAStableFunctionOfTheName(t *testing.T) {
	for _, name := range []string{"web", "api", "shop", "a", "a-very-long-service-name-with-many-parts"} {
		t.Run(name, func(t *testing.T) {
			priority := DerivedRulePriority(name)
			assert.GreaterOrEqual(t, priority, firstDerivedPriority, "derived priorities leave 1–999 to explicit ones")
			assert.LessOrEqual(t, priority, maxRulePriority)
			assert.Equal(t, priority, DerivedRulePriority(name), "same name, same priority")
		})
	}
	assert.NotEqual(t, DerivedRulePriority("web"), DerivedRulePriority("api"))
}

func TestDerivedRulePrioritiesSpreadOverTheRange(t *testing.T) {
	seen := map[int]bool{}
	low, high := maxRulePriority, 0
	for i := range 200 {
		priority := DerivedRulePriority(fmt.Sprintf("service-%d", i))
		seen[priority] = true
		low, high = min(low, priority), max(high, priority)
	}
	assert.GreaterOrEqual(t, len(seen), 195, "200 names should rarely collide in 49001 slots")
	assert.Less(t, low, 10000)
	assert.Greater(t, high, 40000)
}

func TestRulePriorities(t *testing.T) {
	for name, tc := range map[string]struct {
		services   map[string]ServiceConfig
		priorities map[string]int
		collisions []PriorityCollision
	}{
		"derived and explicit": {
			services:   map[string]ServiceConfig{"web": routed(0), "api": routed(5), "worker": {}},
			priorities: map[string]int{"web": DerivedRulePriority("web"), "api": 5},
		},
		"two explicit priorities collide": {
			services:   map[string]ServiceConfig{"web": routed(7), "api": routed(7), "shop": routed(8)},
			priorities: map[string]int{"web": 7, "api": 7, "shop": 8},
			collisions: []PriorityCollision{{Priority: 7, Services: []string{"api", "web"}}},
		},
		"an explicit priority takes a derived one": {
			services:   map[string]ServiceConfig{"web": routed(0), "api": routed(DerivedRulePriority("web"))},
			priorities: map[string]int{"web": DerivedRulePriority("web"), "api": DerivedRulePriority("web")},
			collisions: []PriorityCollision{{Priority: DerivedRulePriority("web"), Services: []string{"api", "web"}}},
		},
		"out of range is left to validation": {
			services:   map[string]ServiceConfig{"web": routed(50001), "api": routed(-1)},
			priorities: map[string]int{},
		},
	} {
		t.Run(name, func(t *testing.T) {
			priorities, collisions := RulePriorities(tc.services)
			assert.Equal(t, tc.priorities, priorities)
			assert.Equal(t, tc.collisions, collisions)
		})
	}
}

func TestAddingServicesNeverMovesAnExistingPriority(t *testing.T) {
	services := map[string]ServiceConfig{"web": routed(0), "api": routed(0), "admin": routed(3)}
	before, collisions := RulePriorities(services)
	require.Empty(t, collisions)
	for i := range 20 {
		services[fmt.Sprintf("new-%d", i)] = routed(0)
	}
	after, _ := RulePriorities(services)
	for name, priority := range before {
		assert.Equal(t, priority, after[name], name)
	}
}

func TestPriorityCollisionMessageTellsTheFix(t *testing.T) {
	message := PriorityCollision{Priority: 1234, Services: []string{"api", "web"}}.String()
	assert.Contains(t, message, "1234")
	assert.Contains(t, message, "api, web")
	assert.Contains(t, message, "routing.priority")
}
