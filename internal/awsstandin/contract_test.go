package awsstandin

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// stack drives one stand-in provider process the way the engine does: Check, then Create (or Delete).
type stack struct {
	t *testing.T
	p *Provider
}

func newStack(t *testing.T) *stack {
	t.Helper()
	p := New(nil)
	_, err := p.Configure(context.Background(), plugin.ConfigureRequest{Inputs: props(map[string]any{"region": "eu-west-1"})})
	require.NoError(t, err)
	return &stack{t: t, p: p}
}

func (s *stack) check(typ tokens.Type, name string, inputs map[string]any) plugin.CheckResponse {
	s.t.Helper()
	resp, err := s.p.Check(context.Background(), plugin.CheckRequest{URN: urnOf(typ, name), Type: typ, News: props(inputs)})
	require.NoError(s.t, err)
	return resp
}

// create checks and creates a resource that must pass Check, returning its id and outputs.
func (s *stack) create(typ tokens.Type, name string, inputs map[string]any) (string, resource.PropertyMap) {
	s.t.Helper()
	checked := s.check(typ, name, inputs)
	require.Empty(s.t, checked.Failures, "precondition: %s %s passes Check", typ, name)
	resp, err := s.p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(typ, name), Type: typ, Properties: checked.Properties})
	require.NoError(s.t, err, "precondition: %s %s is created", typ, name)
	return string(resp.ID), resp.Properties
}

// tryCreate checks and creates a resource and returns Create's error.
func (s *stack) tryCreate(typ tokens.Type, name string, inputs map[string]any) error {
	s.t.Helper()
	checked := s.check(typ, name, inputs)
	require.Empty(s.t, checked.Failures, "precondition: %s %s passes Check", typ, name)
	_, err := s.p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(typ, name), Type: typ, Properties: checked.Properties})
	return err
}

func (s *stack) delete(typ tokens.Type, name, id string, state resource.PropertyMap) error {
	s.t.Helper()
	_, err := s.p.Delete(context.Background(), plugin.DeleteRequest{URN: urnOf(typ, name), Type: typ, ID: resource.ID(id),
		Inputs: state, Outputs: state})
	return err
}

// failureOn returns the failure naming property, or nil.
func failureOn(failures []plugin.CheckFailure, property string) *plugin.CheckFailure {
	for i := range failures {
		if string(failures[i].Property) == property {
			return &failures[i]
		}
	}
	return nil
}

