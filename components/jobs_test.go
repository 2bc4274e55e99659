package components

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// jobsStack has a scheduled job (cron in Berlin, retries and a flexible window) and an on-demand one beside a service.
func jobsStack() stackConfig {
	return servicesConfig(map[string]any{"web": serviceWith(nil)}).with("jobs", map[string]any{
		"nightly": scheduledJob(map[string]any{"flexibleWindowMinutes": 15,
			"retry": map[string]any{"maximumAttempts": 5, "maximumEventAgeSeconds": 7200}}),
		"migrate": jobWith(map[string]any{"launchType": "FARGATE"}),
	})
}

func TestScheduledJobRunsItsTaskPrivatelyOnItsSchedule(t *testing.T) {
	rec := mustRunProgram(t, jobsStack())
	schedules := rec.ofType(awstypes.SchedulerSchedule)
	require.Len(t, schedules, 1, "only the scheduled job gets a schedule")
	schedule := schedules[0]
	assert.Equal(t, "jobs-nightly", schedule.Name)
	in := schedule.Inputs
	assert.Equal(t, "nightly", stringProp(in, "name"))
	assert.Equal(t, "jobs-schedules-0a1b2c3", stringProp(in, "groupName"), "the stack's own group")
	assert.Equal(t, "cron(30 2 * * ? *)", stringProp(in, "scheduleExpression"))
	assert.Equal(t, "Europe/Berlin", stringProp(in, "scheduleExpressionTimezone"))
	assert.Equal(t, "ENABLED", stringProp(in, "state"))
	assert.Equal(t, "FLEXIBLE", stringProp(in, "flexibleTimeWindow", "mode"))
	assert.Equal(t, 15.0, number(t, in, "flexibleTimeWindow", "maximumWindowInMinutes"))
	assert.Equal(t, 5.0, number(t, in, "target", "retryPolicy", "maximumRetryAttempts"))
	assert.Equal(t, 7200.0, number(t, in, "target", "retryPolicy", "maximumEventAgeInSeconds"))
	assert.Equal(t, stringProp(rec.named(t, awstypes.EcsCluster, "services-cluster").Outputs, "arn"), stringProp(in, "target", "arn"))
	assert.Equal(t, stringProp(rec.named(t, awstypes.IamRole, "jobs-nightly-schedule").Outputs, "arn"), stringProp(in, "target", "roleArn"))
	queue := rec.named(t, awstypes.SqsQueue, "jobs-dlq")
	assert.Equal(t, stringProp(queue.Outputs, "arn"), stringProp(in, "target", "deadLetterConfig", "arn"))

	ecsParameters := []string{"target", "ecsParameters"}
	assert.Equal(t, stringProp(rec.named(t, awstypes.EcsTaskDefinition, "jobs-nightly").Outputs, "arn"),
		stringProp(in, append(ecsParameters, "taskDefinitionArn")...))
	assert.Equal(t, 1.0, number(t, in, append(ecsParameters, "taskCount")...))
	assert.False(t, boolProp(t, in, append(ecsParameters, "networkConfiguration", "assignPublicIp")...))
	var private []string
	for _, subnet := range rec.ofType(awstypes.Ec2Subnet) {
		if strings.Contains(subnet.Name, "private") {
			private = append(private, subnet.ID)
		}
	}
	require.Len(t, private, 2)
	assert.ElementsMatch(t, private, stringsProp(in, append(ecsParameters, "networkConfiguration", "subnets")...))
	assert.Equal(t, []string{rec.named(t, awstypes.Ec2SecurityGroup, "jobs-nightly-sg").ID},
		stringsProp(in, append(ecsParameters, "networkConfiguration", "securityGroups")...), "the job's own group only")
	strategy := objects(t, in, append(ecsParameters, "capacityProviderStrategies")...)
	require.Len(t, strategy, 1, "the cluster default is written onto the schedule")
	assert.Equal(t, "FARGATE", stringProp(strategy[0], "capacityProvider"))
	assert.Equal(t, "TASK_DEFINITION", stringProp(in, append(ecsParameters, "propagateTags")...))
	assert.Equal(t, "nightly", stringProp(in, append(ecsParameters, "tags", "job")...))
	assertNoOpenIngress(t, rec)
}

