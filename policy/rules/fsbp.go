package rules

import (
	"fmt"
	"strings"
)

// Control is one AWS Security Hub Foundational Security Best Practices (FSBP) control of a service the platform
// uses, and what this pack does about it.
type Control struct {
	// ID is the control ID, e.g. "EC2.2".
	ID string
	// Title is the control's title, shortened.
	Title string
	// Severity is the control's severity as Security Hub publishes it: Critical, High, Medium or Low.
	Severity string
	// Rules are the pack rules that check it; their levels make the control enforced or advisory.
	Rules []string
	// ByConstruction says how the program satisfies a control the pack does not check.
	ByConstruction string
	// NotDecidable says why a Pulumi program's resource inputs cannot decide the control.
	NotDecidable string
}

// Sources of the control IDs, titles and severities: the Security Hub user guide's page per service.
var fsbpSources = map[string]string{
	"EC2":        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html",
	"ECS":        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html",
	"ELB":        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html",
	"APIGateway": "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html",
	"IAM":        "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html",
	"KMS":        "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html",
	"S3":         "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html",
}

// severityLevel is the pack's default level for a control severity: critical and high block, medium and low advise.
func severityLevel(severity string) Level {
	if severity == "Critical" || severity == "High" {
		return Mandatory
	}
	return Advisory
}

const (
	accountLevel = "an account-wide setting: it belongs to the account baseline, not to a workload program, so a stack without it proves nothing"
	runtimeState = "depends on what happens after deployment (usage, rotation, time), which no resource input shows"
)

