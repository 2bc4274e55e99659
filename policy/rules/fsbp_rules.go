package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// fsbpRules are the resource rules that exist for an AWS Security Hub Foundational Security Best Practices control
// (fsbp.go lists every control of the platform's services and what the pack does about it). A rule's default level
// follows its control's severity: critical and high are mandatory, medium and low advisory.
func fsbpRules() []ResourceRule {
	return []ResourceRule{
		{
			Name:          "instance-imdsv2",
			ResourceTypes: []string{awstypes.Ec2Instance, awstypes.Ec2LaunchTemplate, awstypes.NativeEc2Instance, awstypes.NativeEc2LaunchTemplate},
			Controls:      []string{"EC2.8", "EC2.170"},
			Description:   "EC2 instances and launch templates do not set `metadataOptions.httpTokens: optional` (IMDSv1). Unset passes: RunInstances then takes the AMI's ImdsSupport and the account's IMDS defaults, which resource inputs do not show, so flagging it could cry wolf.",
			Rationale:     "IMDSv1 answers any request from the instance, which is how SSRF bugs turn into stolen role credentials.",
			DefaultLevel:  Mandatory,
			Check:         checkIMDSv2,
		},
		{
			Name:          "transit-gateway-no-auto-accept",
			ResourceTypes: []string{awstypes.Ec2transitgatewayTransitGateway},
			Controls:      []string{"EC2.23"},
			Description:   "Transit gateways do not accept shared VPC attachments automatically (`autoAcceptSharedAttachments`, default disable).",
			Rationale:     "Auto-accept lets any account the gateway is shared with attach its VPC to the network unreviewed.",
			DefaultLevel:  Mandatory,
			Check:         checkTransitGatewayAutoAccept,
		},
		{
			Name:          "ebs-encrypted",
			ResourceTypes: []string{awstypes.EbsVolume, awstypes.Ec2Instance},
			Controls:      []string{"EC2.3"},
			Description:   "EBS volumes and instance block devices do not set `encrypted: false` (`encrypted`, `rootBlockDevice.encrypted`, `ebsBlockDevices[].encrypted`). Unset passes: it follows the account's EBS default encryption (EC2.7) and the AMI's snapshots, which inputs do not show.",
			Rationale:     "Unencrypted volumes and their snapshots expose data to anyone who gets a copy.",
			DefaultLevel:  Advisory,
			Check:         checkEBSEncrypted,
		},
		{
			Name:          "instance-single-eni",
			ResourceTypes: []string{awstypes.Ec2Instance, awstypes.NativeEc2Instance},
			Controls:      []string{"EC2.17"},
			Description:   "EC2 instances attach at most one network interface (`networkInterfaces`).",
			Rationale:     "Several interfaces can bridge subnets that the network design keeps apart.",
			DefaultLevel:  Advisory,
			Check:         checkInstanceSingleENI,
		},
		{
			Name:          "client-vpn-connection-logging",
			ResourceTypes: []string{awstypes.Ec2clientvpnEndpoint},
			Controls:      []string{"EC2.51"},
			Description:   "Client VPN endpoints log connections (`connectionLogOptions.enabled: true`).",
			Rationale:     "The connection log is the record of who was on the VPN and when.",
			DefaultLevel:  Advisory,
			Check:         checkClientVPNLogging,
		},
		{
			Name:          "network-acl-no-admin-ingress",
			ResourceTypes: networkACLTypes,
			Controls:      []string{"EC2.21"},
			Description:   "Network ACLs do not allow ingress from 0.0.0.0/0 or ::/0 to port 22 or 3389 (inline `ingress`, including an adopted `DefaultNetworkAcl`'s, and `NetworkAclRule`).",
			Rationale:     "Remote administration ports open to the internet at the subnet boundary are the first thing scanners try.",
			DefaultLevel:  Advisory,
			Check:         checkNetworkACLAdminIngress,
		},
		{
			Name:          "ecs-task-no-host-pid",
			ResourceTypes: ecsTaskDefTypes,
			Controls:      []string{"ECS.3"},
			Description:   "Task definitions do not share the host's process namespace (`pidMode: host`).",
			Rationale:     "A container in the host PID namespace sees and can signal every process on the host.",
			DefaultLevel:  Mandatory,
			Check:         checkTaskHostPID,
		},
		{
			Name:          "ecs-container-no-secret-environment",
			ResourceTypes: ecsTaskDefTypes,
			Controls:      []string{"ECS.8"},
			Description:   "No container passes AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or ECS_ENGINE_AUTH_DATA as a plain `environment` variable (the keys AWS Config's ecs-no-environment-secrets checks).",
			Rationale:     "Environment values are stored in the task definition in clear text; secrets belong in `secrets` (Secrets Manager or SSM).",
			DefaultLevel:  Mandatory,
			Check:         checkContainerSecretEnvironment,
		},
		{
			Name:          "ecs-fargate-platform-version",
			ResourceTypes: ecsPlatformTypes,
			Controls:      []string{"ECS.10"},
			Description:   "Fargate services and task sets run the latest platform version (`platformVersion` unset, LATEST, 1.4.0 on Linux or 1.0.0 on Windows — AWS Config ecs-fargate-latest-platform-version).",
			Rationale:     "Older platform versions miss security patches and features such as ephemeral storage encryption.",
			DefaultLevel:  Advisory,
			Check:         checkFargatePlatformVersion,
		},
		{
			Name:          "ecs-container-non-root",
			ResourceTypes: ecsTaskDefTypes,
			Controls:      []string{"ECS.20", "ECS.21"},
			Description:   "Containers set a non-root `user`: on Linux unset (the image's user, usually root), root, 0 and 0:0 fail; on Windows unset and ContainerAdministrator fail.",
			Rationale:     "A process running as root in the container turns any container escape into root on the host.",
			DefaultLevel:  Advisory,
			Check:         checkContainerNonRoot,
		},
		{
			Name:          "ecs-efs-transit-encryption",
			ResourceTypes: ecsTaskDefTypes,
			Controls:      []string{"ECS.18"},
			Description:   "EFS volumes of task definitions set `efsVolumeConfiguration.transitEncryption: ENABLED` (default DISABLED).",
			Rationale:     "Without it NFS traffic between the task and EFS crosses the VPC unencrypted.",
			DefaultLevel:  Advisory,
			Check:         checkEFSTransitEncryption,
		},
		{
			Name:          "ecs-capacity-provider-termination-protection",
			ResourceTypes: []string{awstypes.EcsCapacityProvider},
			Controls:      []string{"ECS.19"},
			Description:   "EC2 capacity providers enable `autoScalingGroupProvider.managedTerminationProtection` (default DISABLED).",
			Rationale:     "Without it scale-in can terminate instances that still run tasks.",
			DefaultLevel:  Advisory,
			Check:         checkCapacityProviderTerminationProtection,
		},
		{
			Name:          "load-balancer-drop-invalid-headers",
			ResourceTypes: loadBalancerTypes,
			Controls:      []string{"ELB.4"},
			Description:   "Application Load Balancers drop invalid HTTP headers (`dropInvalidHeaderFields: true`, aws-native attribute routing.http.drop_invalid_header_fields.enabled; default false).",
			Rationale:     "Malformed headers are a request-smuggling vector; dropping them keeps them from reaching the targets.",
			DefaultLevel:  Advisory,
			Check:         checkDropInvalidHeaders,
		},
		{
			Name:          "load-balancer-desync-mitigation",
			ResourceTypes: concat(loadBalancerTypes, classicLoadBalancerTypes),
			Controls:      []string{"ELB.12", "ELB.14"},
			Description:   "Application and Classic Load Balancers use defensive or strictest desync mitigation (`desyncMitigationMode`, default defensive; monitor fails).",
			Rationale:     "Monitor mode forwards ambiguous requests, leaving HTTP desync (request smuggling) open.",
			DefaultLevel:  Advisory,
			Check:         checkDesyncMitigation,
		},
		{
			Name:          "load-balancer-multi-az",
			ResourceTypes: concat(loadBalancerTypes, classicLoadBalancerTypes),
			Controls:      []string{"ELB.10", "ELB.13"},
			Description:   "Load balancers span at least two Availability Zones (two or more `subnets`, `subnetMappings` or classic `availabilityZones`).",
			Rationale:     "A load balancer in one zone goes down with that zone.",
			DefaultLevel:  Advisory,
			Check:         checkLoadBalancerMultiAZ,
		},
		{
			Name:          "listener-secure-protocol",
			ResourceTypes: listenerTypes,
			Controls:      []string{"ELB.18"},
			Description:   "Listeners use HTTPS or TLS; an HTTP listener whose default action only redirects to HTTPS passes (it carries no application data); TCP, UDP and plain HTTP fail.",
			Rationale:     "Unencrypted listeners carry requests in clear text inside the network.",
			DefaultLevel:  Advisory,
			Check:         checkListenerSecureProtocol,
		},
		{
			Name:          "target-group-encrypted-protocols",
			ResourceTypes: targetGroupTypes,
			Controls:      []string{"ELB.21", "ELB.22"},
			Description:   "Target groups forward and health-check over HTTPS or TLS (`protocol`, `healthCheck.protocol`; lambda targets have neither).",
			Rationale:     "The hop from the load balancer to the targets otherwise carries requests in clear text.",
			DefaultLevel:  Advisory,
			Check:         checkTargetGroupProtocols,
		},
		{
			Name:          "classic-load-balancer-hardening",
			ResourceTypes: classicLoadBalancerTypes,
			Controls:      []string{"ELB.2", "ELB.3", "ELB.7", "ELB.9"},
			Description:   "Classic Load Balancers terminate HTTPS/SSL with ACM certificates, drain connections (`connectionDraining: true`) and balance across zones (`crossZoneLoadBalancing`, default true).",
			Rationale:     "Classic listeners default to clear text and abrupt deregistration; ACM certificates renew themselves.",
			DefaultLevel:  Advisory,
			Check:         checkClassicLoadBalancer,
		},
		{
			Name:          "classic-load-balancer-ssl-policy",
			ResourceTypes: []string{awstypes.ElbLoadBalancerPolicy, awstypes.ElbSslNegotiationPolicy},
			Controls:      []string{"ELB.8"},
			Description:   "Classic Load Balancer SSL negotiation policies reference the predefined ELBSecurityPolicy-TLS-1-2-2017-01 (the control's default `predefinedPolicyName`) instead of custom ciphers.",
			Rationale:     "Custom negotiation policies tend to keep old protocols and ciphers enabled.",
			DefaultLevel:  Advisory,
			Check:         checkClassicSSLPolicy,
		},
		{
			Name:          "api-gateway-rest-stage-hardening",
			ResourceTypes: []string{awstypes.ApigatewayStage},
			Controls:      []string{"APIGateway.2", "APIGateway.3"},
			Description:   "REST API stages authenticate to the backend with a client certificate (`clientCertificateId`) and trace with X-Ray (`xrayTracingEnabled`).",
			Rationale:     "The certificate lets the backend refuse calls that did not come through API Gateway; traces show where requests go.",
			DefaultLevel:  Advisory,
			Check:         checkRestStage,
		},
		{
			Name:          "api-gateway-cache-encrypted",
			ResourceTypes: []string{awstypes.ApigatewayMethodSettings},
			Controls:      []string{"APIGateway.5"},
			Description:   "REST API method settings that enable caching encrypt the cache (`settings.cacheDataEncrypted: true`).",
			Rationale:     "Cached responses hold API data at rest.",
			DefaultLevel:  Advisory,
			Check:         checkRestCacheEncryption,
		},
		{
			Name:          "api-gateway-route-authorization",
			ResourceTypes: apiV2RouteTypes,
			Controls:      []string{"APIGateway.8"},
			Description:   "HTTP and WebSocket API routes name an authorization type (`authorizationType` AWS_IAM, JWT or CUSTOM; unset means NONE).",
			Rationale:     "NONE is the default, so an open route is usually an oversight rather than a decision.",
			DefaultLevel:  Advisory,
			Check:         checkRouteAuthorization,
		},
		{
			Name:          "api-gateway-v2-access-logging",
			ResourceTypes: []string{awstypes.Apigatewayv2Stage},
			Controls:      []string{"APIGateway.9"},
			Description:   "HTTP and WebSocket API stages ship access logs (`accessLogSettings.destinationArn`).",
			Rationale:     "Access logs are the record of who called the API.",
			DefaultLevel:  Advisory,
			Check:         checkV2StageAccessLogs,
		},
		{
			Name:          "api-gateway-private-integration-tls",
			ResourceTypes: []string{awstypes.Apigatewayv2Integration},
			Controls:      []string{"APIGateway.10"},
			Description:   "HTTP API integrations through a VPC link use TLS (`tlsConfig.serverNameToVerify`).",
			Rationale:     "Otherwise requests travel from API Gateway to the private backend in clear text.",
			DefaultLevel:  Advisory,
			Check:         checkPrivateIntegrationTLS,
		},
		{
			Name:          "iam-policy-no-admin",
			ResourceTypes: iamPolicyDocTypes,
			Controls:      []string{"IAM.1"},
			Description:   "No IAM policy (managed or inline) allows `\"Action\": \"*\"` on `\"Resource\": \"*\"`.",
			Rationale:     "Full administrative access in a workload policy turns any compromise of that workload into account takeover.",
			DefaultLevel:  Mandatory,
			Check:         checkPolicyAdmin,
		},
		{
			Name:          "iam-policy-no-service-wildcard",
			ResourceTypes: iamPolicyDocTypes,
			Controls:      []string{"IAM.21"},
			Description:   "IAM policies do not allow every action of a service (`\"<service>:*\"` or `*`).",
			Rationale:     "Least privilege: a wildcard grants actions nobody reviewed, including ones the service adds later.",
			DefaultLevel:  Advisory,
			Check:         checkPolicyServiceWildcard,
		},
		{
			Name:          "iam-no-user-policies",
			ResourceTypes: []string{awstypes.IamUserPolicy, awstypes.IamUserPolicyAttachment, awstypes.IamPolicyAttachment},
			Controls:      []string{"IAM.2"},
			Description:   "Policies are attached to groups or roles, not users (`UserPolicy`, `UserPolicyAttachment`, `PolicyAttachment.users`).",
			Rationale:     "Permissions on individual users drift and are hard to review.",
			DefaultLevel:  Advisory,
			Check:         checkUserPolicies,
		},
		{
			Name:          "iam-no-cloudshell-full-access",
			ResourceTypes: iamAttachmentTypes,
			Controls:      []string{"IAM.27"},
			Description:   "No identity gets the AWS managed policy AWSCloudShellFullAccess (attachments and a role's `managedPolicyArns`).",
			Rationale:     "It allows file upload and download through CloudShell, a path around data-exfiltration controls.",
			DefaultLevel:  Advisory,
			Check:         checkCloudShellFullAccess,
		},
		{
			Name:          "iam-password-policy",
			ResourceTypes: []string{awstypes.IamAccountPasswordPolicy},
			Controls:      []string{"IAM.7"},
			Description:   "An account password policy requires upper- and lower-case letters, numbers and symbols and at least 8 characters.",
			Rationale:     "The FSBP password policy parameters (IAM.7 defaults).",
			DefaultLevel:  Advisory,
			Check:         checkPasswordPolicy,
		},
		{
			Name:          "s3-bucket-not-public",
			ResourceTypes: []string{awstypes.S3Bucket, awstypes.S3BucketACL, awstypes.S3BucketACLV2, awstypes.S3BucketPolicy, awstypes.NativeS3Bucket, awstypes.NativeS3BucketPolicy},
			Controls:      []string{"S3.2", "S3.3"},
			Description:   "Buckets grant no public read or write: no public canned ACL (`acl` public-read, public-read-write, authenticated-read) and no bucket policy statement that allows `Principal: \"*\"` without a condition.",
			Rationale:     "A public bucket publishes its objects to anyone on the internet.",
			DefaultLevel:  Mandatory,
			Check:         checkBucketNotPublic,
		},
		{
			Name:          "s3-public-access-block",
			ResourceTypes: []string{awstypes.S3BucketPublicAccessBlock, awstypes.S3AccountPublicAccessBlock, awstypes.S3AccessPoint, awstypes.NativeS3Bucket},
			Controls:      []string{"S3.1", "S3.8", "S3.19"},
			Description:   "Public access blocks that a program sets keep all four flags on (a flag left unset in a `BucketPublicAccessBlock`, `AccountPublicAccessBlock`, access point or aws-native bucket configuration is false). A bucket without one keeps AWS's default for new buckets, all on.",
			Rationale:     "Block Public Access is what stops a later ACL or policy from making data public.",
			DefaultLevel:  Mandatory,
			Check:         checkPublicAccessBlock,
		},
		{
			Name:          "s3-acls-disabled",
			ResourceTypes: []string{awstypes.S3BucketOwnershipControls, awstypes.S3BucketACL, awstypes.S3BucketACLV2, awstypes.NativeS3Bucket},
			Controls:      []string{"S3.12"},
			Description:   "Buckets keep ACLs disabled (object ownership BucketOwnerEnforced, the default for new buckets) and set no ACL grants.",
			Rationale:     "ACLs are a second, hard-to-audit access path beside IAM and bucket policies.",
			DefaultLevel:  Advisory,
			Check:         checkBucketACLsDisabled,
		},
	}
}

