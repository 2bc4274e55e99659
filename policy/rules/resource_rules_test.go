package rules

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// containerJSON is a containerDefinitions string with the given per-container JSON fields.
func containerJSON(containers ...string) string {
	return "[" + strings.Join(containers, ",") + "]"
}

const (
	loggedContainer     = `{"name":"app","image":"nginx","readonlyRootFilesystem":true,"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"g"}}}`
	unloggedContainer   = `{"name":"sidecar","image":"envoy"}`
	privilegedContainer = `{"name":"root","image":"busybox","privileged":true,"logConfiguration":{"logDriver":"awslogs"}}`
	writableContainer   = `{"name":"writer","image":"busybox","readonlyRootFilesystem":false,"logConfiguration":{"logDriver":"awslogs"}}`
)

type ruleCase struct {
	name  string
	rule  string
	typ   string
	props obj
	cfg   func(*Config)
	// want is the number of violations the rule must report.
	want int
	// wantText must appear in every message (besides the resource name, which always must).
	wantText string
}

func resourceRuleCases() []ruleCase {
	taskDef := func(extra obj) obj {
		props := obj{
			"networkMode": "awsvpc", "requiresCompatibilities": []string{"FARGATE"}, "cpu": "256", "memory": "512",
			"containerDefinitions": containerJSON(loggedContainer),
		}
		for k, v := range extra {
			props[k] = v
		}
		return props
	}
	redirectToHTTPS := arr{obj{"type": "redirect", "redirect": obj{"protocol": "HTTPS", "port": "443", "statusCode": "HTTP_301"}}}
	forward := arr{obj{"type": "forward", "targetGroupArn": "arn:tg"}}
	noNat := func(c *Config) { c.AllowNatGateways = false }

	return append(append(platformRuleCases(taskDef, redirectToHTTPS, forward, noNat), fsbpRuleCases()...), monitoringRuleCases()...)
}

