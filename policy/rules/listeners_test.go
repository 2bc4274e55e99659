package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// listenerRuleCases are the fixtures of the rules in listeners.go; resourceRuleCases includes them.
func listenerRuleCases() []ruleCase {
	return []ruleCase{
		// target-group-target-type
		{name: "ip target group", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{"targetType": "ip"}},
		{name: "alb target group behind an NLB", rule: "target-group-target-type", typ: awstypes.AlbTargetGroup, props: obj{"targetType": "alb"}},
		{name: "target group without targetType is instance", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{"port": 80}, want: 1, wantText: `"instance"`},
		{name: "lambda target group", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{"targetType": "lambda"}, want: 1, wantText: "ip, alb"},
		{name: "instance target group allowed by config", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{}, cfg: func(c *Config) { c.AllowedTargetTypes = []string{"instance"} }},
		{name: "target group with unknown targetType", rule: "target-group-target-type", typ: awstypes.LbTargetGroup, props: obj{"targetType": unknownValue}},

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

		// aws-native, default resources, task sets and legacy tokens: no way around the guarantees.
		{name: "legacy token target group of instances", rule: "target-group-target-type", typ: awstypes.Elasticloadbalancingv2TargetGroup, props: obj{}, want: 1},
		{name: "aws-native target group of instances", rule: "target-group-target-type", typ: awstypes.NativeElasticloadbalancingv2TargetGroup, props: obj{"targetType": "instance"}, want: 1},
		{name: "aws-native ip target group", rule: "target-group-target-type", typ: awstypes.NativeElasticloadbalancingv2TargetGroup, props: obj{"targetType": "ip"}},
		{name: "legacy token HTTP listener forwarding", rule: "listener-http-redirects-to-https", typ: awstypes.ApplicationloadbalancingListener, props: obj{"protocol": "HTTP", "defaultActions": forward}, want: 1},
		{name: "aws-native HTTP listener redirecting through redirectConfig", rule: "listener-http-redirects-to-https", typ: awstypes.NativeElasticloadbalancingv2Listener, props: obj{"protocol": "HTTP", "defaultActions": arr{obj{"type": "redirect", "redirectConfig": obj{"protocol": "HTTPS"}}}}},
		{name: "aws-native HTTP listener forwarding", rule: "listener-http-redirects-to-https", typ: awstypes.NativeElasticloadbalancingv2Listener, props: obj{"protocol": "HTTP", "defaultActions": arr{obj{"type": "forward", "targetGroupArn": "arn:tg"}}}, want: 1},
		{name: "legacy token HTTPS listener with an old policy", rule: "listener-tls-policy", typ: awstypes.Elasticloadbalancingv2Listener, props: obj{"protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-2016-08"}, want: 1},
		{name: "aws-native HTTPS listener without sslPolicy", rule: "listener-tls-policy", typ: awstypes.NativeElasticloadbalancingv2Listener, props: obj{"protocol": "HTTPS"}, want: 1},

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
	}
}
