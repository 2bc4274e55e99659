package awsstandin

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// anyChange marks a resource type that AWS replaces on every change (it has no update API).
const anyChange = "*"

// forceNew is one input property whose change replaces the resource: a ForceNew attribute of the
// terraform-provider-aws schema (in Pulumi's camelCase name), or a CustomizeDiff that forces new under a condition.
type forceNew struct {
	// prop is the top-level Pulumi input property, or anyChange.
	prop string
	// except, for anyChange, lists the properties that update in place all the same.
	except []string
	// when, if set, limits the replacement to changes it accepts (the schema's CustomizeDiff); nil means always.
	when func(olds, news resource.PropertyMap) bool
	// source is the schema file and attribute the rule copies.
	source string
}

func fn(prop, source string) forceNew { return forceNew{prop: prop, source: source} }

// replaceOnChange lists, per resource type the program uses, the inputs AWS cannot update in place. Each entry is
// a ForceNew of the terraform-provider-aws (v5) schema named in its source; TestReplaceOnChangeNamesAreSDKInputs
// proves every property name is an input of the pulumi-aws v6.83.2 SDK. Types missing here update in place.
var replaceOnChange = map[tokens.Type][]forceNew{
	awstypes.CloudwatchMetricAlarm: metricAlarmForceNew,
	awstypes.CloudwatchDashboard:   dashboardForceNew,
	awstypes.CloudwatchEventRule:   eventRuleForceNew,
	awstypes.CloudwatchEventTarget: eventTargetForceNew,
	awstypes.SnsTopic:              snsTopicForceNew,
	awstypes.SnsTopicSubscription:  snsSubscriptionForceNew,
	awstypes.KmsKey:                kmsKeyForceNew,
	awstypes.Ec2Vpc: {
		fn("cidrBlock", tfVPC+": cidr_block ForceNew"),
		fn("ipv4IpamPoolId", tfVPC+": ipv4_ipam_pool_id ForceNew"),
		fn("ipv4NetmaskLength", tfVPC+": ipv4_netmask_length ForceNew"),
	},
	awstypes.Ec2Subnet: {
		fn("vpcId", tfSubnet+": vpc_id ForceNew"),
		fn("cidrBlock", tfSubnet+": cidr_block ForceNew"),
		fn("availabilityZone", tfSubnet+": availability_zone ForceNew"),
		fn("availabilityZoneId", tfSubnet+": availability_zone_id ForceNew"),
		fn("ipv6Native", tfSubnet+": ipv6_native ForceNew"),
		fn("outpostArn", tfSubnet+": outpost_arn ForceNew"),
		// The v6 schema's IPAM arguments (ipv4_ipam_pool_id, ...) are not in the v5 line pulumi-aws v6.83.2 wraps:
		// TestReplaceOnChangeNamesAreSDKInputs refused them.
		{prop: "ipv6CidrBlock", when: subnetIPv6ForcesNew,
			source: tfSubnet + ": CustomizeDiff ForceNewIf(ipv6_cidr_block) when the old subnet had assign_ipv6_address_on_creation"},
	},
	awstypes.Ec2DefaultSecurityGroup: {
		fn("vpcId", tfDefaultSG+": vpc_id ForceNew"),
	},
	awstypes.Ec2DefaultNetworkACL: {
		fn("defaultNetworkAclId", tfDefaultNACL+": default_network_acl_id ForceNew"),
	},
	awstypes.Ec2SecurityGroup: {
		fn("vpcId", tfSecurityGroup+": vpc_id ForceNew"),
		fn("name", tfSecurityGroup+": name ForceNew"),
		fn("namePrefix", tfSecurityGroup+": name_prefix ForceNew"),
		fn("description", tfSecurityGroup+": description ForceNew"),
	},
	awstypes.VpcSecurityGroupIngressRule: {
		fn("securityGroupId", tfSGRuleFramework+": security_group_id RequiresReplace"),
	},
	awstypes.VpcSecurityGroupEgressRule: {
		fn("securityGroupId", tfSGRuleFramework+": security_group_id RequiresReplace"),
	},
	awstypes.Ec2VpcEndpoint: {
		fn("vpcId", tfVPCEndpoint+": vpc_id ForceNew"),
		fn("serviceName", tfVPCEndpoint+": service_name ForceNew"),
		fn("vpcEndpointType", tfVPCEndpoint+": vpc_endpoint_type ForceNew"),
		fn("resourceConfigurationArn", tfVPCEndpoint+": resource_configuration_arn ForceNew"),
		fn("serviceNetworkArn", tfVPCEndpoint+": service_network_arn ForceNew"),
		{prop: "privateDnsEnabled", when: endpointPrivateDNSForcesNew,
			source: tfVPCEndpoint + ": CustomizeDiff ForceNew(private_dns_enabled) unless vpc_endpoint_type is Interface"},
	},
	awstypes.Ec2RouteTable: {
		fn("vpcId", tfRouteTable+": vpc_id ForceNew"),
	},
	awstypes.Ec2Route: {
		fn("routeTableId", tfRoute+": route_table_id ForceNew"),
		fn("destinationCidrBlock", tfRoute+": destination_cidr_block ForceNew"),
		fn("destinationIpv6CidrBlock", tfRoute+": destination_ipv6_cidr_block ForceNew"),
		fn("destinationPrefixListId", tfRoute+": destination_prefix_list_id ForceNew"),
	},
	awstypes.Ec2RouteTableAssociation: {
		fn("subnetId", tfRouteTableAssoc+": subnet_id ForceNew"),
		fn("gatewayId", tfRouteTableAssoc+": gateway_id ForceNew"),
	},
	awstypes.Ec2EgressOnlyInternetGateway: {
		fn("vpcId", tfEIGW+": vpc_id ForceNew"),
	},
	awstypes.Ec2NatGateway: {
		fn("allocationId", tfNATGateway+": allocation_id ForceNew"),
		fn("subnetId", tfNATGateway+": subnet_id ForceNew"),
		fn("connectivityType", tfNATGateway+": connectivity_type ForceNew"),
		fn("privateIp", tfNATGateway+": private_ip ForceNew"),
		fn("secondaryPrivateIpAddressCount", tfNATGateway+": secondary_private_ip_address_count ForceNew"),
	},
	awstypes.Ec2Eip: {
		fn("domain", tfEIP+": domain ForceNew"),
		fn("networkBorderGroup", tfEIP+": network_border_group ForceNew"),
		fn("publicIpv4Pool", tfEIP+": public_ipv4_pool ForceNew"),
		fn("address", tfEIP+": address ForceNew"),
		fn("ipamPoolId", tfEIP+": ipam_pool_id ForceNew"),
	},
	awstypes.Ec2VpcEndpointRouteTableAssociation: {
		fn("vpcEndpointId", tfVPCEndpointRTA+": vpc_endpoint_id ForceNew"),
		fn("routeTableId", tfVPCEndpointRTA+": route_table_id ForceNew"),
	},
	awstypes.Ec2FlowLog: {
		fn("vpcId", tfFlowLog+": vpc_id ForceNew"),
		fn("subnetId", tfFlowLog+": subnet_id ForceNew"),
		fn("eniId", tfFlowLog+": eni_id ForceNew"),
		fn("trafficType", tfFlowLog+": traffic_type ForceNew"),
		fn("logDestination", tfFlowLog+": log_destination ForceNew"),
		fn("logDestinationType", tfFlowLog+": log_destination_type ForceNew"),
		fn("logGroupName", tfFlowLog+": log_group_name ForceNew"),
		fn("iamRoleArn", tfFlowLog+": iam_role_arn ForceNew"),
		fn("logFormat", tfFlowLog+": log_format ForceNew"),
		fn("maxAggregationInterval", tfFlowLog+": max_aggregation_interval ForceNew"),
		fn("destinationOptions", tfFlowLog+": destination_options ForceNew"),
		fn("deliverCrossAccountRole", tfFlowLog+": deliver_cross_account_role ForceNew"),
		fn("transitGatewayId", tfFlowLog+": transit_gateway_id ForceNew"),
		fn("transitGatewayAttachmentId", tfFlowLog+": transit_gateway_attachment_id ForceNew"),
	},
	awstypes.LbLoadBalancer: {
		fn("internal", tfLB+": internal ForceNew"),
		fn("loadBalancerType", tfLB+": load_balancer_type ForceNew"),
		fn("name", tfLB+": name ForceNew"),
		fn("namePrefix", tfLB+": name_prefix ForceNew"),
		fn("customerOwnedIpv4Pool", tfLB+": customer_owned_ipv4_pool ForceNew"),
		{prop: "subnets", when: nlbSubnetsForceNew,
			source: tfLB + ": customizeDiffLoadBalancerNLB, a network load balancer's subnets only grow in place (ForceNew unless the count increases)"},
		{prop: "securityGroups", when: nlbSecurityGroupsForceNew,
			source: tfLB + ": customizeDiffLoadBalancerNLB, a network load balancer cannot gain its first security group or lose its last"},
	},
	awstypes.LbTargetGroup: {
		fn("port", tfTargetGroup+": port ForceNew"),
		fn("protocol", tfTargetGroup+": protocol ForceNew"),
		fn("targetType", tfTargetGroup+": target_type ForceNew"),
		fn("vpcId", tfTargetGroup+": vpc_id ForceNew"),
		fn("name", tfTargetGroup+": name ForceNew"),
		fn("namePrefix", tfTargetGroup+": name_prefix ForceNew"),
		fn("protocolVersion", tfTargetGroup+": protocol_version ForceNew"),
		fn("ipAddressType", tfTargetGroup+": ip_address_type ForceNew"),
	},
	awstypes.LbListener: {
		fn("loadBalancerArn", tfListener+": load_balancer_arn ForceNew"),
	},
	awstypes.LbListenerRule: {
		fn("listenerArn", tfListenerRule+": listener_arn ForceNew"),
	},
	awstypes.LbTargetGroupAttachment: {
		fn("targetGroupArn", tfTGAttachment+": target_group_arn ForceNew"),
		fn("targetId", tfTGAttachment+": target_id ForceNew"),
		fn("port", tfTGAttachment+": port ForceNew"),
		fn("availabilityZone", tfTGAttachment+": availability_zone ForceNew"),
	},
	awstypes.EcsCluster: {
		fn("name", tfECSCluster+": name ForceNew"),
	},
	awstypes.EcsClusterCapacityProviders: {
		fn("clusterName", tfECSCapProviders+": cluster_name ForceNew"),
	},
	awstypes.EcsTaskDefinition: {
		{prop: anyChange, except: []string{"tags", "skipDestroy", "trackLatest"},
			source: tfECSTaskDef + ": every argument is ForceNew but tags (verify.SetTagsDiff) and skip_destroy, track_latest"},
	},
	awstypes.EcsService: {
		fn("name", tfECSService+": name ForceNew"),
		fn("cluster", tfECSService+": cluster ForceNew"),
		fn("launchType", tfECSService+": launch_type ForceNew"),
		fn("schedulingStrategy", tfECSService+": scheduling_strategy ForceNew"),
		fn("iamRole", tfECSService+": iam_role ForceNew"),
		{prop: "deploymentController", when: deploymentControllerTypeChanged,
			source: tfECSService + ": deployment_controller.type ForceNew"},
		{prop: "capacityProviderStrategies", when: capacityProviderStrategyForcesNew,
			source: tfECSService + ": CustomizeDiff capacityProviderStrategyCustomizeDiff (ForceNew unless force_new_deployment and both old and new strategies are non-empty)"},
	},
	awstypes.IamRole: {
		fn("name", tfIAMRole+": name ForceNew"),
		fn("namePrefix", tfIAMRole+": name_prefix ForceNew"),
		fn("path", tfIAMRole+": path ForceNew"),
	},
	awstypes.IamPolicy: {
		fn("name", tfIAMPolicy+": name ForceNew"),
		fn("namePrefix", tfIAMPolicy+": name_prefix ForceNew"),
		fn("path", tfIAMPolicy+": path ForceNew"),
		fn("description", tfIAMPolicy+": description ForceNew"),
	},
	awstypes.IamRolePolicy: {
		fn("name", tfIAMRolePolicy+": name ForceNew"),
		fn("namePrefix", tfIAMRolePolicy+": name_prefix ForceNew"),
		fn("role", tfIAMRolePolicy+": role ForceNew"),
	},
	awstypes.IamRolePolicyAttachment: {
		fn("role", tfIAMRPA+": role ForceNew"),
		fn("policyArn", tfIAMRPA+": policy_arn ForceNew"),
	},
	awstypes.SchedulerSchedule:      scheduleForceNew,
	awstypes.SchedulerScheduleGroup: scheduleGroupForceNew,
	awstypes.SqsQueue:               queueForceNew,
	awstypes.CloudwatchLogGroup: {
		fn("name", tfLogGroup+": name ForceNew"),
		fn("namePrefix", tfLogGroup+": name_prefix ForceNew"),
		fn("logGroupClass", tfLogGroup+": log_group_class ForceNew"),
	},
	awstypes.Apigatewayv2API: {
		fn("protocolType", tfAPIv2API+": protocol_type ForceNew"),
		fn("credentialsArn", tfAPIv2API+": credentials_arn ForceNew (quick create)"),
		fn("routeKey", tfAPIv2API+": route_key ForceNew (quick create)"),
		fn("target", tfAPIv2API+": target ForceNew (quick create)"),
	},
	awstypes.Apigatewayv2VpcLink: {
		fn("securityGroupIds", tfAPIv2VPCLink+": security_group_ids ForceNew"),
		fn("subnetIds", tfAPIv2VPCLink+": subnet_ids ForceNew"),
	},
	awstypes.Apigatewayv2Integration: {
		fn("apiId", tfAPIv2Integr+": api_id ForceNew"),
		fn("integrationType", tfAPIv2Integr+": integration_type ForceNew"),
		fn("integrationSubtype", tfAPIv2Integr+": integration_subtype ForceNew"),
	},
	awstypes.Apigatewayv2Authorizer: {
		fn("apiId", tfAPIv2Authorizer+": api_id ForceNew"),
	},
	awstypes.ApigatewayMethodSettings: {
		fn("restApi", tfAPIMethodSet+": rest_api_id ForceNew"),
		fn("stageName", tfAPIMethodSet+": stage_name ForceNew"),
		fn("methodPath", tfAPIMethodSet+": method_path ForceNew"),
	},
	awstypes.Apigatewayv2Route: {
		fn("apiId", tfAPIv2Route+": api_id ForceNew"),
	},
	awstypes.Apigatewayv2Stage: {
		fn("apiId", tfAPIv2Stage+": api_id ForceNew"),
		fn("name", tfAPIv2Stage+": name ForceNew"),
	},
	awstypes.ApigatewayVpcLink: {
		fn("targetArn", tfAPIVPCLink+": target_arns ForceNew (pulumi-aws provider/resources.go names it targetArn)"),
	},
	awstypes.ApigatewayResource: {
		fn("restApi", tfAPIResource+": rest_api_id ForceNew"),
	},
	awstypes.ApigatewayMethod: {
		fn("restApi", tfAPIMethod+": rest_api_id ForceNew"),
		fn("resourceId", tfAPIMethod+": resource_id ForceNew"),
		fn("httpMethod", tfAPIMethod+": http_method ForceNew"),
	},
	awstypes.ApigatewayIntegration: {
		fn("restApi", tfAPIIntegration+": rest_api_id ForceNew"),
		fn("resourceId", tfAPIIntegration+": resource_id ForceNew"),
		fn("httpMethod", tfAPIIntegration+": http_method ForceNew"),
		fn("type", tfAPIIntegration+": type ForceNew"),
		fn("credentials", tfAPIIntegration+": credentials ForceNew"),
		fn("integrationHttpMethod", tfAPIIntegration+": integration_http_method ForceNew"),
		fn("passthroughBehavior", tfAPIIntegration+": passthrough_behavior ForceNew"),
	},
	awstypes.ApigatewayDeployment: {
		fn("restApi", tfAPIDeployment+": rest_api_id ForceNew"),
		fn("triggers", tfAPIDeployment+": triggers ForceNew"),
		fn("variables", tfAPIDeployment+": variables ForceNew"),
	},
	awstypes.ApigatewayStage: {
		fn("restApi", tfAPIStage+": rest_api_id ForceNew"),
		fn("stageName", tfAPIStage+": stage_name ForceNew"),
	},
	awstypes.AppautoscalingTarget: {
		fn("resourceId", tfAppASTarget+": resource_id ForceNew"),
		fn("scalableDimension", tfAppASTarget+": scalable_dimension ForceNew"),
		fn("serviceNamespace", tfAppASTarget+": service_namespace ForceNew"),
	},
	awstypes.AppautoscalingPolicy: {
		fn("name", tfAppASPolicy+": name ForceNew"),
		fn("resourceId", tfAppASPolicy+": resource_id ForceNew"),
		fn("scalableDimension", tfAppASPolicy+": scalable_dimension ForceNew"),
		fn("serviceNamespace", tfAppASPolicy+": service_namespace ForceNew"),
	},
	awstypes.S3BucketV2: {
		fn("bucket", tfS3Bucket+": bucket ForceNew"),
		fn("bucketPrefix", tfS3Bucket+": bucket_prefix ForceNew"),
		fn("objectLockEnabled", tfS3Bucket+": object_lock_enabled ForceNew"),
	},
	awstypes.S3BucketPolicy: {
		fn("bucket", tfS3BucketPolicy+": bucket ForceNew"),
	},
	awstypes.S3BucketPublicAccessBlock: {
		fn("bucket", tfS3PAB+": bucket ForceNew"),
	},
	awstypes.S3BucketServerSideEncryptionConfigurationV2: {
		fn("bucket", tfS3SSE+": bucket ForceNew"),
		fn("expectedBucketOwner", tfS3SSE+": expected_bucket_owner ForceNew"),
	},
	awstypes.S3BucketLifecycleConfigurationV2: {
		fn("bucket", tfS3Lifecycle+": bucket ForceNew"),
		fn("expectedBucketOwner", tfS3Lifecycle+": expected_bucket_owner ForceNew"),
	},
}

