package awsstandin

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// Sources the contract cites. terraform-provider-aws paths are of its v5 line, which pulumi-aws v6.83.2 wraps; the
// schema file named holds the Required / ValidateFunc / ForceNew the rule copies.
const (
	tfVPC             = "terraform-provider-aws internal/service/ec2/vpc_.go"
	tfSubnet          = "terraform-provider-aws internal/service/ec2/vpc_subnet.go"
	tfSecurityGroup   = "terraform-provider-aws internal/service/ec2/vpc_security_group.go"
	tfDefaultSG       = "terraform-provider-aws internal/service/ec2/vpc_default_security_group.go"
	tfDefaultNACL     = "terraform-provider-aws internal/service/ec2/vpc_default_network_acl.go"
	tfNACLEntry       = "terraform-provider-aws internal/service/ec2/vpc_network_acl.go networkACLRuleNestedBlock"
	tfSGRuleFramework = "terraform-provider-aws internal/service/ec2/vpc_security_group_ingress_rule.go (shared by the egress rule)"
	tfVPCEndpoint     = "terraform-provider-aws internal/service/ec2/vpc_endpoint.go"
	tfVPCEndpointRTA  = "terraform-provider-aws internal/service/ec2/vpc_endpoint_route_table_association.go"
	tfRoute           = "terraform-provider-aws internal/service/ec2/vpc_route.go"
	tfRouteTable      = "terraform-provider-aws internal/service/ec2/vpc_route_table.go"
	tfRouteTableAssoc = "terraform-provider-aws internal/service/ec2/vpc_route_table_association.go"
	tfIGW             = "terraform-provider-aws internal/service/ec2/vpc_internet_gateway.go"
	tfEIGW            = "terraform-provider-aws internal/service/ec2/vpc_egress_only_internet_gateway.go"
	tfNATGateway      = "terraform-provider-aws internal/service/ec2/vpc_nat_gateway.go"
	tfEIP             = "terraform-provider-aws internal/service/ec2/ec2_eip.go"
	tfFlowLog         = "terraform-provider-aws internal/service/ec2/vpc_flow_log.go"
	tfLB              = "terraform-provider-aws internal/service/elbv2/load_balancer.go"
	tfLBValidate      = "terraform-provider-aws internal/service/elbv2/validate.go (validName, validTargetGroupName)"
	tfTargetGroup     = "terraform-provider-aws internal/service/elbv2/target_group.go"
	tfListener        = "terraform-provider-aws internal/service/elbv2/listener.go"
	tfListenerRule    = "terraform-provider-aws internal/service/elbv2/listener_rule.go"
	tfTGAttachment    = "terraform-provider-aws internal/service/elbv2/target_group_attachment.go"
	tfECSCluster      = "terraform-provider-aws internal/service/ecs/cluster.go"
	tfECSCapProviders = "terraform-provider-aws internal/service/ecs/cluster_capacity_providers.go"
	tfECSService      = "terraform-provider-aws internal/service/ecs/service.go"
	tfECSTaskDef      = "terraform-provider-aws internal/service/ecs/task_definition.go"
	tfIAMRole         = "terraform-provider-aws internal/service/iam/role.go"
	tfIAMRolePolicy   = "terraform-provider-aws internal/service/iam/role_policy.go"
	tfIAMPolicy       = "terraform-provider-aws internal/service/iam/policy.go"
	tfIAMRPA          = "terraform-provider-aws internal/service/iam/role_policy_attachment.go"
	tfLogGroup        = "terraform-provider-aws internal/service/logs/group.go"
	tfAPIv2API        = "terraform-provider-aws internal/service/apigatewayv2/api.go"
	tfAPIv2VPCLink    = "terraform-provider-aws internal/service/apigatewayv2/vpc_link.go"
	tfAPIv2Integr     = "terraform-provider-aws internal/service/apigatewayv2/integration.go"
	tfAPIv2Route      = "terraform-provider-aws internal/service/apigatewayv2/route.go"
	tfAPIv2Stage      = "terraform-provider-aws internal/service/apigatewayv2/stage.go"
	tfAPIVPCLink      = "terraform-provider-aws internal/service/apigateway/vpc_link.go"
	tfAPIRestAPI      = "terraform-provider-aws internal/service/apigateway/rest_api.go"
	tfAPIAccount      = "terraform-provider-aws internal/service/apigateway/account.go"
	tfAPIMethodSet    = "terraform-provider-aws internal/service/apigateway/method_settings.go"
	tfAPIv2Authorizer = "terraform-provider-aws internal/service/apigatewayv2/authorizer.go"
	tfAPIResource     = "terraform-provider-aws internal/service/apigateway/resource.go"
	tfAPIMethod       = "terraform-provider-aws internal/service/apigateway/method.go"
	tfAPIIntegration  = "terraform-provider-aws internal/service/apigateway/integration.go"
	tfAPIDeployment   = "terraform-provider-aws internal/service/apigateway/deployment.go"
	tfAPIStage        = "terraform-provider-aws internal/service/apigateway/stage.go"
	tfAppASTarget     = "terraform-provider-aws internal/service/appautoscaling/target.go"
	tfAppASPolicy     = "terraform-provider-aws internal/service/appautoscaling/policy.go"
	tfS3Bucket        = "terraform-provider-aws internal/service/s3/bucket.go"
	tfS3BucketPolicy  = "terraform-provider-aws internal/service/s3/bucket_policy.go"
	tfS3PAB           = "terraform-provider-aws internal/service/s3/bucket_public_access_block.go"
	tfS3SSE           = "terraform-provider-aws internal/service/s3/bucket_server_side_encryption_configuration.go"
	tfS3Lifecycle     = "terraform-provider-aws internal/service/s3/bucket_lifecycle_configuration.go"

	awsVPCSizing      = "AWS VPC User Guide, \"VPC CIDR blocks\": IPv4 blocks are /16 to /28; subnet IPv6 blocks are /64"
	awsFargateSizes   = "AWS ECS Developer Guide, \"Task CPU and memory\" (Fargate): the valid CPU/memory combinations"
	awsALBTargetGroup = "AWS ELB Network Load Balancer Guide, \"Application Load Balancers as targets\": an alb-type target group is TCP"
	awsHTTPSListener  = "AWS ELBv2 API Reference, CreateListener: an HTTPS or TLS listener needs exactly one default certificate"
	awsLaunchTypeCPS  = "AWS ECS API Reference, CreateService: launchType and capacityProviderStrategy are mutually exclusive"
	awsHealthTimeout  = "AWS ELBv2 API Reference, CreateTargetGroup: HealthCheckTimeoutSeconds must be smaller than HealthCheckIntervalSeconds"
	awsAppASLabel     = "AWS Application Auto Scaling API Reference, PredefinedMetricSpecification: ResourceLabel is required for ALBRequestCountPerTarget"
	awsStrategyItem   = "AWS ECS API Reference, CapacityProviderStrategyItem: only one capacity provider in a strategy can have a base defined; with several providers at least one must have a weight greater than zero"
	awsNACLEntry      = "AWS EC2 API Reference, CreateNetworkAclEntry: RuleNumber 1-32766, unique per direction (NetworkAclEntryAlreadyExists); a CidrBlock or an Ipv6CidrBlock"
	awsNACLQuota      = "Amazon VPC quotas, network ACLs: 20 rules per network ACL, one way, enforced separately for IPv4 and IPv6 rules"
	awsTagLimits      = "AWS Tagging AWS Resources User Guide, \"Tag naming limits and requirements\": at most 50 tags; keys 1-128, values 0-256 characters; the aws: prefix is reserved"
)

// fieldRule is one constraint on one input property: required, or a check of its known value.
type fieldRule struct {
	// path is the property path in Pulumi names ("healthCheck.interval", "loadBalancers[].containerPort").
	path string
	// required fails when the property is missing or null (an unknown value counts as present).
	required bool
	// check, when set, judges every known, non-null value at path.
	check checker
	// source is where the constraint comes from.
	source string
}

func required(path, source string) fieldRule {
	return fieldRule{path: path, required: true, source: source}
}

func field(path string, check checker, source string) fieldRule {
	return fieldRule{path: path, check: check, source: source}
}

// resourceRule is a constraint across several inputs of one resource (exactly one of, A requires B, ...). It sees
// only what is known; a rule that needs an unknown value passes and is judged again when the value is known.
type resourceRule struct {
	name   string
	source string
	check  func(props resource.PropertyMap) []plugin.CheckFailure
}

