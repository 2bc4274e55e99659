// Package rules holds the private-fargate guard rails as pure functions over Pulumi resource properties.
//
// Every rule is one function over a resource type token and its property.Map (or, for stack rules, over every
// resource in the stack). The same functions back the policyx policy pack in ../ (deploy time) and the mocked
// program tests (unit-test time), so the two can never disagree. The package imports no pulumi-aws code.
//
// Values follow what the engine really sends: a missing property takes the AWS default, an unknown (computed)
// value is skipped without a violation because it is checked again when it is known at `pulumi up`, and a secret
// value is unwrapped.
package rules

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// Level is a rule's enforcement level, spelled the way `--policy-pack-config` spells it.
type Level string

const (
	// Mandatory violations fail the deployment.
	Mandatory Level = "mandatory"
	// Advisory violations are reported and do not block.
	Advisory Level = "advisory"
	// Disabled rules do not run.
	Disabled Level = "disabled"
)

// Valid reports whether l is one of the three levels.
func (l Level) Valid() bool {
	return l == Mandatory || l == Advisory || l == Disabled
}

// Resource is one resource as a rule sees it.
type Resource struct {
	// Type is the resource type token, such as aws:ec2/subnet:Subnet (internal/awstypes spells them).
	Type string
	// Name is the resource's logical name (the last part of its URN).
	Name string
	// URN is the resource's URN; stack rules key resources by it.
	URN string
	// Properties are the resource's properties: inputs for resource rules, outputs (or inputs) for stack rules.
	Properties property.Map
	// PropertyDependencies maps a top-level property name to the URNs of the resources its value came from. The
	// engine sends this to stack analysis; stack rules use it to correlate resources whose ids are not known yet.
	// Optional: rules fall back to matching ids when it is empty.
	PropertyDependencies map[string][]string
}

// Violation is one broken rule on one resource.
type Violation struct {
	// Policy is the rule name.
	Policy string
	// Level is the rule's effective enforcement level.
	Level Level
	// Resource is the violating resource's logical name.
	Resource string
	// URN is the violating resource's URN, when known.
	URN string
	// Message says what is wrong, on which resource, and how to fix it.
	Message string
}

// Config carries the per-rule level overrides and the options of the rules that have any.
type Config struct {
	// Levels overrides the default level of the named rules.
	Levels map[string]Level
	// AllowedSSLPolicies is the allow-list for HTTPS/TLS listener SSL policies.
	// Default: the TLS 1.3 ELB policies whose minimum protocol is TLS 1.2 or 1.3 (DefaultSSLPolicies).
	AllowedSSLPolicies []string
	// AllowedTargetTypes is the allow-list for target group target types. Default: ip, alb.
	AllowedTargetTypes []string
	// AllowNatGateways allows public NAT gateways (and so their Elastic IPs). Default: true.
	AllowNatGateways bool
}

// DefaultSSLPolicies are the ELB security policies allowed on HTTPS and TLS listeners by default: every TLS 1.3
// policy whose minimum protocol version is TLS 1.2 or 1.3. The TLS13-1-0 and TLS13-1-1 policies are left out
// because they still accept TLS 1.0/1.1.
var DefaultSSLPolicies = []string{
	"ELBSecurityPolicy-TLS13-1-2-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
	"ELBSecurityPolicy-TLS13-1-3-2021-06",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
	"ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
	"ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
}

// DefaultTargetTypes are the target group target types allowed by default: ip for Fargate tasks, alb for an NLB
// that forwards to the ALB.
var DefaultTargetTypes = []string{"ip", "alb"}

// DefaultConfig returns the configuration the pack runs with when nothing is overridden.
func DefaultConfig() Config {
	return Config{
		Levels:             map[string]Level{},
		AllowedSSLPolicies: slices.Clone(DefaultSSLPolicies),
		AllowedTargetTypes: slices.Clone(DefaultTargetTypes),
		AllowNatGateways:   true,
	}
}

// LevelOf returns the effective level of a rule: the override in c.Levels, else def.
func (c Config) LevelOf(rule string, def Level) Level {
	if l, ok := c.Levels[rule]; ok && l.Valid() {
		return l
	}
	return def
}

// Option is a rule option settable through `--policy-pack-config`; it becomes a property of the rule's config schema.
type Option struct {
	// Key is the property name in the policy's config.
	Key string
	// Schema is the JSON schema of the property, including its "default".
	Schema map[string]any
	// apply sets the option on a Config from its JSON value.
	apply func(cfg *Config, raw any) error
}

// WithOptions returns cfg with every option in options that appears in props (a policy's config properties as
// decoded from JSON) applied.
func WithOptions(cfg Config, options []Option, props map[string]any) (Config, error) {
	cfg.Levels = cloneLevels(cfg.Levels)
	cfg.AllowedSSLPolicies = slices.Clone(cfg.AllowedSSLPolicies)
	cfg.AllowedTargetTypes = slices.Clone(cfg.AllowedTargetTypes)
	for _, opt := range options {
		raw, ok := props[opt.Key]
		if !ok || raw == nil {
			continue
		}
		if err := opt.apply(&cfg, raw); err != nil {
			return cfg, fmt.Errorf("option %s: %w", opt.Key, err)
		}
	}
	return cfg, nil
}

func cloneLevels(levels map[string]Level) map[string]Level {
	out := make(map[string]Level, len(levels))
	for k, v := range levels {
		out[k] = v
	}
	return out
}

func stringListOption(key, description string, defaults []string, set func(*Config, []string)) Option {
	defaultValue := make([]any, len(defaults))
	for i, d := range defaults {
		defaultValue[i] = d
	}
	return Option{
		Key: key,
		Schema: map[string]any{
			"type":        "array",
			"items":       map[string]any{"type": "string"},
			"description": description,
			"default":     defaultValue,
		},
		apply: func(cfg *Config, raw any) error {
			items, ok := raw.([]any)
			if !ok {
				if strs, isStrings := raw.([]string); isStrings {
					set(cfg, slices.Clone(strs))
					return nil
				}
				return fmt.Errorf("want a list of strings, got %T", raw)
			}
			values := make([]string, 0, len(items))
			for i, item := range items {
				s, isString := item.(string)
				if !isString {
					return fmt.Errorf("item %d: want a string, got %T", i, item)
				}
				values = append(values, s)
			}
			set(cfg, values)
			return nil
		},
	}
}

func boolOption(key, description string, def bool, set func(*Config, bool)) Option {
	return Option{
		Key:    key,
		Schema: map[string]any{"type": "boolean", "description": description, "default": def},
		apply: func(cfg *Config, raw any) error {
			b, ok := raw.(bool)
			if !ok {
				return fmt.Errorf("want a boolean, got %T", raw)
			}
			set(cfg, b)
			return nil
		},
	}
}

// FromResourcePropertyMap converts the engine's resource.PropertyMap (what pulumi.WithMocks hands a mock's
// NewResource) into the property.Map rules read. It keeps unknowns as computed values and secrets as secret values.
func FromResourcePropertyMap(m resource.PropertyMap) property.Map {
	return resource.FromResourcePropertyMap(m)
}
