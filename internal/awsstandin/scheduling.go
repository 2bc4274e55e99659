package awsstandin

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"

	"github.com/private-fargate/private-fargate/internal/schedexpr"
)

// The contract of the types jobs register: EventBridge Scheduler schedules and groups, and the SQS dead-letter queue.
// Sources are the terraform-provider-aws schema files pulumi-aws v6.83.2 wraps and the API references.
const (
	tfSchedule      = "terraform-provider-aws internal/service/scheduler/schedule.go"
	tfScheduleGroup = "terraform-provider-aws internal/service/scheduler/schedule_group.go"
	tfSQSQueue      = "terraform-provider-aws internal/service/sqs/queue.go"

	awsScheduleExpression = "AWS EventBridge Scheduler API Reference, CreateSchedule ScheduleExpression: at(yyyy-mm-ddThh:mm:ss), " +
		"rate(value unit) or cron(fields), refused with ValidationException otherwise"
	awsScheduleTimezone = "AWS EventBridge Scheduler API Reference, CreateSchedule ScheduleExpressionTimezone: an IANA time zone"
	awsFlexibleWindow   = "AWS EventBridge Scheduler API Reference, FlexibleTimeWindow: MaximumWindowInMinutes (1-1440) goes " +
		"with Mode FLEXIBLE and only with it"

	schedulerNamePattern = `^[0-9A-Za-z_.-]+$`
	schedulerNameMessage = "The name must consist of alphanumerics, hyphens, and underscores."
)

// scheduleExpression is what CreateSchedule accepts as ScheduleExpression: the grammar internal/schedexpr checks for
// the program's config, applied here to what reaches the provider.
var scheduleExpression = checker{violation: str2v("cron(0 2 * * *)"), judge: func(v resource.PropertyValue) string {
	if !v.IsString() {
		return "expected a schedule expression string"
	}
	if _, err := schedexpr.Parse(v.StringValue()); err != nil {
		return err.Error()
	}
	return ""
}}

// scheduleTimezone is an IANA zone of the embedded tz database.
var scheduleTimezone = checker{violation: str2v("Mars/Olympus_Mons"), judge: func(v resource.PropertyValue) string {
	if !v.IsString() {
		return "expected a time zone name"
	}
	if _, err := schedexpr.LoadTimezone(v.StringValue()); err != nil {
		return err.Error()
	}
	return ""
}}

// schedulerName is the schedule and group name validation of both schema files.
func schedulerName(hi int) checker {
	return allOf(lenBetween(1, hi), matches(schedulerNamePattern, schedulerNameMessage))
}

