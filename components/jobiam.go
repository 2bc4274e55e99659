package components

// schedulerPrincipal is the service principal of EventBridge Scheduler, which assumes a schedule's role.
const schedulerPrincipal = "scheduler.amazonaws.com"

// scheduleGrant is what one job's schedule role may touch: the job's family, the cluster, the job's two roles and the
// stack's dead-letter queue.
type scheduleGrant struct {
	Partition, Region, AccountId string
	// Family is the job's task definition family; RunTask is allowed on all its revisions.
	Family string
	// ClusterArn and ClusterName are the stack's cluster, the only one RunTask may target and tag tasks in.
	ClusterArn, ClusterName string
	// ExecutionRoleArn and TaskRoleArn are the only roles the schedule may pass to ECS.
	ExecutionRoleArn, TaskRoleArn string
	// DeadLetterQueueArn is where Scheduler sends invocations that failed every retry.
	DeadLetterQueueArn string
}

// scheduleTrustPolicy lets EventBridge Scheduler assume the role only on behalf of this account and only for the
// schedules of the stack's group: the confused-deputy guard of "Set up the execution role" in the EventBridge
// Scheduler User Guide (https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role).
func scheduleTrustPolicy(partition, region, accountId, groupName string) policyDocument {
	return policyDocument{
		Version: iamPolicyVersion,
		Statement: []policyStatement{{
			Effect:    "Allow",
			Principal: map[string]any{"Service": schedulerPrincipal},
			Action:    []string{"sts:AssumeRole"},
			Condition: sourceAccountCondition(accountId,
				"arn:"+partition+":scheduler:"+region+":"+accountId+":schedule/"+groupName+"/*"),
		}},
	}
}

// scheduleRolePolicy is the schedule role's whole policy, what "Using templated targets: Amazon ECS RunTask" in the
// EventBridge Scheduler User Guide (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-templated.html)
// needs and nothing more:
//   - ecs:RunTask on the job's family (every revision, so a new revision needs no new grant) and only in the stack's
//     cluster (condition key ecs:cluster, "Actions, resources, and condition keys for Amazon ECS", Service
//     Authorization Reference);
//   - iam:PassRole on exactly the job's execution and task roles, and only to ECS tasks (iam:PassedToService);
//   - ecs:TagResource on the tasks of the cluster, only while RunTask creates them (ecs:CreateAction), which ECS
//     requires when RunTask is called with tags ("Grant permission to tag resources on creation", ECS Developer Guide);
//   - sqs:SendMessage on the dead-letter queue only, which Scheduler sends failed invocations to with this role.
func scheduleRolePolicy(g scheduleGrant) policyDocument {
	ecsArn := "arn:" + g.Partition + ":ecs:" + g.Region + ":" + g.AccountId + ":"
	return policyDocument{Version: iamPolicyVersion, Statement: []policyStatement{
		{
			Sid:       "RunJobTask",
			Effect:    "Allow",
			Action:    []string{"ecs:RunTask"},
			Resource:  []string{ecsArn + "task-definition/" + g.Family + ":*"},
			Condition: map[string]any{"ArnEquals": map[string]any{"ecs:cluster": g.ClusterArn}},
		},
		{
			Sid:       "PassJobRoles",
			Effect:    "Allow",
			Action:    []string{"iam:PassRole"},
			Resource:  []string{g.ExecutionRoleArn, g.TaskRoleArn},
			Condition: map[string]any{"StringEquals": map[string]any{"iam:PassedToService": ecsTasksPrincipal}},
		},
		{
			Sid:       "TagJobTasks",
			Effect:    "Allow",
			Action:    []string{"ecs:TagResource"},
			Resource:  []string{ecsArn + "task/" + g.ClusterName + "/*"},
			Condition: map[string]any{"StringEquals": map[string]any{"ecs:CreateAction": "RunTask"}},
		},
		{
			Sid:      "DeadLetters",
			Effect:   "Allow",
			Action:   []string{"sqs:SendMessage"},
			Resource: []string{g.DeadLetterQueueArn},
		},
	}}
}
