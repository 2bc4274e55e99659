package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/programrun"
)

// TestShippedStacksCostWhatWasComputedByHand runs the estimate the way `make cost` does, from Pulumi.<stack>.yaml.
// The figures are computed by hand in internal/costestimate/estimate_test.go; when a stack file changes what it
// pays for, recompute them there and here. The jobs add, per 29.92 runs of their Berlin cron a month: dev's 5-minute
// 0.25 vCPU / 0.5 GB run 5/60 h × (0.25 × $0.04048 + 0.5 × $0.004445) = $0.001029, so $0.0308 (90.44 → 90.47); prod's
// 15-minute 0.5 vCPU / 1 GB run 15/60 h × (0.5 × $0.04048 + 1 × $0.004445) = $0.006171, so $0.1846 (275.59 → 275.77);
// their Scheduler invocations cost $0.00003; the on-demand migrations nothing a month. The alarms add $5.00 to each:
// 10 alarm metrics at $0.10 (web's 4 target and 4 service metrics, the ALB's 1, the schedules' dead-letter queue's 1),
// the dashboard $3 and the topic's key $1 (internal/costestimate/monitoring_test.go). Totals are in whole cents.
// The app stack dev-payments pays only for what it adds on dev's network and ALB: billing's 1 task of 0.25 vCPU /
// 0.5 GB, 730 × (0.25 × $0.04048 + 0.5 × $0.004445) = $9.01; invoices' 30 runs a month (06:00 Berlin) of 3 minutes,
// 30 × 3/60 × $0.012343 = $0.02; 9 alarm metrics (billing's 4 target and 4 service metrics, its dead-letter queue's 1,
// no ALB alarm: that is dev's) $0.90, its dashboard $3 and its topic's key $1: $13.93.
func TestShippedStacksCostWhatWasComputedByHand(t *testing.T) {
	for stack, want := range map[string]float64{"dev": 95.47, "prod": 280.77, "dev-payments": 13.93} {
		report, err := programrun.CostReport("../..", stack)
		require.NoError(t, err)
		assert.InDelta(t, want, report.Total, 0.001, stack)
	}
}

func TestCommandPrintsTextAndMarkdown(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, 0, run([]string{"-repo", "../..", "-stack", "dev"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "total per month                        $95.47")
	assert.Contains(t, out.String(), "nat-single with the interface endpoints: $134.16 (+$38.69)")

	out.Reset()
	require.Equal(t, 0, run([]string{"-repo", "../..", "-stack", "prod", "-format", "markdown"}, &out, &errOut), errOut.String())
	assert.True(t, strings.HasPrefix(out.String(), "#### Monthly cost estimate: stack `prod`"))
	assert.Contains(t, out.String(), "| **total** | **$280.77** | |")

	out.Reset()
	require.Equal(t, 0, run([]string{"-repo", "../..", "-stack", "dev-payments"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "total per month                        $13.93")
	assert.Contains(t, out.String(), "app stack: the VPC, NAT gateways, interface endpoints and load balancers are platform "+
		"stack organization/private-fargate/dev's")
	assert.NotContains(t, out.String(), "Other egress modes", "an app stack has no egress mode of its own")
	assert.NotContains(t, out.String(), "\n  ALB ", "the ALB is the platform's: no line of this stack")

	errOut.Reset()
	assert.Equal(t, 1, run([]string{"-repo", "../..", "-stack", "nosuchstack"}, &out, &errOut))
	assert.Contains(t, errOut.String(), "nosuchstack")
}

// TestReadmeShowsTheCurrentEstimates keeps the README's cost table in step with the estimate.
func TestReadmeShowsTheCurrentEstimates(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	for _, stack := range []string{"dev", "prod"} {
		report, err := programrun.CostReport("../..", stack)
		require.NoError(t, err)
		alternative := map[string]float64{}
		for _, alt := range report.Alternatives {
			alternative[alt.Label] = alt.Monthly
		}
		row := fmt.Sprintf("| `%s` | $%.2f | $%.2f | $%.2f | $%.2f |", stack, report.Total,
			alternative["nat-single with the interface endpoints"], alternative["nat-single without interface endpoints"],
			alternative["nat-per-az with the interface endpoints"])
		assert.Contains(t, string(readme), row, "README's cost table is out of date (make cost STACK=%s)", stack)
	}
}