// scheduleRules, scheduleGroupRules and queueRules are the field rules inputRules lists for the three types.
var (
	scheduleRules = []fieldRule{
		required("flexibleTimeWindow", tfSchedule+": flexible_time_window Required, MaxItems 1"),
		required("flexibleTimeWindow.mode", tfSchedule+": flexible_time_window.mode Required"),
		required("scheduleExpression", tfSchedule+": schedule_expression Required"),
		required("target", tfSchedule+": target Required, MaxItems 1"),
		required("target.arn", tfSchedule+": target.arn Required"),
		required("target.roleArn", tfSchedule+": target.role_arn Required"),
		required("target.ecsParameters.taskDefinitionArn", tfSchedule+": ecs_parameters.task_definition_arn Required"),
		required("target.ecsParameters.networkConfiguration.subnets", tfSchedule+": network_configuration.subnets Required"),
		required("target.ecsParameters.capacityProviderStrategies[].capacityProvider",
			tfSchedule+": capacity_provider_strategy.capacity_provider Required"),
		field("name", schedulerName(64), tfSchedule+": name StringLenBetween(1, 64), StringMatch(^[0-9A-Za-z_.-]+$)"),
		field("namePrefix", schedulerName(64-uniqueIDSuffixLength),
			tfSchedule+": name_prefix StringLenBetween(1, 64-UniqueIDSuffixLength), StringMatch(^[0-9A-Za-z_.-]+$)"),
		field("groupName", lenBetween(1, 64), tfSchedule+": group_name StringLenBetween(1, 64)"),
		field("description", lenBetween(0, 512), tfSchedule+": description StringLenBetween(0, 512)"),
		field("scheduleExpression", allOf(lenBetween(1, 256), scheduleExpression),
			tfSchedule+": schedule_expression StringLenBetween(1, 256); "+awsScheduleExpression),
		field("scheduleExpressionTimezone", allOf(lenBetween(1, 50), scheduleTimezone),
			tfSchedule+": schedule_expression_timezone StringLenBetween(1, 50); "+awsScheduleTimezone),
		field("state", oneOf("ENABLED", "DISABLED"), tfSchedule+": state enum.Validate[ScheduleState]"),
		field("flexibleTimeWindow.mode", oneOf("OFF", "FLEXIBLE"), tfSchedule+": flexible_time_window.mode enum.Validate[FlexibleTimeWindowMode]"),
		field("flexibleTimeWindow.maximumWindowInMinutes", intBetween(1, 1440),
			tfSchedule+": flexible_time_window.maximum_window_in_minutes IntBetween(1, 1440)"),
		field("target.arn", validARN(), tfSchedule+": target.arn ValidARN"),
		field("target.roleArn", validARN(), tfSchedule+": target.role_arn ValidARN"),
		field("target.deadLetterConfig.arn", validARN(), tfSchedule+": dead_letter_config.arn ValidARN"),
		field("target.retryPolicy.maximumEventAgeInSeconds", intBetween(60, 86400),
			tfSchedule+": retry_policy.maximum_event_age_in_seconds IntBetween(60, 86400)"),
		field("target.retryPolicy.maximumRetryAttempts", intBetween(0, 185),
			tfSchedule+": retry_policy.maximum_retry_attempts IntBetween(0, 185)"),
		field("target.ecsParameters.taskDefinitionArn", validARN(), tfSchedule+": ecs_parameters.task_definition_arn ValidARN"),
		field("target.ecsParameters.launchType", oneOf(ecsLaunchTypes...), tfSchedule+": ecs_parameters.launch_type enum.Validate[LaunchType]"),
		field("target.ecsParameters.propagateTags", oneOf("TASK_DEFINITION"),
			tfSchedule+": ecs_parameters.propagate_tags enum.Validate[PropagateTags] (TASK_DEFINITION)"),
		field("target.ecsParameters.capacityProviderStrategies", maxItems(6), tfSchedule+": capacity_provider_strategy MaxItems 6"),
		field("target.ecsParameters.capacityProviderStrategies[].base", intBetween(0, 100000),
			tfSchedule+": capacity_provider_strategy.base IntBetween(0, 100000)"),
		field("target.ecsParameters.capacityProviderStrategies[].weight", intBetween(0, 1000),
			tfSchedule+": capacity_provider_strategy.weight IntBetween(0, 1000)"),
		field("target.ecsParameters.capacityProviderStrategies[].capacityProvider", lenBetween(1, 255),
			tfSchedule+": capacity_provider_strategy.capacity_provider StringLenBetween(1, 255)"),
	}
	scheduleGroupRules = []fieldRule{
		field("name", schedulerName(64), tfScheduleGroup+": name StringLenBetween(1, 64), StringMatch(^[0-9A-Za-z_.-]+$)"),
		field("namePrefix", schedulerName(64-uniqueIDSuffixLength),
			tfScheduleGroup+": name_prefix StringLenBetween(1, 64-UniqueIDSuffixLength), StringMatch(^[0-9A-Za-z_.-]+$)"),
	}
	queueRules = []fieldRule{
		field("name", matches(`^[0-9A-Za-z_-]{1,80}(\.fifo)?$`, "invalid queue name"),
			tfSQSQueue+": resourceQueueCustomizeDiff, the name matches ^[0-9A-Za-z_-]{1,80}$ (^[0-9A-Za-z_-]{1,75}\\.fifo$ for FIFO)"),
		field("delaySeconds", intBetween(0, 900), tfSQSQueue+": delay_seconds IntBetween(0, 900)"),
		field("maxMessageSize", intBetween(1024, 1048576), tfSQSQueue+": max_message_size IntBetween(1024, 1_048_576)"),
		field("messageRetentionSeconds", intBetween(60, 1209600), tfSQSQueue+": message_retention_seconds IntBetween(60, 1_209_600)"),
		field("visibilityTimeoutSeconds", intBetween(0, 43200), tfSQSQueue+": visibility_timeout_seconds IntBetween(0, 43_200)"),
		field("kmsDataKeyReusePeriodSeconds", intBetween(60, 86400), tfSQSQueue+": kms_data_key_reuse_period_seconds IntBetween(60, 86_400)"),
		field("policy", jsonDocument(), tfSQSQueue+": policy StringIsJSON"),
	}
)

