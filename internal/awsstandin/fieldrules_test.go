package awsstandin

import (
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// place builds inputs holding value at a rule path ("a.b", "a[].b", "a.b[]"): every "[]" segment becomes a
// one-element array. It returns the inputs and the property path a failure must name ("a[0].b").
func place(path string, value resource.PropertyValue) (resource.PropertyMap, string) {
	segments := strings.Split(path, ".")
	var build func(i int) resource.PropertyValue
	build = func(i int) resource.PropertyValue {
		if i == len(segments) {
			return value
		}
		key := strings.TrimSuffix(segments[i], "[]")
		inner := build(i + 1)
		if strings.HasSuffix(segments[i], "[]") {
			inner = resource.NewArrayProperty([]resource.PropertyValue{inner})
		}
		return resource.NewObjectProperty(resource.PropertyMap{resource.PropertyKey(key): inner})
	}
	named := strings.ReplaceAll(path, "[]", "[0]")
	return build(0).ObjectValue(), named
}

// TestEveryFieldRuleRefusesItsViolation is the per-rule contract for the field rules of contract.go, generated from
// the table itself: for every rule of every type, a missing required input, and a value the rule's checker refuses,
// each come back as a CheckFailure naming the property and citing the rule's source. Hand-written cases in
// TestCheckContract pair each kind of rule with its compliant input.
func TestEveryFieldRuleRefusesItsViolation(t *testing.T) {
	var types []string
	for typ := range inputRules {
		types = append(types, string(typ))
	}
	sort.Strings(types)
	judged, withoutViolation := 0, 0
	for _, name := range types {
		typ := tokens.Type(name)
		for _, rule := range inputRules[typ] {
			require.NotEmpty(t, rule.source, "%s %s cites its source", typ, rule.path)
			var inputs resource.PropertyMap
			var property string
			switch {
			case rule.required:
				// The parent exists (an empty object or one-element array of empty objects), the property does not.
				parent, leaf := "", rule.path
				if i := strings.LastIndex(rule.path, "."); i >= 0 {
					parent, leaf = rule.path[:i], rule.path[i+1:]
				}
				if strings.HasSuffix(leaf, "[]") {
					continue // a required list element is judged through the list itself
				}
				if parent == "" {
					inputs, property = resource.PropertyMap{}, leaf
				} else {
					inputs, property = place(parent, resource.NewObjectProperty(resource.PropertyMap{}))
					property += "." + leaf
				}
			case rule.check.violation.IsNull():
				withoutViolation++
				t.Logf("%s %s: the checker has no sample violation; covered only by hand-written cases", typ, rule.path)
				continue
			default:
				inputs, property = place(rule.path, rule.check.violation)
			}
			judged++
			failures := checkInputs(typ, inputs)
			var named []string
			found := false
			for _, f := range failures {
				named = append(named, string(f.Property))
				if string(f.Property) == property && strings.Contains(f.Reason, rule.source) {
					found = true
				}
			}
			assert.True(t, found, "%s: %s (%s) with %v is not refused with the property named; failures name %v",
				typ, rule.path, rule.source, inputs, named)
		}
	}
	t.Logf("%d field rules judged from the table, %d without a sample violation", judged, withoutViolation)
	assert.Zero(t, withoutViolation, "every checker in contract.go has a sample violation")
}

// TestEveryForceNewEntryReplaces is the per-entry contract of replacements.go, generated from the table: changing an
// unconditional ForceNew input replaces the resource, and changing its tags (no schema has ForceNew tags) updates
// it in place. The CustomizeDiff entries (when != nil) have their own cases in TestDiffCustomizeDiffCases.
func TestEveryForceNewEntryReplaces(t *testing.T) {
	entries := 0
	for typ, rules := range replaceOnChange {
		for _, rule := range rules {
			if rule.when != nil {
				continue
			}
			prop := rule.prop
			if prop == anyChange {
				prop = "containerDefinitions"
				require.NotContains(t, rule.except, prop)
			}
			entries++
			olds := resource.PropertyMap{resource.PropertyKey(prop): resource.NewStringProperty("before")}
			news := resource.PropertyMap{resource.PropertyKey(prop): resource.NewStringProperty("after")}
			diff := diffInputs(string(typ), olds, news, nil)
			assert.Contains(t, diff.ReplaceKeys, resource.PropertyKey(prop), "%s: changing %s replaces (%s)", typ, prop, rule.source)
		}
		tags := func(v string) resource.PropertyMap {
			return resource.PropertyMap{"tags": resource.NewObjectProperty(resource.PropertyMap{"Name": resource.NewStringProperty(v)})}
		}
		diff := diffInputs(string(typ), tags("before"), tags("after"), nil)
		assert.Empty(t, diff.ReplaceKeys, "%s: a tag change updates in place", typ)
		assert.Equal(t, plugin.DiffSome, diff.Changes, "%s: a tag change is a change", typ)
	}
	t.Logf("%d ForceNew entries judged", entries)
}
