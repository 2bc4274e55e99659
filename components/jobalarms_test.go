package components

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

const (
	jobTopic   = "arn:aws:sns:eu-west-1:123456789012:pager"
	jobCluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/main"
)

// runJobAlarms registers the alarms component (on an existing topic) and one job's alarms under the recording mocks.
func runJobAlarms(t *testing.T, job JobAlarmsArgs) (*recorder, error) {
	t.Helper()
	cfg := AlarmsConfig{TopicArn: jobTopic}
	cfg.applyDefaults()
	rec := newRecorder("eu-west-1")
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		alarms, err := NewAlarms(ctx, "alarms", &AlarmsArgs{Config: cfg, Region: "eu-west-1",
			AccountId: pulumi.String(mockAccount)})
		if err != nil {
			return err
		}
		return alarms.AddJobAlarms(ctx, job)
	}, pulumi.WithMocks(configNamespace, mockStack, rec))
	return rec, err
}

func TestAFailedJobRunReachesTheTopicAsAReadableMessage(t *testing.T) {
	rec, err := runJobAlarms(t, JobAlarmsArgs{Job: "nightly", TaskFamily: "private-fargate-test-nightly",
		ClusterArn: pulumi.String(jobCluster), DeadLetterQueueName: pulumi.String("nightly-dlq")})
	require.NoError(t, err)

	rules := rec.ofType(awstypes.CloudwatchEventRule)
	require.Len(t, rules, 1)
	var pattern map[string]any
	require.NoError(t, json.Unmarshal([]byte(stringProp(rules[0].Inputs, "eventPattern")), &pattern))
	assert.Equal(t, map[string]any{
		"source":      []any{"aws.ecs"},
		"detail-type": []any{"ECS Task State Change"},
		"detail": map[string]any{
			"clusterArn": []any{jobCluster},
			"group":      []any{"family:private-fargate-test-nightly"},
			"lastStatus": []any{"STOPPED"},
			"$or": []any{
				map[string]any{"containers": map[string]any{"exitCode": []any{map[string]any{"anything-but": 0.0}}}},
				map[string]any{"stopCode": []any{"TaskFailedToStart"}},
			},
		},
	}, pattern)

	targets := rec.ofType(awstypes.CloudwatchEventTarget)
	require.Len(t, targets, 1)
	target := targets[0].Inputs
	assert.Equal(t, jobTopic, stringProp(target, "arn"))
	assert.True(t, slices.ContainsFunc(targets[0].Dependencies, func(urn string) bool {
		return strings.HasSuffix(urn, awstypes.CloudwatchEventRule+"::alarms-job-nightly-failed")
	}), "the target takes its rule's name: %v", targets[0].Dependencies)
	template := stringProp(target, "inputTransformer", "inputTemplate")
	var message string
	require.NoError(t, json.Unmarshal([]byte(strings.NewReplacer("<task>", "t", "<time>", "now", "<stopCode>", "c",
		"<reason>", "r").Replace(template)), &message), "the template renders as a JSON string: SNS sends it as text")
	assert.Equal(t, "Job nightly of private-fargate/test failed: task t stopped at now (c): r. Logs: the job's log group, stream of task t.", message)
	for _, placeholder := range []string{"task", "time", "stopCode", "reason"} {
		assert.NotEmpty(t, stringProp(target, "inputTransformer", "inputPaths", placeholder), placeholder)
	}

	alarms := alarmsByName(t, rec)
	require.Len(t, alarms, 1)
	dlq := alarms["private-fargate-test-job-nightly-dead-letters"]
	require.NotNil(t, dlq)
	assert.Equal(t, "AWS/SQS", stringProp(dlq, "namespace"))
	assert.Equal(t, "ApproximateNumberOfMessagesVisible", stringProp(dlq, "metricName"))
	assert.Equal(t, "nightly-dlq", stringProp(dlq, "dimensions", "QueueName"))
	assert.Equal(t, 0.0, number(t, dlq, "threshold"))
	assert.Equal(t, 1.0, number(t, dlq, "evaluationPeriods"), "one dead letter is enough to page")
	assert.Equal(t, 1.0, number(t, dlq, "datapointsToAlarm"))
	assert.Equal(t, []string{jobTopic}, stringsProp(dlq, "alarmActions"))
	assert.Equal(t, []string{jobTopic}, stringsProp(dlq, "okActions"))
}

func TestAJobWithoutADeadLetterQueueHasNoDepthAlarm(t *testing.T) {
	rec, err := runJobAlarms(t, JobAlarmsArgs{Job: "nightly", TaskFamily: "f", ClusterArn: pulumi.String(jobCluster)})
	require.NoError(t, err)
	assert.Empty(t, rec.ofType(awstypes.CloudwatchMetricAlarm))
	assert.Len(t, rec.ofType(awstypes.CloudwatchEventRule), 1)
}

func TestAJobNameTooLongForTheRuleIsAnError(t *testing.T) {
	_, err := runJobAlarms(t, JobAlarmsArgs{Job: strings.Repeat("j", 50), TaskFamily: "f", ClusterArn: pulumi.String(jobCluster)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the maximum is 64")
}
