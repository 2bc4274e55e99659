package awsstandin

import (
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
)

// The contract of the monitoring types: CloudWatch metric alarms and dashboards, EventBridge rules and targets, SNS
// topics and subscriptions, and the KMS key that encrypts the alarm topic. contract.go's and replacements.go's
// tables name these rule lists.

const (
	tfMetricAlarm  = "terraform-provider-aws internal/service/cloudwatch/metric_alarm.go"
	tfDashboard    = "terraform-provider-aws internal/service/cloudwatch/dashboard.go"
	tfDashboardVal = "terraform-provider-aws internal/service/cloudwatch/validate.go validDashboardName"
	tfEventRule    = "terraform-provider-aws internal/service/events/rule.go"
	tfEventTarget  = "terraform-provider-aws internal/service/events/target.go"
	tfSNSTopic     = "terraform-provider-aws internal/service/sns/topic.go"
	tfSNSSub       = "terraform-provider-aws internal/service/sns/topic_subscription.go"
	tfKMSKey       = "terraform-provider-aws internal/service/kms/key.go"

	awsPutMetricAlarm = "AWS CloudWatch API Reference, PutMetricAlarm"
	awsDashboardBody  = "AWS CloudWatch API Reference, \"Dashboard Body Structure and Syntax\": the body is a JSON object whose widgets array is required, each widget with a type"
	awsSubscribe      = "AWS SNS API Reference, Subscribe Endpoint: for email an email address, for https a URL beginning with https://"
	awsPutRule        = "AWS EventBridge API Reference, PutRule"
)

// Enumerations of the CloudWatch and SNS SDK enums the schemas validate against.
var (
	alarmComparisonOperators = []string{"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold",
		"LessThanOrEqualToThreshold", "LessThanLowerOrGreaterThanUpperThreshold", "LessThanLowerThreshold",
		"GreaterThanUpperThreshold"}
	alarmStatistics       = []string{"SampleCount", "Average", "Sum", "Minimum", "Maximum"}
	alarmMissingData      = []string{"missing", "ignore", "breaching", "notBreaching"}
	snsProtocols          = []string{"application", "email", "email-json", "firehose", "http", "https", "lambda", "sms", "sqs"}
	kmsKeyUsages          = []string{"ENCRYPT_DECRYPT", "SIGN_VERIFY", "GENERATE_VERIFY_MAC", "KEY_AGREEMENT"}
	extendedStatisticExpr = `^((p|(tm)|(wm)|(tc)|(ts))((\d{1,2}(\.\d{1,2})?)|(100))|(IQM)|(((TM)|(WM)|(PR)|(TC)|(TS)))\((\d+(\.\d+)?%?)?:(\d+(\.\d+)?%?)?\))$`
)

// intDivisibleBy accepts whole numbers divisible by n (validation.IntDivisibleBy).
func intDivisibleBy(n int) checker {
	return checker{violation: resource.NewNumberProperty(float64(n + 1)), judge: func(v resource.PropertyValue) string {
		value, ok := asInt(v)
		if !ok || value%n != 0 {
			return fmt.Sprintf("expected to be divisible by %d, got %v", n, v.V)
		}
		return ""
	}}
}

// alarmPeriod is a metric alarm's period: 10, 20, 30 (high resolution) or a multiple of 60.
var alarmPeriod = anyOf(intIn(10, 20, 30), intDivisibleBy(60))

// queryPeriod is a metric query's period: 1, 5, 10, 20, 30 or a multiple of 60.
var queryPeriod = anyOf(intIn(1, 5, 10, 20, 30), intDivisibleBy(60))

// alarmStat is a statistic or an extended (percentile) statistic, as metric_query.metric.stat accepts.
var alarmStat = anyOf(oneOf(alarmStatistics...), matches(extendedStatisticExpr, "invalid statistic"))

