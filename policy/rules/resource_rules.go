package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/fargate"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// ResourceRule is one rule over one resource at a time.
type ResourceRule struct {
	// Name is the policy name, used in `--policy-pack-config` and in violations.
	Name string
	// ResourceTypes are the type tokens the rule applies to.
	ResourceTypes []string
	// Description says in one line what the rule checks.
	Description string
	// Rationale says why the platform needs it.
	Rationale string
	// DefaultLevel is the level used when the config does not override it.
	DefaultLevel Level
	// Options are the rule's settings beyond its level; they form its config schema.
	Options []Option
	// Controls are the AWS Security Hub FSBP control IDs the rule checks (e.g. "EC2.2"); fsbp.go lists them all.
	Controls []string
	// Check returns one message per problem. It is called only for resources of ResourceTypes.
	Check func(res Resource, cfg Config) []string
}

// Applies reports whether the rule checks resources of type token.
func (r ResourceRule) Applies(token string) bool {
	return slices.Contains(r.ResourceTypes, token)
}

// Rules returns the resource rules, in catalogue order: the platform's own, then the FSBP rules.
func Rules() []ResourceRule {
	return append(append(platformRules(), fsbpRules()...), monitoringRules()...)
}

func platformRules() []ResourceRule {
	return []ResourceRule{
		{
			Name:          "subnet-no-public-ip",
			Controls:      []string{"EC2.15"},
			ResourceTypes: subnetTypes,
			Description:   "Subnets do not assign public IPs on launch (`mapPublicIpOnLaunch`: default false, but true for a `DefaultSubnet`, which adopts the default VPC's public subnet).",
			Rationale:     "Tasks and instances in the platform have no public address; egress goes through NAT or endpoints.",
			DefaultLevel:  Mandatory,
			Check:         checkSubnetPublicIP,
		},
		{
			Name:          "ecs-service-no-public-ip",
			Controls:      []string{"ECS.2", "ECS.16"},
			ResourceTypes: ecsServiceTypes,
			Description:   "ECS services and task sets do not assign public IPs (`networkConfiguration.assignPublicIp`, default false; aws-native `networkConfiguration.awsvpcConfiguration` / task set `awsVpcConfiguration` `assignPublicIp: ENABLED`).",
			Rationale:     "A public IP puts the task ENI on the internet and bypasses the private ingress path.",
			DefaultLevel:  Mandatory,
			Check:         checkServicePublicIP,
		},
		{
			Name:          "instance-no-public-ip",
			Controls:      []string{"EC2.9"},
			ResourceTypes: instanceTypes,
			Description:   "EC2 instances do not request a public IP (`associatePublicIpAddress`; aws-native `networkInterfaces[].associatePublicIpAddress`).",
			Rationale:     "No compute in the platform is reachable from the internet.",
			DefaultLevel:  Mandatory,
			Check:         checkInstancePublicIP,
		},
		{
			Name:          "launch-template-no-public-ip",
			Controls:      []string{"EC2.25"},
			ResourceTypes: launchTemplateTypes,
			Description:   "Launch template network interfaces do not request a public IP (`networkInterfaces[].associatePublicIpAddress`, a string; aws-native `launchTemplateData.networkInterfaces[]`, a boolean).",
			Rationale:     "Instances launched from the template would otherwise get internet-reachable addresses.",
			DefaultLevel:  Mandatory,
			Check:         checkLaunchTemplatePublicIP,
		},
		{
			Name:          "eip-not-attached",
			ResourceTypes: []string{awstypes.Ec2Eip, awstypes.Ec2EipAssociation, awstypes.NativeEc2Eip, awstypes.NativeEc2EipAssociation},
			Description:   "Elastic IPs are not attached to an instance or network interface (`instance`, `networkInterface`, EIP associations; aws-native `instanceId`, `networkInterfaceId`).",
			Rationale:     "An attached EIP makes that instance or ENI reachable from the internet.",
			DefaultLevel:  Mandatory,
			Check:         checkEipAttachment,
		},
		{
			Name:          "nat-gateway-allowed",
			ResourceTypes: natGatewayTypes,
			Description:   "Public NAT gateways exist only when the `allowNatGateways` option allows them (default true).",
			Rationale:     "Endpoint-only stacks forbid any internet egress; NAT is the one sanctioned path out otherwise.",
			DefaultLevel:  Mandatory,
			Options: []Option{boolOption("allowNatGateways",
				"Whether public NAT gateways (and their Elastic IPs) are allowed.", true,
				func(c *Config, b bool) { c.AllowNatGateways = b })},
			Check: checkNatGatewayAllowed,
		},
		{
			Name:          "load-balancer-internal",
			ResourceTypes: concat(loadBalancerTypes, classicLoadBalancerTypes),
			Description:   "Load balancers are internal (`internal: true`, aws-native `scheme: internal`; missing means internet-facing). Gateway Load Balancers have no scheme and pass.",
			Rationale:     "The platform is private; public ingress goes through the sanctioned ingress path only.",
			DefaultLevel:  Mandatory,
			Check:         checkLoadBalancerInternal,
		},
		{
			Name:          "target-group-target-type",
			ResourceTypes: targetGroupTypes,
			Description:   "Target groups use an allowed `targetType` (default ip, alb; missing means instance).",
			Rationale:     "Fargate tasks register by IP; `alb` lets an NLB forward to the ALB. Instance targets mean unmanaged EC2.",
			DefaultLevel:  Mandatory,
			Options: []Option{stringListOption("allowedTargetTypes",
				"Allowed target group target types.", DefaultTargetTypes,
				func(c *Config, v []string) { c.AllowedTargetTypes = v })},
			Check: checkTargetGroupType,
		},
		{
			Name:          "security-group-no-public-ingress",
			Controls:      []string{"EC2.13", "EC2.14", "EC2.18", "EC2.19", "EC2.53", "EC2.54"},
			ResourceTypes: securityGroupTypes,
			Description:   "Security groups admit nothing from 0.0.0.0/0 or ::/0 (inline `ingress` including the default security group's, ingress `SecurityGroupRule`, `SecurityGroupIngressRule`; aws-native `securityGroupIngress[]` and `SecurityGroupIngress` `cidrIp`/`cidrIpv6`).",
			Rationale:     "An open ingress rule exposes whatever the group protects as soon as a path from the internet exists.",
			DefaultLevel:  Mandatory,
			Check:         checkSecurityGroupIngress,
		},
		{
			Name:          "ecs-task-awsvpc",
			Controls:      []string{"ECS.1", "ECS.17"},
			ResourceTypes: ecsTaskDefTypes,
			Description:   "Task definitions use `networkMode: awsvpc` (AWS default is bridge).",
			Rationale:     "Fargate requires awsvpc; it gives each task its own ENI and security group.",
			DefaultLevel:  Mandatory,
			Check:         checkTaskNetworkMode,
		},
		{
			Name:          "ecs-task-fargate",
			ResourceTypes: ecsTaskDefTypes,
			Description:   "Task definitions list FARGATE in `requiresCompatibilities`.",
			Rationale:     "The platform runs on Fargate only; without it ECS rejects the task for a Fargate service.",
			DefaultLevel:  Mandatory,
			Check:         checkTaskFargateCompatible,
		},
		{
			Name:          "ecs-task-fargate-size",
			ResourceTypes: ecsTaskDefTypes,
			Description:   "Task-level `cpu` and `memory` are set and form a valid Fargate pair.",
			Rationale:     "An invalid pair fails at registration time, after the rest of the stack is already deployed.",
			DefaultLevel:  Mandatory,
			Check:         checkTaskFargateSize,
		},
		{
			Name:          "ecs-container-logging",
			Controls:      []string{"ECS.9"},
			ResourceTypes: ecsTaskDefTypes,
			Description:   "Every container in `containerDefinitions` has a `logConfiguration`.",
			Rationale:     "Without a log driver a failing task leaves no trace to debug from.",
			DefaultLevel:  Mandatory,
			Check:         checkContainerLogging,
		},
		{
			Name:          "ecs-container-not-privileged",
			Controls:      []string{"ECS.4"},
			ResourceTypes: ecsTaskDefTypes,
			Description:   "No container in `containerDefinitions` is `privileged`.",
			Rationale:     "Privileged containers get host-level capabilities; Fargate rejects them anyway.",
			DefaultLevel:  Mandatory,
			Check:         checkContainerPrivileged,
		},
		{
			Name:          "ecs-service-network-configuration",
			ResourceTypes: []string{awstypes.EcsService, awstypes.NativeEcsService},
			Description:   "ECS services set a `networkConfiguration` (subnets and security groups).",
			Rationale:     "awsvpc services need it; it pins the tasks to the private subnets and their security groups.",
			DefaultLevel:  Mandatory,
			Check:         checkServiceNetworkConfiguration,
		},
		{
			Name:          "listener-http-redirects-to-https",
			Controls:      []string{"ELB.1"},
			ResourceTypes: listenerTypes,
			Description:   "HTTP listeners' default action redirects to HTTPS (missing `protocol` means HTTP).",
			Rationale:     "Plain HTTP would carry credentials and data unencrypted; dev stacks may make it advisory.",
			DefaultLevel:  Mandatory,
			Check:         checkListenerHTTPRedirect,
		},
		{
			Name:          "listener-tls-policy",
			Controls:      []string{"ELB.17"},
			ResourceTypes: listenerTypes,
			Description:   "HTTPS and TLS listeners use an `sslPolicy` from the allow-list (unset means ELBSecurityPolicy-2016-08); TCP passes.",
			Rationale:     "Old policies accept TLS 1.0/1.1 and weak ciphers; TCP listeners pass TLS through to the ALB.",
			DefaultLevel:  Mandatory,
			Options: []Option{stringListOption("allowedSslPolicies",
				"ELB security policies allowed on HTTPS and TLS listeners.", DefaultSSLPolicies,
				func(c *Config, v []string) { c.AllowedSSLPolicies = v })},
			Check: checkListenerTLSPolicy,
		},
		{
			Name:          "vpc-endpoint-private-dns",
			ResourceTypes: vpcEndpointTypes,
			Description:   "Interface VPC endpoints set `privateDnsEnabled: true` (default false).",
			Rationale:     "Without private DNS the AWS SDKs keep resolving the public endpoint and the endpoint is never used.",
			DefaultLevel:  Mandatory,
			Check:         checkEndpointPrivateDNS,
		},
		{
			Name:          "load-balancer-access-logs",
			Controls:      []string{"ELB.5"},
			ResourceTypes: concat(loadBalancerTypes, classicLoadBalancerTypes),
			Description:   "Load balancers ship access logs (`accessLogs.enabled: true`, default false).",
			Rationale:     "Access logs are the record of who called what through the load balancer.",
			DefaultLevel:  Advisory,
			Check:         checkLoadBalancerAccessLogs,
		},
		{
			Name:          "load-balancer-deletion-protection",
			Controls:      []string{"ELB.6"},
			ResourceTypes: loadBalancerTypes,
			Description:   "Load balancers enable `enableDeletionProtection` (default false).",
			Rationale:     "Deleting a load balancer drops its DNS name, which clients and the NLB in front depend on.",
			DefaultLevel:  Advisory,
			Check:         checkLoadBalancerDeletionProtection,
		},
		{
			Name:          "ecs-cluster-container-insights",
			Controls:      []string{"ECS.12"},
			ResourceTypes: []string{awstypes.EcsCluster},
			Description:   "ECS clusters turn on Container Insights (`settings` containerInsights = enabled or enhanced).",
			Rationale:     "Task-level CPU, memory and restart metrics are how capacity problems show up.",
			DefaultLevel:  Advisory,
			Check:         checkClusterContainerInsights,
		},
		{
			Name:          "ecs-container-readonly-root",
			Controls:      []string{"ECS.5"},
			ResourceTypes: ecsTaskDefTypes,
			Description:   "Containers set `readonlyRootFilesystem: true`.",
			Rationale:     "A read-only root file system stops a compromised process from persisting changes in the image.",
			DefaultLevel:  Mandatory,
			Check:         checkContainerReadonlyRoot,
		},
		{
			Name:          "log-group-retention",
			ResourceTypes: []string{awstypes.CloudwatchLogGroup},
			Description:   "Log groups set `retentionInDays` (missing or 0 means kept forever).",
			Rationale:     "Unbounded retention grows cost without bound and keeps data longer than needed.",
			DefaultLevel:  Advisory,
			Check:         checkLogGroupRetention,
		},
	}
}