func TestJobsShareOneScheduleGroupAndOneEncryptedDeadLetterQueue(t *testing.T) {
	cfg := jobsStack()
	cfg["jobs"].(map[string]any)["drain"] = scheduledJob(map[string]any{"expression": "rate(15 minutes)", "enabled": false})
	rec := mustRunProgram(t, cfg)
	require.Len(t, rec.ofType(awstypes.SchedulerSchedule), 2)
	require.Len(t, rec.ofType(awstypes.SchedulerScheduleGroup), 1)
	queues := rec.ofType(awstypes.SqsQueue)
	require.Len(t, queues, 1)
	assert.True(t, boolProp(t, queues[0].Inputs, "sqsManagedSseEnabled"), "server-side encryption on")
	assert.Equal(t, 1209600.0, number(t, queues[0].Inputs, "messageRetentionSeconds"), "14 days")
	drain := rec.named(t, awstypes.SchedulerSchedule, "jobs-drain")
	assert.Equal(t, "DISABLED", stringProp(drain.Inputs, "state"), "enabled: false pauses the schedule")
	assert.Equal(t, "OFF", stringProp(drain.Inputs, "flexibleTimeWindow", "mode"))
	assert.Equal(t, 2.0, number(t, drain.Inputs, "target", "retryPolicy", "maximumRetryAttempts"), "the default retries")
	assert.Equal(t, 3600.0, number(t, drain.Inputs, "target", "retryPolicy", "maximumEventAgeInSeconds"))

	onDemand := mustRunProgram(t, jobsConfig(map[string]any{"migrate": jobWith(nil)}))
	assert.Empty(t, onDemand.ofType(awstypes.SchedulerSchedule))
	assert.Empty(t, onDemand.ofType(awstypes.SchedulerScheduleGroup), "no group without a schedule")
	assert.Empty(t, onDemand.ofType(awstypes.SqsQueue), "no queue without a schedule")
	assert.Len(t, onDemand.ofType(awstypes.EcsTaskDefinition), 1)
}

func TestJobTasksHaveTheirOwnGroupWithoutIngressAndTheServicesEgress(t *testing.T) {
	rec := mustRunProgram(t, jobsStack())
	group := rec.named(t, awstypes.Ec2SecurityGroup, "jobs-migrate-sg")
	for _, rule := range rec.ofType(awstypes.VpcSecurityGroupIngressRule) {
		assert.NotEqual(t, group.ID, stringProp(rule.Inputs, "securityGroupId"), "ingress rule %s on a job's group", rule.Name)
	}
	egress := map[string]string{}
	for _, rule := range rec.ofType(awstypes.VpcSecurityGroupEgressRule) {
		if stringProp(rule.Inputs, "securityGroupId") == group.ID {
			egress[formatPort(number(t, rule.Inputs, "fromPort"))+"-"+formatPort(number(t, rule.Inputs, "toPort"))] =
				stringProp(rule.Inputs, "cidrIpv4")
		}
	}
	assert.Equal(t, map[string]string{"443-443": "0.0.0.0/0", "0-65535": "10.20.0.0/16"}, egress, "the services' egress")
	taskDefinition := rec.named(t, awstypes.EcsTaskDefinition, "jobs-migrate")
	assert.Equal(t, "private-fargate-test-job-migrate", stringProp(taskDefinition.Inputs, "family"))
	assert.Equal(t, "/ecs/private-fargate/test/jobs/migrate", stringProp(rec.named(t, awstypes.CloudwatchLogGroup, "jobs-migrate-logs").Inputs, "name"))
	assert.Equal(t, "awsvpc", stringProp(taskDefinition.Inputs, "networkMode"))
}

// scheduleDocuments returns the nightly job's schedule role trust policy and policy, and the ARNs they must name.
func scheduleDocuments(t *testing.T) (trust, policy policyDocument, arns map[string]string) {
	t.Helper()
	rec := mustRunProgram(t, jobsStack())
	role := rec.named(t, awstypes.IamRole, "jobs-nightly-schedule")
	trust = parsePolicy(t, stringProp(role.Inputs, "assumeRolePolicy"))
	policy = parsePolicy(t, stringProp(rec.named(t, awstypes.IamRolePolicy, "jobs-nightly-schedule").Inputs, "policy"))
	arns = map[string]string{
		"cluster":          stringProp(rec.named(t, awstypes.EcsCluster, "services-cluster").Outputs, "arn"),
		"execution":        stringProp(rec.named(t, awstypes.IamRole, "jobs-nightly-execution").Outputs, "arn"),
		"task":             stringProp(rec.named(t, awstypes.IamRole, "jobs-nightly-task").Outputs, "arn"),
		"other execution":  stringProp(rec.named(t, awstypes.IamRole, "jobs-migrate-execution").Outputs, "arn"),
		"service task":     stringProp(rec.named(t, awstypes.IamRole, "services-web-task").Outputs, "arn"),
		"queue":            stringProp(rec.named(t, awstypes.SqsQueue, "jobs-dlq").Outputs, "arn"),
		"other queue":      "arn:aws:sqs:eu-west-1:" + mockAccount + ":elsewhere",
		"family revision":  "arn:aws:ecs:eu-west-1:" + mockAccount + ":task-definition/private-fargate-test-job-nightly:12",
		"similar family":   "arn:aws:ecs:eu-west-1:" + mockAccount + ":task-definition/private-fargate-test-job-nightly-2:1",
		"other family":     "arn:aws:ecs:eu-west-1:" + mockAccount + ":task-definition/private-fargate-test-job-migrate:1",
		"service family":   "arn:aws:ecs:eu-west-1:" + mockAccount + ":task-definition/private-fargate-test-web:1",
		"task in cluster":  "arn:aws:ecs:eu-west-1:" + mockAccount + ":task/services-cluster/0123456789abcdef",
		"task elsewhere":   "arn:aws:ecs:eu-west-1:" + mockAccount + ":task/other-cluster/0123456789abcdef",
		"other cluster":    "arn:aws:ecs:eu-west-1:" + mockAccount + ":cluster/other",
		"schedule of ours": "arn:aws:scheduler:eu-west-1:" + mockAccount + ":schedule/jobs-schedules-0a1b2c3/nightly",
		"schedule abroad":  "arn:aws:scheduler:eu-west-1:" + mockAccount + ":schedule/default/nightly",
	}
	return trust, policy, arns
}

