package components

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FargateServiceArgs configures one FargateService.
type FargateServiceArgs struct {
	// ServiceName is the service's key in config; it names the task family and the log group.
	ServiceName string
	// Config is the validated, defaulted service config.
	Config ServiceConfig
	// ClusterStrategy is the cluster's default capacity provider strategy, copied onto the service when the service
	// has none of its own.
	ClusterStrategy []CapacityProviderStrategyItem
	// Region is the awslogs region and picks the ARN partition of AWS managed policies.
	Region string
	// AccountId is the stack's AWS account; the roles' trust policies admit ECS only on its behalf.
	AccountId pulumi.StringInput
	// ClusterArn is the cluster the service runs in.
	ClusterArn pulumi.StringInput
	// ClusterName builds the Application Auto Scaling resource id.
	ClusterName pulumi.StringInput
	// VpcId is the VPC of the service's security group.
	VpcId pulumi.StringInput
	// VpcCidr is where the tasks may connect to on any TCP port (other services, endpoints, the ALB).
	VpcCidr string
	// SubnetIds are the private subnets the tasks run in.
	SubnetIds pulumi.StringArrayInput
	// AlbSecurityGroupId is the only source admitted to the container port; nil when there is no load balancer.
	AlbSecurityGroupId pulumi.StringInput
	// Target attaches the service to its target group; nil when the service is not routed.
	Target *ServiceTarget
	// DeploymentAlarmNames are the alarms ECS watches during a deployment, rolling back when one fires; nil for none.
	DeploymentAlarmNames pulumi.StringArrayInput
	// DependsOn are resources the ECS service must wait for besides the listener rules (the cluster's capacity
	// providers).
	DependsOn []pulumi.Resource
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// FargateService is one ECS service on Fargate with its task definition, log group, execution and task roles,
// security group and optional autoscaling.
type FargateService struct {
	pulumi.ResourceState

	// ServiceName is the ECS service's name.
	ServiceName pulumi.StringOutput
	// TaskDefinitionArn is the task definition revision the service runs.
	TaskDefinitionArn pulumi.StringOutput
	// LogGroupName is the service's log group.
	LogGroupName pulumi.StringOutput
	// SecurityGroupId is the tasks' own security group.
	SecurityGroupId pulumi.StringOutput
	// TaskRoleArn is the role the containers run as.
	TaskRoleArn pulumi.StringOutput
	// ExecutionRoleArn is the role ECS uses to pull images, write logs and read secrets.
	ExecutionRoleArn pulumi.StringOutput
}

// NewFargateService registers one service. The config must already be validated.
func NewFargateService(ctx *pulumi.Context, name string, args *FargateServiceArgs, opts ...pulumi.ResourceOption) (*FargateService, error) {
	service := &FargateService{}
	if err := ctx.RegisterComponentResource("private-fargate:index:FargateService", name, service, opts...); err != nil {
		return nil, err
	}
	svc := args.Config
	parent := pulumi.Parent(service)
	tags := func(resourceName string) pulumi.StringMap { return nameTags(args.Tags, resourceName) }

	// A fixed, readable log group name lets the container definitions be plain JSON known at preview.
	logGroupName := "/ecs/" + ctx.Project() + "/" + ctx.Stack() + "/" + args.ServiceName
	logGroup, err := cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(logGroupName),
		RetentionInDays: pulumi.Int(svc.LogRetentionDays),
		Tags:            tags(name + "-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}

	executionRole, executionGrants, err := newExecutionRole(ctx, name+"-execution", args, logGroup, tags, parent)
	if err != nil {
		return nil, err
	}
	taskRole, err := newTaskRole(ctx, name+"-task", args, tags, parent)
	if err != nil {
		return nil, err
	}

	containers := buildContainerDefinitions(svc, logGroupName, args.Region)
	containerJSON, err := marshalContainerDefinitions(containers.Definitions)
	if err != nil {
		return nil, err
	}
	var volumes ecs.TaskDefinitionVolumeArray
	for _, volume := range containers.Volumes {
		volumes = append(volumes, ecs.TaskDefinitionVolumeArgs{Name: pulumi.String(volume)})
	}
	var ephemeralStorage ecs.TaskDefinitionEphemeralStoragePtrInput
	if svc.EphemeralStorageGiB > 0 {
		ephemeralStorage = &ecs.TaskDefinitionEphemeralStorageArgs{SizeInGib: pulumi.Int(svc.EphemeralStorageGiB)}
	}
	taskDefinition, err := ecs.NewTaskDefinition(ctx, name, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.String(taskFamily(ctx.Project(), ctx.Stack(), args.ServiceName)),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		NetworkMode:             pulumi.String("awsvpc"),
		Cpu:                     pulumi.String(strconv.Itoa(svc.Cpu)),
		Memory:                  pulumi.String(strconv.Itoa(svc.Memory)),
		RuntimePlatform: &ecs.TaskDefinitionRuntimePlatformArgs{
			CpuArchitecture:       pulumi.String(svc.Architecture),
			OperatingSystemFamily: pulumi.String("LINUX"),
		},
		EphemeralStorage:     ephemeralStorage,
		ContainerDefinitions: pulumi.String(containerJSON),
		Volumes:              volumes,
		ExecutionRoleArn:     executionRole.Arn,
		TaskRoleArn:          taskRole.Arn,
		Tags:                 tags(name),
	}, parent, pulumi.DependsOn([]pulumi.Resource{logGroup}))
	if err != nil {
		return nil, err
	}

	securityGroup, err := newServiceSecurityGroup(ctx, name+"-sg", args, tags, parent)
	if err != nil {
		return nil, err
	}
	securityGroups := pulumi.StringArray{securityGroup.ID().ToStringOutput()}
	for _, id := range svc.SecurityGroupIds {
		securityGroups = append(securityGroups, pulumi.String(id))
	}

	serviceArgs := &ecs.ServiceArgs{
		Cluster:         args.ClusterArn,
		TaskDefinition:  taskDefinition.Arn,
		DesiredCount:    pulumi.Int(*svc.DesiredCount),
		PlatformVersion: pulumi.String(svc.PlatformVersion),
		NetworkConfiguration: &ecs.ServiceNetworkConfigurationArgs{
			Subnets:        args.SubnetIds,
			SecurityGroups: securityGroups,
			AssignPublicIp: pulumi.Bool(false),
		},
		DeploymentCircuitBreaker: &ecs.ServiceDeploymentCircuitBreakerArgs{
			Enable:   pulumi.Bool(true),
			Rollback: pulumi.Bool(true),
		},
		DeploymentMinimumHealthyPercent: pulumi.Int(*svc.MinimumHealthyPercent),
		DeploymentMaximumPercent:        pulumi.Int(*svc.MaximumPercent),
		PropagateTags:                   pulumi.String("SERVICE"),
		EnableEcsManagedTags:            pulumi.Bool(true),
		EnableExecuteCommand:            pulumi.Bool(svc.EcsExec),
		WaitForSteadyState:              pulumi.Bool(*svc.WaitForSteadyState),
		// With forceNewDeployment a change between two non-empty capacity provider strategies (the cluster default
		// copied onto every service, say) is an in-place update with a new deployment; without it terraform-provider-aws
		// v5 replaces the service (internal/service/ecs/service.go, capacityProviderStrategyCustomizeDiff).
		ForceNewDeployment: pulumi.Bool(true),
		Tags:               tags(name),
	}
	if args.DeploymentAlarmNames != nil {
		// Beside the circuit breaker: a deployment whose tasks pass health checks but serve errors is rolled back.
		serviceArgs.Alarms = &ecs.ServiceAlarmsArgs{AlarmNames: args.DeploymentAlarmNames, Enable: pulumi.Bool(true),
			Rollback: pulumi.Bool(true)}
	}
	if svc.LaunchType != "" {
		serviceArgs.LaunchType = pulumi.String(svc.LaunchType)
	} else {
		strategy := svc.CapacityProviderStrategy
		if len(strategy) == 0 {
			strategy = args.ClusterStrategy
		}
		var strategies ecs.ServiceCapacityProviderStrategyArray
		for _, item := range strategy {
			strategies = append(strategies, ecs.ServiceCapacityProviderStrategyArgs{
				CapacityProvider: pulumi.String(item.CapacityProvider),
				Weight:           pulumi.IntPtrFromPtr(item.Weight),
				Base:             pulumi.Int(item.Base),
			})
		}
		serviceArgs.CapacityProviderStrategies = strategies
	}
	dependsOn := append(append([]pulumi.Resource{}, args.DependsOn...), executionGrants...)
	if target := args.Target; target != nil {
		serviceArgs.LoadBalancers = ecs.ServiceLoadBalancerArray{ecs.ServiceLoadBalancerArgs{
			TargetGroupArn: target.TargetGroupArn,
			ContainerName:  pulumi.String(target.ContainerName),
			ContainerPort:  pulumi.Int(target.ContainerPort),
		}}
		serviceArgs.HealthCheckGracePeriodSeconds = pulumi.Int(*svc.HealthCheckGracePeriodSeconds)
		dependsOn = append(dependsOn, target.ListenerRules...)
	}
	serviceOpts := []pulumi.ResourceOption{parent, pulumi.DependsOn(dependsOn)}
	if svc.Autoscaling != nil {
		// The scaling policies own the task count once the service exists.
		serviceOpts = append(serviceOpts, pulumi.IgnoreChanges([]string{"desiredCount"}))
	}
	ecsService, err := ecs.NewService(ctx, name, serviceArgs, serviceOpts...)
	if err != nil {
		return nil, err
	}

	if svc.Autoscaling != nil {
		if err := newServiceAutoscaling(ctx, name, *svc.Autoscaling, args, ecsService, parent); err != nil {
			return nil, err
		}
	}

	service.ServiceName = ecsService.Name
	service.TaskDefinitionArn = taskDefinition.Arn
	service.LogGroupName = logGroup.Name
	service.SecurityGroupId = securityGroup.ID().ToStringOutput()
	service.TaskRoleArn = taskRole.Arn
	service.ExecutionRoleArn = executionRole.Arn
	if err := ctx.RegisterResourceOutputs(service, service.Outputs()); err != nil {
		return nil, err
	}
	return service, nil
}

// Outputs are the service's component outputs, also its entry in the "services" stack output: the ECS service name,
// the task definition revision, the log group, the tasks' security group and both role ARNs.
func (s *FargateService) Outputs() pulumi.Map {
	return pulumi.Map{
		"serviceName":       s.ServiceName,
		"taskDefinitionArn": s.TaskDefinitionArn,
		"logGroupName":      s.LogGroupName,
		"securityGroupId":   s.SecurityGroupId,
		"taskRoleArn":       s.TaskRoleArn,
		"executionRoleArn":  s.ExecutionRoleArn,
	}
}

// newExecutionRole creates the role ECS uses to start the tasks. It returns the role and the grants the service must
// wait for, so the first tasks can pull, log and read secrets.
func newExecutionRole(ctx *pulumi.Context, name string, args *FargateServiceArgs, logGroup *cloudwatch.LogGroup,
	tags func(string) pulumi.StringMap, parent pulumi.ResourceOption) (*iam.Role, []pulumi.Resource, error) {
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("ECS task execution role of service " + args.ServiceName),
		AssumeRolePolicy: ecsTasksTrust(args),
		Tags:             tags(name),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	svc := args.Config
	policy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: logGroup.Arn.ApplyT(func(groupArn string) (string, error) {
			return marshalPolicy(executionRolePolicy(svc, groupArn))
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	return role, []pulumi.Resource{policy}, nil
}

// ecsTasksTrust is the trust policy of a service's roles: ECS tasks of the stack's account and region only.
func ecsTasksTrust(args *FargateServiceArgs) pulumi.StringOutput {
	return args.AccountId.ToStringOutput().ApplyT(func(accountId string) (string, error) {
		return marshalPolicy(ecsTasksAssumeRolePolicy(args.Region, accountId))
	}).(pulumi.StringOutput)
}

// newTaskRole creates the containers' own role with the configured managed policies and inline statements.
func newTaskRole(ctx *pulumi.Context, name string, args *FargateServiceArgs, tags func(string) pulumi.StringMap,
	parent pulumi.ResourceOption) (*iam.Role, error) {
	svc := args.Config
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String("ECS task role (the containers' permissions)"),
		AssumeRolePolicy: ecsTasksTrust(args),
		Tags:             tags(name),
	}, parent)
	if err != nil {
		return nil, err
	}
	// Named after the policy, not its position, so removing one attachment leaves the others alone.
	for _, arn := range uniqueSorted(svc.TaskRole.ManagedPolicyArns) {
		if _, err := iam.NewRolePolicyAttachment(ctx, name+"-"+managedPolicyName(arn), &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(arn),
		}, parent); err != nil {
			return nil, err
		}
	}
	if doc, ok := taskRolePolicy(svc); ok {
		policyJSON, err := marshalPolicy(doc)
		if err != nil {
			return nil, err
		}
		if _, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
			Role:   role.ID(),
			Policy: pulumi.String(policyJSON),
		}, parent); err != nil {
			return nil, err
		}
	}
	return role, nil
}

