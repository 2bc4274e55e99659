package engine

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestJobsAreAddedWithoutTouchingTheStack deploys the dev stack without its jobs, then adds its scheduled and its
// on-demand job through the stand-in: the preview only creates (every new resource named after the jobs, or one of the
// jobs' alarms) and updates the dashboard in place with the jobs' bands, the up creates the schedule in the stack's
// group, and the `jobs` output carries each job's RunTask input.
func TestJobsAreAddedWithoutTouchingTheStack(t *testing.T) {
	t.Parallel()
	withoutJobs := devConfigWith(t, func(c map[string]any) { delete(c, "private-fargate:jobs") })
	e := newEngine(t, "dev", components.Program, withoutJobs)
	_, _, err := e.up(t, false)
	require.NoError(t, err, "up of the dev stack without jobs")
	before := e.resources(t)

	e.useConfig(t, devConfigFile(t))
	preview, evts, err := e.preview(t, true)
	require.NoError(t, err, "preview with the jobs, with the policy pack")
	assert.Empty(t, policyViolations(evts, "mandatory"), "the jobs pass every mandatory rule")
	for op := range preview.ChangeSummary {
		assert.Contains(t, []apitype.OpType{apitype.OpCreate, apitype.OpSame, apitype.OpUpdate}, op, "adding jobs only creates (and updates the dashboard)")
	}
	for urn, op := range stepOps(evts) {
		name := resource.URN(urn).Name()
		switch op {
		case apitype.OpCreate:
			_, existed := before[urn]
			assert.False(t, existed, "%s already existed", urn)
			jobAlarm := strings.HasPrefix(name, "alarms-job-") || name == "alarms-jobs-dead-letters"
			assert.True(t, strings.HasPrefix(name, "jobs") || jobAlarm, "%s is new, so it belongs to the jobs", urn)
		case apitype.OpUpdate:
			assert.Equal(t, awstypes.CloudwatchDashboard, string(resource.URN(urn).Type()), "only the dashboard changes: %s", urn)
		}
	}

	up, _, err := e.up(t, false)
	require.NoError(t, err, "up with the jobs")
	after := e.resources(t)
	for urn, id := range before {
		assert.Equal(t, id, after[urn], "%s keeps its id", urn)
	}
	var schedules, queues []string
	for urn, id := range after {
		switch string(resource.URN(urn).Type()) {
		case awstypes.SchedulerSchedule:
			schedules = append(schedules, id)
		case awstypes.SqsQueue:
			queues = append(queues, id)
		}
	}
	require.Len(t, schedules, 1, "one scheduled job")
	require.Len(t, queues, 1, "one dead-letter queue")

	jobs, ok := up.Outputs["jobs"].Value.(map[string]any)
	require.True(t, ok, "jobs output: %v", up.Outputs["jobs"].Value)
	nightly, ok := jobs["nightly-report"].(map[string]any)
	require.True(t, ok)
	group, _ := nightly["scheduleGroupName"].(string)
	assert.True(t, strings.HasPrefix(group, "jobs-schedules-"), "the stack's own group, auto-named: %q", group)
	assert.Equal(t, "nightly-report", nightly["scheduleName"])
	assert.Equal(t, []string{group + "/nightly-report"}, schedules, "the stand-in created the schedule in that group")

	migrate, ok := jobs["migrate"].(map[string]any)
	require.True(t, ok)
	assert.Empty(t, migrate["scheduleGroupName"], "an on-demand job has no schedule")
	runTask, ok := migrate["runTask"].(map[string]any)
	require.True(t, ok)
	awsvpc := runTask["networkConfiguration"].(map[string]any)["awsvpcConfiguration"].(map[string]any)
	assert.Equal(t, "DISABLED", awsvpc["assignPublicIp"])
	assert.Equal(t, up.Outputs["privateSubnetIds"].Value, awsvpc["subnets"])
	assert.Equal(t, up.Outputs["clusterArn"].Value, runTask["cluster"])
	assert.True(t, strings.Contains(runTask["taskDefinition"].(string), ":task-definition/private-fargate-dev-job-migrate:"),
		"the job's family: %v", runTask["taskDefinition"])
	assert.Equal(t, "migrate", runTask["startedBy"])

	// A second preview of the same config changes nothing.
	again, _, err := e.preview(t, false)
	require.NoError(t, err)
	for op := range again.ChangeSummary {
		assert.Equal(t, apitype.OpSame, op, "a repeated preview is a no-op")
	}
}
