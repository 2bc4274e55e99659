package rules

import (
	"fmt"
	"strings"
)

// Evaluate runs every resource rule over every resource it applies to, then every stack rule over the whole slice,
// at the levels cfg gives them, and returns the violations in rule order. Disabled rules do not run.
func Evaluate(resources []Resource, cfg Config) []Violation {
	var violations []Violation
	for _, rule := range Rules() {
		level := cfg.LevelOf(rule.Name, rule.DefaultLevel)
		if level == Disabled {
			continue
		}
		for _, res := range resources {
			if !rule.Applies(res.Type) {
				continue
			}
			for _, message := range rule.Check(res, cfg) {
				violations = append(violations, Violation{
					Policy: rule.Name, Level: level, Resource: res.Name, URN: res.URN, Message: message,
				})
			}
		}
	}
	for _, rule := range StackRules() {
		level := cfg.LevelOf(rule.Name, rule.DefaultLevel)
		if level == Disabled {
			continue
		}
		unverifiedLevel := cfg.LevelOf(UnverifiedRule, Advisory)
		for _, finding := range rule.Check(resources, cfg) {
			res := resources[finding.Resource]
			policy, findingLevel := rule.Name, level
			if finding.Unverified {
				if unverifiedLevel == Disabled {
					continue
				}
				policy, findingLevel = UnverifiedRule, unverifiedLevel
			}
			violations = append(violations, Violation{
				Policy: policy, Level: findingLevel, Resource: res.Name, URN: res.URN, Message: finding.Message,
			})
		}
	}
	return violations
}

// CatalogueEntry is one row of the rule catalogue, shared by resource and stack rules.
type CatalogueEntry struct {
	// Name is the rule name.
	Name string
	// ResourceTypes are the type tokens the rule applies to.
	ResourceTypes []string
	// Description says what the rule checks.
	Description string
	// Rationale says why.
	Rationale string
	// DefaultLevel is the level when not overridden.
	DefaultLevel Level
	// Stack is true for stack rules.
	Stack bool
	// Options are the option keys the rule accepts besides enforcementLevel.
	Options []string
	// Controls are the AWS Security Hub FSBP control IDs the rule checks.
	Controls []string
}

// Catalogue lists every rule, resource rules first, in the order the pack registers them.
func Catalogue() []CatalogueEntry {
	var entries []CatalogueEntry
	for _, r := range Rules() {
		var options []string
		for _, o := range r.Options {
			options = append(options, o.Key)
		}
		entries = append(entries, CatalogueEntry{
			Name: r.Name, ResourceTypes: r.ResourceTypes, Description: r.Description, Rationale: r.Rationale,
			DefaultLevel: r.DefaultLevel, Options: options, Controls: r.Controls,
		})
	}
	for _, r := range StackRules() {
		entries = append(entries, CatalogueEntry{
			Name: r.Name, ResourceTypes: r.ResourceTypes, Description: r.Description, Rationale: r.Rationale,
			DefaultLevel: r.DefaultLevel, Stack: true, Controls: r.Controls,
		})
	}
	return append(entries, UnverifiedEntry())
}

// CatalogueMarkdown renders the catalogue as the Markdown table policy/README.md carries between its catalogue
// markers.
func CatalogueMarkdown() string {
	var b strings.Builder
	b.WriteString("| Rule | Resource types | What it checks | Why | FSBP | Default level |\n")
	b.WriteString("|---|---|---|---|---|---|\n")
	for _, e := range Catalogue() {
		types := make([]string, len(e.ResourceTypes))
		for i, t := range e.ResourceTypes {
			types[i] = "`" + t + "`"
		}
		checks := e.Description
		if e.Stack {
			checks = "Stack rule. " + checks
		}
		if len(e.Options) > 0 {
			checks += " Options: `" + strings.Join(e.Options, "`, `") + "`."
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s |\n", e.Name, strings.Join(types, "<br>"),
			escapeCell(checks), escapeCell(e.Rationale), strings.Join(e.Controls, ", "), e.DefaultLevel)
	}
	return b.String()
}

func escapeCell(text string) string {
	return strings.ReplaceAll(text, "|", `\|`)
}
