// Package awstypes spells each AWS resource type token once, for the program's tests, the policy pack, the
// offline stand-in provider and the tools that read a stack's resources.
//
// A constant's name is derived from its token: the module with its first letter upper-cased, then the resource name,
// with Go's initialisms (API, ACL, DNS); aws-native tokens start with Native. So "aws:ecs/service:Service" is
// EcsService and "aws-native:ec2:Subnet" is NativeEc2Subnet.
//
// pulumi-aws tokens come from the v6 Go SDK (sdk/go/aws/<module>/<resource>.go, which registers the token and its
// aliases) and are unchanged in v7 (@pulumi/aws 7.12.0 <module>/<resource>.js, `__pulumiType`). The legacy tokens are
// the aliases those same files still declare (e.g. lb/loadBalancer.go: aws:elasticloadbalancingv2/loadBalancer,
// aws:applicationloadbalancing/loadBalancer; elb/loadBalancer.go: aws:elasticloadbalancing/loadBalancer): the engine
// accepts a program that registers them directly, so the policy rules must too. pulumi-aws v7 renamed the S3 `…V2`
// resources to their plain names and keeps the V2 tokens as aliases (@pulumi/aws 7.12.0 s3/bucket.js,
// s3/bucketLogging.js); both are listed. aws-native tokens come from @pulumi/aws-native 1.79.0
// (<module>/<resource>.js, `__pulumiType`).
package awstypes

