package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryRuleNamesKnownFSBPControls(t *testing.T) {
	known := map[string]Control{}
	for _, c := range FSBPControls() {
		known[c.ID] = c
	}
	for _, e := range Catalogue() {
		for _, id := range e.Controls {
			c, ok := known[id]
			require.True(t, ok, "rule %s names %s, which the FSBP table lacks", e.Name, id)
			assert.Contains(t, c.Rules, e.Name, "control %s must list rule %s", id, e.Name)
		}
	}
}

func TestFSBPTableIsConsistent(t *testing.T) {
	rulesByName := map[string]CatalogueEntry{}
	for _, e := range Catalogue() {
		rulesByName[e.Name] = e
	}
	fsbpRuleNames := map[string]bool{}
	for _, r := range fsbpRules() {
		fsbpRuleNames[r.Name] = true
	}
	for _, r := range fsbpStackRules() {
		fsbpRuleNames[r.Name] = true
	}
	seen := map[string]bool{}
	for _, c := range FSBPControls() {
		assert.False(t, seen[c.ID], "duplicate control %s", c.ID)
		seen[c.ID] = true
		assert.Contains(t, []string{"Critical", "High", "Medium", "Low"}, c.Severity, c.ID)
		decided := len(c.Rules) > 0
		assert.Equal(t, 1, btoi(decided)+btoi(c.ByConstruction != "")+btoi(c.NotDecidable != ""),
			"%s must have rules, a by-construction reason or a not-decidable reason, exactly one", c.ID)
		for _, name := range c.Rules {
			e, ok := rulesByName[name]
			require.True(t, ok, "%s names unknown rule %s", c.ID, name)
			assert.Contains(t, e.Controls, c.ID, "rule %s must name control %s", name, c.ID)
		}
	}
	// A rule that exists for FSBP takes its level from its strictest control's severity; the platform's own rules
	// may be stricter than the control (no public exposure is mandatory whatever FSBP says).
	for name := range fsbpRuleNames {
		e := rulesByName[name]
		want := Advisory
		for _, id := range e.Controls {
			for _, c := range FSBPControls() {
				if c.ID == id && severityLevel(c.Severity) == Mandatory {
					want = Mandatory
				}
			}
		}
		assert.Equal(t, want, e.DefaultLevel, "rule %s level must follow the severity of %v", name, e.Controls)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
