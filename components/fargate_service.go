package components

import (
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
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
	// Roles places the service's roles (RoleScope).
	Roles RoleScope
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

// NewFargateService registers one service: its task (newTask) and what a service adds, the ECS service, the ALB's
// ingress rule on the tasks' group and optional autoscaling. The config must already be validated.
func NewFargateService(ctx *pulumi.Context, name string, args *FargateServiceArgs, opts ...pulumi.ResourceOption) (*FargateService, error) {
	service := &FargateService{}
	if err := ctx.RegisterComponentResource("private-fargate:index:FargateService", name, service, opts...); err != nil {
		return nil, err
	}
	svc := args.Config
	parent := pulumi.Parent(service)
	task, err := newTask(ctx, name, &TaskArgs{
		Kind:                     "service",
		Key:                      args.ServiceName,
		Config:                   svc.TaskConfig,
		EcsExec:                  svc.EcsExec,
		LogGroupName:             "/ecs/" + ctx.Project() + "/" + ctx.Stack() + "/" + args.ServiceName,
		Family:                   taskFamily(ctx.Project(), ctx.Stack(), args.ServiceName),
		SecurityGroupDescription: "Fargate service " + args.ServiceName + ": container port from the ALB only",
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
	if args.Target != nil && args.AlbSecurityGroupId != nil {
		port := args.Target.ContainerPort
		if err := newIngressRule(ctx, name+"-sg-from-alb-"+strconv.Itoa(port), &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId:           task.SecurityGroup.ID(),
			Description:               pulumi.String("Container port from the ALB"),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(port),
			ToPort:                    pulumi.Int(port),
			ReferencedSecurityGroupId: args.AlbSecurityGroupId,
		}, args.Tags, parent); err != nil {
			return nil, err
		}
	}

	serviceArgs := &ecs.ServiceArgs{
		Cluster:         args.ClusterArn,
		TaskDefinition:  task.TaskDefinition.Arn,
		DesiredCount:    pulumi.Int(*svc.DesiredCount),
		PlatformVersion: pulumi.String(svc.PlatformVersion),
		NetworkConfiguration: &ecs.ServiceNetworkConfigurationArgs{
			Subnets:        args.SubnetIds,
			SecurityGroups: task.SecurityGroupIds,
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
		Tags:               nameTags(args.Tags, name),
	}
	if args.DeploymentAlarmNames != nil {
		// Beside the circuit breaker: a deployment whose tasks pass health checks but serve errors is rolled back.
		serviceArgs.Alarms = &ecs.ServiceAlarmsArgs{AlarmNames: args.DeploymentAlarmNames, Enable: pulumi.Bool(true),
			Rollback: pulumi.Bool(true)}
	}
	if svc.LaunchType != "" {
		serviceArgs.LaunchType = pulumi.String(svc.LaunchType)
	} else {
		var strategies ecs.ServiceCapacityProviderStrategyArray
		for _, item := range taskStrategy(svc.TaskConfig, args.ClusterStrategy) {
			strategies = append(strategies, ecs.ServiceCapacityProviderStrategyArgs{
				CapacityProvider: pulumi.String(item.CapacityProvider),
				Weight:           pulumi.IntPtrFromPtr(item.Weight),
				Base:             pulumi.Int(item.Base),
			})
		}
		serviceArgs.CapacityProviderStrategies = strategies
	}
	dependsOn := append(append([]pulumi.Resource{}, args.DependsOn...), task.ExecutionGrants...)
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
	service.TaskDefinitionArn = task.TaskDefinition.Arn
	service.LogGroupName = task.LogGroup.Name
	service.SecurityGroupId = task.SecurityGroup.ID().ToStringOutput()
	service.TaskRoleArn = task.TaskRole.Arn
	service.ExecutionRoleArn = task.ExecutionRole.Arn
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
