package rules

import "slices"

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
	return append(platformRules(), fsbpRules()...)
}

// platformRules are the platform's own resource rules in catalogue order. Each rule is declared beside its check, in
// the file of its area (network.go, ecs_services.go, loadbalancers.go, ...).
func platformRules() []ResourceRule {
	return []ResourceRule{
		subnetNoPublicIPRule,
		ecsServiceNoPublicIPRule,
		instanceNoPublicIPRule,
		launchTemplateNoPublicIPRule,
		eipNotAttachedRule,
		natGatewayAllowedRule,
		loadBalancerInternalRule,
		targetGroupTargetTypeRule,
		securityGroupNoPublicIngressRule,
		ecsTaskAwsvpcRule,
		ecsTaskFargateRule,
		ecsTaskFargateSizeRule,
		ecsContainerLoggingRule,
		ecsContainerNotPrivilegedRule,
		ecsServiceNetworkConfigurationRule,
		listenerHTTPRedirectsToHTTPSRule,
		listenerTLSPolicyRule,
		vpcEndpointPrivateDNSRule,
		loadBalancerAccessLogsRule,
		loadBalancerDeletionProtectionRule,
		ecsClusterContainerInsightsRule,
		ecsContainerReadonlyRootRule,
		logGroupRetentionRule,
		taskLauncherNoPublicIPRule,
		taskLauncherFargateRule,
	}
}

// fsbpRules are the resource rules that exist for an AWS Security Hub Foundational Security Best Practices control
// (fsbp.go lists every control of the platform's services and what the pack does about it). A rule's default level
// follows its control's severity: critical and high are mandatory, medium and low advisory.
func fsbpRules() []ResourceRule {
	return []ResourceRule{
		instanceIMDSv2Rule,
		transitGatewayNoAutoAcceptRule,
		ebsEncryptedRule,
		instanceSingleENIRule,
		clientVPNConnectionLoggingRule,
		networkACLNoAdminIngressRule,
		ecsTaskNoHostPIDRule,
		ecsContainerNoSecretEnvironmentRule,
		ecsFargatePlatformVersionRule,
		ecsContainerNonRootRule,
		ecsEFSTransitEncryptionRule,
		ecsCapacityProviderTerminationProtectionRule,
		loadBalancerDropInvalidHeadersRule,
		loadBalancerDesyncMitigationRule,
		loadBalancerMultiAZRule,
		listenerSecureProtocolRule,
		targetGroupEncryptedProtocolsRule,
		classicLoadBalancerHardeningRule,
		classicLoadBalancerSSLPolicyRule,
		apiGatewayRestStageHardeningRule,
		apiGatewayCacheEncryptedRule,
		apiGatewayRouteAuthorizationRule,
		apiGatewayV2AccessLoggingRule,
		apiGatewayPrivateIntegrationTLSRule,
		iamPolicyNoAdminRule,
		iamPolicyNoServiceWildcardRule,
		iamNoUserPoliciesRule,
		iamNoCloudshellFullAccessRule,
		iamPasswordPolicyRule,
		iamPolicyNoKMSDecryptAllKeysRule,
		s3BucketNotPublicRule,
		s3PublicAccessBlockRule,
		s3ACLsDisabledRule,
		alarmActionsRule,
		snsTopicEncryptedRule,
		kmsKeyRotationRule,
		sqsQueueEncryptedRule,
		sqsQueueNotPublicRule,
	}
}

// StackRule is one rule over every resource in the stack at once, for guarantees that span resources.
type StackRule struct {
	// Name is the policy name, used in `--policy-pack-config` and in violations.
	Name string
	// ResourceTypes are the type tokens the rule reports on (for the catalogue).
	ResourceTypes []string
	// Description says in one line what the rule checks.
	Description string
	// Rationale says why the platform needs it.
	Rationale string
	// DefaultLevel is the level used when the config does not override it.
	DefaultLevel Level
	// Controls are the AWS Security Hub FSBP control IDs the rule checks.
	Controls []string
	// Check returns the findings over the whole stack.
	Check func(resources []Resource, cfg Config) []StackFinding
}

// StackFinding is one stack rule problem, reported on one resource.
type StackFinding struct {
	// Resource is the index in the checked slice of the resource the problem is reported on.
	Resource int
	// Message says what is wrong and how to fix it.
	Message string
	// Unverified marks a finding the rule could not decide because a value is unknown (during preview): it is
	// reported by the advisory UnverifiedRule instead of the rule itself, so preview neither passes it silently nor
	// blocks on it. CrossGuard runs stack rules at `up` only after the resources are created, with known values.
	Unverified bool
}

// couldNotVerify is rule's finding on resource when a value it needs is unknown at preview; what says what it could
// not decide, starting with "that", "which" or "whether".
func couldNotVerify(resource int, rule, what string) StackFinding {
	return StackFinding{Resource: resource, Unverified: true, Message: rule + " could not verify at preview " + what +
		"; it is checked at up after the resources are created"}
}

// UnverifiedRule is the advisory policy that reports what the stack rules could not decide at preview.
const UnverifiedRule = "stack-could-not-verify"

// UnverifiedEntry is UnverifiedRule's catalogue entry.
func UnverifiedEntry() CatalogueEntry {
	return CatalogueEntry{
		Name: UnverifiedRule, ResourceTypes: []string{"(any)"},
		Description:  "Reports, per stack rule, what it could not decide because a value is unknown during preview (e.g. subnets passed in from a component or stack reference).",
		Rationale:    "CrossGuard runs stack rules at `up` only after the resources are created, so a stack rule that passes an undecided check silently at preview gives no warning before the resources exist.",
		DefaultLevel: Advisory, Stack: true,
	}
}

// StackRules returns the stack rules, in catalogue order: the platform's own, then the FSBP rules.
func StackRules() []StackRule {
	return append(platformStackRules(), fsbpStackRules()...)
}

// platformStackRules are the platform's own stack rules in catalogue order, each declared beside its check.
func platformStackRules() []StackRule {
	return []StackRule{
		eipOnlyForNATGatewayRule,
		vpcDNSRule,
		ecsSubnetCanPullImagesRule,
		taskLauncherPassRoleScopedRule,
		taskLauncherPublicIPDecidedRule,
	}
}

// fsbpStackRules are the stack rules that exist for an FSBP control: what one resource cannot show alone (a VPC's
// default security group, flow logs and endpoints; a stage's logging settings; a bucket's policy and logging).
func fsbpStackRules() []StackRule {
	return []StackRule{
		vpcDefaultSecurityGroupClosedRule,
		vpcFlowLogsRule,
		vpcServiceEndpointsRule,
		apiGatewayExecutionLoggingRule,
		s3BucketRequiresSSLRule,
		s3BucketLoggingRule,
		s3BucketLifecycleRule,
		s3BucketReplicationRule,
		s3BucketEventNotificationsRule,
	}
}
