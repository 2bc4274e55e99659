package components

import (
	"fmt"

	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// platformFacts are what the rules spanning network and service config check a service against: in a platform stack
// its own config, in an app stack the platform's decoded contract. Each fact carries the platform key that changes it,
// so an app stack's error names the key the platform team must change.
type platformFacts struct {
	// Region is the platform's AWS region.
	Region string
	// Egress is the private subnets' egress mode and EgressKey the key that sets it.
	Egress, EgressKey string
	// DefaultStrategy is the cluster's default capacity provider strategy and DefaultStrategyKey the key that sets it.
	DefaultStrategy    []CapacityProviderStrategyItem
	DefaultStrategyKey string
}

// ownFacts are a platform stack's facts: its own config keys.
func (c *Config) ownFacts() platformFacts {
	return platformFacts{
		Region:             c.Region,
		Egress:             c.Network.Egress,
		EgressKey:          "network.egress",
		DefaultStrategy:    c.Cluster.CapacityProviderStrategy,
		DefaultStrategyKey: "cluster.capacityProviderStrategy",
	}
}

// contractFacts are an app stack's facts: the platform stack's contract, with keys that name the platform stack.
func contractFacts(platformStack string, contract *platformcontract.Contract) platformFacts {
	strategy := make([]CapacityProviderStrategyItem, len(contract.Cluster.DefaultStrategy))
	for i, item := range contract.Cluster.DefaultStrategy {
		strategy[i] = CapacityProviderStrategyItem{CapacityProvider: item.CapacityProvider, Weight: intPtr(item.Weight), Base: item.Base}
	}
	return platformFacts{
		Region:             contract.Region,
		Egress:             contract.Network.Egress,
		EgressKey:          platformKey(platformStack, "network.egress"),
		DefaultStrategy:    strategy,
		DefaultStrategyKey: platformKey(platformStack, "cluster.capacityProviderStrategy"),
	}
}

// platformKey names a config key of the platform stack, for an app stack's messages.
func platformKey(platformStack, key string) string {
	return fmt.Sprintf("%s of platform stack %s", key, platformStack)
}

// endpointNeed is an interface endpoint a service needs without internet egress, and the key that needs it.
type endpointNeed struct {
	// Service is the endpoint's short name.
	Service string
	// Key is the service config key that needs it.
	Key string
}

// serviceEndpointNeeds lists the interface endpoints a service needs beyond the defaults when the subnets have no
// internet path: ssmmessages for ECS Exec, and its task's (taskEndpointNeeds). key is the service's config key
// ("services.web").
func serviceEndpointNeeds(key string, svc ServiceConfig) []endpointNeed {
	var needs []endpointNeed
	if svc.EcsExec {
		needs = append(needs, endpointNeed{"ssmmessages", key + ".ecsExec"})
	}
	return append(needs, taskEndpointNeeds(key, svc.TaskConfig)...)
}

// taskEndpointNeeds lists the interface endpoints a service's or job's task needs beyond the defaults when the
// subnets have no internet path: secretsmanager or ssm for each referenced secret (secretKind is the one classifier of
// references). key is the task's config key ("jobs.report").
func taskEndpointNeeds(key string, task TaskConfig) []endpointNeed {
	var needs []endpointNeed
	for _, name := range sortedKeys(task.Containers) {
		secrets := task.Containers[name].Secrets
		for _, variable := range sortedKeys(secrets) {
			if kind := secretKind(secrets[variable]); kind != "" {
				needs = append(needs, endpointNeed{kind, key + ".containers." + name + ".secrets." + variable})
			}
		}
	}
	return needs
}