func checkIMDSv2(res Resource, _ Config) []string {
	options := res.Properties.Get("metadataOptions")
	kind := "EC2 instance"
	if res.Type == awstypes.Ec2LaunchTemplate || res.Type == awstypes.NativeEc2LaunchTemplate {
		kind = "launch template"
	}
	if res.Type == awstypes.NativeEc2LaunchTemplate {
		data, known := object(res.Properties.Get("launchTemplateData"))
		if !known {
			return nil
		}
		options = data.Get("metadataOptions")
	}
	m, known := object(options)
	if !known {
		return nil
	}
	// Unset is decided by the AMI's ImdsSupport (v2.0 means required) and the account's instance metadata defaults
	// (RunInstances InstanceMetadataOptionsRequest.HttpTokens), neither of which is a resource input.
	tokens, known := str(m, "httpTokens", "")
	if !known || tokens != "optional" {
		return nil
	}
	return []string{fmt.Sprintf("%s %q allows IMDSv1 (metadataOptions.httpTokens: optional); set "+
		"metadataOptions.httpTokens: required", kind, res.Name)}
}

// aclEntryAdmitsAdmin reports whether an allow entry from anywhere covers port 22 or 3389.
func aclEntryAdmitsAdmin(action, protocol, cidr, ipv6 string, from, to float64) bool {
	if !strings.EqualFold(action, "allow") || !(isOpenCIDR(cidr) || isOpenCIDR(ipv6)) {
		return false
	}
	switch strings.ToLower(protocol) {
	case "-1", "all":
		return true
	case "tcp", "6", "udp", "17":
	default:
		return false
	}
	for _, port := range []float64{22, 3389} {
		if from <= port && port <= to || (from == 0 && to == 0) {
			return true
		}
	}
	return false
}