// schemasWithoutForceNew are registered types whose schema has no ForceNew input and no CustomizeDiff that forces
// one: every change updates in place. The coverage test accepts them without a replaceOnChange entry.
var schemasWithoutForceNew = map[tokens.Type]string{
	awstypes.Ec2InternetGateway: tfIGW + ": no ForceNew; a vpc_id change detaches and attaches in Update",
	awstypes.ApigatewayRestAPI:  tfAPIRestAPI + ": no ForceNew; every attribute is a PATCH operation in Update",
	awstypes.ApigatewayAccount:  tfAPIAccount + ": no ForceNew; Create and Update are both UpdateAccount",
}

// replacesOn reports whether a change of property key from olds to news replaces a resource of type typ.
func replacesOn(typ tokens.Type, key string, olds, news resource.PropertyMap) bool {
	for _, rule := range replaceOnChange[typ] {
		if rule.prop == anyChange {
			return !slices.Contains(rule.except, key)
		}
		if rule.prop == key {
			return rule.when == nil || rule.when(olds, news)
		}
	}
	return false
}

// subnetIPv6ForcesNew: changing a subnet's IPv6 block replaces it when the old subnet assigned IPv6 on creation.
func subnetIPv6ForcesNew(olds, _ resource.PropertyMap) bool {
	on, isKnown := boolean(olds, "assignIpv6AddressOnCreation", false)
	return on || !isKnown
}

