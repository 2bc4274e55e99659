package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// stack indexes a stack's resources so stack rules can follow references between them.
//
// A reference (a subnet's vpcId, a route's routeTableId, ...) is resolved two ways and the results are combined:
//   - by dependency: the engine sends, per top-level property, the URNs its value came from (PropertyDependencies),
//     and values built from outputs carry their dependencies too. This works during preview, when ids are unknown,
//     and is how the real engine correlates resources.
//   - by id: a known string value is matched against the identities of the other resources: their "id" property
//     (mocked tests put the mock id there; bridged providers return it in outputs), "arn", and an EIP's
//     "allocationId".
//
// A value that is unknown and has no dependency stays unknown, and the rules treat it as "not decided".
type stack struct {
	resources []Resource
	byURN     map[string]int
	byID      map[string][]int
}

func newStack(resources []Resource) *stack {
	s := &stack{resources: resources, byURN: map[string]int{}, byID: map[string][]int{}}
	for i, r := range resources {
		if r.URN != "" {
			s.byURN[r.URN] = i
		}
		for _, key := range []string{"id", "arn", "allocationId"} {
			if key == "allocationId" && r.Type != awstypes.Ec2Eip && r.Type != awstypes.NativeEc2Eip {
				continue
			}
			if id, known := str(r.Properties, key, ""); known && id != "" {
				s.byID[id] = append(s.byID[id], i)
			}
		}
	}
	return s
}

// ofType returns the indexes of the resources of the given types, in stack order.
func (s *stack) ofType(types ...string) []int {
	var out []int
	for i, r := range s.resources {
		if slices.Contains(types, r.Type) {
			out = append(out, i)
		}
	}
	return out
}

// ref is what a reference property points at.
type ref struct {
	// targets are resources in this stack the reference resolves to.
	targets map[int]bool
	// raw are known values that match no resource in this stack (e.g. ids of resources managed elsewhere).
	raw map[string]bool
	// unresolved is set when some value is unknown and no dependency says what it is.
	unresolved bool
}

// overlaps reports whether two references may point at the same thing.
func (r ref) overlaps(other ref) tri {
	for t := range r.targets {
		if other.targets[t] {
			return yes
		}
	}
	for v := range r.raw {
		if other.raw[v] {
			return yes
		}
	}
	if r.unresolved || other.unresolved {
		return unknown
	}
	return no
}

// contains reports whether the reference points at resource index.
func (r ref) contains(index int) tri {
	if r.targets[index] {
		return yes
	}
	if r.unresolved {
		return unknown
	}
	return no
}

func (r *ref) merge(other ref) {
	for t := range other.targets {
		r.targets[t] = true
	}
	for v := range other.raw {
		r.raw[v] = true
	}
	r.unresolved = r.unresolved || other.unresolved
}

func newRef() ref {
	return ref{targets: map[int]bool{}, raw: map[string]bool{}}
}

// resolve resolves resource index's top-level property key (a string or a list of strings).
func (s *stack) resolve(index int, key string, targetTypes ...string) ref {
	return s.resolveValue(index, key, s.resources[index].Properties.Get(key), targetTypes...)
}

// resolveValue resolves value, found under top-level property depKey of resource index, to resources of
// targetTypes.
func (s *stack) resolveValue(index int, depKey string, value property.Value, targetTypes ...string) ref {
	result := newRef()
	byDependency := false
	for _, urn := range s.resources[index].PropertyDependencies[depKey] {
		if s.addTarget(&result, urn, targetTypes) {
			byDependency = true
		}
	}
	sawUnknown := false
	var walk func(v property.Value)
	walk = func(v property.Value) {
		for _, dep := range v.Dependencies() {
			if s.addTarget(&result, string(dep), targetTypes) {
				byDependency = true
			}
		}
		switch {
		case v.IsComputed():
			sawUnknown = true
		case v.IsArray():
			for _, item := range v.AsArray().AsSlice() {
				walk(item)
			}
		case v.IsString() && v.AsString() != "":
			matched := false
			for _, t := range s.byID[v.AsString()] {
				if slices.Contains(targetTypes, s.resources[t].Type) {
					result.targets[t] = true
					matched = true
				}
			}
			if !matched {
				result.raw[v.AsString()] = true
			}
		}
	}
	walk(value)
	result.unresolved = sawUnknown && !byDependency && !s.providerComputed(index, depKey, value)
	return result
}

// providerComputed reports whether an unknown value was left for the provider to compute rather than set by the
// program from another resource's output. The engine sends property dependencies for every resource in stack
// analysis; an unknown property with none cannot come from another resource, so it is the provider's default (e.g.
// a route table's `routes` or a gateway endpoint's `routeTableIds` during preview), which at creation holds nothing
// the program did not ask for. Without engine dependency information (mocked tests) nothing is assumed.
func (s *stack) providerComputed(index int, depKey string, value property.Value) bool {
	deps := s.resources[index].PropertyDependencies
	if deps == nil || len(deps[depKey]) > 0 {
		return false
	}
	hasValueDeps := false
	var walk func(v property.Value)
	walk = func(v property.Value) {
		if len(v.Dependencies()) > 0 {
			hasValueDeps = true
		}
		switch {
		case v.IsArray():
			for _, item := range v.AsArray().AsSlice() {
				walk(item)
			}
		case v.IsMap():
			for _, item := range v.AsMap().AsMap() {
				walk(item)
			}
		}
	}
	walk(value)
	return !hasValueDeps
}

func (s *stack) addTarget(r *ref, urn string, targetTypes []string) bool {
	t, ok := s.byURN[urn]
	if !ok || !slices.Contains(targetTypes, s.resources[t].Type) {
		return false
	}
	r.targets[t] = true
	return true
}

// anyOf is "some candidate satisfies": yes if one does, unknown if one might.
func anyOf(candidates []int, test func(int) tri) tri {
	result := no
	for _, c := range candidates {
		result = or(result, test(c))
		if result == yes {
			return yes
		}
	}
	return result
}

// describeRef names what a reference points at: the resources in this stack, else the raw ids, else a note that
// there is none.
func (s *stack) describeRef(r ref) string {
	var names []string
	for _, t := range sortedTargets(r) {
		names = append(names, fmt.Sprintf("%q", s.resources[t].Name))
	}
	if len(names) == 0 {
		for v := range r.raw {
			names = append(names, fmt.Sprintf("%q", v))
		}
		sort.Strings(names)
	}
	if len(names) == 0 {
		return "(none associated in this stack)"
	}
	return strings.Join(names, ", ")
}

func sortedTargets(r ref) []int {
	out := make([]int, 0, len(r.targets))
	for t := range r.targets {
		out = append(out, t)
	}
	sort.Ints(out)
	return out
}