func number(m property.Map, key string) float64 {
	v := m.Get(key)
	if v.IsNumber() {
		return v.AsNumber()
	}
	text, _ := stringValue(v, "0")
	var n float64
	_, _ = fmt.Sscan(text, &n)
	return n
}

func checkNetworkACLAdminIngress(res Resource, _ Config) []string {
	props := res.Properties
	var messages []string
	report := func(where string) {
		messages = append(messages, fmt.Sprintf("network ACL %q %s allows ingress from the internet to port 22 or 3389; "+
			"deny it or restrict the source to internal CIDRs", res.Name, where))
	}
	switch res.Type {
	case awstypes.Ec2NetworkACL, awstypes.Ec2DefaultNetworkACL:
		entries, _ := list(props.Get("ingress"))
		for i, e := range entries {
			entry, known := object(e)
			if !known {
				continue
			}
			action, _ := str(entry, "action", "")
			protocol, _ := str(entry, "protocol", "")
			cidr, _ := str(entry, "cidrBlock", "")
			ipv6, _ := str(entry, "ipv6CidrBlock", "")
			if aclEntryAdmitsAdmin(action, protocol, cidr, ipv6, number(entry, "fromPort"), number(entry, "toPort")) {
				report(fmt.Sprintf("ingress entry #%d", i+1))
			}
		}
	case awstypes.Ec2NetworkACLRule:
		if egress, known := boolValue(props.Get("egress"), false); !known || egress {
			return nil
		}
		action, _ := str(props, "ruleAction", "")
		protocol, _ := str(props, "protocol", "")
		cidr, _ := str(props, "cidrBlock", "")
		ipv6, _ := str(props, "ipv6CidrBlock", "")
		if aclEntryAdmitsAdmin(action, protocol, cidr, ipv6, number(props, "fromPort"), number(props, "toPort")) {
			report("rule")
		}
	}
	return messages
}

