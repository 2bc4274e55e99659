package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	cloudwatchtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	eventbridgetypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	alarmsTopic  = "arn:aws:sns:eu-west-1:123456789012:private-fargate-live-a1b2c3-alarms"
	alarmsPrefix = "private-fargate-live-a1b2c3-"
)

// wantAlarms is the `alarms` output of the recorded stack outputs, which the recorded responses describe
// (testdata/alarms-passes, dashboard-passes, rules-passes).
func wantAlarms(t *testing.T) AlarmsOutputs {
	t.Helper()
	outputs, err := ParseOutputs([]byte(recordedOutputs))
	require.NoError(t, err)
	require.Equal(t, alarmsTopic, outputs.Alarms.TopicArn)
	return outputs.Alarms
}

// describedNames are the AlarmNames of each DescribeAlarms request, decoded from its CBOR body.
func describedNames(t *testing.T, replay *replay) [][]string {
	t.Helper()
	var out [][]string
	for _, body := range replay.bodies["DescribeAlarms"] {
		var request struct {
			AlarmNames []string
			AlarmTypes []string
		}
		require.NoError(t, json.Unmarshal([]byte(body), &request))
		assert.Equal(t, []string{"MetricAlarm"}, request.AlarmTypes)
		out = append(out, request.AlarmNames)
	}
	return out
}

func TestCheckAlarms(t *testing.T) {
	ctx := context.Background()
	t.Run("passes when every alarm exists, notifies the topic and is OK or has no data yet, over every page", func(t *testing.T) {
		replay := newReplay(t, "alarms-passes")
		require.NoError(t, CheckAlarms(ctx, replay.cloudwatch(), wantAlarms(t)))
		assert.Equal(t, 2, replay.callsOf("DescribeAlarms"), "both pages read")
		assert.Contains(t, replay.bodies["DescribeAlarms"][1], `"NextToken":"eyJwYWdlIjoyfQ=="`, "the second page asked for")
		names := describedNames(t, replay)
		require.Len(t, names, 2)
		assert.Len(t, names[0], 8, "one batch of every exported name")
		assert.Contains(t, names[0], alarmsPrefix+"jobs-dead-letters")
	})
	tests := []struct {
		name, scenario string
		problems       []string
	}{
		{"fails when an exported alarm does not exist", "alarm-missing",
			[]string{"alarm jobs/dead-letters (" + alarmsPrefix + "jobs-dead-letters) does not exist"}},
		{"fails when an alarm's actions are disabled", "alarm-actions-disabled",
			[]string{"alarm alb/elb-5xx (" + alarmsPrefix + "alb-elb-5xx) has its actions disabled"}},
		{"fails when an alarm notifies another topic, on ALARM and on OK", "alarm-wrong-topic", []string{
			"alarm jobs/dead-letters (" + alarmsPrefix + "jobs-dead-letters): AlarmActions [arn:aws:sns:eu-west-1:123456789012:someone-elses-topic] do not include the topic " + alarmsTopic,
			"alarm jobs/dead-letters (" + alarmsPrefix + "jobs-dead-letters): OKActions [] do not include the topic " + alarmsTopic}},
		{"fails when an alarm is in ALARM, with CloudWatch's reason", "alarm-in-alarm",
			[]string{"alarm alb/elb-5xx (" + alarmsPrefix + "alb-elb-5xx) is in ALARM: Threshold Crossed: 3 out of the last 5 datapoints"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			replay := newReplay(t, tt.scenario, "alarms-passes")
			requireProblems(t, CheckAlarms(ctx, replay.cloudwatch(), wantAlarms(t)), tt.problems...)
			assert.Equal(t, 2, replay.callsOf("DescribeAlarms"))
		})
	}
	t.Run("asks for at most 100 names a call and reports every exported alarm AWS does not have", func(t *testing.T) {
		want := wantAlarms(t)
		var problems []string
		for i := range 93 { // 8 + 93 = 101 names: one more than a call takes
			key := fmt.Sprintf("zz/extra-%02d", i)
			want.AlarmNames[key] = alarmsPrefix + "zz-extra-" + fmt.Sprint(i)
			problems = append(problems, "alarm "+key+" ("+want.AlarmNames[key]+") does not exist")
		}
		replay := newReplay(t, "alarms-batched")
		requireProblems(t, CheckAlarms(ctx, replay.cloudwatch(), want), problems...)
		names := describedNames(t, replay)
		require.Len(t, names, 2)
		assert.Len(t, names[0], 100)
		assert.Equal(t, []string{alarmsPrefix + "zz-extra-92"}, names[1])
	})
	t.Run("fails without a topic or alarm names to check", func(t *testing.T) {
		requireProblems(t, CheckAlarms(ctx, newReplay(t, "alarms-passes").cloudwatch(), AlarmsOutputs{}),
			"the alarms output has no topicArn or no alarmNames")
	})
}

