package components

import (
	"sort"

	"github.com/private-fargate/private-fargate/internal/costestimate"
	"github.com/private-fargate/private-fargate/internal/platformcontract"
	"github.com/private-fargate/private-fargate/internal/schedexpr"
)

// CostInventory is what a validated, defaulted config makes the program create and pay for by the hour, for the cost
// estimate (internal/costestimate): the AZs, the egress mode, the interface endpoints (InterfaceEndpointServices),
// the load balancers and each service's task size, steady-state task count (autoscaling min when autoscaling is on,
// else desiredCount) and FARGATE_SPOT share, and each job's size, runs per month and assumed run length.
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
	inv.Monitoring = monitoringInventory(cfg, inv.ALB, inv.ALB)
	sort.Strings(inv.EndpointServices)
	addTaskCosts(&inv, cfg, cfg.Cluster.CapacityProviderStrategy)
	return inv
}

// AppCostInventory is what an app stack adds to the bill: its services and jobs on the platform's cluster default
// strategy, and its own alarms, topic key and dashboard. The VPC, NAT gateways, endpoints and load balancers are the platform stack's and priced in its estimate
// (an app's share of the ALB's LCUs and the endpoints' data is usage, not fixed cost).
func AppCostInventory(stack string, cfg *Config, contract *platformcontract.Contract) costestimate.Inventory {
	inv := costestimate.Inventory{
		Stack:             stack,
		Region:            cfg.Region,
		AvailabilityZones: len(contract.Network.PrivateSubnetIds),
		// The platform's network: nothing of it is billed to the app stack.
		Egress:   EgressNone,
		Platform: cfg.Platform,
	}
	inv.Monitoring = monitoringInventory(cfg, contract.LoadBalancer != nil, false)
	addTaskCosts(&inv, cfg, contractFacts(cfg.Platform, contract).DefaultStrategy)
	return inv
}

// addTaskCosts adds the billable size of every service and job of cfg, on the cluster default strategy cluster.
func addTaskCosts(inv *costestimate.Inventory, cfg *Config, cluster []CapacityProviderStrategyItem) {
	for _, name := range sortedKeys(cfg.Services) {
		svc := cfg.Services[name]
		service := costestimate.Service{Name: name}
		if svc.DesiredCount != nil {
			service.Tasks = *svc.DesiredCount
		}
		if svc.Autoscaling != nil {
			service.Tasks, service.MaxTasks = svc.Autoscaling.Min, svc.Autoscaling.Max
		}
		service.TaskSize = taskSize(svc.TaskConfig, service.Tasks, cluster)
		inv.Services = append(inv.Services, service)
	}
	for _, name := range sortedKeys(cfg.Jobs) {
		inv.Jobs = append(inv.Jobs, jobCost(name, cfg.Jobs[name], cluster))
	}
}

// jobCost is one job's billable size and how often it runs: the runs per month its expression implies in its time
// zone (schedexpr), none for an on-demand job or a paused schedule, each lasting expectedRunMinutes.
func jobCost(name string, job JobConfig, cluster []CapacityProviderStrategyItem) costestimate.Job {
	cost := costestimate.Job{
		Name: name,
		// One task per run.
		TaskSize:           taskSize(job.TaskConfig, 1, cluster),
		ExpectedRunMinutes: job.ExpectedRunMinutes,
	}
	if s := job.Schedule; s != nil {
		cost.Expression = s.Expression
		expr, errExpr := schedexpr.Parse(s.Expression)
		loc, errZone := schedexpr.LoadTimezone(s.Timezone)
		if errExpr == nil && errZone == nil && isOn(s.Enabled) {
			cost.RunsPerMonth = expr.RunsPerMonth(loc)
		}
	}
	return cost
}

// taskSize is what one task of the task config bills, the Spot share judged over tasks tasks on the task's strategy
// (its own, else the cluster's).
func taskSize(task TaskConfig, tasks int, cluster []CapacityProviderStrategyItem) costestimate.TaskSize {
	return costestimate.TaskSize{
		VCPU:                float64(task.Cpu) / 1024,
		MemoryGB:            float64(task.Memory) / 1024,
		Architecture:        task.Architecture,
		EphemeralStorageGiB: task.EphemeralStorageGiB,
		SpotShare:           spotShare(tasks, task, cluster),
	}
}

// spotShare is the fraction of tasks the task's strategy (its own, else the cluster's) places on FARGATE_SPOT; 0
// with a launch type.
func spotShare(tasks int, task TaskConfig, cluster []CapacityProviderStrategyItem) float64 {
	strategy := taskStrategy(task, cluster)
	if len(strategy) == 0 {
		return 0
	}
	var items []costestimate.StrategyItem
	for _, item := range strategy {
		items = append(items, costestimate.StrategyItem{CapacityProvider: item.CapacityProvider, Weight: item.Weight, Base: item.Base})
	}
	return costestimate.SpotShare(tasks, items)
}
