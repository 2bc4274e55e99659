package costestimate

import (
	"os"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Jobs of the tests below, priced by hand from prices/eu-west-1.json.
var (
	// nightly: 30 runs × 10 min × (1 × 0.04048 + 2 × 0.004445) = 30 × 0.0082283 = 0.24685.
	nightly = Job{Name: "nightly", TaskSize: TaskSize{VCPU: 1, MemoryGB: 2, Architecture: "X86_64"}, Expression: "cron(0 3 * * ? *)", RunsPerMonth: 30, ExpectedRunMinutes: 10}
	// sweep: every 15 minutes, half a minute billed as the one-minute minimum, all on Spot:
	// 2880 × 60 s × (0.25 × 0.04048 + 0.5 × 0.004445) / 3600 × (1 − 0.7) = 2880 × 0.0000617125 = 0.177732.
	sweep = Job{Name: "sweep", TaskSize: TaskSize{VCPU: 0.25, MemoryGB: 0.5, Architecture: "X86_64", SpotShare: 1}, Expression: "rate(15 minutes)", RunsPerMonth: 2880, ExpectedRunMinutes: 0.5}
	// poll: every minute on ARM64 with 50 GiB of ephemeral storage, a quarter minute billed as one:
	// 43200 × (0.03238 + 2 × 0.00356 + 30 × 0.000111) / 60 = 43200 × 0.00071383 = 30.8376.
	poll = Job{Name: "poll", TaskSize: TaskSize{VCPU: 1, MemoryGB: 2, Architecture: "ARM64", EphemeralStorageGiB: 50}, Expression: "rate(1 minute)", RunsPerMonth: 43200, ExpectedRunMinutes: 0.25}
	// migrate runs on demand: 10 min × (0.5 × 0.04048 + 1 × 0.004445) / 60 = 0.00411417 a run.
	migrate = Job{Name: "migrate", TaskSize: TaskSize{VCPU: 0.5, MemoryGB: 1, Architecture: "X86_64"}, ExpectedRunMinutes: 10}
	// backfill runs once: the same 0.00411417, once.
	backfill = Job{Name: "backfill", TaskSize: TaskSize{VCPU: 0.5, MemoryGB: 1, Architecture: "X86_64"}, Expression: "at(2027-01-31T23:00:00)", ExpectedRunMinutes: 10}
	// paused is a disabled schedule: no runs, no cost.
	paused = Job{Name: "paused", TaskSize: TaskSize{VCPU: 1, MemoryGB: 2, Architecture: "X86_64"}, Expression: "cron(0 3 * * ? *)", ExpectedRunMinutes: 10}
)

func withJobs(inv Inventory, jobs ...Job) Inventory {
	inv.Jobs = jobs
	return inv
}

func TestJobsArePricedPerRunTimesRunsPerMonth(t *testing.T) {
	tests := []struct {
		name  string
		jobs  []Job
		lines map[string]float64
	}{
		{"a daily cron job", []Job{nightly}, map[string]float64{"job:nightly": 0.25, "schedulerInvocations": 0}},
		{"Spot and the one-minute minimum", []Job{sweep}, map[string]float64{"job:sweep": 0.18, "schedulerInvocations": 0}},
		// 43,200 invocations × $1 per million = 0.0432.
		{"ARM64, ephemeral storage and a visible Scheduler line", []Job{poll}, map[string]float64{"job:poll": 30.84, "schedulerInvocations": 0.04}},
		// 30 + 2880 + 43,200 = 46,110 invocations: 0.04611.
		{"invocations add up over jobs", []Job{nightly, sweep, poll}, map[string]float64{"job:nightly": 0.25, "job:sweep": 0.18, "job:poll": 30.84, "schedulerInvocations": 0.05}},
		{"on-demand and one-time jobs have no monthly line", []Job{migrate, backfill}, map[string]float64{}},
		{"a disabled schedule costs nothing", []Job{paused}, map[string]float64{"job:paused": 0, "schedulerInvocations": 0}},
	}
	base := Inventory{AvailabilityZones: 2, Egress: "none"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report := Estimate(withJobs(base, tt.jobs...), euWest1(t))
			got := map[string]float64{}
			total := 0.0
			for _, line := range report.Lines {
				got[line.Key] = line.Monthly
				total += line.Monthly
			}
			assert.Equal(t, tt.lines, got)
			assert.InDelta(t, total, report.Total, 0.001)
		})
	}
}