// Enumerations copied from the AWS SDK enums the schemas validate against (enum.Validate[...]).
var (
	lbTypes            = []string{"application", "gateway", "network"}
	elbProtocols       = []string{"GENEVE", "HTTP", "HTTPS", "TCP", "TCP_UDP", "TLS", "UDP"}
	targetTypes        = []string{"instance", "ip", "lambda", "alb"}
	healthProtocols    = []string{"HTTP", "HTTPS", "TCP"}
	stickinessTypes    = []string{"lb_cookie", "app_cookie", "source_ip", "source_ip_dest_ip", "source_ip_dest_ip_proto"}
	actionTypes        = []string{"forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response"}
	fixedContentTypes  = []string{"text/plain", "text/css", "text/html", "application/javascript", "application/json"}
	redirectCodes      = []string{"HTTP_301", "HTTP_302"}
	logRetentionDays   = []int{0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}
	vpcEndpointTypes   = []string{"Gateway", "GatewayLoadBalancer", "Interface", "Resource", "ServiceNetwork"}
	ecsLaunchTypes     = []string{"EC2", "FARGATE", "EXTERNAL"}
	ecsPropagateTags   = []string{"TASK_DEFINITION", "SERVICE", "NONE"}
	ecsNetworkModes    = []string{"bridge", "host", "awsvpc", "none"}
	ecsCompatibilities = []string{"EC2", "FARGATE", "EXTERNAL"}
	ecsCPUArch         = []string{"X86_64", "ARM64"}
	ecsOSFamilies      = []string{"WINDOWS_SERVER_2019_FULL", "WINDOWS_SERVER_2019_CORE", "WINDOWS_SERVER_2016_FULL",
		"WINDOWS_SERVER_2004_CORE", "WINDOWS_SERVER_2022_CORE", "WINDOWS_SERVER_2022_FULL", "WINDOWS_SERVER_2025_CORE",
		"WINDOWS_SERVER_2025_FULL", "WINDOWS_SERVER_20H2_CORE", "LINUX"}
	containerInsightsValues = []string{"enabled", "disabled", "enhanced"}
	flowTrafficTypes        = []string{"ACCEPT", "REJECT", "ALL"}
	flowDestinationTypes    = []string{"cloud-watch-logs", "s3", "kinesis-data-firehose"}
	appASPolicyTypes        = []string{"StepScaling", "TargetTrackingScaling", "PredictiveScaling"}
	appASNamespaces         = []string{"appstream", "cassandra", "comprehend", "custom-resource", "dynamodb", "ec2", "ecs",
		"elasticmapreduce", "kafka", "lambda", "neptune", "rds", "sagemaker", "workspaces", "elasticache"}
	appASMetricTypes = []string{"DynamoDBReadCapacityUtilization", "DynamoDBWriteCapacityUtilization",
		"ALBRequestCountPerTarget", "RDSReaderAverageCPUUtilization", "RDSReaderAverageDatabaseConnections",
		"EC2SpotFleetRequestAverageCPUUtilization", "EC2SpotFleetRequestAverageNetworkIn",
		"EC2SpotFleetRequestAverageNetworkOut", "SageMakerVariantInvocationsPerInstance",
		"ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "AppStreamAverageCapacityUtilization",
		"ComprehendInferenceUtilization", "LambdaProvisionedConcurrencyUtilization", "CassandraReadCapacityUtilization",
		"CassandraWriteCapacityUtilization", "KafkaBrokerStorageUtilization", "ElastiCachePrimaryEngineCPUUtilization",
		"ElastiCacheReplicaEngineCPUUtilization", "ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage",
		"NeptuneReaderAverageCPUUtilization", "SageMakerVariantProvisionedConcurrencyUtilization",
		"ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage", "SageMakerInferenceComponentInvocationsPerCopy",
		"WorkSpacesAverageUserSessionsCapacityUtilization", "SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution",
		"SageMakerVariantConcurrentRequestsPerModelHighResolution"}
	apiv2ProtocolTypes     = []string{"HTTP", "WEBSOCKET"}
	apiv2IntegrationTypes  = []string{"AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"}
	apiConnectionTypes     = []string{"INTERNET", "VPC_LINK"}
	apiv2PayloadVersions   = []string{"1.0", "2.0"}
	restEndpointTypes      = []string{"EDGE", "REGIONAL", "PRIVATE"}
	restHTTPMethods        = []string{"ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}
	restIntegrationTypes   = []string{"HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY", "MOCK"}
	sseAlgorithms          = []string{"AES256", "aws:kms", "aws:kms:dsse"}
	lifecycleRuleStatuses  = []string{"Enabled", "Disabled"}
	eipDomains             = []string{"vpc", "standard"}
	natConnectivityTypes   = []string{"private", "public"}
	sgRuleProtocolPatterns = `^(-1|tcp|udp|icmp|icmpv6|all|\d{1,3})$`
)

// namePattern* are the name patterns of the provider's validators.
const (
	lbNamePattern        = `^[0-9A-Za-z-]+$`
	iamNamePattern       = `^[\w+=,.@-]+$`
	logGroupNamePattern  = `^[\.\-_/#A-Za-z0-9]+$`
	ecsNamePattern       = `^[0-9A-Za-z_-]+$`
	bucketNamePattern    = `^[0-9a-z][0-9a-z.-]+[0-9a-z]$`
	familyPattern        = `^[0-9A-Za-z_-]+$`
	apiGatewayNameLenMax = 128
)

// lbNameMax and targetGroupNameMax are validName's and validTargetGroupName's 32 characters, as the auto-name table
// records them.
var (
	lbNameMax          = awstypes.AutoNames[awstypes.LbLoadBalancer].AWS.Max
	targetGroupNameMax = awstypes.AutoNames[awstypes.LbTargetGroup].AWS.Max
)

// lbName is validName of the elbv2 package: at most 32 characters, letters, digits and hyphens, no hyphen at either
// end, not starting with "internal-".
var lbName = allOf(
	lenBetween(0, lbNameMax),
	matches(lbNamePattern, "only alphanumeric characters and hyphens allowed in \"name\""),
	notMatches(`^-`, "\"name\" cannot begin with a hyphen"),
	notMatches(`-$`, "\"name\" cannot end with a hyphen"),
	notMatches(`^internal-`, "\"name\" cannot begin with \"internal-\""),
)

// targetGroupName is validTargetGroupName of the elbv2 package (like lbName, without the internal- rule).
var targetGroupName = allOf(
	lenBetween(0, targetGroupNameMax),
	matches(lbNamePattern, "only alphanumeric characters and hyphens allowed in \"name\""),
	notMatches(`^-`, "\"name\" cannot begin with a hyphen"),
	notMatches(`-$`, "\"name\" cannot end with a hyphen"),
)

// uniqueIDSuffixLength is the length of the unique id terraform-provider-aws appends to a name prefix.
const uniqueIDSuffixLength = awstypes.PrefixedUniqueIDLength

// targetGroupNamePrefix is validTargetGroupNamePrefix of the elbv2 package: at most 32-26 = 6 characters, letters,
// digits and hyphens, not starting with a hyphen.
var targetGroupNamePrefix = allOf(
	lenBetween(0, targetGroupNameMax-uniqueIDSuffixLength),
	matches(lbNamePattern, "only alphanumeric characters and hyphens allowed in \"name_prefix\""),
	notMatches(`^-`, "\"name_prefix\" cannot begin with a hyphen"),
)

// lbNamePrefix is validNamePrefix of the elbv2 package: like targetGroupNamePrefix, and not starting with internal-.
var lbNamePrefix = allOf(targetGroupNamePrefix, notMatches(`^internal-`, "\"name_prefix\" cannot begin with \"internal-\""))

// inputRules are the per-property constraints of every resource type the program, the shipped stacks and the
// policy tests register. Types not listed accept anything the engine sends.
var inputRules = map[tokens.Type][]fieldRule{
	awstypes.Ec2Vpc: {
		field("cidrBlock", cidrV4(16, 28), tfVPC+": cidr_block ValidateFunc IsCIDRNetwork(VPCCIDRMinIPv4=16, VPCCIDRMaxIPv4=28)"),
	},
	awstypes.Ec2Subnet: {
		required("vpcId", tfSubnet+": vpc_id Required"),
		field("cidrBlock", cidrV4(16, 28), tfSubnet+": cidr_block ValidIPv4CIDRNetworkAddress; "+awsVPCSizing),
		field("ipv6CidrBlock", cidrV6(64, 64), tfSubnet+": ipv6_cidr_block ValidIPv6CIDRNetworkAddress; "+awsVPCSizing),
	},
	awstypes.Ec2SecurityGroup: {
		field("name", allOf(lenBetween(0, 255), notMatches(`^sg-`, "cannot begin with sg-")),
			tfSecurityGroup+": name StringLenBetween(0, 255), StringDoesNotMatch(^sg-)"),
		field("namePrefix", allOf(lenBetween(0, 255-uniqueIDSuffixLength), notMatches(`^sg-`, "cannot begin with sg-")),
			tfSecurityGroup+": name_prefix StringLenBetween(0, 255-id.UniqueIDSuffixLength), StringDoesNotMatch(^sg-)"),
		field("description", lenBetween(0, 255), tfSecurityGroup+": description StringLenBetween(0, 255)"),
	},
	awstypes.VpcSecurityGroupIngressRule: securityGroupRuleRules,
	awstypes.VpcSecurityGroupEgressRule:  securityGroupRuleRules,
	awstypes.Ec2DefaultNetworkACL: append([]fieldRule{
		required("defaultNetworkAclId", tfDefaultNACL+": default_network_acl_id Required"),
	}, append(networkACLEntryRules("ingress"), networkACLEntryRules("egress")...)...),
	awstypes.Ec2VpcEndpoint: {
		required("vpcId", tfVPCEndpoint+": vpc_id Required"),
		field("vpcEndpointType", oneOf(vpcEndpointTypes...), tfVPCEndpoint+": vpc_endpoint_type enum.Validate[VpcEndpointType]"),
	},
	awstypes.Ec2VpcEndpointRouteTableAssociation: {
		required("routeTableId", tfVPCEndpointRTA+": route_table_id Required"),
		required("vpcEndpointId", tfVPCEndpointRTA+": vpc_endpoint_id Required"),
	},
	awstypes.Ec2RouteTable: {
		required("vpcId", tfRouteTable+": vpc_id Required"),
	},
	awstypes.Ec2Route: {
		required("routeTableId", tfRoute+": route_table_id Required"),
		field("destinationCidrBlock", cidrV4(0, 32), tfRoute+": destination_cidr_block ValidIPv4CIDRNetworkAddress"),
		field("destinationIpv6CidrBlock", cidrV6(0, 128), tfRoute+": destination_ipv6_cidr_block ValidIPv6CIDRNetworkAddress"),
	},
	awstypes.Ec2RouteTableAssociation: {
		required("routeTableId", tfRouteTableAssoc+": route_table_id Required"),
	},
	awstypes.Ec2EgressOnlyInternetGateway: {
		required("vpcId", tfEIGW+": vpc_id Required"),
	},
	awstypes.Ec2Eip: {
		field("domain", oneOf(eipDomains...), tfEIP+": domain enum.Validate[DomainType]"),
	},
	awstypes.Ec2NatGateway: {
		required("subnetId", tfNATGateway+": subnet_id Required"),
		field("connectivityType", oneOf(natConnectivityTypes...), tfNATGateway+": connectivity_type enum.Validate[ConnectivityType]"),
	},
	awstypes.Ec2FlowLog: {
		field("trafficType", oneOf(flowTrafficTypes...), tfFlowLog+": traffic_type enum.Validate[TrafficType]"),
		field("logDestinationType", oneOf(flowDestinationTypes...), tfFlowLog+": log_destination_type enum.Validate[LogDestinationType]"),
		field("logDestination", validARN(), tfFlowLog+": log_destination ValidARN"),
		field("iamRoleArn", validARN(), tfFlowLog+": iam_role_arn ValidARN"),
		field("maxAggregationInterval", intIn(60, 600), tfFlowLog+": max_aggregation_interval IntInSlice(60, 600)"),
	},
	awstypes.LbLoadBalancer: {
		field("name", lbName, tfLBValidate),
		field("namePrefix", lbNamePrefix, tfLBValidate+" validNamePrefix"),
		field("loadBalancerType", oneOf(lbTypes...), tfLB+": load_balancer_type enum.Validate[LoadBalancerTypeEnum]"),
		field("ipAddressType", oneOf("ipv4", "dualstack", "dualstack-without-public-ipv4"), tfLB+": ip_address_type enum.Validate[IpAddressType]"),
		field("idleTimeout", intBetween(1, 4000), "AWS ELBv2 API Reference, LoadBalancerAttribute idle_timeout.timeout_seconds: 1-4000"),
		field("accessLogs.bucket", lenBetween(3, 63), tfLB+": access_logs.bucket Required (S3 bucket names are 3-63 characters)"),
	},
	awstypes.LbTargetGroup: {
		field("name", targetGroupName, tfLBValidate),
		field("namePrefix", targetGroupNamePrefix, tfLBValidate+" validTargetGroupNamePrefix (32 - UniqueIDSuffixLength 26)"),
		field("port", intBetween(1, 65535), tfTargetGroup+": port IntBetween(1, 65535)"),
		field("protocol", oneOf(elbProtocols...), tfTargetGroup+": protocol enum.Validate[ProtocolEnum]"),
		field("targetType", oneOf(targetTypes...), tfTargetGroup+": target_type enum.Validate[TargetTypeEnum]"),
		field("deregistrationDelay", intBetween(0, 3600), tfTargetGroup+": deregistration_delay ValidateTypeStringNullableIntBetween(0, 3600)"),
		field("slowStart", anyOf(intBetween(0, 0), intBetween(30, 900)), tfTargetGroup+": slow_start Any(IntBetween(0, 0), IntBetween(30, 900))"),
		field("healthCheck.healthyThreshold", intBetween(2, 10), tfTargetGroup+": health_check.healthy_threshold IntBetween(2, 10)"),
		field("healthCheck.unhealthyThreshold", intBetween(2, 10), tfTargetGroup+": health_check.unhealthy_threshold IntBetween(2, 10)"),
		field("healthCheck.interval", intBetween(5, 300), tfTargetGroup+": health_check.interval IntBetween(5, 300)"),
		field("healthCheck.timeout", intBetween(2, 120), tfTargetGroup+": health_check.timeout IntBetween(2, 120)"),
		field("healthCheck.path", allOf(lenBetween(1, 1024), prefixed("/")), tfTargetGroup+": health_check.path StringLenBetween(1, 1024), StringHasPrefix(/)"),
		field("healthCheck.protocol", oneOfFold(healthProtocols...), tfTargetGroup+": health_check.protocol StringInSlice(healthCheckProtocolEnumValues, true)"),
		field("healthCheck.port", anyOf(oneOf("traffic-port"), matches(`^([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$`, "a port 1-65535")),
			tfTargetGroup+": health_check.port validTargetGroupHealthCheckPort (traffic-port or 1-65535)"),
		field("stickiness.type", oneOf(stickinessTypes...), tfTargetGroup+": stickiness.type Required, StringInSlice(stickinessType_Values)"),
		field("stickiness.cookieDuration", intBetween(0, 604800), tfTargetGroup+": stickiness.cookie_duration IntBetween(0, 604800)"),
	},
	awstypes.LbListener: {
		required("loadBalancerArn", tfListener+": load_balancer_arn Required"),
		required("defaultActions", tfListener+": default_action Required"),
		field("port", intBetween(1, 65535), tfListener+": port IsPortNumber"),
		field("protocol", oneOfFold(elbProtocols...), tfListener+": protocol StringInSlice(ProtocolEnum_Values, true)"),
		field("certificateArn", validARN(), tfListener+": certificate_arn ValidARN"),
		field("defaultActions[].type", oneOfFold(actionTypes...), tfListener+": default_action.type StringInSlice(ActionTypeEnum_Values, true)"),
		field("defaultActions[].fixedResponse.contentType", oneOf(fixedContentTypes...), tfListener+": fixed_response.content_type StringInSlice"),
		field("defaultActions[].fixedResponse.statusCode", matches(`^[245]\d\d$`, "status code must match ^[245]\\d\\d$"), tfListener+": fixed_response.status_code StringMatch(^[245]\\d\\d$)"),
		field("defaultActions[].fixedResponse.messageBody", lenBetween(0, 1024), "AWS ELBv2 API Reference, FixedResponseActionConfig: MessageBody at most 1024 characters"),
		field("defaultActions[].redirect.statusCode", oneOf(redirectCodes...), tfListener+": redirect.status_code StringInSlice(RedirectActionStatusCodeEnum_Values)"),
		field("defaultActions[].redirect.protocol", oneOf("#{protocol}", "HTTP", "HTTPS"), tfListener+": redirect.protocol StringInSlice(#{protocol}, HTTP, HTTPS)"),
		field("defaultActions[].targetGroupArn", validARN(), tfListener+": default_action.target_group_arn ValidARN"),
	},
	awstypes.LbListenerRule: {
		required("listenerArn", tfListenerRule+": listener_arn Required"),
		required("actions", tfListenerRule+": action Required"),
		required("conditions", tfListenerRule+": condition Required"),
		field("priority", intBetween(1, 50000), tfListenerRule+": priority IntBetween(listenerRulePriorityMin=1, listenerRulePriorityMax=50000)"),
		field("actions[].type", oneOfFold(actionTypes...), tfListenerRule+": action.type StringInSlice(ActionTypeEnum_Values, true)"),
		field("actions[].targetGroupArn", validARN(), tfListenerRule+": action.target_group_arn ValidARN"),
		field("actions[].forward.targetGroups", allOf(minItems(1), maxItems(5)), tfListenerRule+": forward.target_group MinItems 1, MaxItems 5"),
		field("actions[].forward.targetGroups[].weight", intBetween(0, 999), tfListenerRule+": forward.target_group.weight IntBetween(0, 999)"),
		field("conditions[].hostHeader.values[]", lenBetween(1, 128), tfListenerRule+": condition.host_header.values StringLenBetween(1, 128)"),
		field("conditions[].pathPattern.values[]", lenBetween(1, 128), tfListenerRule+": condition.path_pattern.values StringLenBetween(1, 128)"),
	},
	awstypes.LbTargetGroupAttachment: {
		required("targetGroupArn", tfTGAttachment+": target_group_arn Required"),
		required("targetId", tfTGAttachment+": target_id Required"),
		field("port", intBetween(1, 65535), "AWS ELBv2 API Reference, TargetDescription: Port 1-65535"),
	},
	awstypes.EcsCluster: {
		field("name", allOf(lenBetween(1, 255), matches(ecsNamePattern, "must contain only letters, numbers, underscores and hyphens")),
			tfECSCluster+": name validateClusterName; AWS ECS CreateCluster: up to 255 letters, numbers, underscores, hyphens"),
		field("settings[].name", oneOf("containerInsights"), tfECSCluster+": setting.name enum.Validate[ClusterSettingName]"),
		field("settings[].value", oneOf(containerInsightsValues...), "AWS ECS API Reference, ClusterSetting: containerInsights is enhanced, enabled or disabled"),
	},
	awstypes.EcsClusterCapacityProviders: {
		required("clusterName", tfECSCapProviders+": cluster_name Required"),
		required("defaultCapacityProviderStrategies[].capacityProvider", tfECSCapProviders+": default_capacity_provider_strategy.capacity_provider Required"),
		field("defaultCapacityProviderStrategies[].base", intBetween(0, 100000), tfECSCapProviders+": default_capacity_provider_strategy.base IntBetween(0, 100000)"),
		field("defaultCapacityProviderStrategies[].weight", intBetween(0, 1000), tfECSCapProviders+": default_capacity_provider_strategy.weight IntBetween(0, 1000)"),
	},
	awstypes.EcsTaskDefinition: {
		required("family", tfECSTaskDef+": family Required"),
		required("containerDefinitions", tfECSTaskDef+": container_definitions Required"),
		field("family", allOf(lenBetween(1, 255), matches(familyPattern, "family may contain only letters, numbers, underscores and hyphens")),
			tfECSTaskDef+": family StringLenBetween(1, 255), StringMatch(^[0-9A-Za-z_-]+$)"),
		field("containerDefinitions", jsonDocument(), tfECSTaskDef+": container_definitions ValidTaskDefinitionContainerDefinitions (JSON)"),
		field("networkMode", oneOf(ecsNetworkModes...), tfECSTaskDef+": network_mode enum.Validate[NetworkMode]"),
		field("requiresCompatibilities[]", oneOf(ecsCompatibilities...), tfECSTaskDef+": requires_compatibilities enum.Validate[Compatibility]"),
		field("runtimePlatform.cpuArchitecture", oneOf(ecsCPUArch...), tfECSTaskDef+": runtime_platform.cpu_architecture enum.Validate[CPUArchitecture]"),
		field("runtimePlatform.operatingSystemFamily", oneOf(ecsOSFamilies...), tfECSTaskDef+": runtime_platform.operating_system_family enum.Validate[OSFamily]"),
		field("ephemeralStorage.sizeInGib", intBetween(21, 200), tfECSTaskDef+": ephemeral_storage.size_in_gib IntBetween(21, 200)"),
	},
	awstypes.EcsService: {
		field("name", allOf(lenBetween(1, 255), matches(ecsNamePattern, "must contain only letters, numbers, underscores and hyphens")),
			"AWS ECS API Reference, CreateService serviceName: up to 255 letters, numbers, underscores and hyphens"),
		field("launchType", oneOf(ecsLaunchTypes...), tfECSService+": launch_type enum.Validate[LaunchType]"),
		field("propagateTags", oneOf(ecsPropagateTags...), tfECSService+": propagate_tags enum.Validate[PropagateTags]"),
		field("capacityProviderStrategies[].base", intBetween(0, 100000), tfECSService+": capacity_provider_strategy.base IntBetween(0, 100000)"),
		field("capacityProviderStrategies[].weight", intBetween(0, 1000), tfECSService+": capacity_provider_strategy.weight IntBetween(0, 1000)"),
		required("capacityProviderStrategies[].capacityProvider", tfECSService+": capacity_provider_strategy.capacity_provider Required"),
		required("loadBalancers[].containerName", tfECSService+": load_balancer.container_name Required"),
		required("loadBalancers[].containerPort", tfECSService+": load_balancer.container_port Required"),
		field("loadBalancers[].containerPort", intBetween(0, 65536), tfECSService+": load_balancer.container_port IntBetween(0, 65536)"),
		field("loadBalancers[].targetGroupArn", validARN(), tfECSService+": load_balancer.target_group_arn ValidARN"),
		required("networkConfiguration.subnets", tfECSService+": network_configuration.subnets Required"),
		field("healthCheckGracePeriodSeconds", intBetween(0, 2147483647), tfECSService+": health_check_grace_period_seconds IntBetween(0, MaxInt32)"),
	},
	awstypes.IamRole: {
		required("assumeRolePolicy", tfIAMRole+": assume_role_policy Required"),
		field("assumeRolePolicy", jsonDocument(), tfIAMRole+": assume_role_policy StringIsJSON"),
		field("name", allOf(lenBetween(1, 64), matches(iamNamePattern, "must match [\\w+=,.@-]")), tfIAMRole+": name validResourceName(roleNameMaxLen=64)"),
		field("namePrefix", allOf(lenBetween(1, 64-uniqueIDSuffixLength), matches(iamNamePattern, "must match [\\w+=,.@-]")),
			tfIAMRole+": name_prefix validResourceName(roleNamePrefixMaxLen = 64 - UniqueIDSuffixLength)"),
		field("description", allOf(lenBetween(0, 1000), notMatches("[“‘]", "cannot contain specially formatted single or double quotes: [“‘]")),
			tfIAMRole+": description StringLenBetween(0, 1000), StringDoesNotMatch([“‘])"),
		field("path", lenBetween(0, 512), tfIAMRole+": path StringLenBetween(0, 512)"),
		field("maxSessionDuration", intBetween(3600, 43200), tfIAMRole+": max_session_duration IntBetween(3600, 43200)"),
	},
	awstypes.IamRolePolicy: {
		required("role", tfIAMRolePolicy+": role Required"),
		required("policy", tfIAMRolePolicy+": policy Required"),
		field("policy", allOf(jsonDocument(), lenBetween(1, 10240)), tfIAMRolePolicy+": policy ValidIAMPolicyJSON(10240)"),
		field("name", allOf(lenBetween(1, 128), matches(iamNamePattern, "must match [\\w+=,.@-]")), tfIAMRolePolicy+": name validRolePolicyName (1-128, [\\w+=,.@-])"),
	},
	awstypes.IamPolicy: {
		required("policy", tfIAMPolicy+": policy Required"),
		field("policy", jsonDocument(), tfIAMPolicy+": policy ValidIAMPolicyJSON"),
		field("name", allOf(lenBetween(1, 128), matches(iamNamePattern, "must match [\\w+=,.@-]")), tfIAMPolicy+": name validResourceName(policyNameMaxLen=128)"),
		field("namePrefix", allOf(lenBetween(1, 128-uniqueIDSuffixLength), matches(iamNamePattern, "must match [\\w+=,.@-]")),
			tfIAMPolicy+": name_prefix validResourceName(policyNamePrefixMaxLen = policyNameMaxLen - UniqueIDSuffixLength)"),
	},
	awstypes.IamRolePolicyAttachment: {
		required("role", tfIAMRPA+": role Required"),
		required("policyArn", tfIAMRPA+": policy_arn Required"),
		field("policyArn", validARN(), tfIAMRPA+": policy_arn ValidARN"),
	},
	awstypes.CloudwatchLogGroup: {
		field("name", allOf(lenBetween(1, 512), matches(logGroupNamePattern, "only alphanumeric characters, underscores, hyphens, slashes, hash signs and dots are allowed")),
			tfLogGroup+": name validLogGroupName (1-512, [.-_/#A-Za-z0-9])"),
		field("retentionInDays", intIn(logRetentionDays...), tfLogGroup+": retention_in_days IntInSlice(0, 1, 3, ..., 3653)"),
	},
	awstypes.Apigatewayv2API: {
		required("protocolType", tfAPIv2API+": protocol_type Required"),
		field("protocolType", oneOf(apiv2ProtocolTypes...), tfAPIv2API+": protocol_type enum.Validate[ProtocolType]"),
		field("name", lenBetween(1, apiGatewayNameLenMax), tfAPIv2API+": name StringLenBetween(1, 128)"),
		field("description", lenBetween(0, 1024), tfAPIv2API+": description StringLenBetween(0, 1024)"),
	},
	awstypes.Apigatewayv2VpcLink: {
		required("subnetIds", tfAPIv2VPCLink+": subnet_ids Required"),
		required("securityGroupIds", tfAPIv2VPCLink+": security_group_ids Required"),
		field("name", lenBetween(1, apiGatewayNameLenMax), tfAPIv2VPCLink+": name StringLenBetween(1, 128)"),
	},
	awstypes.Apigatewayv2Integration: {
		required("apiId", tfAPIv2Integr+": api_id Required"),
		required("integrationType", tfAPIv2Integr+": integration_type Required"),
		field("integrationType", oneOf(apiv2IntegrationTypes...), tfAPIv2Integr+": integration_type enum.Validate[IntegrationType]"),
		field("connectionType", oneOf(apiConnectionTypes...), tfAPIv2Integr+": connection_type enum.Validate[ConnectionType]"),
		field("payloadFormatVersion", oneOf(apiv2PayloadVersions...), tfAPIv2Integr+": payload_format_version StringInSlice(1.0, 2.0)"),
		field("connectionId", lenBetween(1, 1024), tfAPIv2Integr+": connection_id StringLenBetween(1, 1024)"),
		field("integrationMethod", matches(`^([A-Z]+)$|^ANY$`, "must be an HTTP method in upper case or ANY"), tfAPIv2Integr+": integration_method validHTTPMethod"),
	},
	awstypes.Apigatewayv2Route: {
		required("apiId", tfAPIv2Route+": api_id Required"),
		required("routeKey", tfAPIv2Route+": route_key Required"),
		field("target", lenBetween(1, 128), tfAPIv2Route+": target StringLenBetween(1, 128)"),
		field("operationName", lenBetween(1, 64), tfAPIv2Route+": operation_name StringLenBetween(1, 64)"),
	},
	awstypes.Apigatewayv2Authorizer: {
		required("apiId", tfAPIv2Authorizer+": api_id Required"),
		required("authorizerType", tfAPIv2Authorizer+": authorizer_type Required"),
		field("authorizerType", oneOf("JWT", "REQUEST"), tfAPIv2Authorizer+": authorizer_type enum.Validate[AuthorizerType]"),
		field("name", lenBetween(1, 128), tfAPIv2Authorizer+": name StringLenBetween(1, 128)"),
		field("authorizerPayloadFormatVersion", oneOf("1.0", "2.0"), tfAPIv2Authorizer+": authorizer_payload_format_version StringInSlice"),
		field("authorizerResultTtlInSeconds", intBetween(0, 3600), tfAPIv2Authorizer+": authorizer_result_ttl_in_seconds IntBetween(0, 3600)"),
	},
	awstypes.ApigatewayMethodSettings: {
		required("restApi", tfAPIMethodSet+": rest_api_id Required"),
		required("stageName", tfAPIMethodSet+": stage_name Required"),
		required("methodPath", tfAPIMethodSet+": method_path Required"),
		required("settings", tfAPIMethodSet+": settings Required, MaxItems 1"),
		field("settings.loggingLevel", oneOf("OFF", "ERROR", "INFO"), tfAPIMethodSet+": settings.logging_level StringInSlice(OFF, ERROR, INFO)"),
	},
	awstypes.Apigatewayv2Stage: {
		required("apiId", tfAPIv2Stage+": api_id Required"),
		field("name", lenBetween(1, apiGatewayNameLenMax), tfAPIv2Stage+": name StringLenBetween(1, 128)"),
		field("accessLogSettings.destinationArn", validARN(), tfAPIv2Stage+": access_log_settings.destination_arn ValidARN"),
		required("accessLogSettings.format", tfAPIv2Stage+": access_log_settings.format Required"),
	},
	awstypes.ApigatewayVpcLink: {
		required("targetArn", tfAPIVPCLink+": target_arns Required (pulumi-aws provider/resources.go renames it targetArn)"),
		field("targetArn", validARN(), tfAPIVPCLink+": target_arns elements are NLB ARNs"),
	},
	awstypes.ApigatewayRestAPI: {
		field("endpointConfiguration.types", allOf(minItems(1), maxItems(1)), tfAPIRestAPI+": endpoint_configuration.types MinItems 1, MaxItems 1"),
		field("endpointConfiguration.types[]", oneOf(restEndpointTypes...), tfAPIRestAPI+": endpoint_configuration.types StringInSlice(EndpointType_Values)"),
		field("policy", jsonDocument(), tfAPIRestAPI+": policy StringIsJSON"),
		field("minimumCompressionSize", intBetween(-1, 10485760), tfAPIRestAPI+": minimum_compression_size ValidateTypeStringNullableIntBetween(-1, 10485760)"),
	},
	awstypes.ApigatewayAccount: {
		field("cloudwatchRoleArn", validARN(), tfAPIAccount+": cloudwatch_role_arn ValidARN"),
	},
	awstypes.ApigatewayResource: {
		required("parentId", tfAPIResource+": parent_id Required"),
		required("pathPart", tfAPIResource+": path_part Required"),
		required("restApi", tfAPIResource+": rest_api_id Required"),
	},
	awstypes.ApigatewayMethod: {
		required("authorization", tfAPIMethod+": authorization Required"),
		required("httpMethod", tfAPIMethod+": http_method Required"),
		required("resourceId", tfAPIMethod+": resource_id Required"),
		required("restApi", tfAPIMethod+": rest_api_id Required"),
		field("httpMethod", oneOf(restHTTPMethods...), tfAPIMethod+": http_method validHTTPMethod"),
	},
	awstypes.ApigatewayIntegration: {
		required("httpMethod", tfAPIIntegration+": http_method Required"),
		required("resourceId", tfAPIIntegration+": resource_id Required"),
		required("restApi", tfAPIIntegration+": rest_api_id Required"),
		required("type", tfAPIIntegration+": type Required"),
		field("type", oneOf(restIntegrationTypes...), tfAPIIntegration+": type enum.Validate[IntegrationType]"),
		field("connectionType", oneOf(apiConnectionTypes...), tfAPIIntegration+": connection_type enum.Validate[ConnectionType]"),
		field("integrationHttpMethod", oneOf(restHTTPMethods...), tfAPIIntegration+": integration_http_method validHTTPMethod"),
		field("timeoutMilliseconds", intBetween(50, 29000), tfAPIIntegration+": timeout_milliseconds IntBetween(50, 29000)"),
	},
	awstypes.ApigatewayDeployment: {
		required("restApi", tfAPIDeployment+": rest_api_id Required"),
	},
	awstypes.ApigatewayStage: {
		required("deployment", tfAPIStage+": deployment_id Required"),
		required("restApi", tfAPIStage+": rest_api_id Required"),
		required("stageName", tfAPIStage+": stage_name Required"),
		field("accessLogSettings.destinationArn", validARN(), tfAPIStage+": access_log_settings.destination_arn ValidARN"),
	},
	awstypes.AppautoscalingTarget: {
		required("maxCapacity", tfAppASTarget+": max_capacity Required"),
		required("minCapacity", tfAppASTarget+": min_capacity Required"),
		required("resourceId", tfAppASTarget+": resource_id Required"),
		required("scalableDimension", tfAppASTarget+": scalable_dimension Required"),
		required("serviceNamespace", tfAppASTarget+": service_namespace Required"),
		field("serviceNamespace", oneOf(appASNamespaces...), "AWS Application Auto Scaling API Reference, RegisterScalableTarget ServiceNamespace"),
	},
	awstypes.AppautoscalingPolicy: {
		required("resourceId", tfAppASPolicy+": resource_id Required"),
		required("scalableDimension", tfAppASPolicy+": scalable_dimension Required"),
		required("serviceNamespace", tfAppASPolicy+": service_namespace Required"),
		field("name", lenBetween(0, 255), tfAppASPolicy+": name StringLenBetween(0, 255)"),
		field("policyType", oneOf(appASPolicyTypes...), "AWS Application Auto Scaling API Reference, PutScalingPolicy PolicyType (the v5 schema leaves it to AWS)"),
		field("targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.predefinedMetricType",
			oneOf(appASMetricTypes...), "AWS Application Auto Scaling API Reference, PredefinedMetricSpecification PredefinedMetricType (the v5 schema leaves it to AWS)"),
		field("targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.resourceLabel",
			lenBetween(0, 1023), tfAppASPolicy+": resource_label StringLenBetween(0, 1023)"),
		required("targetTrackingScalingPolicyConfiguration.targetValue", tfAppASPolicy+": target_tracking_scaling_policy_configuration.target_value Required"),
	},
	awstypes.SchedulerSchedule:      scheduleRules,
	awstypes.SchedulerScheduleGroup: scheduleGroupRules,
	awstypes.SqsQueue:               queueRules,
	awstypes.CloudwatchMetricAlarm:  metricAlarmFieldRules,
	awstypes.CloudwatchDashboard:    dashboardFieldRules,
	awstypes.CloudwatchEventRule:    eventRuleFieldRules,
	awstypes.CloudwatchEventTarget:  eventTargetFieldRules,
	awstypes.SnsTopic:               snsTopicFieldRules,
	awstypes.SnsTopicSubscription:   snsSubscriptionFieldRules,
	awstypes.KmsKey:                 kmsKeyFieldRules,
	awstypes.S3BucketV2: {
		field("bucket", allOf(lenBetween(3, 63), matches(bucketNamePattern, "only lowercase alphanumeric characters, dots and hyphens allowed, starting and ending with a letter or digit"),
			notMatches(`\.\.`, "can be only one period between labels"), notMatches(`^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$`, "must not be formatted as an IP address")),
			tfS3Bucket+": bucket StringLenBetween(0, 63) and validBucketName at create; AWS S3 User Guide, \"General purpose bucket naming rules\""),
	},
	awstypes.S3BucketPolicy: {
		required("bucket", tfS3BucketPolicy+": bucket Required"),
		required("policy", tfS3BucketPolicy+": policy Required"),
		field("policy", jsonDocument(), tfS3BucketPolicy+": policy ValidIAMPolicyJSON"),
	},
	awstypes.S3BucketPublicAccessBlock: {
		required("bucket", tfS3PAB+": bucket Required"),
	},
	awstypes.S3BucketServerSideEncryptionConfigurationV2: {
		required("bucket", tfS3SSE+": bucket Required"),
		required("rules", tfS3SSE+": rule Required"),
		field("rules[].applyServerSideEncryptionByDefault.sseAlgorithm", oneOf(sseAlgorithms...), tfS3SSE+": sse_algorithm enum.Validate[ServerSideEncryption]"),
	},
	awstypes.S3BucketLifecycleConfigurationV2: {
		required("bucket", tfS3Lifecycle+": bucket Required"),
		field("bucket", lenBetween(1, 63), tfS3Lifecycle+": bucket LengthBetween(1, 63)"),
		required("rules", tfS3Lifecycle+": rule Required"),
		required("rules[].id", tfS3Lifecycle+": rule.id Required"),
		required("rules[].status", tfS3Lifecycle+": rule.status Required"),
		field("rules[].id", lenBetween(1, 255), tfS3Lifecycle+": rule.id StringLenBetween(1, 255)"),
		field("rules[].status", oneOf(lifecycleRuleStatuses...), tfS3Lifecycle+": rule.status StringInSlice(Enabled, Disabled)"),
		field("rules[].expiration.days", intBetween(1, 2147483647), "AWS S3 API Reference, LifecycleExpiration: Days must be a positive integer"),
		field("rules[].abortIncompleteMultipartUpload.daysAfterInitiation", intBetween(1, 2147483647), "AWS S3 API Reference, AbortIncompleteMultipartUpload: DaysAfterInitiation must be a positive integer"),
	},
}

// securityGroupRuleRules are the constraints of aws_vpc_security_group_ingress_rule and ..._egress_rule (one schema).
var securityGroupRuleRules = []fieldRule{
	required("securityGroupId", "AWS EC2 API Reference, AuthorizeSecurityGroupIngress/Egress: GroupId is required"),
	required("ipProtocol", tfSGRuleFramework+": ip_protocol Required"),
	field("ipProtocol", matches(sgRuleProtocolPatterns, "ip_protocol must be tcp, udp, icmp, icmpv6, -1 or a protocol number"),
		"AWS EC2 API Reference, IpPermission IpProtocol: tcp, udp, icmp, icmpv6, -1 (all) or a protocol number"),
	field("fromPort", intBetween(-1, 65535), tfSGRuleFramework+": from_port int64validator.Between(-1, 65535)"),
	field("toPort", intBetween(-1, 65535), tfSGRuleFramework+": to_port int64validator.Between(-1, 65535)"),
	field("cidrIpv4", cidrV4(0, 32), tfSGRuleFramework+": cidr_ipv4 fwvalidators.IPv4CIDRNetworkAddress"),
	field("cidrIpv6", cidrV6(0, 128), tfSGRuleFramework+": cidr_ipv6 fwvalidators.IPv6CIDRNetworkAddress"),
	field("description", lenBetween(0, 255), "AWS EC2 API Reference, IpRange/SecurityGroupRule Description: up to 255 characters"),
}

// resourceRules are constraints across several inputs of one resource.
var resourceRules = map[tokens.Type][]resourceRule{
	awstypes.VpcSecurityGroupIngressRule: {sgRuleHasOnePeer},
	awstypes.VpcSecurityGroupEgressRule:  {sgRuleHasOnePeer},
	awstypes.Ec2DefaultNetworkACL:        {networkACLEntriesFit},
	awstypes.Ec2Route: {
		exactlyOne([]string{"destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"},
			tfRoute+": destination_* ExactlyOneOf"),
		exactlyOne([]string{"carrierGatewayId", "coreNetworkArn", "egressOnlyGatewayId", "gatewayId", "instanceId", "localGatewayId",
			"natGatewayId", "networkInterfaceId", "transitGatewayId", "vpcEndpointId", "vpcPeeringConnectionId"},
			tfRoute+": routeValidTargets ExactlyOneOf"),
	},
	awstypes.Ec2RouteTableAssociation: {
		exactlyOne([]string{"subnetId", "gatewayId"}, tfRouteTableAssoc+": subnet_id, gateway_id ExactlyOneOf"),
	},
	awstypes.Ec2FlowLog: {
		exactlyOne([]string{"eniId", "subnetId", "transitGatewayAttachmentId", "transitGatewayId", "vpcId"},
			tfFlowLog+": eni_id, subnet_id, transit_gateway_attachment_id, transit_gateway_id, vpc_id ExactlyOneOf"),
	},
	awstypes.Ec2NatGateway: {{
		name:   "a public NAT gateway needs an Elastic IP allocation",
		source: "AWS EC2 API Reference, CreateNatGateway: AllocationId is required for a public NAT gateway",
		check: func(props resource.PropertyMap) []plugin.CheckFailure {
			kind, known := str(props, "connectivityType")
			if !known && present(props["connectivityType"]) {
				return nil // unknown until up
			}
			if kind == "private" || present(props["allocationId"]) {
				return nil
			}
			return []plugin.CheckFailure{{Property: "allocationId",
				Reason: "a public NAT gateway needs allocationId (an Elastic IP allocation)"}}
		},
	}},
	awstypes.LbLoadBalancer: {
		exactlyOne([]string{"subnetMappings", "subnets"}, tfLB+": subnet_mapping, subnets ExactlyOneOf"),
	},
	awstypes.LbTargetGroup:               {albTargetGroupIsTCP, healthCheckTimeoutBelowInterval},
	awstypes.SchedulerSchedule:           {flexibleWindowFits},
	awstypes.SqsQueue:                    {sqsEncryptionChoice},
	awstypes.CloudwatchMetricAlarm:       metricAlarmResourceRules,
	awstypes.SnsTopicSubscription:        snsSubscriptionResourceRules,
	awstypes.CloudwatchEventTarget:       eventTargetResourceRules,
	awstypes.LbListener:                  {secureListenerHasCertificate},
	awstypes.EcsService:                  {launchTypeOrCapacityProviders, capacityProviderStrategy("capacityProviderStrategies")},
	awstypes.EcsClusterCapacityProviders: {capacityProviderStrategy("defaultCapacityProviderStrategies")},
	awstypes.EcsTaskDefinition: {{
		name:   "Fargate tasks use a valid CPU/memory pair",
		source: awsFargateSizes,
		check:  fargateSizes,
	}},
	awstypes.AppautoscalingPolicy: {{
		name:   "ALBRequestCountPerTarget needs a resource label",
		source: awsAppASLabel,
		check: func(props resource.PropertyMap) []plugin.CheckFailure {
			const spec = "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification"
			metric, ok := strAt(props, spec+".predefinedMetricType")
			if !ok || metric != "ALBRequestCountPerTarget" {
				return nil
			}
			for _, at := range lookup(props, spec+".resourceLabel") {
				if present(at.value) {
					return nil
				}
			}
			return []plugin.CheckFailure{{Property: resource.PropertyKey(spec + ".resourceLabel"),
				Reason: "ALBRequestCountPerTarget needs resourceLabel app/<lb>/<id>/targetgroup/<tg>/<id>"}}
		},
	}},
}

// exactlyOne is ExactlyOneOf of a schema: one and only one of keys is set (an unknown value counts as set).
func exactlyOne(keys []string, source string) resourceRule {
	return resourceRule{
		name:   "exactly one of " + fmt.Sprint(keys),
		source: source,
		check: func(props resource.PropertyMap) []plugin.CheckFailure {
			var set []string
			for _, key := range keys {
				if v, ok := props[resource.PropertyKey(key)]; ok && present(v) {
					set = append(set, key)
				}
			}
			if len(set) == 1 {
				return nil
			}
			return []plugin.CheckFailure{{Property: resource.PropertyKey(keys[0]),
				Reason: fmt.Sprintf("exactly one of %v must be specified, got %v", keys, set)}}
		},
	}
}

// networkACLEntryRules are the field rules of one direction's inline network ACL entries.
func networkACLEntryRules(direction string) []fieldRule {
	at := func(key string) string { return direction + "[]." + key }
	return []fieldRule{
		field(at("action"), oneOfFold("allow", "deny"), tfNACLEntry+": action StringInSlice(RuleAction, true)"),
		field(at("protocol"), matches(`^(-1|all|tcp|udp|icmp|ipv6-icmp|\d{1,3})$`, "a protocol name or number"),
			tfNACLEntry+": protocol, a name or number of its IANA table (the common names only here)"),
		field(at("fromPort"), intBetween(0, 65535), tfNACLEntry+": from_port IsPortNumberOrZero"),
		field(at("toPort"), intBetween(0, 65535), tfNACLEntry+": to_port IsPortNumberOrZero"),
		field(at("ruleNo"), intBetween(1, 32766), awsNACLEntry),
		field(at("cidrBlock"), cidrV4(0, 32), tfNACLEntry+": cidr_block ValidIPv4CIDRNetworkAddress"),
		field(at("ipv6CidrBlock"), cidrV6(0, 128), tfNACLEntry+": ipv6_cidr_block ValidIPv6CIDRNetworkAddress"),
	}
}

// networkACLEntriesFit: per direction, rule numbers are unique, each entry has one peer, protocol -1 carries no
// ports (terraform-provider-aws createNetworkACLEntries: "to_port and from_port must both be 0 to use the 'all'
// protocol", refused when the entry is created), and each address family holds at most 20 entries.
var networkACLEntriesFit = resourceRule{
	name:   "network ACL entries EC2 accepts",
	source: awsNACLEntry + "; " + awsNACLQuota + "; " + tfNACLEntry,
	check: func(props resource.PropertyMap) []plugin.CheckFailure {
		var failures []plugin.CheckFailure
		for _, direction := range []string{"ingress", "egress"} {
			numbers := map[float64]bool{}
			perFamily := map[string]int{}
			for _, entry := range lookup(props, direction+"[]") {
				plain, ok := known(entry.value)
				if !ok || !plain.IsObject() {
					continue
				}
				fields := plain.ObjectValue()
				fail := func(reason string) {
					failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(entry.path), Reason: reason})
				}
				if n, ok := number(fields, "ruleNo"); ok {
					if numbers[n] {
						fail(fmt.Sprintf("rule number %v is used twice in %s", n, direction))
					}
					numbers[n] = true
				}
				v4, v6 := present(fields["cidrBlock"]), present(fields["ipv6CidrBlock"])
				switch {
				case v4 == v6:
					fail("an entry needs exactly one of cidrBlock and ipv6CidrBlock")
				case v6:
					perFamily["IPv6"]++
				default:
					perFamily["IPv4"]++
				}
				if protocol, _ := str(fields, "protocol"); protocol == "-1" || protocol == "all" {
					from, _ := number(fields, "fromPort")
					to, _ := number(fields, "toPort")
					if from != 0 || to != 0 {
						fail(fmt.Sprintf("to_port (%v) and from_port (%v) must both be 0 to use the 'all' \"-1\" protocol!", to, from))
					}
				}
			}
			for _, family := range []string{"IPv4", "IPv6"} {
				if perFamily[family] > 20 {
					failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(direction),
						Reason: fmt.Sprintf("%d %s %s entries; a network ACL holds at most 20 per direction and address family", perFamily[family], family, direction)})
				}
			}
		}
		return failures
	},
}

