package components

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/costestimate"
	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// appProgram is the program of an app stack (config key platform): it reads the platform stack's contract before it
// registers anything, validates the services and jobs against it (ValidateApp, every problem at once), and registers
// only them, in the platform's VPC and cluster, their listener rules on the platform's rules listener at priorities
// inside the app's grant. Every resource carries the app tag and every role the app's role path and the platform's
// permissions boundary, as the app's deploy policy requires. The platform's own resources are never modified.
func appProgram(ctx *pulumi.Context, cfg *Config) error {
	contract, err := platformcontract.Read(ctx, cfg.Platform)
	if err != nil {
		return err
	}
	priorities, err := ValidateApp(cfg.Platform, ctx.Stack(), contract, cfg)
	if err != nil {
		return err
	}
	for _, warning := range cfg.QuotaWarnings() {
		if err := ctx.Log.Warn(warning, nil); err != nil {
			return err
		}
	}
	tags := map[string]string{platformcontract.AppTagKey: ctx.Stack()}
	for key, value := range cfg.Tags {
		tags[key] = value
	}
	roles := RoleScope{
		Path:                platformcontract.RolePath(ctx.Project(), ctx.Stack()),
		PermissionsBoundary: contract.AppPermissionsBoundaryArn,
	}
	facts := contractFacts(cfg.Platform, contract)
	network := contract.Network
	subnetIds := pulumi.ToStringArray(network.PrivateSubnetIds)

	// Every component is named after the app stack, so the names AWS sees start with "<app>-" (the deploy policy's
	// prefix): ECS services, schedule groups, dead-letter queues.
	prefix := platformcontract.NamePrefix(ctx.Stack())
	targets := map[string]ServiceTarget{}
	if lb := contract.LoadBalancer; lb != nil && len(priorities) > 0 {
		routes, err := NewAppRoutes(ctx, prefix+"routes", &AppRoutesArgs{
			Services:     cfg.Services,
			Priorities:   priorities,
			ListenerArn:  lb.RulesListenerArn,
			AlbArnSuffix: albArnSuffix(lb.RulesListenerArn),
			VpcId:        network.VpcId,
			Tags:         tags,
		})
		if err != nil {
			return err
		}
		targets = routes.ServiceTargets
	}
	// The app's own alarms on a topic of its own, before the services (a routed service's deployments roll back on
	// two of them); the ALB's alarm and the platform's dashboard stay the platform's.
	var alarms *Alarms
	if isOn(cfg.Alarms.Enabled) {
		if alarms, err = NewAlarms(ctx, "alarms", &AlarmsArgs{Config: cfg.Alarms, Region: cfg.Region,
			AccountId: pulumi.String(contract.AccountId), Services: cfg.Services, Targets: targets, Tags: tags}); err != nil {
			return err
		}
	}
	servicesArgs := &ServicesArgs{
		Cluster:         ClusterConfig{CapacityProviderStrategy: facts.DefaultStrategy},
		ExistingCluster: &ClusterRef{Arn: contract.Cluster.Arn, Name: contract.Cluster.Name},
		Services:        cfg.Services,
		Region:          cfg.Region,
		AccountId:       pulumi.String(contract.AccountId),
		VpcId:           pulumi.String(network.VpcId),
		VpcCidr:         network.VpcCidr,
		SubnetIds:       subnetIds,
		Targets:         targets,
		Roles:           roles,
		Tags:            tags,
	}
	if contract.LoadBalancer != nil {
		servicesArgs.AlbSecurityGroupId = pulumi.String(contract.LoadBalancer.SecurityGroupId)
	}
	services, err := newMonitoredServices(ctx, ctx.Stack(), servicesArgs, alarms)
	if err != nil {
		return err
	}
	jobExports := pulumi.Map{}
	var jobs *Jobs
	if len(cfg.Jobs) > 0 {
		jobs, err = NewJobs(ctx, prefix+"jobs", &JobsArgs{
			Jobs:            cfg.Jobs,
			ClusterStrategy: facts.DefaultStrategy,
			Region:          cfg.Region,
			AccountId:       pulumi.String(contract.AccountId),
			ClusterArn:      pulumi.String(contract.Cluster.Arn),
			ClusterName:     pulumi.String(contract.Cluster.Name),
			VpcId:           pulumi.String(network.VpcId),
			VpcCidr:         network.VpcCidr,
			SubnetIds:       subnetIds,
			Roles:           roles,
			Tags:            tags,
		})
		if err != nil {
			return err
		}
		jobExports = jobs.Exports()
	}
	if alarms != nil {
		if err := monitorJobsAndDashboard(ctx, cfg, alarms, services, jobs, targets); err != nil {
			return err
		}
	}
	ctx.Export("platformStack", pulumi.String(cfg.Platform))
	ctx.Export("clusterName", pulumi.String(contract.Cluster.Name))
	ctx.Export("listenerRulePriorities", pulumi.ToIntMap(priorities))
	ctx.Export("services", services.Exports())
	ctx.Export("jobs", jobExports)
	ctx.Export("monthlyCostEstimate", costestimate.StackOutput(AppCostInventory(ctx.Stack(), cfg, contract)))
	return nil
}

// albArnSuffix is the ALB's ARN suffix ("app/<name>/<id>", what CloudWatch metrics and request-count scaling name the
// load balancer by) read from one of its listeners' ARNs, ".../listener/app/<name>/<id>/<listener id>" (ARN formats
// of Elastic Load Balancing v2 in the Service Authorization Reference).
func albArnSuffix(listenerArn string) string {
	_, resource, _ := strings.Cut(listenerArn, ":listener/")
	return resource[:strings.LastIndex(resource, "/")]
}