// endpointPrivateDNSForcesNew: private DNS can change in place only on an Interface endpoint.
func endpointPrivateDNSForcesNew(_, news resource.PropertyMap) bool {
	kind, ok := str(news, "vpcEndpointType")
	return !ok || kind != "Interface"
}

// deploymentControllerTypeChanged: only the controller's type forces a new service.
func deploymentControllerTypeChanged(olds, news resource.PropertyMap) bool {
	before, _ := strAt(olds, "deploymentController.type")
	after, _ := strAt(news, "deploymentController.type")
	defaulted := func(s string) string {
		if s == "" {
			return "ECS"
		}
		return s
	}
	return defaulted(before) != defaulted(after)
}

// capacityProviderStrategyForcesNew is capacityProviderStrategyCustomizeDiff: a change replaces the service unless
// forceNewDeployment is true and neither the old nor the new strategy is empty.
func capacityProviderStrategyForcesNew(olds, news resource.PropertyMap) bool {
	force, isKnown := boolean(news, "forceNewDeployment", false)
	if !isKnown || !force {
		return true
	}
	count := func(props resource.PropertyMap) int {
		v, ok := props["capacityProviderStrategies"]
		if !ok {
			return 0
		}
		plain, ok := known(v)
		if !ok || !plain.IsArray() {
			return 1 // unknown: not empty
		}
		return len(plain.ArrayValue())
	}
	return count(olds) == 0 || count(news) == 0
}

// isNetworkLoadBalancer reports whether news describe a network load balancer (load_balancer_type defaults to
// application).
func isNetworkLoadBalancer(news resource.PropertyMap) bool {
	kind, _ := str(news, "loadBalancerType")
	return kind == "network"
}

// nlbSubnetsForceNew: a known change of a network load balancer's subnets replaces it unless the count grows.
func nlbSubnetsForceNew(olds, news resource.PropertyMap) bool {
	if !isNetworkLoadBalancer(news) {
		return false
	}
	after, known := stringList(news, "subnets")
	if !known {
		return false // the provider decides once the subnets are wholly known
	}
	before, _ := stringList(olds, "subnets")
	return len(after)-len(before) <= 0
}

// nlbSecurityGroupsForceNew: a network load balancer going from no security groups to some, or from some to none,
// is replaced.
func nlbSecurityGroupsForceNew(olds, news resource.PropertyMap) bool {
	if !isNetworkLoadBalancer(news) {
		return false
	}
	after, known := stringList(news, "securityGroups")
	if !known {
		return false
	}
	before, _ := stringList(olds, "securityGroups")
	return (len(before) == 0 && len(after) > 0) || (len(after) == 0 && len(before) > 0)
}
