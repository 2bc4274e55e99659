package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awsregion"
)

// JobArgs configures one Job.
type JobArgs struct {
	// JobName is the job's key in config; it names the family, the log group, the schedule and startedBy.
	JobName string
	// Config is the validated, defaulted job config.
	Config JobConfig
	// ClusterStrategy is the cluster's default capacity provider strategy, used when the job has none of its own.
	ClusterStrategy []CapacityProviderStrategyItem
	// Region is the awslogs region and picks the ARN partition.
	Region string
	// AccountId is the stack's AWS account.
	AccountId pulumi.StringInput
	// ClusterArn and ClusterName are the cluster the job's tasks run in.
	ClusterArn, ClusterName pulumi.StringInput
	// VpcId is the VPC of the job's security group.
	VpcId pulumi.StringInput
	// VpcCidr is where the tasks may connect to on any TCP port.
	VpcCidr string
	// SubnetIds are the private subnets the tasks run in.
	SubnetIds pulumi.StringArrayInput
	// ScheduleGroupName is the stack's schedule group; nil when no job of the stack has a schedule.
	ScheduleGroupName pulumi.StringInput
	// DeadLetterQueueArn is the stack's dead-letter queue; nil when no job of the stack has a schedule.
	DeadLetterQueueArn pulumi.StringInput
	// Roles places the job's roles (RoleScope).
	Roles RoleScope
	// Tags are added to every taggable resource and to the job's tasks.
	Tags map[string]string
}

// Job is a Fargate task that runs to completion, on demand and optionally on an EventBridge Scheduler schedule: its
// task (newTask) plus, when scheduled, the schedule and the role Scheduler starts the task with.
type Job struct {
	pulumi.ResourceState

	// TaskDefinitionArn is the task definition revision the job runs.
	TaskDefinitionArn pulumi.StringOutput
	// RunTask is the complete ECS RunTask input, as `aws ecs run-task --cli-input-json` takes it.
	RunTask pulumi.MapOutput
	// ScheduleName is the schedule's name ("" for an on-demand job).
	ScheduleName pulumi.StringOutput
	// ScheduleGroupName is the schedule's group ("" for an on-demand job).
	ScheduleGroupName pulumi.StringOutput
	// LogGroupName is the job's log group.
	LogGroupName pulumi.StringOutput
	// Family is the job's task definition family.
	Family string
}

