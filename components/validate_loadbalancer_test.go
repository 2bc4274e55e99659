package components

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// requireProblem runs Program with cfg and requires it to fail validation with a problem for key that contains
// text, before registering any resource.
func requireProblem(t *testing.T, cfg stackConfig, key, text string) {
	t.Helper()
	problems := configProblems(t, cfg)
	found := false
	for _, problem := range problems {
		if strings.HasPrefix(problem, key+": ") && strings.Contains(problem, text) {
			found = true
		}
	}
	assert.True(t, found, "no problem for %s containing %q in:\n%s", key, text, strings.Join(problems, "\n"))
}

func TestLoadBalancingConfigErrorsNameTheKey(t *testing.T) {
	web := func(extra map[string]any) map[string]any {
		return map[string]any{"web": lbApp(8080, []string{"www.example.com"}, nil, extra)}
	}
	for name, tc := range map[string]struct {
		cfg       stackConfig
		key, text string
	}{
		"rest-api without the NLB": {
			cfg: lbStack(nil, map[string]any{"mode": IngressRestAPI}, nil),
			key: "ingress.mode", text: "loadBalancer.nlb",
		},
		"ingress without a load balancer": {
			cfg: lbStack(map[string]any{"enabled": false}, map[string]any{"mode": IngressHTTPAPI}, nil),
			key: "ingress.mode", text: "loadBalancer.enabled is false",
		},
		"unknown ingress mode": {
			cfg: lbStack(nil, map[string]any{"mode": "public"}, nil),
			key: "ingress.mode", text: `"public" is not an ingress mode`,
		},
		"unknown REST endpoint type": {
			cfg: lbStack(map[string]any{"nlb": true}, map[string]any{"mode": IngressRestAPI, "restEndpointType": "EDGE"}, nil),
			key: "ingress.restEndpointType", text: `"EDGE"`,
		},
		"private REST API without an execute-api endpoint": {
			cfg: lbStack(map[string]any{"nlb": true}, map[string]any{"mode": IngressRestAPI, "restEndpointType": "PRIVATE"}, nil),
			key: "ingress.restEndpointType", text: "execute-api",
		},
		"API access log retention": {
			cfg: lbStack(nil, map[string]any{"mode": IngressHTTPAPI, "accessLogRetentionDays": 45}, nil),
			key: "ingress.accessLogRetentionDays", text: "45",
		},
		"rest-api over HTTPS without a backend hostname": {
			cfg: lbStack(map[string]any{"nlb": true, "certificateArn": lbCertificate}, map[string]any{"mode": IngressRestAPI}, nil),
			key: "ingress.backendHostname", text: "is required",
		},
		"backend hostname that is no DNS name": {
			cfg: lbStack(nil, map[string]any{"mode": IngressHTTPAPI, "backendHostname": "https://api"}, nil),
			key: "ingress.backendHostname", text: "not a DNS name",
		},
		"SSL policy outside the allow-list": {
			cfg: lbStack(map[string]any{"certificateArn": lbCertificate, "sslPolicy": "ELBSecurityPolicy-2016-08"}, nil, nil),
			key: "loadBalancer.sslPolicy", text: "ELBSecurityPolicy-2016-08",
		},
		"HTTPS policy without a certificate": {
			cfg: lbStack(map[string]any{"sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06"}, nil, nil),
			key: "loadBalancer.sslPolicy", text: "HTTPS needs loadBalancer.certificateArn",
		},
		"certificate that is no ARN": {
			cfg: lbStack(map[string]any{"certificateArn": "my-cert"}, nil, nil),
			key: "loadBalancer.certificateArn", text: "not an ACM certificate ARN",
		},
		"certificate from another region": {
			cfg: lbStack(map[string]any{"certificateArn": strings.Replace(lbCertificate, "eu-west-1", "us-east-1", 1)}, nil, nil),
			key: "loadBalancer.certificateArn", text: `region "us-east-1"`,
		},
		"idle timeout": {
			cfg: lbStack(map[string]any{"idleTimeoutSeconds": 4001}, nil, nil),
			key: "loadBalancer.idleTimeoutSeconds", text: "4001",
		},
		"the internet in allowedCidrs": {
			cfg: lbStack(map[string]any{"allowedCidrs": []string{"0.0.0.0/0"}}, nil, nil),
			key: "loadBalancer.allowedCidrs[0]", text: "whole internet",
		},
		"IPv6 in allowedCidrs": {
			cfg: lbStack(map[string]any{"allowedCidrs": []string{"10.1.0.0/16", "::/0"}}, nil, nil),
			key: "loadBalancer.allowedCidrs[1]", text: "not an IPv4 CIDR",
		},
		"access log expiry": {
			cfg: lbStack(map[string]any{"accessLogs": map[string]any{"enabled": true, "expirationDays": -1}}, nil, nil),
			key: "loadBalancer.accessLogs.expirationDays", text: "-1",
		},
		"routing without a load balancer": {
			cfg: lbStack(map[string]any{"enabled": false}, nil, web(nil)),
			key: "services.web.routing", text: "loadBalancer.enabled is false",
		},
		"routing without hosts or paths": {
			cfg: lbStack(nil, nil, map[string]any{"web": lbApp(8080, nil, nil, nil)}),
			key: "services.web.routing", text: "needs hosts or paths",
		},
		"too many condition values": {
			cfg: lbStack(nil, nil, map[string]any{"web": lbApp(8080, []string{"a.example.com", "b.example.com", "c.example.com"},
				[]string{"/a", "/b", "/c"}, nil)}),
			key: "services.web.routing", text: "6 hosts and paths",
		},
		"bad host pattern": {
			cfg: lbStack(nil, nil, map[string]any{"web": lbApp(8080, []string{"www.example.com/x"}, nil, nil)}),
			key: "services.web.routing.hosts[0]", text: "may contain only",
		},
		"bad path pattern": {
			cfg: lbStack(nil, nil, map[string]any{"web": lbApp(8080, nil, []string{"api/*"}, nil)}),
			key: "services.web.routing.paths[0]", text: `must start with "/"`,
		},
		"duplicate host rules": {
			cfg: lbStack(nil, nil, map[string]any{
				"web": lbApp(8080, []string{"www.example.com"}, nil, nil),
				"www": lbApp(8081, []string{"WWW.example.com"}, nil, nil),
			}),
			key: "services.web.routing", text: "routed by services web, www",
		},
		"duplicate path rules": {
			cfg: lbStack(nil, nil, map[string]any{
				"api":    lbApp(8080, nil, []string{"/api/*"}, nil),
				"api-v2": lbApp(8081, nil, []string{"/v2/*", "/api/*"}, nil),
			}),
			key: "services.api.routing", text: "path /api/*",
		},
		"priority out of range": {
			cfg: lbStack(nil, nil, web(map[string]any{"routing": map[string]any{"priority": 50001}})),
			key: "services.web.routing.priority", text: "outside 1–50000",
		},
		"colliding priorities": {
			cfg: lbStack(nil, nil, map[string]any{
				"web": lbApp(8080, []string{"www.example.com"}, nil, map[string]any{"routing": map[string]any{"priority": 5}}),
				"api": lbApp(8081, []string{"api.example.com"}, nil, map[string]any{"routing": map[string]any{"priority": 5}}),
			}),
			key: "services.api.routing.priority", text: "set routing.priority",
		},
		"routed container that does not exist": {
			cfg: lbStack(nil, nil, web(map[string]any{"routing": map[string]any{"container": "sidecar"}})),
			key: "services.web.routing.container", text: `"sidecar"`,
		},
		"routed port the container does not list": {
			cfg: lbStack(nil, nil, web(map[string]any{"routing": map[string]any{"port": 9999}})),
			key: "services.web.routing.port", text: "9999",
		},
		"health check path": {
			cfg: lbStack(nil, nil, web(map[string]any{"targetHealthCheck": map[string]any{"path": "healthz"}})),
			key: "services.web.targetHealthCheck.path", text: "healthz",
		},
		"health check matcher outside 200-499": {
			cfg: lbStack(nil, nil, web(map[string]any{"targetHealthCheck": map[string]any{"matcher": "200-599"}})),
			key: "services.web.targetHealthCheck.matcher", text: "200 to 499",
		},
		"health check matcher that is no code": {
			cfg: lbStack(nil, nil, web(map[string]any{"targetHealthCheck": map[string]any{"matcher": "ok"}})),
			key: "services.web.targetHealthCheck.matcher", text: "not a list of HTTP codes",
		},
		"health check interval": {
			cfg: lbStack(nil, nil, web(map[string]any{"targetHealthCheck": map[string]any{"intervalSeconds": 301}})),
			key: "services.web.targetHealthCheck.intervalSeconds", text: "outside 5–300",
		},
		"health check timeout not below the interval": {
			cfg: lbStack(nil, nil, web(map[string]any{"targetHealthCheck": map[string]any{"intervalSeconds": 10, "timeoutSeconds": 10}})),
			key: "services.web.targetHealthCheck.timeoutSeconds", text: "less than intervalSeconds",
		},
		"healthy threshold": {
			cfg: lbStack(nil, nil, web(map[string]any{"targetHealthCheck": map[string]any{"healthyThreshold": 11}})),
			key: "services.web.targetHealthCheck.healthyThreshold", text: "outside 2–10",
		},
		"unhealthy threshold": {
			cfg: lbStack(nil, nil, web(map[string]any{"targetHealthCheck": map[string]any{"unhealthyThreshold": 1}})),
			key: "services.web.targetHealthCheck.unhealthyThreshold", text: "outside 2–10",
		},
		"deregistration delay": {
			cfg: lbStack(nil, nil, web(map[string]any{"deregistrationDelaySeconds": 3601})),
			key: "services.web.deregistrationDelaySeconds", text: "outside 0–3600",
		},
		"slow start": {
			cfg: lbStack(nil, nil, web(map[string]any{"slowStartSeconds": 10})),
			key: "services.web.slowStartSeconds", text: "30–900",
		},
		"stickiness duration": {
			cfg: lbStack(nil, nil, web(map[string]any{"stickiness": map[string]any{"enabled": true, "durationSeconds": 604801}})),
			key: "services.web.stickiness.durationSeconds", text: "outside 1–604800",
		},
		"blue/green is gone (it shifted no traffic)": {
			cfg: lbStack(nil, nil, map[string]any{"worker": map[string]any{
				"containers": map[string]any{AppContainer: map[string]any{"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/nginx:1.27"}},
				"blueGreen":  true,
			}}),
			key: "services.worker.blueGreen", text: "was removed: its second target group never received traffic",
		},
		"http-api to HTTPS without the name to verify": {
			cfg: lbStack(map[string]any{"certificateArn": lbCertificate}, map[string]any{"mode": IngressHTTPAPI}, lbTwoServices()),
			key: "ingress.backendHostname", text: "is required with ingress.mode \"http-api\" and loadBalancer.certificateArn",
		},
		"rest-api without the account's CloudWatch role": {
			cfg: lbStack(map[string]any{"nlb": true}, map[string]any{"mode": IngressRestAPI}, lbTwoServices()),
			key: "ingress.cloudWatchRole", text: "is required with ingress.mode \"rest-api\"",
		},
		"unknown CloudWatch role source": {
			cfg: lbStack(map[string]any{"nlb": true}, map[string]any{"mode": IngressRestAPI, "cloudWatchRole": "maybe"}, lbTwoServices()),
			key: "ingress.cloudWatchRole", text: "\"maybe\" is not \"create\" or \"existing\"",
		},
		"CloudWatch role without a REST API": {
			cfg: lbStack(nil, map[string]any{"mode": IngressHTTPAPI, "cloudWatchRole": "create"}, lbTwoServices()),
			key: "ingress.cloudWatchRole", text: "applies only to ingress.mode \"rest-api\"",
		},
	} {
		t.Run(name, func(t *testing.T) {
			requireProblem(t, tc.cfg, tc.key, tc.text)
		})
	}
}

