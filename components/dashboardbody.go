package components

import (
	"encoding/json"
	"fmt"
)

// The CloudWatch dashboard body, as typed values: CloudWatch API Reference, "Dashboard Body Structure and Syntax"
// (widgets with type, x, y, width, height and properties; a metric widget's metrics are arrays of namespace, metric
// name, dimension name/value pairs and an optional rendering object, or a single object with a math expression).

// dashboardGridWidth is the dashboard grid's width in columns ("x ... between 0 and 23", "width ... up to 24").
const dashboardGridWidth = 24

// dashboardBody is the whole document.
type dashboardBody struct {
	Widgets []dashboardWidget `json:"widgets"`
}

// dashboardWidget is one widget at a grid position.
type dashboardWidget struct {
	Type       string           `json:"type"`
	X          int              `json:"x"`
	Y          int              `json:"y"`
	Width      int              `json:"width"`
	Height     int              `json:"height"`
	Properties widgetProperties `json:"properties"`
}

// widgetProperties are the properties of a metric, log or text widget. A log widget's query is a CloudWatch Logs
// Insights query that starts with its log groups ("SOURCE 'group' | ..."); region is required with it.
type widgetProperties struct {
	Markdown string   `json:"markdown,omitempty"`
	Query    string   `json:"query,omitempty"`
	Title    string   `json:"title,omitempty"`
	Region   string   `json:"region,omitempty"`
	View     string   `json:"view,omitempty"`
	Stat     string   `json:"stat,omitempty"`
	Period   int      `json:"period,omitempty"`
	Metrics  []metric `json:"metrics,omitempty"`
}

// metric is one line of a metric widget: a metric with its dimensions, or a math expression over other lines.
type metric struct {
	Namespace  string
	Name       string
	Dimensions [][2]string
	Options    metricOptions
}

// metricOptions render one line: its id (for expressions), label, statistic, and whether it is drawn.
type metricOptions struct {
	Expression string `json:"expression,omitempty"`
	ID         string `json:"id,omitempty"`
	Label      string `json:"label,omitempty"`
	Stat       string `json:"stat,omitempty"`
	Visible    *bool  `json:"visible,omitempty"`
}

// MarshalJSON writes a metric in the body's array syntax: [namespace, name, dim, value, ..., options], or [options]
// for an expression.
func (m metric) MarshalJSON() ([]byte, error) {
	var line []any
	if m.Options.Expression == "" {
		line = append(line, m.Namespace, m.Name)
		for _, d := range m.Dimensions {
			line = append(line, d[0], d[1])
		}
	}
	line = append(line, m.Options)
	return json.Marshal(line)
}

// dashboardService is what the dashboard shows of one service: its names as CloudWatch dimensions.
type dashboardService struct {
	Key         string
	ClusterName string
	ServiceName string
	// LoadBalancer and TargetGroup are empty for a service that is not routed.
	LoadBalancer, TargetGroup string
}

// dashboardJob is what the dashboard shows of one job: its failed-run rule and its log group.
type dashboardJob struct {
	Key, FailedRuleName, LogGroupName string
}

// Namespace of the EventBridge rule metrics (EventBridge User Guide, "Monitoring Amazon EventBridge": TriggeredRules
// by RuleName, "the number of rules that have run and matched with any event") and of the SQS queue metrics.
const (
	namespaceEvents = "AWS/Events"
	namespaceSQS    = "AWS/SQS"
)

// jobRunsQuery lists a job's last runs from its log group: each task writes its own log stream (awslogs stream
// prefix/container/task id), so a stream is a run, its first and last lines its start and end.
func jobRunsQuery(logGroup string) string {
	return "SOURCE '" + logGroup + "' | stats min(@timestamp) as started, max(@timestamp) as lastLine, count(*) as lines " +
		"by @logStream | sort lastLine desc | limit 10"
}

