package platformcontract

import (
	"encoding/json"
	"fmt"
	"strings"
)

// AppTagKey is the tag every resource of an app stack carries with the app stack's name as its value; the deploy
// policy admits changes only to resources that carry it (aws:ResourceTag) and creation only with it (aws:RequestTag).
const AppTagKey = "private-fargate:app"

// PolicyDocument is an IAM policy document.
type PolicyDocument struct {
	// Version is the policy language version.
	Version string `json:"Version"`
	// Statement are the statements.
	Statement []PolicyStatement `json:"Statement"`
}

// PolicyStatement is one statement of an identity-based policy.
type PolicyStatement struct {
	// Sid names the statement.
	Sid string `json:"Sid"`
	// Effect is "Allow" or "Deny".
	Effect string `json:"Effect"`
	// Action lists the actions, never patterns in an Allow.
	Action []string `json:"Action,omitempty"`
	// NotAction lists the actions a statement does not cover (only the permissions boundary uses it).
	NotAction []string `json:"NotAction,omitempty"`
	// Resource lists the resource ARNs (patterns with "*").
	Resource []string `json:"Resource"`
	// Condition is operator → condition key → values.
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// DeployTarget is what an app stack's deploy policy is scoped to.
type DeployTarget struct {
	// Project is the Pulumi project, part of log group names and role paths.
	Project string
	// App is the app stack's name.
	App string
	// PermissionsBoundaryArn is the managed policy every role the app creates must carry as its permissions boundary,
	// so that a role the app team writes can never hold more than the platform allows.
	PermissionsBoundaryArn string
}

// RolePath is the IAM path of every role of an app stack: IAM can scope role ARNs by path.
func RolePath(project, app string) string { return "/" + project + "/" + app + "/" }

// DeployPolicy is the least-privilege identity policy an app team's deploy role needs to run `pulumi up` and
// `pulumi destroy` of its app stack against this platform: ECS services named with the app's prefix in the
// platform's cluster only, task definitions, roles under the app's role path with the platform's permissions
// boundary (passed to ECS tasks only), log groups under /ecs/<project>/<app>/, security groups in the platform's VPC,
// target groups and listener rules on the rules listener, all created with the app's tag and changed only while they
// carry it. What IAM cannot scope (a rule's priority and conditions, the target group a rule forwards to, scalable
// targets by name) is listed in the README's "Platform and app stacks".
//
// Sources of the resource ARN formats and condition keys: the Service Authorization Reference pages for Amazon ECS,
// IAM, CloudWatch Logs, Amazon EC2, Elastic Load Balancing v2, Application Auto Scaling, Amazon EventBridge Scheduler
// (schedule-group/<group>, schedule/<group>/<name>), Amazon SQS (<queue name>), Amazon SNS (<topic name>), AWS KMS
// (key/<id>; CreateKey takes aws:RequestTag), Amazon CloudWatch (alarm:<name>, dashboard/<name> without a region) and
// Amazon EventBridge (rule/<name>, aws:RequestTag and aws:ResourceTag on rules)
// (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
// and "Grant permission to tag resources on creation" for ecs:CreateAction
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html).
func (c Contract) DeployPolicy(target DeployTarget) PolicyDocument {
	partition, _, _ := strings.Cut(strings.TrimPrefix(c.Cluster.Arn, "arn:"), ":")
	arn := func(service, region, resource string) string {
		return fmt.Sprintf("arn:%s:%s:%s:%s:%s", partition, service, region, c.AccountId, resource)
	}
	region := c.Region
	requestTag := map[string][]string{"aws:RequestTag/" + AppTagKey: {target.App}}
	resourceTag := map[string][]string{"aws:ResourceTag/" + AppTagKey: {target.App}}
	roles := arn("iam", "", "role"+RolePath(target.Project, target.App)+"*")
	boundary := map[string]map[string][]string{"StringEquals": {"iam:PermissionsBoundary": {target.PermissionsBoundaryArn}}}

	statements := []PolicyStatement{
		{Sid: "Read", Effect: "Allow", Resource: []string{"*"}, Action: []string{
			"ecs:DescribeClusters", "ecs:DescribeServices", "ecs:DescribeTaskDefinition",
			"ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs",
			"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags",
			"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes",
			"logs:DescribeLogGroups", "application-autoscaling:DescribeScalableTargets",
			"application-autoscaling:DescribeScalingPolicies",
		}},
	}
	statements = append(statements,
		PolicyStatement{Sid: "Services", Effect: "Allow",
			Action:    []string{"ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService"},
			Resource:  []string{arn("ecs", region, "service/"+c.Cluster.Name+"/"+NamePrefix(target.App)+"*")},
			Condition: map[string]map[string][]string{"ArnEquals": {"ecs:cluster": {c.Cluster.Arn}}}},
		PolicyStatement{Sid: "TaskDefs", Effect: "Allow", Action: []string{"ecs:RegisterTaskDefinition"},
			Resource: []string{"*"}, Condition: map[string]map[string][]string{"StringEquals": requestTag}},
		PolicyStatement{Sid: "OwnTaskDefs", Effect: "Allow", Action: []string{"ecs:DeregisterTaskDefinition"},
			Resource: []string{"*"}, Condition: map[string]map[string][]string{"StringEquals": resourceTag}},
		PolicyStatement{Sid: "EcsTagOnCreate", Effect: "Allow", Action: []string{"ecs:TagResource"}, Resource: []string{"*"},
			Condition: map[string]map[string][]string{"StringEquals": {
				"ecs:CreateAction":            {"CreateService", "RegisterTaskDefinition"},
				"aws:RequestTag/" + AppTagKey: {target.App},
			}}},
		PolicyStatement{Sid: "RolesWithBoundary", Effect: "Allow", Resource: []string{roles},
			Action:    []string{"iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy"},
			Condition: boundary},
		PolicyStatement{Sid: "Roles", Effect: "Allow", Resource: []string{roles}, Action: []string{
			"iam:GetRole", "iam:GetRolePolicy", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies",
			"iam:ListInstanceProfilesForRole", "iam:DeleteRolePolicy", "iam:DeleteRole", "iam:TagRole", "iam:UntagRole",
		}},
		PolicyStatement{Sid: "PassToTasks", Effect: "Allow", Action: []string{"iam:PassRole"},
			Resource: []string{roles},
			Condition: map[string]map[string][]string{"StringEquals": {"iam:PassedToService": {"ecs-tasks.amazonaws.com",
				"scheduler.amazonaws.com"}}}},
		// Jobs: the schedule group and dead-letter queue are auto-named after the app's Jobs component, "<app>-jobs-…".
		PolicyStatement{Sid: "JobSchedules", Effect: "Allow", Resource: []string{
			arn("scheduler", region, "schedule-group/"+NamePrefix(target.App)+"*"),
			arn("scheduler", region, "schedule/"+NamePrefix(target.App)+"*/*"),
		}, Action: []string{"scheduler:CreateScheduleGroup", "scheduler:DeleteScheduleGroup", "scheduler:GetScheduleGroup",
			"scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule",
			"scheduler:TagResource", "scheduler:UntagResource", "scheduler:ListTagsForResource"}},
		PolicyStatement{Sid: "JobDeadLetters", Effect: "Allow", Resource: []string{arn("sqs", region, NamePrefix(target.App)+"*")},
			Action: []string{"sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes",
				"sqs:TagQueue", "sqs:UntagQueue", "sqs:ListQueueTags"}},
		PolicyStatement{Sid: "LogGroups", Effect: "Allow",
			Resource: []string{arn("logs", region, "log-group:/ecs/"+target.Project+"/"+target.App+"/*")}, Action: []string{
				"logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:TagResource",
				"logs:UntagResource", "logs:ListTagsForResource",
			}},
		PolicyStatement{Sid: "GroupsInVpc", Effect: "Allow", Action: []string{"ec2:CreateSecurityGroup"},
			Resource: []string{arn("ec2", region, "vpc/"+c.Network.VpcId)}},
		PolicyStatement{Sid: "NewGroups", Effect: "Allow",
			Action:    []string{"ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress"},
			Resource:  []string{arn("ec2", region, "security-group/*"), arn("ec2", region, "security-group-rule/*")},
			Condition: map[string]map[string][]string{"StringEquals": requestTag}},
		PolicyStatement{Sid: "Ec2TagOnCreate", Effect: "Allow", Action: []string{"ec2:CreateTags"},
			Resource: []string{arn("ec2", region, "security-group/*"), arn("ec2", region, "security-group-rule/*")},
			Condition: map[string]map[string][]string{"StringEquals": {
				"ec2:CreateAction": {"CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress"},
			}}},
		PolicyStatement{Sid: "OwnGroups", Effect: "Allow", Resource: []string{arn("ec2", region, "security-group/*")},
			Action: []string{"ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
				"ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:DeleteSecurityGroup"},
			Condition: map[string]map[string][]string{"StringEquals": resourceTag}},
	)
	if lb := c.LoadBalancer; lb != nil {
		statements = append(statements,
			PolicyStatement{Sid: "TargetGroups", Effect: "Allow", Action: []string{"elasticloadbalancing:CreateTargetGroup"},
				Resource:  []string{arn("elasticloadbalancing", region, "targetgroup/*/*")},
				Condition: map[string]map[string][]string{"StringEquals": requestTag}},
			PolicyStatement{Sid: "Rules", Effect: "Allow", Action: []string{"elasticloadbalancing:CreateRule"},
				Resource:  []string{lb.RulesListenerArn},
				Condition: map[string]map[string][]string{"StringEquals": requestTag}},
			PolicyStatement{Sid: "ElbTagOnCreate", Effect: "Allow", Action: []string{"elasticloadbalancing:AddTags"},
				Resource: []string{arn("elasticloadbalancing", region, "targetgroup/*/*"), listenerRules(lb.RulesListenerArn)},
				Condition: map[string]map[string][]string{"StringEquals": {
					"elasticloadbalancing:CreateAction": {"CreateTargetGroup", "CreateRule"},
					"aws:RequestTag/" + AppTagKey:       {target.App},
				}}},
			PolicyStatement{Sid: "OwnTargetsAndRules", Effect: "Allow",
				Resource: []string{arn("elasticloadbalancing", region, "targetgroup/*/*"), listenerRules(lb.RulesListenerArn)},
				Action: []string{"elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
					"elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyRule",
					"elasticloadbalancing:DeleteRule", "elasticloadbalancing:RemoveTags"},
				Condition: map[string]map[string][]string{"StringEquals": resourceTag}},
		)
	}
	// Alarms (alarms.enabled): the app's topic, alarms and dashboard are named "<project>-<app>-…" (components'
	// taskFamily form, periods as hyphens); its topic's key and its jobs' failed-run rules carry the app's tag.
	family := strings.ReplaceAll(target.Project+"-"+target.App, ".", "-")
	statements = append(statements,
		PolicyStatement{Sid: "AlarmTopic", Effect: "Allow", Resource: []string{arn("sns", region, family+"-alarms")},
			Action: []string{"sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes",
				"sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:TagResource",
				"sns:ListTagsForResource"}},
		PolicyStatement{Sid: "NewAlarmKey", Effect: "Allow", Resource: []string{"*"},
			Action: []string{"kms:CreateKey", "kms:TagResource"}, Condition: map[string]map[string][]string{"StringEquals": requestTag}},
		PolicyStatement{Sid: "OwnAlarmKey", Effect: "Allow", Resource: []string{arn("kms", region, "key/*")},
			Action: []string{"kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:EnableKeyRotation",
				"kms:GetKeyRotationStatus", "kms:ListResourceTags", "kms:ScheduleKeyDeletion"},
			Condition: map[string]map[string][]string{"StringEquals": resourceTag}},
		PolicyStatement{Sid: "AlarmsAndDashboard", Effect: "Allow",
			Resource: []string{arn("cloudwatch", region, "alarm:"+family+"-*"), arn("cloudwatch", "", "dashboard/"+family)},
			Action: []string{"cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms",
				"cloudwatch:TagResource", "cloudwatch:ListTagsForResource", "cloudwatch:PutDashboard",
				"cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"}},
		PolicyStatement{Sid: "NewJobRules", Effect: "Allow", Resource: []string{arn("events", region, "rule/*")},
			Action: []string{"events:PutRule", "events:TagResource"}, Condition: map[string]map[string][]string{"StringEquals": requestTag}},
		PolicyStatement{Sid: "OwnJobRules", Effect: "Allow", Resource: []string{arn("events", region, "rule/*")},
			Action: []string{"events:PutRule", "events:DescribeRule", "events:DeleteRule", "events:PutTargets",
				"events:RemoveTargets", "events:ListTargetsByRule", "events:ListTagsForResource"},
			Condition: map[string]map[string][]string{"StringEquals": resourceTag}},
	)
	// Scalable targets are named by an ARN with a random id, not by the ECS service they scale: IAM cannot scope these
	// to the app's services (README, "Platform and app stacks").
	statements = append(statements, PolicyStatement{Sid: "Scaling", Effect: "Allow",
		Resource: []string{"*"}, Action: []string{"application-autoscaling:RegisterScalableTarget",
			"application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy",
			"application-autoscaling:DeleteScalingPolicy"}})
	return PolicyDocument{Version: "2012-10-17", Statement: statements}
}