func checkTaskHostPID(res Resource, _ Config) []string {
	mode, known := str(res.Properties, "pidMode", "")
	if !known || mode != "host" {
		return nil
	}
	return []string{fmt.Sprintf("task definition %q sets pidMode: host, sharing the host's process namespace; remove "+
		"pidMode or set it to task", res.Name)}
}

// secretEnvironmentKeys are the environment names AWS Config's ecs-no-environment-secrets checks by default.
var secretEnvironmentKeys = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"}

func checkContainerSecretEnvironment(res Resource, _ Config) []string {
	containers, known, err := containerDefinitions(res.Properties)
	if !known || err != nil {
		return nil
	}
	var messages []string
	for i, c := range containers {
		for _, env := range c.Environment {
			if slices.Contains(secretEnvironmentKeys, strings.ToUpper(env.Name)) {
				messages = append(messages, fmt.Sprintf("task definition %q %s passes %s as a plain environment variable; "+
					"move it to secrets (valueFrom a Secrets Manager secret or SSM parameter), or give the task a role", res.Name, c.label(i), env.Name))
			}
		}
	}
	return messages
}

func checkFargatePlatformVersion(res Resource, _ Config) []string {
	version, known := str(res.Properties, "platformVersion", "LATEST")
	if !known {
		return nil
	}
	switch strings.ToUpper(version) {
	case "LATEST", "1.4.0", "1.0.0":
		return nil
	}
	return []string{fmt.Sprintf("ECS %q pins Fargate platformVersion %q; leave it unset (LATEST) or set 1.4.0", res.Name, version)}
}

