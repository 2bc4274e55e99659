package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cloudwatchtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	eventbridgetypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// AlarmsOutputs is the `alarms` stack output (components/alarms.go Exports, components/program.go).
type AlarmsOutputs struct {
	// TopicArn is the SNS topic every alarm and every job's failed-run rule notifies.
	TopicArn string `json:"topicArn"`
	// AlarmNames are the CloudWatch alarms' names, keyed by "<service>/<kind>", "alb/<kind>" or "jobs/dead-letters".
	AlarmNames map[string]string `json:"alarmNames"`
	// JobFailedRules are the EventBridge rules of the jobs' failed runs, keyed by job.
	JobFailedRules map[string]string `json:"jobFailedRules"`
	DashboardName  string            `json:"dashboardName"`
}

// AlarmsAPI is the part of the CloudWatch client CheckAlarms and CheckDashboard call.
type AlarmsAPI interface {
	DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error)
	GetDashboard(ctx context.Context, in *cloudwatch.GetDashboardInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.GetDashboardOutput, error)
}

// maxAlarmNamesPerCall is DescribeAlarms' limit on AlarmNames (CloudWatch API model, botocore
// data/cloudwatch/2010-08-01/service-2.json: shape AlarmNames, "max":100; the API Reference: "Maximum number of 100
// items").
const maxAlarmNamesPerCall = 100

// AlarmFiring is CheckAlarms' problem for an alarm in ALARM: the only one that waiting may cure.
type AlarmFiring struct {
	Key, Name, Reason string
}

func (e *AlarmFiring) Error() string {
	return fmt.Sprintf("alarm %s (%s) is in ALARM: %s", e.Key, e.Name, e.Reason)
}

// CheckAlarms describes every exported alarm and fails with one message per problem: an alarm that does not exist,
// whose actions are disabled, whose AlarmActions or OKActions do not include the topic, or that is in ALARM (an
// *AlarmFiring). INSUFFICIENT_DATA passes: a new alarm starts in it until its first evaluation, and stays in it
// while its metric has no datapoint yet (Container Insights and the load balancer publish a minute or more late,
// and an SQS queue that has never held a message may publish nothing); it pages no one and is not a broken alarm.
func CheckAlarms(ctx context.Context, api AlarmsAPI, want AlarmsOutputs) error {
	if want.TopicArn == "" || len(want.AlarmNames) == 0 {
		return errors.New("the alarms output has no topicArn or no alarmNames")
	}
	keys := sortedKeys(want.AlarmNames)
	found := map[string]cloudwatchtypes.MetricAlarm{}
	for start := 0; start < len(keys); start += maxAlarmNamesPerCall {
		var names []string
		for _, key := range keys[start:min(start+maxAlarmNamesPerCall, len(keys))] {
			names = append(names, want.AlarmNames[key])
		}
		// The program creates metric alarms only; DescribeAlarms returns only those unless AlarmTypes says otherwise.
		pages := cloudwatch.NewDescribeAlarmsPaginator(api, &cloudwatch.DescribeAlarmsInput{AlarmNames: names,
			AlarmTypes: []cloudwatchtypes.AlarmType{cloudwatchtypes.AlarmTypeMetricAlarm}})
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			if err != nil {
				return fmt.Errorf("describe alarms: %w", err)
			}
			for _, alarm := range page.MetricAlarms {
				found[aws.ToString(alarm.AlarmName)] = alarm
			}
		}
	}
	var problems []error
	for _, key := range keys {
		name := want.AlarmNames[key]
		what := fmt.Sprintf("alarm %s (%s)", key, name)
		alarm, ok := found[name]
		if !ok {
			problems = append(problems, fmt.Errorf("%s does not exist", what))
			continue
		}
		if !aws.ToBool(alarm.ActionsEnabled) {
			problems = append(problems, fmt.Errorf("%s has its actions disabled: it notifies no one", what))
		}
		if !slices.Contains(alarm.AlarmActions, want.TopicArn) {
			problems = append(problems, fmt.Errorf("%s: AlarmActions %v do not include the topic %s", what, alarm.AlarmActions, want.TopicArn))
		}
		if !slices.Contains(alarm.OKActions, want.TopicArn) {
			problems = append(problems, fmt.Errorf("%s: OKActions %v do not include the topic %s", what, alarm.OKActions, want.TopicArn))
		}
		if alarm.StateValue == cloudwatchtypes.StateValueAlarm {
			problems = append(problems, &AlarmFiring{Key: key, Name: name, Reason: aws.ToString(alarm.StateReason)})
		}
	}
	return errors.Join(problems...)
}

