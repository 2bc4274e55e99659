package components

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// PlatformIds are the platform's resource identifiers its contract carries, once known (the program reads them from
// the components' outputs).
type PlatformIds struct {
	// AccountId is the account the stack deploys to.
	AccountId string
	// VpcId and PrivateSubnetIds are the network's.
	VpcId            string
	PrivateSubnetIds []string
	// ClusterName and ClusterArn are the ECS cluster's.
	ClusterName, ClusterArn string
	// ListenerArns are the ALB's listeners by port; empty without the ALB.
	ListenerArns map[int]string
	// AlbSecurityGroupId is the ALB's security group; empty without the ALB.
	AlbSecurityGroupId string
	// AppPermissionsBoundaryArn is the boundary of the app stacks' roles; empty without grants.
	AppPermissionsBoundaryArn string
}

// PlatformContract is the contract a platform stack with this (validated, defaulted) config exports, given its
// resources' ids and its grants: the one place that turns platform config into what app stacks read.
func PlatformContract(cfg *Config, ids PlatformIds, apps map[string]platformcontract.Grant) platformcontract.Contract {
	strategy := make([]platformcontract.StrategyItem, len(cfg.Cluster.CapacityProviderStrategy))
	for i, item := range cfg.Cluster.CapacityProviderStrategy {
		strategy[i] = platformcontract.StrategyItem{CapacityProvider: item.CapacityProvider, Weight: 1, Base: item.Base}
		if item.Weight != nil {
			strategy[i].Weight = *item.Weight
		}
	}
	var endpoints []string
	s3Policy := ""
	if isOn(cfg.Endpoints.Enabled) {
		endpoints, s3Policy = InterfaceEndpointServices(cfg), cfg.Endpoints.S3Policy
	}
	contract := platformcontract.Contract{
		ContractVersion: platformcontract.Version,
		Region:          cfg.Region,
		AccountId:       ids.AccountId,
		Network: platformcontract.Network{
			VpcId:            ids.VpcId,
			VpcCidr:          cfg.Network.Cidr,
			PrivateSubnetIds: slices.Clone(ids.PrivateSubnetIds),
			Egress:           cfg.Network.Egress,
		},
		InterfaceEndpoints: endpoints,
		S3EndpointPolicy:   s3Policy,
		Cluster: platformcontract.Cluster{
			Name:              ids.ClusterName,
			Arn:               ids.ClusterArn,
			CapacityProviders: slices.Clone(capacityProviders),
			DefaultStrategy:   strategy,
		},
		IngressMode:               cfg.Ingress.Mode,
		Apps:                      apps,
		AppPermissionsBoundaryArn: ids.AppPermissionsBoundaryArn,
	}
	if isOn(cfg.LoadBalancer.Enabled) {
		listeners := map[string]string{}
		for port, arn := range ids.ListenerArns {
			listeners[strconv.Itoa(port)] = arn
		}
		rulesPort := httpPort
		if cfg.LoadBalancer.CertificateArn != "" {
			rulesPort = httpsPort
		}
		contract.LoadBalancer = &platformcontract.LoadBalancer{
			RulesListenerArn: ids.ListenerArns[rulesPort],
			ListenerArns:     listeners,
			SecurityGroupId:  ids.AlbSecurityGroupId,
		}
	}
	return contract
}

// platformOutputs are the platform's resources whose ids its contract carries.
type platformOutputs struct {
	network       *Network
	loadBalancing *LoadBalancing // nil without the ALB
	services      *Services
}

// exportPlatform exports what app stacks read: the contract (output "platform") and, per granted app, its deploy
// policy (output "apps": <stack>.deployPolicy, the managed policy documents its deploy role needs, and
// <stack>.rolePath). With grants it first registers the permissions boundary of the apps' roles.
func exportPlatform(ctx *pulumi.Context, cfg *Config, out platformOutputs) error {
	boundaryArn := pulumi.String("").ToStringOutput()
	if len(cfg.Apps) > 0 {
		document, err := json.Marshal(platformcontract.AppPermissionsBoundary())
		if err != nil {
			return err
		}
		boundary, err := iam.NewPolicy(ctx, "app-permissions-boundary", &iam.PolicyArgs{
			Description: pulumi.String("Permissions boundary of every role of the app stacks of platform stack " + ctx.Stack()),
			Policy:      pulumi.String(string(document)),
			Tags:        nameTags(cfg.Tags, "app-permissions-boundary"),
		})
		if err != nil {
			return err
		}
		boundaryArn = boundary.Arn
	}
	listenerPorts := []int{}
	listenerArns := pulumi.StringArray{}
	albSecurityGroupId := pulumi.String("").ToStringOutput()
	if lb := out.loadBalancing; lb != nil {
		listenerPorts = sortedKeys(lb.ListenerArns)
		for _, port := range listenerPorts {
			listenerArns = append(listenerArns, lb.ListenerArns[port])
		}
		albSecurityGroupId = lb.AlbSecurityGroupId
	}
	contract := pulumi.All(out.network.AccountId, out.network.VpcId, out.network.PrivateSubnetIds, out.services.ClusterName,
		out.services.ClusterArn, albSecurityGroupId, boundaryArn, listenerArns).ApplyT(
		func(v []any) (platformcontract.Contract, error) {
			ids := PlatformIds{
				AccountId: v[0].(string), VpcId: v[1].(string), PrivateSubnetIds: v[2].([]string),
				ClusterName: v[3].(string), ClusterArn: v[4].(string), AlbSecurityGroupId: v[5].(string),
				AppPermissionsBoundaryArn: v[6].(string), ListenerArns: map[int]string{},
			}
			for i, arn := range v[7].([]string) {
				ids.ListenerArns[listenerPorts[i]] = arn
			}
			return PlatformContract(cfg, ids, cfg.Apps), nil
		})
	ctx.Export(platformcontract.OutputName, contract.ApplyT(func(c any) (map[string]any, error) {
		return c.(platformcontract.Contract).Encode()
	}))
	apps := pulumi.Map{}
	for _, app := range sortedKeys(cfg.Apps) {
		target := platformcontract.DeployTarget{Project: ctx.Project(), App: app}
		apps[app] = pulumi.Map{
			"rolePath": pulumi.String(platformcontract.RolePath(ctx.Project(), app)),
			"deployPolicy": contract.ApplyT(func(c any) ([]string, error) {
				target.PermissionsBoundaryArn = c.(platformcontract.Contract).AppPermissionsBoundaryArn
				return c.(platformcontract.Contract).DeployPolicyJSON(target)
			}),
		}
	}
	ctx.Export("apps", apps)
	return nil
}

// appTargetPorts are the container ports granted to any app stack, which the ALB's security group may reach.
func appTargetPorts(apps map[string]platformcontract.Grant) []int {
	var ports []int
	for _, app := range sortedKeys(apps) {
		ports = append(ports, apps[app].TargetPorts...)
	}
	slices.Sort(ports)
	return slices.Compact(ports)
}
