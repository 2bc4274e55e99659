package components

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// Config is the whole, typed stack configuration. It is loaded once from the stack's config
// (Pulumi.<stack>.yaml, namespace "private-fargate"), defaulted in one place (applyDefaults) and validated before any
// resource is registered. Every field documents its default.
type Config struct {
	// Region is the stack's AWS region (config key aws:region). Required: endpoint service names and ARNs use it.
	Region string `json:"-"`
	// Stack is the stack's name (not a config key): grants and app stacks are checked against it.
	Stack string `json:"-"`
	// Platform makes this stack an app stack (config key platform): the fully qualified name
	// `<organization>/<project>/<stack>` of the platform stack whose VPC, cluster and ALB listener its services and jobs
	// join. An app stack accepts only platform, alarms, services, jobs and tags (and aws:region, the platform's); every
	// other key is the platform's and an error here. It reads the platform's `platform` output before it registers anything,
	// checks its services and jobs against it and against its grant (the platform's apps.<this stack>), and registers
	// only their resources, every one tagged `private-fargate:app: <stack>`. Default: none (a platform stack).
	Platform string `json:"platform"`
	// Apps are the platform's grants to its app stacks, keyed by app stack name (config key apps; platform stacks
	// only): `hosts` (exact host names the app's rules may match; none: every host), `pathPrefixes` (prefixes such as
	// `/billing/` every path pattern of the app stays under; none: `/`), `priorities` `{first, last}` (the listener rule
	// priorities the app takes, inside 1–50000), `targetPorts` (container ports the ALB's security group may reach for
	// the app) and `subnetAddresses` (addresses per private subnet the app's tasks may take). No two ranges overlap, no
	// host and path prefix is granted twice, and no grant takes a priority or traffic of the platform's own services.
	// The platform exports each app's least-privilege deploy policy as `apps.<stack>.deployPolicy`. Default: none.
	Apps map[string]platformcontract.Grant `json:"apps"`
	// Network shapes the VPC and its subnets (config key network; platform stacks only).
	Network NetworkConfig `json:"network"`
	// Endpoints shapes the VPC endpoints through which tasks reach AWS without an internet path (config key endpoints;
	// platform stacks only).
	Endpoints EndpointsConfig `json:"endpoints"`
	// LoadBalancer shapes the internal ALB and the optional internal NLB in front of it (config key loadBalancer). The
	// ALB needs two or more availability zones and subnets of /27 or larger. Platform stacks only.
	LoadBalancer LoadBalancerConfig `json:"loadBalancer"`
	// Ingress chooses how traffic from outside the VPC reaches the internal load balancers (config key ingress;
	// platform stacks only).
	Ingress IngressConfig `json:"ingress"`
	// Cluster shapes the ECS cluster (config key cluster; platform stacks only).
	Cluster ClusterConfig `json:"cluster"`
	// Alarms are the CloudWatch alarms that page the stack's owners, the SNS topic they notify and the dashboard
	// (config key alarms; platform and app stacks: an app stack's services and jobs alarm on a topic of the app's own,
	// while the ALB's alarms and the platform's dashboard stay the platform's). On by default; README "Alarms and
	// dashboard" documents each alarm and how to tune it.
	Alarms AlarmsConfig `json:"alarms"`
	// Services are the Fargate services, keyed by a stable service name (config key services; platform and app stacks,
	// in an app stack checked against the platform's contract and grant). With egress `none` every
	// image must be private ECR in the stack's region; the execution role may pull exactly the images' repositories.
	// Default: none.
	Services map[string]ServiceConfig `json:"services"`
	// Jobs are Fargate tasks that run to completion, on an EventBridge Scheduler schedule or on demand, keyed by a
	// stable job name with the rules of service names (config key jobs; platform and app stacks). A job has the task fields of a service, with
	// the same validation, image rules and grants, and none of a service's own (routing, target health check, desired
	// count, deployment settings, autoscaling, ECS Exec). Its tasks run in the private subnets without a public IP, in
	// a security group of their own with no ingress. Every job is exported under the stack output `jobs` with its
	// complete RunTask input. Default: none.
	Jobs map[string]JobConfig `json:"jobs"`
	// Tags (config key tags; platform and app stacks) are added to every taggable resource (security group rules included), beside a `Name` tag
	// that the program sets to the resource's logical name. AWS's tag rules are checked before anything is created: at
	// most 49 tags (50 with `Name`), keys of 1–128 and values of up to 256 characters of letters, numbers, spaces and
	// `+ - = . _ : / @`, no `aws:` prefix in any letter case (reserved by AWS), and no `Name` key. Default: none.
	Tags map[string]string `json:"tags"`
}

// Egress modes of the private subnets (network.egress).
const (
	// EgressNone gives the private subnets no internet path at all: AWS services are reached through VPC endpoints.
	EgressNone = "none"
	// EgressNatSingle routes every private subnet through one NAT gateway (cheaper, one AZ is a single point of failure).
	EgressNatSingle = "nat-single"
	// EgressNatPerAZ gives every AZ its own NAT gateway (resilient to the loss of an AZ).
	EgressNatPerAZ = "nat-per-az"
)