func TestWaitForAlarms(t *testing.T) {
	ctx := context.Background()
	t.Run("waits while an alarm is in ALARM and passes once it is OK", func(t *testing.T) {
		replay := newReplay(t, "alarm-clears")
		require.NoError(t, WaitForAlarms(ctx, replay.cloudwatch(), wantAlarms(t), time.Minute, time.Millisecond))
		assert.Equal(t, 4, replay.callsOf("DescribeAlarms"), "two checks of two pages")
	})
	t.Run("fails with the firing alarm when it stays in ALARM", func(t *testing.T) {
		replay := newReplay(t, "alarm-stays-firing")
		err := WaitForAlarms(ctx, replay.cloudwatch(), wantAlarms(t), 50*time.Millisecond, 10*time.Millisecond)
		require.Error(t, err)
		assert.Greater(t, replay.callsOf("DescribeAlarms"), 1, "checked again while it waited")
		var firing *AlarmFiring
		require.ErrorAs(t, err, &firing)
		assert.Equal(t, "alb/elb-5xx", firing.Key)
		assert.Contains(t, err.Error(), "still failing after 50ms")
	})
	t.Run("fails at once on a problem that waiting does not cure", func(t *testing.T) {
		replay := newReplay(t, "alarm-actions-disabled", "alarms-passes")
		err := WaitForAlarms(ctx, replay.cloudwatch(), wantAlarms(t), time.Minute, time.Millisecond)
		requireProblems(t, err, "alb/elb-5xx ("+alarmsPrefix+"alb-elb-5xx) has its actions disabled")
		assert.Equal(t, 2, replay.callsOf("DescribeAlarms"), "one check")
	})
}

func TestCheckDashboard(t *testing.T) {
	ctx := context.Background()
	name := wantAlarms(t).DashboardName
	t.Run("passes when the dashboard exists with widgets", func(t *testing.T) {
		replay := newReplay(t, "dashboard-passes")
		require.NoError(t, CheckDashboard(ctx, replay.cloudwatch(), name))
		assert.JSONEq(t, `{"DashboardName": "private-fargate-live-a1b2c3"}`, replay.bodies["GetDashboard"][0])
	})
	t.Run("fails with CloudWatch's error when the dashboard does not exist", func(t *testing.T) {
		err := CheckDashboard(ctx, newReplay(t, "dashboard-missing").cloudwatch(), name)
		requireProblems(t, err, "dashboard private-fargate-live-a1b2c3: ")
		assert.Contains(t, err.Error(), "Dashboard private-fargate-live-a1b2c3 does not exist")
		var missing *cloudwatchtypes.DashboardNotFoundError
		require.ErrorAs(t, err, &missing)
		assert.Equal(t, "ResourceNotFound", missing.ErrorCode(), "the query-compatible code, from X-Amzn-Query-Error")
	})
	t.Run("fails when the body has no widgets", func(t *testing.T) {
		requireProblems(t, CheckDashboard(ctx, newReplay(t, "dashboard-no-widgets").cloudwatch(), name),
			"dashboard private-fargate-live-a1b2c3 has no widgets")
	})
	t.Run("fails when the body is not JSON", func(t *testing.T) {
		requireProblems(t, CheckDashboard(ctx, newReplay(t, "dashboard-not-json").cloudwatch(), name),
			"dashboard private-fargate-live-a1b2c3: its body is not a JSON object")
	})
	t.Run("fails without a dashboard name", func(t *testing.T) {
		requireProblems(t, CheckDashboard(ctx, newReplay(t, "dashboard-passes").cloudwatch(), ""), "no dashboardName")
	})
}

func TestCheckJobRules(t *testing.T) {
	ctx := context.Background()
	t.Run("passes when each job's rule is enabled and targets the topic, over every page of targets", func(t *testing.T) {
		replay := newReplay(t, "rules-passes")
		require.NoError(t, CheckJobRules(ctx, replay.eventbridge(), wantAlarms(t)))
		require.Len(t, replay.bodies["DescribeRule"], 2)
		assert.JSONEq(t, `{"Name": "alarms-job-nightly-failed-5d6e7f8"}`, replay.bodies["DescribeRule"][0])
		assert.JSONEq(t, `{"Name": "alarms-job-once-failed-1a2b3c4"}`, replay.bodies["DescribeRule"][1])
		require.Len(t, replay.bodies["ListTargetsByRule"], 3, "nightly's two pages, once's one")
		assert.JSONEq(t, `{"Rule": "alarms-job-nightly-failed-5d6e7f8", "NextToken": "c2Vjb25kLXBhZ2U="}`, replay.bodies["ListTargetsByRule"][1])
	})
	t.Run("fails when a rule is disabled", func(t *testing.T) {
		requireProblems(t, CheckJobRules(ctx, newReplay(t, "rule-disabled", "rules-passes").eventbridge(), wantAlarms(t)),
			"job once: rule alarms-job-once-failed-1a2b3c4 is DISABLED, want ENABLED")
	})
	t.Run("fails when a rule does not target the topic", func(t *testing.T) {
		requireProblems(t, CheckJobRules(ctx, newReplay(t, "rule-no-topic", "rules-passes").eventbridge(), wantAlarms(t)),
			"job once: rule alarms-job-once-failed-1a2b3c4 targets [arn:aws:sns:eu-west-1:123456789012:someone-elses-topic], not the topic "+alarmsTopic)
	})
	t.Run("fails with EventBridge's error when a rule does not exist", func(t *testing.T) {
		err := CheckJobRules(ctx, newReplay(t, "rule-missing", "rules-passes").eventbridge(), wantAlarms(t))
		requireProblems(t, err, "job once: rule alarms-job-once-failed-1a2b3c4: ")
		assert.Contains(t, err.Error(), "Rule alarms-job-once-failed-1a2b3c4 does not exist on EventBus default.")
		var missing *eventbridgetypes.ResourceNotFoundException
		assert.True(t, errors.As(err, &missing))
	})
	t.Run("fails without a topic or rules to check", func(t *testing.T) {
		requireProblems(t, CheckJobRules(ctx, newReplay(t, "rules-passes").eventbridge(), AlarmsOutputs{TopicArn: alarmsTopic}),
			"no topicArn or no jobFailedRules")
	})
}