// TestScheduleRoleMayRunOnlyItsJob evaluates the schedule role's policy: what Scheduler needs to start the job is
// allowed, and every widening (another family, cluster, role, service, queue, action) is denied.
func TestScheduleRoleMayRunOnlyItsJob(t *testing.T) {
	_, policy, arns := scheduleDocuments(t)
	inCluster := map[string]string{"ecs:cluster": arns["cluster"]}
	toTasks := map[string]string{"iam:PassedToService": ecsTasksPrincipal}
	onRunTask := map[string]string{"ecs:CreateAction": "RunTask"}
	cases := []struct {
		name    string
		request iamRequest
		allowed bool
	}{
		{"RunTask of any revision of the family in the cluster", iamRequest{"ecs:RunTask", arns["family revision"], inCluster}, true},
		{"RunTask in another cluster", iamRequest{"ecs:RunTask", arns["family revision"], map[string]string{"ecs:cluster": arns["other cluster"]}}, false},
		{"RunTask without a cluster", iamRequest{"ecs:RunTask", arns["family revision"], nil}, false},
		{"RunTask of a family that starts alike", iamRequest{"ecs:RunTask", arns["similar family"], inCluster}, false},
		{"RunTask of another job", iamRequest{"ecs:RunTask", arns["other family"], inCluster}, false},
		{"RunTask of a service's family", iamRequest{"ecs:RunTask", arns["service family"], inCluster}, false},
		{"PassRole of the execution role to ECS tasks", iamRequest{"iam:PassRole", arns["execution"], toTasks}, true},
		{"PassRole of the task role to ECS tasks", iamRequest{"iam:PassRole", arns["task"], toTasks}, true},
		{"PassRole to another service", iamRequest{"iam:PassRole", arns["task"], map[string]string{"iam:PassedToService": "ec2.amazonaws.com"}}, false},
		{"PassRole of another job's role", iamRequest{"iam:PassRole", arns["other execution"], toTasks}, false},
		{"PassRole of a service's role", iamRequest{"iam:PassRole", arns["service task"], toTasks}, false},
		{"tagging the tasks RunTask creates", iamRequest{"ecs:TagResource", arns["task in cluster"], onRunTask}, true},
		{"tagging a task after the fact", iamRequest{"ecs:TagResource", arns["task in cluster"], nil}, false},
		{"tagging tasks of another cluster", iamRequest{"ecs:TagResource", arns["task elsewhere"], onRunTask}, false},
		{"dead letters to the stack's queue", iamRequest{"sqs:SendMessage", arns["queue"], nil}, true},
		{"messages to another queue", iamRequest{"sqs:SendMessage", arns["other queue"], nil}, false},
		{"stopping tasks", iamRequest{"ecs:StopTask", arns["task in cluster"], inCluster}, false},
		{"registering task definitions", iamRequest{"ecs:RegisterTaskDefinition", "*", nil}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.allowed, iamAllows(t, policy, tc.request))
		})
	}
	for _, statement := range policy.Statement {
		assert.NotContains(t, statement.Resource, "*", "statement %s", statement.Sid)
	}
}

