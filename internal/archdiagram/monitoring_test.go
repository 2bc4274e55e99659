package archdiagram

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDiagramShowsTheAlarmTopicAndWhatFeedsIt: the dev stack's target group, service and ALB feed their alarms, the
// alarms page the encrypted topic, the target alarms roll back the service's deployments; without alarms none of it
// is drawn.
func TestDiagramShowsTheAlarmTopicAndWhatFeedsIt(t *testing.T) {
	g := variant(t, map[string]any{"alarms.notify": map[string]any{"emails": []string{"oncall@example.com"}}})
	edges := map[Edge]bool{}
	for _, e := range g.Edges {
		edges[e] = true
	}
	topic := "topic_alarms_topic"
	for _, want := range []Edge{
		{From: "targetGroup_loadbalancing_web_tg", To: "alarms_targetGroup_loadbalancing_web_tg", Label: "metrics"},
		{From: "alarms_targetGroup_loadbalancing_web_tg", To: topic, Label: "ALARM, OK"},
		{From: "alarms_targetGroup_loadbalancing_web_tg", To: "service_services_web", Label: "roll back a deployment"},
		{From: "service_services_web", To: "alarms_service_services_web", Label: "metrics"},
		{From: "alarms_service_services_web", To: topic, Label: "ALARM, OK"},
		{From: "loadBalancer_loadbalancing_alb", To: "alarms_loadBalancer_loadbalancing_alb", Label: "metrics"},
		{From: "alarms_loadBalancer_loadbalancing_alb", To: topic, Label: "ALARM, OK"},
		// The jobs: each job's stopped tasks feed its failed-run rule, the rule the topic; the schedules' dead-letter
		// queue feeds its alarm.
		{From: "taskDefinition_jobs_nightly_report", To: "eventRule_alarms_job_nightly_report_failed",
			Label: "task stopped: non-zero exit or failed to start"},
		{From: "eventRule_alarms_job_nightly_report_failed", To: topic, Label: "failed run"},
		{From: "taskDefinition_jobs_migrate", To: "eventRule_alarms_job_migrate_failed",
			Label: "task stopped: non-zero exit or failed to start"},
		{From: "queue_jobs_dlq", To: "alarms_queue_jobs_dlq", Label: "metrics"},
		{From: "alarms_queue_jobs_dlq", To: topic, Label: "ALARM, OK"},
	} {
		assert.True(t, edges[want], "missing edge %+v", want)
	}
	assert.Contains(t, labels(g), "SNS topic private-fargate-dev-alarms\nencrypted with the stack's KMS key\n→ 1 email subscription(s)")
	assert.Contains(t, labels(g), "alarms\nTargetResponseTime p99 > 2\n5xx rate (%) > 5\nUnHealthyHostCount > 0")

	off := variant(t, map[string]any{"alarms.enabled": false})
	for _, label := range labels(off) {
		assert.NotContains(t, label, "alarm", "alarms off draws no alarm")
	}
}
