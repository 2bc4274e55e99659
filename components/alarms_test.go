package components

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// alarmsStack has a routed service "web", an unrouted worker "jobs" and the given alarms config (nil: defaults).
func alarmsStack(alarms map[string]any) stackConfig {
	worker := map[string]any{"containers": map[string]any{AppContainer: map[string]any{
		"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:1"}}}
	cfg := lbStack(nil, nil, map[string]any{"web": lbApp(8080, nil, []string{"/*"}, nil), "jobs": worker})
	if alarms != nil {
		cfg = cfg.with("alarms", alarms)
	}
	return cfg
}

// alarmsByName returns the recorded metric alarms keyed by their CloudWatch name.
func alarmsByName(t *testing.T, rec *recorder) map[string]resource.PropertyMap {
	t.Helper()
	out := map[string]resource.PropertyMap{}
	for _, alarm := range rec.ofType(awstypes.CloudwatchMetricAlarm) {
		name := stringProp(alarm.Inputs, "name")
		require.NotEmpty(t, name, "alarm %s has an explicit name", alarm.Name)
		require.NotContains(t, out, name, "alarm names are unique")
		out[name] = alarm.Inputs
	}
	return out
}

// queryExpression returns the expression of the metric query that returns the alarm's data.
func returnedQuery(t *testing.T, inputs resource.PropertyMap) (expression string, metrics map[string]string) {
	t.Helper()
	metrics = map[string]string{}
	for _, query := range objects(t, inputs, "metricQueries") {
		if v, ok := prop(query, "returnData"); ok && v.IsBool() && v.BoolValue() {
			expression = stringProp(query, "expression")
			continue
		}
		metrics[stringProp(query, "id")] = stringProp(query, "metric", "namespace") + " " +
			stringProp(query, "metric", "metricName") + " " + stringProp(query, "metric", "stat")
	}
	return expression, metrics
}

