package components

import (
	"encoding/json"
	"fmt"
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

// runJobAlarms registers the alarms component (on an existing topic), one job's failed-run rule and, with a queue
// name, the dead-letter alarm, under the recording mocks.
func runJobAlarms(t *testing.T, job JobAlarmsArgs, deadLetterQueue string) (*recorder, error) {
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
		if err := alarms.AddJobAlarms(ctx, job); err != nil {
			return err
		}
		if _, ok := alarms.JobFailedRuleNames[job.Job]; !ok {
			return fmt.Errorf("AddJobAlarms did not record the rule of %s", job.Job)
		}
		if deadLetterQueue == "" {
			return nil
		}
		return alarms.AddDeadLetterAlarm(ctx, pulumi.String(deadLetterQueue))
	}, pulumi.WithMocks(configNamespace, mockStack, rec))
	return rec, err
}

func TestAFailedJobRunReachesTheTopicAsAReadableMessage(t *testing.T) {
	rec, err := runJobAlarms(t, JobAlarmsArgs{Job: "nightly", TaskFamily: "private-fargate-test-nightly",
		ClusterArn: pulumi.String(jobCluster)}, "")
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
	assert.Empty(t, rec.ofType(awstypes.CloudwatchMetricAlarm), "a job's own alarm is its rule; the queue's is the stack's")
}

func TestTheSchedulesDeadLetterQueuePagesAtOnce(t *testing.T) {
	rec, err := runJobAlarms(t, JobAlarmsArgs{Job: "nightly", TaskFamily: "f", ClusterArn: pulumi.String(jobCluster)},
		"jobs-dlq-1")
	require.NoError(t, err)
	alarms := alarmsByName(t, rec)
	require.Len(t, alarms, 1)
	dlq := alarms["private-fargate-test-jobs-dead-letters"]
	require.NotNil(t, dlq)
	assert.Equal(t, "AWS/SQS", stringProp(dlq, "namespace"))
	assert.Equal(t, "ApproximateNumberOfMessagesVisible", stringProp(dlq, "metricName"))
	assert.Equal(t, "Maximum", stringProp(dlq, "statistic"))
	assert.Equal(t, "jobs-dlq-1", stringProp(dlq, "dimensions", "QueueName"))
	assert.Equal(t, "GreaterThanThreshold", stringProp(dlq, "comparisonOperator"))
	assert.Equal(t, 0.0, number(t, dlq, "threshold"))
	assert.Equal(t, "notBreaching", stringProp(dlq, "treatMissingData"), "an empty queue publishes nothing to page on")
	assert.Equal(t, 1.0, number(t, dlq, "evaluationPeriods"), "one dead letter is enough to page")
	assert.Equal(t, 1.0, number(t, dlq, "datapointsToAlarm"))
	assert.Equal(t, []string{jobTopic}, stringsProp(dlq, "alarmActions"))
	assert.Equal(t, []string{jobTopic}, stringsProp(dlq, "okActions"))
}

// TestEveryJobOfTheStackIsWatched: the program gives each job, scheduled or on demand, its failed-run rule for its
// own task family in the stack's cluster, and the schedules' queue one alarm; without a scheduled job, no queue and
// no alarm on it.
func TestEveryJobOfTheStackIsWatched(t *testing.T) {
	rec := mustRunProgram(t, jobsStack())
	rules := map[string]string{}
	for _, rule := range rec.ofType(awstypes.CloudwatchEventRule) {
		var pattern struct {
			Detail struct {
				Group      []string `json:"group"`
				ClusterArn []string `json:"clusterArn"`
			} `json:"detail"`
		}
		require.NoError(t, json.Unmarshal([]byte(stringProp(rule.Inputs, "eventPattern")), &pattern))
		require.Len(t, pattern.Detail.Group, 1)
		require.Len(t, pattern.Detail.ClusterArn, 1)
		assert.Contains(t, pattern.Detail.ClusterArn[0], ":cluster/", "the rule watches the stack's cluster")
		rules[rule.Name] = pattern.Detail.Group[0]
	}
	families := map[string]string{}
	for _, td := range rec.ofType(awstypes.EcsTaskDefinition) {
		families[stringProp(td.Inputs, "family")] = td.Name
	}
	assert.Equal(t, map[string]string{"alarms-job-migrate-failed": "family:private-fargate-test-job-migrate",
		"alarms-job-nightly-failed": "family:private-fargate-test-job-nightly"}, rules)
	for _, group := range rules {
		assert.Contains(t, families, strings.TrimPrefix(group, "family:"), "the rule's group is a job's task family")
	}
	targets := rec.ofType(awstypes.CloudwatchEventTarget)
	assert.Len(t, targets, 2)
	alarms := alarmsByName(t, rec)
	dlq := alarms["private-fargate-test-jobs-dead-letters"]
	require.NotNil(t, dlq, "the schedules' dead-letter queue is watched")
	queues := rec.ofType(awstypes.SqsQueue)
	require.Len(t, queues, 1)
	assert.Equal(t, queues[0].Name+"-0a1b2c3", stringProp(dlq, "dimensions", "QueueName"),
		"the alarm reads the stack's queue by its generated name (mockaws)")

	onDemand := mustRunProgram(t, jobsConfig(map[string]any{"migrate": jobWith(nil)}))
	assert.Len(t, onDemand.ofType(awstypes.CloudwatchEventRule), 1)
	assert.NotContains(t, alarmsByName(t, onDemand), "private-fargate-test-jobs-dead-letters")
}

func TestAJobNameTooLongForTheRuleIsAnError(t *testing.T) {
	_, err := runJobAlarms(t, JobAlarmsArgs{Job: strings.Repeat("j", 50), TaskFamily: "f", ClusterArn: pulumi.String(jobCluster)}, "")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the maximum is 64")
}