// FSBPControls lists the FSBP controls for EC2/VPC, ECS, ELB, API Gateway, IAM and S3, in the pages' order.
func FSBPControls() []Control {
	return append([]Control{
		{ID: "EC2.1", Title: "EBS snapshots should not be publicly restorable", Severity: "Critical", NotDecidable: "snapshot permissions are set on snapshots the program does not create; the platform creates none"},
		{ID: "EC2.2", Title: "VPC default security groups should not allow inbound or outbound traffic", Severity: "High", Rules: []string{"vpc-default-security-group-closed"}},
		{ID: "EC2.3", Title: "Attached EBS volumes should be encrypted at rest", Severity: "Medium", Rules: []string{"ebs-encrypted"}},
		{ID: "EC2.4", Title: "Stopped EC2 instances should be removed after a specified time period", Severity: "Medium", NotDecidable: runtimeState},
		{ID: "EC2.6", Title: "VPC flow logging should be enabled in all VPCs", Severity: "Medium", Rules: []string{"vpc-flow-logs"}},
		{ID: "EC2.7", Title: "EBS default encryption should be enabled", Severity: "Medium", NotDecidable: accountLevel},
		{ID: "EC2.8", Title: "EC2 instances should use IMDSv2", Severity: "High", Rules: []string{"instance-imdsv2"}},
		{ID: "EC2.9", Title: "EC2 instances should not have a public IPv4 address", Severity: "High", Rules: []string{"instance-no-public-ip"}},
		{ID: "EC2.10", Title: "Amazon EC2 should be configured to use VPC endpoints created for the EC2 service", Severity: "Medium", Rules: []string{"vpc-service-endpoints"}},
		{ID: "EC2.12", Title: "Unused Amazon EC2 EIPs should be removed", Severity: "Low", Rules: []string{"eip-only-for-nat-gateway"}},
		{ID: "EC2.13", Title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22", Severity: "High", Rules: []string{"security-group-no-public-ingress"}},
		{ID: "EC2.14", Title: "Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389", Severity: "High", Rules: []string{"security-group-no-public-ingress"}},
		{ID: "EC2.15", Title: "EC2 subnets should not automatically assign public IP addresses", Severity: "Medium", Rules: []string{"subnet-no-public-ip"}},
		{ID: "EC2.16", Title: "Unused network ACLs should be removed", Severity: "Low", NotDecidable: "whether a NACL is associated is also changed outside the program (subnets of other stacks)"},
		{ID: "EC2.17", Title: "EC2 instances should not use multiple ENIs", Severity: "Low", Rules: []string{"instance-single-eni"}},
		{ID: "EC2.18", Title: "Security groups should only allow unrestricted incoming traffic for authorized ports", Severity: "High", Rules: []string{"security-group-no-public-ingress"}},
		{ID: "EC2.19", Title: "Security groups should not allow unrestricted access to ports with high risk", Severity: "Critical", Rules: []string{"security-group-no-public-ingress"}},
		{ID: "EC2.20", Title: "Both VPN tunnels for a Site-to-Site VPN connection should be up", Severity: "Medium", NotDecidable: runtimeState},
		{ID: "EC2.21", Title: "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389", Severity: "Medium", Rules: []string{"network-acl-no-admin-ingress"}},
		{ID: "EC2.22", Title: "Unused EC2 security groups should be removed", Severity: "Medium", NotDecidable: "use of a group by ENIs is runtime state"},
		{ID: "EC2.23", Title: "Transit Gateways should not automatically accept VPC attachment requests", Severity: "High", Rules: []string{"transit-gateway-no-auto-accept"}},
		{ID: "EC2.24", Title: "Paravirtual EC2 instance types should not be used", Severity: "Medium", NotDecidable: "the virtualization type is a property of the AMI, not of the instance's inputs"},
		{ID: "EC2.25", Title: "EC2 launch templates should not assign public IPs to network interfaces", Severity: "High", Rules: []string{"launch-template-no-public-ip"}},
		{ID: "EC2.28", Title: "EBS volumes should be covered by a backup plan", Severity: "Low", NotDecidable: "backup plans select volumes by tag or ARN across the account"},
		{ID: "EC2.33–EC2.52, EC2.174–EC2.179", Title: "EC2 resources should be tagged", Severity: "Low", ByConstruction: "every taggable resource carries the stack's tags (components TestEveryTaggableResourceCarriesTheStackTags); the required tag keys are a Security Hub parameter"},
		{ID: "EC2.51", Title: "EC2 Client VPN endpoints should have client connection logging enabled", Severity: "Low", Rules: []string{"client-vpn-connection-logging"}},
		{ID: "EC2.53", Title: "Security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports", Severity: "High", Rules: []string{"security-group-no-public-ingress"}},
		{ID: "EC2.54", Title: "Security groups should not allow ingress from ::/0 to remote server administration ports", Severity: "High", Rules: []string{"security-group-no-public-ingress"}},
		{ID: "EC2.55", Title: "VPCs should be configured with an interface endpoint for ECR API", Severity: "Medium", Rules: []string{"vpc-service-endpoints"}},
		{ID: "EC2.56", Title: "VPCs should be configured with an interface endpoint for Docker Registry", Severity: "Medium", Rules: []string{"vpc-service-endpoints"}},
		{ID: "EC2.57", Title: "VPCs should be configured with an interface endpoint for Systems Manager", Severity: "Medium", Rules: []string{"vpc-service-endpoints"}},
		{ID: "EC2.58", Title: "VPCs should be configured with an interface endpoint for Systems Manager Incident Manager Contacts", Severity: "Medium", Rules: []string{"vpc-service-endpoints"}},
		{ID: "EC2.60", Title: "VPCs should be configured with an interface endpoint for Systems Manager Incident Manager", Severity: "Medium", Rules: []string{"vpc-service-endpoints"}},
		{ID: "EC2.170", Title: "EC2 launch templates should use IMDSv2", Severity: "Low", Rules: []string{"instance-imdsv2"}},
		{ID: "EC2.172", Title: "EC2 VPC Block Public Access settings should block internet gateway traffic", Severity: "Medium", NotDecidable: accountLevel},
		{ID: "EC2.182", Title: "Amazon EBS snapshots should not be publicly accessible (block public access)", Severity: "High", NotDecidable: accountLevel},

		{ID: "ECS.1", Title: "Task definitions should have secure networking modes and user definitions (retired March 2026; see ECS.4, ECS.17, ECS.20)", Severity: "High", Rules: []string{"ecs-task-awsvpc"}},
		{ID: "ECS.2", Title: "ECS services should not have public IP addresses assigned to them automatically", Severity: "High", Rules: []string{"ecs-service-no-public-ip"}},
		{ID: "ECS.3", Title: "ECS task definitions should not share the host's process namespace", Severity: "High", Rules: []string{"ecs-task-no-host-pid"}},
		{ID: "ECS.4", Title: "ECS containers should run as non-privileged", Severity: "High", Rules: []string{"ecs-container-not-privileged"}},
		{ID: "ECS.5", Title: "ECS containers should be limited to read-only access to root filesystems", Severity: "High", Rules: []string{"ecs-container-readonly-root"}},
		{ID: "ECS.8", Title: "Secrets should not be passed as container environment variables", Severity: "High", Rules: []string{"ecs-container-no-secret-environment"}},
		{ID: "ECS.9", Title: "ECS task definitions should have a logging configuration", Severity: "High", Rules: []string{"ecs-container-logging"}},
		{ID: "ECS.10", Title: "ECS Fargate services should run on the latest Fargate platform version", Severity: "Medium", Rules: []string{"ecs-fargate-platform-version"}},
		{ID: "ECS.12", Title: "ECS clusters should use Container Insights", Severity: "Medium", Rules: []string{"ecs-cluster-container-insights"}},
		{ID: "ECS.13–ECS.15", Title: "ECS services, clusters and task definitions should be tagged", Severity: "Low", ByConstruction: "every taggable resource carries the stack's tags"},
		{ID: "ECS.16", Title: "ECS task sets should not automatically assign public IP addresses", Severity: "High", Rules: []string{"ecs-service-no-public-ip"}},
		{ID: "ECS.17", Title: "ECS task definitions should not use host network mode", Severity: "Medium", Rules: []string{"ecs-task-awsvpc"}},
		{ID: "ECS.18", Title: "ECS task definitions should use encryption in transit for EFS volumes", Severity: "Medium", Rules: []string{"ecs-efs-transit-encryption"}},
		{ID: "ECS.19", Title: "ECS capacity providers should have managed termination protection enabled", Severity: "Medium", Rules: []string{"ecs-capacity-provider-termination-protection"}},
		{ID: "ECS.20", Title: "ECS task definitions should configure non-root users in Linux container definitions", Severity: "Medium", Rules: []string{"ecs-container-non-root"}},
		{ID: "ECS.21", Title: "ECS task definitions should configure non-administrator users in Windows container definitions", Severity: "Medium", Rules: []string{"ecs-container-non-root"}},

		{ID: "ELB.1", Title: "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS", Severity: "Medium", Rules: []string{"listener-http-redirects-to-https"}},
		{ID: "ELB.2", Title: "Classic Load Balancers with SSL/HTTPS listeners should use a certificate provided by ACM", Severity: "Medium", Rules: []string{"classic-load-balancer-hardening"}},
		{ID: "ELB.3", Title: "Classic Load Balancer listeners should be configured with HTTPS or TLS termination", Severity: "Medium", Rules: []string{"classic-load-balancer-hardening"}},
		{ID: "ELB.4", Title: "Application Load Balancer should be configured to drop invalid HTTP headers", Severity: "Medium", Rules: []string{"load-balancer-drop-invalid-headers"}},
		{ID: "ELB.5", Title: "Application and Classic Load Balancers logging should be enabled", Severity: "Medium", Rules: []string{"load-balancer-access-logs"}},
		{ID: "ELB.6", Title: "Application, Gateway, and Network Load Balancers should have deletion protection enabled", Severity: "Medium", Rules: []string{"load-balancer-deletion-protection"}},
		{ID: "ELB.7", Title: "Classic Load Balancers should have connection draining enabled", Severity: "Low", Rules: []string{"classic-load-balancer-hardening"}},
		{ID: "ELB.8", Title: "Classic Load Balancers with SSL listeners should use a predefined security policy that has strong AWS Configuration", Severity: "Medium", Rules: []string{"classic-load-balancer-ssl-policy"}},
		{ID: "ELB.9", Title: "Classic Load Balancers should have cross-zone load balancing enabled", Severity: "Medium", Rules: []string{"classic-load-balancer-hardening"}},
		{ID: "ELB.10", Title: "Classic Load Balancer should span multiple Availability Zones", Severity: "Medium", Rules: []string{"load-balancer-multi-az"}},
		{ID: "ELB.12", Title: "Application Load Balancer should be configured with defensive or strictest desync mitigation mode", Severity: "Medium", Rules: []string{"load-balancer-desync-mitigation"}},
		{ID: "ELB.13", Title: "Application, Network and Gateway Load Balancers should span multiple Availability Zones", Severity: "Medium", Rules: []string{"load-balancer-multi-az"}},
		{ID: "ELB.14", Title: "Classic Load Balancer should be configured with defensive or strictest desync mitigation mode", Severity: "Medium", Rules: []string{"load-balancer-desync-mitigation"}},
		{ID: "ELB.16", Title: "Application Load Balancers should be associated with an AWS WAF web ACL", Severity: "Medium", NotDecidable: "WAF associations are often made outside the program (Firewall Manager), so an absent association in the stack proves nothing"},
		{ID: "ELB.17", Title: "Application and Network Load Balancers with listeners should use recommended security policies", Severity: "Medium", Rules: []string{"listener-tls-policy"}},
		{ID: "ELB.18", Title: "Application and Network Load Balancer listeners should use secure protocols to encrypt data in transit", Severity: "Medium", Rules: []string{"listener-secure-protocol"}},
		{ID: "ELB.21", Title: "Application and Network Load Balancer target groups should use encrypted health check protocols", Severity: "Medium", Rules: []string{"target-group-encrypted-protocols"}},
		{ID: "ELB.22", Title: "ELB target groups should use encrypted transport protocols", Severity: "Medium", Rules: []string{"target-group-encrypted-protocols"}},

		{ID: "APIGateway.1", Title: "API Gateway REST and WebSocket API execution logging should be enabled", Severity: "Medium", Rules: []string{"api-gateway-execution-logging"}},
		{ID: "APIGateway.2", Title: "API Gateway REST API stages should be configured to use SSL certificates for backend authentication", Severity: "Medium", Rules: []string{"api-gateway-rest-stage-hardening"}},
		{ID: "APIGateway.3", Title: "API Gateway REST API stages should have AWS X-Ray tracing enabled", Severity: "Low", Rules: []string{"api-gateway-rest-stage-hardening"}},
		{ID: "APIGateway.4", Title: "API Gateway should be associated with a WAF Web ACL", Severity: "Medium", NotDecidable: "WAF associations are often made outside the program (Firewall Manager)"},
		{ID: "APIGateway.5", Title: "API Gateway REST API cache data should be encrypted at rest", Severity: "Medium", Rules: []string{"api-gateway-cache-encrypted"}},
		{ID: "APIGateway.8", Title: "API Gateway routes should specify an authorization type", Severity: "Medium", Rules: []string{"api-gateway-route-authorization"}},
		{ID: "APIGateway.9", Title: "Access logging should be configured for API Gateway V2 Stages", Severity: "Medium", Rules: []string{"api-gateway-v2-access-logging"}},
		{ID: "APIGateway.10", Title: "API Gateway V2 integrations should use HTTPS for private connections", Severity: "Medium", Rules: []string{"api-gateway-private-integration-tls"}},

		{ID: "IAM.1", Title: "IAM policies should not allow full \"*\" administrative privileges", Severity: "High", Rules: []string{"iam-policy-no-admin"}},
		{ID: "IAM.2", Title: "IAM users should not have IAM policies attached", Severity: "Low", Rules: []string{"iam-no-user-policies"}},
		{ID: "IAM.3", Title: "IAM users' access keys should be rotated every 90 days or less", Severity: "Medium", NotDecidable: runtimeState},
		{ID: "IAM.4", Title: "IAM root user access key should not exist", Severity: "Critical", NotDecidable: accountLevel},
		{ID: "IAM.5", Title: "MFA should be enabled for all IAM users that have a console password", Severity: "Medium", NotDecidable: "MFA devices are enrolled by the users, outside any program"},
		{ID: "IAM.6", Title: "Hardware MFA should be enabled for the root user", Severity: "Critical", NotDecidable: accountLevel},
		{ID: "IAM.7", Title: "Password policies for IAM users should have strong configurations", Severity: "Medium", Rules: []string{"iam-password-policy"}},
		{ID: "IAM.8", Title: "Unused IAM user credentials should be removed", Severity: "Medium", NotDecidable: runtimeState},
		{ID: "IAM.9", Title: "MFA should be enabled for the root user", Severity: "Critical", NotDecidable: accountLevel},
		{ID: "IAM.19", Title: "MFA should be enabled for all IAM users", Severity: "Medium", NotDecidable: "MFA devices are enrolled by the users, outside any program"},
		{ID: "IAM.21", Title: "IAM customer managed policies that you create should not allow wildcard actions for services", Severity: "Low", Rules: []string{"iam-policy-no-service-wildcard"}},
		{ID: "IAM.26", Title: "Expired SSL/TLS certificates managed in IAM should be removed", Severity: "Medium", NotDecidable: runtimeState},
		{ID: "IAM.27", Title: "IAM identities should not have the AWSCloudShellFullAccess policy attached", Severity: "Medium", Rules: []string{"iam-no-cloudshell-full-access"}},
		{ID: "IAM.28", Title: "IAM Access Analyzer external access analyzer should be enabled", Severity: "High", NotDecidable: accountLevel},

		{ID: "KMS.1", Title: "IAM customer managed policies should not allow decryption actions on all KMS keys", Severity: "Medium", Rules: []string{"iam-policy-no-kms-decrypt-all-keys"}},
		{ID: "KMS.2", Title: "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys", Severity: "Medium", Rules: []string{"iam-policy-no-kms-decrypt-all-keys"}},

		{ID: "S3.1", Title: "S3 general purpose buckets should have block public access settings enabled (account)", Severity: "Medium", Rules: []string{"s3-public-access-block"}},
		{ID: "S3.2", Title: "S3 general purpose buckets should block public read access", Severity: "Critical", Rules: []string{"s3-bucket-not-public"}},
		{ID: "S3.3", Title: "S3 general purpose buckets should block public write access", Severity: "Critical", Rules: []string{"s3-bucket-not-public"}},
		{ID: "S3.5", Title: "S3 general purpose buckets should require requests to use SSL", Severity: "Medium", Rules: []string{"s3-bucket-requires-ssl"}},
		{ID: "S3.6", Title: "S3 general purpose bucket policies should restrict access to other AWS accounts", Severity: "High", NotDecidable: "whether a principal is another account needs the deploying account's ID, which resource inputs do not carry"},
		{ID: "S3.7", Title: "S3 general purpose buckets should use cross-Region replication", Severity: "Low", Rules: []string{"s3-bucket-replication"}},
		{ID: "S3.8", Title: "S3 general purpose buckets should block public access", Severity: "High", Rules: []string{"s3-public-access-block"}},
		{ID: "S3.9", Title: "S3 general purpose buckets should have server access logging enabled", Severity: "Medium", Rules: []string{"s3-bucket-logging"}},
		{ID: "S3.10", Title: "S3 general purpose buckets with versioning enabled should have Lifecycle configurations", Severity: "Medium", Rules: []string{"s3-bucket-lifecycle"}},
		{ID: "S3.11", Title: "S3 general purpose buckets should have event notifications enabled", Severity: "Medium", Rules: []string{"s3-bucket-event-notifications"}},
		{ID: "S3.12", Title: "ACLs should not be used to manage user access to S3 general purpose buckets", Severity: "Medium", Rules: []string{"s3-acls-disabled"}},
		{ID: "S3.13", Title: "S3 general purpose buckets should have Lifecycle configurations", Severity: "Low", Rules: []string{"s3-bucket-lifecycle"}},
		{ID: "S3.19", Title: "S3 access points should have block public access settings enabled", Severity: "Critical", Rules: []string{"s3-public-access-block"}},
		{ID: "S3.22–S3.23", Title: "S3 general purpose buckets should log object-level write and read events", Severity: "Medium", NotDecidable: "object-level logging is a CloudTrail trail's data-event selector, usually organisation-wide"},
	}, append(monitoringControls(), sqsControls()...)...)
}

// Status is how the pack stands on the control: enforced (a mandatory rule), advisory, satisfied by construction or
// not decidable.
func (c Control) Status() string {
	if len(c.Rules) == 0 {
		if c.ByConstruction != "" {
			return "satisfied by construction"
		}
		return "not decidable"
	}
	levels := map[string]Level{}
	for _, e := range Catalogue() {
		levels[e.Name] = e.DefaultLevel
	}
	for _, r := range c.Rules {
		if levels[r] == Mandatory {
			return "enforced"
		}
	}
	return "advisory"
}

// FSBPMarkdown renders the control table policy/README.md carries between its fsbp markers.
func FSBPMarkdown() string {
	var b strings.Builder
	b.WriteString("| Control | Title | Severity | Status | Rules / why |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, c := range FSBPControls() {
		how := c.ByConstruction + c.NotDecidable
		if len(c.Rules) > 0 {
			names := make([]string, len(c.Rules))
			for i, r := range c.Rules {
				names[i] = "`" + r + "`"
			}
			how = strings.Join(names, ", ")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", c.ID, escapeCell(c.Title), c.Severity, c.Status(), escapeCell(how))
	}
	b.WriteString("\nSources (control IDs, titles, severities):")
	for _, service := range []string{"EC2", "ECS", "ELB", "APIGateway", "IAM", "KMS", "S3"} {
		fmt.Fprintf(&b, " [%s](%s)", service, fsbpSources[service])
	}
	for _, service := range []string{"CloudWatch", "KMS", "SNS"} {
		fmt.Fprintf(&b, " [%s](%s)", service, monitoringSources[service])
	}
	fmt.Fprintf(&b, " [SQS](%s)", sqsSource)
	b.WriteString(".\n")
	return b.String()
}
