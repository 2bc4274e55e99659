package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// loadBalancerRuleCases are the fixtures of the rules in loadbalancers.go; resourceRuleCases includes them.
func loadBalancerRuleCases() []ruleCase {
	return []ruleCase{
		// load-balancer-internal
		{name: "internal load balancer", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"internal": true}},
		{name: "load balancer without internal is internet-facing", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"loadBalancerType": "application"}, want: 1, wantText: "internal: true"},
		{name: "load balancer with internal false", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"internal": false}, want: 1},
		{name: "alb alias token without internal", rule: "load-balancer-internal", typ: awstypes.AlbLoadBalancer, props: obj{}, want: 1},
		{name: "classic load balancer without internal", rule: "load-balancer-internal", typ: awstypes.ElbLoadBalancer, props: obj{}, want: 1},
		{name: "load balancer with secret internal true", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"internal": secret(true)}},
		{name: "load balancer with unknown internal", rule: "load-balancer-internal", typ: awstypes.LbLoadBalancer, props: obj{"internal": unknownValue}},

		// load-balancer-access-logs
		{name: "load balancer with access logs", rule: "load-balancer-access-logs", typ: awstypes.LbLoadBalancer, props: obj{"accessLogs": obj{"bucket": "logs", "enabled": true}}},
		{name: "load balancer without access logs", rule: "load-balancer-access-logs", typ: awstypes.LbLoadBalancer, props: obj{}, want: 1, wantText: "enabled: true"},
		{name: "access logs with a bucket but enabled unset", rule: "load-balancer-access-logs", typ: awstypes.AlbLoadBalancer, props: obj{"accessLogs": obj{"bucket": "logs"}}, want: 1},
		{name: "load balancer with unknown access logs", rule: "load-balancer-access-logs", typ: awstypes.LbLoadBalancer, props: obj{"accessLogs": unknownValue}},

		// load-balancer-deletion-protection
		{name: "load balancer with deletion protection", rule: "load-balancer-deletion-protection", typ: awstypes.LbLoadBalancer, props: obj{"enableDeletionProtection": true}},
		{name: "load balancer without deletion protection", rule: "load-balancer-deletion-protection", typ: awstypes.LbLoadBalancer, props: obj{}, want: 1, wantText: "enableDeletionProtection: true"},
		{name: "load balancer with unknown deletion protection", rule: "load-balancer-deletion-protection", typ: awstypes.LbLoadBalancer, props: obj{"enableDeletionProtection": unknownValue}},

		// aws-native, default resources, task sets and legacy tokens: no way around the guarantees.
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
		{name: "aws-native load balancer with access logs attribute", rule: "load-balancer-access-logs", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": arr{obj{"key": "access_logs.s3.enabled", "value": "true"}}}},
		{name: "aws-native load balancer without attributes ships no logs", rule: "load-balancer-access-logs", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{}, want: 1, wantText: "access_logs.s3.enabled"},
		{name: "aws-native load balancer with unknown attributes", rule: "load-balancer-access-logs", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": unknownValue}},
		{name: "aws-native load balancer with deletion protection off", rule: "load-balancer-deletion-protection", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": arr{obj{"key": "deletion_protection.enabled", "value": "false"}}}, want: 1},
		{name: "aws-native load balancer with deletion protection", rule: "load-balancer-deletion-protection", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer, props: obj{"loadBalancerAttributes": arr{obj{"key": "deletion_protection.enabled", "value": secret("true")}}}},
		{name: "classic load balancer without access logs", rule: "load-balancer-access-logs", typ: awstypes.ElbLoadBalancer, props: obj{}, want: 1},
		{name: "classic load balancer with an access logs block", rule: "load-balancer-access-logs", typ: awstypes.ElbLoadBalancer, props: obj{"accessLogs": obj{"bucket": "logs"}}},
		{name: "aws-native classic load balancer with logging disabled", rule: "load-balancer-access-logs", typ: awstypes.NativeElasticloadbalancingLoadBalancer, props: obj{"accessLoggingPolicy": obj{"enabled": false, "s3BucketName": "logs"}}, want: 1, wantText: "accessLoggingPolicy"},

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

		// classic-load-balancer-hardening (ELB.2, ELB.3, ELB.7, ELB.9)
		{name: "classic load balancer with ACM HTTPS, draining and cross-zone", rule: "classic-load-balancer-hardening", typ: awstypes.ElbLoadBalancer, props: obj{"connectionDraining": true, "listeners": arr{obj{"lbProtocol": "https", "sslCertificateId": "arn:aws:acm:eu-west-1:123456789012:certificate/x"}}}},
		{name: "classic load balancer in clear text without draining", rule: "classic-load-balancer-hardening", typ: awstypes.ElbLoadBalancer, props: obj{"crossZoneLoadBalancing": false, "listeners": arr{obj{"lbProtocol": "http"}, obj{"lbProtocol": "ssl", "sslCertificateId": "arn:aws:iam::123456789012:server-certificate/x"}}}, want: 4, wantText: "classic load balancer"},
		{name: "classic load balancer with unknown listeners", rule: "classic-load-balancer-hardening", typ: awstypes.ElbLoadBalancer, props: obj{"connectionDraining": true, "listeners": unknownValue}},

		// classic-load-balancer-ssl-policy (ELB.8)
		{name: "negotiation policy referencing the recommended policy", rule: "classic-load-balancer-ssl-policy", typ: awstypes.ElbLoadBalancerPolicy, props: obj{"policyTypeName": "SSLNegotiationPolicyType", "policyAttributes": arr{obj{"name": "Reference-Security-Policy", "value": "ELBSecurityPolicy-TLS-1-2-2017-01"}}}},
		{name: "other classic policy types are not SSL", rule: "classic-load-balancer-ssl-policy", typ: awstypes.ElbLoadBalancerPolicy, props: obj{"policyTypeName": "ProxyProtocolPolicyType"}},
		{name: "negotiation policy with custom protocols", rule: "classic-load-balancer-ssl-policy", typ: awstypes.ElbSslNegotiationPolicy, props: obj{"attributes": arr{obj{"name": "Protocol-TLSv1", "value": "true"}}}, want: 1, wantText: "Reference-Security-Policy"},
		{name: "negotiation policy with unknown attributes", rule: "classic-load-balancer-ssl-policy", typ: awstypes.ElbLoadBalancerPolicy, props: obj{"policyTypeName": "SSLNegotiationPolicyType", "policyAttributes": unknownValue}},
	}
}
