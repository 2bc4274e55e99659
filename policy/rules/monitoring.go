package rules

import (
	"fmt"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// The FSBP controls and rules of what pages a stack's owners: CloudWatch alarms, the SNS topic they notify and the
// KMS key that encrypts it.

// monitoringSources are the Security Hub user guide pages of these controls.
var monitoringSources = map[string]string{
	"CloudWatch": "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html",
	"KMS":        "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html",
	"SNS":        "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html",
}

// monitoringControls are the FSBP controls of CloudWatch alarms, KMS keys and SNS topics the platform creates.
func monitoringControls() []Control {
	return []Control{
		{ID: "CloudWatch.15", Title: "CloudWatch alarms should have specified actions configured", Severity: "High", Rules: []string{"cloudwatch-alarm-actions"}},
		{ID: "CloudWatch.17", Title: "CloudWatch alarm actions should be activated", Severity: "High", Rules: []string{"cloudwatch-alarm-actions"}},
		{ID: "KMS.3", Title: "AWS KMS keys should not be deleted unintentionally", Severity: "Critical", NotDecidable: "a key pending deletion is " + runtimeState},
		{ID: "KMS.4", Title: "AWS KMS key rotation should be enabled", Severity: "Medium", Rules: []string{"kms-key-rotation"}},
		{ID: "SNS.1", Title: "SNS topics should be encrypted at-rest using AWS KMS", Severity: "Medium", Rules: []string{"sns-topic-encrypted"}},
		{ID: "SNS.3", Title: "SNS topics should be tagged", Severity: "Low", ByConstruction: "every taggable resource carries the stack's tags"},
	}
}

// alarmActionsRule: an alarm pages someone (FSBP CloudWatch.15 and .17).
var alarmActionsRule = ResourceRule{
	Name:          "cloudwatch-alarm-actions",
	ResourceTypes: []string{awstypes.CloudwatchMetricAlarm},
	Controls:      []string{"CloudWatch.15", "CloudWatch.17"},
	Description:   "Metric alarms name at least one `alarmActions` target and do not set `actionsEnabled: false` (default true).",
	Rationale:     "An alarm without an action, or with its actions switched off, changes state where nobody looks.",
	DefaultLevel:  Mandatory,
	Check:         checkAlarmActions,
}

func checkAlarmActions(res Resource, _ Config) []string {
	var messages []string
	if enabled, known := boolValue(res.Properties.Get("actionsEnabled"), true); known && !enabled {
		messages = append(messages, fmt.Sprintf("alarm %q sets actionsEnabled: false, so it notifies nobody; remove it "+
			"or set it to true", res.Name))
	}
	actions, known := list(res.Properties.Get("alarmActions"))
	if known && len(actions) == 0 {
		messages = append(messages, fmt.Sprintf("alarm %q has no alarmActions; name the SNS topic (or other action) "+
			"that should hear about it", res.Name))
	}
	return messages
}

// snsTopicEncryptedRule: the topic the alarms publish to is encrypted at rest (FSBP SNS.1).
var snsTopicEncryptedRule = ResourceRule{
	Name:          "sns-topic-encrypted",
	ResourceTypes: []string{awstypes.SnsTopic},
	Controls:      []string{"SNS.1"},
	Description:   "SNS topics set `kmsMasterKeyId` (unset means unencrypted at rest).",
	Rationale:     "Messages wait in the topic until delivered; alarm messages name the resources that fail.",
	DefaultLevel:  Advisory,
	Check:         checkTopicEncrypted,
}

func checkTopicEncrypted(res Resource, _ Config) []string {
	key, known := str(res.Properties, "kmsMasterKeyId", "")
	if !known || key != "" {
		return nil
	}
	return []string{fmt.Sprintf("SNS topic %q is not encrypted at rest; set kmsMasterKeyId to a KMS key the "+
		"publishers may use (CloudWatch alarms need a customer managed key)", res.Name)}
}

// kmsKeyRotationRule: symmetric keys rotate (FSBP KMS.4).
var kmsKeyRotationRule = ResourceRule{
	Name:          "kms-key-rotation",
	ResourceTypes: []string{awstypes.KmsKey},
	Controls:      []string{"KMS.4"},
	Description:   "Symmetric encryption KMS keys enable automatic rotation (`enableKeyRotation`, default false); asymmetric, HMAC and imported keys cannot rotate and pass.",
	Rationale:     "Rotation limits how much data one key version protects.",
	DefaultLevel:  Advisory,
	Check:         checkKeyRotation,
}

func checkKeyRotation(res Resource, _ Config) []string {
	spec, specKnown := str(res.Properties, "customerMasterKeySpec", "SYMMETRIC_DEFAULT")
	usage, usageKnown := str(res.Properties, "keyUsage", "ENCRYPT_DECRYPT")
	if !specKnown || !usageKnown || spec != "SYMMETRIC_DEFAULT" || usage != "ENCRYPT_DECRYPT" {
		return nil
	}
	if rotate, known := boolValue(res.Properties.Get("enableKeyRotation"), false); !known || rotate {
		return nil
	}
	return []string{fmt.Sprintf("KMS key %q does not rotate; set enableKeyRotation: true", res.Name)}
}
