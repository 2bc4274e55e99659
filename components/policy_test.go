package components

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/policy/rules"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// policyResources turns what the program registered into what the policy rules see. The mock id goes into the
// properties as "id", which is how the stack rules correlate resources (a subnet with its route table, say).
func policyResources(rec *recorder) []rules.Resource {
	var out []rules.Resource
	for _, res := range rec.all() {
		if !res.Custom {
			continue
		}
		props := res.Outputs.Copy()
		props["id"] = resource.NewProperty(res.ID)
		out = append(out, rules.Resource{
			Type:       res.Type,
			Name:       res.Name,
			URN:        urnOf(res.Type, res.Name),
			Properties: rules.FromResourcePropertyMap(props),
		})
	}
	return out
}

// stackPolicyConfig reads the policy pack config a stack deploys with, Pulumi.<stack>.policy.json, the file the
// sandbox and `--policy-pack-config` use; a stack without one runs the pack at its default levels.
func stackPolicyConfig(t *testing.T, stack string) rules.Config {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "Pulumi."+stack+".policy.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return rules.DefaultConfig()
	}
	require.NoError(t, err)
	cfg, err := rules.ParsePackConfig(raw)
	require.NoError(t, err)
	return cfg
}

// mandatoryViolations runs the policy pack's rules over every resource of a run and keeps the mandatory ones.
func mandatoryViolations(rec *recorder, cfg rules.Config) []rules.Violation {
	var out []rules.Violation
	for _, v := range rules.Evaluate(policyResources(rec), cfg) {
		if v.Level == rules.Mandatory {
			out = append(out, v)
		}
	}
	return out
}

// resourceRuleMessages runs one resource rule of the policy pack, at its default config, over every resource of a
// run it applies to and returns its messages.
func resourceRuleMessages(t *testing.T, rec *recorder, name string) []string {
	t.Helper()
	for _, rule := range rules.Rules() {
		if rule.Name != name {
			continue
		}
		var messages []string
		for _, res := range policyResources(rec) {
			if rule.Applies(res.Type) {
				messages = append(messages, rule.Check(res, rules.DefaultConfig())...)
			}
		}
		return messages
	}
	require.Failf(t, "no such resource rule", "%s is not in rules.Rules()", name)
	return nil
}

// policyVariant is a configuration and the policy config it deploys with.
type policyVariant struct {
	config stackConfig
	policy rules.Config
	// stack is the stack name the program runs as ("": the mocked tests' own), an app stack's that of its grant.
	stack string
}

// policyVariants are the shipped stacks with their policy configs, and variants that switch on the network features
// the stacks leave off. Those serve plain HTTP, like dev, so they deploy with dev's policy config.
func policyVariants(t *testing.T) map[string]policyVariant {
	devPolicy := stackPolicyConfig(t, "dev")
	variants := map[string]policyVariant{
		"nat-per-az+ipv6+flow-logs": {networkWith(map[string]any{"egress": EgressNatPerAZ, "ipv6": true,
			"flowLogs": map[string]any{"enabled": true}}), devPolicy, ""},
		"nat-single without endpoints": {networkWith(map[string]any{"egress": EgressNatSingle}).
			with("endpoints", map[string]any{"enabled": false}), devPolicy, ""},
	}
	for name, cfg := range shippedStacks(t) {
		variants["stack "+name] = policyVariant{cfg, stackPolicyConfig(t, name), name}
	}
	return variants
}

func TestProgramPassesEveryMandatoryPolicy(t *testing.T) {
	for name, variant := range policyVariants(t) {
		t.Run(name, func(t *testing.T) {
			stack := variant.stack
			if stack == "" {
				stack = mockStack
			}
			rec, err := runProgramAs(t, stack, variant.config)
			require.NoError(t, err)
			assert.Empty(t, mandatoryViolations(rec, variant.policy))
		})
	}
}

// TestPolicyHarnessSeesViolations proves the check above can fail: the same harness reports a subnet that maps
// public IPs and a private subnet that can no longer pull images.
func TestPolicyHarnessSeesViolations(t *testing.T) {
	rec := mustRunProgram(t, minimalStack())
	rec.mu.Lock()
	for i, res := range rec.resources {
		if res.Type == awstypes.Ec2Subnet && res.Name == "network-private-eu-west-1a" {
			rec.resources[i].Outputs = res.Outputs.Copy()
			rec.resources[i].Outputs["mapPublicIpOnLaunch"] = resource.NewProperty(true)
			break
		}
	}
	rec.mu.Unlock()
	violations := mandatoryViolations(rec, stackPolicyConfig(t, "dev"))
	require.NotEmpty(t, violations)
	for _, v := range violations {
		assert.Equal(t, "subnet-no-public-ip", v.Policy, "only the public-IP rule fires: %v", v)
		assert.Equal(t, "network-private-eu-west-1a", v.Resource)
	}
}