// NetworkConfig shapes the VPC and its subnets.
type NetworkConfig struct {
	// Cidr is the VPC's IPv4 CIDR block, with a prefix between /16 and /28 and no host bits. Default: "10.0.0.0/16".
	Cidr string `json:"cidr"`
	// AvailabilityZones lists the AZ names in the region (for example `eu-west-1a`); one private subnet is created in
	// each. Given in config so that a preview makes no AWS call. Append only: a subnet's CIDR comes from its AZ's
	// position. Required, no duplicates, and at least two while the load balancer is on (an ALB needs subnets in two
	// AZs).
	AvailabilityZones []string `json:"availabilityZones"`
	// SubnetPrefixLength is the prefix length of every subnet. Private subnets take subnet numbers 0, 1, … in the lower
	// half of the VPC, public subnets the same numbers in the upper half, so the prefix must leave room for twice the
	// AZ count. With the load balancer on, at most 27 (an ALB needs /27 subnets). Each private subnet must also hold
	// what the stack puts in it: 5 addresses AWS reserves, 8 free for the ALB, 1 for the NLB, 1 per interface endpoint,
	// 1 for the HTTP API VPC link, and every service's task ENIs at the peak of a deployment (autoscaling `max`, else
	// `desiredCount`, times `maximumPercent`, spread over the AZs); the error lists the count. Default: VPC prefix + 4
	// (/20 in a /16), capped at /28.
	SubnetPrefixLength int `json:"subnetPrefixLength"`
	// Egress is the internet egress mode of the private subnets. `none`: no internet path at all: no internet gateway,
	// no NAT, no egress-only gateway, neither 0.0.0.0/0 nor ::/0; AWS is reached through the VPC endpoints.
	// `nat-single` / `nat-per-az` add public subnets (which do not map public IPs either), an internet gateway and one
	// NAT gateway (with its Elastic IP) in the first AZ or in every AZ, and a default route from each private route
	// table. Default: "none".
	Egress string `json:"egress"`
	// Ipv6 turns on dual-stack: an Amazon-provided /56 on the VPC and a /64 per subnet; in the NAT modes also `::/0`
	// from the private subnets through an egress-only internet gateway (outbound-only IPv6). With egress `none` IPv6 is
	// for traffic inside the VPC only. Default: false.
	Ipv6 bool `json:"ipv6"`
	// FlowLogs sends VPC flow logs to a CloudWatch log group of their own. Default: on (Security Hub FSBP EC2.6).
	FlowLogs FlowLogsConfig `json:"flowLogs"`
	// DefaultNetworkAcl is what happens to the VPC's default network ACL, which every subnet here uses. AWS creates it
	// admitting all traffic from anywhere, which Security Hub FSBP EC2.21 fails (ports 22 and 3389 open to 0.0.0.0/0).
	// `restricted` adopts it and lists every subnet on it: everything from inside the VPC, and from elsewhere TCP and
	// UDP on every port but 22 and 3389, plus ICMP (ICMPv6 with IPv6); all traffic out. The security groups stay the
	// boundary: the ACL is kept that wide because stateless rules any tighter drop return traffic (S3 through the
	// gateway endpoint, NAT, API Gateway VPC links). One cost: a NAT gateway picks its source ports from 1024-65535, so
	// about 1 in 64,512 NAT connections (one that gets port 3389) finds its reply dropped and has to retry.
	// `unmanaged` leaves the ACL to AWS (or to you); switching to it from `restricted` leaves the rules as they are,
	// since the provider's delete of a default ACL does nothing. Default: "restricted".
	DefaultNetworkAcl string `json:"defaultNetworkAcl"`
}

// Values of network.defaultNetworkAcl.
const (
	// DefaultNetworkACLRestricted adopts the VPC's default network ACL with no ingress from outside to ports 22 and 3389.
	DefaultNetworkACLRestricted = "restricted"
	// DefaultNetworkACLUnmanaged leaves the VPC's default network ACL as AWS creates it.
	DefaultNetworkACLUnmanaged = "unmanaged"
)

// FlowLogsConfig configures VPC flow logs.
type FlowLogsConfig struct {
	// Enabled turns flow logs on. The delivery role may write only to the flow logs' group, and its trust policy admits
	// flow logs of this account only. On by default: Security Hub FSBP EC2.6 ("VPC flow logging should be enabled in
	// all VPCs") fails a VPC without them. Log ingestion is billed per GB (see the cost estimate's usage rates).
	// Default: true.
	Enabled *bool `json:"enabled"`
	// RetentionDays is the log group retention, one of CloudWatch Logs' allowed retention values. Default: 90.
	RetentionDays int `json:"retentionDays"`
	// TrafficType is which traffic is logged: `ACCEPT`, `REJECT` or `ALL`. Default: "ALL".
	TrafficType string `json:"trafficType"`
}

// EndpointsConfig shapes the VPC endpoints.
type EndpointsConfig struct {
	// Enabled creates the interface endpoints `ecr.api`, `ecr.dkr`, `logs` (and `extra`) with private DNS in the
	// private subnets, behind a security group that admits TCP 443 only from the VPC CIDR (and the VPC IPv6 CIDR), and
	// an S3 gateway endpoint associated with every private route table. Must be true with egress `none`, or tasks
	// cannot pull images. Default: true.
	Enabled *bool `json:"enabled"`
	// Extra lists more interface endpoint services by their short name: `secretsmanager`, `ssm`, `kms`, `sts`, `ecs`, …
	// The endpoints that services need are added automatically: `ssmmessages` for ECS Exec, `secretsmanager` / `ssm`
	// for referenced secrets. Default: none.
	Extra []string `json:"extra"`
	// S3Policy is the S3 gateway endpoint's policy. `restricted` admits `s3:GetObject` on the region's ECR layer bucket
	// (`prod-<region>-starport-layer-bucket`, what image pulls read) and, per service, the S3 actions and resources (or
	// `*`) its `taskRole.statements` allow: nothing any role of the stack could not use anyway. `open` is the AWS
	// default (every S3 request), for tasks that reach buckets their roles do not name. An endpoint policy has at most
	// 20,480 characters. Default: "restricted".
	S3Policy string `json:"s3Policy"`
}

// Values of endpoints.s3Policy.
const (
	// S3PolicyRestricted admits only the ECR layer bucket and what the task roles grant on S3.
	S3PolicyRestricted = "restricted"
	// S3PolicyOpen admits every S3 request through the endpoint.
	S3PolicyOpen = "open"
)

// LoadBalancerConfig shapes the internal ALB and the optional internal NLB in front of it.
type LoadBalancerConfig struct {
	// Enabled creates the internal ALB (always internal, in the private subnets, `dropInvalidHeaderFields` on). Routing
	// and ingress need it. Default: true.
	Enabled *bool `json:"enabled"`
	// CertificateArn is the ACM certificate (in the stack's region) of the HTTPS listener. It turns on HTTPS 443 and
	// makes port 80 a 301 redirect to 443. Without it (dev) the ALB serves plain HTTP on 80, and the stack outputs
	// `albProtocol: HTTP` and an `albWarning` saying traffic is unencrypted. Unmatched requests get a fixed 404 either
	// way. Default: "" (no HTTPS).
	CertificateArn string `json:"certificateArn"`
	// SslPolicy is the HTTPS listener's security policy; it must be in the policy pack's allow-list
	// (`rules.DefaultSSLPolicies`: TLS 1.3 policies with a TLS 1.2+ minimum). Choosing another policy without
	// `certificateArn` is an error: it asks for HTTPS, which needs the certificate. Default:
	// "ELBSecurityPolicy-TLS13-1-2-2021-06".
	SslPolicy string `json:"sslPolicy"`
	// IdleTimeoutSeconds is the ALB idle timeout, 1–4000. Default: 60.
	IdleTimeoutSeconds int `json:"idleTimeoutSeconds"`
	// DesyncMitigationMode is how the ALB treats requests that could smuggle a second request (HTTP desync):
	// `defensive` or `strictest`. `monitor` only logs, and is refused (Security Hub FSBP ELB.12). Default: "defensive".
	DesyncMitigationMode string `json:"desyncMitigationMode"`
	// DeletionProtection turns on deletion protection of the ALB and the NLB (Security Hub FSBP ELB.6). `pulumi
	// destroy` (or anything that replaces a load balancer) fails while it is on; see [Tearing a stack
	// down](#tearing-a-stack-down). A throwaway stack (dev) sets it to false. Default: true.
	DeletionProtection *bool `json:"deletionProtection"`
	// AccessLogs writes ALB access logs to an S3 bucket created for them (Security Hub FSBP ELB.5). Default: on.
	AccessLogs AccessLogsConfig `json:"accessLogs"`
	// Nlb puts an internal NLB (cross-zone on) in front of the ALB: TCP 80 (and TCP 443 with a certificate) forwarding
	// to target groups of type `alb` attached to the ALB. TLS passes through the NLB; the ALB terminates it. Required
	// by `ingress.mode: rest-api`. Default: false.
	Nlb bool `json:"nlb"`
	// AllowedCidrs are extra internal IPv4 CIDRs (for example a peered network) admitted on the listener ports; `/0` is
	// refused. The VPC CIDR is always admitted. Default: none.
	AllowedCidrs []string `json:"allowedCidrs"`
}

