package rules

// Resource type tokens the rules read.
//
// pulumi-aws tokens come from the v6 Go SDK (sdk/go/aws/<module>/<resource>.go, which registers the token and its
// aliases) and are unchanged in v7 (@pulumi/aws 7.12.0 <module>/<resource>.js, `__pulumiType`). The legacy tokens are
// the aliases those same files still declare (e.g. lb/loadBalancer.go: aws:elasticloadbalancingv2/loadBalancer,
// aws:applicationloadbalancing/loadBalancer; elb/loadBalancer.go: aws:elasticloadbalancing/loadBalancer): the engine
// accepts a program that registers them directly, so the rules must too. aws-native tokens come from
// @pulumi/aws-native 1.79.0 (<module>/<resource>.js, `__pulumiType`).
const (
	typeSubnet                     = "aws:ec2/subnet:Subnet"
	typeDefaultSubnet              = "aws:ec2/defaultSubnet:DefaultSubnet"
	typeVpc                        = "aws:ec2/vpc:Vpc"
	typeInstance                   = "aws:ec2/instance:Instance"
	typeLaunchTemplate             = "aws:ec2/launchTemplate:LaunchTemplate"
	typeEip                        = "aws:ec2/eip:Eip"
	typeEipAssociation             = "aws:ec2/eipAssociation:EipAssociation"
	typeNatGateway                 = "aws:ec2/natGateway:NatGateway"
	typeInternetGateway            = "aws:ec2/internetGateway:InternetGateway"
	typeRoute                      = "aws:ec2/route:Route"
	typeRouteTable                 = "aws:ec2/routeTable:RouteTable"
	typeRouteTableAssociation      = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeSecurityGroup              = "aws:ec2/securityGroup:SecurityGroup"
	typeDefaultSecurityGroup       = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	typeSecurityGroupRule          = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeSecurityGroupIngressRule   = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeVpcEndpoint                = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeVpcEndpointRouteTableAssoc = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation"
	typeRoute53Zone                = "aws:route53/zone:Zone"
	typeRoute53ZoneAssociation     = "aws:route53/zoneAssociation:ZoneAssociation"
	typePrivateDNSNamespace        = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"
	typeEcsCluster                 = "aws:ecs/cluster:Cluster"
	typeEcsService                 = "aws:ecs/service:Service"
	typeEcsTaskSet                 = "aws:ecs/taskSet:TaskSet"
	typeEcsTaskDefinition          = "aws:ecs/taskDefinition:TaskDefinition"
	typeLogGroup                   = "aws:cloudwatch/logGroup:LogGroup"
	typeLoadBalancer               = "aws:lb/loadBalancer:LoadBalancer"
	typeAlbLoadBalancer            = "aws:alb/loadBalancer:LoadBalancer"
	typeElbv2LoadBalancer          = "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer"
	typeAppLBLoadBalancer          = "aws:applicationloadbalancing/loadBalancer:LoadBalancer"
	typeClassicLoadBalancer        = "aws:elb/loadBalancer:LoadBalancer"
	typeLegacyClassicLoadBalancer  = "aws:elasticloadbalancing/loadBalancer:LoadBalancer"
	typeTargetGroup                = "aws:lb/targetGroup:TargetGroup"
	typeAlbTargetGroup             = "aws:alb/targetGroup:TargetGroup"
	typeElbv2TargetGroup           = "aws:elasticloadbalancingv2/targetGroup:TargetGroup"
	typeAppLBTargetGroup           = "aws:applicationloadbalancing/targetGroup:TargetGroup"
	typeListener                   = "aws:lb/listener:Listener"
	typeAlbListener                = "aws:alb/listener:Listener"
	typeElbv2Listener              = "aws:elasticloadbalancingv2/listener:Listener"
	typeAppLBListener              = "aws:applicationloadbalancing/listener:Listener"

	nativeSubnet                = "aws-native:ec2:Subnet"
	nativeVpc                   = "aws-native:ec2:Vpc"
	nativeInstance              = "aws-native:ec2:Instance"
	nativeLaunchTemplate        = "aws-native:ec2:LaunchTemplate"
	nativeEip                   = "aws-native:ec2:Eip"
	nativeEipAssociation        = "aws-native:ec2:EipAssociation"
	nativeNatGateway            = "aws-native:ec2:NatGateway"
	nativeInternetGateway       = "aws-native:ec2:InternetGateway"
	nativeRoute                 = "aws-native:ec2:Route"
	nativeRouteTable            = "aws-native:ec2:RouteTable"
	nativeSubnetRouteTableAssoc = "aws-native:ec2:SubnetRouteTableAssociation"
	nativeSecurityGroup         = "aws-native:ec2:SecurityGroup"
	nativeSecurityGroupIngress  = "aws-native:ec2:SecurityGroupIngress"
	nativeVpcEndpoint           = "aws-native:ec2:VpcEndpoint"
	nativeHostedZone            = "aws-native:route53:HostedZone"
	nativePrivateDNSNamespace   = "aws-native:servicediscovery:PrivateDnsNamespace"
	nativeEcsService            = "aws-native:ecs:Service"
	nativeEcsTaskSet            = "aws-native:ecs:TaskSet"
	nativeLoadBalancer          = "aws-native:elasticloadbalancingv2:LoadBalancer"
	nativeClassicLoadBalancer   = "aws-native:elasticloadbalancing:LoadBalancer"
	nativeTargetGroup           = "aws-native:elasticloadbalancingv2:TargetGroup"
	nativeListener              = "aws-native:elasticloadbalancingv2:Listener"

	defaultListenerSSLPolicyIfUnset = "ELBSecurityPolicy-2016-08"
)