// AlarmsSettle is how long WaitForAlarms lets alarms leave ALARM after the services are steady. An alarm can be in
// ALARM when `up` returns: tasks-below-desired breaches while the first tasks start (running < desired), and
// unhealthy-hosts while they pass their first health checks. It returns to OK once fewer than datapointsToAlarm of
// the last evaluationPeriods periods breach — at the live stack's defaults (components/config.go: 60 s periods, 3
// of 5) within 5 minutes of the metric recovering — and the metrics arrive a few minutes late; 10 minutes covers
// both. One still in ALARM after that is a finding: a broken service, or a threshold that pages a healthy one.
const AlarmsSettle = 10 * time.Minute

// WaitForAlarms runs CheckAlarms until it passes or settle has passed, waiting interval between calls. It waits
// only while every problem is an alarm in ALARM: a missing alarm or a wrong action does not heal, and fails at once.
func WaitForAlarms(ctx context.Context, api AlarmsAPI, want AlarmsOutputs, settle, interval time.Duration) error {
	return Eventually(ctx, settle, interval, func(ctx context.Context) error {
		err := CheckAlarms(ctx, api, want)
		if err != nil && !onlyFiring(err) {
			return Final(err)
		}
		return err
	})
}

// onlyFiring says whether every problem in err is an *AlarmFiring.
func onlyFiring(err error) bool {
	problems := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		problems = joined.Unwrap()
	}
	for _, problem := range problems {
		var firing *AlarmFiring
		if !errors.As(problem, &firing) {
			return false
		}
	}
	return true
}

// CheckDashboard fails unless the dashboard exists and its body is JSON with at least one widget (CloudWatch API
// Reference, "Dashboard Body Structure and Syntax": a body is an object whose "widgets" array holds its widgets).
func CheckDashboard(ctx context.Context, api AlarmsAPI, name string) error {
	if name == "" {
		return errors.New("the alarms output has no dashboardName")
	}
	out, err := api.GetDashboard(ctx, &cloudwatch.GetDashboardInput{DashboardName: aws.String(name)})
	if err != nil {
		return fmt.Errorf("dashboard %s: %w", name, err)
	}
	var body struct {
		Widgets []json.RawMessage `json:"widgets"`
	}
	if err := json.Unmarshal([]byte(aws.ToString(out.DashboardBody)), &body); err != nil {
		return fmt.Errorf("dashboard %s: its body is not a JSON object: %w", name, err)
	}
	if len(body.Widgets) == 0 {
		return fmt.Errorf("dashboard %s has no widgets", name)
	}
	return nil
}

// RulesAPI is the part of the EventBridge client CheckJobRules calls.
type RulesAPI interface {
	DescribeRule(ctx context.Context, in *eventbridge.DescribeRuleInput, optFns ...func(*eventbridge.Options)) (*eventbridge.DescribeRuleOutput, error)
	ListTargetsByRule(ctx context.Context, in *eventbridge.ListTargetsByRuleInput, optFns ...func(*eventbridge.Options)) (*eventbridge.ListTargetsByRuleOutput, error)
}

// CheckJobRules fails, with one message per problem, unless every job's failed-run rule on the default event bus is
// ENABLED and has the topic among its targets.
func CheckJobRules(ctx context.Context, api RulesAPI, want AlarmsOutputs) error {
	if want.TopicArn == "" || len(want.JobFailedRules) == 0 {
		return errors.New("the alarms output has no topicArn or no jobFailedRules")
	}
	var problems []error
	for _, job := range sortedKeys(want.JobFailedRules) {
		rule := want.JobFailedRules[job]
		what := fmt.Sprintf("job %s: rule %s", job, rule)
		described, err := api.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(rule)})
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", what, err))
			continue
		}
		// RuleState: ENABLED | DISABLED | ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (EventBridge API Reference,
		// DescribeRule); the program creates the rule ENABLED, and anything else is drift.
		if described.State != eventbridgetypes.RuleStateEnabled {
			problems = append(problems, fmt.Errorf("%s is %s, want ENABLED: failed runs page no one", what, described.State))
		}
		targets, err := ruleTargets(ctx, api, rule)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", what, err))
			continue
		}
		if !slices.Contains(targets, want.TopicArn) {
			problems = append(problems, fmt.Errorf("%s targets %v, not the topic %s", what, targets, want.TopicArn))
		}
	}
	return errors.Join(problems...)
}

// ruleTargets are the ARNs of every target of the rule, over every page (the SDK has no paginator for it).
func ruleTargets(ctx context.Context, api RulesAPI, rule string) ([]string, error) {
	var arns []string
	var next *string
	for {
		out, err := api.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(rule), NextToken: next})
		if err != nil {
			return nil, fmt.Errorf("list targets: %w", err)
		}
		for _, target := range out.Targets {
			arns = append(arns, aws.ToString(target.Arn))
		}
		if next = out.NextToken; aws.ToString(next) == "" {
			return arns, nil
		}
	}
}