// TestScheduleRoleTrustsOnlySchedulerForThisAccount evaluates the trust policy for Scheduler's AssumeRole.
func TestScheduleRoleTrustsOnlySchedulerForThisAccount(t *testing.T) {
	trust, _, arns := scheduleDocuments(t)
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, map[string]any{"Service": schedulerPrincipal}, trust.Statement[0].Principal)
	assume := func(account, schedule string) bool {
		return iamAllows(t, policyDocument{Statement: []policyStatement{{Effect: trust.Statement[0].Effect,
			Action: trust.Statement[0].Action, Resource: []string{"*"}, Condition: trust.Statement[0].Condition}}},
			iamRequest{"sts:AssumeRole", "*", map[string]string{"aws:SourceAccount": account, "aws:SourceArn": schedule}})
	}
	assert.True(t, assume(mockAccount, arns["schedule of ours"]))
	assert.False(t, assume("999999999999", arns["schedule of ours"]), "another account's schedule")
	assert.False(t, assume(mockAccount, arns["schedule abroad"]), "a schedule outside the stack's group")
}

// runTaskOf runs NewJobs for one job with known inputs and returns the job's runTask export.
func runTaskOf(t *testing.T, job JobConfig) map[string]any {
	t.Helper()
	job.applyDefaults()
	var mu sync.Mutex
	var got map[string]any
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		jobs, err := NewJobs(ctx, "jobs", &JobsArgs{
			Jobs:            map[string]JobConfig{"migrate": job},
			ClusterStrategy: []CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Weight: intPtr(1), Base: 1}},
			Region:          "eu-west-1", AccountId: pulumi.String(mockAccount),
			ClusterArn: pulumi.String("arn:aws:ecs:eu-west-1:" + mockAccount + ":cluster/c"), ClusterName: pulumi.String("c"),
			VpcId: pulumi.String("vpc-1"), VpcCidr: "10.0.0.0/16",
			SubnetIds: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
			Tags:      map[string]string{"team": "data"},
		})
		if err != nil {
			return err
		}
		jobs.Jobs["migrate"].RunTask.ApplyT(func(v map[string]any) error {
			mu.Lock()
			defer mu.Unlock()
			got = v
			return nil
		})
		return nil
	}, pulumi.WithMocks(configNamespace, mockStack, newRecorder("eu-west-1")))
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	require.NotNil(t, got)
	return got
}

func TestRunTaskExportIsTheCompleteRunTaskInput(t *testing.T) {
	image := "123456789012.dkr.ecr.eu-west-1.amazonaws.com/migrate:1.0"
	job := JobConfig{TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{AppContainer: {Image: image}}}}
	got, err := json.Marshal(runTaskOf(t, job))
	require.NoError(t, err)
	// The JSON `aws ecs run-task --cli-input-json` reads: RunTaskRequest's members in camelCase.
	assert.JSONEq(t, `{
		"cluster": "arn:aws:ecs:eu-west-1:`+mockAccount+`:cluster/c",
		"taskDefinition": "arn:aws:ecs:eu-west-1:`+mockAccount+`:taskDefinition/jobs-migrate",
		"count": 1,
		"platformVersion": "LATEST",
		"networkConfiguration": {"awsvpcConfiguration": {
			"subnets": ["subnet-a", "subnet-b"],
			"securityGroups": ["jobs-migrate-sg-id"],
			"assignPublicIp": "DISABLED"
		}},
		"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 1, "base": 1}],
		"tags": [{"key": "job", "value": "migrate"}, {"key": "team", "value": "data"}],
		"startedBy": "migrate",
		"propagateTags": "TASK_DEFINITION"
	}`, string(got))

	job.LaunchType = "FARGATE"
	withLaunchType := runTaskOf(t, job)
	assert.Equal(t, "FARGATE", withLaunchType["launchType"])
	assert.NotContains(t, withLaunchType, "capacityProviderStrategy", "RunTask refuses both")
}

func TestAddingAJobChangesNothingThatExists(t *testing.T) {
	before := mustRunProgram(t, jobsConfig(map[string]any{"nightly": scheduledJob(nil)}))
	after := mustRunProgram(t, jobsConfig(map[string]any{"nightly": scheduledJob(nil), "migrate": jobWith(nil),
		"drain": scheduledJob(map[string]any{"expression": "rate(1 hour)"})}))
	require.Len(t, after.ofType(awstypes.SchedulerSchedule), 2)
	// The dashboard gains the new jobs' bands in place (PutDashboard replaces the body; dashboard_body is not ForceNew
	// in terraform-provider-aws internal/service/cloudwatch/dashboard.go).
	assertNothingExistingChanged(t, before, after, awstypes.CloudwatchDashboard)

	withoutJobs := mustRunProgram(t, minimalStack())
	assertNothingExistingChanged(t, withoutJobs, before, awstypes.CloudwatchDashboard)
}

func TestJobsPassThePolicyPack(t *testing.T) {
	rec := mustRunProgram(t, jobsStack())
	assert.Empty(t, mandatoryViolations(rec, stackPolicyConfig(t, "dev")))
}
