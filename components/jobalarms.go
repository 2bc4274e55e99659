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
	// DeadLetterQueueName is the SQS queue that receives the job's undeliverable invocations; nil for none.
	DeadLetterQueueName pulumi.StringInput
}

// Alarm kinds of a job.
const (
	alarmJobDeadLetters = "dead-letters"
	// jobAlarmScopePrefix keeps a job's alarms apart from a service of the same name.
	jobAlarmScopePrefix = "job-"
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

// AddJobAlarms registers a job's failed-run rule (with the topic as its target) and, when it has a dead-letter queue,
// the alarm on that queue's depth.
func (a *Alarms) AddJobAlarms(ctx *pulumi.Context, job JobAlarmsArgs) error {
	name := a.name + "-job-" + job.Job
	ruleName := name + "-failed"
	// The rule's auto-name must fit EventBridge's 64 characters (awstypes.AutoNames): the job key keeps it short.
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
	if job.DeadLetterQueueName == nil {
		return nil
	}
	_, err = a.newAlarm(ctx, name+"-"+alarmJobDeadLetters, metricAlarm{
		scope: jobAlarmScopePrefix + job.Job, kind: alarmJobDeadLetters,
		description: fmt.Sprintf("Job %s: an invocation could not be delivered and waits in its dead-letter queue", job.Job),
		threshold:   0, comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		// SQS publishes queue metrics once a minute (SQS Developer Guide, "Available CloudWatch metrics for Amazon SQS").
		namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", statistic: "Maximum",
		dimensions:        pulumi.StringMap{"QueueName": job.DeadLetterQueueName},
		evaluationPeriods: 1, datapointsToAlarm: 1,
	})
	return err
}
