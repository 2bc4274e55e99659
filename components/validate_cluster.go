package components

import (
	"fmt"
	"slices"
	"strings"
)

var (
	// capacityProviders are the Fargate capacity providers a strategy may name (ECS: "FARGATE" and "FARGATE_SPOT").
	capacityProviders = []string{"FARGATE", "FARGATE_SPOT"}
	// containerInsightsOptions are the values of the cluster setting containerInsights.
	containerInsightsOptions = []string{"enabled", "enhanced", "disabled"}
)

// validateStrategy checks a capacity provider strategy against the ECS rules: known providers, each once, weights
// 0–1000 with at least one above 0, and a base on at most one provider.
func validateStrategy(p *problems, key string, items []CapacityProviderStrategyItem) {
	seen := map[string]bool{}
	withBase, totalWeight := 0, 0
	for i, item := range items {
		itemKey := fmt.Sprintf("%s[%d]", key, i)
		switch {
		case !slices.Contains(capacityProviders, item.CapacityProvider):
			p.add(itemKey+".capacityProvider", "%q is not FARGATE or FARGATE_SPOT", item.CapacityProvider)
		case seen[item.CapacityProvider]:
			p.add(itemKey+".capacityProvider", "%q is listed twice", item.CapacityProvider)
		}
		seen[item.CapacityProvider] = true
		if item.Weight != nil {
			if *item.Weight < 0 || *item.Weight > 1000 {
				p.add(itemKey+".weight", "%d is outside 0–1000", *item.Weight)
			}
			totalWeight += *item.Weight
		}
		if item.Base < 0 || item.Base > 100000 {
			p.add(itemKey+".base", "%d is outside 0–100000", item.Base)
		}
		if item.Base > 0 {
			withBase++
		}
	}
	if len(items) > 0 && totalWeight == 0 {
		p.add(key, "every weight is 0; give at least one provider a weight above 0")
	}
	if withBase > 1 {
		p.add(key, "%d providers have a base; ECS allows a base on one provider only", withBase)
	}
}

// validateCluster checks the cluster keys.
func (c *Config) validateCluster(p *problems) {
	if !slices.Contains(containerInsightsOptions, c.Cluster.ContainerInsights) {
		p.add("cluster.containerInsights", "%q is not one of %s", c.Cluster.ContainerInsights, strings.Join(containerInsightsOptions, ", "))
	}
	validateStrategy(p, "cluster.capacityProviderStrategy", c.Cluster.CapacityProviderStrategy)
}
