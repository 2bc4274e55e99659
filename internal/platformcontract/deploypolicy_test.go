package platformcontract

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// request is one API call as IAM authorizes it: the action, the resource ARN and the request's context keys.
type request struct {
	action   string
	resource string
	context  map[string]string
}

// allows evaluates an identity policy the way IAM does for the parts the deploy policy uses (policy evaluation logic,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): an explicit Deny wins,
// else some Allow statement must match the action, a resource pattern ("*" any run, "?" one character) and every
// condition; an operator's keys are ANDed, a key's values ORed, and a key missing from the request fails the
// condition (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
func allows(t *testing.T, doc PolicyDocument, r request) bool {
	t.Helper()
	allowed := false
	for _, s := range doc.Statement {
		if !slices.Contains(s.Action, r.action) || !slices.ContainsFunc(s.Resource, func(p string) bool { return globMatch(p, r.resource) }) {
			continue
		}
		if !conditionsHold(t, s.Condition, r.context) {
			continue
		}
		if s.Effect == "Deny" {
			return false
		}
		allowed = true
	}
	return allowed
}

func conditionsHold(t *testing.T, conditions map[string]map[string][]string, context map[string]string) bool {
	for operator, keys := range conditions {
		for key, values := range keys {
			got, present := context[key]
			if !present {
				return false
			}
			var match func(pattern, value string) bool
			switch operator {
			case "StringEquals", "ArnEquals":
				match = func(pattern, value string) bool { return pattern == value }
			case "StringLike", "ArnLike":
				match = globMatch
			default:
				t.Fatalf("the evaluator does not model condition operator %s", operator)
			}
			if !slices.ContainsFunc(values, func(v string) bool { return match(v, got) }) {
				return false
			}
		}
	}
	return true
}

const (
	boundaryArn = "arn:aws:iam::123456789012:policy/private-fargate/app-boundary"
	otherApp    = "dev-search"
)

func paymentsPolicy() PolicyDocument {
	return validContract().DeployPolicy(DeployTarget{Project: "private-fargate", App: "dev-payments", PermissionsBoundaryArn: boundaryArn})
}

func tagged(app string) map[string]string {
	return map[string]string{"aws:ResourceTag/" + AppTagKey: app}
}
func tagging(app string, extra ...string) map[string]string {
	context := map[string]string{"aws:RequestTag/" + AppTagKey: app}
	for i := 0; i+1 < len(extra); i += 2 {
		context[extra[i]] = extra[i+1]
	}
	return context
}