func checkSubnetPublicIP(res Resource, _ Config) []string {
	// A default subnet (aws_default_subnet adopts the default VPC's existing subnet) maps public IPs unless told not
	// to: "Default subnets ... public IPv4 addressing attribute set to true" (Amazon VPC User Guide, Default subnets).
	def := res.Type == awstypes.Ec2DefaultSubnet
	if boolTri(res.Properties, "mapPublicIpOnLaunch", def) != yes {
		return nil
	}
	if def && res.Properties.Get("mapPublicIpOnLaunch").IsNull() {
		return []string{fmt.Sprintf("default subnet %q keeps the default VPC's mapPublicIpOnLaunch: true, so every ENI "+
			"launched in it gets a public IP; set mapPublicIpOnLaunch: false", res.Name)}
	}
	return []string{fmt.Sprintf("subnet %q sets mapPublicIpOnLaunch: true, so every ENI launched in it gets a public IP; "+
		"set mapPublicIpOnLaunch: false (the AWS default)", res.Name)}
}

// awsvpcConfiguration returns the map that holds a service's or task set's subnets and assignPublicIp, and that
// map's path for messages: pulumi-aws puts them straight in networkConfiguration; aws-native nests them in
// networkConfiguration.awsvpcConfiguration (ecs/service.d.ts) or, for task sets, awsVpcConfiguration
// (ecs/taskSet.d.ts, TaskSetNetworkConfigurationArgs). known=false when a level is unknown.
func awsvpcConfiguration(res Resource) (property.Map, string, bool) {
	networkConfiguration, known := object(res.Properties.Get("networkConfiguration"))
	if !known || !isNative(res.Type) {
		return networkConfiguration, "networkConfiguration", known
	}
	key := "awsvpcConfiguration"
	if res.Type == awstypes.NativeEcsTaskSet {
		key = "awsVpcConfiguration"
	}
	inner, known := object(networkConfiguration.Get(key))
	return inner, "networkConfiguration." + key, known
}