// NewJob registers one job. The config must already be validated; a scheduled job needs ScheduleGroupName and
// DeadLetterQueueArn.
func NewJob(ctx *pulumi.Context, name string, args *JobArgs, opts ...pulumi.ResourceOption) (*Job, error) {
	if args.Config.Schedule != nil && (args.ScheduleGroupName == nil || args.DeadLetterQueueArn == nil) {
		return nil, fmt.Errorf("%s: a scheduled job needs JobArgs.ScheduleGroupName and DeadLetterQueueArn", name)
	}
	job := &Job{Family: jobFamily(ctx.Project(), ctx.Stack(), args.JobName)}
	if err := ctx.RegisterComponentResource("private-fargate:index:Job", name, job, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(job)
	cfg := args.Config
	task, err := newTask(ctx, name, &TaskArgs{
		Kind:                     "job",
		Key:                      args.JobName,
		Config:                   cfg.TaskConfig,
		LogGroupName:             jobLogGroupName(ctx.Project(), ctx.Stack(), args.JobName),
		Family:                   job.Family,
		SecurityGroupDescription: "Fargate job " + args.JobName + ": no ingress",
		Region:                   args.Region,
		AccountId:                args.AccountId,
		VpcId:                    args.VpcId,
		VpcCidr:                  args.VpcCidr,
		Roles:                    args.Roles,
		Tags:                     args.Tags,
	}, parent)
	if err != nil {
		return nil, err
	}
	strategy := taskStrategy(cfg.TaskConfig, args.ClusterStrategy)
	job.RunTask = runTaskInput(args, cfg, strategy, task).ToMapOutput()
	job.TaskDefinitionArn = task.TaskDefinition.Arn
	job.LogGroupName = task.LogGroup.Name
	job.ScheduleName = pulumi.String("").ToStringOutput()
	job.ScheduleGroupName = pulumi.String("").ToStringOutput()

	if cfg.Schedule != nil {
		schedule, err := newJobSchedule(ctx, name, args, job.Family, strategy, task, parent)
		if err != nil {
			return nil, err
		}
		job.ScheduleName = schedule.Name
		job.ScheduleGroupName = schedule.GroupName
	}
	if err := ctx.RegisterResourceOutputs(job, job.Outputs()); err != nil {
		return nil, err
	}
	return job, nil
}

// Outputs are the job's component outputs, also its entry in the "jobs" stack output.
func (j *Job) Outputs() pulumi.Map {
	return pulumi.Map{
		"runTask":              j.RunTask,
		"scheduleName":         j.ScheduleName,
		"scheduleGroupName":    j.ScheduleGroupName,
		"logGroupName":         j.LogGroupName,
		"taskDefinitionFamily": pulumi.String(j.Family),
		"taskDefinitionArn":    j.TaskDefinitionArn,
	}
}

// jobTags are the tags a job's tasks get when they are started: the stack tags and `job: <name>`.
func jobTags(args *JobArgs) map[string]string {
	tags := map[string]string{}
	for k, v := range args.Tags {
		tags[k] = v
	}
	tags["job"] = args.JobName
	return tags
}

// runTaskInput is the ECS RunTask request that starts one run of the job, in the camelCase keys of `aws ecs run-task
// --cli-input-json` (the API's member names): the private subnets without a public IP, the job's own security
// group, its strategy or launch type, its tags, and startedBy naming the job.
func runTaskInput(args *JobArgs, cfg JobConfig, strategy []CapacityProviderStrategyItem, task *Task) pulumi.Map {
	var tags pulumi.Array
	jobTagMap := jobTags(args)
	for _, key := range sortedKeys(jobTagMap) {
		tags = append(tags, pulumi.Map{"key": pulumi.String(key), "value": pulumi.String(jobTagMap[key])})
	}
	input := pulumi.Map{
		"cluster":         args.ClusterArn,
		"taskDefinition":  task.TaskDefinition.Arn,
		"count":           pulumi.Int(1),
		"platformVersion": pulumi.String(cfg.PlatformVersion),
		"networkConfiguration": pulumi.Map{"awsvpcConfiguration": pulumi.Map{
			"subnets":        args.SubnetIds,
			"securityGroups": task.SecurityGroupIds,
			"assignPublicIp": pulumi.String("DISABLED"),
		}},
		"tags":          tags,
		"startedBy":     pulumi.String(args.JobName),
		"propagateTags": pulumi.String("TASK_DEFINITION"),
	}
	if cfg.LaunchType != "" {
		input["launchType"] = pulumi.String(cfg.LaunchType)
		return input
	}
	var items pulumi.Array
	for _, item := range strategy {
		entry := pulumi.Map{"capacityProvider": pulumi.String(item.CapacityProvider), "base": pulumi.Int(item.Base)}
		if item.Weight != nil {
			entry["weight"] = pulumi.Int(*item.Weight)
		}
		items = append(items, entry)
	}
	input["capacityProviderStrategy"] = items
	return input
}

// newJobSchedule registers the schedule's role and the schedule that starts the job's task in the stack's group.
func newJobSchedule(ctx *pulumi.Context, name string, args *JobArgs, family string,
	strategy []CapacityProviderStrategyItem, task *Task, parent pulumi.ResourceOption) (*scheduler.Schedule, error) {
	cfg := args.Config
	partition := awsregion.Partition(args.Region)
	roleName := name + "-schedule"
	role, err := iam.NewRole(ctx, roleName, args.Roles.roleArgs(&iam.RoleArgs{
		Description: pulumi.String("EventBridge Scheduler role of job " + args.JobName + ": runs its task"),
		AssumeRolePolicy: pulumi.All(args.AccountId, args.ScheduleGroupName).ApplyT(func(v []any) (string, error) {
			return marshalPolicy(scheduleTrustPolicy(partition, args.Region, v[0].(string), v[1].(string)))
		}).(pulumi.StringOutput),
		Tags: nameTags(args.Tags, roleName),
	}), parent)
	if err != nil {
		return nil, err
	}
	policy, err := iam.NewRolePolicy(ctx, roleName, &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: pulumi.All(args.AccountId, args.ClusterArn, args.ClusterName, task.ExecutionRole.Arn, task.TaskRole.Arn,
			args.DeadLetterQueueArn).ApplyT(func(v []any) (string, error) {
			return marshalPolicy(scheduleRolePolicy(scheduleGrant{
				Partition: partition, Region: args.Region, AccountId: v[0].(string), Family: family,
				ClusterArn: v[1].(string), ClusterName: v[2].(string), ExecutionRoleArn: v[3].(string),
				TaskRoleArn: v[4].(string), DeadLetterQueueArn: v[5].(string),
			}))
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, err
	}

	s := cfg.Schedule
	window := &scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("OFF")}
	if s.FlexibleWindowMinutes > 0 {
		window = &scheduler.ScheduleFlexibleTimeWindowArgs{Mode: pulumi.String("FLEXIBLE"),
			MaximumWindowInMinutes: pulumi.Int(s.FlexibleWindowMinutes)}
	}
	state := "ENABLED"
	if !isOn(s.Enabled) {
		state = "DISABLED"
	}
	ecsParameters := &scheduler.ScheduleTargetEcsParametersArgs{
		TaskDefinitionArn: task.TaskDefinition.Arn,
		TaskCount:         pulumi.Int(1),
		PlatformVersion:   pulumi.String(cfg.PlatformVersion),
		NetworkConfiguration: &scheduler.ScheduleTargetEcsParametersNetworkConfigurationArgs{
			Subnets:        args.SubnetIds,
			SecurityGroups: task.SecurityGroupIds,
			AssignPublicIp: pulumi.Bool(false),
		},
		PropagateTags: pulumi.String("TASK_DEFINITION"),
		Tags:          pulumi.ToStringMap(jobTags(args)),
	}
	if cfg.LaunchType != "" {
		ecsParameters.LaunchType = pulumi.String(cfg.LaunchType)
	}
	var strategies scheduler.ScheduleTargetEcsParametersCapacityProviderStrategyArray
	for _, item := range strategy {
		strategies = append(strategies, scheduler.ScheduleTargetEcsParametersCapacityProviderStrategyArgs{
			CapacityProvider: pulumi.String(item.CapacityProvider),
			Weight:           pulumi.IntPtrFromPtr(item.Weight),
			Base:             pulumi.Int(item.Base),
		})
	}
	if len(strategies) > 0 {
		ecsParameters.CapacityProviderStrategies = strategies
	}
	dependsOn := append([]pulumi.Resource{policy}, task.ExecutionGrants...)
	// The name stays the job's (the stack output, the live test and people find the schedule by it), so a replacement
	// deletes the old schedule first: created first, the new one would meet the name still live in the group
	// (CreateSchedule: ConflictException). The job misses at most the runs due in that moment.
	return scheduler.NewSchedule(ctx, name, &scheduler.ScheduleArgs{
		// The job's name, unique within the stack's group; schedules take no tags (the group carries them).
		Name:                       pulumi.String(args.JobName),
		GroupName:                  args.ScheduleGroupName,
		Description:                pulumi.String("Runs job " + args.JobName + " of stack " + ctx.Stack()),
		ScheduleExpression:         pulumi.String(s.Expression),
		ScheduleExpressionTimezone: pulumi.String(s.Timezone),
		State:                      pulumi.String(state),
		FlexibleTimeWindow:         window,
		Target: &scheduler.ScheduleTargetArgs{
			Arn:              args.ClusterArn,
			RoleArn:          role.Arn,
			DeadLetterConfig: &scheduler.ScheduleTargetDeadLetterConfigArgs{Arn: args.DeadLetterQueueArn},
			RetryPolicy: &scheduler.ScheduleTargetRetryPolicyArgs{
				MaximumRetryAttempts:     pulumi.IntPtrFromPtr(s.Retry.MaximumAttempts),
				MaximumEventAgeInSeconds: pulumi.Int(s.Retry.MaximumEventAgeSeconds),
			},
			EcsParameters: ecsParameters,
		},
	}, parent, pulumi.DependsOn(dependsOn), pulumi.DeleteBeforeReplace(true))
}
