package platformcontract

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testRangeKey = "apps.dev-payments.priorities"

var paymentsRange = PriorityRange{First: 20000, Last: 20999}

// derivedOnly lists services without explicit priorities.
func derivedOnly(names ...string) map[string]int {
	routes := map[string]int{}
	for _, name := range names {
		routes[name] = 0
	}
	return routes
}

// collidingPair finds two service names whose derived priorities collide in r.
func collidingPair(t *testing.T, r PriorityRange) (string, string) {
	t.Helper()
	seen := map[int]string{}
	for i := 0; i < 10*r.Size(); i++ {
		name := fmt.Sprintf("svc-%d", i)
		priority := DerivedPriority(name, r)
		if other, ok := seen[priority]; ok {
			return other, name
		}
		seen[priority] = name
	}
	t.Fatal("no colliding pair found")
	return "", ""
}

func TestDerivedPriorityStaysInsideTheRange(t *testing.T) {
	for _, r := range []PriorityRange{{First: 1, Last: 1}, {First: 1, Last: 50000}, paymentsRange, {First: 49990, Last: 50000}} {
		for i := 0; i < 2000; i++ {
			priority := DerivedPriority(fmt.Sprintf("svc-%d", i), r)
			require.True(t, r.Contains(priority), "%d outside %s", priority, r)
		}
	}
}

func TestAssignPriorities(t *testing.T) {
	a, b := collidingPair(t, paymentsRange)
	contested := DerivedPriority(a, paymentsRange)
	for _, tc := range []struct {
		name     string
		routes   map[string]int
		want     map[string]int
		wantKeys []string
		wantText string
	}{
		{"derived", derivedOnly("web", "api"), map[string]int{
			"web": DerivedPriority("web", paymentsRange), "api": DerivedPriority("api", paymentsRange)}, nil, ""},
		{"explicit inside the range", map[string]int{"web": 20500}, map[string]int{"web": 20500}, nil, ""},
		{"explicit outside the range", map[string]int{"web": 19999, "api": 0},
			map[string]int{"api": DerivedPriority("api", paymentsRange)},
			[]string{"services.web.routing.priority"}, "19999 is outside 20000–20999, the range the platform grants this stack (apps.dev-payments.priorities)"},
		{"derived collision is refused with a free priority to pin", derivedOnly(a, b), map[string]int{},
			[]string{"services." + b + ".routing.priority"}, fmt.Sprintf("listener rule priority %d is wanted by services %s, %s", contested, a, b)},
		{"explicit on a derived priority is refused", map[string]int{a: contested, "web": 0, b: 0}, map[string]int{
			"web": DerivedPriority("web", paymentsRange)},
			[]string{"services." + b + ".routing.priority"}, a + ": set explicitly; " + b + ": derived from its name"},
		{"pinning the new service resolves it", map[string]int{a: 0, b: contested + 1}, map[string]int{a: contested, b: contested + 1}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, problems := AssignPriorities(testRangeKey, paymentsRange, tc.routes)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantKeys, keysOf(problems))
			if tc.wantText != "" && len(problems) > 0 {
				assert.Contains(t, problems[0].Message, tc.wantText)
			}
		})
	}
}

func TestAssignPrioritiesRefusesAFullRange(t *testing.T) {
	one := PriorityRange{First: 7, Last: 7}
	_, problems := AssignPriorities(testRangeKey, one, derivedOnly("web", "api"))
	require.Len(t, problems, 1)
	assert.Contains(t, problems[0].Message, "the range has no free priority left; ask the platform team to widen "+testRangeKey)
}

// suggestedPins reads the "routing.priority: N" suggestions of a collision message.
var suggestedPins = regexp.MustCompile(`routing\.priority: (\d+)`)

// TestThirtyServicesInARangeOfAThousand: collisions are as common as the birthday bound says, every one is refused
// (never left to the odds), and pinning the suggested priorities on the services named last resolves it without
// moving any other service's rule.
func TestThirtyServicesInARangeOfAThousand(t *testing.T) {
	r := PriorityRange{First: 5000, Last: 5999}
	const sets, perSet = 400, 30
	names := rand.New(rand.NewPCG(25, 1000)) // fixed seed: the same 400 sets on every run
	colliding := 0
	for set := 0; set < sets; set++ {
		routes := map[string]int{}
		for len(routes) < perSet {
			routes[randomServiceName(names)] = 0
		}
		got, problems := AssignPriorities("apps.x.priorities", r, routes)
		if len(problems) == 0 {
			require.Len(t, got, perSet)
			continue
		}
		colliding++
		pinned := map[string]int{}
		for name := range routes {
			pinned[name] = 0
		}
		for _, problem := range problems {
			matches := suggestedPins.FindAllStringSubmatch(problem.Message, -1)
			require.Len(t, matches, 1, problem.Message)
			// The service keyed by the problem is the one pinned, as a user adding it would.
			service := problem.Key[len("services.") : len(problem.Key)-len(".routing.priority")]
			priority, err := strconv.Atoi(matches[0][1])
			require.NoError(t, err)
			require.True(t, r.Contains(priority))
			pinned[service] = priority
		}
		resolved, problems := AssignPriorities("apps.x.priorities", r, pinned)
		require.Empty(t, problems, "set %d: the suggested pins must resolve every collision", set)
		for name, priority := range resolved {
			if pinned[name] == 0 {
				assert.Equal(t, DerivedPriority(name, r), priority, "set %d: %s moved", set, name)
			}
		}
	}
	// 1 - e^(-30·29/2000) ≈ 0.353; 400 sets put the observed share well inside 0.25–0.45.
	share := float64(colliding) / sets
	t.Logf("%d of %d sets of %d services collide in a range of %d (%.3f)", colliding, sets, perSet, r.Size(), share)
	assert.InDelta(t, 0.353, share, 0.1, "share of 30-service sets with a collision in a range of 1000")
}

// randomServiceName is a service name of 3–20 letters, digits and hyphens.
func randomServiceName(r *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789-"
	name := []byte{letters[r.IntN(26)]}
	for n := 2 + r.IntN(18); n > 0; n-- {
		name = append(name, letters[r.IntN(len(letters))])
	}
	return string(name)
}

// TestAddingAServiceNeverMovesAnother: whatever the name order, adding a service to a set that assigns cleanly
// either keeps every existing priority or is refused.
func TestAddingAServiceNeverMovesAnother(t *testing.T) {
	r := PriorityRange{First: 100, Last: 149}
	existing := derivedOnly("orders", "users", "carts")
	before, problems := AssignPriorities(testRangeKey, r, existing)
	require.Empty(t, problems)
	for i := 0; i < 300; i++ {
		added := map[string]int{}
		for name := range existing {
			added[name] = 0
		}
		newcomer := fmt.Sprintf("%c-new-%d", 'a'+rune(i%26), i) // names sorting before and after the others
		added[newcomer] = 0
		after, problems := AssignPriorities(testRangeKey, r, added)
		if len(problems) > 0 {
			require.Len(t, problems, 1)
			assert.Contains(t, problems[0].Message, "moves none")
			continue
		}
		for name, priority := range before {
			assert.Equal(t, priority, after[name], "adding %s moved %s", newcomer, name)
		}
	}
}