// assignsPublicIP reports whether a service or task set gives its tasks public IPs: a boolean in pulumi-aws, the
// enum ENABLED/DISABLED in aws-native (enums ecs ServiceAwsVpcConfigurationAssignPublicIp, default DISABLED).
func assignsPublicIP(res Resource) tri {
	config, _, known := awsvpcConfiguration(res)
	if !known {
		return unknown
	}
	if !isNative(res.Type) {
		return boolTri(config, "assignPublicIp", false)
	}
	value, known := str(config, "assignPublicIp", "DISABLED")
	if !known {
		return unknown
	}
	return triOf(strings.EqualFold(value, "ENABLED"))
}

func checkServicePublicIP(res Resource, _ Config) []string {
	if assignsPublicIP(res) != yes {
		return nil
	}
	_, path, _ := awsvpcConfiguration(res)
	kind := "ECS service"
	if res.Type == awstypes.EcsTaskSet || res.Type == awstypes.NativeEcsTaskSet {
		kind = "ECS task set"
	}
	return []string{fmt.Sprintf("%s %q sets %s.assignPublicIp, giving its tasks public IPs; "+
		"turn assignPublicIp off and reach the internet through NAT or VPC endpoints", kind, res.Name, path)}
}

func checkInstancePublicIP(res Resource, _ Config) []string {
	if res.Type == awstypes.NativeEc2Instance {
		return publicInterfaces(res, res.Properties.Get("networkInterfaces"), "EC2 instance", "false")
	}
	// A missing value defers to the subnet's mapPublicIpOnLaunch, which subnet-no-public-ip keeps false.
	if boolTri(res.Properties, "associatePublicIpAddress", false) != yes {
		return nil
	}
	return []string{fmt.Sprintf("EC2 instance %q sets associatePublicIpAddress: true; "+
		"set it to false and reach the instance through a private path (SSM, internal load balancer)", res.Name)}
}

