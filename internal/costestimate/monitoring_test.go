package costestimate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/costestimate"
	"github.com/private-fargate/private-fargate/internal/programrun"
)

// TestMonitoringInventoryMatchesTheAlarmsTheProgramRegisters counts, in what components.Program registers, every
// metric each alarm reads (CloudWatch bills metric-math alarms per metric), the dashboards and the KMS keys, and
// compares them with the inventory the estimate prices.
func TestMonitoringInventoryMatchesTheAlarmsTheProgramRegisters(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			raw := stackVariant(t, stack, nil)
			cfg, err := programrun.LoadConfig(stack, raw)
			require.NoError(t, err)
			inv := components.CostInventory(stack, cfg)
			require.NotNil(t, inv.Monitoring)
			result, err := programrun.Run(stack, raw, nil)
			require.NoError(t, err)

			standard, high := 0, 0
			for _, alarm := range result.OfType(awstypes.CloudwatchMetricAlarm) {
				metrics, period := 1, alarm.Inputs["period"]
				if queries, ok := alarm.Inputs["metricQueries"]; ok {
					metrics = 0
					for _, query := range queries.ArrayValue() {
						if metric, ok := query.ObjectValue()["metric"]; ok {
							metrics++
							period = metric.ObjectValue()["period"]
						}
					}
				}
				if period.NumberValue() < 60 {
					high += metrics
				} else {
					standard += metrics
				}
			}
			assert.Positive(t, standard)
			assert.Equal(t, standard, inv.Monitoring.StandardAlarmMetrics)
			assert.Equal(t, high, inv.Monitoring.HighResolutionAlarmMetrics)
			assert.Len(t, result.OfType(awstypes.CloudwatchDashboard), inv.Monitoring.Dashboards)
			assert.Len(t, result.OfType(awstypes.KmsKey), inv.Monitoring.KMSKeys)
		})
	}
}

// TestMonitoringLinesArePricedPerAlarmMetric checks the lines by hand: 9 standard alarm metrics at $0.10, 2
// high-resolution ones at $0.30, one dashboard at $3 and one key at $1.
func TestMonitoringLinesArePricedPerAlarmMetric(t *testing.T) {
	prices, err := costestimate.LoadPrices("eu-west-1")
	require.NoError(t, err)
	report := costestimate.Estimate(costestimate.Inventory{Stack: "s", Region: "eu-west-1", AvailabilityZones: 2,
		Egress: "none", Monitoring: &costestimate.Monitoring{StandardAlarmMetrics: 9, HighResolutionAlarmMetrics: 2,
			Dashboards: 1, KMSKeys: 1}}, prices)
	lines := map[string]float64{}
	for _, line := range report.Lines {
		lines[line.Key] = line.Monthly
	}
	assert.Equal(t, map[string]float64{"alarms": 0.9, "alarmsHighResolution": 0.6, "dashboards": 3, "kmsKeys": 1}, lines)
	assert.Equal(t, 5.5, report.Total)
	assert.Contains(t, report.Rates[len(report.Rates)-1], "$2 per 100,000 emails")
}