// buildDashboardBody lays out a title, then one band per service, in the order given: its name, then (routed
// services) requests, 5xx rate and p99 latency, then CPU and memory, and running against desired tasks; then one band
// per job, its failed runs and its last runs; then, when some job has a schedule, the dead-letter queue's depth.
func buildDashboardBody(title, region string, periodSeconds int, services []dashboardService, jobs []dashboardJob,
	deadLetterQueue string) (string, error) {
	body := dashboardBody{Widgets: []dashboardWidget{{Type: "text", X: 0, Y: 0, Width: dashboardGridWidth, Height: 1,
		Properties: widgetProperties{Markdown: "# " + title}}}}
	const width, height = 8, 6
	y := 1
	hidden := false
	for _, s := range services {
		body.Widgets = append(body.Widgets, dashboardWidget{Type: "text", X: 0, Y: y, Width: dashboardGridWidth, Height: 1,
			Properties: widgetProperties{Markdown: fmt.Sprintf("## Service `%s`", s.Key)}})
		y++
		chart := func(title, stat string, metrics ...metric) widgetProperties {
			return widgetProperties{Title: s.Key + ": " + title, Region: region, View: "timeSeries", Stat: stat,
				Period: periodSeconds, Metrics: metrics}
		}
		var charts []widgetProperties
		if s.TargetGroup != "" {
			target := [][2]string{{"LoadBalancer", s.LoadBalancer}, {"TargetGroup", s.TargetGroup}}
			charts = append(charts,
				chart("requests", "Sum", metric{Namespace: namespaceALB, Name: "RequestCount", Dimensions: target,
					Options: metricOptions{Label: "requests"}}),
				chart("5xx rate (%)", "Sum",
					metric{Namespace: namespaceALB, Name: "HTTPCode_Target_5XX_Count", Dimensions: target,
						Options: metricOptions{ID: "errors", Visible: &hidden}},
					metric{Namespace: namespaceALB, Name: "RequestCount", Dimensions: target,
						Options: metricOptions{ID: "requests", Visible: &hidden}},
					metric{Options: metricOptions{Expression: "100 * FILL(errors, 0) / requests", ID: "rate", Label: "5xx rate (%)"}}),
				chart("p99 response time (s)", "p99", metric{Namespace: namespaceALB, Name: "TargetResponseTime",
					Dimensions: target, Options: metricOptions{Label: "p99"}}),
			)
		}
		service := [][2]string{{"ClusterName", s.ClusterName}, {"ServiceName", s.ServiceName}}
		charts = append(charts,
			chart("CPU and memory (%)", "Average",
				metric{Namespace: namespaceECS, Name: "CPUUtilization", Dimensions: service, Options: metricOptions{Label: "CPU"}},
				metric{Namespace: namespaceECS, Name: "MemoryUtilization", Dimensions: service, Options: metricOptions{Label: "memory"}}),
			chart("running vs desired tasks", "Average",
				metric{Namespace: namespaceContainerInsights, Name: "RunningTaskCount", Dimensions: service, Options: metricOptions{Label: "running"}},
				metric{Namespace: namespaceContainerInsights, Name: "DesiredTaskCount", Dimensions: service, Options: metricOptions{Label: "desired"}}),
		)
		for i, properties := range charts {
			x := (i * width) % dashboardGridWidth
			if i > 0 && x == 0 {
				y += height
			}
			body.Widgets = append(body.Widgets, dashboardWidget{Type: "metric", X: x, Y: y, Width: width, Height: height,
				Properties: properties})
		}
		y += height
	}
	for _, j := range jobs {
		body.Widgets = append(body.Widgets,
			dashboardWidget{Type: "text", X: 0, Y: y, Width: dashboardGridWidth, Height: 1,
				Properties: widgetProperties{Markdown: fmt.Sprintf("## Job `%s`", j.Key)}},
			dashboardWidget{Type: "metric", X: 0, Y: y + 1, Width: width, Height: height,
				Properties: widgetProperties{Title: j.Key + ": failed runs", Region: region, View: "timeSeries", Stat: "Sum",
					Period: periodSeconds, Metrics: []metric{{Namespace: namespaceEvents, Name: "TriggeredRules",
						Dimensions: [][2]string{{"RuleName", j.FailedRuleName}}, Options: metricOptions{Label: "failed runs"}}}}},
			dashboardWidget{Type: "log", X: width, Y: y + 1, Width: dashboardGridWidth - width, Height: height,
				Properties: widgetProperties{Title: j.Key + ": last runs", Region: region, View: "table",
					Query: jobRunsQuery(j.LogGroupName)}})
		y += 1 + height
	}
	if deadLetterQueue != "" {
		body.Widgets = append(body.Widgets, dashboardWidget{Type: "metric", X: 0, Y: y, Width: width, Height: height,
			Properties: widgetProperties{Title: "jobs: dead-letter queue depth", Region: region, View: "timeSeries",
				Stat: "Maximum", Period: periodSeconds, Metrics: []metric{{Namespace: namespaceSQS,
					Name: "ApproximateNumberOfMessagesVisible", Dimensions: [][2]string{{"QueueName", deadLetterQueue}},
					Options: metricOptions{Label: "undelivered runs"}}}}})
	}
	out, err := json.Marshal(body)
	return string(out), err
}