func checkContainerNonRoot(res Resource, _ Config) []string {
	platform, known := object(res.Properties.Get("runtimePlatform"))
	if !known {
		return nil
	}
	family, familyKnown := str(platform, "operatingSystemFamily", "LINUX")
	if !familyKnown {
		return nil
	}
	windows := strings.HasPrefix(family, "WINDOWS")
	containers, known, err := containerDefinitions(res.Properties)
	if !known || err != nil {
		return nil
	}
	var messages []string
	for i, c := range containers {
		user := strings.TrimSpace(c.User)
		name, _, _ := strings.Cut(user, ":")
		if windows && (user == "" || strings.EqualFold(user, "ContainerAdministrator")) {
			messages = append(messages, fmt.Sprintf("task definition %q %s runs as ContainerAdministrator (user %q); set "+
				"user to a non-administrator such as ContainerUser", res.Name, c.label(i), user))
			continue
		}
		switch {
		case windows:
		case user == "":
			// Security Hub flags an unset user too: the image's USER applies, root unless the image names another.
			messages = append(messages, fmt.Sprintf("task definition %q %s sets no user, so it runs as its image's USER "+
				"(root unless the image names another); set user to a non-root uid:gid such as 1000:1000", res.Name, c.label(i)))
		case name == "root" || strings.Trim(name, "0") == "":
			messages = append(messages, fmt.Sprintf("task definition %q %s runs as root (user %q); set user to a non-root "+
				"uid:gid such as 1000:1000", res.Name, c.label(i), user))
		}
	}
	return messages
}

func checkEFSTransitEncryption(res Resource, _ Config) []string {
	volumes, _ := list(res.Properties.Get("volumes"))
	var messages []string
	for i, v := range volumes {
		volume, known := object(v)
		if !known {
			continue
		}
		efs, known := object(volume.Get("efsVolumeConfiguration"))
		if !known || efs.Len() == 0 {
			continue
		}
		if mode, modeKnown := str(efs, "transitEncryption", "DISABLED"); modeKnown && mode != "ENABLED" {
			messages = append(messages, fmt.Sprintf("task definition %q volume #%d mounts EFS without transit encryption; "+
				"set efsVolumeConfiguration.transitEncryption: ENABLED", res.Name, i+1))
		}
	}
	return messages
}

func checkCapacityProviderTerminationProtection(res Resource, _ Config) []string {
	provider, known := object(res.Properties.Get("autoScalingGroupProvider"))
	if !known || provider.Len() == 0 {
		return nil
	}
	if mode, modeKnown := str(provider, "managedTerminationProtection", "DISABLED"); !modeKnown || mode == "ENABLED" {
		return nil
	}
	return []string{fmt.Sprintf("capacity provider %q has managed termination protection off; set "+
		"autoScalingGroupProvider.managedTerminationProtection: ENABLED", res.Name)}
}

// isApplicationLB reports whether a v2 load balancer is an Application Load Balancer.
func isApplicationLB(res Resource) tri {
	lbType, known := loadBalancerType(res)
	if !known {
		return unknown
	}
	return triOf(lbType == "application")
}

func checkDropInvalidHeaders(res Resource, _ Config) []string {
	if isApplicationLB(res) != yes {
		return nil
	}
	drops := boolTri(res.Properties, "dropInvalidHeaderFields", false)
	if isNative(res.Type) {
		drops = loadBalancerAttribute(res.Properties, "routing.http.drop_invalid_header_fields.enabled", false)
	}
	if drops != no {
		return nil
	}
	return []string{fmt.Sprintf("application load balancer %q forwards invalid HTTP headers; set dropInvalidHeaderFields: true", res.Name)}
}

func checkDesyncMitigation(res Resource, _ Config) []string {
	if slices.Contains(loadBalancerTypes, res.Type) && isApplicationLB(res) != yes {
		return nil
	}
	mode, known := str(res.Properties, "desyncMitigationMode", "defensive")
	if isNative(res.Type) && res.Type == awstypes.NativeElasticloadbalancingv2LoadBalancer {
		attributes, attributesKnown := list(res.Properties.Get("loadBalancerAttributes"))
		if !attributesKnown {
			return nil
		}
		for _, a := range attributes {
			attribute, _ := object(a)
			if key, _ := str(attribute, "key", ""); key == "routing.http.desync_mitigation_mode" {
				mode, known = str(attribute, "value", "defensive")
			}
		}
	}
	if !known || !strings.EqualFold(mode, "monitor") {
		return nil
	}
	return []string{fmt.Sprintf("load balancer %q uses desync mitigation mode monitor, which forwards ambiguous requests; "+
		"set desyncMitigationMode: defensive (or strictest)", res.Name)}
}

func checkLoadBalancerMultiAZ(res Resource, _ Config) []string {
	keys := []string{"subnets", "subnetMappings"}
	if slices.Contains(classicLoadBalancerTypes, res.Type) {
		keys = []string{"subnets", "availabilityZones"}
	}
	most := 0
	for _, key := range keys {
		items, known := list(res.Properties.Get(key))
		if !known {
			return nil
		}
		most = max(most, len(items))
	}
	if most == 0 || most >= 2 {
		return nil // none set: the provider refuses it, or the default VPC's subnets are used
	}
	return []string{fmt.Sprintf("load balancer %q spans one Availability Zone; give it subnets in at least two", res.Name)}
}

