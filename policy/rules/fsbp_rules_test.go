package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

const (
	adminPolicy        = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	scopedPolicy       = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}}`
	serviceWildcard    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","s3:*"],"Resource":"*"}]}`
	publicBucketPolicy = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	conditionalPublic  = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}`
	rootContainer      = `{"name":"app","image":"nginx","user":"root","readonlyRootFilesystem":true,"logConfiguration":{"logDriver":"awslogs"}}`
	userContainer      = `{"name":"app","image":"nginx","user":"1000:1000","readonlyRootFilesystem":true,"logConfiguration":{"logDriver":"awslogs"}}`
	secretEnvContainer = `{"name":"app","image":"nginx","user":"1000","environment":[{"name":"AWS_SECRET_ACCESS_KEY","value":"x"},{"name":"LOG_LEVEL","value":"info"}],"logConfiguration":{"logDriver":"awslogs"}}`
)

// fsbpRuleCases are the fixtures of the FSBP resource rules; resourceRuleCases includes them.
func fsbpRuleCases() []ruleCase {
	return []ruleCase{
		// instance-imdsv2 (EC2.8, EC2.170)
		{name: "instance requiring IMDSv2", rule: "instance-imdsv2", typ: awstypes.Ec2Instance, props: obj{"metadataOptions": obj{"httpTokens": "required"}}},
		{name: "instance without metadataOptions is left to the AMI and account defaults", rule: "instance-imdsv2", typ: awstypes.Ec2Instance, props: obj{"ami": "ami-1"}},
		{name: "instance with optional tokens allows IMDSv1", rule: "instance-imdsv2", typ: awstypes.Ec2Instance, props: obj{"metadataOptions": obj{"httpTokens": "optional"}}, want: 1, wantText: "httpTokens: required"},
		{name: "launch template with optional tokens", rule: "instance-imdsv2", typ: awstypes.Ec2LaunchTemplate, props: obj{"metadataOptions": obj{"httpTokens": secret("optional")}}, want: 1, wantText: "launch template"},
		{name: "aws-native launch template requiring IMDSv2", rule: "instance-imdsv2", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": obj{"metadataOptions": obj{"httpTokens": "required"}}}},
		{name: "aws-native launch template with optional tokens", rule: "instance-imdsv2", typ: awstypes.NativeEc2LaunchTemplate, props: obj{"launchTemplateData": obj{"metadataOptions": obj{"httpTokens": "optional"}}}, want: 1},
		{name: "instance with unknown httpTokens", rule: "instance-imdsv2", typ: awstypes.Ec2Instance, props: obj{"metadataOptions": obj{"httpTokens": unknownValue}}},

		// transit-gateway-no-auto-accept (EC2.23)
		{name: "transit gateway with the default", rule: "transit-gateway-no-auto-accept", typ: awstypes.Ec2transitgatewayTransitGateway, props: obj{"description": "hub"}},
		{name: "transit gateway accepting attachments automatically", rule: "transit-gateway-no-auto-accept", typ: awstypes.Ec2transitgatewayTransitGateway, props: obj{"autoAcceptSharedAttachments": "enable"}, want: 1, wantText: "autoAcceptSharedAttachments: disable"},
		{name: "transit gateway with unknown auto-accept", rule: "transit-gateway-no-auto-accept", typ: awstypes.Ec2transitgatewayTransitGateway, props: obj{"autoAcceptSharedAttachments": unknownValue}},

		// ebs-encrypted (EC2.3)
		{name: "encrypted volume", rule: "ebs-encrypted", typ: awstypes.EbsVolume, props: obj{"encrypted": true, "size": 20}},
		{name: "volume without encrypted follows the account default", rule: "ebs-encrypted", typ: awstypes.EbsVolume, props: obj{"size": 20}},
		{name: "volume with encryption off", rule: "ebs-encrypted", typ: awstypes.EbsVolume, props: obj{"size": 20, "encrypted": false}, want: 1, wantText: "encrypted: true"},
		{name: "instance with unencrypted root and data volumes", rule: "ebs-encrypted", typ: awstypes.Ec2Instance, props: obj{"rootBlockDevice": obj{"encrypted": false}, "ebsBlockDevices": arr{obj{"encrypted": true}, obj{"encrypted": false}}}, want: 2},
		{name: "instance without block device settings follows the account default", rule: "ebs-encrypted", typ: awstypes.Ec2Instance, props: obj{"ami": "ami-1"}},
		{name: "instance with an encrypted root volume", rule: "ebs-encrypted", typ: awstypes.Ec2Instance, props: obj{"rootBlockDevice": obj{"encrypted": secret(true)}}},
		{name: "volume with unknown encryption", rule: "ebs-encrypted", typ: awstypes.EbsVolume, props: obj{"encrypted": unknownValue}},

		// instance-single-eni (EC2.17)
		{name: "instance with one interface", rule: "instance-single-eni", typ: awstypes.Ec2Instance, props: obj{"networkInterfaces": arr{obj{"deviceIndex": 0}}}},
		{name: "instance with two interfaces", rule: "instance-single-eni", typ: awstypes.NativeEc2Instance, props: obj{"networkInterfaces": arr{obj{"deviceIndex": "0"}, obj{"deviceIndex": "1"}}}, want: 1, wantText: "2 network interfaces"},
		{name: "instance with unknown interfaces", rule: "instance-single-eni", typ: awstypes.Ec2Instance, props: obj{"networkInterfaces": unknownValue}},

		// client-vpn-connection-logging (EC2.51)
		{name: "Client VPN endpoint logging connections", rule: "client-vpn-connection-logging", typ: awstypes.Ec2clientvpnEndpoint, props: obj{"connectionLogOptions": obj{"enabled": true, "cloudwatchLogGroup": "vpn"}}},
		{name: "Client VPN endpoint without connection logs", rule: "client-vpn-connection-logging", typ: awstypes.Ec2clientvpnEndpoint, props: obj{"connectionLogOptions": obj{"enabled": false}}, want: 1, wantText: "connectionLogOptions.enabled: true"},
		{name: "Client VPN endpoint with unknown logging", rule: "client-vpn-connection-logging", typ: awstypes.Ec2clientvpnEndpoint, props: obj{"connectionLogOptions": unknownValue}},

		// network-acl-no-admin-ingress (EC2.21)
		{name: "NACL allowing HTTPS from anywhere", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACL, props: obj{"ingress": arr{obj{"action": "allow", "protocol": "tcp", "cidrBlock": "0.0.0.0/0", "fromPort": 443, "toPort": 443, "ruleNo": 100}}}},
		{name: "NACL allowing SSH from anywhere", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACL, props: obj{"ingress": arr{obj{"action": "allow", "protocol": "tcp", "cidrBlock": "0.0.0.0/0", "fromPort": 22, "toPort": 22}}}, want: 1, wantText: "port 22 or 3389"},
		{name: "default NACL allowing all traffic", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2DefaultNetworkACL, props: obj{"ingress": arr{obj{"action": "allow", "protocol": "-1", "cidrBlock": "0.0.0.0/0", "fromPort": 0, "toPort": 0}}}, want: 1},
		{name: "NACL rule allowing RDP from ::/0", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACLRule, props: obj{"ruleAction": "allow", "protocol": "6", "ipv6CidrBlock": "::/0", "fromPort": 3000, "toPort": 4000}, want: 1},
		{name: "NACL egress rule is not ingress", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACLRule, props: obj{"egress": true, "ruleAction": "allow", "protocol": "-1", "cidrBlock": "0.0.0.0/0"}},
		{name: "NACL rule denying SSH", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACLRule, props: obj{"ruleAction": "deny", "protocol": "tcp", "cidrBlock": "0.0.0.0/0", "fromPort": 22, "toPort": 22}},
		{name: "NACL rule with unknown egress", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACLRule, props: obj{"egress": unknownValue, "ruleAction": "allow", "protocol": "-1", "cidrBlock": "0.0.0.0/0"}},

		// ecs-task-no-host-pid (ECS.3)
		{name: "task without pidMode", rule: "ecs-task-no-host-pid", typ: awstypes.EcsTaskDefinition, props: obj{"networkMode": "awsvpc"}},
		{name: "task with pidMode task", rule: "ecs-task-no-host-pid", typ: awstypes.EcsTaskDefinition, props: obj{"pidMode": "task"}},
		{name: "task sharing the host PID namespace", rule: "ecs-task-no-host-pid", typ: awstypes.EcsTaskDefinition, props: obj{"pidMode": "host"}, want: 1, wantText: "pidMode: host"},
		{name: "aws-native task sharing the host PID namespace", rule: "ecs-task-no-host-pid", typ: awstypes.NativeEcsTaskDefinition, props: obj{"pidMode": secret("host")}, want: 1},
		{name: "task with unknown pidMode", rule: "ecs-task-no-host-pid", typ: awstypes.EcsTaskDefinition, props: obj{"pidMode": unknownValue}},

		// ecs-container-no-secret-environment (ECS.8)
		{name: "container without secrets in its environment", rule: "ecs-container-no-secret-environment", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(userContainer)}},
		{name: "container with an AWS secret key in its environment", rule: "ecs-container-no-secret-environment", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": secret(containerJSON(secretEnvContainer))}, want: 1, wantText: "AWS_SECRET_ACCESS_KEY"},
		{name: "unknown container definitions are checked later for secrets", rule: "ecs-container-no-secret-environment", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": unknownValue}},

		// ecs-fargate-platform-version (ECS.10)
		{name: "service without platformVersion runs LATEST", rule: "ecs-fargate-platform-version", typ: awstypes.EcsService, props: obj{"launchType": "FARGATE"}},
		{name: "service on platform 1.4.0", rule: "ecs-fargate-platform-version", typ: awstypes.EcsService, props: obj{"platformVersion": "1.4.0"}},
		{name: "service pinned to platform 1.3.0", rule: "ecs-fargate-platform-version", typ: awstypes.EcsService, props: obj{"platformVersion": "1.3.0"}, want: 1, wantText: "1.3.0"},
		{name: "aws-native task set pinned to platform 1.3.0", rule: "ecs-fargate-platform-version", typ: awstypes.NativeEcsTaskSet, props: obj{"platformVersion": "1.3.0"}, want: 1},
		{name: "service with unknown platformVersion", rule: "ecs-fargate-platform-version", typ: awstypes.EcsService, props: obj{"platformVersion": unknownValue}},

		// ecs-container-non-root (ECS.20)
		{name: "container running as uid 1000", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(userContainer)}},
		{name: "container without user", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(loggedContainer)}, want: 1, wantText: "sets no user, so it runs as its image's USER"},
		{name: "container running as root", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(rootContainer)}, want: 1, wantText: "runs as root"},
		{name: "container running as uid 00:1000", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(`{"name":"z","user":"00:1000"}`)}, want: 1, wantText: "runs as root"},
		{name: "Windows container as ContainerUser", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"runtimePlatform": obj{"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, "containerDefinitions": containerJSON(`{"name":"win","user":"ContainerUser"}`)}},
		{name: "Windows container without user runs as ContainerAdministrator", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"runtimePlatform": obj{"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, "containerDefinitions": containerJSON(loggedContainer)}, want: 1, wantText: "ContainerAdministrator"},
		{name: "unknown operating system family", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"runtimePlatform": obj{"operatingSystemFamily": unknownValue}, "containerDefinitions": containerJSON(loggedContainer)}},

		// ecs-efs-transit-encryption (ECS.18)
		{name: "EFS volume with transit encryption", rule: "ecs-efs-transit-encryption", typ: awstypes.EcsTaskDefinition, props: obj{"volumes": arr{obj{"name": "data", "efsVolumeConfiguration": obj{"fileSystemId": "fs-1", "transitEncryption": "ENABLED"}}}}},
		{name: "bind-mount volume", rule: "ecs-efs-transit-encryption", typ: awstypes.EcsTaskDefinition, props: obj{"volumes": arr{obj{"name": "tmp"}}}},
		{name: "EFS volume without transit encryption", rule: "ecs-efs-transit-encryption", typ: awstypes.EcsTaskDefinition, props: obj{"volumes": arr{obj{"name": "data", "efsVolumeConfiguration": obj{"fileSystemId": "fs-1"}}}}, want: 1, wantText: "transitEncryption: ENABLED"},
		{name: "EFS volume with unknown transit encryption", rule: "ecs-efs-transit-encryption", typ: awstypes.EcsTaskDefinition, props: obj{"volumes": arr{obj{"efsVolumeConfiguration": obj{"transitEncryption": unknownValue}}}}},

		// ecs-capacity-provider-termination-protection (ECS.19)
		{name: "capacity provider with termination protection", rule: "ecs-capacity-provider-termination-protection", typ: awstypes.EcsCapacityProvider, props: obj{"autoScalingGroupProvider": obj{"autoScalingGroupArn": "arn", "managedTerminationProtection": "ENABLED"}}},
		{name: "capacity provider without termination protection", rule: "ecs-capacity-provider-termination-protection", typ: awstypes.EcsCapacityProvider, props: obj{"autoScalingGroupProvider": obj{"autoScalingGroupArn": "arn"}}, want: 1},
		{name: "capacity provider with unknown protection", rule: "ecs-capacity-provider-termination-protection", typ: awstypes.EcsCapacityProvider, props: obj{"autoScalingGroupProvider": obj{"managedTerminationProtection": unknownValue}}},

		// load-balancer-drop-invalid-headers (ELB.4)
		{name: "ALB dropping invalid headers", rule: "load-balancer-drop-invalid-headers", typ: awstypes.LbLoadBalancer, props: obj{"dropInvalidHeaderFields": true}},
		{name: "NLB has no HTTP headers", rule: "load-balancer-drop-invalid-headers", typ: awstypes.LbLoadBalancer, props: obj{"loadBalancerType": "network"}},
		{name: "ALB forwarding invalid headers", rule: "load-balancer-drop-invalid-headers", typ: awstypes.AlbLoadBalancer, props: obj{}, want: 1, wantText: "dropInvalidHeaderFields: true"},
		{name: "aws-native ALB without the attribute", rule: "load-balancer-drop-invalid-headers", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"type": "application"}, want: 1},
		{name: "aws-native ALB with the attribute", rule: "load-balancer-drop-invalid-headers", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": arr{obj{"key": "routing.http.drop_invalid_header_fields.enabled", "value": "true"}}}},
		{name: "ALB with unknown dropInvalidHeaderFields", rule: "load-balancer-drop-invalid-headers", typ: awstypes.LbLoadBalancer, props: obj{"dropInvalidHeaderFields": unknownValue}},

		// load-balancer-desync-mitigation (ELB.12, ELB.14)
		{name: "ALB with the default desync mode", rule: "load-balancer-desync-mitigation", typ: awstypes.LbLoadBalancer, props: obj{}},
		{name: "ALB in strictest desync mode", rule: "load-balancer-desync-mitigation", typ: awstypes.LbLoadBalancer, props: obj{"desyncMitigationMode": "strictest"}},
		{name: "ALB in monitor desync mode", rule: "load-balancer-desync-mitigation", typ: awstypes.LbLoadBalancer, props: obj{"desyncMitigationMode": "monitor"}, want: 1, wantText: "defensive"},
		{name: "classic load balancer in monitor desync mode", rule: "load-balancer-desync-mitigation", typ: awstypes.ElbLoadBalancer, props: obj{"desyncMitigationMode": "monitor"}, want: 1},
		{name: "aws-native ALB in monitor desync mode", rule: "load-balancer-desync-mitigation", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": arr{obj{"key": "routing.http.desync_mitigation_mode", "value": "monitor"}}}, want: 1},
		{name: "ALB with unknown desync mode", rule: "load-balancer-desync-mitigation", typ: awstypes.LbLoadBalancer, props: obj{"desyncMitigationMode": unknownValue}},

		// load-balancer-multi-az (ELB.10, ELB.13)
		{name: "load balancer in two subnets", rule: "load-balancer-multi-az", typ: awstypes.LbLoadBalancer, props: obj{"subnets": arr{"subnet-a", unknownValue}}},
		{name: "load balancer in one subnet", rule: "load-balancer-multi-az", typ: awstypes.LbLoadBalancer, props: obj{"subnets": arr{"subnet-a"}}, want: 1, wantText: "at least two"},
		{name: "classic load balancer in one zone", rule: "load-balancer-multi-az", typ: awstypes.ElbLoadBalancer, props: obj{"availabilityZones": arr{"eu-west-1a"}}, want: 1},
		{name: "load balancer with unknown subnets", rule: "load-balancer-multi-az", typ: awstypes.LbLoadBalancer, props: obj{"subnets": unknownValue}},

		// listener-secure-protocol (ELB.18)
		{name: "HTTPS listener is secure", rule: "listener-secure-protocol", typ: awstypes.LbListener, props: obj{"protocol": "HTTPS"}},
		{name: "HTTP listener redirecting to HTTPS carries no data", rule: "listener-secure-protocol", typ: awstypes.LbListener, props: obj{"protocol": "HTTP", "defaultActions": arr{obj{"type": "redirect", "redirect": obj{"protocol": "HTTPS"}}}}},
		{name: "TCP listener", rule: "listener-secure-protocol", typ: awstypes.LbListener, props: obj{"protocol": "TCP"}, want: 1, wantText: "TCP"},
		{name: "HTTP listener forwarding", rule: "listener-secure-protocol", typ: awstypes.LbListener, props: obj{"defaultActions": arr{obj{"type": "forward"}}}, want: 1},
		{name: "listener with unknown protocol", rule: "listener-secure-protocol", typ: awstypes.LbListener, props: obj{"protocol": unknownValue}},

		// target-group-encrypted-protocols (ELB.21, ELB.22)
		{name: "HTTPS target group with HTTPS health checks", rule: "target-group-encrypted-protocols", typ: awstypes.LbTargetGroup, props: obj{"targetType": "ip", "protocol": "HTTPS"}},
		{name: "lambda target group", rule: "target-group-encrypted-protocols", typ: awstypes.LbTargetGroup, props: obj{"targetType": "lambda"}},
		{name: "HTTP target group", rule: "target-group-encrypted-protocols", typ: awstypes.LbTargetGroup, props: obj{"targetType": "ip", "protocol": "HTTP"}, want: 2, wantText: "HTTP"},
		{name: "HTTPS target group with HTTP health checks", rule: "target-group-encrypted-protocols", typ: awstypes.LbTargetGroup, props: obj{"protocol": "HTTPS", "healthCheck": obj{"protocol": "HTTP"}}, want: 1, wantText: "health-checks"},
		{name: "aws-native TLS target group with TCP health checks", rule: "target-group-encrypted-protocols", typ: awstypes.NativeElasticloadbalancingv2TargetGroup, props: obj{"protocol": "TLS", "healthCheckProtocol": "TCP"}, want: 1},
		{name: "target group with unknown protocol", rule: "target-group-encrypted-protocols", typ: awstypes.LbTargetGroup, props: obj{"protocol": unknownValue}},

		// classic-load-balancer-hardening (ELB.2, ELB.3, ELB.7, ELB.9)
		{name: "classic load balancer with ACM HTTPS, draining and cross-zone", rule: "classic-load-balancer-hardening", typ: awstypes.ElbLoadBalancer, props: obj{"connectionDraining": true, "listeners": arr{obj{"lbProtocol": "https", "sslCertificateId": "arn:aws:acm:eu-west-1:123456789012:certificate/x"}}}},
		{name: "classic load balancer in clear text without draining", rule: "classic-load-balancer-hardening", typ: awstypes.ElbLoadBalancer, props: obj{"crossZoneLoadBalancing": false, "listeners": arr{obj{"lbProtocol": "http"}, obj{"lbProtocol": "ssl", "sslCertificateId": "arn:aws:iam::123456789012:server-certificate/x"}}}, want: 4, wantText: "classic load balancer"},
		{name: "classic load balancer with unknown listeners", rule: "classic-load-balancer-hardening", typ: awstypes.ElbLoadBalancer, props: obj{"connectionDraining": true, "listeners": unknownValue}},

		// classic-load-balancer-ssl-policy (ELB.8)
		{name: "negotiation policy referencing the recommended policy", rule: "classic-load-balancer-ssl-policy", typ: awstypes.ElbLoadBalancerPolicy, props: obj{"policyTypeName": "SSLNegotiationPolicyType", "policyAttributes": arr{obj{"name": "Reference-Security-Policy", "value": "ELBSecurityPolicy-TLS-1-2-2017-01"}}}},
		{name: "other classic policy types are not SSL", rule: "classic-load-balancer-ssl-policy", typ: awstypes.ElbLoadBalancerPolicy, props: obj{"policyTypeName": "ProxyProtocolPolicyType"}},
		{name: "negotiation policy with custom protocols", rule: "classic-load-balancer-ssl-policy", typ: awstypes.ElbSslNegotiationPolicy, props: obj{"attributes": arr{obj{"name": "Protocol-TLSv1", "value": "true"}}}, want: 1, wantText: "Reference-Security-Policy"},
		{name: "negotiation policy with unknown attributes", rule: "classic-load-balancer-ssl-policy", typ: awstypes.ElbLoadBalancerPolicy, props: obj{"policyTypeName": "SSLNegotiationPolicyType", "policyAttributes": unknownValue}},

		// api-gateway-rest-stage-hardening (APIGateway.2, APIGateway.3)
		{name: "REST stage with client certificate and X-Ray", rule: "api-gateway-rest-stage-hardening", typ: awstypes.ApigatewayStage, props: obj{"clientCertificateId": "cert-1", "xrayTracingEnabled": true}},
		{name: "REST stage without either", rule: "api-gateway-rest-stage-hardening", typ: awstypes.ApigatewayStage, props: obj{"stageName": "prod"}, want: 2, wantText: "REST API stage"},
		{name: "REST stage with unknown settings", rule: "api-gateway-rest-stage-hardening", typ: awstypes.ApigatewayStage, props: obj{"clientCertificateId": unknownValue, "xrayTracingEnabled": unknownValue}},

		// api-gateway-cache-encrypted (APIGateway.5)
		{name: "cache off", rule: "api-gateway-cache-encrypted", typ: awstypes.ApigatewayMethodSettings, props: obj{"settings": obj{"loggingLevel": "ERROR"}}},
		{name: "encrypted cache", rule: "api-gateway-cache-encrypted", typ: awstypes.ApigatewayMethodSettings, props: obj{"settings": obj{"cachingEnabled": true, "cacheDataEncrypted": true}}},
		{name: "unencrypted cache", rule: "api-gateway-cache-encrypted", typ: awstypes.ApigatewayMethodSettings, props: obj{"settings": obj{"cachingEnabled": true}}, want: 1, wantText: "cacheDataEncrypted"},
		{name: "cache with unknown encryption", rule: "api-gateway-cache-encrypted", typ: awstypes.ApigatewayMethodSettings, props: obj{"settings": obj{"cachingEnabled": true, "cacheDataEncrypted": unknownValue}}},

		// api-gateway-route-authorization (APIGateway.8)
		{name: "IAM-authorized route", rule: "api-gateway-route-authorization", typ: awstypes.Apigatewayv2Route, props: obj{"routeKey": "ANY /{proxy+}", "authorizationType": "AWS_IAM"}},
		{name: "route without authorization", rule: "api-gateway-route-authorization", typ: awstypes.Apigatewayv2Route, props: obj{"routeKey": "ANY /{proxy+}"}, want: 1, wantText: "authorizationType"},
		{name: "aws-native route with NONE", rule: "api-gateway-route-authorization", typ: awstypes.NativeApigatewayv2Route, props: obj{"authorizationType": "NONE"}, want: 1},
		{name: "route with unknown authorization", rule: "api-gateway-route-authorization", typ: awstypes.Apigatewayv2Route, props: obj{"authorizationType": unknownValue}},

		// api-gateway-v2-access-logging (APIGateway.9)
		{name: "stage with access logs", rule: "api-gateway-v2-access-logging", typ: awstypes.Apigatewayv2Stage, props: obj{"accessLogSettings": obj{"destinationArn": "arn:aws:logs:eu-west-1:1:log-group:api", "format": "$context.requestId"}}},
		{name: "stage without access logs", rule: "api-gateway-v2-access-logging", typ: awstypes.Apigatewayv2Stage, props: obj{"name": "$default"}, want: 1, wantText: "accessLogSettings"},
		{name: "stage with unknown access logs", rule: "api-gateway-v2-access-logging", typ: awstypes.Apigatewayv2Stage, props: obj{"accessLogSettings": unknownValue}},

		// api-gateway-private-integration-tls (APIGateway.10)
		{name: "VPC link integration with TLS", rule: "api-gateway-private-integration-tls", typ: awstypes.Apigatewayv2Integration, props: obj{"connectionType": "VPC_LINK", "tlsConfig": obj{"serverNameToVerify": "api.internal"}}},
		{name: "internet integration", rule: "api-gateway-private-integration-tls", typ: awstypes.Apigatewayv2Integration, props: obj{"integrationType": "HTTP_PROXY"}},
		{name: "VPC link integration without TLS", rule: "api-gateway-private-integration-tls", typ: awstypes.Apigatewayv2Integration, props: obj{"connectionType": "VPC_LINK"}, want: 1, wantText: "serverNameToVerify"},
		{name: "VPC link integration with unknown TLS", rule: "api-gateway-private-integration-tls", typ: awstypes.Apigatewayv2Integration, props: obj{"connectionType": "VPC_LINK", "tlsConfig": unknownValue}},

		// iam-policy-no-admin (IAM.1)
		{name: "scoped managed policy", rule: "iam-policy-no-admin", typ: awstypes.IamPolicy, props: obj{"policy": scopedPolicy}},
		{name: "administrator managed policy", rule: "iam-policy-no-admin", typ: awstypes.IamPolicy, props: obj{"policy": adminPolicy}, want: 1, wantText: `"Action": "*"`},
		{name: "administrator inline role policy", rule: "iam-policy-no-admin", typ: awstypes.IamRolePolicy, props: obj{"policy": secret(adminPolicy)}, want: 1},
		{name: "administrator policy inline in a role", rule: "iam-policy-no-admin", typ: awstypes.IamRole, props: obj{"inlinePolicies": arr{obj{"name": "admin", "policy": adminPolicy}}}, want: 1, wantText: "inline policy admin"},
		{name: "aws-native administrator policy document object", rule: "iam-policy-no-admin", typ: awstypes.NativeIamManagedPolicy, props: obj{"policyDocument": obj{"Statement": arr{obj{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}, want: 1},
		{name: "deny-everything statement is not admin", rule: "iam-policy-no-admin", typ: awstypes.IamPolicy, props: obj{"policy": `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`}},
		{name: "policy with unknown document", rule: "iam-policy-no-admin", typ: awstypes.IamPolicy, props: obj{"policy": unknownValue}},

		// iam-policy-no-service-wildcard (IAM.21)
		{name: "policy listing actions", rule: "iam-policy-no-service-wildcard", typ: awstypes.IamRolePolicy, props: obj{"policy": scopedPolicy}},
		{name: "policy allowing s3:*", rule: "iam-policy-no-service-wildcard", typ: awstypes.IamRolePolicy, props: obj{"policy": serviceWildcard}, want: 1, wantText: "s3:*"},
		{name: "aws-native role policy allowing s3:*", rule: "iam-policy-no-service-wildcard", typ: awstypes.NativeIamRole, props: obj{"policies": arr{obj{"policyName": "p", "policyDocument": obj{"Statement": obj{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}}}, want: 1},
		{name: "policy with unknown statements", rule: "iam-policy-no-service-wildcard", typ: awstypes.IamRolePolicy, props: obj{"policy": unknownValue}},

		// iam-no-user-policies (IAM.2)
		{name: "policy attachment to roles only", rule: "iam-no-user-policies", typ: awstypes.IamPolicyAttachment, props: obj{"roles": arr{"r"}, "policyArn": "arn:p"}},
		{name: "inline user policy", rule: "iam-no-user-policies", typ: awstypes.IamUserPolicy, props: obj{"user": "alice", "policy": scopedPolicy}, want: 1, wantText: "group or role"},
		{name: "policy attachment to users", rule: "iam-no-user-policies", typ: awstypes.IamPolicyAttachment, props: obj{"users": arr{"alice"}}, want: 1},
		{name: "policy attachment to unknown users", rule: "iam-no-user-policies", typ: awstypes.IamPolicyAttachment, props: obj{"users": unknownValue}},

		// iam-no-cloudshell-full-access (IAM.27)
		{name: "role with a narrow managed policy", rule: "iam-no-cloudshell-full-access", typ: awstypes.IamRolePolicyAttachment, props: obj{"policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		{name: "role with CloudShell full access", rule: "iam-no-cloudshell-full-access", typ: awstypes.IamRolePolicyAttachment, props: obj{"policyArn": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"}, want: 1, wantText: "AWSCloudShellFullAccess"},
		{name: "role listing CloudShell full access", rule: "iam-no-cloudshell-full-access", typ: awstypes.IamRole, props: obj{"managedPolicyArns": arr{unknownValue, "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"}}, want: 1},
		{name: "attachment with unknown policy", rule: "iam-no-cloudshell-full-access", typ: awstypes.IamUserPolicyAttachment, props: obj{"policyArn": unknownValue}},

		// iam-password-policy (IAM.7)
		{name: "strong password policy", rule: "iam-password-policy", typ: awstypes.IamAccountPasswordPolicy, props: obj{"requireUppercaseCharacters": true, "requireLowercaseCharacters": true, "requireNumbers": true, "requireSymbols": true, "minimumPasswordLength": 14}},
		{name: "empty password policy", rule: "iam-password-policy", typ: awstypes.IamAccountPasswordPolicy, props: obj{}, want: 1, wantText: "minimumPasswordLength"},
		{name: "password policy with unknown settings", rule: "iam-password-policy", typ: awstypes.IamAccountPasswordPolicy, props: obj{"requireUppercaseCharacters": unknownValue, "requireLowercaseCharacters": unknownValue, "requireNumbers": unknownValue, "requireSymbols": unknownValue, "minimumPasswordLength": unknownValue}},

		// s3-bucket-not-public (S3.2, S3.3)
		{name: "private bucket ACL", rule: "s3-bucket-not-public", typ: awstypes.S3BucketACLV2, props: obj{"acl": "private"}},
		{name: "public-read bucket ACL", rule: "s3-bucket-not-public", typ: awstypes.S3BucketACLV2, props: obj{"acl": "public-read"}, want: 1, wantText: "public canned ACL"},
		{name: "v7 bucket ACL public-read-write", rule: "s3-bucket-not-public", typ: awstypes.S3BucketACL, props: obj{"acl": secret("public-read-write")}, want: 1},
		{name: "aws-native bucket with PublicRead", rule: "s3-bucket-not-public", typ: awstypes.NativeS3Bucket, props: obj{"accessControl": "PublicRead"}, want: 1},
		{name: "bucket policy granting everyone", rule: "s3-bucket-not-public", typ: awstypes.S3BucketPolicy, props: obj{"policy": publicBucketPolicy}, want: 1, wantText: `Principal "*"`},
		{name: "bucket policy granting everyone through one VPC endpoint", rule: "s3-bucket-not-public", typ: awstypes.S3BucketPolicy, props: obj{"policy": conditionalPublic}},
		{name: "aws-native bucket policy granting everyone", rule: "s3-bucket-not-public", typ: awstypes.NativeS3BucketPolicy, props: obj{"policyDocument": obj{"Statement": arr{obj{"Effect": "Allow", "Principal": obj{"AWS": "*"}, "Action": "s3:GetObject"}}}}, want: 1},
		{name: "bucket policy with unknown document", rule: "s3-bucket-not-public", typ: awstypes.S3BucketPolicy, props: obj{"policy": unknownValue}},

		// s3-public-access-block (S3.1, S3.8, S3.19)
		{name: "bucket public access block with all flags", rule: "s3-public-access-block", typ: awstypes.S3BucketPublicAccessBlock, props: obj{"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}},
		{name: "bucket public access block leaving two flags unset", rule: "s3-public-access-block", typ: awstypes.S3BucketPublicAccessBlock, props: obj{"blockPublicAcls": true, "blockPublicPolicy": true}, want: 1, wantText: "ignorePublicAcls, restrictPublicBuckets"},
		{name: "account public access block with policy off", rule: "s3-public-access-block", typ: awstypes.S3AccountPublicAccessBlock, props: obj{"blockPublicAcls": true, "blockPublicPolicy": false, "ignorePublicAcls": true, "restrictPublicBuckets": true}, want: 1, wantText: "account public access block"},
		{name: "access point without a configuration blocks everything", rule: "s3-public-access-block", typ: awstypes.S3AccessPoint, props: obj{"bucket": "b"}},
		{name: "access point turning a flag off", rule: "s3-public-access-block", typ: awstypes.S3AccessPoint, props: obj{"publicAccessBlockConfiguration": obj{"blockPublicPolicy": false}}, want: 1},
		{name: "aws-native bucket without a configuration keeps the default", rule: "s3-public-access-block", typ: awstypes.NativeS3Bucket, props: obj{}},
		{name: "aws-native bucket with a partial configuration", rule: "s3-public-access-block", typ: awstypes.NativeS3Bucket, props: obj{"publicAccessBlockConfiguration": obj{"blockPublicAcls": true}}, want: 1},
		{name: "public access block with unknown flags", rule: "s3-public-access-block", typ: awstypes.S3BucketPublicAccessBlock, props: obj{"blockPublicAcls": unknownValue, "blockPublicPolicy": unknownValue, "ignorePublicAcls": unknownValue, "restrictPublicBuckets": unknownValue}},

		// s3-acls-disabled (S3.12)
		{name: "bucket owner enforced", rule: "s3-acls-disabled", typ: awstypes.S3BucketOwnershipControls, props: obj{"rule": obj{"objectOwnership": "BucketOwnerEnforced"}}},
		{name: "object writer ownership enables ACLs", rule: "s3-acls-disabled", typ: awstypes.S3BucketOwnershipControls, props: obj{"rule": obj{"objectOwnership": "ObjectWriter"}}, want: 1, wantText: "BucketOwnerEnforced"},
		{name: "bucket ACL resource", rule: "s3-acls-disabled", typ: awstypes.S3BucketACLV2, props: obj{"acl": "private"}, want: 1, wantText: "with an ACL"},
		{name: "aws-native bucket with ObjectWriter", rule: "s3-acls-disabled", typ: awstypes.NativeS3Bucket, props: obj{"ownershipControls": obj{"rules": arr{obj{"objectOwnership": "ObjectWriter"}}}}, want: 1},
		{name: "aws-native bucket without ownership controls", rule: "s3-acls-disabled", typ: awstypes.NativeS3Bucket, props: obj{}},
		{name: "ownership controls with unknown rule", rule: "s3-acls-disabled", typ: awstypes.S3BucketOwnershipControls, props: obj{"rule": unknownValue}},
	}
}

func TestEveryRuleNamesKnownFSBPControls(t *testing.T) {
	known := map[string]Control{}
	for _, c := range FSBPControls() {
		known[c.ID] = c
	}
	for _, e := range Catalogue() {
		for _, id := range e.Controls {
			c, ok := known[id]
			require.True(t, ok, "rule %s names %s, which the FSBP table lacks", e.Name, id)
			assert.Contains(t, c.Rules, e.Name, "control %s must list rule %s", id, e.Name)
		}
	}
}

func TestFSBPTableIsConsistent(t *testing.T) {
	rulesByName := map[string]CatalogueEntry{}
	for _, e := range Catalogue() {
		rulesByName[e.Name] = e
	}
	fsbpRuleNames := map[string]bool{}
	for _, r := range fsbpRules() {
		fsbpRuleNames[r.Name] = true
	}
	for _, r := range fsbpStackRules() {
		fsbpRuleNames[r.Name] = true
	}
	seen := map[string]bool{}
	for _, c := range FSBPControls() {
		assert.False(t, seen[c.ID], "duplicate control %s", c.ID)
		seen[c.ID] = true
		assert.Contains(t, []string{"Critical", "High", "Medium", "Low"}, c.Severity, c.ID)
		decided := len(c.Rules) > 0
		assert.Equal(t, 1, btoi(decided)+btoi(c.ByConstruction != "")+btoi(c.NotDecidable != ""),
			"%s must have rules, a by-construction reason or a not-decidable reason, exactly one", c.ID)
		for _, name := range c.Rules {
			e, ok := rulesByName[name]
			require.True(t, ok, "%s names unknown rule %s", c.ID, name)
			assert.Contains(t, e.Controls, c.ID, "rule %s must name control %s", name, c.ID)
		}
	}
	// A rule that exists for FSBP takes its level from its strictest control's severity; the platform's own rules
	// may be stricter than the control (no public exposure is mandatory whatever FSBP says).
	for name := range fsbpRuleNames {
		e := rulesByName[name]
		want := Advisory
		for _, id := range e.Controls {
			for _, c := range FSBPControls() {
				if c.ID == id && severityLevel(c.Severity) == Mandatory {
					want = Mandatory
				}
			}
		}
		assert.Equal(t, want, e.DefaultLevel, "rule %s level must follow the severity of %v", name, e.Controls)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
