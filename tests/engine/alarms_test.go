package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestAlarmsDashboardAndTopicComeUpAndGo deploys the dev stack with subscriptions through the real engine, the
// stand-in judging every alarm, topic, subscription, key and the dashboard against its contract and the pack judging
// them at preview and up; then silences alarms and checks they are gone while the service stays.
func TestAlarmsDashboardAndTopicComeUpAndGo(t *testing.T) {
	t.Parallel()
	withNotify := devConfigWith(t, func(c map[string]any) {
		object(t, c, "private-fargate:alarms")["notify"] = map[string]any{
			"emails":         []string{"oncall@example.com"},
			"httpsEndpoints": []string{"https://events.example.com/hook"},
		}
	})
	e := newEngine(t, "dev", components.Program, withNotify)

	up, upEvents, err := e.up(t, true)
	require.NoError(t, err, "up of the dev stack with alarms")
	assert.Empty(t, policyViolations(upEvents, "mandatory"))

	created := map[string]int{}
	order := map[string]int{}
	for i, entry := range e.journalEntries(t)["create"] {
		created[entry.Type]++
		order[entry.URN[strings.LastIndex(entry.URN, "::")+2:]] = i
	}
	assert.Equal(t, 8, created[awstypes.CloudwatchMetricAlarm], "web: 3 target and 3 service alarms; the ALB: 1; the "+
		"schedules' dead-letter queue: 1")
	assert.Equal(t, 2, created[awstypes.CloudwatchEventRule], "a failed-run rule per job (nightly-report, migrate)")
	assert.Equal(t, 2, created[awstypes.CloudwatchEventTarget], "each rule publishes to the topic")
	assert.Equal(t, 1, created[awstypes.SnsTopic])
	assert.Equal(t, 1, created[awstypes.KmsKey])
	assert.Equal(t, 2, created[awstypes.SnsTopicSubscription])
	assert.Equal(t, 1, created[awstypes.CloudwatchDashboard])
	for _, alarm := range []string{"alarms-web-target-5xx-rate", "alarms-web-unhealthy-hosts"} {
		assert.Less(t, order[alarm], order["services-web"], "the service's deployment alarms exist before it names them")
	}

	require.Contains(t, up.Outputs, "alarms")
	alarms, ok := up.Outputs["alarms"].Value.(map[string]any)
	require.True(t, ok, "alarms output is an object: %v", up.Outputs["alarms"].Value)
	assert.NotEmpty(t, alarms["topicArn"])
	assert.Equal(t, "private-fargate-dev", alarms["dashboardName"])
	names, ok := alarms["alarmNames"].(map[string]any)
	require.True(t, ok)
	var keys []string
	for key := range names {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	rules, ok := alarms["jobFailedRules"].(map[string]any)
	require.True(t, ok, "jobFailedRules output is an object: %v", alarms["jobFailedRules"])
	assert.Len(t, rules, 2)
	for _, job := range []string{"nightly-report", "migrate"} {
		assert.NotEmpty(t, rules[job], "job %s has its failed-run rule", job)
	}
	assert.Equal(t, []string{"alb/elb-5xx", "jobs/dead-letters", "web/cpu-high", "web/memory-high", "web/response-time-p99",
		"web/target-5xx-rate", "web/tasks-below-desired", "web/unhealthy-hosts"}, keys)

	e.useConfig(t, devConfigWith(t, func(c map[string]any) {
		object(t, c, "private-fargate:alarms")["enabled"] = false
	}))
	_, _, err = e.up(t, true)
	require.NoError(t, err, "up that turns alarms off")
	for urn := range e.resources(t) {
		for _, gone := range []string{awstypes.CloudwatchMetricAlarm, awstypes.SnsTopic, awstypes.CloudwatchDashboard,
			awstypes.CloudwatchEventRule, awstypes.CloudwatchEventTarget} {
			assert.NotContains(t, urn, gone+"::", "alarms off removes %s", urn)
		}
	}
	deleted := map[string]bool{}
	for _, entry := range e.journalEntries(t)["delete"] {
		deleted[entry.Type] = true
	}
	assert.False(t, deleted[awstypes.EcsService], "the service drops its deployment alarms in place")
}
