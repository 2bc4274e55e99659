package rules

import (
	"fmt"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// The FSBP controls and rules of SQS queues: the jobs' dead-letter queue is the platform's one queue.

// sqsControls are the FSBP controls of SQS (Security Hub user guide, "Security Hub controls for Amazon SQS").
func sqsControls() []Control {
	return []Control{
		{ID: "SQS.1", Title: "Amazon SQS queues should be encrypted at rest", Severity: "Medium", Rules: []string{"sqs-queue-encrypted"}},
		{ID: "SQS.2", Title: "SQS queues should be tagged", Severity: "Low", ByConstruction: "every taggable resource carries the stack's tags"},
		{ID: "SQS.3", Title: "SQS queue access policies should not allow public access", Severity: "Critical", Rules: []string{"sqs-queue-not-public"}},
	}
}

// sqsSource is the Security Hub user guide page of these controls.
const sqsSource = "https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html"

// sqsQueueEncryptedRule: a queue is encrypted at rest with SSE-SQS or SSE-KMS (FSBP SQS.1).
var sqsQueueEncryptedRule = ResourceRule{
	Name:          "sqs-queue-encrypted",
	ResourceTypes: []string{awstypes.SqsQueue},
	Controls:      []string{"SQS.1"},
	Description:   "SQS queues are encrypted at rest: `sqsManagedSseEnabled` is not set to false, or a `kmsMasterKeyId` is set (unset, AWS encrypts new queues with SSE-SQS).",
	Rationale:     "A queue keeps its messages for up to 14 days; the dead-letter queue holds the jobs' failed invocations, with their inputs.",
	DefaultLevel:  Advisory,
	Check:         checkQueueEncrypted,
}

// checkQueueEncrypted: since October 2022 SQS encrypts new queues with SSE-SQS unless told otherwise (SQS Developer
// Guide, "Encryption at rest in Amazon SQS": "SSE-SQS ... enabled by default for newly created queues"); the
// provider leaves sqs_managed_sse_enabled to AWS when unset (terraform-provider-aws internal/service/sqs/queue.go:
// Optional, Computed). So only an explicit false without a KMS key leaves the queue unencrypted.
func checkQueueEncrypted(res Resource, _ Config) []string {
	managed, managedKnown := boolValue(res.Properties.Get("sqsManagedSseEnabled"), true)
	key, keyKnown := str(res.Properties, "kmsMasterKeyId", "")
	if !managedKnown || !keyKnown || managed || key != "" {
		return nil
	}
	return []string{fmt.Sprintf("SQS queue %q sets sqsManagedSseEnabled: false without a kmsMasterKeyId, so its messages "+
		"are not encrypted at rest; remove the setting (SSE-SQS) or name a KMS key", res.Name)}
}

// sqsQueueNotPublicRule: no queue policy lets anyone use the queue (FSBP SQS.3).
var sqsQueueNotPublicRule = ResourceRule{
	Name:          "sqs-queue-not-public",
	ResourceTypes: []string{awstypes.SqsQueue, awstypes.SqsQueuePolicy},
	Controls:      []string{"SQS.3"},
	Description:   "No SQS queue policy (the queue's `policy` or a `QueuePolicy`) has an Allow statement with `Principal: \"*\"` and no condition.",
	Rationale:     "A public queue lets anyone read, delete or inject messages, and so drive whatever consumes them.",
	DefaultLevel:  Mandatory,
	Check:         checkQueueNotPublic,
}

func checkQueueNotPublic(res Resource, _ Config) []string {
	return checkPolicies(res, func(st statement) string {
		if !st.public() {
			return ""
		}
		return "allows Principal \"*\" without a condition, making the queue public; name the principals, or add a " +
			"condition such as aws:SourceArn"
	})
}
