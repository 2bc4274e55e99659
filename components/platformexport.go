package components

import (
	"slices"
	"strconv"

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
		IngressMode: cfg.Ingress.Mode,
		Apps:        apps,
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