// AccessLogsConfig configures load balancer access logs.
type AccessLogsConfig struct {
	// Enabled creates the log bucket and turns access logs on. The bucket has public access blocked, SSE (AES256),
	// TLS-only access, and the bucket policy that lets Elastic Load Balancing deliver in the stack's region (the
	// regional ELB account for older regions, the log-delivery service principal for newer ones:
	// `components/elbaccounts.go`). On by default: access logs are the record of who called what through the load
	// balancer, and Security Hub FSBP ELB.5 fails an ALB without them; a throwaway stack (dev) sets it to false.
	// Default: true.
	Enabled *bool `json:"enabled"`
	// ExpirationDays is the lifecycle expiry of log objects, at least 1. Default: 90.
	ExpirationDays int `json:"expirationDays"`
	// ForceDestroy lets `pulumi destroy` delete the log bucket with its logs in it. Without it S3 refuses to delete a
	// bucket that holds objects, so destroy stops there until the logs are emptied by hand (see [Tearing a stack
	// down](#tearing-a-stack-down)). Default: false (keep logs).
	ForceDestroy bool `json:"forceDestroy"`
}

// Ingress modes (ingress.mode).
const (
	// IngressNone exposes nothing beyond the internal load balancers.
	IngressNone = "none"
	// IngressHTTPAPI puts an API Gateway v2 HTTP API with a VPC link in front of the ALB listener.
	IngressHTTPAPI = "http-api"
	// IngressRestAPI puts an API Gateway REST API with a VPC link (v1) in front of the NLB.
	IngressRestAPI = "rest-api"
)

// IngressConfig chooses how traffic from outside reaches the internal load balancers.
type IngressConfig struct {
	// Mode is `none`, `http-api` or `rest-api`. `http-api`: an API Gateway v2 HTTP API, a VPC link in the private
	// subnets with its own security group (egress only to the ALB's group on the listener port), an `HTTP_PROXY`
	// integration over the VPC link to the ALB listener, and an auto-deployed `$default` stage with access logs.
	// `rest-api`: a REST API with a VPC link (v1) to the NLB (so `loadBalancer.nlb` must be on), `ANY /` and `ANY
	// /{proxy+}` with `HTTP_PROXY` integrations, a deployment and a stage `live` with access logs. Default: "none".
	Mode string `json:"mode"`
	// RestEndpointType is the REST API endpoint type, `REGIONAL` or `PRIVATE`. `PRIVATE` adds a resource policy that
	// admits only this VPC and needs `execute-api` in `endpoints.extra`. Default: "REGIONAL".
	RestEndpointType string `json:"restEndpointType"`
	// AccessLogRetentionDays is the retention of the API access log group. Default: 30.
	AccessLogRetentionDays int `json:"accessLogRetentionDays"`
	// BackendHostname is the name API Gateway uses towards the load balancer when `loadBalancer.certificateArn` is set,
	// and must be covered by the certificate: the host of the rest-api integration URI (Host header, SNI and
	// certificate check) and the http-api `serverNameToVerify`. Required by both API modes with a certificate: without
	// a TLS configuration an HTTP API private integration sends plain HTTP to port 443, and no ACM certificate covers
	// the NLB's `elb.amazonaws.com` name. Default: "" (rest-api uses the NLB's DNS name over plain HTTP; http-api does
	// not check the hostname).
	BackendHostname string `json:"backendHostname"`
	// CloudWatchRole says where the account's API Gateway CloudWatch Logs role comes from: REST API stage access logs
	// need it in the region, or creating the stage fails. `create`: the stack creates a role with
	// `AmazonAPIGatewayPushToCloudWatchLogs` and registers it in the account's API Gateway settings (account-wide;
	// destroy leaves the setting in place, since AWS has no API to unset it). `existing`: the account already has one.
	// Required with mode `rest-api`; HTTP APIs write access logs without it. Default: "".
	CloudWatchRole string `json:"cloudWatchRole"`
	// Authorization is who may call the API. `iam`: requests signed with SigV4 by a principal an IAM policy allows
	// (`AWS_IAM` on the HTTP API route and on every REST method). `jwt` (`http-api` only): a JWT authorizer that checks
	// the bearer token against `jwt.issuer` and `jwt.audience`. `none`: anyone who reaches the endpoint, an explicit
	// choice and never the default (Security Hub FSBP APIGateway.8 wants every route to name its authorization).
	// Default: "iam".
	Authorization string `json:"authorization"`
	// Jwt configures the JWT authorizer of authorization `jwt`. Default: none.
	Jwt JwtConfig `json:"jwt"`
	// Throttling caps the requests the stage accepts (the HTTP API's default route; every REST method). Defaults per
	// field.
	Throttling ThrottlingConfig `json:"throttling"`
	// XrayTracing turns on AWS X-Ray tracing of the REST API stage (Security Hub FSBP APIGateway.3). The REST stage
	// also logs execution errors (`ERROR`, FSBP APIGateway.1) and metrics for every method; request bodies are never
	// logged. Default: true.
	XrayTracing *bool `json:"xrayTracing"`
}

// Values of ingress.authorization.
const (
	// AuthorizationIAM requires SigV4-signed requests (AWS_IAM).
	AuthorizationIAM = "iam"
	// AuthorizationJWT validates a JWT bearer token (HTTP API only).
	AuthorizationJWT = "jwt"
	// AuthorizationNone admits every caller that reaches the endpoint.
	AuthorizationNone = "none"
)

// JwtConfig is the JWT authorizer of an HTTP API.
type JwtConfig struct {
	// Issuer is the token issuer's `https://` URL, for example a Cognito user pool's. Required with authorization
	// `jwt`.
	Issuer string `json:"issuer"`
	// Audience lists the accepted audience (`aud`) or client id (`client_id`) values; at least one. Required with
	// authorization `jwt`.
	Audience []string `json:"audience"`
}