// publicInterfaces reports each network interface in interfacesValue that sets associatePublicIpAddress.
func publicInterfaces(res Resource, interfacesValue property.Value, kind, fix string) []string {
	interfaces, _ := list(interfacesValue)
	var messages []string
	for i, ni := range interfaces {
		nic, _ := object(ni)
		if boolTri(nic, "associatePublicIpAddress", false) == yes {
			messages = append(messages, fmt.Sprintf("%s %q network interface #%d sets associatePublicIpAddress: true; "+
				"set it to %s (or leave it unset with a private subnet)", kind, res.Name, i+1, fix))
		}
	}
	return messages
}

func checkLaunchTemplatePublicIP(res Resource, _ Config) []string {
	if res.Type == awstypes.NativeEc2LaunchTemplate {
		data, _ := object(res.Properties.Get("launchTemplateData"))
		return publicInterfaces(res, data.Get("networkInterfaces"), "launch template", "false")
	}
	interfaces, _ := list(res.Properties.Get("networkInterfaces"))
	var messages []string
	for i, ni := range interfaces {
		nic, _ := object(ni)
		if boolTri(nic, "associatePublicIpAddress", false) == yes {
			messages = append(messages, fmt.Sprintf("launch template %q network interface #%d sets associatePublicIpAddress: \"true\"; "+
				"set it to \"false\" (or leave it unset with a private subnet)", res.Name, i+1))
		}
	}
	return messages
}

func checkEipAttachment(res Resource, _ Config) []string {
	var messages []string
	switch res.Type {
	case awstypes.Ec2Eip:
		for _, key := range []string{"instance", "networkInterface"} {
			if isSet(res.Properties, key) == yes {
				messages = append(messages, fmt.Sprintf("Elastic IP %q is attached through %s, making it reachable from the internet; "+
					"remove %s — Elastic IPs are only allowed as the allocationId of a NAT gateway", res.Name, key, key))
			}
		}
	case awstypes.NativeEc2Eip:
		if isSet(res.Properties, "instanceId") == yes {
			messages = append(messages, fmt.Sprintf("Elastic IP %q is attached through instanceId, making the instance reachable "+
				"from the internet; remove instanceId — Elastic IPs are only allowed as the allocationId of a NAT gateway", res.Name))
		}
	case awstypes.Ec2EipAssociation, awstypes.NativeEc2EipAssociation:
		for _, key := range []string{"instanceId", "networkInterfaceId"} {
			if isSet(res.Properties, key) == yes {
				messages = append(messages, fmt.Sprintf("EIP association %q attaches an Elastic IP through %s, making it reachable "+
					"from the internet; delete the association — Elastic IPs are only allowed as a NAT gateway's allocationId", res.Name, key))
			}
		}
	}
	return messages
}

