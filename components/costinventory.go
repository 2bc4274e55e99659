package components

import (
	"sort"

	"github.com/private-fargate/private-fargate/internal/costestimate"
)

// CostInventory is what a validated, defaulted config makes the program create and pay for by the hour, for the cost
// estimate (internal/costestimate): the AZs, the egress mode, the interface endpoints (InterfaceEndpointServices),
// the load balancers and each service's task size, steady-state task count (autoscaling min when autoscaling is on,
// else desiredCount) and FARGATE_SPOT share.
func CostInventory(stack string, cfg *Config) costestimate.Inventory {
	inv := costestimate.Inventory{
		Stack:             stack,
		Region:            cfg.Region,
		AvailabilityZones: len(cfg.Network.AvailabilityZones),
		Egress:            cfg.Network.Egress,
		EndpointsEnabled:  cfg.Endpoints.Enabled == nil || *cfg.Endpoints.Enabled,
		EndpointServices:  InterfaceEndpointServices(cfg),
		ALB:               cfg.LoadBalancer.Enabled == nil || *cfg.LoadBalancer.Enabled,
	}
	inv.NLB = inv.ALB && cfg.LoadBalancer.Nlb
	inv.Monitoring = monitoringInventory(cfg)
	sort.Strings(inv.EndpointServices)
	for _, name := range sortedKeys(cfg.Services) {
		svc := cfg.Services[name]
		service := costestimate.Service{
			Name:                name,
			VCPU:                float64(svc.Cpu) / 1024,
			MemoryGB:            float64(svc.Memory) / 1024,
			Architecture:        svc.Architecture,
			EphemeralStorageGiB: svc.EphemeralStorageGiB,
		}
		if svc.DesiredCount != nil {
			service.Tasks = *svc.DesiredCount
		}
		if svc.Autoscaling != nil {
			service.Tasks, service.MaxTasks = svc.Autoscaling.Min, svc.Autoscaling.Max
		}
		strategy := svc.CapacityProviderStrategy
		if len(strategy) == 0 {
			strategy = cfg.Cluster.CapacityProviderStrategy
		}
		if svc.LaunchType == "" {
			var items []costestimate.StrategyItem
			for _, item := range strategy {
				items = append(items, costestimate.StrategyItem{CapacityProvider: item.CapacityProvider, Weight: item.Weight, Base: item.Base})
			}
			service.SpotShare = costestimate.SpotShare(service.Tasks, items)
		}
		inv.Services = append(inv.Services, service)
	}
	return inv
}
