package components

import (
	"testing"

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
			URN:        "urn:pulumi:test::private-fargate::" + res.Type + "::" + res.Name,
			Properties: rules.FromResourcePropertyMap(props),
		})
	}
	return out
}

// mandatoryViolations runs the policy pack's rules, at their default levels, over every resource of a run. A run
// without any HTTPS listener is a stack without loadBalancer.certificateArn, which serves plain HTTP by design (dev);
// such stacks run the pack with listener-http-redirects-to-https advisory (policy/README.md), and so does this check.
func mandatoryViolations(rec *recorder) []rules.Violation {
	cfg := rules.DefaultConfig()
	https := false
	for _, listener := range rec.ofType("aws:lb/listener:Listener") {
		https = https || stringProp(listener.Inputs, "protocol") == "HTTPS"
	}
	if !https {
		cfg.Levels["listener-http-redirects-to-https"] = rules.Advisory
	}
	var out []rules.Violation
	for _, v := range rules.Evaluate(policyResources(rec), cfg) {
		if v.Level == rules.Mandatory {
			out = append(out, v)
		}
	}
	return out
}

// policyVariants are configurations that together switch on every feature of the program.
func policyVariants(t *testing.T) map[string]stackConfig {
	variants := map[string]stackConfig{
		"nat-per-az+ipv6+flow-logs": networkWith(map[string]any{"egress": EgressNatPerAZ, "ipv6": true,
			"flowLogs": map[string]any{"enabled": true}}),
		"nat-single without endpoints": networkWith(map[string]any{"egress": EgressNatSingle}).
			with("endpoints", map[string]any{"enabled": false}),
	}
	for name, cfg := range shippedStacks(t) {
		variants["stack "+name] = cfg
	}
	return variants
}

func TestProgramPassesEveryMandatoryPolicy(t *testing.T) {
	for name, cfg := range policyVariants(t) {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, cfg)
			assert.Empty(t, mandatoryViolations(rec))
		})
	}
}

// TestPolicyHarnessSeesViolations proves the check above can fail: the same harness reports a subnet that maps
// public IPs and a private subnet that can no longer pull images.
func TestPolicyHarnessSeesViolations(t *testing.T) {
	rec := mustRunProgram(t, devConfig())
	rec.mu.Lock()
	for i, res := range rec.resources {
		if res.Type == typeSubnet {
			rec.resources[i].Outputs = res.Outputs.Copy()
			rec.resources[i].Outputs["mapPublicIpOnLaunch"] = resource.NewProperty(true)
			break
		}
	}
	rec.mu.Unlock()
	violations := mandatoryViolations(rec)
	require.NotEmpty(t, violations)
	for _, v := range violations {
		assert.Equal(t, "subnet-no-public-ip", v.Policy, "only the public-IP rule fires: %v", v)
		assert.Equal(t, "network-private-eu-west-1a", v.Resource)
	}
}