// redirectsToHTTPS reports whether a listener's default actions are all redirects to HTTPS.
func redirectsToHTTPS(res Resource) bool {
	actions, known := list(res.Properties.Get("defaultActions"))
	if !known || len(actions) == 0 {
		return false
	}
	redirectKey := "redirect"
	if isNative(res.Type) {
		redirectKey = "redirectConfig"
	}
	for _, a := range actions {
		action, _ := object(a)
		actionType, _ := str(action, "type", "")
		redirect, _ := object(action.Get(redirectKey))
		target, _ := str(redirect, "protocol", "#{protocol}")
		if actionType != "redirect" || !strings.EqualFold(target, "HTTPS") {
			return false
		}
	}
	return true
}

func checkListenerSecureProtocol(res Resource, _ Config) []string {
	protocol, known := listenerProtocol(res.Properties)
	if !known {
		return nil
	}
	switch protocol {
	case "HTTPS", "TLS", "GENEVE":
		return nil
	case "HTTP":
		if redirectsToHTTPS(res) {
			return nil
		}
	}
	return []string{fmt.Sprintf("listener %q uses %s, which carries traffic unencrypted; use HTTPS (or TLS on a network "+
		"load balancer) with a certificate", res.Name, protocol)}
}

func checkTargetGroupProtocols(res Resource, _ Config) []string {
	targetType, known := str(res.Properties, "targetType", "instance")
	if !known || targetType == "lambda" {
		return nil
	}
	protocol, known := str(res.Properties, "protocol", "HTTP")
	if !known {
		return nil
	}
	protocol = strings.ToUpper(protocol)
	var messages []string
	if protocol != "HTTPS" && protocol != "TLS" && protocol != "GENEVE" {
		messages = append(messages, fmt.Sprintf("target group %q forwards over %s; use HTTPS or TLS to the targets", res.Name, protocol))
	}
	healthProtocol := protocol
	if isNative(res.Type) {
		healthProtocol, known = str(res.Properties, "healthCheckProtocol", protocol)
	} else {
		healthCheck, healthKnown := object(res.Properties.Get("healthCheck"))
		if !healthKnown {
			return messages
		}
		healthProtocol, known = str(healthCheck, "protocol", protocol)
	}
	if known && healthProtocol != "HTTPS" && healthProtocol != "TLS" && healthProtocol != "GENEVE" {
		messages = append(messages, fmt.Sprintf("target group %q health-checks over %s; use HTTPS", res.Name, strings.ToUpper(healthProtocol)))
	}
	return messages
}

func checkClassicLoadBalancer(res Resource, _ Config) []string {
	props := res.Properties
	var messages []string
	listeners, _ := list(props.Get("listeners"))
	for i, l := range listeners {
		listener, known := object(l)
		if !known {
			continue
		}
		protocol, protocolKnown := str(listener, "lbProtocol", "")
		if isNative(res.Type) {
			protocol, protocolKnown = str(listener, "protocol", "")
		}
		if !protocolKnown {
			continue
		}
		switch strings.ToUpper(protocol) {
		case "HTTPS", "SSL":
			if cert, certKnown := str(listener, "sslCertificateId", ""); certKnown && !strings.HasPrefix(cert, "arn:aws:acm:") {
				messages = append(messages, fmt.Sprintf("classic load balancer %q listener #%d uses a certificate that is not "+
					"from ACM; use an ACM certificate ARN", res.Name, i+1))
			}
		default:
			messages = append(messages, fmt.Sprintf("classic load balancer %q listener #%d uses %s; terminate HTTPS or SSL on it",
				res.Name, i+1, protocol))
		}
	}
	if !isNative(res.Type) {
		if boolTri(props, "connectionDraining", false) == no {
			messages = append(messages, fmt.Sprintf("classic load balancer %q has connection draining off; set connectionDraining: true", res.Name))
		}
		if boolTri(props, "crossZoneLoadBalancing", true) == no {
			messages = append(messages, fmt.Sprintf("classic load balancer %q has cross-zone load balancing off; set crossZoneLoadBalancing: true", res.Name))
		}
	}
	return messages
}

func checkRestStage(res Resource, _ Config) []string {
	var messages []string
	if isSet(res.Properties, "clientCertificateId") == no {
		messages = append(messages, fmt.Sprintf("REST API stage %q has no client certificate for backend authentication; "+
			"set clientCertificateId (aws.apigateway.ClientCertificate) and verify it in the backend", res.Name))
	}
	if boolTri(res.Properties, "xrayTracingEnabled", false) == no {
		messages = append(messages, fmt.Sprintf("REST API stage %q does not trace with X-Ray; set xrayTracingEnabled: true", res.Name))
	}
	return messages
}

func checkRestCacheEncryption(res Resource, _ Config) []string {
	settings, known := object(res.Properties.Get("settings"))
	if !known || boolTri(settings, "cachingEnabled", false) != yes || boolTri(settings, "cacheDataEncrypted", false) != no {
		return nil
	}
	return []string{fmt.Sprintf("REST API method settings %q cache responses unencrypted; set settings.cacheDataEncrypted: true", res.Name)}
}

func checkRouteAuthorization(res Resource, _ Config) []string {
	authorization, known := str(res.Properties, "authorizationType", "NONE")
	if !known || !strings.EqualFold(authorization, "NONE") {
		return nil
	}
	return []string{fmt.Sprintf("API route %q has no authorization (authorizationType NONE or unset); set authorizationType "+
		"AWS_IAM, JWT (with an authorizer) or CUSTOM", res.Name)}
}