// flexibleWindowFits: a FLEXIBLE window names its maximum, an OFF window none.
var flexibleWindowFits = resourceRule{
	name:   "flexible window maximum goes with mode FLEXIBLE",
	source: awsFlexibleWindow,
	check: func(props resource.PropertyMap) []plugin.CheckFailure {
		mode, ok := strAt(props, "flexibleTimeWindow.mode")
		if !ok {
			return nil
		}
		hasWindow := false
		for _, at := range lookup(props, "flexibleTimeWindow.maximumWindowInMinutes") {
			hasWindow = hasWindow || present(at.value)
		}
		switch {
		case mode == "FLEXIBLE" && !hasWindow:
			return []plugin.CheckFailure{{Property: "flexibleTimeWindow.maximumWindowInMinutes",
				Reason: "a FLEXIBLE time window needs maximumWindowInMinutes"}}
		case mode == "OFF" && hasWindow:
			return []plugin.CheckFailure{{Property: "flexibleTimeWindow.maximumWindowInMinutes",
				Reason: "maximumWindowInMinutes is only allowed with mode FLEXIBLE"}}
		}
		return nil
	},
}

// sqsEncryptionChoice: SQS-managed SSE and a KMS key exclude each other.
var sqsEncryptionChoice = resourceRule{
	name:   "sqsManagedSseEnabled conflicts with kmsMasterKeyId",
	source: tfSQSQueue + ": kms_master_key_id and sqs_managed_sse_enabled ConflictsWith each other",
	check: func(props resource.PropertyMap) []plugin.CheckFailure {
		managed, _ := known(props["sqsManagedSseEnabled"])
		if managed.IsBool() && managed.BoolValue() && present(props["kmsMasterKeyId"]) {
			return []plugin.CheckFailure{{Property: "kmsMasterKeyId",
				Reason: "\"kms_master_key_id\": conflicts with sqs_managed_sse_enabled"}}
		}
		return nil
	},
}

// scheduleForceNew, scheduleGroupForceNew and queueForceNew are the replaceOnChange entries of the three types.
var (
	scheduleForceNew = []forceNew{
		fn("name", tfSchedule+": name ForceNew"),
		fn("namePrefix", tfSchedule+": name_prefix ForceNew"),
		fn("groupName", tfSchedule+": group_name ForceNew"),
	}
	scheduleGroupForceNew = []forceNew{
		fn("name", tfScheduleGroup+": name ForceNew"),
		fn("namePrefix", tfScheduleGroup+": name_prefix ForceNew"),
	}
	queueForceNew = []forceNew{
		fn("name", tfSQSQueue+": name ForceNew"),
		fn("namePrefix", tfSQSQueue+": name_prefix ForceNew"),
		fn("fifoQueue", tfSQSQueue+": fifo_queue ForceNew"),
	}
)
