package components

import "github.com/private-fargate/private-fargate/internal/awsregion"

// The AWS services that publish to the alarm topic: CloudWatch alarms and EventBridge rules (a job's failed runs).
var alarmTopicPublishers = []string{"cloudwatch.amazonaws.com", "events.amazonaws.com"}

// alarmKeyPolicy is the key policy of the key that encrypts the alarm topic: the account administers the key (without
// this statement nobody could, KMS Developer Guide, "Default key policy"), and CloudWatch alarms and EventBridge may
// use it to publish to the encrypted topic (SNS Developer Guide, "Enable compatibility between event sources from AWS
// services and encrypted topics": kms:Decrypt and kms:GenerateDataKey*).
func alarmKeyPolicy(region, accountId string) policyDocument {
	root := "arn:" + awsregion.Partition(region) + ":iam::" + accountId + ":root"
	return policyDocument{Version: "2012-10-17", Statement: []policyStatement{
		{Sid: "AccountAdministersTheKey", Effect: "Allow", Principal: map[string]any{"AWS": root},
			Action: []string{"kms:*"}, Resource: []string{"*"}},
		{Sid: "AlarmPublishersEncrypt", Effect: "Allow", Principal: map[string]any{"Service": alarmTopicPublishers},
			Action: []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: []string{"*"}},
	}}
}

// alarmTopicPolicy is the alarm topic's access policy: the account manages and uses the topic as SNS's default policy
// lets it (SNS Developer Guide, "Example cases for Amazon SNS access control"), and CloudWatch alarms and EventBridge
// rules of this account only (aws:SourceAccount) may publish.
func alarmTopicPolicy(region, accountId, topicArn string) policyDocument {
	root := "arn:" + awsregion.Partition(region) + ":iam::" + accountId + ":root"
	return policyDocument{Version: "2012-10-17", Statement: []policyStatement{
		{Sid: "AccountOwnsTheTopic", Effect: "Allow", Principal: map[string]any{"AWS": root},
			Action: []string{"SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
				"SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"},
			Resource: []string{topicArn}},
		{Sid: "AlarmPublishersOfThisAccount", Effect: "Allow", Principal: map[string]any{"Service": alarmTopicPublishers},
			Action: []string{"SNS:Publish"}, Resource: []string{topicArn},
			Condition: map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": accountId}}},
	}}
}
