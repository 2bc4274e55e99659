package components

import (
	"fmt"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awsregion"
	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// ValidateApp checks an app stack's (defaulted) config against the platform stack's contract before any resource is
// registered: each service and job by the same rules as in a platform stack, with the rules that span network and
// task config evaluated against the platform's facts (egress, region, cluster default strategy, endpoints, S3
// endpoint policy, subnet addresses), the routes against the app's grant, and the tags. It returns the listener rule
// priority of every routed service, or a *ConfigError listing every problem; messages that need a platform change
// name the platform stack and its key.
func ValidateApp(platformStack, appStack string, contract *platformcontract.Contract, cfg *Config) (map[string]int, error) {
	var p problems
	switch {
	case cfg.Region == "":
		p.add("aws:region", "is required; set it to the platform's region %q", contract.Region)
	case cfg.Region != contract.Region:
		p.add("aws:region", "%q is not the platform's region %q (%s): tasks join the platform's VPC and cluster, which "+
			"live there", cfg.Region, contract.Region, platformStack)
	}
	grant, granted := contract.Apps[appStack]
	if !granted {
		p.add("platform", "platform stack %s grants nothing to stack %q; the platform team adds apps.%s (hosts, "+
			"pathPrefixes, priorities, targetPorts, subnetAddresses) to its config and runs `pulumi up` on it",
			platformStack, appStack, appStack)
	}
	if len(cfg.Services) == 0 && len(cfg.Jobs) == 0 {
		p.add("services", "an app stack needs at least one service or job (config keys services, jobs): it registers "+
			"nothing else")
	}
	facts := contractFacts(platformStack, contract)
	routes := map[string]int{}
	subnets := len(contract.Network.PrivateSubnetIds)
	addresses := 0
	for _, name := range sortedKeys(cfg.Services) {
		key, svc := "services."+name, cfg.Services[name]
		facts.validateService(&p, key, name, svc)
		checkPlatformTask(&p, platformStack, contract, key, svc.TaskConfig, serviceEndpointNeeds(key, svc))
		addresses += serviceTaskAddresses(svc, max(subnets, 1))
		if svc.Routing == nil {
			continue
		}
		validateServiceRouting(&p, key, svc)
		validateTargetGroup(&p, key, svc)
		if contract.LoadBalancer == nil {
			p.add(key+".routing", "attaches the service to the platform's ALB, but %s is false",
				platformKey(platformStack, "loadBalancer.enabled"))
		}
		if !granted {
			continue
		}
		routes[name] = svc.Routing.Priority
		for _, outside := range grant.CoversRoute(svc.Routing.Hosts, svc.Routing.Paths) {
			p.add(key+".routing", "%s (%s and pathPrefixes); route inside the grant, or ask the platform team to widen it",
				outside, platformKey(platformStack, "apps."+appStack+".hosts"))
		}
		if !slices.Contains(grant.TargetPorts, svc.Routing.Port) {
			p.add(key+".routing.port", "%d is not one of the ports the platform's ALB security group may reach for this "+
				"stack (%v, %s); the platform owns that group: ask the platform team to add the port", svc.Routing.Port,
				grant.TargetPorts, platformKey(platformStack, "apps."+appStack+".targetPorts"))
		}
	}
	for _, name := range sortedKeys(cfg.Jobs) {
		key, job := "jobs."+name, cfg.Jobs[name]
		facts.validateJob(&p, name, job, cfg.Services)
		checkPlatformTask(&p, platformStack, contract, key, job.TaskConfig, taskEndpointNeeds(key, job.TaskConfig))
	}
	checkAppRoleNames(&p, appStack, cfg)
	// A job's run may land in any subnet (PrivateSubnetDemand counts one address per job in each).
	addresses += len(cfg.Jobs)
	if (len(cfg.Services) > 0 || len(cfg.Jobs) > 0) && subnets > maxAwsvpcSubnets {
		p.add("services", "the platform has %d private subnets, but a task's awsvpc configuration takes at most %d "+
			"(%s)", subnets, maxAwsvpcSubnets, platformKey(platformStack, "network.availabilityZones"))
	}
	if granted && addresses > grant.SubnetAddresses {
		p.add("services", "the services and jobs need %d addresses in each private subnet at the peak of a deployment "+
			"(desiredCount or autoscaling max, times maximumPercent, over %d subnets, and one per job), but the platform "+
			"grants this stack %d (%s); lower the counts or ask the platform team for more", addresses, subnets,
			grant.SubnetAddresses, platformKey(platformStack, "apps."+appStack+".subnetAddresses"))
	}
	for _, conflict := range RouteConflicts(cfg.Services) {
		p.add("services."+conflict.Services[0]+".routing", "%s", conflict)
	}
	cfg.validateTags(&p)
	if _, set := cfg.Tags[platformcontract.AppTagKey]; set {
		p.add("tags."+platformcontract.AppTagKey, "is set by the program on every resource of an app stack (the deploy "+
			"policy admits only resources carrying it with the stack's name); remove it")
	}
	var priorities map[string]int
	if granted {
		var problems []platformcontract.Problem
		priorities, problems = platformcontract.AssignPriorities(platformKey(platformStack, "apps."+appStack+".priorities"),
			grant.Priorities, routes)
		for _, problem := range problems {
			p.add(problem.Key, "%s", problem.Message)
		}
	}
	if len(p) > 0 {
		return nil, p.err()
	}
	return priorities, nil
}

// checkAppRoleNames: an app stack's components are named after the stack (appProgram), where a platform's are
// "services" and "jobs", so a long stack name with a long service or job name can make a role's generated name longer
// than IAM allows; the program would fail at create, so the name is refused here, naming the key.
func checkAppRoleNames(p *problems, appStack string, cfg *Config) {
	prefix := platformcontract.NamePrefix(appStack)
	check := func(key, component string, roles ...string) {
		for _, role := range roles {
			if problem := autoNameProblem(awstypes.IamRole, component+role, "", ""); problem != "" {
				p.add(key, "%s: shorten the name or the app stack's name (%q)", problem, appStack)
				return
			}
		}
	}
	for _, name := range sortedKeys(cfg.Services) {
		check("services."+name, prefix+name, "-execution", "-task")
	}
	for _, name := range sortedKeys(cfg.Jobs) {
		check("jobs."+name, prefix+"jobs-"+name, "-execution", "-task", "-schedule")
	}
}

// checkPlatformTask checks what one service's or job's task (at key, needing the endpoints needs) requires of the
// platform: its endpoints, its capacity providers and its S3 endpoint policy.
func checkPlatformTask(p *problems, platformStack string, contract *platformcontract.Contract, key string, task TaskConfig,
	needs []endpointNeed) {
	checkPlatformEndpoints(p, platformStack, contract, key, needs)
	checkPlatformCapacityProviders(p, platformStack, contract, key, task)
	checkPlatformS3Policy(p, platformStack, contract, key, task)
}

// checkPlatformEndpoints: without internet egress a service reaches AWS only through the platform's interface
// endpoints, which an app stack cannot add; in a platform stack InterfaceEndpointServices adds them instead.
func checkPlatformEndpoints(p *problems, platformStack string, contract *platformcontract.Contract, key string,
	needs []endpointNeed) {
	if contract.Network.Egress != EgressNone {
		return
	}
	var missing []string
	for _, service := range defaultInterfaceEndpoints {
		if !slices.Contains(contract.InterfaceEndpoints, service) && !slices.Contains(missing, service) {
			missing = append(missing, service)
		}
	}
	if len(missing) > 0 {
		p.add(key, "cannot start: the platform has network.egress %q but no %s endpoint, so tasks could neither pull "+
			"images nor write logs; the platform needs %s", EgressNone, strings.Join(missing, ", "),
			platformKey(platformStack, "endpoints.enabled: true"))
	}
	for _, need := range needs {
		if !slices.Contains(contract.InterfaceEndpoints, need.Service) {
			p.add(need.Key, "needs the %s interface endpoint: the platform has network.egress %q and no %s endpoint, so "+
				"the task cannot reach it; ask the platform team to add %q to %s", need.Service, EgressNone, need.Service,
				need.Service, platformKey(platformStack, "endpoints.extra"))
		}
	}
}

// checkPlatformCapacityProviders: a service may name only capacity providers the platform's cluster has ("The
// capacity provider must already be associated with the cluster", ECS API reference, CapacityProviderStrategyItem,
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html).
func checkPlatformCapacityProviders(p *problems, platformStack string, contract *platformcontract.Contract, key string,
	svc TaskConfig) {
	for i, item := range svc.CapacityProviderStrategy {
		if slices.Contains(capacityProviders, item.CapacityProvider) &&
			!slices.Contains(contract.Cluster.CapacityProviders, item.CapacityProvider) {
			p.add(fmt.Sprintf("%s.capacityProviderStrategy[%d].capacityProvider", key, i), "%q is not a capacity "+
				"provider of the platform's cluster %s (%v, platform stack %s)", item.CapacityProvider,
				contract.Cluster.Name, contract.Cluster.CapacityProviders, platformStack)
		}
	}
}

// checkPlatformS3Policy: the platform's restricted S3 gateway endpoint policy admits only the ECR layer bucket and the
// S3 statements of the platform's own task roles (S3EndpointPolicy), and the gateway carries every S3 request of the
// private subnets, so an app task role's S3 requests would be denied at the endpoint.
func checkPlatformS3Policy(p *problems, platformStack string, contract *platformcontract.Contract, key string, svc TaskConfig) {
	if contract.S3EndpointPolicy != S3PolicyRestricted {
		return
	}
	partition := awsregion.Partition(contract.Region)
	for i, statement := range svc.TaskRole.Statements {
		if actions, resources := s3Grant(statement, partition); len(actions) > 0 && len(resources) > 0 {
			p.add(fmt.Sprintf("%s.taskRole.statements[%d]", key, i), "allows %s on S3, but the platform's S3 gateway "+
				"endpoint policy is %q: it admits only the platform's own task roles' S3 requests, so this role's would be "+
				"denied at the endpoint; ask the platform team to set %s to %q", strings.Join(actions, ", "),
				S3PolicyRestricted, platformKey(platformStack, "endpoints.s3Policy"), S3PolicyOpen)
		}
	}
}