func TestEveryAlarmWatchesItsMetricWithItsThresholdAndPagesTheTopic(t *testing.T) {
	rec := mustRunProgram(t, alarmsStack(nil))
	alarms := alarmsByName(t, rec)
	topics := rec.ofType(awstypes.SnsTopic)
	require.Len(t, topics, 1)
	topicArn := stringProp(topics[0].Outputs, "arn")
	require.NotEmpty(t, topicArn)

	prefix := "private-fargate-test-"
	type single struct{ namespace, metric, statistic, extended string }
	cases := []struct {
		name        string
		threshold   float64
		missingData string
		single      *single
		expression  string
		metrics     map[string]string
		dimensions  []string
	}{
		{name: "web-target-5xx-rate", threshold: 5, missingData: "notBreaching",
			expression: "IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)",
			metrics: map[string]string{"errors": "AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum",
				"requests": "AWS/ApplicationELB RequestCount Sum"}},
		{name: "web-unhealthy-hosts", threshold: 0, missingData: "notBreaching",
			single: &single{"AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", ""}, dimensions: []string{"LoadBalancer", "TargetGroup"}},
		{name: "web-response-time-p99", threshold: 2, missingData: "notBreaching",
			single: &single{"AWS/ApplicationELB", "TargetResponseTime", "", "p99"}, dimensions: []string{"LoadBalancer", "TargetGroup"}},
		{name: "web-cpu-high", threshold: 90, missingData: "notBreaching",
			single: &single{"AWS/ECS", "CPUUtilization", "Average", ""}, dimensions: []string{"ClusterName", "ServiceName"}},
		{name: "web-memory-high", threshold: 90, missingData: "notBreaching",
			single: &single{"AWS/ECS", "MemoryUtilization", "Average", ""}, dimensions: []string{"ClusterName", "ServiceName"}},
		{name: "web-tasks-below-desired", threshold: 0, missingData: "notBreaching", expression: "desired - running",
			metrics: map[string]string{"desired": "ECS/ContainerInsights DesiredTaskCount Average",
				"running": "ECS/ContainerInsights RunningTaskCount Average"}},
		{name: "jobs-cpu-high", threshold: 90, missingData: "notBreaching",
			single: &single{"AWS/ECS", "CPUUtilization", "Average", ""}, dimensions: []string{"ClusterName", "ServiceName"}},
		{name: "jobs-memory-high", threshold: 90, missingData: "notBreaching",
			single: &single{"AWS/ECS", "MemoryUtilization", "Average", ""}, dimensions: []string{"ClusterName", "ServiceName"}},
		{name: "jobs-tasks-below-desired", threshold: 0, missingData: "notBreaching", expression: "desired - running",
			metrics: map[string]string{"desired": "ECS/ContainerInsights DesiredTaskCount Average",
				"running": "ECS/ContainerInsights RunningTaskCount Average"}},
		{name: "alb-elb-5xx", threshold: 10, missingData: "notBreaching",
			single: &single{"AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", ""}, dimensions: []string{"LoadBalancer"}},
	}
	var want []string
	for _, c := range cases {
		want = append(want, prefix+c.name)
	}
	assert.ElementsMatch(t, want, keysOf(alarms), "one alarm per kind: 3 per routed target, 3 per service, 1 per ALB")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inputs, ok := alarms[prefix+c.name]
			require.True(t, ok)
			assert.Equal(t, c.threshold, number(t, inputs, "threshold"))
			assert.Equal(t, "GreaterThanThreshold", stringProp(inputs, "comparisonOperator"))
			assert.Equal(t, c.missingData, stringProp(inputs, "treatMissingData"))
			assert.Equal(t, 5.0, number(t, inputs, "evaluationPeriods"))
			assert.Equal(t, 3.0, number(t, inputs, "datapointsToAlarm"))
			assert.True(t, boolProp(t, inputs, "actionsEnabled"))
			assert.Equal(t, []string{topicArn}, stringsProp(inputs, "alarmActions"), "ALARM pages the topic")
			assert.Equal(t, []string{topicArn}, stringsProp(inputs, "okActions"), "OK tells the topic it is over")
			assert.NotEmpty(t, stringProp(inputs, "alarmDescription"))
			if c.single != nil {
				assert.Equal(t, c.single.namespace, stringProp(inputs, "namespace"))
				assert.Equal(t, c.single.metric, stringProp(inputs, "metricName"))
				assert.Equal(t, c.single.statistic, stringProp(inputs, "statistic"))
				assert.Equal(t, c.single.extended, stringProp(inputs, "extendedStatistic"))
				assert.Equal(t, 60.0, number(t, inputs, "period"))
				dims, ok := prop(inputs, "dimensions")
				require.True(t, ok)
				var keys []string
				for key := range dims.ObjectValue() {
					keys = append(keys, string(key))
				}
				assert.ElementsMatch(t, c.dimensions, keys)
				return
			}
			expression, metrics := returnedQuery(t, inputs)
			assert.Equal(t, c.expression, expression)
			assert.Equal(t, c.metrics, metrics)
			_, hasMetric := prop(inputs, "metricName")
			assert.False(t, hasMetric, "a metric-math alarm names no single metric")
		})
	}

	// The target alarms read the service's own target group and the ALB, split from the scaling resource label.
	web := alarms[prefix+"web-unhealthy-hosts"]
	assert.Equal(t, "app/loadbalancing-alb/0123456789abcdef", stringProp(web, "dimensions", "LoadBalancer"))
	assert.Equal(t, "targetgroup/loadbalancing-web-tg/0123456789abcdef", stringProp(web, "dimensions", "TargetGroup"))
}