func checkNatGatewayAllowed(res Resource, cfg Config) []string {
	if cfg.AllowNatGateways {
		return nil
	}
	connectivity, known := str(res.Properties, "connectivityType", "public")
	if !known || connectivity != "public" {
		return nil
	}
	return []string{fmt.Sprintf("NAT gateway %q is a public NAT gateway but this stack's policy config sets allowNatGateways: false; "+
		"remove it and give private subnets VPC endpoints (ecr.api, ecr.dkr, logs, S3 gateway) instead", res.Name)}
}

// loadBalancerType returns a v2 load balancer's type: pulumi-aws `loadBalancerType`, aws-native `type`; missing is
// application (CreateLoadBalancer's default).
func loadBalancerType(res Resource) (string, bool) {
	key := "loadBalancerType"
	if isNative(res.Type) {
		key = "type"
	}
	value, known := str(res.Properties, key, "application")
	return strings.ToLower(value), known
}

// isInternal reports whether a load balancer is internal: `internal` in pulumi-aws, `scheme` in aws-native
// (elasticloadbalancingv2/loadBalancer.d.ts, elasticloadbalancing/loadBalancer.d.ts; default internet-facing).
func isInternal(res Resource) tri {
	if !isNative(res.Type) {
		return boolTri(res.Properties, "internal", false)
	}
	scheme, known := str(res.Properties, "scheme", "internet-facing")
	if !known {
		return unknown
	}
	return triOf(scheme == "internal")
}

func checkLoadBalancerInternal(res Resource, _ Config) []string {
	if slices.Contains(loadBalancerTypes, res.Type) {
		// Gateway Load Balancers take no scheme: they sit in the traffic path through route tables, never
		// behind a public DNS name (CreateLoadBalancer: "You can't specify a scheme for a Gateway Load Balancer").
		if lbType, known := loadBalancerType(res); !known || lbType == "gateway" {
			return nil
		}
	}
	if isInternal(res) != no {
		return nil
	}
	if isNative(res.Type) {
		return []string{fmt.Sprintf("load balancer %q is internet-facing (scheme is internet-facing or unset, the AWS "+
			"default); set scheme: internal", res.Name)}
	}
	return []string{fmt.Sprintf("load balancer %q is internet-facing (internal is false or unset, and AWS defaults to "+
		"internet-facing); set internal: true", res.Name)}
}

func checkTargetGroupType(res Resource, cfg Config) []string {
	targetType, known := str(res.Properties, "targetType", "instance")
	if !known || slices.Contains(cfg.AllowedTargetTypes, targetType) {
		return nil
	}
	return []string{fmt.Sprintf("target group %q has targetType %q (unset means instance); set targetType to one of %s",
		res.Name, targetType, strings.Join(cfg.AllowedTargetTypes, ", "))}
}

func checkSecurityGroupIngress(res Resource, _ Config) []string {
	props := res.Properties
	switch res.Type {
	case awstypes.NativeEc2SecurityGroup:
		rules, _ := list(props.Get("securityGroupIngress"))
		var messages []string
		for i, rule := range rules {
			ingress, _ := object(rule)
			for _, key := range []string{"cidrIp", "cidrIpv6"} {
				if cidr, known := str(ingress, key, ""); known && isOpenCIDR(cidr) {
					messages = append(messages, fmt.Sprintf("security group %q securityGroupIngress rule #%d (%s) admits %s; "+
						"restrict it to internal CIDRs or use sourceSecurityGroupId instead", res.Name, i+1, portRange(ingress), cidr))
				}
			}
		}
		return messages
	case awstypes.NativeEc2SecurityGroupIngress:
		var messages []string
		for _, key := range []string{"cidrIp", "cidrIpv6"} {
			if cidr, known := str(props, key, ""); known && isOpenCIDR(cidr) {
				messages = append(messages, fmt.Sprintf("security group ingress %q (%s) admits %s through %s; restrict it to "+
					"internal CIDRs or use sourceSecurityGroupId instead", res.Name, portRange(props), cidr, key))
			}
		}
		return messages
	case awstypes.Ec2SecurityGroup, awstypes.Ec2DefaultSecurityGroup:
		rules, _ := list(props.Get("ingress"))
		var messages []string
		for i, rule := range rules {
			ingress, _ := object(rule)
			for _, cidr := range openCIDRs(ingress, "cidrBlocks", "ipv6CidrBlocks") {
				messages = append(messages, fmt.Sprintf("security group %q inline ingress rule #%d (%s) admits %s; "+
					"restrict it to internal CIDRs or reference the source security group instead", res.Name, i+1, portRange(ingress), cidr))
			}
		}
		return messages
	case awstypes.Ec2SecurityGroupRule:
		if ruleType, known := str(props, "type", ""); !known || ruleType != "ingress" {
			return nil
		}
		var messages []string
		for _, cidr := range openCIDRs(props, "cidrBlocks", "ipv6CidrBlocks") {
			messages = append(messages, fmt.Sprintf("security group rule %q (%s) admits %s; restrict it to internal CIDRs "+
				"or use sourceSecurityGroupId instead", res.Name, portRange(props), cidr))
		}
		return messages
	case awstypes.VpcSecurityGroupIngressRule:
		var messages []string
		for _, key := range []string{"cidrIpv4", "cidrIpv6"} {
			if cidr, known := str(props, key, ""); known && isOpenCIDR(cidr) {
				messages = append(messages, fmt.Sprintf("security group ingress rule %q (%s) admits %s through %s; restrict it to "+
					"internal CIDRs or use referencedSecurityGroupId instead", res.Name, portRange(props), cidr, key))
			}
		}
		return messages
	}
	return nil
}

