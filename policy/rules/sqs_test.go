package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// sqsRuleCases are the fixtures of the rules in sqs.go; resourceRuleCases includes them.
func sqsRuleCases() []ruleCase {
	publicQueuePolicy := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:123456789012:q"}]}`
	scopedQueuePolicy := `{"Statement":[{"Effect":"Allow","Principal":{"Service":"scheduler.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-1:123456789012:q"}]}`
	conditionalPublic := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:eu-west-1:123456789012:t"}}}]}`
	return []ruleCase{
		// sqs-queue-encrypted (SQS.1)
		{name: "queue with SSE-SQS", rule: "sqs-queue-encrypted", typ: awstypes.SqsQueue, props: obj{"sqsManagedSseEnabled": true}},
		{name: "queue leaving encryption to the AWS default", rule: "sqs-queue-encrypted", typ: awstypes.SqsQueue, props: obj{}},
		{name: "queue with a KMS key", rule: "sqs-queue-encrypted", typ: awstypes.SqsQueue, props: obj{"sqsManagedSseEnabled": false, "kmsMasterKeyId": "alias/jobs"}},
		{name: "queue with encryption turned off", rule: "sqs-queue-encrypted", typ: awstypes.SqsQueue, props: obj{"sqsManagedSseEnabled": false}, want: 1, wantText: "not encrypted at rest"},
		{name: "queue with unknown encryption", rule: "sqs-queue-encrypted", typ: awstypes.SqsQueue, props: obj{"sqsManagedSseEnabled": unknownValue}},

		// sqs-queue-not-public (SQS.3)
		{name: "queue without a policy", rule: "sqs-queue-not-public", typ: awstypes.SqsQueue, props: obj{"sqsManagedSseEnabled": true}},
		{name: "queue policy for one service", rule: "sqs-queue-not-public", typ: awstypes.SqsQueuePolicy, props: obj{"policy": scopedQueuePolicy}},
		{name: "queue policy granting everyone", rule: "sqs-queue-not-public", typ: awstypes.SqsQueuePolicy, props: obj{"policy": publicQueuePolicy}, want: 1, wantText: "making the queue public"},
		{name: "queue's own policy granting everyone", rule: "sqs-queue-not-public", typ: awstypes.SqsQueue, props: obj{"policy": publicQueuePolicy}, want: 1},
		{name: "queue policy for everyone behind a source condition", rule: "sqs-queue-not-public", typ: awstypes.SqsQueuePolicy, props: obj{"policy": conditionalPublic}},
		{name: "queue policy unknown", rule: "sqs-queue-not-public", typ: awstypes.SqsQueuePolicy, props: obj{"policy": unknownValue}},
	}
}