// ThrottlingConfig caps a stage's request rate.
type ThrottlingConfig struct {
	// RateLimit is the steady-state requests per second, 1–10000 (the account quota). Default: 1000.
	RateLimit float64 `json:"rateLimit"`
	// BurstLimit is the bucket of requests above the rate, 1–5000 (the account quota). Default: 2000.
	BurstLimit int `json:"burstLimit"`
}

// Values of ingress.cloudWatchRole.
const (
	// CloudWatchRoleCreate makes the stack create and register the API Gateway CloudWatch Logs role.
	CloudWatchRoleCreate = "create"
	// CloudWatchRoleExisting says the account already has one in the region.
	CloudWatchRoleExisting = "existing"
)

// ClusterConfig shapes the ECS cluster.
type ClusterConfig struct {
	// ContainerInsights turns Container Insights on the cluster `enabled`, `enhanced` or `disabled`. Default:
	// "enabled".
	ContainerInsights string `json:"containerInsights"`
	// CapacityProviderStrategy is the cluster's default strategy over `FARGATE` and `FARGATE_SPOT`: each provider at
	// most once, at least one weight above 0, and a base on at most one provider. Default: [{capacityProvider: FARGATE,
	// weight: 1, base: 1}].
	CapacityProviderStrategy []CapacityProviderStrategyItem `json:"capacityProviderStrategy"`
}

// AlarmsConfig shapes the stack's alarms, their SNS topic and the dashboard.
type AlarmsConfig struct {
	// Enabled creates the alarms (per routed service: target 5xx rate, unhealthy hosts, p99 response time; per service:
	// CPU, memory, running tasks below desired; per ALB: ELB 5xx), the SNS topic they notify, the dashboard, and
	// names each routed service's 5xx and unhealthy-host alarms in its deployment configuration with rollback on.
	// `false` opts the whole stack out. The running-tasks alarm reads Container Insights, so `cluster.containerInsights:
	// disabled` is an error while alarms are on. Default: true.
	Enabled *bool `json:"enabled"`
	// TopicArn is an existing SNS topic (`arn:<partition>:sns:<region>:<account>:<name>`) for every alarm instead of
	// the topic the stack creates; `notify` and `kmsMasterKeyId` must then be empty (the topic is yours to
	// subscribe and encrypt). Default: "" (create a topic).
	TopicArn string `json:"topicArn"`
	// KmsMasterKeyId is a customer managed KMS key (key id, key ARN, `alias/...` or alias ARN) that encrypts the
	// created topic at rest instead of the key the stack creates. Its key policy must let `cloudwatch.amazonaws.com` and
	// `events.amazonaws.com` use `kms:Decrypt` and `kms:GenerateDataKey*`, or notifications are dropped. The AWS
	// managed `alias/aws/sns` is refused: its key policy cannot admit CloudWatch alarms, which then fail every action
	// (AWS re:Post knowledge center, "cloudwatch-configure-alarm-sns"). Default: "" (the stack creates a key with
	// rotation on and that policy; Security Hub FSBP SNS.1 wants the topic encrypted).
	KmsMasterKeyId string `json:"kmsMasterKeyId"`
	// Notify subscribes people and systems to the created topic. Default: none.
	Notify AlarmsNotifyConfig `json:"notify"`
	// PeriodSeconds is the period every alarm evaluates: a multiple of 60, because the ALB and ECS metrics are
	// published once a minute (a shorter period sees no data). Default: 60.
	PeriodSeconds int `json:"periodSeconds"`
	// EvaluationPeriods is how many recent periods an alarm looks at, at least 1; `periodSeconds` times
	// `evaluationPeriods` is at most one day (86,400 seconds). Default: 5.
	EvaluationPeriods int `json:"evaluationPeriods"`
	// DatapointsToAlarm is how many of those periods must breach before the alarm fires ("M out of N"), 1 to
	// `evaluationPeriods`: one bad minute is noise, three of five is a trend. Default: 3.
	DatapointsToAlarm int `json:"datapointsToAlarm"`
	// Elb5xxCount is the per-period count of 5xx responses the ALB itself generates (no healthy target, target
	// connection errors, timeouts: `HTTPCode_ELB_5XX_Count`) above which the ALB alarm fires, at least 0. Default: 10.
	Elb5xxCount int `json:"elb5xxCount"`
	// Service is every service's alarm settings; a service's own `alarms` overrides them field by field. Defaults per
	// field.
	Service ServiceAlarmsConfig `json:"service"`
}

// AlarmsNotifyConfig lists the subscriptions of the created alarm topic.
type AlarmsNotifyConfig struct {
	// Emails are addresses subscribed with protocol `email`; each must confirm the subscription from the message SNS
	// sends. Default: none.
	Emails []string `json:"emails"`
	// HttpsEndpoints are `https://` URLs subscribed with protocol `https` (an incident tool's webhook); the endpoint must
	// confirm the subscription. Plain `http://` is refused: alarm messages name the stack's resources. Default: none.
	HttpsEndpoints []string `json:"httpsEndpoints"`
}

// ServiceAlarmsConfig holds one service's alarm settings; zero values inherit `alarms.service`.
type ServiceAlarmsConfig struct {
	// Enabled turns the service's alarms, and its deployment alarms, on; `false` silences one service. Default: true.
	Enabled *bool `json:"enabled"`
	// Target5xxRatePercent is the share of the routed service's requests answered 5xx by its targets, in percent
	// (above 0, at most 100), above which the 5xx alarm fires; periods with fewer than `minRequests` requests count
	// as healthy. Default: 5.
	Target5xxRatePercent float64 `json:"target5xxRatePercent"`
	// MinRequests is the number of requests in a period below which the 5xx rate is not judged, at least 1, so a quiet
	// service does not page on one failed request. Default: 20.
	MinRequests int `json:"minRequests"`
	// ResponseTimeP99Seconds is the p99 target response time, in seconds (above 0, at most 3600), above which the
	// latency alarm fires. Default: 2.
	ResponseTimeP99Seconds float64 `json:"responseTimeP99Seconds"`
	// CpuPercent is the average CPU utilisation of the service's tasks, in percent of the task CPU (above 0, at most
	// 100), above which the CPU alarm fires. Default: 90.
	CpuPercent float64 `json:"cpuPercent"`
	// MemoryPercent is the average memory utilisation of the service's tasks, in percent of the task memory (above 0,
	// at most 100), above which the memory alarm fires. Default: 90.
	MemoryPercent float64 `json:"memoryPercent"`
	// RollbackOnAlarm names the 5xx and unhealthy-host alarms in the ECS deployment configuration with rollback on,
	// beside the circuit breaker, so a deployment that passes health checks but serves errors is rolled back. Default:
	// true.
	RollbackOnAlarm *bool `json:"rollbackOnAlarm"`
}