// openCIDRs returns the known /0 entries of the CIDR list properties in keys; unknown entries are skipped.
func openCIDRs(m property.Map, keys ...string) []string {
	var open []string
	for _, key := range keys {
		items, _ := list(m.Get(key))
		for _, item := range items {
			if cidr, known := stringValue(item, ""); known && isOpenCIDR(cidr) {
				open = append(open, cidr)
			}
		}
	}
	return open
}

// portRange describes a rule's protocol and ports for messages.
func portRange(m property.Map) string {
	protocol, _ := str(m, "protocol", "")
	if protocol == "" {
		protocol, _ = str(m, "ipProtocol", "any")
	}
	from, _ := str(m, "fromPort", "?")
	to, _ := str(m, "toPort", from)
	if protocol == "-1" || protocol == "all" {
		return "all traffic"
	}
	return fmt.Sprintf("%s %s-%s", protocol, from, to)
}

func checkTaskNetworkMode(res Resource, _ Config) []string {
	mode, known := str(res.Properties, "networkMode", "bridge")
	if !known || mode == "awsvpc" {
		return nil
	}
	return []string{fmt.Sprintf("task definition %q uses networkMode %q (unset means bridge); set networkMode: awsvpc, "+
		"which Fargate requires", res.Name, mode)}
}

func checkTaskFargateCompatible(res Resource, _ Config) []string {
	compatibilities, known := list(res.Properties.Get("requiresCompatibilities"))
	if !known {
		return nil
	}
	sawUnknown := false
	for _, c := range compatibilities {
		value, isKnown := stringValue(c, "")
		if !isKnown {
			sawUnknown = true
			continue
		}
		if value == "FARGATE" {
			return nil
		}
	}
	if sawUnknown {
		return nil
	}
	return []string{fmt.Sprintf("task definition %q does not list FARGATE in requiresCompatibilities; "+
		"set requiresCompatibilities: [\"FARGATE\"]", res.Name)}
}

func checkTaskFargateSize(res Resource, _ Config) []string {
	cpuText, cpuKnown := str(res.Properties, "cpu", "")
	memoryText, memoryKnown := str(res.Properties, "memory", "")
	var messages []string
	if cpuKnown && cpuText == "" {
		messages = append(messages, fmt.Sprintf("task definition %q has no task-level cpu, which Fargate requires; "+
			"set cpu to one of %s (CPU units)", res.Name, fargate.Describe(0)))
	}
	if memoryKnown && memoryText == "" {
		messages = append(messages, fmt.Sprintf("task definition %q has no task-level memory, which Fargate requires; "+
			"set memory in MiB to a value valid for its cpu", res.Name))
	}
	if !cpuKnown || !memoryKnown || len(messages) > 0 {
		return messages
	}
	cpu, err := parseTaskCPU(cpuText)
	if err != nil {
		return []string{fmt.Sprintf("task definition %q cpu %s; set cpu to one of %s (CPU units)",
			res.Name, err, fargate.Describe(0))}
	}
	memory, err := parseTaskMemory(memoryText)
	if err != nil {
		return []string{fmt.Sprintf("task definition %q memory %s; set memory in MiB, e.g. %q", res.Name, err, "2048")}
	}
	if fargate.ValidMemories(cpu) == nil {
		return []string{fmt.Sprintf("task definition %q cpu %d is not a Fargate size; set cpu to one of %s",
			res.Name, cpu, fargate.Describe(cpu))}
	}
	if !fargate.IsValid(cpu, memory) {
		return []string{fmt.Sprintf("task definition %q memory %d MiB is not valid with cpu %d on Fargate; "+
			"set memory to %s", res.Name, memory, cpu, fargate.Describe(cpu))}
	}
	return nil
}

