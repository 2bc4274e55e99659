package live

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// onceRunTask is the on-demand job's runTask export as `pulumi stack output jobs --json` prints it.
const onceRunTask = `{
  "cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/services-cluster-9a8b7c6",
  "taskDefinition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/private-fargate-live-a1b2c3-job-once:1",
  "count": 1,
  "capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1, "base": 1}],
  "platformVersion": "LATEST",
  "networkConfiguration": {"awsvpcConfiguration": {
    "subnets": ["subnet-0aaa000000000001", "subnet-0bbb000000000002"],
    "securityGroups": ["sg-0f1e2d3c4b5a69788"],
    "assignPublicIp": "DISABLED"
  }},
  "propagateTags": "TASK_DEFINITION",
  "enableECSManagedTags": true,
  "startedBy": "once",
  "tags": [{"key": "job", "value": "once"}, {"key": "live-test-stack", "value": "live-a1b2c3"}]
}`

// TestRunTaskInputSendsWhatTheExportSays decodes the export, sends it through the real ECS client and compares the
// request body with the export: nothing is dropped or renamed on the way (the JSON 1.1 body and --cli-input-json
// spell RunTask's members alike). Members left at their zero value are left out of both sides, as the SDK omits
// them, and so is the clientToken the SDK adds to every RunTask (an idempotency token; the CLI adds one too).
func TestRunTaskInputSendsWhatTheExportSays(t *testing.T) {
	in, err := RunTaskInput(json.RawMessage(onceRunTask))
	require.NoError(t, err)
	replay := newReplay(t, "job-passes")
	_, err = replay.ecs().RunTask(context.Background(), in)
	require.NoError(t, err)
	require.Len(t, replay.bodies["RunTask"], 1)
	var sent map[string]any
	require.NoError(t, json.Unmarshal([]byte(replay.bodies["RunTask"][0]), &sent))
	assert.NotEmpty(t, sent["clientToken"])
	delete(sent, "clientToken")
	body, err := json.Marshal(sent)
	require.NoError(t, err)
	assert.JSONEq(t, withoutZeroValues(t, onceRunTask), withoutZeroValues(t, string(body)))
}

func withoutZeroValues(t *testing.T, document string) string {
	t.Helper()
	var value any
	require.NoError(t, json.Unmarshal([]byte(document), &value))
	var prune func(any) any
	prune = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for key, item := range v {
				if item == nil || item == false || item == 0.0 || item == "" {
					delete(v, key)
					continue
				}
				v[key] = prune(item)
			}
		case []any:
			for i := range v {
				v[i] = prune(v[i])
			}
		}
		return v
	}
	out, err := json.Marshal(prune(value))
	require.NoError(t, err)
	return string(out)
}

func TestRunTaskInputRefusesWhatItCannotPromise(t *testing.T) {
	tests := []struct {
		name, edit string
		problems   []string
	}{
		{"a public IP", `"assignPublicIp": "ENABLED"`, []string{`assignPublicIp is "ENABLED", want DISABLED`}},
		{"assignPublicIp left to the default", `"assignPublicIp": ""`, []string{`assignPublicIp is "", want DISABLED`}},
		{"no subnets", `"subnets": []`, []string{"subnets is empty"}},
		{"no cluster", `"cluster": ""`, []string{"no cluster or no taskDefinition"}},
		{"no capacity provider strategy nor launch type", `"capacityProviderStrategy": []`, []string{"neither a launchType nor a capacityProviderStrategy"}},
		{"no network configuration", `"networkConfiguration": null`, []string{"no networkConfiguration.awsvpcConfiguration"}},
	}
	originals := map[string]string{
		"assignPublicIp": `"assignPublicIp": "DISABLED"`, "subnets": `"subnets": ["subnet-0aaa000000000001", "subnet-0bbb000000000002"]`,
		"cluster": `"cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/services-cluster-9a8b7c6"`, "capacityProviderStrategy": `"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1, "base": 1}]`,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := strings.Trim(strings.SplitN(tt.edit, ":", 2)[0], `"`)
			document := onceRunTask
			if original, ok := originals[key]; ok {
				document = strings.Replace(document, original, tt.edit, 1)
			} else {
				start := strings.Index(document, `"networkConfiguration"`)
				end := strings.Index(document, `"propagateTags"`)
				document = document[:start] + tt.edit + ",\n  " + document[end:]
			}
			require.NotEqual(t, onceRunTask, document)
			_, err := RunTaskInput(json.RawMessage(document))
			requireProblems(t, err, tt.problems...)
		})
	}
	t.Run("a key it does not map", func(t *testing.T) {
		_, err := RunTaskInput(json.RawMessage(`{"cluster": "c", "overrides": {"containerOverrides": []}}`))
		require.Error(t, err)
		assert.Contains(t, err.Error(), `unknown field "overrides"`)
	})
}

// jobInput is the on-demand job's decoded export.
func jobInput(t *testing.T) *ecs.RunTaskInput {
	t.Helper()
	in, err := RunTaskInput(json.RawMessage(onceRunTask))
	require.NoError(t, err)
	return in
}

