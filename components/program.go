// Package components is the private-fargate platform: the typed stack config, the component resources (Network,
// Endpoints, LoadBalancing, Ingress, Services) and Program, which wires them together. main.go, the mocked tests,
// the engine tests and the offline sandbox all run Program.
package components

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/costestimate"
)

// Program is the whole Pulumi program: config → validation → components → stack exports. A config problem fails
// before any resource is registered.
func Program(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx)
	if err != nil {
		return err
	}
	if cfg.Platform != "" {
		return appProgram(ctx, cfg)
	}
	for _, warning := range cfg.QuotaWarnings() {
		if err := ctx.Log.Warn(warning, nil); err != nil {
			return err
		}
	}

	network, err := NewNetwork(ctx, "network", &NetworkArgs{Config: cfg.Network, Region: cfg.Region, Tags: cfg.Tags})
	if err != nil {
		return err
	}
	ctx.Export("vpcId", network.VpcId)
	ctx.Export("privateSubnetIds", network.PrivateSubnetIds)
	ctx.Export("egressMode", pulumi.String(cfg.Network.Egress))

	if *cfg.Endpoints.Enabled {
		endpointArgs := &EndpointsArgs{
			Region:        cfg.Region,
			Services:      InterfaceEndpointServices(cfg),
			VpcId:         network.VpcId,
			VpcCidr:       network.VpcCidr,
			SubnetIds:     network.PrivateSubnetIds,
			RouteTableIds: network.PrivateRouteTableIds,
			Tags:          cfg.Tags,
		}
		if cfg.Network.Ipv6 {
			endpointArgs.VpcIpv6Cidr = network.VpcIpv6Cidr
		}
		if doc, restricted := S3EndpointPolicy(cfg); restricted {
			if endpointArgs.S3Policy, err = marshalPolicy(doc); err != nil {
				return err
			}
		}
		endpoints, err := NewEndpoints(ctx, "endpoints", endpointArgs)
		if err != nil {
			return err
		}
		ctx.Export("interfaceEndpoints", pulumi.ToStringArray(endpointArgs.Services))
		ctx.Export("s3GatewayEndpointId", endpoints.S3GatewayEndpointId)
	}

	// loadBalancing stays nil when loadBalancer.enabled is false (validation then refuses routing and ingress).
	var loadBalancing *LoadBalancing
	if *cfg.LoadBalancer.Enabled {
		loadBalancing, err = NewLoadBalancing(ctx, "loadbalancing", &LoadBalancingArgs{
			Config:         cfg.LoadBalancer,
			Region:         cfg.Region,
			Services:       cfg.Services,
			AppTargetPorts: appTargetPorts(cfg.Apps),
			VpcId:          network.VpcId,
			VpcCidr:        network.VpcCidr,
			SubnetIds:      network.PrivateSubnetIds,
			Tags:           cfg.Tags,
		})
		if err != nil {
			return err
		}
		exports := loadBalancing.Exports()
		for _, key := range sortedKeys(exports) {
			ctx.Export(key, exports[key])
		}
	}
	ctx.Export("ingressMode", pulumi.String(cfg.Ingress.Mode))
	if cfg.Ingress.Mode != IngressNone && loadBalancing != nil {
		ingress, err := NewIngress(ctx, "ingress", &IngressArgs{
			Config: cfg.Ingress,
			Region: cfg.Region,
			VpcId:  network.VpcId,
			// The ALB needs two AZs, so these exist; appending an AZ leaves them as they are (and known at preview).
			VpcLinkSubnetIds: pulumi.StringArray{network.PrivateSubnetIdsByAZ[0], network.PrivateSubnetIdsByAZ[1]},
			LoadBalancing:    loadBalancing,
			Tags:             cfg.Tags,
		})
		if err != nil {
			return err
		}
		ctx.Export("apiEndpoint", ingress.Endpoint)
		ctx.Export("apiAccessLogGroup", ingress.AccessLogGroupName)
	}

	// The alarms come before the services: each routed service's deployment configuration names two of them.
	var alarms *Alarms
	if isOn(cfg.Alarms.Enabled) {
		alarmsArgs := &AlarmsArgs{Config: cfg.Alarms, Region: cfg.Region, AccountId: network.AccountId,
			Services: cfg.Services, Tags: cfg.Tags}
		if loadBalancing != nil {
			alarmsArgs.Targets = loadBalancing.ServiceTargets
			alarmsArgs.AlbArnSuffix = loadBalancing.AlbArnSuffix
		}
		if alarms, err = NewAlarms(ctx, "alarms", alarmsArgs); err != nil {
			return err
		}
	}

	servicesArgs := &ServicesArgs{
		Cluster:   cfg.Cluster,
		Services:  cfg.Services,
		Region:    cfg.Region,
		AccountId: network.AccountId,
		VpcId:     network.VpcId,
		VpcCidr:   network.VpcCidr,
		SubnetIds: network.PrivateSubnetIds,
		Tags:      cfg.Tags,
	}
	if loadBalancing != nil {
		servicesArgs.AlbSecurityGroupId = loadBalancing.AlbSecurityGroupId
		servicesArgs.Targets = loadBalancing.ServiceTargets
	}
	services, err := newMonitoredServices(ctx, "services", servicesArgs, alarms)
	if err != nil {
		return err
	}
	ctx.Export("clusterName", services.ClusterName)
	ctx.Export("clusterArn", services.ClusterArn)
	ctx.Export("services", services.Exports())

	// Every job with its RunTask input; an empty map when the stack has none (and then no Jobs component at all).
	jobExports := pulumi.Map{}
	var jobs *Jobs
	if len(cfg.Jobs) > 0 {
		jobs, err = NewJobs(ctx, "jobs", &JobsArgs{
			Jobs:            cfg.Jobs,
			ClusterStrategy: cfg.Cluster.CapacityProviderStrategy,
			Region:          cfg.Region,
			AccountId:       network.AccountId,
			ClusterArn:      services.ClusterArn,
			ClusterName:     services.ClusterName,
			VpcId:           network.VpcId,
			VpcCidr:         network.VpcCidr,
			SubnetIds:       network.PrivateSubnetIds,
			Tags:            cfg.Tags,
		})
		if err != nil {
			return err
		}
		jobExports = jobs.Exports()
	}
	ctx.Export("jobs", jobExports)
	if alarms != nil {
		var targets map[string]ServiceTarget
		if loadBalancing != nil {
			targets = loadBalancing.ServiceTargets
		}
		if err := monitorJobsAndDashboard(ctx, cfg, alarms, services, jobs, targets); err != nil {
			return err
		}
	}
	if err := exportPlatform(ctx, cfg, platformOutputs{network: network, loadBalancing: loadBalancing, services: services}); err != nil {
		return err
	}
	// Fixed monthly cost at list prices (internal/costestimate); a region without price data says so, never zero.
	ctx.Export("monthlyCostEstimate", costestimate.StackOutput(CostInventory(ctx.Stack(), cfg)))

	return nil
}