func checkContainerLogging(res Resource, _ Config) []string {
	containers, known, err := containerDefinitions(res.Properties)
	if !known {
		return nil
	}
	if err != nil {
		return []string{fmt.Sprintf("task definition %q: %v; fix the JSON so each container can be checked", res.Name, err)}
	}
	var messages []string
	for i, c := range containers {
		if c.LogConfiguration == nil || c.LogConfiguration.LogDriver == "" {
			messages = append(messages, fmt.Sprintf("task definition %q %s has no logConfiguration; add one "+
				"(e.g. logDriver awslogs with awslogs-group, awslogs-region, awslogs-stream-prefix)", res.Name, c.label(i)))
		}
	}
	return messages
}

func checkContainerPrivileged(res Resource, _ Config) []string {
	containers, known, err := containerDefinitions(res.Properties)
	if !known || err != nil {
		return nil
	}
	var messages []string
	for i, c := range containers {
		if c.Privileged != nil && *c.Privileged {
			messages = append(messages, fmt.Sprintf("task definition %q %s sets privileged: true; remove it "+
				"(Fargate does not run privileged containers)", res.Name, c.label(i)))
		}
	}
	return messages
}

func checkContainerReadonlyRoot(res Resource, _ Config) []string {
	containers, known, err := containerDefinitions(res.Properties)
	if !known || err != nil {
		return nil
	}
	var messages []string
	for i, c := range containers {
		if c.ReadonlyRootFilesystem == nil || !*c.ReadonlyRootFilesystem {
			messages = append(messages, fmt.Sprintf("task definition %q %s has a writable root file system; set "+
				"readonlyRootFilesystem: true and mount a volume for paths it must write", res.Name, c.label(i)))
		}
	}
	return messages
}

func checkServiceNetworkConfiguration(res Resource, _ Config) []string {
	if isSet(res.Properties, "networkConfiguration") != no {
		if !isNative(res.Type) {
			return nil
		}
		config, known := object(res.Properties.Get("networkConfiguration"))
		if !known || isSet(config, "awsvpcConfiguration") != no {
			return nil
		}
	}
	return []string{fmt.Sprintf("ECS service %q has no networkConfiguration; set networkConfiguration with the private "+
		"subnets and the service's security groups", res.Name)}
}

// listenerProtocol returns a listener's protocol; unset is HTTP, the AWS default for Application Load Balancers.
func listenerProtocol(props property.Map) (string, bool) {
	protocol, known := str(props, "protocol", "HTTP")
	return strings.ToUpper(protocol), known
}

func checkListenerHTTPRedirect(res Resource, _ Config) []string {
	protocol, known := listenerProtocol(res.Properties)
	if !known || protocol != "HTTP" {
		return nil
	}
	actions, known := list(res.Properties.Get("defaultActions"))
	if !known {
		return nil
	}
	for _, a := range actions {
		action, actionKnown := object(a)
		if !actionKnown {
			return nil
		}
		actionType, typeKnown := str(action, "type", "")
		if !typeKnown {
			return nil
		}
		if actionType != "redirect" {
			continue
		}
		redirectKey := "redirect"
		if isNative(res.Type) {
			redirectKey = "redirectConfig" // elasticloadbalancingv2 ListenerActionArgs
		}
		redirect, redirectKnown := object(action.Get(redirectKey))
		if !redirectKnown {
			return nil
		}
		// An unset redirect protocol keeps the request's protocol (#{protocol}), i.e. HTTP.
		target, targetKnown := str(redirect, "protocol", "#{protocol}")
		if !targetKnown || strings.EqualFold(target, "HTTPS") {
			return nil
		}
	}
	return []string{fmt.Sprintf("listener %q serves plain HTTP without redirecting to HTTPS; make its default action "+
		"type redirect with redirect.protocol HTTPS, port 443, statusCode HTTP_301", res.Name)}
}

func checkListenerTLSPolicy(res Resource, cfg Config) []string {
	protocol, known := listenerProtocol(res.Properties)
	if !known || (protocol != "HTTPS" && protocol != "TLS") {
		return nil
	}
	policy, known := str(res.Properties, "sslPolicy", defaultListenerSSLPolicyIfUnset)
	if !known || slices.Contains(cfg.AllowedSSLPolicies, policy) {
		return nil
	}
	return []string{fmt.Sprintf("%s listener %q uses SSL policy %q (unset means %s); set sslPolicy to an allowed policy "+
		"such as %s", protocol, res.Name, policy, defaultListenerSSLPolicyIfUnset, firstOr(cfg.AllowedSSLPolicies, "a TLS 1.3 policy"))}
}

func firstOr(values []string, fallback string) string {
	if len(values) == 0 {
		return fallback
	}
	return values[0]
}