// sgRuleHasOnePeer: a VPC security group rule names exactly one peer.
var sgRuleHasOnePeer = exactlyOne([]string{"cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"},
	tfSGRuleFramework+": cidr_ipv4, cidr_ipv6, prefix_list_id, referenced_security_group_id ExactlyOneOf")

// albTargetGroupIsTCP: a target group of type alb uses the TCP protocol.
var albTargetGroupIsTCP = resourceRule{
	name:   "an alb-type target group is TCP",
	source: awsALBTargetGroup,
	check: func(props resource.PropertyMap) []plugin.CheckFailure {
		kind, ok := str(props, "targetType")
		if !ok || kind != "alb" {
			return nil
		}
		protocol, known := str(props, "protocol")
		if !known && present(props["protocol"]) {
			return nil
		}
		if protocol != "TCP" {
			return []plugin.CheckFailure{{Property: "protocol",
				Reason: fmt.Sprintf("a target group of type alb must use protocol TCP, got %q", protocol)}}
		}
		return nil
	},
}

// healthCheckTimeoutBelowInterval: the health check timeout is smaller than its interval.
var healthCheckTimeoutBelowInterval = resourceRule{
	name:   "health check timeout below interval",
	source: awsHealthTimeout,
	check: func(props resource.PropertyMap) []plugin.CheckFailure {
		timeout, okTimeout := number(props, "healthCheck.timeout")
		interval, okInterval := number(props, "healthCheck.interval")
		if !okTimeout || !okInterval || timeout < interval {
			return nil
		}
		return []plugin.CheckFailure{{Property: "healthCheck.timeout",
			Reason: fmt.Sprintf("health check timeout %v must be smaller than the interval %v", timeout, interval)}}
	},
}

