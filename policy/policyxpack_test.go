package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/private-fargate/private-fargate/policy/rules"
)

// policyxPack is the pack as it was served before the pack had its own server (commit bd00255, policy/pack.go): one
// policyx policy per rule, each checking every resource policyx hands it, served by policyx.Main. The tests serve it
// beside the pack's own server and require the same answers; it is built from the current rules, so it keeps
// holding as rules are added. (The one change: rule options are parsed on every call instead of cached per
// configuration, which gives the same result.)
func policyxPack() (policyx.PolicyPack, error) {
	version, err := semver.Parse(packVersion)
	if err != nil {
		return nil, err
	}
	var policies []policyx.Policy
	for _, rule := range rules.Rules() {
		policies = append(policies, policyxResourcePolicy(rule))
	}
	run := &policyxStackRun{}
	stackRules := rules.StackRules()
	for _, rule := range stackRules {
		policies = append(policies, policyxStackPolicy(rule, run))
	}
	policies = append(policies, policyxUnverifiedPolicy(stackRules, run))
	return policyx.NewPolicyPack(packName, version, policyx.EnforcementLevelAdvisory, policies)
}

func policyxResourcePolicy(rule rules.ResourceRule) policyx.Policy {
	return policyx.NewResourceValidationPolicy(rule.Name, policyx.ResourceValidationPolicyArgs{
		Description:      rule.Description,
		EnforcementLevel: enforcementLevel(rule.DefaultLevel),
		ConfigSchema:     configSchema(rule.Options),
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) (err error) {
			if !rule.Applies(args.Resource.Type) {
				return nil
			}
			defer recoverAsError(rule.Name, &err)
			cfg, err := rules.WithOptions(rules.DefaultConfig(), rule.Options, args.Config)
			if err != nil {
				return fmt.Errorf("policy %s config: %w", rule.Name, err)
			}
			resource := rules.Resource{
				Type: args.Resource.Type, Name: args.Resource.Name, URN: args.Resource.URN,
				Properties: args.Resource.Properties,
			}
			for _, message := range rule.Check(resource, cfg) {
				args.Manager.ReportViolation(message, "")
			}
			return nil
		},
	})
}

func policyxStackPolicy(rule rules.StackRule, run *policyxStackRun) policyx.Policy {
	return policyx.NewStackValidationPolicy(rule.Name, policyx.StackValidationPolicyArgs{
		Description:      rule.Description,
		EnforcementLevel: enforcementLevel(rule.DefaultLevel),
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) (err error) {
			defer recoverAsError(rule.Name, &err)
			resources, findings := run.check(args.Resources, rule)
			for _, finding := range findings {
				if !finding.Unverified {
					args.Manager.ReportViolation(finding.Message, resources[finding.Resource].URN)
				}
			}
			return nil
		},
	})
}

func policyxUnverifiedPolicy(stackRules []rules.StackRule, run *policyxStackRun) policyx.Policy {
	entry := rules.UnverifiedEntry()
	return policyx.NewStackValidationPolicy(rules.UnverifiedRule, policyx.StackValidationPolicyArgs{
		Description:      entry.Description,
		EnforcementLevel: enforcementLevel(entry.DefaultLevel),
		ValidateStack: func(_ context.Context, args policyx.StackValidationArgs) (err error) {
			defer recoverAsError(rules.UnverifiedRule, &err)
			for _, rule := range stackRules {
				resources, findings, ran := run.ran(args.Resources, rule)
				if !ran {
					continue
				}
				for _, finding := range findings {
					if finding.Unverified {
						args.Manager.ReportViolation(finding.Message, resources[finding.Resource].URN)
					}
				}
			}
			return nil
		},
	})
}

// policyxStackRun keeps one AnalyzeStack call's findings per stack rule, so the unverified policy reports only the
// rules that ran (policyx skips disabled policies and tells the others nothing about them).
type policyxStackRun struct {
	mu        sync.Mutex
	input     []policyx.AnalyzerResource
	resources []rules.Resource
	findings  map[string][]rules.StackFinding
}

func (r *policyxStackRun) ran(input []policyx.AnalyzerResource, rule rules.StackRule) ([]rules.Resource, []rules.StackFinding, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.current(input) {
		return nil, nil, false
	}
	findings, ok := r.findings[rule.Name]
	return r.resources, findings, ok
}

func (r *policyxStackRun) current(input []policyx.AnalyzerResource) bool {
	return r.findings != nil && len(input) == len(r.input) && (len(input) == 0 || &input[0] == &r.input[0])
}

func (r *policyxStackRun) check(input []policyx.AnalyzerResource, rule rules.StackRule) ([]rules.Resource, []rules.StackFinding) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.current(input) {
		r.input = input
		r.resources = make([]rules.Resource, len(input))
		for i, res := range input {
			r.resources[i] = rules.Resource{
				Type: res.Type, Name: res.Name, URN: res.URN, Properties: res.Properties,
				PropertyDependencies: res.PropertyDependencies,
			}
		}
		r.findings = map[string][]rules.StackFinding{}
	}
	findings, ok := r.findings[rule.Name]
	if !ok {
		findings = rule.Check(r.resources, rules.DefaultConfig())
		r.findings[rule.Name] = findings
	}
	return r.resources, findings
}