func checkEndpointPrivateDNS(res Resource, _ Config) []string {
	endpointType, known := str(res.Properties, "vpcEndpointType", "Gateway")
	if !known || endpointType != "Interface" {
		return nil
	}
	if boolTri(res.Properties, "privateDnsEnabled", false) != no {
		return nil
	}
	service, _ := str(res.Properties, "serviceName", "its service")
	return []string{fmt.Sprintf("interface VPC endpoint %q (%s) has privateDnsEnabled false or unset, so clients keep "+
		"resolving the public service endpoint; set privateDnsEnabled: true", res.Name, service)}
}

// loadBalancerAttribute reads an aws-native load balancer attribute (loadBalancerAttributes[] {key, value}, strings;
// elasticloadbalancingv2 LoadBalancerAttributeArgs) as a boolean with its default.
func loadBalancerAttribute(props property.Map, key string, def bool) tri {
	attributes, known := list(props.Get("loadBalancerAttributes"))
	if !known {
		return unknown
	}
	result := triOf(def)
	for _, a := range attributes {
		attribute, attributeKnown := object(a)
		name, nameKnown := str(attribute, "key", "")
		if !attributeKnown || !nameKnown {
			result = unknown
			continue
		}
		if name == key {
			return boolTri(attribute, "value", def)
		}
	}
	return result
}

func checkLoadBalancerAccessLogs(res Resource, _ Config) []string {
	switch res.Type {
	case awstypes.ElbLoadBalancer, awstypes.ElasticloadbalancingLoadBalancer, awstypes.NativeElasticloadbalancingLoadBalancer:
		// Classic: an accessLogs block is enabled unless it says otherwise (@pulumi/aws 7.12.0 types/input.d.ts,
		// elb.LoadBalancerAccessLogs.enabled: "Default is true"); aws-native's is accessLoggingPolicy.
		key := "accessLogs"
		if res.Type == awstypes.NativeElasticloadbalancingLoadBalancer {
			key = "accessLoggingPolicy"
		}
		accessLogs, known := object(res.Properties.Get(key))
		if !known || (accessLogs.Len() > 0 && boolTri(accessLogs, "enabled", res.Type != awstypes.NativeElasticloadbalancingLoadBalancer) != no) {
			return nil
		}
		return []string{fmt.Sprintf("classic load balancer %q does not ship access logs; set %s with a bucket and enabled: true", res.Name, key)}
	case awstypes.NativeElasticloadbalancingv2LoadBalancer:
		if loadBalancerAttribute(res.Properties, "access_logs.s3.enabled", false) != no {
			return nil
		}
		return []string{fmt.Sprintf("load balancer %q does not ship access logs; add loadBalancerAttributes "+
			"access_logs.s3.enabled = true and access_logs.s3.bucket", res.Name)}
	}
	accessLogs, known := object(res.Properties.Get("accessLogs"))
	if !known || boolTri(accessLogs, "enabled", false) != no {
		return nil
	}
	return []string{fmt.Sprintf("load balancer %q does not ship access logs; set accessLogs with a bucket and enabled: true", res.Name)}
}

func checkLoadBalancerDeletionProtection(res Resource, _ Config) []string {
	if isNative(res.Type) {
		if loadBalancerAttribute(res.Properties, "deletion_protection.enabled", false) != no {
			return nil
		}
		return []string{fmt.Sprintf("load balancer %q has deletion protection off; add loadBalancerAttributes "+
			"deletion_protection.enabled = true", res.Name)}
	}
	if boolTri(res.Properties, "enableDeletionProtection", false) != no {
		return nil
	}
	return []string{fmt.Sprintf("load balancer %q has deletion protection off; set enableDeletionProtection: true", res.Name)}
}

func checkClusterContainerInsights(res Resource, _ Config) []string {
	settings, known := list(res.Properties.Get("settings"))
	if !known {
		return nil
	}
	for _, s := range settings {
		setting, settingKnown := object(s)
		if !settingKnown {
			return nil
		}
		name, nameKnown := str(setting, "name", "")
		if !nameKnown {
			return nil
		}
		if name != "containerInsights" {
			continue
		}
		value, valueKnown := str(setting, "value", "")
		if !valueKnown || value == "enabled" || value == "enhanced" {
			return nil
		}
	}
	return []string{fmt.Sprintf("ECS cluster %q does not enable Container Insights; add settings "+
		"[{name: containerInsights, value: enabled}] (or enhanced)", res.Name)}
}

func checkLogGroupRetention(res Resource, _ Config) []string {
	days := res.Properties.Get("retentionInDays")
	if days.IsComputed() {
		return nil
	}
	if days.IsNumber() && days.AsNumber() > 0 {
		return nil
	}
	if text, _ := stringValue(days, "0"); text != "0" {
		return nil
	}
	return []string{fmt.Sprintf("log group %q keeps logs forever (retentionInDays unset or 0); set retentionInDays, e.g. 30", res.Name)}
}