// newMonitoredServices registers the services and, with alarms (nil when off), their deployment alarms and each
// service's own alarms: the same for a platform's services and an app's.
func newMonitoredServices(ctx *pulumi.Context, name string, args *ServicesArgs, alarms *Alarms) (*Services, error) {
	if alarms != nil {
		args.DeploymentAlarmNames = alarms.DeploymentAlarmNames
	}
	services, err := NewServices(ctx, name, args)
	if err != nil || alarms == nil {
		return services, err
	}
	for _, key := range sortedKeys(services.Services) {
		if err := alarms.AddServiceAlarms(ctx, key, args.Services[key].Alarms, services.ClusterName,
			services.Services[key].ServiceName); err != nil {
			return nil, err
		}
	}
	return services, nil
}

// monitorJobsAndDashboard registers each job's failed-run rule, the alarm on the schedules' dead-letter queue and the
// stack's dashboard (of the stack's own services and jobs, routed through targets), and exports "alarms". jobs may be
// nil. A platform and each app stack have one each.
func monitorJobsAndDashboard(ctx *pulumi.Context, cfg *Config, alarms *Alarms, services *Services, jobs *Jobs,
	targets map[string]ServiceTarget) error {
	dashboardArgs := &DashboardArgs{Region: cfg.Region, PeriodSeconds: cfg.Alarms.PeriodSeconds,
		ClusterName: services.ClusterName, Services: map[string]pulumi.StringOutput{}, Jobs: map[string]DashboardJob{}}
	for key, service := range services.Services {
		dashboardArgs.Services[key] = service.ServiceName
	}
	dashboardArgs.Targets = targets
	if jobs != nil {
		for _, key := range sortedKeys(jobs.Jobs) {
			job := jobs.Jobs[key]
			if err := alarms.AddJobAlarms(ctx, JobAlarmsArgs{Job: key, TaskFamily: job.Family,
				ClusterArn: services.ClusterArn}); err != nil {
				return err
			}
			dashboardArgs.Jobs[key] = DashboardJob{FailedRuleName: alarms.JobFailedRuleNames[key],
				LogGroupName: job.LogGroupName}
		}
		if jobs.DeadLetterQueueName != nil {
			if err := alarms.AddDeadLetterAlarm(ctx, jobs.DeadLetterQueueName); err != nil {
				return err
			}
			dashboardArgs.DeadLetterQueueName = jobs.DeadLetterQueueName.ToStringOutput()
		}
	}
	dashboard, err := NewDashboard(ctx, "dashboard", dashboardArgs)
	if err != nil {
		return err
	}
	exports := alarms.Exports()
	exports["dashboardName"] = dashboard.Name
	ctx.Export("alarms", exports)
	return nil
}