// secureListenerHasCertificate: an HTTPS or TLS listener names its default certificate.
var secureListenerHasCertificate = resourceRule{
	name:   "HTTPS and TLS listeners have a certificate",
	source: awsHTTPSListener,
	check: func(props resource.PropertyMap) []plugin.CheckFailure {
		protocol, ok := str(props, "protocol")
		if !ok || (protocol != "HTTPS" && protocol != "TLS") || present(props["certificateArn"]) {
			return nil
		}
		return []plugin.CheckFailure{{Property: "certificateArn",
			Reason: fmt.Sprintf("a %s listener needs certificateArn (CertificateNotFound otherwise)", protocol)}}
	},
}

// launchTypeOrCapacityProviders: a service sets launchType or a capacity provider strategy, not both.
var launchTypeOrCapacityProviders = resourceRule{
	name:   "launch type xor capacity provider strategy",
	source: awsLaunchTypeCPS,
	check: func(props resource.PropertyMap) []plugin.CheckFailure {
		if !present(props["launchType"]) {
			return nil
		}
		strategies, ok := props["capacityProviderStrategies"]
		if !ok {
			return nil
		}
		if plain, known := known(strategies); known && (plain.IsNull() || (plain.IsArray() && len(plain.ArrayValue()) == 0)) {
			return nil
		}
		return []plugin.CheckFailure{{Property: "capacityProviderStrategies",
			Reason: "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again."}}
	},
}

