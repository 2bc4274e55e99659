package rules

import (
	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// monitoringRuleCases are the fixtures of the monitoring rules; resourceRuleCases includes them.
func monitoringRuleCases() []ruleCase {
	topic := arr{"arn:aws:sns:eu-west-1:123456789012:alarms"}
	return []ruleCase{
		// cloudwatch-alarm-actions (CloudWatch.15, CloudWatch.17)
		{name: "alarm paging a topic", rule: "cloudwatch-alarm-actions", typ: awstypes.CloudwatchMetricAlarm, props: obj{"alarmActions": topic, "actionsEnabled": true}},
		{name: "alarm with actions and the default actionsEnabled", rule: "cloudwatch-alarm-actions", typ: awstypes.CloudwatchMetricAlarm, props: obj{"alarmActions": topic}},
		{name: "alarm with actions switched off", rule: "cloudwatch-alarm-actions", typ: awstypes.CloudwatchMetricAlarm, props: obj{"alarmActions": topic, "actionsEnabled": false}, want: 1, wantText: "actionsEnabled: false"},
		{name: "alarm without actions", rule: "cloudwatch-alarm-actions", typ: awstypes.CloudwatchMetricAlarm, props: obj{"okActions": topic}, want: 1, wantText: "no alarmActions"},
		{name: "alarm with neither", rule: "cloudwatch-alarm-actions", typ: awstypes.CloudwatchMetricAlarm, props: obj{"alarmActions": arr{}, "actionsEnabled": false}, want: 2},
		{name: "alarm with unknown actions is rechecked at up", rule: "cloudwatch-alarm-actions", typ: awstypes.CloudwatchMetricAlarm, props: obj{"alarmActions": unknownValue, "actionsEnabled": unknownValue}},

		// sns-topic-encrypted (SNS.1)
		{name: "topic with a key", rule: "sns-topic-encrypted", typ: awstypes.SnsTopic, props: obj{"kmsMasterKeyId": "arn:aws:kms:eu-west-1:123456789012:key/1"}},
		{name: "topic without a key", rule: "sns-topic-encrypted", typ: awstypes.SnsTopic, props: obj{"name": "alarms"}, want: 1, wantText: "kmsMasterKeyId"},
		{name: "topic with an empty key", rule: "sns-topic-encrypted", typ: awstypes.SnsTopic, props: obj{"kmsMasterKeyId": ""}, want: 1},
		{name: "topic with an unknown key", rule: "sns-topic-encrypted", typ: awstypes.SnsTopic, props: obj{"kmsMasterKeyId": unknownValue}},

		// kms-key-rotation (KMS.4)
		{name: "rotating key", rule: "kms-key-rotation", typ: awstypes.KmsKey, props: obj{"enableKeyRotation": true}},
		{name: "key with rotation left at its default", rule: "kms-key-rotation", typ: awstypes.KmsKey, props: obj{"description": "k"}, want: 1, wantText: "enableKeyRotation: true"},
		{name: "asymmetric key cannot rotate", rule: "kms-key-rotation", typ: awstypes.KmsKey, props: obj{"customerMasterKeySpec": "RSA_2048", "keyUsage": "SIGN_VERIFY"}},
		{name: "key with unknown rotation", rule: "kms-key-rotation", typ: awstypes.KmsKey, props: obj{"enableKeyRotation": unknownValue}},
	}
}