func keysOf[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestDeploymentsRollBackOnTheServicesOwnAlarms(t *testing.T) {
	rec := mustRunProgram(t, alarmsStack(nil))
	alarms := alarmsByName(t, rec)
	services := map[string]resource.PropertyMap{}
	for _, svc := range rec.ofType(awstypes.EcsService) {
		services[svc.Name] = svc.Inputs
	}
	web := services["services-web"]
	require.NotNil(t, web)
	names := stringsProp(web, "alarms", "alarmNames")
	assert.Equal(t, []string{"private-fargate-test-web-target-5xx-rate", "private-fargate-test-web-unhealthy-hosts"}, names)
	for _, name := range names {
		assert.Contains(t, alarms, name, "the deployment alarm %s exists in the stack", name)
	}
	assert.True(t, boolProp(t, web, "alarms", "enable"))
	assert.True(t, boolProp(t, web, "alarms", "rollback"))
	assert.True(t, boolProp(t, web, "deploymentCircuitBreaker", "rollback"), "beside the circuit breaker")

	_, workerHasAlarms := prop(services["services-jobs"], "alarms")
	assert.False(t, workerHasAlarms, "an unrouted service has no target alarms to roll back on")
}

func TestAlarmTopicIsEncryptedWithAKeyCloudWatchMayUse(t *testing.T) {
	rec := mustRunProgram(t, alarmsStack(map[string]any{"notify": map[string]any{
		"emails": []string{"oncall@example.com"}, "httpsEndpoints": []string{"https://events.example.com/hook?k=1"}}}))
	keys := rec.ofType(awstypes.KmsKey)
	require.Len(t, keys, 1)
	assert.True(t, boolProp(t, keys[0].Inputs, "enableKeyRotation"))
	var keyPolicy policyDocument
	require.NoError(t, json.Unmarshal([]byte(stringProp(keys[0].Inputs, "policy")), &keyPolicy))
	require.Len(t, keyPolicy.Statement, 2)
	assert.Equal(t, []any{"cloudwatch.amazonaws.com", "events.amazonaws.com"}, keyPolicy.Statement[1].Principal["Service"])
	assert.Equal(t, []string{"kms:Decrypt", "kms:GenerateDataKey*"}, keyPolicy.Statement[1].Action)

	topic := rec.ofType(awstypes.SnsTopic)[0]
	assert.Equal(t, stringProp(keys[0].Outputs, "arn"), stringProp(topic.Inputs, "kmsMasterKeyId"))
	var topicPolicy policyDocument
	require.NoError(t, json.Unmarshal([]byte(stringProp(topic.Inputs, "policy")), &topicPolicy))
	publish := topicPolicy.Statement[1]
	assert.Equal(t, []string{"arn:aws:sns:eu-west-1:" + mockAccount + ":private-fargate-test-alarms"}, publish.Resource)
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": mockAccount}}, publish.Condition)

	var subscriptions []string
	for _, sub := range rec.ofType(awstypes.SnsTopicSubscription) {
		subscriptions = append(subscriptions, stringProp(sub.Inputs, "protocol")+" "+stringProp(sub.Inputs, "endpoint"))
	}
	assert.ElementsMatch(t, []string{"email oncall@example.com", "https https://events.example.com/hook?k=1"}, subscriptions)
}

func TestAlarmsCanUseAnExistingTopicOrAKeyOfYourOwn(t *testing.T) {
	const existing = "arn:aws:sns:eu-west-1:123456789012:team-pager"
	rec := mustRunProgram(t, alarmsStack(map[string]any{"topicArn": existing}))
	assert.Empty(t, rec.ofType(awstypes.SnsTopic))
	assert.Empty(t, rec.ofType(awstypes.KmsKey))
	for name, alarm := range alarmsByName(t, rec) {
		assert.Equal(t, []string{existing}, stringsProp(alarm, "alarmActions"), name)
	}

	const ownKey = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	rec = mustRunProgram(t, alarmsStack(map[string]any{"kmsMasterKeyId": ownKey}))
	assert.Empty(t, rec.ofType(awstypes.KmsKey))
	assert.Equal(t, ownKey, stringProp(rec.ofType(awstypes.SnsTopic)[0].Inputs, "kmsMasterKeyId"))
}

func TestAlarmsOffLeaveNoTraceAndServicesCanBeSilencedOrTuned(t *testing.T) {
	rec := mustRunProgram(t, alarmsStack(map[string]any{"enabled": false}))
	for _, typ := range []string{awstypes.CloudwatchMetricAlarm, awstypes.SnsTopic, awstypes.KmsKey, awstypes.CloudwatchDashboard} {
		assert.Empty(t, rec.ofType(typ), typ)
	}
	for _, svc := range rec.ofType(awstypes.EcsService) {
		_, ok := prop(svc.Inputs, "alarms")
		assert.False(t, ok, "%s has no deployment alarms", svc.Name)
	}

	cfg := alarmsStack(nil)
	services := cfg["services"].(map[string]any)
	services["web"].(map[string]any)["alarms"] = map[string]any{"cpuPercent": 75, "rollbackOnAlarm": false}
	services["jobs"].(map[string]any)["alarms"] = map[string]any{"enabled": false}
	rec = mustRunProgram(t, cfg)
	alarms := alarmsByName(t, rec)
	assert.Equal(t, 75.0, number(t, alarms["private-fargate-test-web-cpu-high"], "threshold"))
	assert.Equal(t, 90.0, number(t, alarms["private-fargate-test-web-memory-high"], "threshold"), "the rest inherits")
	for name := range alarms {
		assert.False(t, strings.Contains(name, "-jobs-"), "the silenced service has no alarm: %s", name)
	}
	for _, svc := range rec.ofType(awstypes.EcsService) {
		_, ok := prop(svc.Inputs, "alarms")
		assert.False(t, ok, "%s: rollbackOnAlarm false leaves the deployment alarms out", svc.Name)
	}
}

func TestAlarmConfigErrorsNameTheKey(t *testing.T) {
	cases := []struct {
		name    string
		alarms  map[string]any
		cluster map[string]any
		want    []string
	}{
		{"period below a minute", map[string]any{"periodSeconds": 30},
			nil, []string{`alarms.periodSeconds: 30 is not a positive multiple of 60`}},
		{"period not a multiple of a minute", map[string]any{"periodSeconds": 90},
			nil, []string{`alarms.periodSeconds: 90 is not a positive multiple of 60`}},
		{"window longer than a day", map[string]any{"periodSeconds": 3600, "evaluationPeriods": 25},
			nil, []string{`alarms.evaluationPeriods: 25 periods of 3600 seconds are 90000 seconds`}},
		{"more datapoints than periods", map[string]any{"evaluationPeriods": 2, "datapointsToAlarm": 3},
			nil, []string{`alarms.datapointsToAlarm: 3 is outside 1–2`}},
		{"negative thresholds", map[string]any{"elb5xxCount": -1, "service": map[string]any{"target5xxRatePercent": -5,
			"cpuPercent": 120, "memoryPercent": 101, "responseTimeP99Seconds": -1, "minRequests": -3}},
			nil, []string{`alarms.elb5xxCount: -1 is negative`, `alarms.service.target5xxRatePercent: -5 is outside (0, 100] percent`,
				`alarms.service.cpuPercent: 120 is outside`, `alarms.service.memoryPercent: 101 is outside`,
				`alarms.service.responseTimeP99Seconds: -1 is outside`, `alarms.service.minRequests: -3 is below 1`}},
		{"bad email and endpoints", map[string]any{"notify": map[string]any{
			"emails":         []string{"oncall", "Ops <ops@example.com>", "a@localhost"},
			"httpsEndpoints": []string{"http://hooks.example.com/x", "https://", "ftp://x"}}},
			nil, []string{`alarms.notify.emails[0]: "oncall" is not a plain email address`,
				`alarms.notify.emails[1]: "Ops <ops@example.com>" is not a plain email address`,
				`alarms.notify.emails[2]: "a@localhost" has no domain with a dot`,
				`alarms.notify.httpsEndpoints[0]: "http://hooks.example.com/x" is not an https:// URL`,
				`alarms.notify.httpsEndpoints[1]: "https://" has no host`,
				`alarms.notify.httpsEndpoints[2]: "ftp://x" is not an https:// URL`}},
		{"duplicate subscription", map[string]any{"notify": map[string]any{"emails": []string{"a@example.com", "A@example.com"}}},
			nil, []string{`alarms.notify.emails: lists "A@example.com" twice`}},
		{"the AWS managed key breaks alarm actions", map[string]any{"kmsMasterKeyId": "alias/aws/sns"},
			nil, []string{`alarms.kmsMasterKeyId: "alias/aws/sns" is the AWS managed SNS key`}},
		{"not a key", map[string]any{"kmsMasterKeyId": "my key"},
			nil, []string{`alarms.kmsMasterKeyId: "my key" is not a KMS key id`}},
		{"existing topic with subscriptions", map[string]any{"topicArn": "arn:aws:sns:eu-west-1:123456789012:pager",
			"notify": map[string]any{"emails": []string{"a@example.com"}}},
			nil, []string{`alarms.notify: subscribes to the topic the stack creates, but alarms.topicArn names an existing one`}},
		{"not a topic", map[string]any{"topicArn": "arn:aws:sqs:eu-west-1:123456789012:queue"},
			nil, []string{`alarms.topicArn: "arn:aws:sqs:eu-west-1:123456789012:queue" is not an SNS topic ARN`}},
		{"no container insights", nil, map[string]any{"containerInsights": "disabled"},
			[]string{`cluster.containerInsights: is disabled, but the running-tasks alarm reads the Container Insights metrics`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := alarmsStack(c.alarms)
			if c.cluster != nil {
				cfg = cfg.with("cluster", c.cluster)
			}
			problems := configProblems(t, cfg)
			for _, want := range c.want {
				assert.True(t, slices.ContainsFunc(problems, func(p string) bool { return strings.HasPrefix(p, want) }),
					"no problem starting %q in:\n%s", want, strings.Join(problems, "\n"))
			}
			assert.Len(t, problems, len(c.want), "only these problems:\n%s", strings.Join(problems, "\n"))
		})
	}
}

func TestServiceAlarmOverridesAreJudgedOnceWhereTheyAreSet(t *testing.T) {
	cfg := alarmsStack(map[string]any{"service": map[string]any{"cpuPercent": 150}})
	services := cfg["services"].(map[string]any)
	services["web"].(map[string]any)["alarms"] = map[string]any{"memoryPercent": -1}
	problems := configProblems(t, cfg)
	assert.Equal(t, []string{"alarms.service.cpuPercent: 150 is outside (0, 100] percent",
		"services.web.alarms.memoryPercent: -1 is outside (0, 100] percent"}, problems)
}

// TestAlarmNamesFitCloudWatch: the longest project and stack names Pulumi allows (100 characters each, pulumi sdk
// go/common/tokens project.go and stack_name.go), the longest service name and the longest kind still fit alarm_name's
// 255 characters.
func TestAlarmNamesFitCloudWatch(t *testing.T) {
	long := strings.Repeat("p", 100)
	for _, kind := range []string{alarmTarget5xxRate, alarmUnhealthyHosts, alarmResponseTimeP99, alarmCPUHigh,
		alarmMemoryHigh, alarmTasksBelow, alarmElb5xx} {
		name := alarmName(long, long, strings.Repeat("s", maxServiceNameLength), kind)
		assert.LessOrEqual(t, len(name), awstypes.AutoNames[awstypes.CloudwatchMetricAlarm].MaxLength(), name)
	}
	assert.Equal(t, "proj-my-stack-web-cpu-high", alarmName("proj", "my.stack", "web", alarmCPUHigh))
}