// pulumi-aws resource types, by module.
const (
	ApigatewayAccount        = "aws:apigateway/account:Account"
	ApigatewayDeployment     = "aws:apigateway/deployment:Deployment"
	ApigatewayIntegration    = "aws:apigateway/integration:Integration"
	ApigatewayMethod         = "aws:apigateway/method:Method"
	ApigatewayMethodSettings = "aws:apigateway/methodSettings:MethodSettings"
	ApigatewayResource       = "aws:apigateway/resource:Resource"
	ApigatewayRestAPI        = "aws:apigateway/restApi:RestApi"
	ApigatewayStage          = "aws:apigateway/stage:Stage"
	ApigatewayVpcLink        = "aws:apigateway/vpcLink:VpcLink"

	Apigatewayv2API         = "aws:apigatewayv2/api:Api"
	Apigatewayv2Authorizer  = "aws:apigatewayv2/authorizer:Authorizer"
	Apigatewayv2Integration = "aws:apigatewayv2/integration:Integration"
	Apigatewayv2Route       = "aws:apigatewayv2/route:Route"
	Apigatewayv2Stage       = "aws:apigatewayv2/stage:Stage"
	Apigatewayv2VpcLink     = "aws:apigatewayv2/vpcLink:VpcLink"

	AppautoscalingPolicy = "aws:appautoscaling/policy:Policy"
	AppautoscalingTarget = "aws:appautoscaling/target:Target"

	BatchJobDefinition = "aws:batch/jobDefinition:JobDefinition"

	CloudwatchEventTarget = "aws:cloudwatch/eventTarget:EventTarget"
	CloudwatchLogGroup    = "aws:cloudwatch/logGroup:LogGroup"
	CloudwatchDashboard   = "aws:cloudwatch/dashboard:Dashboard"
	CloudwatchEventRule   = "aws:cloudwatch/eventRule:EventRule"
	CloudwatchMetricAlarm = "aws:cloudwatch/metricAlarm:MetricAlarm"

	EbsVolume = "aws:ebs/volume:Volume"

	Ec2DefaultNetworkACL                = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl"
	Ec2DefaultSecurityGroup             = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	Ec2DefaultSubnet                    = "aws:ec2/defaultSubnet:DefaultSubnet"
	Ec2EgressOnlyInternetGateway        = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"
	Ec2Eip                              = "aws:ec2/eip:Eip"
	Ec2EipAssociation                   = "aws:ec2/eipAssociation:EipAssociation"
	Ec2FlowLog                          = "aws:ec2/flowLog:FlowLog"
	Ec2Instance                         = "aws:ec2/instance:Instance"
	Ec2InternetGateway                  = "aws:ec2/internetGateway:InternetGateway"
	Ec2InternetGatewayAttachment        = "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment"
	Ec2LaunchTemplate                   = "aws:ec2/launchTemplate:LaunchTemplate"
	Ec2NatGateway                       = "aws:ec2/natGateway:NatGateway"
	Ec2NetworkACL                       = "aws:ec2/networkAcl:NetworkAcl"
	Ec2NetworkACLRule                   = "aws:ec2/networkAclRule:NetworkAclRule"
	Ec2Route                            = "aws:ec2/route:Route"
	Ec2RouteTable                       = "aws:ec2/routeTable:RouteTable"
	Ec2RouteTableAssociation            = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	Ec2SecurityGroup                    = "aws:ec2/securityGroup:SecurityGroup"
	Ec2SecurityGroupRule                = "aws:ec2/securityGroupRule:SecurityGroupRule"
	Ec2Subnet                           = "aws:ec2/subnet:Subnet"
	Ec2Vpc                              = "aws:ec2/vpc:Vpc"
	Ec2VpcEndpoint                      = "aws:ec2/vpcEndpoint:VpcEndpoint"
	Ec2VpcEndpointRouteTableAssociation = "aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation"

	Ec2clientvpnEndpoint = "aws:ec2clientvpn/endpoint:Endpoint"

	Ec2transitgatewayTransitGateway = "aws:ec2transitgateway/transitGateway:TransitGateway"

	EcsCapacityProvider         = "aws:ecs/capacityProvider:CapacityProvider"
	EcsCluster                  = "aws:ecs/cluster:Cluster"
	EcsClusterCapacityProviders = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders"
	EcsService                  = "aws:ecs/service:Service"
	EcsTaskDefinition           = "aws:ecs/taskDefinition:TaskDefinition"
	EcsTaskSet                  = "aws:ecs/taskSet:TaskSet"

	ElbLoadBalancer         = "aws:elb/loadBalancer:LoadBalancer"
	ElbLoadBalancerPolicy   = "aws:elb/loadBalancerPolicy:LoadBalancerPolicy"
	ElbSslNegotiationPolicy = "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy"

	IamAccountPasswordPolicy = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"
	IamGroupPolicy           = "aws:iam/groupPolicy:GroupPolicy"
	IamGroupPolicyAttachment = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment"
	IamPolicy                = "aws:iam/policy:Policy"
	IamPolicyAttachment      = "aws:iam/policyAttachment:PolicyAttachment"
	IamRole                  = "aws:iam/role:Role"
	IamRolePolicy            = "aws:iam/rolePolicy:RolePolicy"
	IamRolePolicyAttachment  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	IamUserPolicy            = "aws:iam/userPolicy:UserPolicy"
	IamUserPolicyAttachment  = "aws:iam/userPolicyAttachment:UserPolicyAttachment"

	KmsKey = "aws:kms/key:Key"

	LbListener              = "aws:lb/listener:Listener"
	LbListenerRule          = "aws:lb/listenerRule:ListenerRule"
	LbLoadBalancer          = "aws:lb/loadBalancer:LoadBalancer"
	LbTargetGroup           = "aws:lb/targetGroup:TargetGroup"
	LbTargetGroupAttachment = "aws:lb/targetGroupAttachment:TargetGroupAttachment"

	PipesPipe = "aws:pipes/pipe:Pipe"

	Route53Zone            = "aws:route53/zone:Zone"
	Route53ZoneAssociation = "aws:route53/zoneAssociation:ZoneAssociation"

	S3AccessPoint                               = "aws:s3/accessPoint:AccessPoint"
	S3AccountPublicAccessBlock                  = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
	S3Bucket                                    = "aws:s3/bucket:Bucket"
	S3BucketACL                                 = "aws:s3/bucketAcl:BucketAcl"
	S3BucketACLV2                               = "aws:s3/bucketAclV2:BucketAclV2"
	S3BucketLifecycleConfiguration              = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
	S3BucketLifecycleConfigurationV2            = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	S3BucketLogging                             = "aws:s3/bucketLogging:BucketLogging"
	S3BucketLoggingV2                           = "aws:s3/bucketLoggingV2:BucketLoggingV2"
	S3BucketNotification                        = "aws:s3/bucketNotification:BucketNotification"
	S3BucketOwnershipControls                   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	S3BucketPolicy                              = "aws:s3/bucketPolicy:BucketPolicy"
	S3BucketPublicAccessBlock                   = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	S3BucketReplicationConfig                   = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
	S3BucketServerSideEncryptionConfigurationV2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	S3BucketV2                                  = "aws:s3/bucketV2:BucketV2"

	SchedulerSchedule      = "aws:scheduler/schedule:Schedule"
	SchedulerScheduleGroup = "aws:scheduler/scheduleGroup:ScheduleGroup"

	ServicediscoveryPrivateDNSNamespace = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace"
	ServicediscoveryService             = "aws:servicediscovery/service:Service"

	SfnStateMachine = "aws:sfn/stateMachine:StateMachine"

	SqsQueue             = "aws:sqs/queue:Queue"
	SqsQueuePolicy       = "aws:sqs/queuePolicy:QueuePolicy"
	SnsTopic             = "aws:sns/topic:Topic"
	SnsTopicSubscription = "aws:sns/topicSubscription:TopicSubscription"

	VpcSecurityGroupEgressRule  = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	VpcSecurityGroupIngressRule = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
)