// dashboardBody accepts a JSON object with a widgets array of at most 500 objects that each name their type.
func dashboardBody() checker {
	return checker{violation: str2v(`{"widgets": {}}`), judge: func(v resource.PropertyValue) string {
		if !v.IsString() {
			return "expected a JSON document string"
		}
		var body struct {
			Widgets *[]map[string]any `json:"widgets"`
		}
		if err := json.Unmarshal([]byte(v.StringValue()), &body); err != nil {
			return fmt.Sprintf("the dashboard body is not a JSON object with a widgets array: %v", err)
		}
		if body.Widgets == nil {
			return "the dashboard body has no widgets array"
		}
		// CloudWatch User Guide, "CloudWatch service quotas": 500 widgets per dashboard.
		if n := len(*body.Widgets); n > 500 {
			return fmt.Sprintf("%d widgets; a dashboard holds at most 500", n)
		}
		for i, widget := range *body.Widgets {
			if kind, ok := widget["type"].(string); !ok || kind == "" {
				return fmt.Sprintf("widgets[%d] has no type", i)
			}
		}
		return ""
	}}
}

// inputPaths accepts an input transformer's inputPaths: at most 100 entries, no key starting with AWS.
func inputPaths() checker {
	violation := resource.PropertyMap{"AWSKey": str2v("$.detail")}
	return checker{violation: resource.NewObjectProperty(violation), judge: func(v resource.PropertyValue) string {
		if !v.IsObject() {
			return "expected a map"
		}
		if n := len(v.ObjectValue()); n > 100 {
			return fmt.Sprintf("%d input paths; at most 100", n)
		}
		for key := range v.ObjectValue() {
			if strings.HasPrefix(string(key), "AWS") {
				return fmt.Sprintf("input_path %q must not start with \"AWS\"", key)
			}
		}
		return ""
	}}
}

