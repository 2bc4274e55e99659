package components

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/stackgen"
)

// TestProgramHandlesTwoHundredServicesAndFiftyJobs runs the program under mocks on the dev stack grown to 200
// services and 50 jobs (the generator the benchmarks use): every service and job gets its resources, and validation
// warns about the ALB's default rule and target group quotas it passes instead of refusing the stack.
func TestProgramHandlesTwoHundredServicesAndFiftyJobs(t *testing.T) {
	const services, jobs = 200, 50
	dev, err := os.ReadFile(filepath.Join("..", "Pulumi.dev.yaml"))
	require.NoError(t, err)
	grown, err := stackgen.Grow(dev, stackgen.Size{Services: services, Jobs: jobs})
	require.NoError(t, err)
	config, err := stackgen.RunInfoConfig(grown)
	require.NoError(t, err)
	withConfig := func(info *pulumi.RunInfo) { info.Config = config }

	var cfg *Config
	require.NoError(t, pulumi.RunErr(func(ctx *pulumi.Context) (err error) {
		cfg, err = LoadConfig(ctx)
		return err
	}, pulumi.WithMocks(configNamespace, mockStack, newRecorder("eu-west-1")), withConfig))

	rec := newRecorder("eu-west-1")
	require.NoError(t, pulumi.RunErr(Program, pulumi.WithMocks(configNamespace, mockStack, rec), withConfig))
	for _, typ := range []string{awstypes.EcsService, awstypes.LbTargetGroup, awstypes.LbListenerRule} {
		assert.Len(t, rec.ofType(typ), services, "%s", typ)
	}
	require.Len(t, cfg.Jobs, jobs)
	// Every service and every job has its own task definition; every scheduled job its schedule.
	assert.Len(t, rec.ofType(awstypes.EcsTaskDefinition), services+jobs)
	scheduled := 0
	for _, job := range cfg.Jobs {
		if job.Schedule != nil {
			scheduled++
		}
	}
	assert.Len(t, rec.ofType(awstypes.SchedulerSchedule), scheduled)
	assert.Positive(t, scheduled)
	warnings := cfg.QuotaWarnings()
	require.Len(t, warnings, 2, "%q", warnings)
	assert.Contains(t, warnings[0], albRulesQuotaCode)
	assert.Contains(t, warnings[1], albTargetGroupsQuotaCode)
}
