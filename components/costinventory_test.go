package components

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/costestimate"
)

func TestCostInventoryPricesJobsPerRunAtTheirSchedule(t *testing.T) {
	image := map[string]ContainerConfig{AppContainer: {Image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/job:1"}}
	cfg := &Config{Region: "eu-west-1", Jobs: map[string]JobConfig{
		"drain": {TaskConfig: TaskConfig{Cpu: 1024, Memory: 2048, Containers: image},
			Schedule: &ScheduleConfig{Expression: "rate(15 minutes)"}, ExpectedRunMinutes: 3},
		"nightly": {TaskConfig: TaskConfig{Containers: image, LaunchType: "FARGATE"},
			Schedule: &ScheduleConfig{Expression: "cron(30 2 * * ? *)", Timezone: "Europe/Berlin"}},
		"paused": {TaskConfig: TaskConfig{Containers: image},
			Schedule: &ScheduleConfig{Expression: "rate(1 hour)", Enabled: boolPtr(false)}},
		"migrate": {TaskConfig: TaskConfig{Containers: image, CapacityProviderStrategy: []CapacityProviderStrategyItem{
			{CapacityProvider: "FARGATE_SPOT", Weight: intPtr(1)}}}},
	}}
	cfg.applyDefaults()
	jobs := CostInventory("test", cfg).Jobs
	require.Len(t, jobs, 4)
	assert.Equal(t, costestimate.Job{Name: "drain",
		TaskSize:   costestimate.TaskSize{VCPU: 1, MemoryGB: 2, Architecture: "X86_64", SpotShare: 0},
		Expression: "rate(15 minutes)", RunsPerMonth: 2880, ExpectedRunMinutes: 3}, jobs[0], "rate is exact: 30 days / 15 minutes")
	assert.Equal(t, "migrate", jobs[1].Name)
	assert.Zero(t, jobs[1].RunsPerMonth, "on demand: no scheduled runs")
	assert.Empty(t, jobs[1].Expression)
	assert.Equal(t, 1.0, jobs[1].SpotShare, "the job's own strategy")
	assert.Equal(t, 10.0, jobs[1].ExpectedRunMinutes, "the default run length")
	assert.Equal(t, "nightly", jobs[2].Name)
	assert.InDelta(t, 30, jobs[2].RunsPerMonth, 0.1, "a daily cron runs about 30 times in a 30-day month")
	assert.Zero(t, jobs[2].SpotShare, "launchType FARGATE never runs on spot")
	assert.Equal(t, "paused", jobs[3].Name)
	assert.Zero(t, jobs[3].RunsPerMonth, "a disabled schedule runs nothing")
}
