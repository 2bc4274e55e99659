package main

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/private-fargate/private-fargate/policy/rules"
)

const (
	// packName is the policy pack name; it must match PulumiPolicy.yaml.
	packName = "private-fargate-guardrails"
	// packVersion is the policy pack version; it must match PulumiPolicy.yaml.
	packVersion = "0.1.0"
)

// newPolicyPack builds the pack from the rule catalogue: one policyx policy per rule, with the rule's default level
// and, for rules with options, a config schema.
func newPolicyPack() (policyx.PolicyPack, error) {
	version, err := semver.Parse(packVersion)
	if err != nil {
		return nil, fmt.Errorf("pack version: %w", err)
	}
	var policies []policyx.Policy
	for _, rule := range rules.Rules() {
		policies = append(policies, resourcePolicy(rule))
	}
	run := &stackRun{}
	stackRules := rules.StackRules()
	for _, rule := range stackRules {
		policies = append(policies, stackPolicy(rule, run))
	}
	policies = append(policies, unverifiedPolicy(stackRules, run))
	return policyx.NewPolicyPack(packName, version, policyx.EnforcementLevelAdvisory, policies)
}

// enforcementLevel maps a rule level onto policyx's.
func enforcementLevel(level rules.Level) policyx.EnforcementLevel {
	switch level {
	case rules.Mandatory:
		return policyx.EnforcementLevelMandatory
	case rules.Disabled:
		return policyx.EnforcementLevelDisabled
	}
	return policyx.EnforcementLevelAdvisory
}

// configSchema declares a rule's options; nil when it has none, so the engine accepts only enforcementLevel.
func configSchema(options []rules.Option) *policyx.ConfigSchema {
	if len(options) == 0 {
		return nil
	}
	schema := &policyx.ConfigSchema{Properties: map[string]map[string]any{}}
	for _, o := range options {
		schema.Properties[o.Key] = o.Schema
	}
	return schema
}

// resourcePolicy wraps a resource rule. policyx calls every resource policy for every resource, so the wrapper does
// nothing for a type the rule does not check, and parses the rule's options once per configuration, not per call.
func resourcePolicy(rule rules.ResourceRule) policyx.Policy {
	configs := &optionCache{options: rule.Options}
	return policyx.NewResourceValidationPolicy(rule.Name, policyx.ResourceValidationPolicyArgs{
		Description:      rule.Description,
		EnforcementLevel: enforcementLevel(rule.DefaultLevel),
		ConfigSchema:     configSchema(rule.Options),
		ValidateResource: func(_ context.Context, args policyx.ResourceValidationArgs) (err error) {
			if !rule.Applies(args.Resource.Type) {
				return nil
			}
			defer recoverAsError(rule.Name, &err)
			cfg, err := configs.parse(args.Config)
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

// optionCache keeps one rule's options parsed for the configuration in force. policyx hands every call the same
// properties map until the engine configures the pack again, so the map's identity says whether the parse is current.
// Rules read their Config and never change it, so calls may share it.
type optionCache struct {
	options []rules.Option
	current atomic.Pointer[parsedOptions]
}

// parsedOptions is one configuration's parse; it holds on to props, so that map's address cannot be reused by
// another map while the parse is cached.
type parsedOptions struct {
	props map[string]any
	cfg   rules.Config
	err   error
}

func (c *optionCache) parse(props map[string]any) (rules.Config, error) {
	if p := c.current.Load(); p != nil && sameMap(p.props, props) {
		return p.cfg, p.err
	}
	cfg, err := rules.WithOptions(rules.DefaultConfig(), c.options, props)
	c.current.Store(&parsedOptions{props: props, cfg: cfg, err: err})
	return cfg, err
}

// sameMap reports whether a and b are the same map (not merely equal ones); two nil maps are the same.
func sameMap(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// stackPolicy wraps a stack rule. policyx (v3.259) does not pass policy config to stack policies, so stack rules
// run with the default options; their enforcement level is still configurable. Findings the rule could not decide
// (unknown values at preview) are left to the advisory rules.UnverifiedRule policy.
func stackPolicy(rule rules.StackRule, run *stackRun) policyx.Policy {
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

// unverifiedPolicy reports, as one advisory policy, what the stack rules could not decide because a value was
// unknown. It reuses the findings the stack rules computed for the same AnalyzeStack call, and so reports only rules
// that ran: policyx skips disabled policies, and it runs this one after them (it is registered last).
func unverifiedPolicy(stackRules []rules.StackRule, run *stackRun) policyx.Policy {
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

// stackRun keeps one AnalyzeStack call's converted resources and each stack rule's findings: policyx hands every
// stack policy of a call the same resource slice, so the slice's identity says whether the results are current, and
// the unverified policy does not run every rule a second time.
type stackRun struct {
	mu        sync.Mutex
	input     []policyx.AnalyzerResource // held so its address cannot be reused by another call's slice
	resources []rules.Resource
	findings  map[string][]rules.StackFinding
}

// ran returns the findings rule reported for this call's resources, if it ran.
func (r *stackRun) ran(input []policyx.AnalyzerResource, rule rules.StackRule) ([]rules.Resource, []rules.StackFinding, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.current(input) {
		return nil, nil, false
	}
	findings, ok := r.findings[rule.Name]
	return r.resources, findings, ok
}

// current reports whether the cached results are for input (the same slice, not an equal one).
func (r *stackRun) current(input []policyx.AnalyzerResource) bool {
	return r.findings != nil && len(input) == len(r.input) && (len(input) == 0 || &input[0] == &r.input[0])
}

func (r *stackRun) check(input []policyx.AnalyzerResource, rule rules.StackRule) ([]rules.Resource, []rules.StackFinding) {
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

// recoverAsError turns a panic in a rule into an error for that one call: a gRPC handler that panics takes the whole
// analyzer process down, and the engine then reports a crashed plugin instead of which rule failed on what.
func recoverAsError(rule string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("policy %s panicked: %v", rule, r)
	}
}
