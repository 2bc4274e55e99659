package engine

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestPackBlocksAScheduledTaskWithAPublicIPAtPreview adds to the dev stack what a user writing their own scheduled job
// would: an EventBridge rule target that starts a Fargate task with assignPublicIp true. The pack must refuse it at
// preview, naming the rule and the resource, and nothing may be created. The target is registered by its token
// (pulumi-aws v6 cloudwatch.EventTarget's inputs, spelled as the SDK's pulumi tags) so the test compiles no SDK
// package it does not otherwise need; the stand-in accepts a type it has no contract for at Check, so the policy
// decides before the provider matters.
func TestPackBlocksAScheduledTaskWithAPublicIPAtPreview(t *testing.T) {
	t.Parallel()
	const name = "nightly-report-public"
	program := withExtra(func(ctx *pulumi.Context) error {
		var target pulumi.CustomResourceState
		return ctx.RegisterResource(awstypes.CloudwatchEventTarget, name, pulumi.Map{
			"rule":    pulumi.String("nightly-report"),
			"arn":     pulumi.String("arn:aws:ecs:eu-west-1:123456789012:cluster/platform"),
			"roleArn": pulumi.String("arn:aws:iam::123456789012:role/events-run-task"),
			"ecsTarget": pulumi.Map{
				"taskDefinitionArn": pulumi.String("arn:aws:ecs:eu-west-1:123456789012:task-definition/report:1"),
				"launchType":        pulumi.String("FARGATE"),
				"networkConfiguration": pulumi.Map{
					"subnets":        pulumi.StringArray{pulumi.String("subnet-0123456789abcdef0")},
					"securityGroups": pulumi.StringArray{pulumi.String("sg-0123456789abcdef0")},
					"assignPublicIp": pulumi.Bool(true),
				},
			},
		}, &target)
	})
	e := newEngine(t, "dev", program, devConfigFile(t))

	_, evts, err := e.preview(t, true)

	require.Error(t, err, "the pack must block the preview")
	assert.Contains(t, err.Error(), "task-launcher-no-public-ip", "the output names the policy")
	assert.Contains(t, err.Error(), name, "the output names the resource")
	mandatory := policyViolations(evts, "mandatory")
	assert.True(t, hasMandatoryViolation(mandatory, "task-launcher-no-public-ip", name))
	for _, v := range mandatory {
		assert.True(t, strings.HasSuffix(v.ResourceURN, "::"+name),
			"only the added target violates; the dev stack itself must pass (%s on %s)", v.PolicyName, v.ResourceURN)
	}
	assert.Empty(t, e.journalEntries(t), "nothing was created")
	assert.Empty(t, e.resources(t), "the state holds nothing")
}