var (
	metricAlarmFieldRules = []fieldRule{
		required("comparisonOperator", tfMetricAlarm+": comparison_operator Required"),
		required("evaluationPeriods", tfMetricAlarm+": evaluation_periods Required"),
		field("comparisonOperator", oneOf(alarmComparisonOperators...), tfMetricAlarm+": comparison_operator enum.Validate[ComparisonOperator]"),
		field("evaluationPeriods", intBetween(1, math.MaxInt32), tfMetricAlarm+": evaluation_periods IntAtLeast(1)"),
		field("datapointsToAlarm", intBetween(1, math.MaxInt32), tfMetricAlarm+": datapoints_to_alarm IntAtLeast(1)"),
		field("name", lenBetween(1, 255), tfMetricAlarm+": alarm_name StringLenBetween(1, 255)"),
		field("alarmDescription", lenBetween(0, 1024), tfMetricAlarm+": alarm_description StringLenBetween(0, 1024)"),
		field("alarmActions[]", validARN(), tfMetricAlarm+": alarm_actions ValidARN"),
		field("okActions", maxItems(5), tfMetricAlarm+": ok_actions MaxItems 5"),
		field("okActions[]", validARN(), tfMetricAlarm+": ok_actions ValidARN"),
		field("insufficientDataActions", maxItems(5), tfMetricAlarm+": insufficient_data_actions MaxItems 5"),
		field("metricName", lenBetween(1, 255), tfMetricAlarm+": metric_name StringLenBetween(1, 255)"),
		field("namespace", lenBetween(1, 255), tfMetricAlarm+": namespace StringLenBetween(1, 255)"),
		field("period", alarmPeriod, tfMetricAlarm+": period Any(IntInSlice(10, 20, 30), IntDivisibleBy(60))"),
		field("statistic", oneOf(alarmStatistics...), tfMetricAlarm+": statistic enum.Validate[Statistic]"),
		field("extendedStatistic", matches(extendedStatisticExpr, "invalid statistic"), tfMetricAlarm+": extended_statistic StringMatch(percentile and trimmed statistics)"),
		field("treatMissingData", oneOfFold(alarmMissingData...), tfMetricAlarm+": treat_missing_data StringInSlice(missing, ignore, breaching, notBreaching, true)"),
		required("metricQueries[].id", tfMetricAlarm+": metric_query.id Required"),
		field("metricQueries[].id", lenBetween(1, 255), tfMetricAlarm+": metric_query.id StringLenBetween(1, 255)"),
		field("metricQueries[].expression", lenBetween(1, 1024), tfMetricAlarm+": metric_query.expression StringLenBetween(1, 1024)"),
		field("metricQueries[].period", queryPeriod, tfMetricAlarm+": metric_query.period Any(IntInSlice(1, 5, 10, 20, 30), IntDivisibleBy(60))"),
		required("metricQueries[].metric.metricName", tfMetricAlarm+": metric_query.metric.metric_name Required"),
		required("metricQueries[].metric.period", tfMetricAlarm+": metric_query.metric.period Required"),
		required("metricQueries[].metric.stat", tfMetricAlarm+": metric_query.metric.stat Required"),
		field("metricQueries[].metric.period", queryPeriod, tfMetricAlarm+": metric_query.metric.period Any(IntInSlice(1, 5, 10, 20, 30), IntDivisibleBy(60))"),
		field("metricQueries[].metric.stat", alarmStat, tfMetricAlarm+": metric_query.metric.stat enum.Validate[Statistic] or the extended statistic pattern"),
		field("metricQueries[].metric.namespace", lenBetween(1, 255), tfMetricAlarm+": metric_query.metric.namespace StringLenBetween(1, 255)"),
	}

	metricAlarmResourceRules = []resourceRule{
		{name: "a single-metric alarm has one statistic", source: tfMetricAlarm + ": CustomizeDiff (statistic or extended_statistic) and ConflictsWith metric_query",
			check: alarmStatisticRule},
		{name: "metric math queries", source: tfMetricAlarm + ": CustomizeDiff (no metric_query has both expression and metric); " +
			awsPutMetricAlarm + " Metrics: exactly one query returns data", check: alarmQueriesRule},
		{name: "evaluation window", source: awsPutMetricAlarm + ": DatapointsToAlarm at most EvaluationPeriods; EvaluationPeriods times Period at most 86,400 seconds",
			check: alarmWindowRule},
	}

	dashboardFieldRules = []fieldRule{
		required("dashboardName", tfDashboard+": dashboard_name Required"),
		required("dashboardBody", tfDashboard+": dashboard_body Required"),
		field("dashboardName", allOf(lenBetween(0, 255), matches(`^[0-9A-Za-z_-]+$`, "must match ^[0-9A-Za-z_-]+$")), tfDashboardVal+" (at most 255, ^[0-9A-Za-z_-]+$)"),
		field("dashboardBody", dashboardBody(), tfDashboard+": dashboard_body StringIsJSON; "+awsDashboardBody),
	}

	eventRuleFieldRules = []fieldRule{
		field("name", allOf(lenBetween(1, 64), matches(`^[0-9A-Za-z_.-]+$`, "must match ^[0-9A-Za-z_.-]+$")), awsPutRule+" Name: 1-64 characters of [.\\-_A-Za-z0-9]"),
		field("description", lenBetween(0, 512), tfEventRule+": description StringLenBetween(0, 512)"),
		field("eventPattern", allOf(jsonDocument(), lenBetween(0, 4096)), tfEventRule+": event_pattern validateEventPatternValue (JSON); "+awsPutRule+" EventPattern: at most 4096 characters"),
	}

	eventTargetFieldRules = []fieldRule{
		required("arn", tfEventTarget+": arn Required"),
		required("rule", tfEventTarget+": rule Required"),
		field("arn", validARN(), tfEventTarget+": arn ValidARN"),
		field("targetId", allOf(lenBetween(1, 64), matches(`^[0-9A-Za-z_.-]+$`, "must match ^[0-9A-Za-z_.-]+$")), tfEventTarget+": target_id validateTargetID (1-64, [0-9A-Za-z_.-])"),
		required("inputTransformer.inputTemplate", tfEventTarget+": input_transformer.input_template Required"),
		field("inputTransformer.inputTemplate", lenBetween(1, 8192), tfEventTarget+": input_transformer.input_template StringLenBetween(1, 8192)"),
		field("inputTransformer.inputPaths", inputPaths(), tfEventTarget+": input_transformer.input_paths mapMaxItems(100), keys not ^AWS"),
	}

	snsTopicFieldRules = []fieldRule{
		field("name", matches(`^[0-9A-Za-z_-]{1,256}$|^[0-9A-Za-z_-]{1,251}\.fifo$`, "invalid topic name"), tfSNSTopic+": CustomizeDiff ^[0-9A-Za-z_-]{1,256}$ (FIFO: 1-251 and .fifo)"),
		field("policy", jsonDocument(), tfSNSTopic+": policy IAMPolicyDocumentSchemaOptionalComputed (JSON)"),
		field("signatureVersion", intBetween(1, 2), tfSNSTopic+": signature_version IntBetween(1, 2)"),
	}

	snsSubscriptionFieldRules = []fieldRule{
		required("endpoint", tfSNSSub+": endpoint Required"),
		required("protocol", tfSNSSub+": protocol Required"),
		required("topic", tfSNSSub+": topic_arn Required (pulumi-aws provider/resources.go names it topic)"),
		field("protocol", oneOf(snsProtocols...), tfSNSSub+": protocol StringInSlice(subscriptionProtocol_Values(), false)"),
		field("topic", validARN(), tfSNSSub+": topic_arn ValidARN"),
	}

	kmsKeyFieldRules = []fieldRule{
		field("description", lenBetween(0, 8192), tfKMSKey+": description StringLenBetween(0, 8192)"),
		field("policy", jsonDocument(), tfKMSKey+": policy JSON (verify.ValidIAMPolicyJSON)"),
		field("deletionWindowInDays", intBetween(7, 30), tfKMSKey+": deletion_window_in_days IntBetween(7, 30)"),
		field("keyUsage", oneOf(kmsKeyUsages...), tfKMSKey+": key_usage enum.Validate[KeyUsageType]"),
		field("rotationPeriodInDays", intBetween(90, 2560), tfKMSKey+": rotation_period_in_days IntBetween(90, 2560)"),
	}

	snsSubscriptionResourceRules = []resourceRule{{name: "the endpoint fits the protocol", source: awsSubscribe, check: subscriptionEndpointRule}}

	eventTargetResourceRules = []resourceRule{
		conflicting([]string{"input", "inputPath", "inputTransformer"}, tfEventTarget+": input, input_path, input_transformer ConflictsWith"),
	}
)