// capacityProviderStrategy: in the strategy at key, at most one item has a base above zero, and a strategy of
// several items has one with a weight above zero (all weights 0 makes CreateService fail). Missing base and weight
// are 0, as the schemas default them; unknown items are judged at up.
func capacityProviderStrategy(key string) resourceRule {
	return resourceRule{
		name:   "capacity provider strategy base and weights",
		source: awsStrategyItem,
		check: func(props resource.PropertyMap) []plugin.CheckFailure {
			plain, ok := known(props[resource.PropertyKey(key)])
			if !ok || !plain.IsArray() {
				return nil
			}
			items := plain.ArrayValue()
			withBase, weighted := 0, false
			for _, item := range items {
				obj, ok := known(item)
				if !ok || !obj.IsObject() {
					return nil
				}
				values := obj.ObjectValue()
				for field, count := range map[string]func(int){
					"base":   func(n int) { withBase += boolToInt(n > 0) },
					"weight": func(n int) { weighted = weighted || n > 0 },
				} {
					v, has := values[resource.PropertyKey(field)]
					if !has || v.IsNull() {
						continue
					}
					value, ok := known(v)
					if !ok {
						return nil
					}
					if n, ok := asInt(value); ok {
						count(n)
					}
				}
			}
			var failures []plugin.CheckFailure
			if withBase > 1 {
				failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(key),
					Reason: fmt.Sprintf("%d capacity providers have a base; only one capacity provider in a capacity provider strategy can have a base defined", withBase)})
			}
			if len(items) > 1 && !weighted {
				failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(key),
					Reason: "every capacity provider has weight 0; with several capacity providers at least one must have a weight greater than zero"})
			}
			return failures
		},
	}
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fargateCPUMemory lists, per Fargate task CPU unit value, the memory values (MiB) AWS accepts.
var fargateCPUMemory = map[int][]int{
	256:   {512, 1024, 2048},
	512:   {1024, 2048, 3072, 4096},
	1024:  rangeStep(2048, 8192, 1024),
	2048:  rangeStep(4096, 16384, 1024),
	4096:  rangeStep(8192, 30720, 1024),
	8192:  rangeStep(16384, 61440, 4096),
	16384: rangeStep(32768, 122880, 8192),
}