func platformRuleCases(taskDef func(obj) obj, redirectToHTTPS, forward arr, noNat func(*Config)) []ruleCase {
	return []ruleCase{
		// subnet-no-public-ip
		{name: "subnet without mapPublicIpOnLaunch takes the AWS default false", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"cidrBlock": "10.0.1.0/24"}},
		{name: "subnet with mapPublicIpOnLaunch false", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"mapPublicIpOnLaunch": false}},
		{name: "subnet with mapPublicIpOnLaunch true", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"mapPublicIpOnLaunch": true}, want: 1, wantText: "mapPublicIpOnLaunch: false"},
		{name: "subnet with secret mapPublicIpOnLaunch true", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"mapPublicIpOnLaunch": secret(true)}, want: 1},
		{name: "subnet with unknown mapPublicIpOnLaunch is rechecked later", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"mapPublicIpOnLaunch": unknownValue}},

		// ecs-service-no-public-ip
		{name: "service with assignPublicIp false", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"assignPublicIp": false, "subnets": []string{"s"}}}},
		{name: "service without assignPublicIp", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"subnets": []string{"s"}}}},
		{name: "service with assignPublicIp true", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"assignPublicIp": true}}, want: 1, wantText: "networkConfiguration.assignPublicIp"},
		{name: "service with secret assignPublicIp true", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"assignPublicIp": secret(true)}}, want: 1},
		{name: "service with unknown networkConfiguration", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": unknownValue}},
		{name: "service with unknown assignPublicIp", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"assignPublicIp": unknownValue}}},

		// instance-no-public-ip
		{name: "instance without associatePublicIpAddress defers to the private subnet", rule: "instance-no-public-ip", typ: awstypes.Ec2Instance, props: obj{"ami": "ami-1"}},
		{name: "instance with associatePublicIpAddress true", rule: "instance-no-public-ip", typ: awstypes.Ec2Instance, props: obj{"associatePublicIpAddress": true}, want: 1, wantText: "associatePublicIpAddress"},
		{name: "instance with unknown associatePublicIpAddress", rule: "instance-no-public-ip", typ: awstypes.Ec2Instance, props: obj{"associatePublicIpAddress": unknownValue}},

		// launch-template-no-public-ip
		{name: "launch template interface with string false", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": "false"}}}},
		{name: "launch template without interfaces", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"imageId": "ami-1"}},
		{name: "launch template interface with string true", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": "true"}}}, want: 1, wantText: "interface #1"},
		{name: "launch template reports every public interface", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": "true"}, obj{"associatePublicIpAddress": "false"}, obj{"associatePublicIpAddress": "true"}}}, want: 2},
		{name: "launch template interface with secret string true", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": secret("true")}}}, want: 1},
		{name: "launch template with unknown interfaces", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": unknownValue}},
		{name: "launch template interface with unknown flag", rule: "launch-template-no-public-ip", typ: awstypes.Ec2LaunchTemplate, props: obj{"networkInterfaces": arr{unknownValue, obj{"associatePublicIpAddress": unknownValue}}}},

		// eip-not-attached
		{name: "free EIP for a NAT gateway", rule: "eip-not-attached", typ: awstypes.Ec2Eip, props: obj{"domain": "vpc"}},
		{name: "EIP attached to an instance", rule: "eip-not-attached", typ: awstypes.Ec2Eip, props: obj{"domain": "vpc", "instance": "i-123"}, want: 1, wantText: "remove instance"},
		{name: "EIP attached to a network interface", rule: "eip-not-attached", typ: awstypes.Ec2Eip, props: obj{"networkInterface": secret("eni-1")}, want: 1, wantText: "networkInterface"},
		{name: "EIP with an unknown instance is rechecked later", rule: "eip-not-attached", typ: awstypes.Ec2Eip, props: obj{"instance": unknownValue}},
		{name: "EIP association to an instance", rule: "eip-not-attached", typ: awstypes.Ec2EipAssociation, props: obj{"allocationId": "eipalloc-1", "instanceId": "i-1"}, want: 1, wantText: "delete the association"},
		{name: "EIP association without a target", rule: "eip-not-attached", typ: awstypes.Ec2EipAssociation, props: obj{"allocationId": "eipalloc-1"}},

		// nat-gateway-allowed
		{name: "NAT gateway allowed by default", rule: "nat-gateway-allowed", typ: awstypes.Ec2NatGateway, props: obj{"subnetId": "subnet-1"}},
		{name: "public NAT gateway when NAT is forbidden", rule: "nat-gateway-allowed", typ: awstypes.Ec2NatGateway, props: obj{"subnetId": "subnet-1"}, cfg: noNat, want: 1, wantText: "allowNatGateways: false"},
		{name: "private NAT gateway when NAT is forbidden", rule: "nat-gateway-allowed", typ: awstypes.Ec2NatGateway, props: obj{"connectivityType": "private"}, cfg: noNat},
		{name: "NAT gateway with unknown connectivity when NAT is forbidden", rule: "nat-gateway-allowed", typ: awstypes.Ec2NatGateway, props: obj{"connectivityType": unknownValue}, cfg: noNat},

		// load-balancer-internal
		{name: "internal load balancer", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"internal": true}},
		{name: "load balancer without internal is internet-facing", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"loadBalancerType": "application"}, want: 1, wantText: "internal: true"},
		{name: "load balancer with internal false", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"internal": false}, want: 1},
		{name: "alb alias token without internal", rule: "load-balancer-internal", typ: awstypes.AlbLoadBalancer, props: obj{}, want: 1},
		{name: "classic load balancer without internal", rule: "load-balancer-internal", typ: awstypes.ElbLoadBalancer, props: obj{}, want: 1},
		{name: "load balancer with secret internal true", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"internal": secret(true)}},
		{name: "load balancer with unknown internal", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"internal": unknownValue}},

		// target-group-target-type
		{name: "ip target group", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{"targetType": "ip"}},
		{name: "alb target group behind an NLB", rule: "target-group-target-type", typ: awstypes.AlbTargetGroup, props: obj{"targetType": "alb"}},
		{name: "target group without targetType is instance", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{"port": 80}, want: 1, wantText: `"instance"`},
		{name: "lambda target group", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{"targetType": "lambda"}, want: 1, wantText: "ip, alb"},
		{name: "instance target group allowed by config", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{}, cfg: func(c *Config) { c.AllowedTargetTypes = []string{"instance"} }},
		{name: "target group with unknown targetType", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{"targetType": unknownValue}},

		// security-group-no-public-ingress
		{name: "security group with internal ingress", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []string{"10.0.0.0/16"}}}}},
		{name: "security group without ingress", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"egress": arr{obj{"protocol": "-1", "cidrBlocks": []string{"0.0.0.0/0"}}}}},
		{name: "security group open to 0.0.0.0/0", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []string{"10.0.0.0/8", "0.0.0.0/0"}}}}, want: 1, wantText: "tcp 443-443"},
		{name: "security group open to ::/0", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"protocol": "-1", "ipv6CidrBlocks": []string{"::/0"}}}}, want: 1, wantText: "::/0"},
		{name: "security group open in two rules", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"cidrBlocks": []string{"0.0.0.0/0"}}, obj{"cidrBlocks": arr{secret("0.0.0.0/0")}}}}, want: 2},
		{name: "security group with unknown cidr", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"cidrBlocks": arr{unknownValue}}, unknownValue}}},
		{name: "security group with unknown ingress", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": unknownValue}},
		{name: "ingress security group rule open to the world", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroupRule, props: obj{"type": "ingress", "protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": []string{"0.0.0.0/0"}}, want: 1, wantText: "sourceSecurityGroupId"},
		{name: "egress security group rule to the world", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroupRule, props: obj{"type": "egress", "cidrBlocks": []string{"0.0.0.0/0"}}},
		{name: "security group rule with unknown type", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroupRule, props: obj{"type": unknownValue, "cidrBlocks": []string{"0.0.0.0/0"}}},
		{name: "vpc ingress rule from 0.0.0.0/0", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}, want: 1, wantText: "cidrIpv4"},
		{name: "vpc ingress rule from ::/0", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"ipProtocol": "-1", "cidrIpv6": "::/0"}, want: 1, wantText: "all traffic"},
		{name: "vpc ingress rule from a security group", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"ipProtocol": "tcp", "referencedSecurityGroupId": "sg-1"}},
		{name: "vpc ingress rule from a private range", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"cidrIpv4": "10.0.0.0/8"}},
		{name: "vpc ingress rule with unknown cidr", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"cidrIpv4": unknownValue}},

		// ecs-task-awsvpc
		{name: "awsvpc task", rule: "ecs-task-awsvpc", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "task without networkMode is bridge", rule: "ecs-task-awsvpc", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"networkMode": nil}), want: 1, wantText: `"bridge"`},
		{name: "host mode task", rule: "ecs-task-awsvpc", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"networkMode": "host"}), want: 1},
		{name: "task with unknown networkMode", rule: "ecs-task-awsvpc", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"networkMode": unknownValue})},

		// ecs-task-fargate
		{name: "FARGATE task", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "EC2-only task", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"requiresCompatibilities": []string{"EC2"}}), want: 1, wantText: `["FARGATE"]`},
		{name: "task without requiresCompatibilities", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"requiresCompatibilities": nil}), want: 1},
		{name: "task with unknown compatibility entry", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"requiresCompatibilities": arr{"EC2", unknownValue}})},
		{name: "task with unknown requiresCompatibilities", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"requiresCompatibilities": unknownValue})},

		// ecs-task-fargate-size
		{name: "256 CPU with 512 MiB", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "vCPU and GB spellings", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": "1 vCPU", "memory": "2 GB"})},
		{name: "secret sizes", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": secret("1024"), "memory": secret("8192")})},
		{name: "256 CPU with 4096 MiB", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"memory": "4096"}), want: 1, wantText: "512, 1024 or 2048"},
		{name: "CPU that is not a Fargate size", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": "300"}), want: 1, wantText: "not a Fargate size"},
		{name: "CPU that is not a number", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": "lots"}), want: 1, wantText: "not a number"},
		{name: "task without cpu", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": nil}), want: 1, wantText: "no task-level cpu"},
		{name: "task without cpu and memory", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": nil, "memory": nil}), want: 2},
		{name: "task with unknown cpu", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": unknownValue, "memory": "99999"})},

		// ecs-container-logging
		{name: "every container logs", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "a container without logConfiguration", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": containerJSON(loggedContainer, unloggedContainer)}), want: 1, wantText: `container "sidecar"`},
		{name: "secret container definitions without logging", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": secret(containerJSON(unloggedContainer, `{"image":"x"}`))}), want: 2, wantText: "logConfiguration"},
		{name: "container definitions that are not JSON", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": "{not json"}), want: 1, wantText: "not a JSON array"},
		{name: "container definitions that are not a string", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": 3}), want: 1, wantText: "not a JSON string"},
		{name: "unknown container definitions", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": unknownValue})},
		{name: "secret unknown container definitions", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": unknownValue.WithSecret(true)})},

		// ecs-container-not-privileged
		{name: "unprivileged containers", rule: "ecs-container-not-privileged", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "privileged container", rule: "ecs-container-not-privileged", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": containerJSON(loggedContainer, privilegedContainer)}), want: 1, wantText: `container "root"`},
		{name: "privileged container in secret definitions", rule: "ecs-container-not-privileged", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": secret(containerJSON(privilegedContainer))}), want: 1},
		{name: "unknown definitions are not privileged yet", rule: "ecs-container-not-privileged", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": unknownValue})},

		// ecs-service-network-configuration
		{name: "service with networkConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"subnets": []string{"subnet-1"}}}},
		{name: "service without networkConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.EcsService, props: obj{"cluster": "c"}, want: 1, wantText: "set networkConfiguration"},
		{name: "service with unknown networkConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.EcsService, props: obj{"networkConfiguration": unknownValue}},

		// listener-http-redirects-to-https
		{name: "HTTP listener redirecting to HTTPS", rule: "listener-http-redirects-to-https", typ: awstypes.LbListener, props: obj{"protocol": "HTTP", "defaultActions": redirectToHTTPS}},
		{name: "HTTP listener forwarding", rule: "listener-http-redirects-to-https", typ: awstypes.LbListener, props: obj{"protocol": "HTTP", "defaultActions": forward}, want: 1, wantText: "redirect.protocol HTTPS"},
		{name: "listener without protocol is HTTP", rule: "listener-http-redirects-to-https", typ: awstypes.AlbListener, props: obj{"defaultActions": forward}, want: 1},
		{name: "HTTP redirect that keeps the protocol", rule: "listener-http-redirects-to-https", typ: awstypes.LbListener, props: obj{"protocol": "HTTP", "defaultActions": arr{obj{"type": "redirect", "redirect": obj{"port": "8080"}}}}, want: 1},
		{name: "HTTPS listener forwarding", rule: "listener-http-redirects-to-https", typ: awstypes.LbListener, props: obj{"protocol": "HTTPS", "defaultActions": forward}},
		{name: "TCP listener forwarding", rule: "listener-http-redirects-to-https", typ: awstypes.LbListener, props: obj{"protocol": "TCP", "defaultActions": forward}},
		{name: "listener with unknown protocol", rule: "listener-http-redirects-to-https", typ: awstypes.LbListener, props: obj{"protocol": unknownValue, "defaultActions": forward}},
		{name: "HTTP listener with unknown actions", rule: "listener-http-redirects-to-https", typ: awstypes.LbListener, props: obj{"protocol": "HTTP", "defaultActions": unknownValue}},

		// listener-tls-policy
		{name: "HTTPS listener with a TLS 1.3 policy", rule: "listener-tls-policy", typ: awstypes.LbListener, props: obj{"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"}},
		{name: "TLS listener with a TLS 1.3-only policy", rule: "listener-tls-policy", typ: awstypes.LbListener, props: obj{"protocol": "TLS", "sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06"}},
		{name: "HTTPS listener without sslPolicy", rule: "listener-tls-policy", typ: awstypes.LbListener, props: obj{"protocol": "HTTPS"}, want: 1, wantText: "ELBSecurityPolicy-2016-08"},
		{name: "HTTPS listener with an old policy", rule: "listener-tls-policy", typ: awstypes.AlbListener, props: obj{"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-2016-08"}, want: 1, wantText: "set sslPolicy"},
		{name: "TLS listener with a TLS 1.0 policy", rule: "listener-tls-policy", typ: awstypes.LbListener, props: obj{"protocol": "TLS", "sslPolicy": "ELBSecurityPolicy-TLS13-1-0-2021-06"}, want: 1},
		{name: "HTTPS listener with a policy allowed by config", rule: "listener-tls-policy", typ: awstypes.LbListener, props: obj{"protocol": "HTTPS", "sslPolicy": "Custom-Policy"}, cfg: func(c *Config) { c.AllowedSSLPolicies = []string{"Custom-Policy"} }},
		{name: "TCP listener passes TLS through", rule: "listener-tls-policy", typ: awstypes.LbListener, props: obj{"protocol": "TCP"}},
		{name: "HTTP listener has no TLS", rule: "listener-tls-policy", typ: awstypes.LbListener, props: obj{"protocol": "HTTP"}},
		{name: "HTTPS listener with unknown sslPolicy", rule: "listener-tls-policy", typ: awstypes.LbListener, props: obj{"protocol": "HTTPS", "sslPolicy": unknownValue}},

		// vpc-endpoint-private-dns
		{name: "interface endpoint with private DNS", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"vpcEndpointType": "Interface", "privateDnsEnabled": true}},
		{name: "interface endpoint without private DNS", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"vpcEndpointType": "Interface", "serviceName": "com.amazonaws.eu-west-1.ecr.api"}, want: 1, wantText: "privateDnsEnabled: true"},
		{name: "interface endpoint with private DNS off", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"vpcEndpointType": "Interface", "privateDnsEnabled": false}, want: 1},
		{name: "endpoint without type is a gateway", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"serviceName": "com.amazonaws.eu-west-1.s3"}},
		{name: "interface endpoint with unknown private DNS", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"vpcEndpointType": "Interface", "privateDnsEnabled": unknownValue}},

		// load-balancer-access-logs
		{name: "load balancer with access logs", rule: "load-balancer-access-logs", typ: awstypes.LbLoadBalancer, props: obj{"accessLogs": obj{"bucket": "logs", "enabled": true}}},
		{name: "load balancer without access logs", rule: "load-balancer-access-logs", typ: awstypes.LbLoadBalancer, props: obj{}, want: 1, wantText: "enabled: true"},
		{name: "access logs with a bucket but enabled unset", rule: "load-balancer-access-logs", typ: awstypes.AlbLoadBalancer, props: obj{"accessLogs": obj{"bucket": "logs"}}, want: 1},
		{name: "load balancer with unknown access logs", rule: "load-balancer-access-logs", typ: awstypes.LbLoadBalancer, props: obj{"accessLogs": unknownValue}},

		// load-balancer-deletion-protection
		{name: "load balancer with deletion protection", rule: "load-balancer-deletion-protection", typ: awstypes.LbLoadBalancer, props: obj{"enableDeletionProtection": true}},
		{name: "load balancer without deletion protection", rule: "load-balancer-deletion-protection", typ: awstypes.LbLoadBalancer, props: obj{}, want: 1, wantText: "enableDeletionProtection: true"},
		{name: "load balancer with unknown deletion protection", rule: "load-balancer-deletion-protection", typ: awstypes.LbLoadBalancer, props: obj{"enableDeletionProtection": unknownValue}},

		// ecs-cluster-container-insights
		{name: "cluster with Container Insights", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{"settings": arr{obj{"name": "containerInsights", "value": "enabled"}}}},
		{name: "cluster with enhanced Container Insights", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{"settings": arr{obj{"name": "containerInsights", "value": "enhanced"}}}},
		{name: "cluster without settings", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{}, want: 1, wantText: "containerInsights"},
		{name: "cluster with Container Insights disabled", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{"settings": arr{obj{"name": "containerInsights", "value": "disabled"}}}, want: 1},
		{name: "cluster with unknown setting value", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{"settings": arr{obj{"name": "containerInsights", "value": unknownValue}}}},

		// ecs-container-readonly-root
		{name: "read-only root container", rule: "ecs-container-readonly-root", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "container without readonlyRootFilesystem", rule: "ecs-container-readonly-root", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": containerJSON(loggedContainer, unloggedContainer, writableContainer)}), want: 2, wantText: "readonlyRootFilesystem: true"},
		{name: "unknown definitions are not checked yet", rule: "ecs-container-readonly-root", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": unknownValue})},

		// log-group-retention
		{name: "log group with retention", rule: "log-group-retention", typ: awstypes.CloudwatchLogGroup, props: obj{"retentionInDays": 30}},
		{name: "log group without retention", rule: "log-group-retention", typ: awstypes.CloudwatchLogGroup, props: obj{"name": "/ecs/app"}, want: 1, wantText: "retentionInDays"},
		{name: "log group with retention 0", rule: "log-group-retention", typ: awstypes.CloudwatchLogGroup, props: obj{"retentionInDays": 0}, want: 1},
		{name: "log group with unknown retention", rule: "log-group-retention", typ: awstypes.CloudwatchLogGroup, props: obj{"retentionInDays": unknownValue}},

		// aws-native, default resources, task sets and legacy tokens: no way around the guarantees.
		{name: "default subnet without mapPublicIpOnLaunch keeps the default VPC's public IPs", rule: "subnet-no-public-ip", typ: awstypes.Ec2DefaultSubnet, props: obj{"availabilityZone": "eu-west-1a"}, want: 1, wantText: "default subnet"},
		{name: "default subnet with mapPublicIpOnLaunch false", rule: "subnet-no-public-ip", typ: awstypes.Ec2DefaultSubnet, props: obj{"availabilityZone": "eu-west-1a", "mapPublicIpOnLaunch": false}},
		{name: "default subnet with unknown mapPublicIpOnLaunch", rule: "subnet-no-public-ip", typ: awstypes.Ec2DefaultSubnet, props: obj{"mapPublicIpOnLaunch": unknownValue}},
		{name: "aws-native subnet mapping public IPs", rule: "subnet-no-public-ip", typ: awstypes.NativeEc2Subnet, props: obj{"mapPublicIpOnLaunch": true}, want: 1},
		{name: "aws-native subnet without mapPublicIpOnLaunch", rule: "subnet-no-public-ip", typ: awstypes.NativeEc2Subnet, props: obj{"cidrBlock": "10.0.1.0/24"}},
		{name: "task set with assignPublicIp true", rule: "ecs-service-no-public-ip", typ: awstypes.EcsTaskSet, props: obj{"networkConfiguration": obj{"assignPublicIp": true, "subnets": []string{"s"}}}, want: 1, wantText: "ECS task set"},
		{name: "task set without assignPublicIp", rule: "ecs-service-no-public-ip", typ: awstypes.EcsTaskSet, props: obj{"networkConfiguration": obj{"subnets": []string{"s"}}}},
		{name: "aws-native service with assignPublicIp ENABLED", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": obj{"assignPublicIp": "ENABLED"}}}, want: 1, wantText: "networkConfiguration.awsvpcConfiguration.assignPublicIp"},
		{name: "aws-native service with secret assignPublicIp ENABLED", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": obj{"assignPublicIp": secret("ENABLED")}}}, want: 1},
		{name: "aws-native service with assignPublicIp DISABLED", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": obj{"assignPublicIp": "DISABLED"}}}},
		{name: "aws-native service with unknown awsvpcConfiguration", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": unknownValue}}},
		{name: "aws-native task set with assignPublicIp ENABLED under awsVpcConfiguration", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsTaskSet, props: obj{"networkConfiguration": obj{"awsVpcConfiguration": obj{"assignPublicIp": "ENABLED"}}}, want: 1, wantText: "awsVpcConfiguration"},
		{name: "aws-native task set ignores the service spelling", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsTaskSet, props: obj{"networkConfiguration": obj{"awsVpcConfiguration": obj{"assignPublicIp": "DISABLED"}}}},
		{name: "aws-native service without awsvpcConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{}}, want: 1},
		{name: "aws-native service with awsvpcConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": obj{"subnets": []string{"s"}}}}},
		{name: "aws-native instance with a public interface", rule: "instance-no-public-ip", typ: awstypes.NativeEc2Instance, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": true, "deviceIndex": "0"}}}, want: 1, wantText: "interface #1"},
		{name: "aws-native instance with a private interface", rule: "instance-no-public-ip", typ: awstypes.NativeEc2Instance, props: obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": false}}}},
		{name: "aws-native instance with unknown interfaces", rule: "instance-no-public-ip", typ: awstypes.NativeEc2Instance, props: obj{"networkInterfaces": unknownValue}},
		{name: "aws-native launch template with a public interface", rule: "launch-template-no-public-ip", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": obj{"networkInterfaces": arr{obj{"associatePublicIpAddress": true}}}}, want: 1},
		{name: "aws-native launch template without interfaces", rule: "launch-template-no-public-ip", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": obj{"imageId": "ami-1"}}},
		{name: "aws-native launch template with unknown data", rule: "launch-template-no-public-ip", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": unknownValue}},
		{name: "aws-native EIP attached to an instance", rule: "eip-not-attached", typ: awstypes.NativeEc2Eip, props: obj{"domain": "vpc", "instanceId": "i-1"}, want: 1, wantText: "instanceId"},
		{name: "aws-native EIP for a NAT gateway", rule: "eip-not-attached", typ: awstypes.NativeEc2Eip, props: obj{"domain": "vpc"}},
		{name: "aws-native EIP association to an interface", rule: "eip-not-attached", typ: awstypes.NativeEc2EipAssociation, props: obj{"allocationId": "eipalloc-1", "networkInterfaceId": "eni-1"}, want: 1},
		{name: "aws-native EIP association with unknown target", rule: "eip-not-attached", typ: awstypes.NativeEc2EipAssociation, props: obj{"networkInterfaceId": unknownValue}},
		{name: "default security group open to the world", rule: "security-group-no-public-ingress", typ: awstypes.Ec2DefaultSecurityGroup, props: obj{"ingress": arr{obj{"protocol": "-1", "cidrBlocks": []string{"0.0.0.0/0"}}}}, want: 1},
		{name: "locked-down default security group", rule: "security-group-no-public-ingress", typ: awstypes.Ec2DefaultSecurityGroup, props: obj{"vpcId": "vpc-1"}},
		{name: "aws-native security group open to the world", rule: "security-group-no-public-ingress", typ: awstypes.NativeEc2SecurityGroup, props: obj{"securityGroupIngress": arr{obj{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIp": "0.0.0.0/0"}}}, want: 1, wantText: "securityGroupIngress rule #1"},
		{name: "aws-native security group from a private range", rule: "security-group-no-public-ingress", typ: awstypes.NativeEc2SecurityGroup, props: obj{"securityGroupIngress": arr{obj{"ipProtocol": "tcp", "cidrIp": "10.0.0.0/8"}, unknownValue}}},
		{name: "aws-native ingress from ::/0", rule: "security-group-no-public-ingress", typ: awstypes.NativeEc2SecurityGroupIngress, props: obj{"ipProtocol": "-1", "cidrIpv6": "::/0"}, want: 1, wantText: "cidrIpv6"},
		{name: "aws-native ingress with unknown cidr", rule: "security-group-no-public-ingress", typ: awstypes.NativeEc2SecurityGroupIngress, props: obj{"ipProtocol": "tcp", "cidrIp": unknownValue}},
		{name: "Gateway Load Balancer has no internet-facing scheme", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"loadBalancerType": "gateway"}},
		{name: "aws-native Gateway Load Balancer", rule: "load-balancer-internal", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"type": "gateway"}},
		{name: "load balancer with unknown type and no internal", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"loadBalancerType": unknownValue}},
		{name: "network load balancer without internal", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"loadBalancerType": "network"}, want: 1},
		{name: "legacy elasticloadbalancingv2 token", rule: "load-balancer-internal", typ: awstypes.Elasticloadbalancingv2LoadBalancer, props: obj{}, want: 1},
		{name: "legacy applicationloadbalancing token", rule: "load-balancer-internal", typ: awstypes.ApplicationloadbalancingLoadBalancer, props: obj{"internal": false}, want: 1},
		{name: "legacy elasticloadbalancing classic token", rule: "load-balancer-internal", typ: awstypes.ElasticloadbalancingLoadBalancer, props: obj{}, want: 1},
		{name: "aws-native load balancer without scheme", rule: "load-balancer-internal", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"type": "application"}, want: 1, wantText: "scheme: internal"},
		{name: "aws-native internal load balancer", rule: "load-balancer-internal", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"scheme": "internal"}},
		{name: "aws-native classic load balancer internet-facing", rule: "load-balancer-internal", typ: awstypes.NativeElasticloadbalancingLoadBalancer, props: obj{"scheme": "internet-facing"}, want: 1},
		{name: "aws-native load balancer with unknown scheme", rule: "load-balancer-internal", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"scheme": unknownValue}},
		{name: "legacy token target group of instances", rule: "target-group-target-type", typ: awstypes.Elasticloadbalancingv2TargetGroup, props: obj{}, want: 1},
		{name: "aws-native target group of instances", rule: "target-group-target-type", typ: awstypes.NativeElasticloadbalancingv2TargetGroup, props: obj{"targetType": "instance"}, want: 1},
		{name: "aws-native ip target group", rule: "target-group-target-type", typ: awstypes.NativeElasticloadbalancingv2TargetGroup, props: obj{"targetType": "ip"}},
		{name: "legacy token HTTP listener forwarding", rule: "listener-http-redirects-to-https", typ: awstypes.ApplicationloadbalancingListener, props: obj{"protocol": "HTTP", "defaultActions": forward}, want: 1},
		{name: "aws-native HTTP listener redirecting through redirectConfig", rule: "listener-http-redirects-to-https", typ: awstypes.NativeElasticloadbalancingv2Listener, props: obj{"protocol": "HTTP", "defaultActions": arr{obj{"type": "redirect", "redirectConfig": obj{"protocol": "HTTPS"}}}}},
		{name: "aws-native HTTP listener forwarding", rule: "listener-http-redirects-to-https", typ: awstypes.NativeElasticloadbalancingv2Listener, props: obj{"protocol": "HTTP", "defaultActions": arr{obj{"type": "forward", "targetGroupArn": "arn:tg"}}}, want: 1},
		{name: "legacy token HTTPS listener with an old policy", rule: "listener-tls-policy", typ: awstypes.Elasticloadbalancingv2Listener, props: obj{"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-2016-08"}, want: 1},
		{name: "aws-native HTTPS listener without sslPolicy", rule: "listener-tls-policy", typ: awstypes.NativeElasticloadbalancingv2Listener, props: obj{"protocol": "HTTPS"}, want: 1},
		{name: "aws-native interface endpoint without private DNS", rule: "vpc-endpoint-private-dns", typ: awstypes.NativeEc2VpcEndpoint, props: obj{"vpcEndpointType": "Interface"}, want: 1},
		{name: "aws-native NAT gateway when NAT is forbidden", rule: "nat-gateway-allowed", typ: awstypes.NativeEc2NatGateway, props: obj{"subnetId": "subnet-1"}, cfg: noNat, want: 1},
		{name: "aws-native load balancer with access logs attribute", rule: "load-balancer-access-logs", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": arr{obj{"key": "access_logs.s3.enabled", "value": "true"}}}},
		{name: "aws-native load balancer without attributes ships no logs", rule: "load-balancer-access-logs", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{}, want: 1, wantText: "access_logs.s3.enabled"},
		{name: "aws-native load balancer with unknown attributes", rule: "load-balancer-access-logs", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": unknownValue}},
		{name: "aws-native load balancer with deletion protection off", rule: "load-balancer-deletion-protection", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": arr{obj{"key": "deletion_protection.enabled", "value": "false"}}}, want: 1},
		{name: "aws-native load balancer with deletion protection", rule: "load-balancer-deletion-protection", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": arr{obj{"key": "deletion_protection.enabled", "value": secret("true")}}}},
		{name: "aws-native task definition with container objects that log", rule: "ecs-container-logging", typ: awstypes.NativeEcsTaskDefinition, props: obj{"containerDefinitions": arr{obj{"name": "app", "image": "nginx", "logConfiguration": obj{"logDriver": "awslogs"}}}}},
		{name: "aws-native privileged container object", rule: "ecs-container-not-privileged", typ: awstypes.NativeEcsTaskDefinition, props: obj{"containerDefinitions": arr{obj{"name": "root", "image": "busybox", "privileged": secret(true)}}}, want: 1, wantText: `container "root"`},
		{name: "aws-native container object with a writable root", rule: "ecs-container-readonly-root", typ: awstypes.NativeEcsTaskDefinition, props: obj{"containerDefinitions": arr{obj{"name": "app", "image": "nginx", "readonlyRootFilesystem": false}}}, want: 1},
		{name: "aws-native container object with an unknown field", rule: "ecs-container-readonly-root", typ: awstypes.NativeEcsTaskDefinition, props: obj{"containerDefinitions": arr{obj{"name": "app", "readonlyRootFilesystem": unknownValue}}}},
		{name: "aws-native bridge task definition", rule: "ecs-task-awsvpc", typ: awstypes.NativeEcsTaskDefinition, props: obj{"networkMode": "bridge"}, want: 1},
		{name: "classic load balancer without access logs", rule: "load-balancer-access-logs", typ: awstypes.ElbLoadBalancer, props: obj{}, want: 1},
		{name: "classic load balancer with an access logs block", rule: "load-balancer-access-logs", typ: awstypes.ElbLoadBalancer, props: obj{"accessLogs": obj{"bucket": "logs"}}},
		{name: "aws-native classic load balancer with logging disabled", rule: "load-balancer-access-logs", typ: awstypes.NativeElasticloadbalancingLoadBalancer, props: obj{"accessLoggingPolicy": obj{"enabled": false, "s3BucketName": "logs"}}, want: 1, wantText: "accessLoggingPolicy"},
	}
}

func TestResourceRules(t *testing.T) {
	byName := map[string]ResourceRule{}
	for _, r := range Rules() {
		byName[r.Name] = r
	}
	for _, tc := range resourceRuleCases() {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			rule, ok := byName[tc.rule]
			require.True(t, ok, "no rule named %q", tc.rule)
			require.True(t, rule.Applies(tc.typ), "rule %s does not apply to %s", tc.rule, tc.typ)
			cfg := DefaultConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			resource := res(tc.typ, "fixture-"+strings.ReplaceAll(tc.rule, "-", ""), tc.props)

			messages := rule.Check(resource, cfg)

			assert.Len(t, messages, tc.want, "messages: %v", messages)
			for _, message := range messages {
				assert.Contains(t, message, `"`+resource.Name+`"`, "message must name the resource")
				assert.Contains(t, message, tc.wantText)
			}
		})
	}
}

// TestEveryResourceRuleHasCompliantAndViolatingFixtures keeps the table honest: a rule without a violating fixture
// could be a no-op, and one without a compliant fixture could flag everything.
func TestEveryResourceRuleHasCompliantAndViolatingFixtures(t *testing.T) {
	compliant, violating, unknownCovered := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, tc := range resourceRuleCases() {
		if tc.want == 0 {
			compliant[tc.rule] = true
		} else {
			violating[tc.rule] = true
		}
		if strings.Contains(tc.name, "unknown") {
			unknownCovered[tc.rule] = true
		}
	}
	for _, rule := range Rules() {
		assert.True(t, compliant[rule.Name], "rule %s has no compliant fixture", rule.Name)
		assert.True(t, violating[rule.Name], "rule %s has no violating fixture", rule.Name)
		assert.True(t, unknownCovered[rule.Name], "rule %s has no fixture with an unknown value", rule.Name)
	}
}

// TestRulesIgnoreOtherResourceTypes checks that Evaluate only hands a rule the types it declares: a subnet that
// would break every other rule's property checks is judged by the subnet rule alone.
func TestRulesIgnoreOtherResourceTypes(t *testing.T) {
	subnet := res(awstypes.Ec2Subnet, "plain-subnet", obj{"mapPublicIpOnLaunch": false, "internal": false, "targetType": "instance"})

	violations := Evaluate([]Resource{subnet}, DefaultConfig())

	assert.Empty(t, violations)
}

func TestParseTaskSizes(t *testing.T) {
	cases := []struct {
		text    string
		cpu     bool
		want    int
		wantErr bool
	}{
		{text: "256", cpu: true, want: 256},
		{text: "0.25 vCPU", cpu: true, want: 256},
		{text: "2vcpu", cpu: true, want: 2048},
		{text: "512", want: 512},
		{text: "0.5 GB", want: 512},
		{text: "30GB", want: 30720},
		{text: "", cpu: true, wantErr: true},
		{text: "-1", wantErr: true},
		{text: "0.1 vCPU", cpu: true, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			parse := parseTaskMemory
			if tc.cpu {
				parse = parseTaskCPU
			}
			got, err := parse(tc.text)
			if tc.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