// Legacy pulumi-aws load balancer tokens: aliases that lb/*.go and elb/loadBalancer.go still declare.
const (
	AlbListener     = "aws:alb/listener:Listener"
	AlbLoadBalancer = "aws:alb/loadBalancer:LoadBalancer"
	AlbTargetGroup  = "aws:alb/targetGroup:TargetGroup"

	ApplicationloadbalancingListener     = "aws:applicationloadbalancing/listener:Listener"
	ApplicationloadbalancingLoadBalancer = "aws:applicationloadbalancing/loadBalancer:LoadBalancer"
	ApplicationloadbalancingTargetGroup  = "aws:applicationloadbalancing/targetGroup:TargetGroup"

	ElasticloadbalancingLoadBalancer = "aws:elasticloadbalancing/loadBalancer:LoadBalancer"

	Elasticloadbalancingv2Listener     = "aws:elasticloadbalancingv2/listener:Listener"
	Elasticloadbalancingv2LoadBalancer = "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer"
	Elasticloadbalancingv2TargetGroup  = "aws:elasticloadbalancingv2/targetGroup:TargetGroup"
)

// aws-native (Cloud Control) resource types, whose property names and enums differ from pulumi-aws's.
const (
	NativeApigatewayv2Route = "aws-native:apigatewayv2:Route"

	NativeBatchJobDefinition = "aws-native:batch:JobDefinition"

	NativeEc2Eip                         = "aws-native:ec2:Eip"
	NativeEc2EipAssociation              = "aws-native:ec2:EipAssociation"
	NativeEc2FlowLog                     = "aws-native:ec2:FlowLog"
	NativeEc2Instance                    = "aws-native:ec2:Instance"
	NativeEc2InternetGateway             = "aws-native:ec2:InternetGateway"
	NativeEc2LaunchTemplate              = "aws-native:ec2:LaunchTemplate"
	NativeEc2NatGateway                  = "aws-native:ec2:NatGateway"
	NativeEc2Route                       = "aws-native:ec2:Route"
	NativeEc2RouteTable                  = "aws-native:ec2:RouteTable"
	NativeEc2SecurityGroup               = "aws-native:ec2:SecurityGroup"
	NativeEc2SecurityGroupIngress        = "aws-native:ec2:SecurityGroupIngress"
	NativeEc2Subnet                      = "aws-native:ec2:Subnet"
	NativeEc2SubnetRouteTableAssociation = "aws-native:ec2:SubnetRouteTableAssociation"
	NativeEc2Vpc                         = "aws-native:ec2:Vpc"
	NativeEc2VpcEndpoint                 = "aws-native:ec2:VpcEndpoint"

	NativeEcsService        = "aws-native:ecs:Service"
	NativeEcsTaskDefinition = "aws-native:ecs:TaskDefinition"
	NativeEcsTaskSet        = "aws-native:ecs:TaskSet"

	NativeElasticloadbalancingLoadBalancer = "aws-native:elasticloadbalancing:LoadBalancer"

	NativeElasticloadbalancingv2Listener     = "aws-native:elasticloadbalancingv2:Listener"
	NativeElasticloadbalancingv2LoadBalancer = "aws-native:elasticloadbalancingv2:LoadBalancer"
	NativeElasticloadbalancingv2TargetGroup  = "aws-native:elasticloadbalancingv2:TargetGroup"

	NativeEventsRule = "aws-native:events:Rule"

	NativeIamManagedPolicy = "aws-native:iam:ManagedPolicy"
	NativeIamRole          = "aws-native:iam:Role"
	NativeIamRolePolicy    = "aws-native:iam:RolePolicy"

	NativePipesPipe = "aws-native:pipes:Pipe"

	NativeRoute53HostedZone = "aws-native:route53:HostedZone"

	NativeS3Bucket       = "aws-native:s3:Bucket"
	NativeS3BucketPolicy = "aws-native:s3:BucketPolicy"

	NativeSchedulerSchedule = "aws-native:scheduler:Schedule"

	NativeServicediscoveryPrivateDNSNamespace = "aws-native:servicediscovery:PrivateDnsNamespace"

	NativeStepfunctionsStateMachine = "aws-native:stepfunctions:StateMachine"
)

// pulumi-aws function (invoke) tokens.
const (
	// IndexGetRegion is aws.GetRegion (sdk/go/aws/getRegion.go).
	IndexGetRegion = "aws:index/getRegion:getRegion"
)
