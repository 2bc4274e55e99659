package components

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awsregion"
)

// AlarmsArgs configures Alarms.
type AlarmsArgs struct {
	// Config is the validated alarms config (alarms.enabled is true).
	Config AlarmsConfig
	// Region is the stack's region (ARNs of the topic and the key policy).
	Region string
	// AccountId is the stack's account (the topic's ARN, the key and topic policies).
	AccountId pulumi.StringInput
	// Services are the validated services; their merged `alarms` settings shape their alarms.
	Services map[string]ServiceConfig
	// Targets are the routed services' load-balancing attachments, keyed by service name.
	Targets map[string]ServiceTarget
	// AlbArnSuffix is the ALB's CloudWatch dimension value; nil without a load balancer.
	AlbArnSuffix pulumi.StringInput
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// Alarms is the stack's alarm topic (an encrypted SNS topic with its subscriptions, or an existing topic), the alarms
// of every routed service's target group and of the ALB, and, through AddServiceAlarms, each service's CPU, memory
// and running-task alarms. Every alarm sends ALARM and OK to the topic.
type Alarms struct {
	pulumi.ResourceState

	// TopicArn is the topic every alarm notifies.
	TopicArn pulumi.StringOutput
	// DeploymentAlarmNames are, per routed service with rollback on, the names of its target 5xx-rate and
	// unhealthy-host alarms, for the ECS service's deployment configuration.
	DeploymentAlarmNames map[string]pulumi.StringArrayOutput
	// Names are the names of every alarm, keyed by "<service>/<kind>", "alb/<kind>" or "jobs/dead-letters".
	Names map[string]pulumi.StringOutput
	// JobFailedRuleNames are the EventBridge rules of the jobs' failed runs, keyed by job name.
	JobFailedRuleNames map[string]pulumi.StringOutput

	name         string
	cfg          AlarmsConfig
	project      string
	stack        string
	actions      pulumi.Array
	tags         map[string]string
	parentOption pulumi.ResourceOption
}

// Alarm kinds, the last part of each alarm's name.
const (
	alarmTarget5xxRate   = "target-5xx-rate"
	alarmUnhealthyHosts  = "unhealthy-hosts"
	alarmResponseTimeP99 = "response-time-p99"
	alarmCPUHigh         = "cpu-high"
	alarmMemoryHigh      = "memory-high"
	alarmTasksBelow      = "tasks-below-desired"
	alarmElb5xx          = "elb-5xx"
)

// albAlarmScope names the ALB's alarms where a service name would be. A service may be called "alb": its alarms
// still differ from the ALB's, whose kind no service alarm has.
const albAlarmScope = "alb"

// alarmName is an alarm's CloudWatch name, "<project>-<stack>-<scope>-<kind>" with the characters a task family
// refuses replaced: readable in a page and unique per account and region. It fits alarm_name's 255 characters
// (terraform-provider-aws internal/service/cloudwatch/metric_alarm.go StringLenBetween(1, 255)): project and stack
// names have at most 100 characters each, service names 32, kinds 19 (TestAlarmNamesFitCloudWatch).
func alarmName(project, stack, scope, kind string) string {
	return taskFamily(project, stack, scope) + "-" + kind
}

// NewAlarms registers the topic and the load-balancer alarms. The config must already be validated.
func NewAlarms(ctx *pulumi.Context, name string, args *AlarmsArgs, opts ...pulumi.ResourceOption) (*Alarms, error) {
	if args.AccountId == nil {
		return nil, fmt.Errorf("%s: AlarmsArgs.AccountId is required (the topic's ARN names the account)", name)
	}
	alarms := &Alarms{
		DeploymentAlarmNames: map[string]pulumi.StringArrayOutput{},
		Names:                map[string]pulumi.StringOutput{},
		JobFailedRuleNames:   map[string]pulumi.StringOutput{},
		name:                 name,
		cfg:                  args.Config,
		project:              ctx.Project(),
		stack:                ctx.Stack(),
		tags:                 args.Tags,
	}
	if err := ctx.RegisterComponentResource("private-fargate:index:Alarms", name, alarms, opts...); err != nil {
		return nil, err
	}
	alarms.parentOption = pulumi.Parent(alarms)

	topicArn, err := alarms.newTopic(ctx, name, args)
	if err != nil {
		return nil, err
	}
	alarms.TopicArn = topicArn
	alarms.actions = pulumi.Array{topicArn}

	for _, service := range sortedKeys(args.Targets) {
		settings := args.Services[service].Alarms
		if settings == nil || !isOn(settings.Enabled) {
			continue
		}
		target := args.Targets[service]
		names, err := alarms.newTargetAlarms(ctx, name+"-"+service, service, *settings, target)
		if err != nil {
			return nil, err
		}
		if isOn(settings.RollbackOnAlarm) {
			alarms.DeploymentAlarmNames[service] = pulumi.ToStringArrayOutput(names)
		}
	}
	if args.AlbArnSuffix != nil {
		if err := alarms.newAlbAlarm(ctx, name+"-alb", args.AlbArnSuffix); err != nil {
			return nil, err
		}
	}

	if err := ctx.RegisterResourceOutputs(alarms, pulumi.Map{"topicArn": alarms.TopicArn}); err != nil {
		return nil, err
	}
	return alarms, nil
}

// newTopic returns the configured topic's ARN, or creates the KMS key, the encrypted topic (its policy admits
// CloudWatch and EventBridge of this account) and the subscriptions.
func (a *Alarms) newTopic(ctx *pulumi.Context, name string, args *AlarmsArgs) (pulumi.StringOutput, error) {
	cfg := args.Config
	if cfg.TopicArn != "" {
		return pulumi.String(cfg.TopicArn).ToStringOutput(), nil
	}
	parent := a.parentOption
	keyId := pulumi.String(cfg.KmsMasterKeyId).ToStringOutput()
	if cfg.KmsMasterKeyId == "" {
		key, err := kms.NewKey(ctx, name+"-key", &kms.KeyArgs{
			Description:       pulumi.String("Encrypts the alarm topic of " + ctx.Project() + "/" + ctx.Stack()),
			EnableKeyRotation: pulumi.Bool(true),
			Policy: args.AccountId.ToStringOutput().ApplyT(func(accountId string) (string, error) {
				return marshalPolicy(alarmKeyPolicy(args.Region, accountId))
			}).(pulumi.StringOutput),
			Tags: nameTags(args.Tags, name+"-key"),
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		keyId = key.Arn
	}
	// An explicit name makes the ARN known before the topic exists, so the policy can be an input of the topic itself.
	topicName := taskFamily(ctx.Project(), ctx.Stack(), "alarms")
	topicPolicy := args.AccountId.ToStringOutput().ApplyT(func(accountId string) (string, error) {
		arn := "arn:" + awsregion.Partition(args.Region) + ":sns:" + args.Region + ":" + accountId + ":" + topicName
		return marshalPolicy(alarmTopicPolicy(args.Region, accountId, arn))
	}).(pulumi.StringOutput)
	topic, err := sns.NewTopic(ctx, name+"-topic", &sns.TopicArgs{
		Name:           pulumi.String(topicName),
		DisplayName:    pulumi.String("Alarms " + ctx.Project() + "/" + ctx.Stack()),
		KmsMasterKeyId: keyId,
		Policy:         topicPolicy,
		Tags:           nameTags(args.Tags, name+"-topic"),
		// The name is fixed, and CreateTopic "is idempotent, so if the requester already owns a topic with the
		// specified name, that topic's ARN is returned" (SNS API Reference, CreateTopic): created before the old one is
		// deleted, a replacement would be the old topic, and deleting the old would delete it. So delete first; the
		// alarms keep the same ARN. (TestReplacementsNeverCollide found this.)
	}, parent, pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	// Named after the address, not its position, so removing one subscription leaves the others alone.
	subscribe := func(protocol, endpoint string) error {
		_, err := sns.NewTopicSubscription(ctx, name+"-"+protocol+"-"+subscriptionName(endpoint), &sns.TopicSubscriptionArgs{
			Topic:    topic.Arn,
			Protocol: pulumi.String(protocol),
			Endpoint: pulumi.String(endpoint),
		}, parent)
		return err
	}
	for _, email := range uniqueSorted(cfg.Notify.Emails) {
		if err := subscribe("email", email); err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	for _, endpoint := range uniqueSorted(cfg.Notify.HttpsEndpoints) {
		if err := subscribe("https", endpoint); err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	return topic.Arn, nil
}

// subscriptionName turns an address into a resource-name fragment.
func subscriptionName(endpoint string) string {
	return strings.NewReplacer("https://", "", "@", "-at-", "/", "-", ":", "-", "?", "-", "=", "-", "&", "-").Replace(endpoint)
}

// metricAlarm is one alarm as the program describes it; newAlarm adds the shared evaluation settings and actions.
type metricAlarm struct {
	scope, kind, description string
	// threshold and comparison: the alarm fires when the value is comparison threshold.
	threshold  float64
	comparison string
	// treatMissingData is how CloudWatch judges a period without data (README "Alarms and dashboard" says why, per
	// alarm).
	treatMissingData string
	// A single metric: namespace, metricName, dimensions and statistic or extendedStatistic.
	namespace, metricName, statistic, extendedStatistic string
	dimensions                                          pulumi.StringMap
	// Or metric math: queries, one of which returns the data the alarm judges.
	queries cloudwatch.MetricAlarmMetricQueryArray
	// evaluationPeriods and datapointsToAlarm override the stack's when set (an alarm that must fire at once).
	evaluationPeriods, datapointsToAlarm int
}

// newAlarm registers one alarm with the stack's period, evaluation periods and datapoints, and the topic as its ALARM
// and OK action, and records its name.
func (a *Alarms) newAlarm(ctx *pulumi.Context, resourceName string, m metricAlarm) (pulumi.StringOutput, error) {
	alarmArgs := &cloudwatch.MetricAlarmArgs{
		Name:               pulumi.String(alarmName(a.project, a.stack, m.scope, m.kind)),
		AlarmDescription:   pulumi.String(m.description),
		ComparisonOperator: pulumi.String(m.comparison),
		Threshold:          pulumi.Float64(m.threshold),
		EvaluationPeriods:  pulumi.Int(cmp.Or(m.evaluationPeriods, a.cfg.EvaluationPeriods)),
		DatapointsToAlarm:  pulumi.Int(cmp.Or(m.datapointsToAlarm, a.cfg.DatapointsToAlarm)),
		TreatMissingData:   pulumi.String(m.treatMissingData),
		ActionsEnabled:     pulumi.Bool(true),
		AlarmActions:       a.actions,
		OkActions:          a.actions,
		Tags:               nameTags(a.tags, resourceName),
	}
	if len(m.queries) > 0 {
		alarmArgs.MetricQueries = m.queries
	} else {
		alarmArgs.Namespace = pulumi.String(m.namespace)
		alarmArgs.MetricName = pulumi.String(m.metricName)
		alarmArgs.Dimensions = m.dimensions
		alarmArgs.Period = pulumi.Int(a.cfg.PeriodSeconds)
		if m.extendedStatistic != "" {
			alarmArgs.ExtendedStatistic = pulumi.String(m.extendedStatistic)
		} else {
			alarmArgs.Statistic = pulumi.String(m.statistic)
		}
	}
	alarm, err := cloudwatch.NewMetricAlarm(ctx, resourceName, alarmArgs, a.parentOption)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	a.Names[m.scope+"/"+m.kind] = alarm.Name
	return alarm.Name, nil
}

// metricQuery is one metric of a metric-math alarm; it returns no data of its own.
func (a *Alarms) metricQuery(id, namespace, metric, stat string, dimensions pulumi.StringMap) cloudwatch.MetricAlarmMetricQueryArgs {
	return cloudwatch.MetricAlarmMetricQueryArgs{
		Id: pulumi.String(id),
		Metric: &cloudwatch.MetricAlarmMetricQueryMetricArgs{
			Namespace:  pulumi.String(namespace),
			MetricName: pulumi.String(metric),
			Dimensions: dimensions,
			Period:     pulumi.Int(a.cfg.PeriodSeconds),
			Stat:       pulumi.String(stat),
		},
		ReturnData: pulumi.Bool(false),
	}
}

// Metric namespaces and dimensions: Elastic Load Balancing User Guide, "CloudWatch metrics for your Application Load
// Balancer" (AWS/ApplicationELB: LoadBalancer, TargetGroup); ECS Developer Guide, "Amazon ECS CloudWatch metrics"
// (AWS/ECS CPUUtilization and MemoryUtilization by ClusterName, ServiceName); CloudWatch User Guide, "Amazon ECS
// Container Insights metrics" (ECS/ContainerInsights RunningTaskCount and DesiredTaskCount by ClusterName,
// ServiceName).
const (
	namespaceALB               = "AWS/ApplicationELB"
	namespaceECS               = "AWS/ECS"
	namespaceContainerInsights = "ECS/ContainerInsights"
)

// newTargetAlarms registers a routed service's target 5xx-rate, unhealthy-host and p99 response-time alarms and returns
// the names of the first two, the deployment alarms.
func (a *Alarms) newTargetAlarms(ctx *pulumi.Context, name, service string, settings ServiceAlarmsConfig,
	target ServiceTarget) ([]pulumi.StringOutput, error) {
	lbDimension, tgDimension := targetDimensions(target.RequestCountResourceLabel)
	both := pulumi.StringMap{"LoadBalancer": lbDimension, "TargetGroup": tgDimension}
	rate, err := a.newAlarm(ctx, name+"-"+alarmTarget5xxRate, metricAlarm{
		scope: service, kind: alarmTarget5xxRate,
		description: fmt.Sprintf("Service %s: more than %v%% of its requests answered 5xx by its tasks (periods with "+
			"fewer than %d requests count as healthy)", service, settings.Target5xxRatePercent, settings.MinRequests),
		threshold: settings.Target5xxRatePercent, comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		queries: cloudwatch.MetricAlarmMetricQueryArray{
			a.metricQuery("errors", namespaceALB, "HTTPCode_Target_5XX_Count", "Sum", both),
			a.metricQuery("requests", namespaceALB, "RequestCount", "Sum", both),
			cloudwatch.MetricAlarmMetricQueryArgs{
				Id: pulumi.String("rate"),
				// HTTPCode_Target_5XX_Count has no datapoint in a period without errors: FILL makes that 0.
				Expression: pulumi.String(fmt.Sprintf("IF(requests >= %d, 100 * FILL(errors, 0) / requests, 0)", settings.MinRequests)),
				Label:      pulumi.String("5xx rate (%)"),
				ReturnData: pulumi.Bool(true),
			},
		},
	})
	if err != nil {
		return nil, err
	}
	unhealthy, err := a.newAlarm(ctx, name+"-"+alarmUnhealthyHosts, metricAlarm{
		scope: service, kind: alarmUnhealthyHosts,
		description: fmt.Sprintf("Service %s: a task fails the target group's health check", service),
		threshold:   0, comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		namespace: namespaceALB, metricName: "UnHealthyHostCount", statistic: "Maximum", dimensions: both,
	})
	if err != nil {
		return nil, err
	}
	if _, err := a.newAlarm(ctx, name+"-"+alarmResponseTimeP99, metricAlarm{
		scope: service, kind: alarmResponseTimeP99,
		description: fmt.Sprintf("Service %s: the slowest 1%% of requests take longer than %v s", service,
			settings.ResponseTimeP99Seconds),
		threshold: settings.ResponseTimeP99Seconds, comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		namespace: namespaceALB, metricName: "TargetResponseTime", extendedStatistic: "p99", dimensions: both,
	}); err != nil {
		return nil, err
	}
	return []pulumi.StringOutput{rate, unhealthy}, nil
}

// targetDimensions splits a target's "<alb arn suffix>/<target group arn suffix>" into the LoadBalancer and
// TargetGroup dimension values.
func targetDimensions(label pulumi.StringOutput) (loadBalancer, targetGroup pulumi.StringOutput) {
	split := func(part int) pulumi.StringOutput {
		return label.ApplyT(func(label string) string {
			lb, tg := splitResourceLabel(label)
			return []string{lb, tg}[part]
		}).(pulumi.StringOutput)
	}
	return split(0), split(1)
}

// splitResourceLabel splits "app/<lb>/<id>/targetgroup/<tg>/<id>" into "app/<lb>/<id>" and "targetgroup/<tg>/<id>".
func splitResourceLabel(label string) (loadBalancer, targetGroup string) {
	lb, tg, _ := strings.Cut(label, "/targetgroup/")
	return lb, "targetgroup/" + tg
}

// newAlbAlarm registers the ALB's own 5xx alarm.
func (a *Alarms) newAlbAlarm(ctx *pulumi.Context, name string, albArnSuffix pulumi.StringInput) error {
	_, err := a.newAlarm(ctx, name+"-"+alarmElb5xx, metricAlarm{
		scope: albAlarmScope, kind: alarmElb5xx,
		description: fmt.Sprintf("The ALB itself answered more than %d requests per period with 5xx (no healthy "+
			"target, connection errors or timeouts towards the tasks)", a.cfg.Elb5xxCount),
		threshold: float64(a.cfg.Elb5xxCount), comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		namespace: namespaceALB, metricName: "HTTPCode_ELB_5XX_Count", statistic: "Sum",
		dimensions: pulumi.StringMap{"LoadBalancer": albArnSuffix},
	})
	return err
}

// AddServiceAlarms registers a service's CPU, memory and running-below-desired alarms, once the ECS service exists
// (its dimensions are the cluster's and the service's generated names).
func (a *Alarms) AddServiceAlarms(ctx *pulumi.Context, service string, settings *ServiceAlarmsConfig,
	clusterName, serviceName pulumi.StringOutput) error {
	if settings == nil || !isOn(settings.Enabled) {
		return nil
	}
	resource := a.name + "-" + service
	dimensions := pulumi.StringMap{"ClusterName": clusterName, "ServiceName": serviceName}
	for _, m := range []metricAlarm{{
		scope: service, kind: alarmCPUHigh,
		description: fmt.Sprintf("Service %s: its tasks use more than %v%% of their CPU on average", service, settings.CpuPercent),
		threshold:   settings.CpuPercent, comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		namespace: namespaceECS, metricName: "CPUUtilization", statistic: "Average", dimensions: dimensions,
	}, {
		scope: service, kind: alarmMemoryHigh,
		description: fmt.Sprintf("Service %s: its tasks use more than %v%% of their memory on average", service, settings.MemoryPercent),
		threshold:   settings.MemoryPercent, comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		namespace: namespaceECS, metricName: "MemoryUtilization", statistic: "Average", dimensions: dimensions,
	}, {
		scope: service, kind: alarmTasksBelow,
		description: fmt.Sprintf("Service %s: fewer tasks run than it wants (tasks fail to start or keep "+
			"stopping)", service),
		threshold: 0, comparison: "GreaterThanThreshold", treatMissingData: "notBreaching",
		queries: cloudwatch.MetricAlarmMetricQueryArray{
			a.metricQuery("desired", namespaceContainerInsights, "DesiredTaskCount", "Average", dimensions),
			a.metricQuery("running", namespaceContainerInsights, "RunningTaskCount", "Average", dimensions),
			cloudwatch.MetricAlarmMetricQueryArgs{
				Id:         pulumi.String("missing"),
				Expression: pulumi.String("desired - running"),
				Label:      pulumi.String("tasks below desired"),
				ReturnData: pulumi.Bool(true),
			},
		},
	}} {
		if _, err := a.newAlarm(ctx, resource+"-"+m.kind, m); err != nil {
			return err
		}
	}
	return nil
}

// Exports are the "alarms" stack output: the topic, every alarm's name, keyed by "<service>/<kind>", "alb/<kind>" or
// "jobs/dead-letters", and the jobs' failed-run rules keyed by job.
func (a *Alarms) Exports() pulumi.Map {
	return pulumi.Map{"topicArn": a.TopicArn, "alarmNames": pulumi.ToStringMapOutput(a.Names),
		"jobFailedRules": pulumi.ToStringMapOutput(a.JobFailedRuleNames)}
}