// conflicting is ConflictsWith among keys: at most one of them is set.
func conflicting(keys []string, source string) resourceRule {
	return resourceRule{name: "at most one of " + fmt.Sprint(keys), source: source,
		check: func(props resource.PropertyMap) []plugin.CheckFailure {
			var set []string
			for _, key := range keys {
				if v, ok := props[resource.PropertyKey(key)]; ok && present(v) {
					set = append(set, key)
				}
			}
			if len(set) <= 1 {
				return nil
			}
			return []plugin.CheckFailure{{Property: resource.PropertyKey(set[1]),
				Reason: fmt.Sprintf("%v conflict: at most one may be set", set)}}
		}}
}

// alarmStatisticRule: a single-metric alarm sets exactly one of statistic and extendedStatistic, and neither these
// nor metricName, namespace, period or dimensions go with metricQueries.
func alarmStatisticRule(props resource.PropertyMap) []plugin.CheckFailure {
	set := func(key string) bool { v, ok := props[resource.PropertyKey(key)]; return ok && present(v) }
	var failures []plugin.CheckFailure
	if set("metricQueries") {
		for _, key := range []string{"metricName", "namespace", "period", "dimensions", "statistic", "extendedStatistic"} {
			if set(key) {
				failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(key),
					Reason: fmt.Sprintf("%s conflicts with metricQueries", key)})
			}
		}
		return failures
	}
	if set("metricName") && set("statistic") == set("extendedStatistic") {
		failures = append(failures, plugin.CheckFailure{Property: "statistic",
			Reason: "One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm"})
	}
	return failures
}

// alarmQueriesRule: no query has both an expression and a metric, and exactly one returns data.
func alarmQueriesRule(props resource.PropertyMap) []plugin.CheckFailure {
	plain, ok := known(props["metricQueries"])
	if !ok || !plain.IsArray() || len(plain.ArrayValue()) == 0 {
		return nil
	}
	var failures []plugin.CheckFailure
	returning := 0
	for i, item := range plain.ArrayValue() {
		query, ok := known(item)
		if !ok || !query.IsObject() {
			return nil
		}
		fields := query.ObjectValue()
		if present(fields["expression"]) && present(fields["metric"]) {
			failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(fmt.Sprintf("metricQueries[%d]", i)),
				Reason: "No metric_query may have both `expression` and a `metric` specified"})
		}
		returnData, isKnown := boolean(fields, "returnData", false)
		if !isKnown {
			return failures
		}
		if returnData {
			returning++
		}
	}
	if returning != 1 {
		failures = append(failures, plugin.CheckFailure{Property: "metricQueries",
			Reason: fmt.Sprintf("%d queries return data; exactly one of an alarm's metric queries must set returnData", returning)})
	}
	return failures
}

