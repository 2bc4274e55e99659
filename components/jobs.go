package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// deadLetterRetentionSeconds keeps failed invocations 14 days, the longest SQS allows (SQS API Reference, CreateQueue
// MessageRetentionPeriod: 60 to 1,209,600 seconds; terraform-provider-aws internal/service/sqs/queue.go
// message_retention_seconds IntBetween(60, 1_209_600)).
const deadLetterRetentionSeconds = 1209600

// JobsArgs configures Jobs.
type JobsArgs struct {
	// Jobs are the validated, defaulted jobs keyed by name.
	Jobs map[string]JobConfig
	// ClusterStrategy is the cluster's default capacity provider strategy.
	ClusterStrategy []CapacityProviderStrategyItem
	// Region, AccountId: the stack's.
	Region    string
	AccountId pulumi.StringInput
	// ClusterArn and ClusterName are the stack's cluster.
	ClusterArn, ClusterName pulumi.StringInput
	// VpcId, VpcCidr and SubnetIds are the VPC and the private subnets the tasks run in.
	VpcId     pulumi.StringInput
	VpcCidr   string
	SubnetIds pulumi.StringArrayInput
	// Roles places the jobs' roles (RoleScope).
	Roles RoleScope
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// Jobs is every job of the stack and, when some job has a schedule, the stack's schedule group and dead-letter queue.
type Jobs struct {
	pulumi.ResourceState

	// Jobs are the jobs keyed by their config name.
	Jobs map[string]*Job
	// DeadLetterQueueName is the queue every schedule of the stack sends the invocations it could not deliver to;
	// nil when no job has a schedule.
	DeadLetterQueueName pulumi.StringInput
}

// NewJobs registers the jobs in sorted order, each named after its key, so adding a job touches nothing that exists.
func NewJobs(ctx *pulumi.Context, name string, args *JobsArgs, opts ...pulumi.ResourceOption) (*Jobs, error) {
	if args.AccountId == nil {
		return nil, fmt.Errorf("%s: JobsArgs.AccountId is required (the roles' trust policies name the account)", name)
	}
	jobs := &Jobs{Jobs: map[string]*Job{}}
	if err := ctx.RegisterComponentResource("private-fargate:index:Jobs", name, jobs, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(jobs)

	var groupName, deadLetterArn pulumi.StringInput
	if anyScheduled(args.Jobs) {
		// Auto-named ("jobs-schedules-<7 hex>"), so two stacks in one account and region never share a group.
		group, err := scheduler.NewScheduleGroup(ctx, name+"-schedules", &scheduler.ScheduleGroupArgs{
			Tags: nameTags(args.Tags, name+"-schedules"),
		}, parent)
		if err != nil {
			return nil, err
		}
		queue, err := sqs.NewQueue(ctx, name+"-dlq", &sqs.QueueArgs{
			MessageRetentionSeconds: pulumi.Int(deadLetterRetentionSeconds),
			SqsManagedSseEnabled:    pulumi.Bool(true),
			Tags:                    nameTags(args.Tags, name+"-dlq"),
		}, parent)
		if err != nil {
			return nil, err
		}
		groupName, deadLetterArn = group.Name, queue.Arn
		jobs.DeadLetterQueueName = queue.Name
	}

	exports := pulumi.Map{}
	for _, key := range sortedKeys(args.Jobs) {
		job, err := NewJob(ctx, name+"-"+key, &JobArgs{
			JobName:            key,
			Config:             args.Jobs[key],
			ClusterStrategy:    args.ClusterStrategy,
			Region:             args.Region,
			AccountId:          args.AccountId,
			ClusterArn:         args.ClusterArn,
			ClusterName:        args.ClusterName,
			VpcId:              args.VpcId,
			VpcCidr:            args.VpcCidr,
			SubnetIds:          args.SubnetIds,
			ScheduleGroupName:  groupName,
			DeadLetterQueueArn: deadLetterArn,
			Roles:              args.Roles,
			Tags:               args.Tags,
		}, parent)
		if err != nil {
			return nil, err
		}
		jobs.Jobs[key] = job
		exports[key] = job.Outputs()
	}
	if err := ctx.RegisterResourceOutputs(jobs, pulumi.Map{"jobs": exports}); err != nil {
		return nil, err
	}
	return jobs, nil
}

// Exports describes every job for the stack output "jobs": per job key, its Job outputs (runTask first of all).
func (j *Jobs) Exports() pulumi.Map {
	out := pulumi.Map{}
	for key, job := range j.Jobs {
		out[key] = job.Outputs()
	}
	return out
}

// anyScheduled reports whether some job has a schedule (and so needs the group and the dead-letter queue).
func anyScheduled(jobs map[string]JobConfig) bool {
	for _, job := range jobs {
		if job.Schedule != nil {
			return true
		}
	}
	return false
}