func rangeStep(from, to, step int) []int {
	var out []int
	for v := from; v <= to; v += step {
		out = append(out, v)
	}
	return out
}

// fargateSizes checks cpu and memory of a task definition that requires FARGATE.
func fargateSizes(props resource.PropertyMap) []plugin.CheckFailure {
	compat, all := stringList(props, "requiresCompatibilities")
	if !all || !containsString(compat, "FARGATE") {
		return nil
	}
	var failures []plugin.CheckFailure
	cpuText, cpuKnown := str(props, "cpu")
	memText, memKnown := str(props, "memory")
	if !present(props["cpu"]) {
		failures = append(failures, plugin.CheckFailure{Property: "cpu", Reason: "Fargate requires task definition to have cpu set"})
	}
	if !present(props["memory"]) {
		failures = append(failures, plugin.CheckFailure{Property: "memory", Reason: "Fargate requires task definition to have memory set"})
	}
	if !cpuKnown || !memKnown || len(failures) > 0 {
		return failures
	}
	cpu, errCPU := asInt(resource.NewStringProperty(cpuText))
	memory, errMem := asInt(resource.NewStringProperty(memText))
	allowed, ok := fargateCPUMemory[cpu]
	switch {
	case !errCPU || !ok:
		failures = append(failures, plugin.CheckFailure{Property: "cpu",
			Reason: fmt.Sprintf("No Fargate configuration exists for given values: cpu %q is not 256, 512, 1024, 2048, 4096, 8192 or 16384", cpuText)})
	case !errMem || !containsInt(allowed, memory):
		failures = append(failures, plugin.CheckFailure{Property: "memory",
			Reason: fmt.Sprintf("No Fargate configuration exists for given values: %s CPU, %s memory. See the Amazon ECS documentation for the valid values.", cpuText, memText)})
	}
	return failures
}