// maxManagedPolicyLength is the longest managed policy IAM accepts: "Managed policy size: 6,144 characters", white
// space not counted (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
const maxManagedPolicyLength = 6144

// maxAttachedPolicies is how many managed policies one role may have attached: "Managed policies attached to an IAM
// role: 10" (default quota, same page).
const maxAttachedPolicies = 10

// DeployPolicyJSON renders DeployPolicy as the JSON documents of managed policies to attach together to the deploy
// role: statements in order, as many to a document as fit IAM's size limit (with jobs and the ALB the whole policy
// does not fit one). It is an error when a statement alone, or the documents together, exceed what a role can carry
// (long project, stack, cluster or listener names make them longer).
func (c Contract) DeployPolicyJSON(target DeployTarget) ([]string, error) {
	doc := c.DeployPolicy(target)
	render := func(statements []PolicyStatement) (string, error) {
		raw, err := json.Marshal(PolicyDocument{Version: doc.Version, Statement: statements})
		return string(raw), err
	}
	var documents []string
	var current []PolicyStatement
	last := ""
	for _, statement := range doc.Statement {
		text, err := render(append(current, statement))
		if err != nil {
			return nil, err
		}
		if len(text) <= maxManagedPolicyLength {
			current, last = append(current, statement), text
			continue
		}
		if len(current) == 0 {
			return nil, fmt.Errorf("the deploy policy of app %s: statement %s alone has %d characters; a managed policy "+
				"has at most %d: shorten the stack name", target.App, statement.Sid, len(text), maxManagedPolicyLength)
		}
		documents = append(documents, last)
		if last, err = render([]PolicyStatement{statement}); err != nil {
			return nil, err
		}
		if len(last) > maxManagedPolicyLength {
			return nil, fmt.Errorf("the deploy policy of app %s: statement %s alone has %d characters; a managed policy "+
				"has at most %d: shorten the stack name", target.App, statement.Sid, len(last), maxManagedPolicyLength)
		}
		current = []PolicyStatement{statement}
	}
	documents = append(documents, last)
	if len(documents) > maxAttachedPolicies {
		return nil, fmt.Errorf("the deploy policy of app %s needs %d managed policies; a role carries at most %d: shorten "+
			"the stack name", target.App, len(documents), maxAttachedPolicies)
	}
	return documents, nil
}

// listenerRules is the ARN pattern of the rules of a listener: "listener/app/<lb>/<id>/<listener id>" becomes
// "listener-rule/app/<lb>/<id>/<listener id>/*".
func listenerRules(listenerArn string) string {
	return strings.Replace(listenerArn, ":listener/", ":listener-rule/", 1) + "/*"
}
