package components

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestProdStackHasTheProductionFeatures checks that Pulumi.prod.yaml switches on what prod promises, so a careless
// edit of the stack file cannot quietly drop a guarantee.
func TestProdStackHasTheProductionFeatures(t *testing.T) {
	rec := mustRunProgram(t, shippedStacks(t)["prod"])

	for _, az := range []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"} {
		rec.named(t, awstypes.Ec2Subnet, "network-private-"+az)
	}
	assert.Len(t, rec.ofType(awstypes.Ec2Subnet), 3, "three AZs, private subnets only")
	assert.Empty(t, rec.ofType(awstypes.Ec2NatGateway), "prod reaches AWS through endpoints only")
	assert.Len(t, rec.ofType(awstypes.Ec2FlowLog), 1)

	loadBalancers := rec.ofType(awstypes.LbLoadBalancer)
	require.Len(t, loadBalancers, 2, "the ALB and the NLB in front of it")
	types := map[string]bool{}
	for _, lb := range loadBalancers {
		types[stringProp(lb.Inputs, "loadBalancerType")] = true
		protection, ok := prop(lb.Inputs, "enableDeletionProtection")
		require.True(t, ok, lb.Name)
		assert.True(t, protection.BoolValue(), "%s has deletion protection", lb.Name)
	}
	assert.Equal(t, map[string]bool{"application": true, "network": true}, types)

	alb := rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-alb")
	accessLogs, ok := prop(alb.Inputs, "accessLogs", "enabled")
	require.True(t, ok)
	assert.True(t, accessLogs.BoolValue())

	var https bool
	for _, listener := range rec.ofType(awstypes.LbListener) {
		https = https || stringProp(listener.Inputs, "protocol") == "HTTPS"
	}
	assert.True(t, https, "prod terminates TLS on the ALB")
	assert.Len(t, rec.ofType(awstypes.ApigatewayRestAPI), 1)
	assert.Len(t, rec.ofType(awstypes.ApigatewayVpcLink), 1)
	assert.Len(t, rec.ofType(awstypes.AppautoscalingTarget), 1)
	assert.Len(t, rec.ofType(awstypes.AppautoscalingPolicy), 2, "CPU and request-count tracking")
}

// TestStacksDifferOnlyByConfig runs dev and prod through the same Program: every resource type dev creates, prod
// creates too (prod adds features, it never swaps an implementation), but for the permissions boundary of app stacks'
// roles, which only a platform with grants has (dev grants to dev-payments; prod grants nothing).
func TestStacksDifferOnlyByConfig(t *testing.T) {
	stacks := shippedStacks(t)
	require.Contains(t, stacks, "prod")
	dev := mustRunProgram(t, stacks["dev"])
	prod := mustRunProgram(t, stacks["prod"])
	prodTypes := map[string]bool{}
	for _, res := range prod.all() {
		prodTypes[res.Type] = true
	}
	require.Contains(t, stacks["dev"], "apps")
	require.NotContains(t, stacks["prod"], "apps")
	for _, res := range dev.all() {
		if res.Type == awstypes.IamPolicy && res.Name == "app-permissions-boundary" {
			continue
		}
		assert.True(t, prodTypes[res.Type], "dev creates %s but prod does not", res.Type)
	}
}

// TestEveryStackIsPreviewedWithItsPolicyConfig keeps the team workflow in step with the stacks: the PR preview's
// matrix lists every Pulumi.<stack>.yaml, and every stack has the policy pack config its preview and deploy pass.
func TestEveryStackIsPreviewedWithItsPolicyConfig(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", ".github", "workflows", "preview.yml"))
	require.NoError(t, err)
	var workflow struct {
		Jobs map[string]struct {
			Strategy struct {
				Matrix struct {
					Stack []string `yaml:"stack"`
				} `yaml:"matrix"`
			} `yaml:"strategy"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &workflow))
	var stacks []string
	for name := range shippedStacks(t) {
		stacks = append(stacks, name)
		_, err := os.Stat(filepath.Join("..", "Pulumi."+name+".policy.json"))
		assert.NoError(t, err, "stack %s has no policy pack config", name)
	}
	assert.ElementsMatch(t, stacks, workflow.Jobs["preview"].Strategy.Matrix.Stack)

	deploy, err := os.ReadFile(filepath.Join("..", ".github", "workflows", "deploy.yml"))
	require.NoError(t, err)
	for _, stack := range stacks {
		assert.Contains(t, string(deploy), "stack: "+stack, "deploy.yml does not deploy %s", stack)
	}
}

// TestShippedStacksHaveAScheduledAndAnOnDemandJob: every shipped platform stack runs one job on a cron in a zone other
// than UTC and one only on demand; prod's schedule retries beyond the default. (The app stack dev-payments has one
// scheduled job: TestShippedAppStackRunsOnItsPlatform.)
func TestShippedStacksHaveAScheduledAndAnOnDemandJob(t *testing.T) {
	for name, cfg := range shippedStacks(t) {
		if _, app := cfg["platform"]; app {
			continue
		}
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, cfg)
			schedules := rec.ofType(awstypes.SchedulerSchedule)
			require.Len(t, schedules, 1)
			in := schedules[0].Inputs
			assert.True(t, strings.HasPrefix(stringProp(in, "scheduleExpression"), "cron("))
			assert.NotEqual(t, "UTC", stringProp(in, "scheduleExpressionTimezone"))
			assert.Len(t, rec.ofType(awstypes.EcsTaskDefinition), len(rec.ofType(awstypes.EcsService))+2,
				"a task definition per service and per job: one scheduled, one on demand")
			if name == "prod" {
				assert.Greater(t, number(t, in, "target", "retryPolicy", "maximumRetryAttempts"), 2.0)
			}
		})
	}
}
