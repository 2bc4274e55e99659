package components

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// decodedDashboard is the body as CloudWatch reads it.
type decodedDashboard struct {
	Widgets []struct {
		Type       string `json:"type"`
		X          int    `json:"x"`
		Y          int    `json:"y"`
		Width      int    `json:"width"`
		Height     int    `json:"height"`
		Properties struct {
			Title    string  `json:"title"`
			Markdown string  `json:"markdown"`
			Region   string  `json:"region"`
			Period   int     `json:"period"`
			Metrics  [][]any `json:"metrics"`
			Query    string  `json:"query"`
			View     string  `json:"view"`
		} `json:"properties"`
	} `json:"widgets"`
}

func decodeDashboard(t *testing.T, body string) decodedDashboard {
	t.Helper()
	var d decodedDashboard
	require.NoError(t, json.Unmarshal([]byte(body), &d))
	return d
}

func TestDashboardBodyShowsEveryServiceOnTheGrid(t *testing.T) {
	body, err := buildDashboardBody("proj / dev", "eu-west-1", 60, []dashboardService{
		{Key: "api", ClusterName: "c", ServiceName: "api-1", LoadBalancer: "app/lb/1", TargetGroup: "targetgroup/tg/2"},
		{Key: "worker", ClusterName: "c", ServiceName: "worker-1"},
	}, []dashboardJob{{Key: "nightly", FailedRuleName: "alarms-job-nightly-failed-1", LogGroupName: "/ecs/p/s/nightly"}},
		"jobs-dlq-1")
	require.NoError(t, err)
	d := decodeDashboard(t, body)

	var titles []string
	occupied := map[[2]int]bool{}
	for _, w := range d.Widgets {
		assert.LessOrEqual(t, w.X+w.Width, dashboardGridWidth, "widget %q fits the 24-column grid", w.Properties.Title)
		for x := w.X; x < w.X+w.Width; x++ {
			for y := w.Y; y < w.Y+w.Height; y++ {
				assert.False(t, occupied[[2]int{x, y}], "widget %q overlaps another at %d,%d", w.Properties.Title, x, y)
				occupied[[2]int{x, y}] = true
			}
		}
		if w.Type == "metric" {
			titles = append(titles, w.Properties.Title)
			assert.Equal(t, "eu-west-1", w.Properties.Region)
			assert.Equal(t, 60, w.Properties.Period)
		}
	}
	assert.Equal(t, []string{"api: requests", "api: 5xx rate (%)", "api: p99 response time (s)",
		"api: CPU and memory (%)", "api: running vs desired tasks",
		"worker: CPU and memory (%)", "worker: running vs desired tasks",
		"nightly: failed runs", "jobs: dead-letter queue depth"}, titles)

	byTitle := map[string][][]any{}
	var logs []string
	for _, w := range d.Widgets {
		byTitle[w.Properties.Title] = w.Properties.Metrics
		if w.Type == "log" {
			logs = append(logs, w.Properties.Title)
			assert.Equal(t, "eu-west-1", w.Properties.Region, "a log widget needs its region")
			assert.Equal(t, "table", w.Properties.View)
			assert.Equal(t, "SOURCE '/ecs/p/s/nightly' | stats min(@timestamp) as started, max(@timestamp) as lastLine, "+
				"count(*) as lines by @logStream | sort lastLine desc | limit 10", w.Properties.Query)
		}
	}
	assert.Equal(t, []string{"nightly: last runs"}, logs)
	assert.Equal(t, []any{"AWS/Events", "TriggeredRules", "RuleName", "alarms-job-nightly-failed-1",
		map[string]any{"label": "failed runs"}}, byTitle["nightly: failed runs"][0])
	assert.Equal(t, []any{"AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", "jobs-dlq-1",
		map[string]any{"label": "undelivered runs"}}, byTitle["jobs: dead-letter queue depth"][0])
	assert.Equal(t, []any{"AWS/ApplicationELB", "RequestCount", "LoadBalancer", "app/lb/1", "TargetGroup", "targetgroup/tg/2",
		map[string]any{"label": "requests"}}, byTitle["api: requests"][0])
	rate := byTitle["api: 5xx rate (%)"]
	require.Len(t, rate, 3)
	assert.Equal(t, []any{map[string]any{"expression": "100 * FILL(errors, 0) / requests", "id": "rate", "label": "5xx rate (%)"}}, rate[2],
		"a math line is a single object")
	assert.Equal(t, false, rate[0][6].(map[string]any)["visible"], "the inputs of the rate are not drawn")
	assert.Equal(t, []any{"ECS/ContainerInsights", "RunningTaskCount", "ClusterName", "c", "ServiceName", "worker-1",
		map[string]any{"label": "running"}}, byTitle["worker: running vs desired tasks"][0])
}

func TestDashboardIsCreatedFromTheStacksServices(t *testing.T) {
	rec := mustRunProgram(t, alarmsStack(nil))
	dashboards := rec.ofType(awstypes.CloudwatchDashboard)
	require.Len(t, dashboards, 1)
	assert.Equal(t, "private-fargate-test", stringProp(dashboards[0].Inputs, "dashboardName"))
	d := decodeDashboard(t, stringProp(dashboards[0].Inputs, "dashboardBody"))
	metrics := 0
	var serviceNames []any
	for _, w := range d.Widgets {
		if w.Type != "metric" {
			continue
		}
		metrics++
		for _, line := range w.Properties.Metrics {
			for i, v := range line {
				if v == "ServiceName" {
					serviceNames = append(serviceNames, line[i+1])
				}
			}
		}
	}
	assert.Equal(t, 7, metrics, "routed web: 5 charts, unrouted jobs: 2")
	assert.Contains(t, serviceNames, "services-web", "the charts read the ECS service's own name")
	assert.Contains(t, serviceNames, "services-jobs")
}