func containsString(values []string, want string) bool {
	for _, v := range values {
		if v == want {
			return true
		}
	}
	return false
}

func containsInt(values []int, want int) bool {
	for _, v := range values {
		if v == want {
			return true
		}
	}
	return false
}

// checkInputs applies the field and resource rules of typ to props and returns every failure, each naming the
// property and ending with the rule's source.
func checkInputs(typ tokens.Type, props resource.PropertyMap) []plugin.CheckFailure {
	var failures []plugin.CheckFailure
	for _, rule := range inputRules[typ] {
		found := lookup(props, rule.path)
		for _, at := range found {
			if rule.required && !present(at.value) {
				failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(at.path),
					Reason: fmt.Sprintf("Missing required argument: The argument %q is required, but no definition was found. (%s)", at.path, rule.source)})
				continue
			}
			if rule.check.judge == nil {
				continue
			}
			plain, ok := known(at.value)
			if !ok || plain.IsNull() {
				continue
			}
			if reason := rule.check.judge(plain); reason != "" {
				failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(at.path),
					Reason: fmt.Sprintf("invalid value for %s (%s): %s", at.path, rule.source, reason)})
			}
		}
	}
	for _, rule := range resourceRules[typ] {
		for _, failure := range rule.check(props) {
			failure.Reason = fmt.Sprintf("%s (%s)", failure.Reason, rule.source)
			failures = append(failures, failure)
		}
	}
	return append(failures, checkTags(props)...)
}

