package main

import (
	"fmt"
	"sync"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/private-fargate/private-fargate/policy/rules"
)

const (
	// packName is the policy pack name; it must match PulumiPolicy.yaml.
	packName = "private-fargate-guardrails"
	// packVersion is the policy pack version; it must match PulumiPolicy.yaml.
	packVersion = "0.1.0"
)

// pack is the policy pack: what the engine is told about each policy, and the rules behind them. The server
// (server.go) dispatches every resource to the rules that apply to its type, under the rule's own policy name.
type pack struct {
	// metadata has one policyx policy per rule (resource rules in catalogue order, then the stack rules, then the
	// unverified policy): name, description, default level and config schema. policyx.NewPolicyPack checks them
	// (reserved names and keys); GetAnalyzerInfo reports them. Their Validate is never called.
	metadata policyx.PolicyPack
	// info is the GetAnalyzerInfo answer, rendered once from metadata.
	info *pulumirpc.AnalyzerInfo
	// resourceRules and stackRules are the rules, in the order of metadata.
	resourceRules []rules.ResourceRule
	stackRules    []rules.StackRule
	// unverified is the catalogue entry of the advisory policy that reports what the stack rules could not decide.
	unverified rules.CatalogueEntry
	// byType finds the resource rules that apply to a type token.
	byType typeIndex
}

// newPack builds the pack over the given rules (rules.Rules() and rules.StackRules() in the binary; tests add
// their own).
func newPack(resourceRules []rules.ResourceRule, stackRules []rules.StackRule) (*pack, error) {
	version, err := semver.Parse(packVersion)
	if err != nil {
		return nil, fmt.Errorf("pack version: %w", err)
	}
	var policies []policyx.Policy
	for _, rule := range resourceRules {
		policies = append(policies, policyx.NewResourceValidationPolicy(rule.Name, resourcePolicyArgs(rule)))
	}
	for _, rule := range stackRules {
		policies = append(policies, policyx.NewStackValidationPolicy(rule.Name, stackPolicyArgs(rule.Description, rule.DefaultLevel)))
	}
	unverified := rules.UnverifiedEntry()
	policies = append(policies, policyx.NewStackValidationPolicy(unverified.Name,
		stackPolicyArgs(unverified.Description, unverified.DefaultLevel)))
	metadata, err := policyx.NewPolicyPack(packName, version, policyx.EnforcementLevelAdvisory, policies)
	if err != nil {
		return nil, err
	}
	info, err := analyzerInfo(metadata)
	if err != nil {
		return nil, err
	}
	return &pack{
		metadata: metadata, info: info, resourceRules: resourceRules, stackRules: stackRules, unverified: unverified,
		byType: typeIndex{rules: resourceRules},
	}, nil
}

// resourcePolicyArgs is a resource rule's policy metadata: the rule's description and default level, and for rules
// with options, a config schema.
func resourcePolicyArgs(rule rules.ResourceRule) policyx.ResourceValidationPolicyArgs {
	return policyx.ResourceValidationPolicyArgs{
		Description:      rule.Description,
		EnforcementLevel: enforcementLevel(rule.DefaultLevel),
		ConfigSchema:     configSchema(rule.Options),
	}
}

// stackPolicyArgs is a stack policy's metadata. Stack policies have no config schema: policyx v3.259 passed them no
// config, and the pack keeps what the engine accepts for them unchanged (enforcementLevel only).
func stackPolicyArgs(description string, level rules.Level) policyx.StackValidationPolicyArgs {
	return policyx.StackValidationPolicyArgs{Description: description, EnforcementLevel: enforcementLevel(level)}
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

// analyzerInfo renders the pack's metadata the way policyx's GetAnalyzerInfo does (sdk v3.259
// go/pulumi/policyx/server.go): the engine validates `--policy-pack-config` against these schemas, so they must not
// change by a byte.
func analyzerInfo(metadata policyx.PolicyPack) (*pulumirpc.AnalyzerInfo, error) {
	policies := make([]*pulumirpc.PolicyInfo, 0, len(metadata.Policies()))
	for _, p := range metadata.Policies() {
		var schema *pulumirpc.PolicyConfigSchema
		if s := p.ConfigSchema(); s != nil {
			properties := make(map[string]any, len(s.Properties))
			for k, v := range s.Properties {
				properties[k] = v
			}
			proto, err := structpb.NewStruct(properties)
			if err != nil {
				return nil, fmt.Errorf("policy %s: config schema: %w", p.Name(), err)
			}
			schema = &pulumirpc.PolicyConfigSchema{Properties: proto, Required: s.Required}
		}
		policies = append(policies, &pulumirpc.PolicyInfo{
			Name:             p.Name(),
			Description:      p.Description(),
			EnforcementLevel: pulumirpc.EnforcementLevel(p.EnforcementLevel()),
			ConfigSchema:     schema,
		})
	}
	return &pulumirpc.AnalyzerInfo{
		Name:           metadata.Name(),
		Version:        metadata.Version().String(),
		Policies:       policies,
		SupportsConfig: true,
	}, nil
}

// typeIndex maps a resource type token to the resource rules that apply to it, as positions in catalogue order. A
// token's entry is filled the first time the token is seen, from ResourceRule.Applies, so the index needs no list of
// types and a new rule needs no change here.
type typeIndex struct {
	rules  []rules.ResourceRule
	byType sync.Map // type token -> []int
}

// lookup returns the positions of the rules that apply to token, in catalogue order.
func (ix *typeIndex) lookup(token string) []int {
	if hit, ok := ix.byType.Load(token); ok {
		return hit.([]int)
	}
	var applicable []int
	for i, rule := range ix.rules {
		if rule.Applies(token) {
			applicable = append(applicable, i)
		}
	}
	ix.byType.Store(token, applicable)
	return applicable
}

// configuration is what the engine's Configure call set: every policy's effective level, and each resource rule's
// options parsed once.
type configuration struct {
	resource   []resourceConfig // by position in pack.resourceRules
	stack      []policyx.EnforcementLevel
	unverified policyx.EnforcementLevel
}

// resourceConfig is one resource rule's level and options.
type resourceConfig struct {
	level   policyx.EnforcementLevel
	options rules.Config
	// err says the options did not parse. As with policyx, it fails the Analyze calls that run the rule, not
	// Configure (the engine has already checked the options against the schema, so this is the pack's own check).
	err error
}

// configure resolves the engine's policy config against the pack, as policyx does on every call: a policy with an
// entry takes its level from it, one without keeps its default level and no options. Entries for names the pack does
// not have are ignored.
func (p *pack) configure(policyConfig map[string]policyx.PolicyConfig) *configuration {
	levelOf := func(name string, def rules.Level) policyx.EnforcementLevel {
		if c, ok := policyConfig[name]; ok {
			return c.EnforcementLevel
		}
		return enforcementLevel(def)
	}
	cfg := &configuration{
		resource:   make([]resourceConfig, len(p.resourceRules)),
		stack:      make([]policyx.EnforcementLevel, len(p.stackRules)),
		unverified: levelOf(p.unverified.Name, p.unverified.DefaultLevel),
	}
	for i, rule := range p.resourceRules {
		options, err := rules.WithOptions(rules.DefaultConfig(), rule.Options, policyConfig[rule.Name].Properties)
		cfg.resource[i] = resourceConfig{level: levelOf(rule.Name, rule.DefaultLevel), options: options, err: err}
	}
	for i, rule := range p.stackRules {
		cfg.stack[i] = levelOf(rule.Name, rule.DefaultLevel)
	}
	return cfg
}