// CapacityProviderStrategyItem is one entry of a capacity provider strategy.
type CapacityProviderStrategyItem struct {
	// CapacityProvider is `FARGATE` or `FARGATE_SPOT`. Required.
	CapacityProvider string `json:"capacityProvider"`
	// Weight is the relative share of tasks, 0–1000. Default: 1.
	Weight *int `json:"weight"`
	// Base is the number of tasks placed first on this provider, 0–100000. Default: 0.
	Base int `json:"base"`
}

// TaskConfig is what a task is, shared by services and jobs: its size, platform, containers, roles, logs and security
// groups. ServiceConfig and JobConfig embed it, so both validate it the same way.
type TaskConfig struct {
	// Cpu is the task CPU in units (256 = 0.25 vCPU). With `memory` it must be a valid Fargate pair (256:
	// 512/1024/2048; 512: 1024–4096; 1024: 2048–8192; 2048: 4096–16384; 4096: 8192–30720 in 1024 steps; 8192:
	// 16384–61440 in 4096 steps; 16384: 32768–122880 in 8192 steps). Default: 256.
	Cpu int `json:"cpu"`
	// Memory is the task memory in MiB, valid for `cpu` per the Fargate pairs above; the error lists the valid memory
	// values for the CPU. Default: 512.
	Memory int `json:"memory"`
	// Architecture is the Linux `runtimePlatform`, `X86_64` or `ARM64`. ARM64 cannot run on `FARGATE_SPOT`: an error
	// when the task's strategy, or the cluster default it inherits, lists it. Default: "X86_64".
	Architecture string `json:"architecture"`
	// EphemeralStorageGiB is the task's ephemeral storage, 21–200 GiB; 0 keeps Fargate's 20 GiB. Default: 0.
	EphemeralStorageGiB int `json:"ephemeralStorageGiB"`
	// PlatformVersion is the Fargate platform version (`LATEST` or, for example, `1.4.0`). Default: "LATEST".
	PlatformVersion string `json:"platformVersion"`
	// CapacityProviderStrategy overrides the cluster's default strategy, with the rules of
	// `cluster.capacityProviderStrategy`. Default: the cluster's (written onto the service or job explicitly, so that
	// ECS's own copy never shows up as a difference that would replace the service).
	CapacityProviderStrategy []CapacityProviderStrategyItem `json:"capacityProviderStrategy"`
	// LaunchType `FARGATE` runs the tasks with the plain Fargate launch type instead of a capacity provider strategy
	// (no FARGATE_SPOT); it cannot be combined with `capacityProviderStrategy`. Default: "" (use the strategy).
	LaunchType string `json:"launchType"`
	// Containers are the task's containers keyed by name (see the container fields); `app` is required and essential.
	// All containers share the task's ENI and talk over localhost, so ports must be unique within the task. Required.
	Containers map[string]ContainerConfig `json:"containers"`
	// LogRetentionDays is the retention of the task's log group, `/ecs/<project>/<stack>/<service>` for a service and
	// `/ecs/<project>/<stack>/jobs/<job>` for a job (awslogs, stream prefix = container name). Default: 30.
	LogRetentionDays int `json:"logRetentionDays"`
	// SecretsKmsKeyArns are the customer-managed KMS keys that encrypt the referenced secrets; the execution role may
	// `kms:Decrypt` with exactly these. Not needed for secrets under the AWS managed keys. Default: none.
	SecretsKmsKeyArns []string `json:"secretsKmsKeyArns"`
	// TaskRole gives the containers' own role (separate from the execution role) its permissions. Default: no
	// permissions.
	TaskRole TaskRoleConfig `json:"taskRole"`
	// SecurityGroupIds are extra security groups for the tasks; with the task's own group (always attached) at most
	// 5 (awsvpc). Default: none.
	SecurityGroupIds []string `json:"securityGroupIds"`
}

// ServiceConfig describes one Fargate service: a task (TaskConfig) and what a long-running service adds.
type ServiceConfig struct {
	TaskConfig
	// DesiredCount is the number of tasks; ignored after creation when autoscaling is on (`ignoreChanges`). Default: 2.
	DesiredCount *int `json:"desiredCount"`
	// Routing attaches the service to the ALB's listener by host and/or path. Default: none (the service is not load
	// balanced).
	Routing *RoutingConfig `json:"routing"`
	// TargetHealthCheck is the target group's HTTP health check: how the ALB decides a task can take traffic (not to
	// be confused with a container's Docker `healthCheck`). Defaults per field.
	TargetHealthCheck TargetHealthCheckConfig `json:"targetHealthCheck"`
	// DeregistrationDelaySeconds is the target group deregistration delay, 0–3600. Default: 30.
	DeregistrationDelaySeconds *int `json:"deregistrationDelaySeconds"`
	// SlowStartSeconds is the target group slow start, 0 or 30–900. Default: 0 (off).
	SlowStartSeconds int `json:"slowStartSeconds"`
	// Stickiness turns on `lb_cookie` stickiness. Default: off.
	Stickiness StickinessConfig `json:"stickiness"`
	// Autoscaling scales the service with an Application Auto Scaling target, with target tracking on CPU and, for
	// routed services, on `ALBRequestCountPerTarget`. Default: off.
	Autoscaling *AutoscalingConfig `json:"autoscaling"`
	// EcsExec turns on ECS Exec (`enableExecuteCommand`; the task role gets the four `ssmmessages` actions and the
	// `ssmmessages` endpoint is added). It needs a container with a writable root file system, which the policy pack's
	// mandatory `ecs-container-readonly-root` (Security Hub FSBP ECS.5, severity high) refuses: a stack that uses ECS
	// Exec sets that rule to `advisory` in its `Pulumi.<stack>.policy.json`, a recorded exception rather than a silent
	// one. Default: false.
	EcsExec bool `json:"ecsExec"`
	// HealthCheckGracePeriodSeconds applies when the service is load balanced. Default: 60.
	HealthCheckGracePeriodSeconds *int `json:"healthCheckGracePeriodSeconds"`
	// MinimumHealthyPercent of the deployment configuration. Default: 100.
	MinimumHealthyPercent *int `json:"minimumHealthyPercent"`
	// MaximumPercent of the deployment configuration. Default: 200.
	MaximumPercent *int `json:"maximumPercent"`
	// WaitForSteadyState makes `pulumi up` wait until the service's tasks run and pass their health checks, so an up
	// fails when tasks cannot start instead of succeeding while the circuit breaker rolls back. Default: true.
	WaitForSteadyState *bool `json:"waitForSteadyState"`
	// Alarms overrides `alarms.service` for this service, field by field (`enabled: false` silences it). Default:
	// `alarms.service`.
	Alarms *ServiceAlarmsConfig `json:"alarms"`
}

// AppContainer is the name of the essential application container every service has.
const AppContainer = "app"