// managedPolicyName turns a policy ARN into a resource-name fragment: the account part and path are kept so that two
// policies with the same name in different accounts or paths stay distinct.
func managedPolicyName(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	resource := parts[len(parts)-1]
	account := ""
	if len(parts) == 6 {
		account = parts[4]
	}
	resource = strings.TrimPrefix(resource, "policy/")
	return strings.ReplaceAll(account+"-"+resource, "/", "-")
}

// newServiceSecurityGroup creates the tasks' group: the routed container port from the ALB's group only; egress
// HTTPS anywhere (ECR, S3 through its gateway endpoint, AWS APIs through NAT) and TCP within the VPC.
func newServiceSecurityGroup(ctx *pulumi.Context, name string, args *FargateServiceArgs, tags func(string) pulumi.StringMap,
	parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	securityGroup, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String("Fargate service " + args.ServiceName + ": container port from the ALB only"),
		Tags:        tags(name),
	}, parent)
	if err != nil {
		return nil, err
	}
	if args.Target != nil && args.AlbSecurityGroupId != nil {
		port := args.Target.ContainerPort
		if err := newIngressRule(ctx, name+"-from-alb-"+strconv.Itoa(port), &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           securityGroup.ID(),
			Description:               pulumi.String("Container port from the ALB"),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(port),
			ToPort:                    pulumi.Int(port),
			ReferencedSecurityGroupId: args.AlbSecurityGroupId,
		}, args.Tags, parent); err != nil {
			return nil, err
		}
	}
	if err := newEgressRule(ctx, name+"-https", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: securityGroup.ID(),
		Description:     pulumi.String("HTTPS to AWS APIs, ECR and S3"),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(443),
		ToPort:          pulumi.Int(443),
		CidrIpv4:        pulumi.String("0.0.0.0/0"),
	}, args.Tags, parent); err != nil {
		return nil, err
	}
	if err := newEgressRule(ctx, name+"-vpc", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: securityGroup.ID(),
		Description:     pulumi.String("TCP within the VPC"),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(0),
		ToPort:          pulumi.Int(65535),
		CidrIpv4:        pulumi.String(args.VpcCidr),
	}, args.Tags, parent); err != nil {
		return nil, err
	}
	return securityGroup, nil
}

