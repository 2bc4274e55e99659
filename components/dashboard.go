package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DashboardArgs configures a Dashboard.
type DashboardArgs struct {
	// Region is the region the widgets read.
	Region string
	// PeriodSeconds is the widgets' period, the alarms' (alarms.periodSeconds).
	PeriodSeconds int
	// ClusterName is the ECS cluster's name.
	ClusterName pulumi.StringOutput
	// Services are the ECS services' names keyed by service key.
	Services map[string]pulumi.StringOutput
	// Targets are the routed services' load-balancing attachments, keyed by service key.
	Targets map[string]ServiceTarget
	// Jobs are what the dashboard shows of each job, keyed by job key.
	Jobs map[string]DashboardJob
	// DeadLetterQueueName is the schedules' dead-letter queue; the zero value when no job has a schedule.
	DeadLetterQueueName pulumi.StringOutput
}

// DashboardJob names what a job's band reads: the EventBridge rule of its failed runs and its log group.
type DashboardJob struct {
	FailedRuleName pulumi.StringOutput
	LogGroupName   pulumi.StringOutput
}

// Dashboard is the stack's CloudWatch dashboard: per service its requests, 5xx rate and p99 latency (routed
// services), CPU and memory, and running against desired tasks; per job its failed runs and its last runs; the
// schedules' dead-letter queue.
type Dashboard struct {
	pulumi.ResourceState

	// Name is the dashboard's name, "<project>-<stack>".
	Name pulumi.StringOutput
}

// NewDashboard registers the dashboard. Its body is built from typed values (dashboardbody.go) once the cluster's,
// the services' and the target groups' names are known.
func NewDashboard(ctx *pulumi.Context, name string, args *DashboardArgs, opts ...pulumi.ResourceOption) (*Dashboard, error) {
	dashboard := &Dashboard{}
	if err := ctx.RegisterComponentResource("private-fargate:index:Dashboard", name, dashboard, opts...); err != nil {
		return nil, err
	}
	keys := sortedKeys(args.Services)
	inputs := []any{args.ClusterName}
	for _, key := range keys {
		inputs = append(inputs, args.Services[key])
		label := pulumi.String("").ToStringOutput()
		if target, ok := args.Targets[key]; ok {
			label = target.RequestCountResourceLabel
		}
		inputs = append(inputs, label)
	}
	jobKeys := sortedKeys(args.Jobs)
	for _, key := range jobKeys {
		inputs = append(inputs, args.Jobs[key].FailedRuleName, args.Jobs[key].LogGroupName)
	}
	deadLetters := args.DeadLetterQueueName
	if deadLetters == (pulumi.StringOutput{}) {
		deadLetters = pulumi.String("").ToStringOutput()
	}
	inputs = append(inputs, deadLetters)
	title := ctx.Project() + " / " + ctx.Stack()
	body := pulumi.All(inputs...).ApplyT(func(values []any) (string, error) {
		services := make([]dashboardService, len(keys))
		for i, key := range keys {
			services[i] = dashboardService{Key: key, ClusterName: values[0].(string), ServiceName: values[1+2*i].(string)}
			if label := values[2+2*i].(string); label != "" {
				services[i].LoadBalancer, services[i].TargetGroup = splitResourceLabel(label)
			}
		}
		rest := values[1+2*len(keys):]
		jobs := make([]dashboardJob, len(jobKeys))
		for i, key := range jobKeys {
			jobs[i] = dashboardJob{Key: key, FailedRuleName: rest[2*i].(string), LogGroupName: rest[2*i+1].(string)}
		}
		return buildDashboardBody(title, args.Region, args.PeriodSeconds, services, jobs, rest[len(rest)-1].(string))
	}).(pulumi.StringOutput)
	// Dashboard names allow [0-9A-Za-z_-] (terraform-provider-aws internal/service/cloudwatch/validate.go
	// validDashboardName), the characters taskFamily keeps; project and stack have at most 100 characters each.
	resource, err := cloudwatch.NewDashboard(ctx, name, &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(taskFamilyUnsafe.ReplaceAllString(ctx.Project()+"-"+ctx.Stack(), "-")),
		DashboardBody: body,
	}, pulumi.Parent(dashboard))
	if err != nil {
		return nil, err
	}
	dashboard.Name = resource.DashboardName
	if err := ctx.RegisterResourceOutputs(dashboard, pulumi.Map{"name": dashboard.Name}); err != nil {
		return nil, err
	}
	return dashboard, nil
}