// JobConfig describes one job: a task (TaskConfig) that runs to completion, on a schedule or on demand.
type JobConfig struct {
	TaskConfig
	// Schedule starts the job on EventBridge Scheduler, in a schedule group of the stack, with the tasks in the private
	// subnets and failed invocations sent to the stack's dead-letter queue (SQS, server-side encryption, 14 days).
	// Default: none (the job runs only on demand, with its exported `runTask` input).
	Schedule *ScheduleConfig `json:"schedule"`
	// ExpectedRunMinutes is how long one run's task is assumed to last, image pull included; the cost estimate prices
	// each run at it and nothing else reads it. Above 0. Default: 10.
	ExpectedRunMinutes float64 `json:"expectedRunMinutes"`
}

// ScheduleConfig is a job's EventBridge Scheduler schedule.
type ScheduleConfig struct {
	// Expression is when the job runs: `cron(minutes hours day-of-month month day-of-week year)` with six fields and
	// `?` in day-of-month or day-of-week (for example `cron(30 2 * * ? *)`), `rate(value unit)` with a unit of
	// minutes, hours or days (`rate(15 minutes)`), or a one-time `at(yyyy-mm-ddThh:mm:ss)`. Required.
	Expression string `json:"expression"`
	// Timezone is the IANA time zone the expression is evaluated in, for example `Europe/Berlin` (checked against the
	// program's own time zone database, not the machine's). Default: "UTC".
	Timezone string `json:"timezone"`
	// FlexibleWindowMinutes lets Scheduler start a run up to this many minutes after its time, 1–1440, spreading load;
	// 0 is off (runs start on time). Default: 0.
	FlexibleWindowMinutes int `json:"flexibleWindowMinutes"`
	// Enabled is the schedule's state: false keeps the schedule (state `DISABLED`) but runs nothing, to pause a job
	// without deleting it. Default: true.
	Enabled *bool `json:"enabled"`
	// Retry is how Scheduler retries an invocation that fails (RunTask refused, say); what still fails goes to the
	// dead-letter queue. Defaults per field.
	Retry RetryConfig `json:"retry"`
}

// RetryConfig is a schedule's retry policy.
type RetryConfig struct {
	// MaximumAttempts is how many times a failed invocation is retried, 0–185. Default: 2.
	MaximumAttempts *int `json:"maximumAttempts"`
	// MaximumEventAgeSeconds is how long an invocation is retried before it goes to the dead-letter queue, 60–86400.
	// Default: 3600.
	MaximumEventAgeSeconds int `json:"maximumEventAgeSeconds"`
}

// ContainerConfig describes one container of a task.
type ContainerConfig struct {
	// Image is the container image reference (`repository[:tag][@digest]`, Docker's grammar). With `network.egress:
	// none` it must be private ECR of the stack's region (`<account>.dkr.ecr.<region>.amazonaws.com/<repository>`): the
	// endpoints reach nothing else, so Docker Hub, `public.ecr.aws`, other registries and ECR of other regions are
	// errors (mirror the image into ECR, or choose a NAT mode; an ECR pull-through cache also needs NAT for its first
	// pull). The execution role may pull exactly the ECR repositories of the service's images, derived from them; it
	// gets no managed policy. Required.
	Image string `json:"image"`
	// Essential stops the task when this container stops; `false` on `app` is an error. Default: true.
	Essential *bool `json:"essential"`
	// Cpu units reserved for the container; the containers' sum must fit the task CPU. Default: 0 (shares the task's
	// CPU).
	Cpu int `json:"cpu"`
	// Memory is the hard limit in MiB, at most the task memory. Default: 0 (none; the task limit applies).
	Memory int `json:"memory"`
	// MemoryReservation is the soft limit in MiB, at most `memory`; the reservations (soft, else hard) of the task's
	// containers add up to at most the task memory. Default: 0 (none).
	MemoryReservation int `json:"memoryReservation"`
	// Ports are the container's TCP ports. Containers of a task share one ENI and localhost, so ports must be unique
	// across the task: a clash is an error. Default: none.
	Ports []int `json:"ports"`
	// Command overrides the image's command. Default: the image's.
	Command []string `json:"command"`
	// Environment holds plain values only: a secret-looking name (`PASSWORD`, `SECRET`, `TOKEN`, …) or value is
	// refused; use `secrets`. Default: none.
	Environment map[string]string `json:"environment"`
	// Secrets maps an environment variable to a Secrets Manager secret ARN (optionally with `:json-key::`) or an SSM
	// parameter ARN, passed as `valueFrom`; the execution role may read exactly these. Default: none.
	Secrets map[string]string `json:"secrets"`
	// HealthCheck is the container's Docker health check (`HEALTHCHECK`). Default: none.
	HealthCheck *ContainerHealthCheckConfig `json:"healthCheck"`
	// ReadonlyRootFilesystem makes the root filesystem read-only. Default: true.
	ReadonlyRootFilesystem *bool `json:"readonlyRootFilesystem"`
	// WritablePaths are absolute paths, each backed by a writable task volume of its own (for example `/tmp`). Default:
	// none.
	WritablePaths []string `json:"writablePaths"`
	// User runs the container's process as this user (`uid`, `uid:gid`, `user` or `user:group`) instead of the image's;
	// root (`root`, `0`, with any group) is refused (Security Hub FSBP ECS.20). Default: "" (the image's USER).
	User string `json:"user"`
}

// ContainerHealthCheckConfig is a container health check (Docker HEALTHCHECK).
type ContainerHealthCheckConfig struct {
	// Command starts with `CMD` or `CMD-SHELL`, for example [`CMD-SHELL`, `curl -f http://localhost/ || exit 1`].
	// Required.
	Command []string `json:"command"`
	// IntervalSeconds, 5–300. Default: 30.
	IntervalSeconds int `json:"intervalSeconds"`
	// TimeoutSeconds, 2–60. Default: 5.
	TimeoutSeconds int `json:"timeoutSeconds"`
	// Retries, 1–10. Default: 3.
	Retries int `json:"retries"`
	// StartPeriodSeconds, 0–300. Default: 0.
	StartPeriodSeconds int `json:"startPeriodSeconds"`
}

// RoutingConfig attaches a service to the ALB's listener by host and/or path.
type RoutingConfig struct {
	// Hosts are host-header patterns. Hosts or paths (or both) are required, at most 5 values together.
	Hosts []string `json:"hosts"`
	// Paths are path patterns (for example `/api/*`).
	Paths []string `json:"paths"`
	// Container receives the traffic. Default: "app".
	Container string `json:"container"`
	// Port is the container port that receives the traffic; it must be one the container lists. Default: the
	// container's first port.
	Port int `json:"port"`
	// Priority of the listener rule, 1–50000; collisions and duplicate host/path routes are errors. Default: derived
	// from the service name (in 1000–50000), so adding a service never changes an existing rule.
	Priority int `json:"priority"`
}