func TestJobLinesShowTheirArithmetic(t *testing.T) {
	report := Estimate(withJobs(devInventory(), nightly, sweep, poll, migrate, backfill), euWest1(t))
	details := map[string]string{}
	for _, line := range report.Lines {
		details[line.Key] = line.Detail
	}
	assert.Equal(t, "30 runs a month (cron(0 3 * * ? *)) × $0.008228 per run = 30 × 10 min × (1 vCPU × $0.04048 + 2 GB × $0.004445)/h, X86_64, on-demand",
		details["job:nightly"])
	assert.Equal(t, "2880 runs a month (rate(15 minutes)) × $0.000062 per run = 2880 × 1 min × (0.25 vCPU × $0.04048 + 0.5 GB × $0.004445)/h, X86_64, 100% on Spot at 70% off",
		details["job:sweep"])
	assert.Equal(t, "43200 runs a month (rate(1 minute)) × $0.000714 per run = 43200 × 1 min × (1 vCPU × $0.03238 + 2 GB × $0.00356)/h, ARM64, + 30 GB ephemeral × $0.000111, on-demand",
		details["job:poll"])
	assert.Equal(t, "46110 invocations × $1 per million (free tier not subtracted: the account's first 14 million a month are free, shared by all its schedules)",
		details["schedulerInvocations"])
	assert.Contains(t, report.Rates, "Fargate job migrate, on demand: $0.004114 per run (10 min × (0.5 vCPU × $0.04048 + 1 GB × $0.004445)/h, X86_64, on-demand)")
	assert.Contains(t, report.Rates, "Fargate job backfill, once at at(2027-01-31T23:00:00): $0.004114 for its single run, not monthly (10 min × (0.5 vCPU × $0.04048 + 1 GB × $0.004445)/h, X86_64, on-demand)")
	assert.Contains(t, report.Excluded, "SQS requests of the schedules' dead-letter queue")
	require.NotEmpty(t, report.Assumptions)
	assert.Contains(t, report.Assumptions[len(report.Assumptions)-1], "one-minute minimum")

	text, markdown := report.Text(), report.Markdown()
	for _, want := range []string{"Fargate job nightly", "EventBridge Scheduler invocations", "Fargate job migrate, on demand"} {
		assert.Contains(t, text, want)
		assert.Contains(t, markdown, want)
	}
	assert.Contains(t, markdown, "| Fargate job poll | $30.84 | 43200 runs a month (rate(1 minute))")
}

func TestJobsAreInEveryEgressAlternative(t *testing.T) {
	plain := Estimate(devInventory(), euWest1(t))
	withPoll := Estimate(withJobs(devInventory(), poll), euWest1(t))
	require.Len(t, withPoll.Alternatives, len(plain.Alternatives))
	for i := range plain.Alternatives {
		assert.InDelta(t, plain.Alternatives[i].Monthly+30.84+0.04, withPoll.Alternatives[i].Monthly, 0.001, plain.Alternatives[i].Label)
	}
}

func TestBilledSecondsRoundUpWithAOneMinuteMinimum(t *testing.T) {
	tests := []struct {
		minutes float64
		want    int
	}{
		{0, 60}, {0.5, 60}, {1, 60}, {1.01, 61}, {2.5, 150}, {10, 600},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, billedSeconds(tt.minutes), "%v minutes", tt.minutes)
	}
}

func TestJobLinesReachTheStackOutput(t *testing.T) {
	output := StackOutput(withJobs(devInventory(), nightly))
	assert.Equal(t, pulumi.Map{
		"interfaceEndpoints": pulumi.Float64(48.18), "alb": pulumi.Float64(24.24), "service:web": pulumi.Float64(18.02),
		"job:nightly": pulumi.Float64(0.25), "schedulerInvocations": pulumi.Float64(0),
	}, output["lines"])
	assert.Equal(t, pulumi.Float64(90.69), output["monthlyFixed"])
}

// TestEstimateWithoutJobsIsUnchanged renders stacks without jobs and compares them byte for byte with what the
// estimate printed before jobs existed (testdata/nojobs-*, written by the code of commit 85d32a2).
func TestEstimateWithoutJobsIsUnchanged(t *testing.T) {
	mixed := Inventory{Stack: "mixed", Region: "eu-west-1", AvailabilityZones: 2, Egress: "nat-single", EndpointsEnabled: true,
		EndpointServices: []string{"ecr.api"}, ALB: true,
		Services: []Service{{Name: "api", TaskSize: TaskSize{VCPU: 1, MemoryGB: 2, Architecture: "ARM64"}, Tasks: 2},
			{Name: "worker", TaskSize: TaskSize{VCPU: 0.25, MemoryGB: 0.5, Architecture: "X86_64", SpotShare: 0.5625, EphemeralStorageGiB: 50}, Tasks: 4}}}
	for name, inv := range map[string]Inventory{"dev": devInventory(), "prod": prodInventory(), "mixed": mixed} {
		t.Run(name, func(t *testing.T) {
			report := Estimate(inv, euWest1(t))
			text, err := os.ReadFile("testdata/nojobs-" + name + ".txt")
			require.NoError(t, err)
			markdown, err := os.ReadFile("testdata/nojobs-" + name + ".md")
			require.NoError(t, err)
			assert.Equal(t, string(text), report.Text())
			assert.Equal(t, string(markdown), report.Markdown())
		})
	}
}