// Tag limits every taggable AWS resource shares (the schemas' tftags.TagsSchema validates none of them; AWS refuses
// the create or tag call).
const (
	maxTagsPerResource = 50
	maxTagKeyLength    = 128
	maxTagValueLength  = 256
)

// checkTags applies the AWS tag limits to a known tags map.
func checkTags(props resource.PropertyMap) []plugin.CheckFailure {
	value, has := props["tags"]
	if !has {
		return nil
	}
	plain, ok := known(value)
	if !ok || !plain.IsObject() {
		return nil
	}
	tags := plain.ObjectValue()
	var failures []plugin.CheckFailure
	fail := func(property, reason string) {
		failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(property),
			Reason: fmt.Sprintf("invalid value for %s (%s): %s", property, awsTagLimits, reason)})
	}
	if len(tags) > maxTagsPerResource {
		fail("tags", fmt.Sprintf("%d tags, at most %d allowed per resource", len(tags), maxTagsPerResource))
	}
	for _, key := range tags.StableKeys() {
		name := string(key)
		property := "tags." + name
		switch n := utf8.RuneCountInString(name); {
		case n < 1 || n > maxTagKeyLength:
			fail(property, fmt.Sprintf("tag key is %d characters, expected 1 to %d", n, maxTagKeyLength))
		case strings.HasPrefix(strings.ToLower(name), "aws:"):
			fail(property, "tag keys starting with aws: are reserved for AWS use")
		}
		if v, ok := known(tags[key]); ok && v.IsString() {
			if n := utf8.RuneCountInString(v.StringValue()); n > maxTagValueLength {
				fail(property, fmt.Sprintf("tag value is %d characters, at most %d allowed", n, maxTagValueLength))
			}
		}
	}
	return failures
}

// schemasWithoutValidators are registered types whose schema validates none of the inputs the program sets; the
// coverage test accepts them without field rules, and the shared tag limits still apply.
var schemasWithoutValidators = map[tokens.Type]string{
	awstypes.Ec2DefaultSecurityGroup: tfDefaultSG + ": vpc_id Optional+Computed+ForceNew, tags; " +
		"only the ingress/egress rule blocks (which the program leaves empty) carry validators",
	awstypes.Ec2InternetGateway: tfIGW + ": vpc_id Optional+Computed and tags, neither with a ValidateFunc",
}