func TestValidLoadBalancingConfigsPass(t *testing.T) {
	for name, cfg := range map[string]stackConfig{
		"defaults": lbStack(nil, nil, nil),
		"everything": lbStack(map[string]any{
			"certificateArn": lbCertificate, "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-Res-2021-06", "idleTimeoutSeconds": 4000,
			"deletionProtection": true, "nlb": true, "allowedCidrs": []string{"172.16.0.0/12"},
			"accessLogs": map[string]any{"enabled": true, "expirationDays": 1},
		}, map[string]any{"mode": IngressRestAPI, "backendHostname": ingressBackendHost, "cloudWatchRole": CloudWatchRoleCreate}, map[string]any{
			"web": lbApp(8080, []string{"*.example.com"}, []string{"/"}, map[string]any{
				"targetHealthCheck": map[string]any{"matcher": "200,204,300-399", "intervalSeconds": 5, "timeoutSeconds": 2,
					"healthyThreshold": 10, "unhealthyThreshold": 2},
				"deregistrationDelaySeconds": 0, "slowStartSeconds": 900,
				"stickiness": map[string]any{"enabled": true, "durationSeconds": 1},
				"routing":    map[string]any{"priority": 1},
			}),
			"api": lbApp(9000, []string{"*.example.com"}, []string{"/api/*"}, map[string]any{"routing": map[string]any{"priority": 50000}}),
		}),
		"http-api without a certificate": lbStack(nil, map[string]any{"mode": IngressHTTPAPI}, lbTwoServices()),
		"load balancer off":              lbStack(map[string]any{"enabled": false}, nil, nil),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := runProgram(t, cfg)
			assert.NoError(t, err)
		})
	}
}