// TargetHealthCheckConfig is the target group's HTTP health check.
type TargetHealthCheckConfig struct {
	// Path of the health check; it starts with `/`. Default: "/".
	Path string `json:"path"`
	// Matcher is the HTTP codes that mean healthy, within 200–499. Default: "200-399".
	Matcher string `json:"matcher"`
	// IntervalSeconds, 5–300. Default: 30.
	IntervalSeconds int `json:"intervalSeconds"`
	// TimeoutSeconds, 2–120 and less than the interval. Default: 5.
	TimeoutSeconds int `json:"timeoutSeconds"`
	// HealthyThreshold, 2–10. Default: 3.
	HealthyThreshold int `json:"healthyThreshold"`
	// UnhealthyThreshold, 2–10. Default: 3.
	UnhealthyThreshold int `json:"unhealthyThreshold"`
}

// StickinessConfig configures lb_cookie stickiness.
type StickinessConfig struct {
	// Enabled turns stickiness on. Default: false.
	Enabled bool `json:"enabled"`
	// DurationSeconds is the cookie's lifetime, 1–604800. Default: 86400.
	DurationSeconds int `json:"durationSeconds"`
}

// AutoscalingConfig scales a service between Min and Max tasks.
type AutoscalingConfig struct {
	// Min tasks. Default: 1.
	Min int `json:"min"`
	// Max tasks, at least `min`. Required.
	Max int `json:"max"`
	// CpuTargetPercent is the target of CPU target tracking. Default: 60.
	CpuTargetPercent float64 `json:"cpuTargetPercent"`
	// RequestsPerTarget is the target of ALBRequestCountPerTarget tracking (load-balanced services only).
	// Default: 1000.
	RequestsPerTarget float64 `json:"requestsPerTarget"`
}

// TaskRoleConfig gives the task role its permissions.
type TaskRoleConfig struct {
	// ManagedPolicyArns are attached to the task role. Default: none.
	ManagedPolicyArns []string `json:"managedPolicyArns"`
	// Statements become one inline policy. Every action with `*` or `?` (`*`, `s3:*`, `s3:Get*`, `s3:?*`) is refused: a
	// pattern grants every action it matches, including those AWS adds later. Default: none.
	Statements []PolicyStatementConfig `json:"statements"`
}

// PolicyStatementConfig is one IAM policy statement.
type PolicyStatementConfig struct {
	// Effect is "Allow" or "Deny". Default: "Allow".
	Effect string `json:"effect"`
	// Actions, for example [`s3:GetObject`]. Required; patterns are refused.
	Actions []string `json:"actions"`
	// Resources, for example [`arn:aws:s3:::my-bucket/*`]. Required.
	Resources []string `json:"resources"`
}

// configNamespace is the project's config namespace (Pulumi.yaml name).
const configNamespace = "private-fargate"