var (
	subnetTypes         = []string{typeSubnet, typeDefaultSubnet, nativeSubnet}
	vpcTypes            = []string{typeVpc, nativeVpc}
	ecsServiceTypes     = []string{typeEcsService, typeEcsTaskSet, nativeEcsService, nativeEcsTaskSet}
	instanceTypes       = []string{typeInstance, nativeInstance}
	launchTemplateTypes = []string{typeLaunchTemplate, nativeLaunchTemplate}
	eipTypes            = []string{typeEip, nativeEip}
	natGatewayTypes     = []string{typeNatGateway, nativeNatGateway}
	vpcEndpointTypes    = []string{typeVpcEndpoint, nativeVpcEndpoint}
	securityGroupTypes  = []string{
		typeSecurityGroup, typeDefaultSecurityGroup, typeSecurityGroupRule, typeSecurityGroupIngressRule,
		nativeSecurityGroup, nativeSecurityGroupIngress,
	}
	// loadBalancerTypes are the v2 (application, network, gateway) load balancers.
	loadBalancerTypes        = []string{typeLoadBalancer, typeAlbLoadBalancer, typeElbv2LoadBalancer, typeAppLBLoadBalancer, nativeLoadBalancer}
	classicLoadBalancerTypes = []string{typeClassicLoadBalancer, typeLegacyClassicLoadBalancer, nativeClassicLoadBalancer}
	targetGroupTypes         = []string{typeTargetGroup, typeAlbTargetGroup, typeElbv2TargetGroup, typeAppLBTargetGroup, nativeTargetGroup}
	listenerTypes            = []string{typeListener, typeAlbListener, typeElbv2Listener, typeAppLBListener, nativeListener}

	routeTypes                 = []string{typeRoute, nativeRoute}
	routeTableTypes            = []string{typeRouteTable, nativeRouteTable}
	routeTableAssociationTypes = []string{typeRouteTableAssociation, nativeSubnetRouteTableAssoc}
	internetGatewayTypes       = []string{typeInternetGateway, nativeInternetGateway}
)