// alarmWindowRule: datapointsToAlarm is at most evaluationPeriods, and a single-metric alarm looks back at most a
// day.
func alarmWindowRule(props resource.PropertyMap) []plugin.CheckFailure {
	periods, okPeriods := number(props, "evaluationPeriods")
	if !okPeriods {
		return nil
	}
	var failures []plugin.CheckFailure
	if datapoints, ok := number(props, "datapointsToAlarm"); ok && datapoints > periods {
		failures = append(failures, plugin.CheckFailure{Property: "datapointsToAlarm",
			Reason: fmt.Sprintf("datapointsToAlarm %v is more than evaluationPeriods %v", datapoints, periods)})
	}
	if period, ok := number(props, "period"); ok && period*periods > 86400 {
		failures = append(failures, plugin.CheckFailure{Property: "evaluationPeriods",
			Reason: fmt.Sprintf("%v periods of %v seconds exceed one day (86400 seconds)", periods, period)})
	}
	return failures
}

// snsEmailPattern is a loose address check: AWS sends the confirmation to whatever it is given, so only the shape
// the Subscribe API needs is judged.
var snsEmailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// subscriptionEndpointRule: an email subscription's endpoint is an email address, an https one's an https:// URL.
func subscriptionEndpointRule(props resource.PropertyMap) []plugin.CheckFailure {
	protocol, okProtocol := str(props, "protocol")
	endpoint, okEndpoint := str(props, "endpoint")
	if !okProtocol || !okEndpoint {
		return nil
	}
	fail := func(reason string) []plugin.CheckFailure {
		return []plugin.CheckFailure{{Property: "endpoint", Reason: reason}}
	}
	switch protocol {
	case "email", "email-json":
		if _, err := mail.ParseAddress(endpoint); err != nil || !snsEmailPattern.MatchString(endpoint) {
			return fail(fmt.Sprintf("Invalid parameter: Email address %q", endpoint))
		}
	case "https":
		if !strings.HasPrefix(endpoint, "https://") {
			return fail(fmt.Sprintf("Invalid parameter: Endpoint %q must begin with https:// for protocol https", endpoint))
		}
	case "http":
		if !strings.HasPrefix(endpoint, "http://") {
			return fail(fmt.Sprintf("Invalid parameter: Endpoint %q must begin with http:// for protocol http", endpoint))
		}
	}
	return nil
}

// Replacements of the monitoring types: their ForceNew attributes.
var (
	metricAlarmForceNew = []forceNew{fn("name", tfMetricAlarm+": alarm_name ForceNew")}
	dashboardForceNew   = []forceNew{fn("dashboardName", tfDashboard+": dashboard_name ForceNew")}
	eventRuleForceNew   = []forceNew{
		fn("name", tfEventRule+": name ForceNew"),
		fn("namePrefix", tfEventRule+": name_prefix ForceNew"),
		fn("eventBusName", tfEventRule+": event_bus_name ForceNew"),
	}
	eventTargetForceNew = []forceNew{
		fn("rule", tfEventTarget+": rule ForceNew"),
		fn("targetId", tfEventTarget+": target_id ForceNew"),
		fn("eventBusName", tfEventTarget+": event_bus_name ForceNew"),
	}
	snsTopicForceNew = []forceNew{
		fn("name", tfSNSTopic+": name ForceNew"),
		fn("namePrefix", tfSNSTopic+": name_prefix ForceNew"),
		fn("fifoTopic", tfSNSTopic+": fifo_topic ForceNew"),
	}
	snsSubscriptionForceNew = []forceNew{
		fn("endpoint", tfSNSSub+": endpoint ForceNew"),
		fn("protocol", tfSNSSub+": protocol ForceNew"),
		fn("topic", tfSNSSub+": topic_arn ForceNew"),
	}
	kmsKeyForceNew = []forceNew{
		fn("customerMasterKeySpec", tfKMSKey+": customer_master_key_spec ForceNew"),
		fn("keyUsage", tfKMSKey+": key_usage ForceNew"),
		fn("multiRegion", tfKMSKey+": multi_region ForceNew"),
		fn("customKeyStoreId", tfKMSKey+": custom_key_store_id ForceNew"),
	}
)