func TestRunJob(t *testing.T) {
	ctx := context.Background()
	t.Run("passes when the task pulled its image, ran and every essential container exited 0", func(t *testing.T) {
		replay := newReplay(t, "job-passes")
		require.NoError(t, RunJob(ctx, replay.ecs(), OnDemandJobName, jobInput(t), time.Millisecond))
		assert.Equal(t, 2, replay.callsOf("DescribeTasks"), "polled until STOPPED")
		assert.Contains(t, replay.bodies["DescribeTaskDefinition"][0], "private-fargate-live-a1b2c3-job-once:1",
			"the essential containers come from the revision the task ran")
		assert.Contains(t, replay.bodies["RunTask"][0], `"assignPublicIp":"DISABLED"`)
	})
	t.Run("fails when an essential container exits non-zero, whatever the others do", func(t *testing.T) {
		requireProblems(t, RunJob(ctx, newReplay(t, "job-fails", "job-passes").ecs(), OnDemandJobName, jobInput(t), time.Millisecond),
			"job once: task arn:aws:ecs:eu-west-1:123456789012:task/services-cluster-9a8b7c6/7c6b5a4d3e2f41008f9e8d7c6b5a4d3e: essential container app exited with 1")
	})
	t.Run("fails with the pull error when the image could not be pulled", func(t *testing.T) {
		requireProblems(t, RunJob(ctx, newReplay(t, "job-cannot-pull", "job-passes").ecs(), OnDemandJobName, jobInput(t), time.Millisecond),
			"could not pull its image or secrets through the endpoints (TaskFailedToStart: CannotPullContainerError")
	})
	t.Run("fails when an essential container has no exit code and no pulled image", func(t *testing.T) {
		requireProblems(t, RunJob(ctx, newReplay(t, "job-no-digest", "job-passes").ecs(), OnDemandJobName, jobInput(t), time.Millisecond),
			"container app has no image digest: its image was not pulled",
			"essential container app has no exit code (Task stopped by user; Task stopped by user)")
	})
	t.Run("fails with ECS's reason when RunTask refuses", func(t *testing.T) {
		requireProblems(t, RunJob(ctx, newReplay(t, "job-refused").ecs(), OnDemandJobName, jobInput(t), time.Millisecond),
			"run job once: MISSING capacity provider FARGATE is not associated with the cluster")
	})
	t.Run("fails when the task never reached RUNNING", func(t *testing.T) {
		task := ecstypes.Task{TaskArn: aws.String("t-1"), StopCode: ecstypes.TaskStopCodeTaskFailedToStart, StoppedReason: aws.String("Timeout waiting for network interface provisioning to complete.")}
		requireProblems(t, jobResult("job once", task, &ecstypes.TaskDefinition{}), "job once: task t-1 never reached RUNNING (TaskFailedToStart: Timeout")
	})
}

// wantSchedule is what the recorded schedule (testdata/schedule-passes) should be.
var wantSchedule = Schedule{Job: ScheduledJobName, Name: "nightly", Group: "jobs-schedules-1a2b3c4",
	ClusterName: cluster, SubnetIDs: subnetIDs, TaskDefinitionFamily: "private-fargate-live-a1b2c3-job-nightly"}

func TestCheckSchedule(t *testing.T) {
	ctx := context.Background()
	t.Run("passes when the schedule is in its group and starts the job's task privately", func(t *testing.T) {
		replay := newReplay(t, "schedule-passes")
		require.NoError(t, CheckSchedule(ctx, replay.scheduler(), wantSchedule))
		assert.Equal(t, []string{"/schedules/nightly?groupName=jobs-schedules-1a2b3c4"}, replay.pathsOf("GetSchedule"))
	})
	t.Run("fails on every difference at once", func(t *testing.T) {
		requireProblems(t, CheckSchedule(ctx, newReplay(t, "schedule-wrong").scheduler(), wantSchedule),
			`schedule nightly is in group "default", want "jobs-schedules-1a2b3c4"`,
			"schedule nightly is DISABLED, want ENABLED",
			`targets "arn:aws:ecs:eu-west-1:123456789012:cluster/other-cluster", want the ARN of cluster services-cluster-9a8b7c6`,
			"has no dead-letter queue",
			`runs task definition "arn:aws:ecs:eu-west-1:123456789012:task-definition/private-fargate-live-a1b2c3-job-once:1", want family private-fargate-live-a1b2c3-job-nightly`,
			`starts tasks with assignPublicIp "ENABLED", want DISABLED`,
			"starts tasks in subnets [subnet-0ccc000000000003], want the private subnets [subnet-0aaa000000000001 subnet-0bbb000000000002]")
	})
	t.Run("fails when the schedule does not start a task", func(t *testing.T) {
		requireProblems(t, CheckSchedule(ctx, newReplay(t, "schedule-no-target").scheduler(), wantSchedule),
			"has no ECS parameters: it does not start a task")
	})
	t.Run("fails with AWS's error when the schedule is not there", func(t *testing.T) {
		err := CheckSchedule(ctx, newReplay(t, "schedule-missing").scheduler(), wantSchedule)
		requireProblems(t, err, "job nightly: get schedule nightly in group jobs-schedules-1a2b3c4")
		assert.Contains(t, err.Error(), "ResourceNotFoundException: Schedule nightly does not exist.")
	})
	t.Run("fails without a schedule name", func(t *testing.T) {
		missing := wantSchedule
		missing.Group = ""
		requireProblems(t, CheckSchedule(ctx, newReplay(t, "schedule-passes").scheduler(), missing), "gives no scheduleName or scheduleGroupName")
	})
}

func TestTaskDefinitionFamily(t *testing.T) {
	tests := map[string]string{
		"arn:aws:ecs:eu-west-1:123456789012:task-definition/jobs-once:12": "jobs-once",
		"arn:aws:ecs:eu-west-1:123456789012:task-definition/jobs-once":    "jobs-once",
		"arn:aws:ecs:eu-west-1:123456789012:cluster/jobs-once":            "",
		"jobs-once:12": "",
	}
	for in, want := range tests {
		assert.Equal(t, want, taskDefinitionFamily(in), in)
	}
}
