package rules

import (
	"strings"
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// containerJSON is a containerDefinitions string with the given per-container JSON fields.
func containerJSON(containers ...string) string {
	return "[" + strings.Join(containers, ",") + "]"
}

const (
	loggedContainer     = `{"name":"app","image":"nginx","readonlyRootFilesystem":true,"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"g"}}}`
	unloggedContainer   = `{"name":"sidecar","image":"envoy"}`
	privilegedContainer = `{"name":"root","image":"busybox","privileged":true,"logConfiguration":{"logDriver":"awslogs"}}`
	writableContainer   = `{"name":"writer","image":"busybox","readonlyRootFilesystem":false,"logConfiguration":{"logDriver":"awslogs"}}`
)

type ruleCase struct {
	name  string
	rule  string
	typ   string
	props obj
	cfg   func(*Config)
	// want is the number of violations the rule must report.
	want int
	// wantText must appear in every message (besides the resource name, which always must).
	wantText string
}

// taskDef is a compliant Fargate task definition's properties with extra set.
func taskDef(extra obj) obj {
	props := obj{
		"networkMode": "awsvpc", "requiresCompatibilities": []string{"FARGATE"}, "cpu": "256", "memory": "512",
		"containerDefinitions": containerJSON(loggedContainer),
	}
	for k, v := range extra {
		props[k] = v
	}
	return props
}

// redirectToHTTPS and forward are listener default actions.
var (
	redirectToHTTPS = arr{obj{"type": "redirect", "redirect": obj{"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}}
	forward         = arr{obj{"type": "forward", "targetGroupArn": "arn:tg"}}
)

// noNat is the pack config of an endpoint-only stack.
func noNat(c *Config) { c.AllowNatGateways = false }

// resourceRuleCases are the fixtures of every resource rule, gathered from each area's test file.
func resourceRuleCases() []ruleCase {
	var cases []ruleCase
	for _, area := range [][]ruleCase{networkRuleCases(), ec2RuleCases(), ecsServiceRuleCases(), ecsTaskRuleCases(), ecsContainerRuleCases(), loadBalancerRuleCases(), listenerRuleCases(), logRuleCases(), apiGatewayRuleCases(), iamRuleCases(), s3RuleCases(), launcherRuleCases(), monitoringRuleCases(), sqsRuleCases()} {
		cases = append(cases, area...)
	}
	return cases
}

func TestResourceRules(t *testing.T) {
	byName := map[string]ResourceRule{}
	for _, r := range Rules() {
		byName[r.Name] = r
	}
	for _, tc := range resourceRuleCases() {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			rule, ok := byName[tc.rule]
			require.True(t, ok, "no rule named %q", tc.rule)
			require.True(t, rule.Applies(tc.typ), "rule %s does not apply to %s", tc.rule, tc.typ)
			cfg := DefaultConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			resource := res(tc.typ, "fixture-"+strings.ReplaceAll(tc.rule, "-", ""), tc.props)

			messages := rule.Check(resource, cfg)

			assert.Len(t, messages, tc.want, "messages: %v", messages)
			for _, message := range messages {
				assert.Contains(t, message, `"`+resource.Name+`"`, "message must name the resource")
				assert.Contains(t, message, tc.wantText)
			}
		})
	}
}

// TestEveryResourceRuleHasCompliantAndViolatingFixtures keeps the table honest: a rule without a violating fixture
// could be a no-op, and one without a compliant fixture could flag everything.
func TestEveryResourceRuleHasCompliantAndViolatingFixtures(t *testing.T) {
	compliant, violating, unknownCovered := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, tc := range resourceRuleCases() {
		if tc.want == 0 {
			compliant[tc.rule] = true
		} else {
			violating[tc.rule] = true
		}
		if strings.Contains(tc.name, "unknown") {
			unknownCovered[tc.rule] = true
		}
	}
	for _, rule := range Rules() {
		assert.True(t, compliant[rule.Name], "rule %s has no compliant fixture", rule.Name)
		assert.True(t, violating[rule.Name], "rule %s has no violating fixture", rule.Name)
		assert.True(t, unknownCovered[rule.Name], "rule %s has no fixture with an unknown value", rule.Name)
	}
}

// TestRulesIgnoreOtherResourceTypes checks that Evaluate only hands a rule the types it declares: a subnet that
// would break every other rule's property checks is judged by the subnet rule alone.
func TestRulesIgnoreOtherResourceTypes(t *testing.T) {
	subnet := res(awstypes.Ec2Subnet, "plain-subnet", obj{"mapPublicIpOnLaunch": false, "internal": false, "targetType": "instance"})

	violations := Evaluate([]Resource{subnet}, DefaultConfig())

	assert.Empty(t, violations)
}
