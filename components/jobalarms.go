package components

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// JobAlarmsArgs describes one scheduled job to AddJobAlarms.
type JobAlarmsArgs struct {
	// Job is the job's config key; it names the alarms and the rule.
	Job string
	// TaskFamily is the job's task definition family; ECS puts its tasks in the group "family:<TaskFamily>".
	TaskFamily string
	// ClusterArn is the cluster the job's tasks run in.
	ClusterArn pulumi.StringInput
}

// The dead-letter alarm: its kind, and the scope it has in place of a service name. The queue is the stack's, shared
// by every schedule (Jobs), so one alarm covers them all; a service may be called "jobs", but no service alarm has
// this kind, so the names stay apart.
const (
	alarmJobDeadLetters = "dead-letters"
	jobsAlarmScope      = "jobs"
)

// jobFailedPattern is the EventBridge pattern of a failed run of the job: an "ECS Task State Change" of a task of its
// group in its cluster that STOPPED with a container exiting non-zero, or that never started (EventBridge User Guide,
// "Content filtering in Amazon EventBridge event patterns": anything-but, $or; ECS Developer Guide, "Amazon ECS task
// state change events": detail.group, lastStatus, stopCode TaskFailedToStart, containers[].exitCode).
func jobFailedPattern(clusterArn, taskFamily string) (string, error) {
	pattern := map[string]any{
		"source":      []string{"aws.ecs"},
		"detail-type": []string{"ECS Task State Change"},
		"detail": map[string]any{
			"clusterArn": []string{clusterArn},
			"group":      []string{"family:" + taskFamily},
			"lastStatus": []string{"STOPPED"},
			"$or": []any{
				map[string]any{"containers": map[string]any{"exitCode": []any{map[string]any{"anything-but": 0}}}},
				map[string]any{"stopCode": []string{"TaskFailedToStart"}},
			},
		},
	}
	out, err := json.Marshal(pattern)
	return string(out), err
}

// jobFailedMessage is the text the topic sends for a failed run: an input template whose output is a JSON string
// (EventBridge User Guide, "Amazon EventBridge input transformation": to send a string, quote the template).
func jobFailedMessage(project, stack, job string) string {
	return fmt.Sprintf(`"Job %s of %s/%s failed: task <task> stopped at <time> (<stopCode>): <reason>. `+
		`Logs: the job's log group, stream of task <task>."`, job, project, stack)
}

// AddJobAlarms registers a job's failed-run rule, with the topic as its target, and records the rule's name. It
// matches every run of the job, scheduled or started on demand: neither sets a task group, so ECS puts the task in
// "family:<family>" (ECS API Reference, RunTask group: "The default value is the family name of the task
// definition").
func (a *Alarms) AddJobAlarms(ctx *pulumi.Context, job JobAlarmsArgs) error {
	ruleName := a.name + "-job-" + job.Job + "-failed"
	// The rule's auto-name must fit EventBridge's 64 characters (awstypes.AutoNames): job names have at most 32
	// characters (maxServiceNameLength), so "alarms-job-<32>-failed" plus the suffix fits; this guards the class.
	if problem := autoNameProblem(awstypes.CloudwatchEventRule, ruleName, "", ""); problem != "" {
		return fmt.Errorf("%s", problem)
	}
	pattern := job.ClusterArn.ToStringOutput().ApplyT(func(clusterArn string) (string, error) {
		return jobFailedPattern(clusterArn, job.TaskFamily)
	}).(pulumi.StringOutput)
	rule, err := cloudwatch.NewEventRule(ctx, ruleName, &cloudwatch.EventRuleArgs{
		Description:  pulumi.String(fmt.Sprintf("Failed runs of job %s (task group family:%s)", job.Job, job.TaskFamily)),
		EventPattern: pattern,
		Tags:         nameTags(a.tags, ruleName),
	}, a.parentOption)
	if err != nil {
		return err
	}
	if _, err := cloudwatch.NewEventTarget(ctx, ruleName, &cloudwatch.EventTargetArgs{
		Rule: rule.Name,
		Arn:  a.TopicArn,
		InputTransformer: &cloudwatch.EventTargetInputTransformerArgs{
			InputPaths: pulumi.StringMap{
				"task":     pulumi.String("$.detail.taskArn"),
				"time":     pulumi.String("$.time"),
				"stopCode": pulumi.String("$.detail.stopCode"),
				"reason":   pulumi.String("$.detail.stoppedReason"),
			},
			InputTemplate: pulumi.String(jobFailedMessage(a.project, a.stack, job.Job)),
		},
	}, a.parentOption); err != nil {
		return err
	}
	a.JobFailedRuleNames[job.Job] = rule.Name
	return nil
}

// AddDeadLetterAlarm registers the alarm on the depth of the stack's schedules' dead-letter queue: one invocation
// that EventBridge Scheduler could not deliver (its retries spent) pages at once. The message in the queue names the
// schedule (EventBridge Scheduler User Guide, "Configuring a dead-letter queue": the message attributes carry the
// schedule ARN and the error).
func (a *Alarms) AddDeadLetterAlarm(ctx *pulumi.Context, queueName pulumi.StringInput) error {
	_, err := a.newAlarm(ctx, a.name+"-"+jobsAlarmScope+"-"+alarmJobDeadLetters, metricAlarm{
		scope: jobsAlarmScope, kind: alarmJobDeadLetters,
		description: "Jobs: a scheduled run could not be started and waits in the schedules' dead-letter queue " +
			"(the message names the schedule)",
		threshold: 0, comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		// SQS publishes queue metrics once a minute (SQS Developer Guide, "Available CloudWatch metrics for Amazon SQS").
		namespace: namespaceSQS, metricName: "ApproximateNumberOfMessagesVisible", statistic: "Maximum",
		dimensions:        pulumi.StringMap{"QueueName": queueName},
		evaluationPeriods: 1, datapointsToAlarm: 1,
	})
	return err
}