// newServiceAutoscaling registers the service as a scalable target with target tracking on CPU and, when the
// service is routed, on requests per target.
func newServiceAutoscaling(ctx *pulumi.Context, name string, cfg AutoscalingConfig, args *FargateServiceArgs,
	ecsService *ecs.Service, parent pulumi.ResourceOption) error {
	target, err := appautoscaling.NewTarget(ctx, name, &appautoscaling.TargetArgs{
		ServiceNamespace:  pulumi.String("ecs"),
		ScalableDimension: pulumi.String("ecs:service:DesiredCount"),
		ResourceId:        pulumi.Sprintf("service/%s/%s", args.ClusterName, ecsService.Name),
		MinCapacity:       pulumi.Int(cfg.Min),
		MaxCapacity:       pulumi.Int(cfg.Max),
		Tags:              nameTags(args.Tags, name),
	}, parent)
	if err != nil {
		return err
	}
	trackingPolicy := func(policyName, metric string, targetValue float64, label pulumi.StringPtrInput) error {
		_, err := appautoscaling.NewPolicy(ctx, policyName, &appautoscaling.PolicyArgs{
			PolicyType:        pulumi.String("TargetTrackingScaling"),
			ServiceNamespace:  target.ServiceNamespace,
			ScalableDimension: target.ScalableDimension,
			ResourceId:        target.ResourceId,
			TargetTrackingScalingPolicyConfiguration: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationArgs{
				TargetValue: pulumi.Float64(targetValue),
				PredefinedMetricSpecification: &appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs{
					PredefinedMetricType: pulumi.String(metric),
					ResourceLabel:        label,
				},
			},
		}, parent)
		return err
	}
	if err := trackingPolicy(name+"-cpu", "ECSServiceAverageCPUUtilization", cfg.CpuTargetPercent, nil); err != nil {
		return err
	}
	if args.Target != nil {
		return trackingPolicy(name+"-requests", "ALBRequestCountPerTarget", cfg.RequestsPerTarget,
			args.Target.RequestCountResourceLabel)
	}
	return nil
}

// taskFamilyUnsafe are the characters a task definition family may not contain. Source: ECS API reference,
// RegisterTaskDefinition (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html):
// "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed". Stack names may also
// hold periods, which become hyphens.
var taskFamilyUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// taskFamily is the task definition family of a service: "<project>-<stack>-<service>", readable and unique per
// stack. It always fits the 255 characters: project and stack names have at most 100 characters each (pulumi sdk
// go/common/tokens project.go and stack_name.go), service names at most maxServiceNameLength.
func taskFamily(project, stack, service string) string {
	return taskFamilyUnsafe.ReplaceAllString(project+"-"+stack+"-"+service, "-")
}