func TestDeployPolicyAllowsTheAppsOwnDeploy(t *testing.T) {
	cluster := validContract().Cluster
	rules := "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/loadbalancing-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/1291d13826f405c3"
	role := "arn:aws:iam::123456789012:role/private-fargate/dev-payments/billing-exec-1234567"
	for _, r := range []request{
		{"ecs:CreateService", "arn:aws:ecs:eu-west-1:123456789012:service/" + cluster.Name + "/dev-payments-billing",
			map[string]string{"ecs:cluster": cluster.Arn}},
		{"ecs:RegisterTaskDefinition", "*", tagging("dev-payments")},
		{"ecs:TagResource", "arn:aws:ecs:eu-west-1:123456789012:task-definition/private-fargate-dev-payments-billing:1",
			tagging("dev-payments", "ecs:CreateAction", "RegisterTaskDefinition")},
		{"iam:CreateRole", role, map[string]string{"iam:PermissionsBoundary": boundaryArn}},
		{"iam:PassRole", role, map[string]string{"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
		{"iam:DeleteRole", role, nil},
		{"logs:CreateLogGroup", "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/private-fargate/dev-payments/billing", nil},
		{"ec2:CreateSecurityGroup", "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0123456789abcdef0", nil},
		{"ec2:CreateSecurityGroup", "arn:aws:ec2:eu-west-1:123456789012:security-group/*", tagging("dev-payments")},
		{"ec2:AuthorizeSecurityGroupIngress", "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0aaaaaaaaaaaaaaaa", tagged("dev-payments")},
		{"elasticloadbalancing:CreateTargetGroup", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/billi-x/0123", tagging("dev-payments")},
		{"elasticloadbalancing:CreateRule", testListener, tagging("dev-payments")},
		{"elasticloadbalancing:DeleteRule", rules, tagged("dev-payments")},
		{"scheduler:CreateSchedule", "arn:aws:scheduler:eu-west-1:123456789012:schedule/dev-payments-jobs-schedules-0a1b2c3/invoices", nil},
		{"sqs:CreateQueue", "arn:aws:sqs:eu-west-1:123456789012:dev-payments-jobs-dead-letters-0a1b2c3", nil},
		{"iam:PassRole", role, map[string]string{"iam:PassedToService": "scheduler.amazonaws.com"}},
		{"sns:CreateTopic", "arn:aws:sns:eu-west-1:123456789012:private-fargate-dev-payments-alarms", nil},
		{"kms:CreateKey", "*", tagging("dev-payments")},
		{"cloudwatch:PutMetricAlarm", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:private-fargate-dev-payments-billing-cpu-high", nil},
		{"cloudwatch:PutDashboard", "arn:aws:cloudwatch::123456789012:dashboard/private-fargate-dev-payments", nil},
		{"events:PutTargets", "arn:aws:events:eu-west-1:123456789012:rule/alarms-job-invoices-failed-0a1b2c3", tagged("dev-payments")},
	} {
		assert.True(t, allows(t, paymentsPolicy(), r), "%s on %s with %v is refused", r.action, r.resource, r.context)
	}
}

func TestDeployPolicyRefusesWhatIsNotTheApps(t *testing.T) {
	cluster := validContract().Cluster
	for _, tc := range []struct {
		why string
		r   request
	}{
		{"a service of another app in the cluster", request{"ecs:UpdateService",
			"arn:aws:ecs:eu-west-1:123456789012:service/" + cluster.Name + "/dev-search-api", map[string]string{"ecs:cluster": cluster.Arn}}},
		{"a service in another cluster", request{"ecs:CreateService",
			"arn:aws:ecs:eu-west-1:123456789012:service/other/dev-payments-billing",
			map[string]string{"ecs:cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/other"}}},
		{"a task definition tagged for another app", request{"ecs:RegisterTaskDefinition", "*", tagging(otherApp)}},
		{"a task definition without the tag", request{"ecs:RegisterTaskDefinition", "*", nil}},
		{"deregistering another app's task definition", request{"ecs:DeregisterTaskDefinition", "*", tagged(otherApp)}},
		{"tagging an existing ECS resource", request{"ecs:TagResource", "arn:aws:ecs:eu-west-1:123456789012:service/x/y", tagging("dev-payments")}},
		{"a role without the boundary", request{"iam:CreateRole", "arn:aws:iam::123456789012:role/private-fargate/dev-payments/x", nil}},
		{"a policy on a role without the boundary", request{"iam:PutRolePolicy", "arn:aws:iam::123456789012:role/private-fargate/dev-payments/x",
			map[string]string{"iam:PermissionsBoundary": "arn:aws:iam::aws:policy/AdministratorAccess"}}},
		{"a role outside the app's path", request{"iam:CreateRole", "arn:aws:iam::123456789012:role/private-fargate/dev-search/x",
			map[string]string{"iam:PermissionsBoundary": boundaryArn}}},
		{"passing a role to another service", request{"iam:PassRole", "arn:aws:iam::123456789012:role/private-fargate/dev-payments/x",
			map[string]string{"iam:PassedToService": "lambda.amazonaws.com"}}},
		{"another app's log group", request{"logs:DeleteLogGroup", "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/private-fargate/dev-search/api", nil}},
		{"a platform log group", request{"logs:PutRetentionPolicy", "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/private-fargate/dev/web", nil}},
		{"a security group in another VPC", request{"ec2:CreateSecurityGroup", "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0fffffffffffffff0", nil}},
		{"opening the platform's ALB security group", request{"ec2:AuthorizeSecurityGroupEgress",
			"arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0", nil}},
		{"another app's security group", request{"ec2:DeleteSecurityGroup", "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0b", tagged(otherApp)}},
		{"retagging a platform security group", request{"ec2:CreateTags", "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0",
			tagging("dev-payments")}},
		{"a rule on another listener", request{"elasticloadbalancing:CreateRule",
			"arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/loadbalancing-alb/50dc6c495c0c9188/0000000000000000", tagging("dev-payments")}},
		{"another app's listener rule", request{"elasticloadbalancing:ModifyRule",
			listenerRules(testListener)[:len(listenerRules(testListener))-1] + "abc", tagged(otherApp)}},
		{"the platform's listener", request{"elasticloadbalancing:DeleteListener", testListener, nil}},
		{"the ALB itself", request{"elasticloadbalancing:DeleteLoadBalancer",
			"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/loadbalancing-alb/50dc6c495c0c9188", nil}},
		{"the cluster", request{"ecs:DeleteCluster", validContract().Cluster.Arn, nil}},
		{"another app's schedules", request{"scheduler:DeleteSchedule",
			"arn:aws:scheduler:eu-west-1:123456789012:schedule/dev-search-jobs-schedules-0a1b2c3/reindex", nil}},
		{"another app's alarm topic", request{"sns:SetTopicAttributes", "arn:aws:sns:eu-west-1:123456789012:private-fargate-dev-search-alarms", nil}},
		{"the platform's alarms", request{"cloudwatch:DeleteAlarms", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:private-fargate-dev-alb-elb-5xx", nil}},
		{"another app's key", request{"kms:ScheduleKeyDeletion", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd", tagged(otherApp)}},
		{"another app's job rule", request{"events:DeleteRule", "arn:aws:events:eu-west-1:123456789012:rule/alarms-job-reindex-failed-0a1b2c3", tagged(otherApp)}},
	} {
		t.Run(tc.why, func(t *testing.T) {
			assert.False(t, allows(t, paymentsPolicy(), tc.r), "%s on %s with %v is allowed", tc.r.action, tc.r.resource, tc.r.context)
		})
	}
}

func TestDeployPolicyNamesOnlyActionsNeverPatterns(t *testing.T) {
	for _, s := range paymentsPolicy().Statement {
		for _, action := range s.Action {
			assert.False(t, strings.ContainsAny(action, "*?"), "%s: %s", s.Sid, action)
		}
		assert.NotEmpty(t, s.Sid)
	}
}

func TestDeployPolicyJSONFitsAManagedPolicy(t *testing.T) {
	target := DeployTarget{Project: "private-fargate", App: "dev-payments", PermissionsBoundaryArn: boundaryArn}
	texts, err := validContract().DeployPolicyJSON(target)
	require.NoError(t, err)
	require.Len(t, texts, 2, "with jobs and the ALB the policy needs two documents")
	var joined PolicyDocument
	for _, text := range texts {
		var doc PolicyDocument
		require.NoError(t, json.Unmarshal([]byte(text), &doc))
		assert.LessOrEqual(t, len(text), maxManagedPolicyLength)
		joined.Version = doc.Version
		joined.Statement = append(joined.Statement, doc.Statement...)
	}
	assert.Equal(t, paymentsPolicy(), joined, "the documents together are the whole policy, in order")

	target.App = strings.Repeat("a", 100) // the longest stack name
	target.Project = strings.Repeat("p", 100)
	texts, err = validContract().DeployPolicyJSON(target)
	require.NoError(t, err, "the longest project and stack names still fit the role's managed policies")
	assert.LessOrEqual(t, len(texts), maxAttachedPolicies)
	for _, text := range texts {
		assert.LessOrEqual(t, len(text), maxManagedPolicyLength)
	}

	target.PermissionsBoundaryArn = "arn:aws:iam::123456789012:policy/" + strings.Repeat("b", maxManagedPolicyLength)
	_, err = validContract().DeployPolicyJSON(target)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "statement RolesWithBoundary alone has")
}

func TestDeployPolicyWithoutLoadBalancerGrantsNoListenerRule(t *testing.T) {
	c := validContract()
	c.LoadBalancer = nil
	doc := c.DeployPolicy(DeployTarget{Project: "private-fargate", App: "dev-payments", PermissionsBoundaryArn: boundaryArn})
	for _, s := range doc.Statement {
		for _, action := range s.Action {
			assert.NotEqual(t, "elasticloadbalancing:CreateRule", action)
		}
	}
}