// isNative reports whether a token belongs to the aws-native (Cloud Control) provider, whose property names and
// enums differ from pulumi-aws's.
func isNative(token string) bool {
	return len(token) > 11 && token[:11] == "aws-native:"
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// Tokens of the FSBP rules (fsbp_rules.go). pulumi-aws v7 renamed the S3 `…V2` resources to their plain names and
// keeps the V2 tokens as aliases (@pulumi/aws 7.12.0 s3/bucket.js, s3/bucketLogging.js); both are listed.
const (
	typeFlowLog                  = "aws:ec2/flowLog:FlowLog"
	typeNetworkACL               = "aws:ec2/networkAcl:NetworkAcl"
	typeDefaultNetworkACL        = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
	typeNetworkACLRule           = "aws:ec2/networkAclRule:NetworkAclRule"
	typeSecurityGroupEgressRule  = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	typeEcsCapacityProvider      = "aws:ecs/capacityProvider:CapacityProvider"
	typeAPIStage                 = "aws:apigateway/stage:Stage"
	typeAPIMethodSettings        = "aws:apigateway/methodSettings:MethodSettings"
	typeAPIV2Stage               = "aws:apigatewayv2/stage:Stage"
	typeAPIV2Route               = "aws:apigatewayv2/route:Route"
	typeAPIV2Integration         = "aws:apigatewayv2/integration:Integration"
	typeAPIV2Api                 = "aws:apigatewayv2/api:Api"
	typeIAMPolicy                = "aws:iam/policy:Policy"
	typeIAMRole                  = "aws:iam/role:Role"
	typeIAMRolePolicy            = "aws:iam/rolePolicy:RolePolicy"
	typeIAMUserPolicy            = "aws:iam/userPolicy:UserPolicy"
	typeIAMGroupPolicy           = "aws:iam/groupPolicy:GroupPolicy"
	typeIAMUserPolicyAttachment  = "aws:iam/userPolicyAttachment:UserPolicyAttachment"
	typeIAMRolePolicyAttachment  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeIAMGroupPolicyAttachment = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
	typeIAMPolicyAttachment      = "aws:iam/policyAttachment:PolicyAttachment"
	typeIAMPasswordPolicy        = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"
	typeS3Bucket                 = "aws:s3/bucket:Bucket"
	typeS3BucketV2               = "aws:s3/bucketV2:BucketV2"
	typeS3BucketPolicy           = "aws:s3/bucketPolicy:BucketPolicy"
	typeS3BucketACL              = "aws:s3/bucketAcl:BucketAcl"
	typeS3BucketACLV2            = "aws:s3/bucketAclV2:BucketAclV2"
	typeS3PublicAccessBlock      = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	typeS3AccountPublicAccess    = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
	typeS3AccessPoint            = "aws:s3/accessPoint:AccessPoint"
	typeS3Logging                = "aws:s3/bucketLogging:BucketLogging"
	typeS3LoggingV2              = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	typeS3Lifecycle              = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
	typeS3LifecycleV2            = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	typeS3Ownership              = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	typeS3Replication            = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	typeS3Notification           = "aws:s3/bucketNotification:BucketNotification"
	typeTransitGateway           = "aws:ec2transitgateway/transitGateway:TransitGateway"
	typeClientVPNEndpoint        = "aws:ec2clientvpn/endpoint:Endpoint"
	typeEBSVolume                = "aws:ebs/volume:Volume"
	typeELBPolicy                = "aws:elb/loadBalancerPolicy:LoadBalancerPolicy"
	typeELBSSLNegotiationPolicy  = "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy"

	nativeFlowLog        = "aws-native:ec2:FlowLog"
	nativeEcsTaskDef     = "aws-native:ecs:TaskDefinition"
	nativeAPIV2Route     = "aws-native:apigatewayv2:Route"
	nativeIAMPolicy      = "aws-native:iam:ManagedPolicy"
	nativeIAMRolePolicy  = "aws-native:iam:RolePolicy"
	nativeIAMRole        = "aws-native:iam:Role"
	nativeS3Bucket       = "aws-native:s3:Bucket"
	nativeS3BucketPolicy = "aws-native:s3:BucketPolicy"
)

var (
	s3BucketTypes       = []string{typeS3Bucket, typeS3BucketV2, nativeS3Bucket}
	s3BucketPolicyTypes = []string{typeS3BucketPolicy, nativeS3BucketPolicy}
	s3LoggingTypes      = []string{typeS3Logging, typeS3LoggingV2}
	s3LifecycleTypes    = []string{typeS3Lifecycle, typeS3LifecycleV2}
	iamPolicyDocTypes   = []string{typeIAMPolicy, typeIAMRolePolicy, typeIAMUserPolicy, typeIAMGroupPolicy, typeIAMRole, nativeIAMPolicy, nativeIAMRolePolicy, nativeIAMRole}
	iamAttachmentTypes  = []string{typeIAMUserPolicyAttachment, typeIAMRolePolicyAttachment, typeIAMGroupPolicyAttachment, typeIAMPolicyAttachment, typeIAMRole, nativeIAMRole}
	ecsTaskDefTypes     = []string{typeEcsTaskDefinition, nativeEcsTaskDef}
	// aws-native 1.79.0 has no network ACL entry resource (no aws-native:ec2:NetworkAclEntry in the package).
	networkACLTypes    = []string{typeNetworkACL, typeDefaultNetworkACL, typeNetworkACLRule}
	apiV2RouteTypes    = []string{typeAPIV2Route, nativeAPIV2Route}
	defaultSGRuleTypes = []string{typeSecurityGroupRule, typeSecurityGroupIngressRule, typeSecurityGroupEgressRule}
	ecsPlatformTypes   = []string{typeEcsService, typeEcsTaskSet, nativeEcsService, nativeEcsTaskSet}
)
