package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// defaultListenerSSLPolicyIfUnset is the policy an HTTPS or TLS listener gets when none is set (terraform-provider-aws
// website/docs/r/lb_listener.html.markdown, ssl_policy: "Default is ELBSecurityPolicy-2016-08").
const defaultListenerSSLPolicyIfUnset = "ELBSecurityPolicy-2016-08"

// The type tokens the rules match, grouped by the resource each rule reads: a group holds the current pulumi-aws
// token, the legacy aliases the engine still accepts and the aws-native equivalent. The tokens themselves, and where
// each comes from, are in internal/awstypes.
var (
	subnetTypes     = []string{awstypes.Ec2Subnet, awstypes.Ec2DefaultSubnet, awstypes.NativeEc2Subnet}
	vpcTypes        = []string{awstypes.Ec2Vpc, awstypes.NativeEc2Vpc}
	ecsServiceTypes = []string{
		awstypes.EcsService, awstypes.EcsTaskSet, awstypes.NativeEcsService, awstypes.NativeEcsTaskSet,
	}
	// taskLauncherTypes start ECS tasks in an awsvpc network configuration: services, task sets and the EventBridge
	// Scheduler schedules that run a job's task (target.ecsParameters).
	taskLauncherTypes   = append(append([]string{}, ecsServiceTypes...), awstypes.SchedulerSchedule)
	instanceTypes       = []string{awstypes.Ec2Instance, awstypes.NativeEc2Instance}
	launchTemplateTypes = []string{awstypes.Ec2LaunchTemplate, awstypes.NativeEc2LaunchTemplate}
	eipTypes            = []string{awstypes.Ec2Eip, awstypes.NativeEc2Eip}
	natGatewayTypes     = []string{awstypes.Ec2NatGateway, awstypes.NativeEc2NatGateway}
	vpcEndpointTypes    = []string{awstypes.Ec2VpcEndpoint, awstypes.NativeEc2VpcEndpoint}
	securityGroupTypes  = []string{
		awstypes.Ec2SecurityGroup, awstypes.Ec2DefaultSecurityGroup, awstypes.Ec2SecurityGroupRule,
		awstypes.VpcSecurityGroupIngressRule, awstypes.NativeEc2SecurityGroup, awstypes.NativeEc2SecurityGroupIngress,
	}
	// loadBalancerTypes are the v2 (application, network, gateway) load balancers.
	loadBalancerTypes = []string{
		awstypes.LbLoadBalancer, awstypes.AlbLoadBalancer, awstypes.Elasticloadbalancingv2LoadBalancer,
		awstypes.ApplicationloadbalancingLoadBalancer, awstypes.NativeElasticloadbalancingv2LoadBalancer,
	}
	classicLoadBalancerTypes = []string{
		awstypes.ElbLoadBalancer, awstypes.ElasticloadbalancingLoadBalancer,
		awstypes.NativeElasticloadbalancingLoadBalancer,
	}
	targetGroupTypes = []string{
		awstypes.LbTargetGroup, awstypes.AlbTargetGroup, awstypes.Elasticloadbalancingv2TargetGroup,
		awstypes.ApplicationloadbalancingTargetGroup, awstypes.NativeElasticloadbalancingv2TargetGroup,
	}
	listenerTypes = []string{
		awstypes.LbListener, awstypes.AlbListener, awstypes.Elasticloadbalancingv2Listener,
		awstypes.ApplicationloadbalancingListener, awstypes.NativeElasticloadbalancingv2Listener,
	}

	routeTypes                 = []string{awstypes.Ec2Route, awstypes.NativeEc2Route}
	routeTableTypes            = []string{awstypes.Ec2RouteTable, awstypes.NativeEc2RouteTable}
	routeTableAssociationTypes = []string{
		awstypes.Ec2RouteTableAssociation, awstypes.NativeEc2SubnetRouteTableAssociation,
	}
	internetGatewayTypes = []string{awstypes.Ec2InternetGateway, awstypes.NativeEc2InternetGateway}
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
var (
	s3BucketTypes       = []string{awstypes.S3Bucket, awstypes.S3BucketV2, awstypes.NativeS3Bucket}
	s3BucketPolicyTypes = []string{awstypes.S3BucketPolicy, awstypes.NativeS3BucketPolicy}
	s3LoggingTypes      = []string{awstypes.S3BucketLogging, awstypes.S3BucketLoggingV2}
	s3LifecycleTypes    = []string{awstypes.S3BucketLifecycleConfiguration, awstypes.S3BucketLifecycleConfigurationV2}
	iamPolicyDocTypes   = []string{
		awstypes.IamPolicy, awstypes.IamRolePolicy, awstypes.IamUserPolicy, awstypes.IamGroupPolicy, awstypes.IamRole,
		awstypes.NativeIamManagedPolicy, awstypes.NativeIamRolePolicy, awstypes.NativeIamRole,
	}
	iamAttachmentTypes = []string{
		awstypes.IamUserPolicyAttachment, awstypes.IamRolePolicyAttachment, awstypes.IamGroupPolicyAttachment,
		awstypes.IamPolicyAttachment, awstypes.IamRole, awstypes.NativeIamRole,
	}
	ecsTaskDefTypes = []string{awstypes.EcsTaskDefinition, awstypes.NativeEcsTaskDefinition}
	// aws-native 1.79.0 has no network ACL entry resource (no aws-native:ec2:NetworkAclEntry in the package).
	networkACLTypes    = []string{awstypes.Ec2NetworkACL, awstypes.Ec2DefaultNetworkACL, awstypes.Ec2NetworkACLRule}
	apiV2RouteTypes    = []string{awstypes.Apigatewayv2Route, awstypes.NativeApigatewayv2Route}
	defaultSGRuleTypes = []string{
		awstypes.Ec2SecurityGroupRule, awstypes.VpcSecurityGroupIngressRule, awstypes.VpcSecurityGroupEgressRule,
	}
	ecsPlatformTypes = []string{
		awstypes.EcsService, awstypes.EcsTaskSet, awstypes.NativeEcsService, awstypes.NativeEcsTaskSet,
	}
)