func with(base map[string]any, kv ...any) map[string]any {
	out := map[string]any{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// Inputs the program sends, trimmed to what each rule needs.
var (
	ipTargetGroup = map[string]any{"targetType": "ip", "protocol": "HTTP", "port": 8080, "vpcId": "vpc-1",
		"healthCheck": map[string]any{"interval": 30, "timeout": 5, "path": "/health", "protocol": "HTTP", "port": "traffic-port"}}
	httpListener = map[string]any{"loadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/a/1",
		"port": 80, "protocol": "HTTP", "defaultActions": []any{map[string]any{"type": "fixed-response",
			"fixedResponse": map[string]any{"contentType": "text/plain", "statusCode": "404"}}}}
	fargateTask = map[string]any{"family": "pf-dev-web", "containerDefinitions": `[{"name":"app"}]`,
		"requiresCompatibilities": []any{"FARGATE"}, "networkMode": "awsvpc", "cpu": "512", "memory": "1024"}
	fargateService = map[string]any{"cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/c", "name": "web",
		"networkConfiguration": map[string]any{"subnets": []any{"subnet-1"}}}
	cpuPolicy = map[string]any{"policyType": "TargetTrackingScaling", "resourceId": "service/c/web",
		"scalableDimension": "ecs:service:DesiredCount", "serviceNamespace": "ecs",
		"targetTrackingScalingPolicyConfiguration": map[string]any{"targetValue": 800,
			"predefinedMetricSpecification": map[string]any{"predefinedMetricType": "ALBRequestCountPerTarget",
				"resourceLabel": "app/a/1/targetgroup/t/2"}}}
)

// TestCheckContract is the per-resource contract: for every rule, the violating input is refused with the property
// named, and the compliant input passes. source repeats the rule's citation so the case can be re-checked.
// jobSchedule is a schedule as the program registers it for a job.
var jobSchedule = map[string]any{
	"name": "nightly", "groupName": "jobs-schedules-0a1b2c3", "scheduleExpression": "cron(30 2 * * ? *)",
	"scheduleExpressionTimezone": "Europe/Berlin", "state": "ENABLED", "flexibleTimeWindow": map[string]any{"mode": "OFF"},
	"target": map[string]any{
		"arn": "arn:aws:ecs:eu-west-1:123456789012:cluster/c", "roleArn": "arn:aws:iam::123456789012:role/r",
		"deadLetterConfig": map[string]any{"arn": "arn:aws:sqs:eu-west-1:123456789012:dlq"},
		"retryPolicy":      map[string]any{"maximumRetryAttempts": 2, "maximumEventAgeInSeconds": 3600},
		"ecsParameters": map[string]any{"taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/f:1",
			"networkConfiguration": map[string]any{"subnets": []any{"subnet-1"}, "assignPublicIp": false}},
	},
}

func TestCheckContract(t *testing.T) {
	tests := []struct {
		name       string
		source     string
		typ        tokens.Type
		urnName    string // resource name; "x" when empty
		bad, good  map[string]any
		property   string
		wantReason string
	}{
		{name: "target group auto-name longer than 32 is an error, not truncated", source: srcAutonameTG,
			typ: awstypes.LbTargetGroup, urnName: "loadbalancing-payments-gateway-a",
			bad: ipTargetGroup, good: with(ipTargetGroup, "name", "payments-a"),
			property: "name", wantReason: "name 'loadbalancing-payments-gateway-a-' plus 7 random chars is longer than maximum length 32"},
		{name: "role auto-name longer than 64", source: srcAutonameRole, typ: awstypes.IamRole,
			urnName: "services-payments-gateway-reconciliation-worker-execution-role",
			bad:     map[string]any{"assumeRolePolicy": "{}"}, good: map[string]any{"assumeRolePolicy": "{}", "name": "payments-execution"},
			property: "name", wantReason: "plus 7 random chars is longer than maximum length 64"},
		{name: "load balancer auto-name fits pulumi-aws's 255 but not elbv2 validName's 32", source: tfLBValidate,
			typ: awstypes.LbLoadBalancer, urnName: "loadbalancing-alb-internal-x",
			bad: map[string]any{"subnets": []any{"subnet-1"}}, good: map[string]any{"subnets": []any{"subnet-1"}, "name": "lb-alb"},
			property: "name", wantReason: "expected length to be in the range (0 - 32)"},
		{name: "a cron expression with five fields", source: awsScheduleExpression, typ: awstypes.SchedulerSchedule,
			bad: with(jobSchedule, "scheduleExpression", "cron(0 2 * * *)"), good: jobSchedule,
			property: "scheduleExpression", wantReason: "cron"},
		{name: "a time zone that is not IANA's", source: awsScheduleTimezone, typ: awstypes.SchedulerSchedule,
			bad: with(jobSchedule, "scheduleExpressionTimezone", "CEST"), good: jobSchedule,
			property: "scheduleExpressionTimezone", wantReason: "CEST"},
		{name: "a FLEXIBLE window without its maximum", source: awsFlexibleWindow, typ: awstypes.SchedulerSchedule,
			bad:      with(jobSchedule, "flexibleTimeWindow", map[string]any{"mode": "FLEXIBLE"}),
			good:     with(jobSchedule, "flexibleTimeWindow", map[string]any{"mode": "FLEXIBLE", "maximumWindowInMinutes": 30}),
			property: "flexibleTimeWindow.maximumWindowInMinutes", wantReason: "needs maximumWindowInMinutes"},
		{name: "an OFF window with a maximum", source: awsFlexibleWindow, typ: awstypes.SchedulerSchedule,
			bad:      with(jobSchedule, "flexibleTimeWindow", map[string]any{"mode": "OFF", "maximumWindowInMinutes": 30}),
			good:     jobSchedule,
			property: "flexibleTimeWindow.maximumWindowInMinutes", wantReason: "only allowed with mode FLEXIBLE"},
		{name: "a schedule name longer than 64", source: tfSchedule, typ: awstypes.SchedulerSchedule,
			bad: with(jobSchedule, "name", strings.Repeat("n", 65)), good: with(jobSchedule, "name", strings.Repeat("n", 64)),
			property: "name", wantReason: "(1 - 64)"},
		{name: "dead letters kept longer than 14 days", source: tfSQSQueue, typ: awstypes.SqsQueue,
			bad: map[string]any{"messageRetentionSeconds": 1209601}, good: map[string]any{"messageRetentionSeconds": 1209600},
			property: "messageRetentionSeconds", wantReason: "(60 - 1209600)"},
		{name: "SQS-managed SSE and a KMS key together", source: tfSQSQueue, typ: awstypes.SqsQueue,
			bad:  map[string]any{"sqsManagedSseEnabled": true, "kmsMasterKeyId": "alias/aws/sqs"},
			good: map[string]any{"sqsManagedSseEnabled": true}, property: "kmsMasterKeyId", wantReason: "conflicts"},
		{name: "explicit target group name with an underscore", source: tfLBValidate, typ: awstypes.LbTargetGroup,
			bad: with(ipTargetGroup, "name", "web_a"), good: with(ipTargetGroup, "name", "web-a"),
			property: "name", wantReason: "only alphanumeric characters and hyphens"},
		{name: "target group name prefix longer than 6", source: tfLBValidate, typ: awstypes.LbTargetGroup,
			bad: with(ipTargetGroup, "namePrefix", "paymen-"), good: with(ipTargetGroup, "namePrefix", "payme-"),
			property: "namePrefix", wantReason: "(0 - 6)"},
		{name: "explicit bucket name in capitals", source: tfS3Bucket, typ: awstypes.S3BucketV2,
			bad: map[string]any{"bucket": "Access-Logs"}, good: map[string]any{"bucket": "access-logs"},
			property: "bucket", wantReason: "lowercase"},
		{name: "target group port 0", source: tfTargetGroup, typ: awstypes.LbTargetGroup,
			bad: with(ipTargetGroup, "port", 0), good: ipTargetGroup, property: "port", wantReason: "(1 - 65535)"},
		{name: "target group protocol in lower case", source: tfTargetGroup, typ: awstypes.LbTargetGroup,
			bad: with(ipTargetGroup, "protocol", "http"), good: ipTargetGroup, property: "protocol", wantReason: "one of"},
		{name: "health check interval above 300", source: tfTargetGroup, typ: awstypes.LbTargetGroup,
			bad:  with(ipTargetGroup, "healthCheck", map[string]any{"interval": 301}),
			good: with(ipTargetGroup, "healthCheck", map[string]any{"interval": 300}), property: "healthCheck.interval", wantReason: "(5 - 300)"},
		{name: "health check path without a leading slash", source: tfTargetGroup, typ: awstypes.LbTargetGroup,
			bad:  with(ipTargetGroup, "healthCheck", map[string]any{"path": "health"}),
			good: with(ipTargetGroup, "healthCheck", map[string]any{"path": "/health"}), property: "healthCheck.path", wantReason: "prefix"},
		{name: "health check timeout not below the interval", source: awsHealthTimeout, typ: awstypes.LbTargetGroup,
			bad:  with(ipTargetGroup, "healthCheck", map[string]any{"interval": 10, "timeout": 10}),
			good: with(ipTargetGroup, "healthCheck", map[string]any{"interval": 10, "timeout": 5}), property: "healthCheck.timeout", wantReason: "smaller than the interval"},
		{name: "slow start between 1 and 29", source: tfTargetGroup, typ: awstypes.LbTargetGroup,
			bad: with(ipTargetGroup, "slowStart", 10), good: with(ipTargetGroup, "slowStart", 30), property: "slowStart", wantReason: "(30 - 900)"},
		{name: "deregistration delay above 3600", source: tfTargetGroup, typ: awstypes.LbTargetGroup,
			bad: with(ipTargetGroup, "deregistrationDelay", 3601), good: with(ipTargetGroup, "deregistrationDelay", 0), property: "deregistrationDelay", wantReason: "(0 - 3600)"},
		{name: "alb-type target group over HTTP", source: awsALBTargetGroup, typ: awstypes.LbTargetGroup,
			bad:  map[string]any{"targetType": "alb", "protocol": "HTTP", "port": 80, "vpcId": "vpc-1"},
			good: map[string]any{"targetType": "alb", "protocol": "TCP", "port": 80, "vpcId": "vpc-1"}, property: "protocol", wantReason: "must use protocol TCP"},
		{name: "HTTPS listener without a certificate", source: awsHTTPSListener, typ: awstypes.LbListener,
			bad:      with(httpListener, "port", 443, "protocol", "HTTPS"),
			good:     with(httpListener, "port", 443, "protocol", "HTTPS", "certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/1"),
			property: "certificateArn", wantReason: "needs certificateArn"},
		{name: "fixed response status 600", source: tfListener, typ: awstypes.LbListener,
			bad: with(httpListener, "defaultActions", []any{map[string]any{"type": "fixed-response",
				"fixedResponse": map[string]any{"contentType": "text/plain", "statusCode": "600"}}}),
			good: httpListener, property: "defaultActions[0].fixedResponse.statusCode", wantReason: "[245]"},
		{name: "listener without default actions", source: tfListener, typ: awstypes.LbListener,
			bad: with(httpListener, "defaultActions", nil), good: httpListener, property: "defaultActions", wantReason: "required"},
		{name: "listener rule priority 0", source: tfListenerRule, typ: awstypes.LbListenerRule,
			bad: map[string]any{"listenerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/a/1/2", "priority": 0,
				"actions": []any{map[string]any{"type": "forward"}}, "conditions": []any{map[string]any{}}},
			good: map[string]any{"listenerArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/a/1/2", "priority": 1,
				"actions": []any{map[string]any{"type": "forward"}}, "conditions": []any{map[string]any{}}},
			property: "priority", wantReason: "(1 - 50000)"},
		{name: "log retention of 42 days", source: tfLogGroup, typ: awstypes.CloudwatchLogGroup,
			bad: map[string]any{"retentionInDays": 42}, good: map[string]any{"retentionInDays": 30}, property: "retentionInDays", wantReason: "one of"},
		{name: "VPC block larger than /16", source: tfVPC, typ: awstypes.Ec2Vpc,
			bad: map[string]any{"cidrBlock": "10.0.0.0/8"}, good: map[string]any{"cidrBlock": "10.0.0.0/16"}, property: "cidrBlock", wantReason: "between 16 and 28"},
		{name: "subnet CIDR with host bits", source: tfSubnet, typ: awstypes.Ec2Subnet,
			bad: map[string]any{"vpcId": "vpc-1", "cidrBlock": "10.0.0.1/24"}, good: map[string]any{"vpcId": "vpc-1", "cidrBlock": "10.0.0.0/24"},
			property: "cidrBlock", wantReason: "network address"},
		{name: "subnet IPv6 block that is not a /64", source: awsVPCSizing, typ: awstypes.Ec2Subnet,
			bad:  map[string]any{"vpcId": "vpc-1", "ipv6CidrBlock": "2600:1f18:aa:bb00::/56"},
			good: map[string]any{"vpcId": "vpc-1", "ipv6CidrBlock": "2600:1f18:aa:bb00::/64"}, property: "ipv6CidrBlock", wantReason: "between 64 and 64"},
		{name: "subnet without a VPC", source: tfSubnet, typ: awstypes.Ec2Subnet,
			bad: map[string]any{"cidrBlock": "10.0.0.0/24"}, good: map[string]any{"vpcId": "vpc-1", "cidrBlock": "10.0.0.0/24"},
			property: "vpcId", wantReason: "required"},
		{name: "security group description longer than 255", source: tfSecurityGroup, typ: awstypes.Ec2SecurityGroup,
			bad: map[string]any{"description": strings.Repeat("d", 256)}, good: map[string]any{"description": "ALB"},
			property: "description", wantReason: "(0 - 255)"},
		{name: "security group rule without a peer", source: tfSGRuleFramework, typ: awstypes.VpcSecurityGroupIngressRule,
			bad:      map[string]any{"securityGroupId": "sg-1", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443},
			good:     map[string]any{"securityGroupId": "sg-1", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "10.0.0.0/16"},
			property: "cidrIpv4", wantReason: "exactly one of"},
		{name: "route with two targets", source: tfRoute, typ: awstypes.Ec2Route,
			bad:      map[string]any{"routeTableId": "rtb-1", "destinationCidrBlock": "0.0.0.0/0", "gatewayId": "igw-1", "natGatewayId": "nat-1"},
			good:     map[string]any{"routeTableId": "rtb-1", "destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "nat-1"},
			property: "carrierGatewayId", wantReason: "exactly one of"},
		{name: "REST API endpoint type outside EDGE/REGIONAL/PRIVATE", source: tfAPIRestAPI, typ: awstypes.ApigatewayRestAPI,
			bad:      map[string]any{"endpointConfiguration": map[string]any{"types": []any{"PUBLIC"}}},
			good:     map[string]any{"endpointConfiguration": map[string]any{"types": []any{"PRIVATE"}}},
			property: "endpointConfiguration.types[0]", wantReason: "one of"},
		{name: "REST API with two endpoint types", source: tfAPIRestAPI, typ: awstypes.ApigatewayRestAPI,
			bad:      map[string]any{"endpointConfiguration": map[string]any{"types": []any{"REGIONAL", "PRIVATE"}}},
			good:     map[string]any{"endpointConfiguration": map[string]any{"types": []any{"REGIONAL"}}},
			property: "endpointConfiguration.types", wantReason: "1 item maximum"},
		{name: "API Gateway account with a role name instead of an ARN", source: tfAPIAccount, typ: awstypes.ApigatewayAccount,
			bad:      map[string]any{"cloudwatchRoleArn": "ingress-apigw-logs"},
			good:     map[string]any{"cloudwatchRoleArn": "arn:aws:iam::123456789012:role/ingress-apigw-logs"},
			property: "cloudwatchRoleArn", wantReason: "ARN"},
		{name: "tag key in the reserved aws: namespace", source: awsTagLimits, typ: awstypes.Ec2InternetGateway,
			bad:      map[string]any{"vpcId": "vpc-1", "tags": map[string]any{"aws:component": "network"}},
			good:     map[string]any{"vpcId": "vpc-1", "tags": map[string]any{"component": "network"}},
			property: "tags.aws:component", wantReason: "reserved"},
		{name: "tag value longer than 256", source: awsTagLimits, typ: awstypes.Ec2Vpc,
			bad:      map[string]any{"cidrBlock": "10.0.0.0/16", "tags": map[string]any{"Name": strings.Repeat("v", 257)}},
			good:     map[string]any{"cidrBlock": "10.0.0.0/16", "tags": map[string]any{"Name": strings.Repeat("v", 256)}},
			property: "tags.Name", wantReason: "at most 256"},
		{name: "two capacity providers with a base", source: awsStrategyItem, typ: awstypes.EcsService,
			bad: with(fargateService, "capacityProviderStrategies", []any{
				map[string]any{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
				map[string]any{"capacityProvider": "FARGATE_SPOT", "base": 1, "weight": 3}}),
			good: with(fargateService, "capacityProviderStrategies", []any{
				map[string]any{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
				map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 3}}),
			property: "capacityProviderStrategies", wantReason: "only one capacity provider"},
		{name: "cluster default strategy with every weight 0", source: awsStrategyItem, typ: awstypes.EcsClusterCapacityProviders,
			bad: map[string]any{"clusterName": "main", "capacityProviders": []any{"FARGATE", "FARGATE_SPOT"},
				"defaultCapacityProviderStrategies": []any{map[string]any{"capacityProvider": "FARGATE", "base": 1},
					map[string]any{"capacityProvider": "FARGATE_SPOT"}}},
			good: map[string]any{"clusterName": "main", "capacityProviders": []any{"FARGATE", "FARGATE_SPOT"},
				"defaultCapacityProviderStrategies": []any{map[string]any{"capacityProvider": "FARGATE", "base": 1},
					map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 1}}},
			property: "defaultCapacityProviderStrategies", wantReason: "weight greater than zero"},
		{name: "Elastic IP in the classic domain", source: tfEIP, typ: awstypes.Ec2Eip,
			bad: map[string]any{"domain": "classic"}, good: map[string]any{"domain": "vpc"}, property: "domain", wantReason: "one of"},
		{name: "public NAT gateway without an Elastic IP", source: "AWS EC2 API Reference, CreateNatGateway",
			typ: awstypes.Ec2NatGateway, bad: map[string]any{"subnetId": "subnet-1"},
			good: map[string]any{"subnetId": "subnet-1", "allocationId": "eipalloc-1"}, property: "allocationId", wantReason: "allocationId"},
		{name: "service with a launch type and a capacity provider strategy", source: awsLaunchTypeCPS, typ: awstypes.EcsService,
			bad:      with(fargateService, "launchType", "FARGATE", "capacityProviderStrategies", []any{map[string]any{"capacityProvider": "FARGATE", "weight": 1}}),
			good:     with(fargateService, "capacityProviderStrategies", []any{map[string]any{"capacityProvider": "FARGATE", "weight": 1}}),
			property: "capacityProviderStrategies", wantReason: "Specifying both a launch type and capacity provider strategy is not supported"},
		{name: "capacity provider weight above 1000", source: tfECSService, typ: awstypes.EcsService,
			bad:      with(fargateService, "capacityProviderStrategies", []any{map[string]any{"capacityProvider": "FARGATE", "weight": 1001}}),
			good:     with(fargateService, "capacityProviderStrategies", []any{map[string]any{"capacityProvider": "FARGATE", "weight": 1000}}),
			property: "capacityProviderStrategies[0].weight", wantReason: "(0 - 1000)"},
		{name: "Fargate task with 256 CPU and 4 GiB", source: awsFargateSizes, typ: awstypes.EcsTaskDefinition,
			bad: with(fargateTask, "cpu", "256", "memory", "4096"), good: fargateTask, property: "memory", wantReason: "No Fargate configuration exists"},
		{name: "cluster Container Insights value on", source: "AWS ECS API Reference, ClusterSetting", typ: awstypes.EcsCluster,
			bad:      map[string]any{"settings": []any{map[string]any{"name": "containerInsights", "value": "on"}}},
			good:     map[string]any{"settings": []any{map[string]any{"name": "containerInsights", "value": "enhanced"}}},
			property: "settings[0].value", wantReason: "one of"},
		{name: "request-count policy without a resource label", source: awsAppASLabel, typ: awstypes.AppautoscalingPolicy,
			bad: with(cpuPolicy, "targetTrackingScalingPolicyConfiguration", map[string]any{"targetValue": 800,
				"predefinedMetricSpecification": map[string]any{"predefinedMetricType": "ALBRequestCountPerTarget"}}),
			good:     cpuPolicy,
			property: "targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification.resourceLabel", wantReason: "resourceLabel"},
		{name: "HTTP API of protocol REST", source: tfAPIv2API, typ: awstypes.Apigatewayv2API,
			bad: map[string]any{"protocolType": "REST"}, good: map[string]any{"protocolType": "HTTP"}, property: "protocolType", wantReason: "one of"},
		{name: "lifecycle rule status in lower case", source: tfS3Lifecycle, typ: awstypes.S3BucketLifecycleConfigurationV2,
			bad:      map[string]any{"bucket": "b", "rules": []any{map[string]any{"id": "expire", "status": "enabled"}}},
			good:     map[string]any{"bucket": "b", "rules": []any{map[string]any{"id": "expire", "status": "Enabled"}}},
			property: "rules[0].status", wantReason: "one of"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEmpty(t, tt.source, "every contract case cites its source")
			urnName := tt.urnName
			if urnName == "" {
				urnName = "x"
			}
			s := newStack(t)
			bad := s.check(tt.typ, urnName, tt.bad)
			got := failureOn(bad.Failures, tt.property)
			require.NotNil(t, got, "the violating input is refused on %s; failures: %v", tt.property, bad.Failures)
			assert.Contains(t, got.Reason, tt.wantReason)

			good := s.check(tt.typ, urnName, tt.good)
			assert.Empty(t, good.Failures, "the compliant input passes")
		})
	}
}

func TestCheckAutonamesLikePulumiAWS(t *testing.T) {
	s := newStack(t)
	typ := tokens.Type(awstypes.LbTargetGroup)
	first := s.check(typ, "web-a", ipTargetGroup)
	require.Empty(t, first.Failures)
	name := first.Properties["name"].StringValue()
	assert.Regexp(t, `^web-a-[0-9a-f]{7}$`, name, "<resource name>-<7 hex>")

	again := s.check(typ, "web-a", ipTargetGroup)
	assert.Equal(t, name, again.Properties["name"].StringValue(), "the same URN gets the same name")

	resp, err := s.p.Check(context.Background(), plugin.CheckRequest{URN: urnOf(typ, "web-a"), Type: typ,
		Olds: props(with(ipTargetGroup, "name", "web-a-1234567")), News: props(ipTargetGroup)})
	require.NoError(t, err)
	assert.Equal(t, "web-a-1234567", resp.Properties["name"].StringValue(), "an update keeps the old name")

	seeded, err := s.p.Check(context.Background(), plugin.CheckRequest{URN: urnOf(typ, "web-a"), Type: typ,
		News: props(ipTargetGroup), RandomSeed: []byte("replacement")})
	require.NoError(t, err)
	assert.NotEqual(t, name, seeded.Properties["name"].StringValue(), "a replacement's fresh check gets a fresh name")

	bucket := s.check(awstypes.S3BucketV2, "AccessLogs", map[string]any{})
	require.Empty(t, bucket.Failures)
	assert.Regexp(t, `^accesslogs-[0-9a-f]{7}$`, bucket.Properties["bucket"].StringValue(), "bucket names are lower-cased")

	prefixed := s.check(awstypes.IamRole, "r", map[string]any{"assumeRolePolicy": "{}", "namePrefix": "svc-"})
	require.Empty(t, prefixed.Failures)
	assert.NotContains(t, prefixed.Properties, resource.PropertyKey("name"), "a name prefix switches autonaming off")
}

func TestCheckJudgesOnlyKnownValues(t *testing.T) {
	s := newStack(t)
	resp := s.check(awstypes.LbTargetGroup, "x", map[string]any{"port": unknown(), "protocol": unknown(),
		"targetType": "alb", "name": unknown()})
	assert.Empty(t, resp.Failures, "unknown values are judged at up, not refused at preview")
}

// TestDiffCustomizeDiffCases covers the replacements that depend on more than the changed property (CustomizeDiff).
func TestDiffCustomizeDiffCases(t *testing.T) {
	strategy := func(weight int) []any {
		return []any{map[string]any{"capacityProvider": "FARGATE", "weight": weight, "base": 0}}
	}
	tests := []struct {
		name        string
		source      string
		typ         tokens.Type
		olds, news  map[string]any
		key         string
		wantReplace bool
	}{
		{name: "changing a service's capacity provider strategy replaces it", source: tfECSService, typ: awstypes.EcsService,
			olds: with(fargateService, "capacityProviderStrategies", strategy(1)), news: with(fargateService, "capacityProviderStrategies", strategy(2)),
			key: "capacityProviderStrategies", wantReplace: true},
		{name: "with forceNewDeployment a strategy change updates in place", source: tfECSService, typ: awstypes.EcsService,
			olds: with(fargateService, "capacityProviderStrategies", strategy(1), "forceNewDeployment", true),
			news: with(fargateService, "capacityProviderStrategies", strategy(2), "forceNewDeployment", true),
			key:  "capacityProviderStrategies", wantReplace: false},
		{name: "with forceNewDeployment, going from a launch type to a strategy still replaces", source: tfECSService, typ: awstypes.EcsService,
			olds: with(fargateService, "forceNewDeployment", true),
			news: with(fargateService, "capacityProviderStrategies", strategy(1), "forceNewDeployment", true),
			key:  "capacityProviderStrategies", wantReplace: true},
		{name: "changing an HTTP API VPC link's subnets replaces it", source: tfAPIv2VPCLink, typ: awstypes.Apigatewayv2VpcLink,
			olds: map[string]any{"subnetIds": []any{"subnet-1"}, "securityGroupIds": []any{"sg-1"}},
			news: map[string]any{"subnetIds": []any{"subnet-1", "subnet-2"}, "securityGroupIds": []any{"sg-1"}},
			key:  "subnetIds", wantReplace: true},
		{name: "changing the IPv6 block of a subnet that assigns IPv6 replaces it", source: tfSubnet, typ: awstypes.Ec2Subnet,
			olds: map[string]any{"vpcId": "vpc-1", "ipv6CidrBlock": "2600::/64", "assignIpv6AddressOnCreation": true},
			news: map[string]any{"vpcId": "vpc-1", "ipv6CidrBlock": "2600:0:0:1::/64", "assignIpv6AddressOnCreation": true},
			key:  "ipv6CidrBlock", wantReplace: true},
		{name: "adding an IPv6 block to a subnet that did not assign IPv6 updates it", source: tfSubnet, typ: awstypes.Ec2Subnet,
			olds: map[string]any{"vpcId": "vpc-1", "assignIpv6AddressOnCreation": false},
			news: map[string]any{"vpcId": "vpc-1", "ipv6CidrBlock": "2600::/64", "assignIpv6AddressOnCreation": true},
			key:  "ipv6CidrBlock", wantReplace: false},
		{name: "adding a subnet to a network load balancer updates it", source: tfLB, typ: awstypes.LbLoadBalancer,
			olds: map[string]any{"loadBalancerType": "network", "subnets": []any{"subnet-1", "subnet-2"}},
			news: map[string]any{"loadBalancerType": "network", "subnets": []any{"subnet-1", "subnet-2", "subnet-3"}},
			key:  "subnets", wantReplace: false},
		{name: "swapping a network load balancer's subnet replaces it", source: tfLB, typ: awstypes.LbLoadBalancer,
			olds: map[string]any{"loadBalancerType": "network", "subnets": []any{"subnet-1", "subnet-2"}},
			news: map[string]any{"loadBalancerType": "network", "subnets": []any{"subnet-1", "subnet-3"}},
			key:  "subnets", wantReplace: true},
		{name: "removing an application load balancer's subnet updates it", source: tfLB, typ: awstypes.LbLoadBalancer,
			olds: map[string]any{"subnets": []any{"subnet-1", "subnet-2", "subnet-3"}},
			news: map[string]any{"subnets": []any{"subnet-1", "subnet-2"}},
			key:  "subnets", wantReplace: false},
		{name: "a network load balancer's first security group replaces it", source: tfLB, typ: awstypes.LbLoadBalancer,
			olds: map[string]any{"loadBalancerType": "network", "subnets": []any{"subnet-1"}},
			news: map[string]any{"loadBalancerType": "network", "subnets": []any{"subnet-1"}, "securityGroups": []any{"sg-1"}},
			key:  "securityGroups", wantReplace: true},
		{name: "changing a network load balancer's security groups updates it", source: tfLB, typ: awstypes.LbLoadBalancer,
			olds: map[string]any{"loadBalancerType": "network", "subnets": []any{"subnet-1"}, "securityGroups": []any{"sg-1"}},
			news: map[string]any{"loadBalancerType": "network", "subnets": []any{"subnet-1"}, "securityGroups": []any{"sg-2"}},
			key:  "securityGroups", wantReplace: false},
		{name: "the REST VPC link is replaced on targetArn (not the misspelt targetArns)", source: tfAPIVPCLink, typ: awstypes.ApigatewayVpcLink,
			olds: map[string]any{"name": "l", "targetArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/a/1"},
			news: map[string]any{"name": "l", "targetArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/b/2"},
			key:  "targetArn", wantReplace: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEmpty(t, tt.source)
			got, err := New(nil).Diff(context.Background(), plugin.DiffRequest{URN: urnOf(tt.typ, "x"), Type: tt.typ,
				OldInputs: props(tt.olds), OldOutputs: props(tt.olds), NewInputs: props(tt.news)})
			require.NoError(t, err)
			require.Contains(t, got.ChangedKeys, resource.PropertyKey(tt.key), "precondition: the property changed")
			assert.Equal(t, tt.wantReplace, slices.Contains(got.ReplaceKeys, resource.PropertyKey(tt.key)))
		})
	}
}

func TestNamePrefixGetsTheProvidersUniqueSuffix(t *testing.T) {
	s := newStack(t)
	_, out := s.create(awstypes.LbTargetGroup, "loadbalancing-inventory-service-tg", with(ipTargetGroup, "namePrefix", "inven-"))
	name := out["name"].StringValue()
	assert.Regexp(t, `^inven-\d{26}$`, name, "create.Name: the prefix plus a 26-character unique id")
	assert.LessOrEqual(t, len(name), 32)
	assert.Contains(t, out["arn"].StringValue(), ":targetgroup/"+name+"/")
}
