package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ClusterArgs configures a Cluster.
type ClusterArgs struct {
	// Config is the validated cluster config.
	Config ClusterConfig
	// Tags are added to the cluster.
	Tags map[string]string
}

// Cluster is an ECS cluster with Container Insights and the FARGATE and FARGATE_SPOT capacity providers under a
// default strategy.
type Cluster struct {
	pulumi.ResourceState

	// Name is the cluster's name.
	Name pulumi.StringOutput
	// Arn is the cluster's ARN.
	Arn pulumi.StringOutput
	// CapacityProviders must exist before a service names a capacity provider in its strategy.
	CapacityProviders *ecs.ClusterCapacityProviders
}

// NewCluster registers the cluster. The config must already be validated.
func NewCluster(ctx *pulumi.Context, name string, args *ClusterArgs, opts ...pulumi.ResourceOption) (*Cluster, error) {
	cluster := &Cluster{}
	if err := ctx.RegisterComponentResource("private-fargate:index:Cluster", name, cluster, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(cluster)

	ecsCluster, err := ecs.NewCluster(ctx, name, &ecs.ClusterArgs{
		Settings: ecs.ClusterSettingArray{ecs.ClusterSettingArgs{
			Name:  pulumi.String("containerInsights"),
			Value: pulumi.String(args.Config.ContainerInsights),
		}},
		Tags: nameTags(args.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	var strategy ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArray
	for _, item := range args.Config.CapacityProviderStrategy {
		strategy = append(strategy, ecs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs{
			CapacityProvider: pulumi.String(item.CapacityProvider),
			Weight:           pulumi.IntPtrFromPtr(item.Weight),
			Base:             pulumi.Int(item.Base),
		})
	}
	cluster.CapacityProviders, err = ecs.NewClusterCapacityProviders(ctx, name, &ecs.ClusterCapacityProvidersArgs{
		ClusterName:                       ecsCluster.Name,
		CapacityProviders:                 pulumi.ToStringArray(capacityProviders),
		DefaultCapacityProviderStrategies: strategy,
	}, parent)
	if err != nil {
		return nil, err
	}
	cluster.Name = ecsCluster.Name
	cluster.Arn = ecsCluster.Arn

	if err := ctx.RegisterResourceOutputs(cluster, pulumi.Map{
		"name": cluster.Name,
		"arn":  cluster.Arn,
	}); err != nil {
		return nil, err
	}
	return cluster, nil
}