func checkV2StageAccessLogs(res Resource, _ Config) []string {
	settings, known := object(res.Properties.Get("accessLogSettings"))
	if !known || isSet(settings, "destinationArn") != no {
		return nil
	}
	return []string{fmt.Sprintf("API stage %q ships no access logs; set accessLogSettings with a log group destinationArn and a format", res.Name)}
}

func checkPrivateIntegrationTLS(res Resource, _ Config) []string {
	connection, known := str(res.Properties, "connectionType", "INTERNET")
	if !known || connection != "VPC_LINK" {
		return nil
	}
	tls, known := object(res.Properties.Get("tlsConfig"))
	if !known || isSet(tls, "serverNameToVerify") != no {
		return nil
	}
	return []string{fmt.Sprintf("API integration %q reaches its private backend through a VPC link without TLS; set "+
		"tlsConfig.serverNameToVerify and an HTTPS listener on the backend", res.Name)}
}

// checkPolicies runs test over every allow statement of every policy document of res.
func checkPolicies(res Resource, test func(st statement) string) []string {
	var messages []string
	for _, doc := range policyDocuments(res) {
		statements, known, err := policyStatements(doc.value)
		if !known || err != nil {
			continue
		}
		for i, st := range statements {
			if st.Effect != "Allow" {
				continue
			}
			if problem := test(st); problem != "" {
				messages = append(messages, fmt.Sprintf("IAM %q %s statement #%d %s", res.Name, doc.label, i+1, problem))
			}
		}
	}
	return messages
}

func checkPolicyAdmin(res Resource, _ Config) []string {
	return checkPolicies(res, func(st statement) string {
		if slices.Contains(st.Actions, "*") && slices.Contains(st.Resources, "*") {
			return "allows every action on every resource (\"Action\": \"*\", \"Resource\": \"*\"); grant the actions and resources the workload needs"
		}
		return ""
	})
}

func checkPolicyServiceWildcard(res Resource, _ Config) []string {
	return checkPolicies(res, func(st statement) string {
		var wildcards []string
		for _, action := range st.Actions {
			if action == "*" || strings.HasSuffix(action, ":*") {
				wildcards = append(wildcards, action)
			}
		}
		if len(wildcards) == 0 {
			return ""
		}
		return fmt.Sprintf("allows every action of a service (%s); list the actions instead", strings.Join(wildcards, ", "))
	})
}

func checkUserPolicies(res Resource, _ Config) []string {
	if res.Type == awstypes.IamPolicyAttachment && isSet(res.Properties, "users") != yes {
		return nil
	}
	return []string{fmt.Sprintf("IAM %q attaches a policy to a user; attach it to a group or role the user assumes instead", res.Name)}
}

func checkCloudShellFullAccess(res Resource, _ Config) []string {
	var arns []property.Value
	switch res.Type {
	case awstypes.IamRole, awstypes.NativeIamRole:
		items, _ := list(res.Properties.Get("managedPolicyArns"))
		arns = items
	default:
		arns = []property.Value{res.Properties.Get("policyArn")}
	}
	for _, arn := range arns {
		if text, known := stringValue(arn, ""); known && strings.HasSuffix(text, ":policy/AWSCloudShellFullAccess") {
			return []string{fmt.Sprintf("IAM %q grants AWSCloudShellFullAccess; grant a narrower CloudShell policy or none", res.Name)}
		}
	}
	return nil
}

func checkPasswordPolicy(res Resource, _ Config) []string {
	var missing []string
	for _, key := range []string{"requireUppercaseCharacters", "requireLowercaseCharacters", "requireNumbers", "requireSymbols"} {
		if boolTri(res.Properties, key, false) == no {
			missing = append(missing, key+": true")
		}
	}
	if length := res.Properties.Get("minimumPasswordLength"); !length.IsComputed() && number(res.Properties, "minimumPasswordLength") < 8 {
		missing = append(missing, "minimumPasswordLength: 8 or more")
	}
	if len(missing) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("account password policy %q is weaker than FSBP IAM.7; set %s", res.Name, strings.Join(missing, ", "))}
}

var publicCannedACLs = []string{"public-read", "public-read-write", "authenticated-read"}

func checkBucketNotPublic(res Resource, _ Config) []string {
	switch res.Type {
	case awstypes.S3Bucket, awstypes.S3BucketACL, awstypes.S3BucketACLV2, awstypes.NativeS3Bucket:
		key := "acl"
		if res.Type == awstypes.NativeS3Bucket {
			key = "accessControl"
		}
		acl, known := str(res.Properties, key, "private")
		// pulumi-aws canned ACL names, and aws-native's AccessControl enum (s3 BucketAccessControl).
		if known && (slices.Contains(publicCannedACLs, acl) || slices.Contains([]string{"PublicRead", "PublicReadWrite", "AuthenticatedRead"}, acl)) {
			return []string{fmt.Sprintf("bucket %q uses the public canned ACL %q; remove it (ACLs disabled, private)", res.Name, acl)}
		}
		if res.Type == awstypes.S3Bucket {
			return checkPolicies(res, publicStatement)
		}
		return nil
	}
	return checkPolicies(res, publicStatement)
}

func publicStatement(st statement) string {
	if !st.PublicPrincipal || len(st.Condition) > 0 {
		return ""
	}
	return "allows Principal \"*\" without a condition, making the bucket public; name the principals or add a condition " +
		"such as aws:SourceAccount or aws:SourceVpce"
}

