package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ServicesArgs configures Services.
type ServicesArgs struct {
	// Cluster is the validated cluster config.
	Cluster ClusterConfig
	// Services are the validated, defaulted services keyed by name.
	Services map[string]ServiceConfig
	// Region is the stack's region (awslogs, ARN partition).
	Region string
	// AccountId is the stack's AWS account (the roles' trust policies name it).
	AccountId pulumi.StringInput
	// VpcId is the VPC of the services' security groups.
	VpcId pulumi.StringInput
	// VpcCidr is admitted as an egress destination of every service.
	VpcCidr string
	// SubnetIds are the private subnets the tasks run in.
	SubnetIds pulumi.StringArrayInput
	// AlbSecurityGroupId is the ALB's security group, the only source admitted to routed container ports; nil without a
	// load balancer.
	AlbSecurityGroupId pulumi.StringInput
	// Targets are the load-balancing attachments keyed by service name; a service without an entry is not routed.
	Targets map[string]ServiceTarget
	// ExistingCluster is the cluster the services join instead of a cluster of their own (an app stack's platform
	// cluster); nil registers the stack's cluster from Cluster.
	ExistingCluster *ClusterRef
	// Roles places the services' roles (RoleScope).
	Roles RoleScope
	// DeploymentAlarmNames are, per service key, the alarms its deployments roll back on.
	DeploymentAlarmNames map[string]pulumi.StringArrayOutput
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// ClusterRef names an ECS cluster another stack owns.
type ClusterRef struct {
	// Arn and Name are the cluster's.
	Arn, Name string
}

// Services is the ECS cluster and one FargateService per configured service.
type Services struct {
	pulumi.ResourceState

	// Cluster is the ECS cluster; nil when the services join an existing one (ServicesArgs.ExistingCluster).
	Cluster *Cluster
	// ClusterArn and ClusterName are the cluster the services run in, the stack's own or the existing one.
	ClusterArn, ClusterName pulumi.StringOutput
	// Services are the services keyed by their config name.
	Services map[string]*FargateService
}

// NewServices registers the cluster and the services, in sorted service order. Each service's resources are named
// after its key, so adding a service adds resources and touches none that exist.
func NewServices(ctx *pulumi.Context, name string, args *ServicesArgs, opts ...pulumi.ResourceOption) (*Services, error) {
	if args.AccountId == nil {
		return nil, fmt.Errorf("%s: ServicesArgs.AccountId is required (the roles' trust policies name the account)", name)
	}
	services := &Services{Services: map[string]*FargateService{}}
	if err := ctx.RegisterComponentResource("private-fargate:index:Services", name, services, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(services)

	// A service waits for its cluster's capacity providers, when the cluster is the stack's own.
	var dependsOn []pulumi.Resource
	if ref := args.ExistingCluster; ref != nil {
		services.ClusterArn, services.ClusterName = pulumi.String(ref.Arn).ToStringOutput(), pulumi.String(ref.Name).ToStringOutput()
	} else {
		cluster, err := NewCluster(ctx, name+"-cluster", &ClusterArgs{Config: args.Cluster, Tags: args.Tags}, parent)
		if err != nil {
			return nil, err
		}
		services.Cluster, services.ClusterArn, services.ClusterName = cluster, cluster.Arn, cluster.Name
		dependsOn = []pulumi.Resource{cluster.CapacityProviders}
	}

	serviceNames := pulumi.StringMap{}
	for _, key := range sortedKeys(args.Services) {
		serviceArgs := &FargateServiceArgs{
			ServiceName:        key,
			Config:             args.Services[key],
			ClusterStrategy:    args.Cluster.CapacityProviderStrategy,
			Region:             args.Region,
			AccountId:          args.AccountId,
			ClusterArn:         services.ClusterArn,
			ClusterName:        services.ClusterName,
			VpcId:              args.VpcId,
			VpcCidr:            args.VpcCidr,
			SubnetIds:          args.SubnetIds,
			AlbSecurityGroupId: args.AlbSecurityGroupId,
			DependsOn:          dependsOn,
			Roles:              args.Roles,
			Tags:               args.Tags,
		}
		if target, ok := args.Targets[key]; ok {
			serviceArgs.Target = &target
		}
		if names, ok := args.DeploymentAlarmNames[key]; ok {
			serviceArgs.DeploymentAlarmNames = names
		}
		service, err := NewFargateService(ctx, name+"-"+key, serviceArgs, parent)
		if err != nil {
			return nil, err
		}
		services.Services[key] = service
		serviceNames[key] = service.ServiceName
	}

	if err := ctx.RegisterResourceOutputs(services, pulumi.Map{
		"clusterName":  services.ClusterName,
		"clusterArn":   services.ClusterArn,
		"serviceNames": serviceNames,
	}); err != nil {
		return nil, err
	}
	return services, nil
}

// Exports describes every service for the stack output "services": per service key, its FargateService outputs.
func (s *Services) Exports() pulumi.Map {
	out := pulumi.Map{}
	for key, service := range s.Services {
		out[key] = service.Outputs()
	}
	return out
}