// LoadConfig reads the stack configuration, applies defaults and validates it. It registers nothing and never panics
// on bad input: every problem is returned together in a *ConfigError.
func LoadConfig(ctx *pulumi.Context) (*Config, error) {
	var cfg Config
	var p problems
	cfg.Region = config.Get(ctx, "aws:region")
	cfg.Stack = ctx.Stack()
	stack := config.New(ctx, configNamespace)
	cfg.Platform = stack.Get("platform")
	// The engine hands the program Pulumi.yaml's defaults of the keys a stack leaves out, so a key counts as set when
	// its value differs from the default.
	var present []string
	decode := func(key string, target any) {
		if raw := stack.Get(key); raw != "" {
			decodeConfig(&p, key, raw, target)
			if !isDefaultValue(key, raw) {
				present = append(present, key)
			}
		}
	}
	decode("network", &cfg.Network)
	decode("endpoints", &cfg.Endpoints)
	decode("loadBalancer", &cfg.LoadBalancer)
	decode("ingress", &cfg.Ingress)
	decode("cluster", &cfg.Cluster)
	decode("alarms", &cfg.Alarms)
	decode("services", &cfg.Services)
	decode("jobs", &cfg.Jobs)
	decode("tags", &cfg.Tags)
	decode("apps", &cfg.Apps)
	if keys, ok := stackConfigKeys(ctx); ok {
		checkTopLevelKeys(&p, keys)
	}
	if cfg.Platform != "" {
		checkAppStackKeys(&p, cfg.Platform, ctx.Stack(), present)
	}
	if len(p) > 0 {
		return nil, p.err()
	}
	if cfg.Platform != "" {
		// An app stack's services and jobs are validated against the platform's contract (ValidateApp), which Program
		// reads first; its network, cluster and load balancer are the platform's.
		cfg.applyTaskDefaults()
		return &cfg, nil
	}
	cfg.applyDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func intPtr(v int) *int    { return &v }
func boolPtr(v bool) *bool { return &v }

// isOn reads an optional switch: nil (before defaults) is off.
func isOn(v *bool) bool { return v != nil && *v }

func defaultString(v *string, def string) {
	if *v == "" {
		*v = def
	}
}

func defaultInt(v *int, def int) {
	if *v == 0 {
		*v = def
	}
}

// Defaults that more than one place needs.
const (
	defaultVpcCidr   = "10.0.0.0/16"
	defaultSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
)

// applyDefaults is the one place where defaults are applied; the field doc comments say the same values.
func (c *Config) applyDefaults() {
	n := &c.Network
	defaultString(&n.Cidr, defaultVpcCidr)
	defaultString(&n.Egress, EgressNone)
	defaultString(&n.DefaultNetworkAcl, DefaultNetworkACLRestricted)
	if n.FlowLogs.Enabled == nil {
		n.FlowLogs.Enabled = boolPtr(true)
	}
	defaultInt(&n.FlowLogs.RetentionDays, 90)
	defaultString(&n.FlowLogs.TrafficType, "ALL")
	if n.SubnetPrefixLength == 0 {
		n.SubnetPrefixLength = defaultSubnetPrefixLength(n.Cidr)
	}

	if c.Endpoints.Enabled == nil {
		c.Endpoints.Enabled = boolPtr(true)
	}
	defaultString(&c.Endpoints.S3Policy, S3PolicyRestricted)

	lb := &c.LoadBalancer
	if lb.Enabled == nil {
		lb.Enabled = boolPtr(true)
	}
	defaultString(&lb.SslPolicy, defaultSslPolicy)
	defaultInt(&lb.IdleTimeoutSeconds, 60)
	defaultString(&lb.DesyncMitigationMode, "defensive")
	if lb.DeletionProtection == nil {
		lb.DeletionProtection = boolPtr(true)
	}
	if lb.AccessLogs.Enabled == nil {
		lb.AccessLogs.Enabled = boolPtr(true)
	}
	defaultInt(&lb.AccessLogs.ExpirationDays, 90)

	defaultString(&c.Ingress.Mode, IngressNone)
	defaultString(&c.Ingress.RestEndpointType, "REGIONAL")
	defaultInt(&c.Ingress.AccessLogRetentionDays, 30)
	defaultString(&c.Ingress.Authorization, AuthorizationIAM)
	if c.Ingress.Throttling.RateLimit == 0 {
		c.Ingress.Throttling.RateLimit = 1000
	}
	defaultInt(&c.Ingress.Throttling.BurstLimit, 2000)
	if c.Ingress.XrayTracing == nil {
		c.Ingress.XrayTracing = boolPtr(true)
	}

	defaultString(&c.Cluster.ContainerInsights, "enabled")
	if len(c.Cluster.CapacityProviderStrategy) == 0 {
		c.Cluster.CapacityProviderStrategy = []CapacityProviderStrategyItem{{CapacityProvider: "FARGATE", Base: 1}}
	}
	defaultStrategy(c.Cluster.CapacityProviderStrategy)
	c.applyTaskDefaults()
}

// applyTaskDefaults defaults the alarms, the services and the jobs: all an app stack has.
func (c *Config) applyTaskDefaults() {
	c.Alarms.applyDefaults()
	for name, svc := range c.Services {
		svc.applyDefaults()
		svc.Alarms = c.Alarms.Service.overriddenBy(svc.Alarms)
		c.Services[name] = svc
	}
	for name, job := range c.Jobs {
		job.applyDefaults()
		c.Jobs[name] = job
	}
}

func (j *JobConfig) applyDefaults() {
	j.TaskConfig.applyDefaults()
	if j.ExpectedRunMinutes == 0 {
		j.ExpectedRunMinutes = 10
	}
	if s := j.Schedule; s != nil {
		defaultString(&s.Timezone, "UTC")
		if s.Enabled == nil {
			s.Enabled = boolPtr(true)
		}
		if s.Retry.MaximumAttempts == nil {
			s.Retry.MaximumAttempts = intPtr(2)
		}
		defaultInt(&s.Retry.MaximumEventAgeSeconds, 3600)
	}
}

func defaultStrategy(items []CapacityProviderStrategyItem) {
	for i := range items {
		if items[i].Weight == nil {
			items[i].Weight = intPtr(1)
		}
	}
}

func (s *ServiceConfig) applyDefaults() {
	s.TaskConfig.applyDefaults()
	if s.DesiredCount == nil {
		s.DesiredCount = intPtr(2)
	}
	if s.DeregistrationDelaySeconds == nil {
		s.DeregistrationDelaySeconds = intPtr(30)
	}
	hc := &s.TargetHealthCheck
	defaultString(&hc.Path, "/")
	defaultString(&hc.Matcher, "200-399")
	defaultInt(&hc.IntervalSeconds, 30)
	defaultInt(&hc.TimeoutSeconds, 5)
	defaultInt(&hc.HealthyThreshold, 3)
	defaultInt(&hc.UnhealthyThreshold, 3)
	defaultInt(&s.Stickiness.DurationSeconds, 86400)
	if s.Autoscaling != nil {
		defaultInt(&s.Autoscaling.Min, 1)
		if s.Autoscaling.CpuTargetPercent == 0 {
			s.Autoscaling.CpuTargetPercent = 60
		}
		if s.Autoscaling.RequestsPerTarget == 0 {
			s.Autoscaling.RequestsPerTarget = 1000
		}
	}
	if s.HealthCheckGracePeriodSeconds == nil {
		s.HealthCheckGracePeriodSeconds = intPtr(60)
	}
	if s.MinimumHealthyPercent == nil {
		s.MinimumHealthyPercent = intPtr(100)
	}
	if s.MaximumPercent == nil {
		s.MaximumPercent = intPtr(200)
	}
	if s.WaitForSteadyState == nil {
		s.WaitForSteadyState = boolPtr(true)
	}
	if s.Routing != nil {
		defaultString(&s.Routing.Container, AppContainer)
		if s.Routing.Port == 0 {
			if ctr, ok := s.Containers[s.Routing.Container]; ok && len(ctr.Ports) > 0 {
				s.Routing.Port = ctr.Ports[0]
			}
		}
	}
}

// applyDefaults fills in the task fields that services and jobs share.
func (s *TaskConfig) applyDefaults() {
	defaultInt(&s.Cpu, 256)
	defaultInt(&s.Memory, 512)
	defaultString(&s.Architecture, "X86_64")
	defaultString(&s.PlatformVersion, "LATEST")
	defaultStrategy(s.CapacityProviderStrategy)
	defaultInt(&s.LogRetentionDays, 30)
	for i := range s.TaskRole.Statements {
		defaultString(&s.TaskRole.Statements[i].Effect, "Allow")
	}
	for name, ctr := range s.Containers {
		if ctr.Essential == nil {
			ctr.Essential = boolPtr(true)
		}
		if ctr.ReadonlyRootFilesystem == nil {
			ctr.ReadonlyRootFilesystem = boolPtr(true)
		}
		if hc := ctr.HealthCheck; hc != nil {
			defaultInt(&hc.IntervalSeconds, 30)
			defaultInt(&hc.TimeoutSeconds, 5)
			defaultInt(&hc.Retries, 3)
		}
		s.Containers[name] = ctr
	}
}

// Validate checks the whole (defaulted) config and returns every problem at once as a *ConfigError, or nil.
func (c *Config) Validate() error {
	var p problems
	if c.Region == "" {
		p.add("aws:region", "is required (endpoint service names and ARNs use it); set it with `pulumi config set aws:region <region>`")
	}
	c.validateNetwork(&p)
	c.validateEndpoints(&p)
	c.validateLoadBalancer(&p)
	lbEnabled := isOn(c.LoadBalancer.Enabled)
	c.validateIngress(&p, lbEnabled)
	c.validateCluster(&p)
	c.validateServices(&p)
	c.validateJobs(&p)
	c.validateRouting(&p, lbEnabled)
	c.validateTags(&p)
	c.validateAlarms(&p)
	c.validateAppGrants(&p, c.Stack, c.Apps)
	if len(p) > 0 {
		return p.err()
	}
	return nil
}

// ConfigError lists every problem found in the stack configuration.
type ConfigError struct {
	// Problems are "key: message" lines, sorted.
	Problems []string
}

// Error implements error.
func (e *ConfigError) Error() string {
	return "invalid stack configuration:\n  - " + strings.Join(e.Problems, "\n  - ")
}

// problems collects config problems; each names its config key.
type problems []string

func (p *problems) add(key, format string, args ...any) {
	*p = append(*p, key+": "+fmt.Sprintf(format, args...))
}

func (p problems) err() error {
	sorted := append([]string(nil), p...)
	sort.Strings(sorted)
	return &ConfigError{Problems: sorted}
}
