package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awsregion"
)

// newFlowLogs sends the VPC's flow logs to a log group of its own; the delivery role may write only to that group.
func newFlowLogs(ctx *pulumi.Context, name, region string, vpc *ec2.Vpc, cfg FlowLogsConfig,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption) error {
	logGroup, err := cloudwatch.NewLogGroup(ctx, name, &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(cfg.RetentionDays),
		Tags:            tags(name),
	}, parent)
	if err != nil {
		return err
	}
	// Flow logs of this account only: "IAM role for publishing flow logs to CloudWatch Logs"
	// (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html) gives these conditions.
	trust := vpc.OwnerId.ApplyT(func(accountId string) (string, error) {
		return marshalPolicy(policyDocument{
			Version: iamPolicyVersion,
			Statement: []policyStatement{{
				Effect:    "Allow",
				Principal: map[string]any{"Service": "vpc-flow-logs.amazonaws.com"},
				Action:    []string{"sts:AssumeRole"},
				Condition: sourceAccountCondition(accountId,
					"arn:"+awsregion.Partition(region)+":ec2:"+region+":"+accountId+":vpc-flow-log/*"),
			}},
		})
	}).(pulumi.StringOutput)
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		AssumeRolePolicy: trust,
		Tags:             tags(name),
	}, parent)
	if err != nil {
		return err
	}
	if _, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: logGroup.Arn.ApplyT(func(groupArn string) (string, error) {
			return marshalPolicy(policyDocument{
				Version: iamPolicyVersion,
				Statement: []policyStatement{{
					Effect:   "Allow",
					Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
					Resource: []string{groupArn, groupArn + ":*"},
				}},
			})
		}).(pulumi.StringOutput),
	}, parent); err != nil {
		return err
	}
	_, err = ec2.NewFlowLog(ctx, name, &ec2.FlowLogArgs{
		VpcId:              vpc.ID(),
		TrafficType:        pulumi.String(cfg.TrafficType),
		LogDestinationType: pulumi.String("cloud-watch-logs"),
		LogDestination:     logGroup.Arn,
		IamRoleArn:         role.Arn,
		Tags:               tags(name),
	}, parent)
	return err
}