func checkPublicAccessBlock(res Resource, _ Config) []string {
	props := res.Properties
	kind := "bucket public access block"
	switch res.Type {
	case awstypes.S3AccountPublicAccessBlock:
		kind = "account public access block"
	case awstypes.S3AccessPoint:
		// An access point without a configuration blocks everything (CreateAccessPoint defaults all four to true).
		configuration, known := object(props.Get("publicAccessBlockConfiguration"))
		if !known || configuration.Len() == 0 {
			return nil
		}
		props, kind = configuration, "access point"
	case awstypes.NativeS3Bucket:
		configuration, known := object(props.Get("publicAccessBlockConfiguration"))
		if !known || configuration.Len() == 0 {
			return nil
		}
		props, kind = configuration, "bucket"
	}
	var off []string
	for _, key := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		def := res.Type == awstypes.S3AccessPoint // access point flags default to true
		if boolTri(props, key, def) == no {
			off = append(off, key)
		}
	}
	if len(off) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s %q leaves %s off (unset is false); set all four flags to true", kind, res.Name, strings.Join(off, ", "))}
}

func checkBucketACLsDisabled(res Resource, _ Config) []string {
	switch res.Type {
	case awstypes.S3BucketOwnershipControls:
		rule, known := object(res.Properties.Get("rule"))
		if !known {
			return nil
		}
		ownership, known := str(rule, "objectOwnership", "BucketOwnerEnforced")
		if !known || ownership == "BucketOwnerEnforced" {
			return nil
		}
		return []string{fmt.Sprintf("bucket ownership controls %q set objectOwnership %s, which enables ACLs; set BucketOwnerEnforced", res.Name, ownership)}
	case awstypes.NativeS3Bucket:
		controls, known := object(res.Properties.Get("ownershipControls"))
		rules, rulesKnown := list(controls.Get("rules"))
		if !known || !rulesKnown {
			return nil
		}
		for _, r := range rules {
			rule, _ := object(r)
			if ownership, ok := str(rule, "objectOwnership", "BucketOwnerEnforced"); ok && ownership != "BucketOwnerEnforced" {
				return []string{fmt.Sprintf("bucket %q sets objectOwnership %s, which enables ACLs; set BucketOwnerEnforced", res.Name, ownership)}
			}
		}
		return nil
	}
	return []string{fmt.Sprintf("bucket ACL %q manages access with an ACL; remove it and grant access with IAM or the bucket policy", res.Name)}
}

func checkTransitGatewayAutoAccept(res Resource, _ Config) []string {
	value, known := str(res.Properties, "autoAcceptSharedAttachments", "disable")
	if !known || value != "enable" {
		return nil
	}
	return []string{fmt.Sprintf("transit gateway %q accepts shared VPC attachments automatically; set "+
		"autoAcceptSharedAttachments: disable and accept attachments one by one", res.Name)}
}

func checkEBSEncrypted(res Resource, _ Config) []string {
	props := res.Properties
	// Only an explicit false is judged: unset follows the account's EBS encryption default and the AMI's snapshots.
	if res.Type == awstypes.EbsVolume {
		if boolTri(props, "encrypted", true) != no {
			return nil
		}
		return []string{fmt.Sprintf("EBS volume %q sets encrypted: false; set encrypted: true (and kmsKeyId for a customer key)", res.Name)}
	}
	var messages []string
	root, known := object(props.Get("rootBlockDevice"))
	if known && boolTri(root, "encrypted", true) == no {
		messages = append(messages, fmt.Sprintf("EC2 instance %q sets an unencrypted root volume; set rootBlockDevice.encrypted: true", res.Name))
	}
	devices, _ := list(props.Get("ebsBlockDevices"))
	for i, d := range devices {
		device, deviceKnown := object(d)
		if deviceKnown && boolTri(device, "encrypted", true) == no {
			messages = append(messages, fmt.Sprintf("EC2 instance %q EBS block device #%d is not encrypted; set encrypted: true", res.Name, i+1))
		}
	}
	return messages
}

func checkInstanceSingleENI(res Resource, _ Config) []string {
	interfaces, known := list(res.Properties.Get("networkInterfaces"))
	if !known || len(interfaces) <= 1 {
		return nil
	}
	return []string{fmt.Sprintf("EC2 instance %q attaches %d network interfaces; use one", res.Name, len(interfaces))}
}

// recommendedClassicSSLPolicy is ELB.8's default predefinedPolicyName parameter.
const recommendedClassicSSLPolicy = "ELBSecurityPolicy-TLS-1-2-2017-01"

func checkClassicSSLPolicy(res Resource, _ Config) []string {
	props := res.Properties
	key := "attributes"
	if res.Type == awstypes.ElbLoadBalancerPolicy {
		policyType, known := str(props, "policyTypeName", "")
		if !known || policyType != "SSLNegotiationPolicyType" {
			return nil
		}
		key = "policyAttributes"
	}
	attributes, known := list(props.Get(key))
	if !known {
		return nil
	}
	for _, a := range attributes {
		attribute, attributeKnown := object(a)
		name, nameKnown := str(attribute, "name", "")
		value, valueKnown := str(attribute, "value", "")
		if !attributeKnown || !nameKnown || !valueKnown {
			return nil
		}
		if name == "Reference-Security-Policy" && value == recommendedClassicSSLPolicy {
			return nil
		}
	}
	return []string{fmt.Sprintf("classic load balancer SSL policy %q does not reference %s; set the attribute "+
		"Reference-Security-Policy = %s instead of custom protocols and ciphers", res.Name, recommendedClassicSSLPolicy, recommendedClassicSSLPolicy)}
}

func checkClientVPNLogging(res Resource, _ Config) []string {
	options, known := object(res.Properties.Get("connectionLogOptions"))
	if !known || boolTri(options, "enabled", false) != no {
		return nil
	}
	return []string{fmt.Sprintf("Client VPN endpoint %q does not log connections; set connectionLogOptions.enabled: true "+
		"with a CloudWatch log group", res.Name)}
}
