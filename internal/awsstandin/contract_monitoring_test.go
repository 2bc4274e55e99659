package awsstandin

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// singleMetricAlarm is a compliant single-metric alarm; mathAlarm a compliant metric-math one.
func singleMetricAlarm() map[string]any {
	return map[string]any{"name": "a", "comparisonOperator": "GreaterThanThreshold", "evaluationPeriods": 5,
		"datapointsToAlarm": 3, "metricName": "CPUUtilization", "namespace": "AWS/ECS", "statistic": "Average",
		"period": 60, "threshold": 90, "alarmActions": []any{"arn:aws:sns:eu-west-1:123456789012:t"}}
}

func mathAlarm() map[string]any {
	metric := func(id, name string) map[string]any {
		return map[string]any{"id": id, "metric": map[string]any{"metricName": name, "namespace": "AWS/ApplicationELB",
			"period": 60, "stat": "Sum"}}
	}
	return map[string]any{"name": "a", "comparisonOperator": "GreaterThanThreshold", "evaluationPeriods": 5,
		"threshold": 5, "metricQueries": []any{metric("errors", "HTTPCode_Target_5XX_Count"), metric("requests", "RequestCount"),
			map[string]any{"id": "rate", "expression": "100 * errors / requests", "returnData": true}}}
}

func edited(base map[string]any, edit func(map[string]any)) map[string]any {
	edit(base)
	return base
}

// TestMonitoringResourceRules pairs every cross-input rule of the monitoring types with a compliant input.
func TestMonitoringResourceRules(t *testing.T) {
	cases := []struct {
		name      string
		typ       string
		good, bad map[string]any
		property  string
		reason    string
	}{
		{"statistic and extendedStatistic together", awstypes.CloudwatchMetricAlarm, singleMetricAlarm(),
			edited(singleMetricAlarm(), func(m map[string]any) { m["extendedStatistic"] = "p99" }), "statistic", "One of `statistic` or `extended_statistic`"},
		{"neither statistic", awstypes.CloudwatchMetricAlarm, singleMetricAlarm(),
			edited(singleMetricAlarm(), func(m map[string]any) { delete(m, "statistic") }), "statistic", "One of `statistic` or `extended_statistic`"},
		{"a metric beside metric queries", awstypes.CloudwatchMetricAlarm, mathAlarm(),
			edited(mathAlarm(), func(m map[string]any) { m["metricName"] = "RequestCount" }), "metricName", "conflicts with metricQueries"},
		{"no query returns data", awstypes.CloudwatchMetricAlarm, mathAlarm(),
			edited(mathAlarm(), func(m map[string]any) { m["metricQueries"].([]any)[2].(map[string]any)["returnData"] = false }),
			"metricQueries", "0 queries return data"},
		{"a query with an expression and a metric", awstypes.CloudwatchMetricAlarm, mathAlarm(),
			edited(mathAlarm(), func(m map[string]any) {
				m["metricQueries"].([]any)[0].(map[string]any)["expression"] = "errors"
			}), "metricQueries[0]", "both `expression` and a `metric`"},
		{"more datapoints than periods", awstypes.CloudwatchMetricAlarm, singleMetricAlarm(),
			edited(singleMetricAlarm(), func(m map[string]any) { m["datapointsToAlarm"] = 6 }), "datapointsToAlarm", "more than evaluationPeriods"},
		{"longer than a day", awstypes.CloudwatchMetricAlarm, singleMetricAlarm(),
			edited(singleMetricAlarm(), func(m map[string]any) { m["period"] = 3600; m["evaluationPeriods"] = 25; m["datapointsToAlarm"] = 1 }),
			"evaluationPeriods", "exceed one day"},
		{"period neither high resolution nor whole minutes", awstypes.CloudwatchMetricAlarm, singleMetricAlarm(),
			edited(singleMetricAlarm(), func(m map[string]any) { m["period"] = 90 }), "period", "divisible by 60"},
		{"email subscription to a non-address", awstypes.SnsTopicSubscription,
			map[string]any{"protocol": "email", "endpoint": "oncall@example.com", "topic": "arn:aws:sns:eu-west-1:123456789012:t"},
			map[string]any{"protocol": "email", "endpoint": "oncall", "topic": "arn:aws:sns:eu-west-1:123456789012:t"}, "endpoint", "Email address"},
		{"https subscription to plain http", awstypes.SnsTopicSubscription,
			map[string]any{"protocol": "https", "endpoint": "https://h.example.com/x", "topic": "arn:aws:sns:eu-west-1:123456789012:t"},
			map[string]any{"protocol": "https", "endpoint": "http://h.example.com/x", "topic": "arn:aws:sns:eu-west-1:123456789012:t"}, "endpoint", "https://"},
		{"dashboard without widgets", awstypes.CloudwatchDashboard,
			map[string]any{"dashboardName": "d", "dashboardBody": `{"widgets":[{"type":"text","properties":{"markdown":"x"}}]}`},
			map[string]any{"dashboardName": "d", "dashboardBody": `{"start":"-PT3H"}`}, "dashboardBody", "no widgets array"},
		{"dashboard widget without a type", awstypes.CloudwatchDashboard,
			map[string]any{"dashboardName": "d", "dashboardBody": `{"widgets":[]}`},
			map[string]any{"dashboardName": "d", "dashboardBody": `{"widgets":[{"x":0}]}`}, "dashboardBody", "widgets[0] has no type"},
		{"event rule pattern that is not JSON", awstypes.CloudwatchEventRule,
			map[string]any{"name": "r", "eventPattern": `{"source":["aws.ecs"]}`},
			map[string]any{"name": "r", "eventPattern": `{"source":`}, "eventPattern", "invalid JSON"},
		{"event target with input and a transformer", awstypes.CloudwatchEventTarget,
			map[string]any{"rule": "r", "arn": "arn:aws:sns:eu-west-1:123456789012:t", "inputTransformer": map[string]any{"inputTemplate": `"x"`}},
			map[string]any{"rule": "r", "arn": "arn:aws:sns:eu-west-1:123456789012:t", "input": "{}", "inputTransformer": map[string]any{"inputTemplate": `"x"`}},
			"inputTransformer", "conflict"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Empty(t, checkInputs(tokens.Type(c.typ), props(c.good)), "the compliant input passes")
			failures := checkInputs(tokens.Type(c.typ), props(c.bad))
			found := false
			for _, f := range failures {
				found = found || string(f.Property) == c.property && strings.Contains(f.Reason, c.reason)
			}
			assert.True(t, found, "no failure on %s containing %q in %v", c.property, c.reason, failures)
		})
	}
	// An unknown returnData is judged at up, not refused at preview.
	unknownReturn := props(mathAlarm())
	unknownReturn["metricQueries"].ArrayValue()[2].ObjectValue()["returnData"] = unknown()
	assert.Empty(t, checkInputs(tokens.Type(awstypes.CloudwatchMetricAlarm), unknownReturn))
}
