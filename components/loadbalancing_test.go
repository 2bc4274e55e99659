package components

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/policy/rules"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lbCertificate is an ACM certificate ARN in the test region.
const lbCertificate = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"

// lbApp is a routed service: an "app" container listening on port, routed by hosts and/or paths, plus extra fields.
func lbApp(port int, hosts, paths []string, extra map[string]any) map[string]any {
	routing := map[string]any{}
	if hosts != nil {
		routing["hosts"] = hosts
	}
	if paths != nil {
		routing["paths"] = paths
	}
	service := map[string]any{
		"containers": map[string]any{AppContainer: map[string]any{"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/nginx:1.27", "ports": []int{port}}},
		"routing":    routing,
	}
	for k, v := range extra {
		if k == "routing" {
			for rk, rv := range v.(map[string]any) {
				routing[rk] = rv
			}
			continue
		}
		service[k] = v
	}
	return service
}

// lbStack is the dev stack with the given loadBalancer, ingress and services config (nil leaves a key unset).
func lbStack(loadBalancer, ingress, services map[string]any) stackConfig {
	cfg := minimalStack()
	if loadBalancer != nil {
		cfg = cfg.with("loadBalancer", loadBalancer)
	}
	if ingress != nil {
		cfg = cfg.with("ingress", ingress)
	}
	if services != nil {
		cfg = cfg.with("services", services)
	}
	return cfg
}

// lbTwoServices routes "web" by host and "api" by path.
func lbTwoServices() map[string]any {
	return map[string]any{
		"web": lbApp(8080, []string{"www.example.com"}, nil, nil),
		"api": lbApp(9000, nil, []string{"/api/*"}, nil),
	}
}

// dependsOn reports whether res depends on the resource of type token named name.
func dependsOn(res recordedResource, token, name string) bool {
	for _, urn := range res.Dependencies {
		if strings.HasSuffix(urn, token+"::"+name) {
			return true
		}
	}
	return false
}

func TestEveryLoadBalancerIsInternal(t *testing.T) {
	for name, tc := range map[string]struct {
		loadBalancer map[string]any
		balancers    int
	}{
		"defaults":               {loadBalancer: nil, balancers: 1},
		"nlb without a cert":     {loadBalancer: map[string]any{"nlb": true}, balancers: 2},
		"nlb with a certificate": {loadBalancer: map[string]any{"nlb": true, "certificateArn": lbCertificate}, balancers: 2},
		"access logs":            {loadBalancer: map[string]any{"accessLogs": map[string]any{"enabled": true}}, balancers: 1},
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(tc.loadBalancer, nil, lbTwoServices()))
			balancers := rec.ofType(awstypes.LbLoadBalancer)
			require.Len(t, balancers, tc.balancers)
			for _, balancer := range balancers {
				assert.True(t, boolProp(t, balancer.Inputs, "internal"), "%s must be internal", balancer.Name)
				assert.Equal(t, []string{"network-private-eu-west-1a-id", "network-private-eu-west-1b-id"},
					stringsProp(balancer.Inputs, "subnets"), "%s lives in the private subnets", balancer.Name)
			}
		})
	}
}

func TestAlbSettingsComeFromConfig(t *testing.T) {
	for name, tc := range map[string]struct {
		loadBalancer       map[string]any
		idleTimeout        float64
		deletionProtection bool
	}{
		"defaults": {idleTimeout: 60, deletionProtection: true},
		"custom":   {loadBalancer: map[string]any{"idleTimeoutSeconds": 300, "deletionProtection": false}, idleTimeout: 300, deletionProtection: false},
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(tc.loadBalancer, nil, nil))
			alb := rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-alb")
			assert.Equal(t, "application", stringProp(alb.Inputs, "loadBalancerType"))
			assert.True(t, boolProp(t, alb.Inputs, "dropInvalidHeaderFields"))
			assert.Equal(t, tc.idleTimeout, number(t, alb.Inputs, "idleTimeout"))
			assert.Equal(t, tc.deletionProtection, boolProp(t, alb.Inputs, "enableDeletionProtection"))
			securityGroup := rec.named(t, awstypes.Ec2SecurityGroup, "loadbalancing-alb")
			assert.Equal(t, []string{securityGroup.ID}, stringsProp(alb.Inputs, "securityGroups"))
		})
	}
}

func TestNoLoadBalancerWhenDisabled(t *testing.T) {
	rec := mustRunProgram(t, lbStack(map[string]any{"enabled": false}, nil, nil))
	assert.Empty(t, rec.ofType(awstypes.LbLoadBalancer))
	assert.Empty(t, rec.ofType(awstypes.LbListener))
}

func TestTargetGroupsAreIpExceptNlbToAlb(t *testing.T) {
	services := lbTwoServices()
	services["shop"] = lbApp(3000, []string{"shop.example.com"}, nil, nil)
	rec := mustRunProgram(t, lbStack(map[string]any{"nlb": true, "certificateArn": lbCertificate}, nil, services))

	groups := rec.ofType(awstypes.LbTargetGroup)
	require.Len(t, groups, 5, "api, web, shop, and the NLB's 80 and 443")
	byName := map[string]recordedResource{}
	for _, group := range groups {
		byName[group.Name] = group
		if strings.HasPrefix(group.Name, "loadbalancing-nlb-") {
			assert.Equal(t, "alb", stringProp(group.Inputs, "targetType"), group.Name)
			assert.Equal(t, "TCP", stringProp(group.Inputs, "protocol"), group.Name)
			continue
		}
		assert.Equal(t, "ip", stringProp(group.Inputs, "targetType"), group.Name)
		assert.Equal(t, "HTTP", stringProp(group.Inputs, "protocol"), group.Name)
	}
	for name, port := range map[string]float64{
		"loadbalancing-api-tg": 9000, "loadbalancing-web-tg": 8080, "loadbalancing-shop-tg": 3000,
		"loadbalancing-nlb-80": 80, "loadbalancing-nlb-443": 443,
	} {
		group, ok := byName[name]
		if assert.True(t, ok, "missing target group %s", name) {
			assert.Equal(t, port, number(t, group.Inputs, "port"), name)
			assert.Equal(t, "network-vpc-id", stringProp(group.Inputs, "vpcId"), name)
		}
	}
}

func TestTargetGroupAttributesComeFromTheServiceConfig(t *testing.T) {
	for name, tc := range map[string]struct {
		extra map[string]any
		want  map[string]any
	}{
		"defaults": {
			want: map[string]any{"path": "/", "matcher": "200-399", "interval": 30.0, "timeout": 5.0, "healthy": 3.0,
				"unhealthy": 3.0, "deregistration": 30.0, "slowStart": 0.0, "sticky": false, "cookie": 86400.0},
		},
		"custom": {
			extra: map[string]any{
				"targetHealthCheck": map[string]any{"path": "/healthz", "matcher": "200,204", "intervalSeconds": 10,
					"timeoutSeconds": 4, "healthyThreshold": 2, "unhealthyThreshold": 5},
				"deregistrationDelaySeconds": 0, "slowStartSeconds": 60,
				"stickiness": map[string]any{"enabled": true, "durationSeconds": 3600},
			},
			want: map[string]any{"path": "/healthz", "matcher": "200,204", "interval": 10.0, "timeout": 4.0, "healthy": 2.0,
				"unhealthy": 5.0, "deregistration": 0.0, "slowStart": 60.0, "sticky": true, "cookie": 3600.0},
		},
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(nil, nil, map[string]any{"web": lbApp(8080, []string{"www.example.com"}, nil, tc.extra)}))
			group := rec.named(t, awstypes.LbTargetGroup, "loadbalancing-web-tg").Inputs
			got := map[string]any{
				"path":           stringProp(group, "healthCheck", "path"),
				"matcher":        stringProp(group, "healthCheck", "matcher"),
				"interval":       number(t, group, "healthCheck", "interval"),
				"timeout":        number(t, group, "healthCheck", "timeout"),
				"healthy":        number(t, group, "healthCheck", "healthyThreshold"),
				"unhealthy":      number(t, group, "healthCheck", "unhealthyThreshold"),
				"deregistration": number(t, group, "deregistrationDelay"),
				"slowStart":      number(t, group, "slowStart"),
				"sticky":         boolProp(t, group, "stickiness", "enabled"),
				"cookie":         number(t, group, "stickiness", "cookieDuration"),
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, "HTTP", stringProp(group, "healthCheck", "protocol"))
			assert.Equal(t, "lb_cookie", stringProp(group, "stickiness", "type"))
		})
	}
}

func TestHTTPListenerRedirectsToHTTPSWhenACertificateIsSet(t *testing.T) {
	rec := mustRunProgram(t, lbStack(map[string]any{"certificateArn": lbCertificate}, nil, lbTwoServices()))
	alb := rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-alb")
	listeners := rec.ofType(awstypes.LbListener)
	require.Len(t, listeners, 2)

	http := rec.named(t, awstypes.LbListener, "loadbalancing-alb-80").Inputs
	assert.Equal(t, stringProp(alb.Outputs, "arn"), stringProp(http, "loadBalancerArn"))
	assert.Equal(t, "HTTP", stringProp(http, "protocol"))
	actions := objects(t, http, "defaultActions")
	require.Len(t, actions, 1)
	assert.Equal(t, "redirect", stringProp(actions[0], "type"))
	assert.Equal(t, "HTTPS", stringProp(actions[0], "redirect", "protocol"))
	assert.Equal(t, "443", stringProp(actions[0], "redirect", "port"))
	assert.Equal(t, "HTTP_301", stringProp(actions[0], "redirect", "statusCode"))

	https := rec.named(t, awstypes.LbListener, "loadbalancing-alb-443").Inputs
	assert.Equal(t, "HTTPS", stringProp(https, "protocol"))
	assert.Equal(t, 443.0, number(t, https, "port"))
	assert.Equal(t, lbCertificate, stringProp(https, "certificateArn"))
	assert.Equal(t, defaultSslPolicy, stringProp(https, "sslPolicy"))
	defaults := objects(t, https, "defaultActions")
	require.Len(t, defaults, 1)
	assert.Equal(t, "fixed-response", stringProp(defaults[0], "type"))
	assert.Equal(t, "404", stringProp(defaults[0], "fixedResponse", "statusCode"))

	for _, rule := range rec.ofType(awstypes.LbListenerRule) {
		assert.Equal(t, stringProp(rec.named(t, awstypes.LbListener, "loadbalancing-alb-443").Outputs, "arn"),
			stringProp(rule.Inputs, "listenerArn"), "rule %s must be on the HTTPS listener", rule.Name)
	}
}

func TestSslPolicyComesFromConfig(t *testing.T) {
	policy := "ELBSecurityPolicy-TLS13-1-3-2021-06"
	rec := mustRunProgram(t, lbStack(map[string]any{"certificateArn": lbCertificate, "sslPolicy": policy}, nil, nil))
	assert.Equal(t, policy, stringProp(rec.named(t, awstypes.LbListener, "loadbalancing-alb-443").Inputs, "sslPolicy"))
}

func TestWithoutACertificateThePlainHTTPListenerCarriesTheRules(t *testing.T) {
	rec := mustRunProgram(t, lbStack(nil, nil, lbTwoServices()))
	listeners := rec.ofType(awstypes.LbListener)
	require.Len(t, listeners, 1, "no HTTPS listener without a certificate")
	http := listeners[0]
	assert.Equal(t, "loadbalancing-alb-80", http.Name)
	assert.Equal(t, "HTTP", stringProp(http.Inputs, "protocol"))
	actions := objects(t, http.Inputs, "defaultActions")
	require.Len(t, actions, 1)
	assert.Equal(t, "fixed-response", stringProp(actions[0], "type"))
	assert.Equal(t, "404", stringProp(actions[0], "fixedResponse", "statusCode"))
	rules := rec.ofType(awstypes.LbListenerRule)
	require.Len(t, rules, 2)
	for _, rule := range rules {
		assert.Equal(t, stringProp(http.Outputs, "arn"), stringProp(rule.Inputs, "listenerArn"), rule.Name)
	}
}

func TestExportsSayWhenTrafficIsUnencrypted(t *testing.T) {
	for name, tc := range map[string]struct {
		balancing *LoadBalancing
		protocol  string
		keys      []string
	}{
		"plain HTTP": {
			balancing: &LoadBalancing{},
			protocol:  "HTTP",
			keys:      []string{"albDnsName", "albProtocol", "albSecurityGroupId", "albWarning", "listenerRulePriorities"},
		},
		"HTTPS with NLB and logs": {
			balancing: &LoadBalancing{Encrypted: true, hasNlb: true, hasAccessLogs: true},
			protocol:  "HTTPS",
			keys: []string{"albAccessLogsBucket", "albDnsName", "albProtocol", "albSecurityGroupId", "listenerRulePriorities",
				"nlbDnsName"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			exports := tc.balancing.Exports()
			assert.Equal(t, tc.keys, sortedKeys(exports))
			assert.Equal(t, pulumi.String(tc.protocol), exports["albProtocol"])
			if warning, ok := exports["albWarning"]; ok {
				assert.Contains(t, string(warning.(pulumi.String)), "unencrypted")
			}
		})
	}
}

func TestNoSecurityGroupAdmitsTheInternet(t *testing.T) {
	allowed := []string{"172.16.0.0/12", "192.168.10.0/24"}
	for name, tc := range map[string]struct {
		loadBalancer map[string]any
		ports        []float64
	}{
		"plain HTTP": {loadBalancer: map[string]any{"allowedCidrs": allowed}, ports: []float64{80}},
		"HTTPS with NLB": {loadBalancer: map[string]any{"allowedCidrs": allowed, "certificateArn": lbCertificate, "nlb": true},
			ports: []float64{80, 443}},
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(tc.loadBalancer, map[string]any{"mode": IngressHTTPAPI, "backendHostname": ingressBackendHost}, lbTwoServices()))
			assertNoOpenIngress(t, rec)

			albGroup := rec.named(t, awstypes.Ec2SecurityGroup, "loadbalancing-alb")
			type rule struct {
				port float64
				cidr string
			}
			var ingress []rule
			for _, r := range rec.ofType(awstypes.VpcSecurityGroupIngressRule) {
				if stringProp(r.Inputs, "securityGroupId") != albGroup.ID {
					continue
				}
				assert.Equal(t, number(t, r.Inputs, "fromPort"), number(t, r.Inputs, "toPort"), r.Name)
				ingress = append(ingress, rule{number(t, r.Inputs, "fromPort"), stringProp(r.Inputs, "cidrIpv4")})
			}
			var want []rule
			for _, port := range tc.ports {
				for _, cidr := range append([]string{"10.20.0.0/16"}, allowed...) {
					want = append(want, rule{port, cidr})
				}
			}
			assert.ElementsMatch(t, want, ingress, "the ALB admits exactly its listener ports from the VPC and allowedCidrs")

			var egress []rule
			for _, r := range rec.ofType(awstypes.VpcSecurityGroupEgressRule) {
				if stringProp(r.Inputs, "securityGroupId") == albGroup.ID {
					egress = append(egress, rule{number(t, r.Inputs, "fromPort"), stringProp(r.Inputs, "cidrIpv4")})
				}
			}
			assert.ElementsMatch(t, []rule{{8080, "10.20.0.0/16"}, {9000, "10.20.0.0/16"}}, egress,
				"the ALB reaches only the routed container ports inside the VPC")
		})
	}
}

func TestListenerRulesRouteByHostAndPath(t *testing.T) {
	services := map[string]any{
		"web":  lbApp(8080, []string{"www.example.com", "example.com"}, nil, nil),
		"api":  lbApp(9000, []string{"api.example.com"}, []string{"/v1/*", "/v2/*"}, map[string]any{"routing": map[string]any{"priority": 10}}),
		"shop": lbApp(3000, nil, []string{"/shop/*"}, nil),
	}
	rec := mustRunProgram(t, lbStack(map[string]any{"certificateArn": lbCertificate}, nil, services))

	type condition struct{ hosts, paths []string }
	for _, tc := range []struct {
		service    string
		priority   float64
		conditions []condition
	}{
		{service: "web", priority: float64(DerivedRulePriority("web")), conditions: []condition{{hosts: []string{"www.example.com", "example.com"}}}},
		{service: "api", priority: 10, conditions: []condition{{hosts: []string{"api.example.com"}}, {paths: []string{"/v1/*", "/v2/*"}}}},
		{service: "shop", priority: float64(DerivedRulePriority("shop")), conditions: []condition{{paths: []string{"/shop/*"}}}},
	} {
		t.Run(tc.service, func(t *testing.T) {
			rule := rec.named(t, awstypes.LbListenerRule, "loadbalancing-"+tc.service).Inputs
			assert.Equal(t, tc.priority, number(t, rule, "priority"))
			var got []condition
			for _, c := range objects(t, rule, "conditions") {
				got = append(got, condition{hosts: stringsProp(c, "hostHeader", "values"), paths: stringsProp(c, "pathPattern", "values")})
			}
			assert.Equal(t, tc.conditions, got)
		})
	}

	for _, service := range []string{"web", "api", "shop"} {
		actions := objects(t, rec.named(t, awstypes.LbListenerRule, "loadbalancing-"+service).Inputs, "actions")
		require.Len(t, actions, 1, service)
		assert.Equal(t, "forward", stringProp(actions[0], "type"), service)
		assert.Equal(t, stringProp(rec.named(t, awstypes.LbTargetGroup, "loadbalancing-"+service+"-tg").Outputs, "arn"),
			stringProp(actions[0], "targetGroupArn"), service)
	}
}

// TestTargetGroupsAreNamedByPrefixSoEveryServiceNameFits: a target group name has at most 32 characters, so the
// provider's "<logical name>-<7 hex>" fails for "loadbalancing-<service>" beyond 10 characters of service name; a
// namePrefix of at most 6 characters (the provider appends 26) fits every service name.
func TestTargetGroupsAreNamedByPrefixSoEveryServiceNameFits(t *testing.T) {
	longest := "orders-" + strings.Repeat("x", maxServiceNameLength-len("orders-"))
	rec := mustRunProgram(t, lbStack(nil, nil, map[string]any{
		"web":   lbApp(8080, []string{"www.example.com"}, nil, nil),
		longest: lbApp(9000, []string{"orders.example.com"}, nil, nil),
		"a-b":   lbApp(7000, []string{"ab.example.com"}, nil, nil),
	}))
	for service, prefix := range map[string]string{"web": "web-", longest: "order-", "a-b": "a-b-"} {
		group := rec.named(t, awstypes.LbTargetGroup, "loadbalancing-"+service+"-tg").Inputs
		assert.Equal(t, prefix, stringProp(group, "namePrefix"), service)
		assert.LessOrEqual(t, len(prefix), 6, "terraform-provider-aws validTargetGroupNamePrefix")
		_, named := prop(group, "name")
		assert.False(t, named, "%s: an explicit name would collide on replacement", service)
	}
}

// lbResources returns the resources of the LoadBalancing component by type and name.
func lbResources(rec *recorder) map[string]recordedResource {
	out := map[string]recordedResource{}
	for _, res := range rec.all() {
		if strings.HasPrefix(res.Name, "loadbalancing") {
			out[res.Type+"::"+res.Name] = res
		}
	}
	return out
}

func TestAddingAServiceChangesNoExistingRuleOrTargetGroup(t *testing.T) {
	for name, loadBalancer := range map[string]map[string]any{
		"plain HTTP":     nil,
		"HTTPS with NLB": {"certificateArn": lbCertificate, "nlb": true},
	} {
		t.Run(name, func(t *testing.T) {
			services := lbTwoServices()
			services["shop"] = lbApp(3000, nil, []string{"/shop/*"}, nil)
			before := mustRunProgram(t, lbStack(loadBalancer, nil, services))

			services["billing"] = lbApp(7000, []string{"billing.example.com"}, nil, nil)
			services["aaa-first"] = lbApp(8080, nil, []string{"/aaa/*"}, nil)
			after := mustRunProgram(t, lbStack(loadBalancer, nil, services))

			afterResources := lbResources(after)
			beforeResources := lbResources(before)
			for key, res := range beforeResources {
				again, ok := afterResources[key]
				if assert.True(t, ok, "%s disappeared", key) {
					assert.True(t, res.Inputs.DeepEquals(again.Inputs), "%s changed:\nbefore %v\nafter  %v", key, res.Inputs, again.Inputs)
				}
			}
			assert.Len(t, after.ofType(awstypes.LbListenerRule), 5)
			assert.Len(t, afterResources, len(beforeResources)+5, "two rules, two target groups and the new port's egress rule")

			priorities := map[float64]string{}
			for _, rule := range after.ofType(awstypes.LbListenerRule) {
				priority := number(t, rule.Inputs, "priority")
				assert.NotContains(t, priorities, priority, "%s and %s share a priority", rule.Name, priorities[priority])
				priorities[priority] = rule.Name
			}
		})
	}
}

func TestNlbForwardsTCPToTheAlbThroughAlbTargetGroups(t *testing.T) {
	for name, tc := range map[string]struct {
		loadBalancer map[string]any
		ports        []int
	}{
		"plain HTTP": {loadBalancer: map[string]any{"nlb": true}, ports: []int{80}},
		"HTTPS (TLS passes through to the ALB)": {loadBalancer: map[string]any{"nlb": true, "certificateArn": lbCertificate},
			ports: []int{80, 443}},
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(tc.loadBalancer, nil, lbTwoServices()))
			alb := rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-alb")
			nlb := rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-nlb")
			assert.Equal(t, "network", stringProp(nlb.Inputs, "loadBalancerType"))
			assert.True(t, boolProp(t, nlb.Inputs, "enableCrossZoneLoadBalancing"))

			nlbListeners := 0
			for _, listener := range rec.ofType(awstypes.LbListener) {
				if stringProp(listener.Inputs, "loadBalancerArn") == stringProp(nlb.Outputs, "arn") {
					nlbListeners++
				}
			}
			assert.Equal(t, len(tc.ports), nlbListeners, "one NLB listener per ALB listener port")
			assert.Len(t, rec.ofType(awstypes.LbTargetGroupAttachment), len(tc.ports))

			for _, port := range tc.ports {
				portName := fmt.Sprintf("loadbalancing-nlb-%d", port)
				listener := rec.named(t, awstypes.LbListener, portName).Inputs
				assert.Equal(t, stringProp(nlb.Outputs, "arn"), stringProp(listener, "loadBalancerArn"))
				assert.Equal(t, "TCP", stringProp(listener, "protocol"))
				assert.Equal(t, float64(port), number(t, listener, "port"))
				group := rec.named(t, awstypes.LbTargetGroup, portName)
				actions := objects(t, listener, "defaultActions")
				require.Len(t, actions, 1)
				assert.Equal(t, "forward", stringProp(actions[0], "type"))
				assert.Equal(t, stringProp(group.Outputs, "arn"), stringProp(actions[0], "targetGroupArn"))

				attachment := rec.named(t, awstypes.LbTargetGroupAttachment, portName)
				assert.Equal(t, stringProp(group.Outputs, "arn"), stringProp(attachment.Inputs, "targetGroupArn"))
				assert.Equal(t, stringProp(alb.Outputs, "arn"), stringProp(attachment.Inputs, "targetId"), "the ALB is the target")
				assert.Equal(t, float64(port), number(t, attachment.Inputs, "port"))
				albListener := fmt.Sprintf("loadbalancing-alb-%d", port)
				assert.True(t, dependsOn(attachment, awstypes.LbListener, albListener),
					"attachment %s must wait for ALB listener %s; depends on %v", portName, albListener, attachment.Dependencies)
			}
		})
	}
}

func TestAccessLogsBucketIsPrivateEncryptedExpiringAndWritableByELB(t *testing.T) {
	for _, tc := range []struct {
		region    string
		principal map[string]any
	}{
		{region: "eu-west-1", principal: map[string]any{"AWS": "arn:aws:iam::156460612806:root"}},
		{region: "us-east-1", principal: map[string]any{"AWS": "arn:aws:iam::127311923021:root"}},
		{region: "eu-south-2", principal: map[string]any{"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}},
	} {
		t.Run(tc.region, func(t *testing.T) {
			cfg := lbStack(map[string]any{"accessLogs": map[string]any{"enabled": true, "expirationDays": 30}}, nil, nil).
				with("aws:region", tc.region).
				with("network", map[string]any{"availabilityZones": []string{tc.region + "a", tc.region + "b"}})
			rec := mustRunProgram(t, cfg)

			bucket := rec.named(t, awstypes.S3BucketV2, "loadbalancing-access-logs")
			block := rec.named(t, awstypes.S3BucketPublicAccessBlock, "loadbalancing-access-logs").Inputs
			assert.Equal(t, bucket.ID, stringProp(block, "bucket"))
			for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				assert.True(t, boolProp(t, block, flag), flag)
			}
			encryption := objects(t, rec.named(t, awstypes.S3BucketServerSideEncryptionConfigurationV2, "loadbalancing-access-logs").Inputs, "rules")
			require.Len(t, encryption, 1)
			assert.Equal(t, "AES256", stringProp(encryption[0], "applyServerSideEncryptionByDefault", "sseAlgorithm"))
			lifecycle := objects(t, rec.named(t, awstypes.S3BucketLifecycleConfigurationV2, "loadbalancing-access-logs").Inputs, "rules")
			require.Len(t, lifecycle, 1)
			assert.Equal(t, "Enabled", stringProp(lifecycle[0], "status"))
			assert.Equal(t, 30.0, number(t, lifecycle[0], "expiration", "days"))

			policy := rec.named(t, awstypes.S3BucketPolicy, "loadbalancing-access-logs")
			assert.Equal(t, bucket.ID, stringProp(policy.Inputs, "bucket"))
			doc := parsePolicy(t, stringProp(policy.Inputs, "policy"))
			require.Len(t, doc.Statement, 2)
			delivery := doc.Statement[0]
			assert.Equal(t, "Allow", delivery.Effect)
			assert.Equal(t, tc.principal, delivery.Principal)
			assert.Equal(t, []string{"s3:PutObject"}, delivery.Action)
			bucketArn := stringProp(bucket.Outputs, "arn")
			require.Len(t, delivery.Resource, 1)
			assert.True(t, strings.HasPrefix(delivery.Resource[0], bucketArn+"/alb/AWSLogs/"), delivery.Resource[0])
			assert.Equal(t, "Deny", doc.Statement[1].Effect)
			assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, doc.Statement[1].Condition)

			alb := rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-alb")
			assert.Equal(t, bucket.ID, stringProp(alb.Inputs, "accessLogs", "bucket"))
			assert.Equal(t, "alb", stringProp(alb.Inputs, "accessLogs", "prefix"))
			assert.True(t, boolProp(t, alb.Inputs, "accessLogs", "enabled"))
			assert.True(t, dependsOn(alb, awstypes.S3BucketPolicy, "loadbalancing-access-logs"), "ELB checks the bucket policy on creation")
		})
	}
}

// TestAccessLogsAreOnByDefault: Security Hub FSBP ELB.5; a stack may still turn them off, and then no bucket exists.
func TestAccessLogsAreOnByDefault(t *testing.T) {
	rec := mustRunProgram(t, lbStack(nil, nil, nil))
	assert.Len(t, rec.ofType(awstypes.S3BucketV2), 1)
	assert.True(t, boolProp(t, rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-alb").Inputs, "accessLogs", "enabled"))

	off := mustRunProgram(t, lbStack(map[string]any{"accessLogs": map[string]any{"enabled": false}}, nil, nil))
	assert.Empty(t, off.ofType(awstypes.S3BucketV2))
	_, ok := prop(off.named(t, awstypes.LbLoadBalancer, "loadbalancing-alb").Inputs, "accessLogs")
	assert.False(t, ok)
}

// TestServiceTargetsDescribeEachRoutedService runs the component on its own to read what it hands to the services.
func TestServiceTargetsDescribeEachRoutedService(t *testing.T) {
	image := "123456789012.dkr.ecr.eu-west-1.amazonaws.com/nginx:1.27"
	cfg := Config{Region: "eu-west-1", Network: NetworkConfig{AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"}},
		LoadBalancer: LoadBalancerConfig{CertificateArn: lbCertificate}, Services: map[string]ServiceConfig{
			"web":    {TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{AppContainer: {Image: image, Ports: []int{8080}}}}, Routing: &RoutingConfig{Hosts: []string{"www.example.com"}}},
			"shop":   {TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{AppContainer: {Image: image, Ports: []int{3000}}}}, Routing: &RoutingConfig{Paths: []string{"/shop/*"}}},
			"worker": {TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{AppContainer: {Image: image}}}},
		}}
	cfg.applyDefaults()
	require.NoError(t, cfg.Validate())

	type resolved struct {
		groups []string
		label  string
		rules  int
		name   string
		port   int
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	got := map[string]resolved{}
	rec := newRecorder("eu-west-1")
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		balancing, err := NewLoadBalancing(ctx, "loadbalancing", &LoadBalancingArgs{
			Config: cfg.LoadBalancer, Region: cfg.Region, Services: cfg.Services, VpcId: pulumi.String("vpc-1"),
			VpcCidr: "10.20.0.0/16", SubnetIds: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
		})
		if err != nil {
			return err
		}
		for service, target := range balancing.ServiceTargets {
			inputs := []any{target.RequestCountResourceLabel, target.TargetGroupArn}
			wg.Add(1)
			pulumi.All(inputs...).ApplyT(func(values []any) error {
				defer wg.Done()
				r := resolved{label: values[0].(string), rules: len(target.ListenerRules), name: target.ContainerName, port: target.ContainerPort}
				for _, v := range values[1:] {
					r.groups = append(r.groups, v.(string))
				}
				mu.Lock()
				got[service] = r
				mu.Unlock()
				return nil
			})
		}
		return nil
	}, pulumi.WithMocks(configNamespace, mockStack, rec))
	require.NoError(t, err)
	resolvedAll := make(chan struct{})
	go func() { wg.Wait(); close(resolvedAll) }()
	select {
	case <-resolvedAll:
	case <-time.After(30 * time.Second):
		require.FailNow(t, "the service targets' outputs never resolved")
	}

	arn := func(name string) string { return stringProp(rec.named(t, awstypes.LbTargetGroup, name).Outputs, "arn") }
	assert.Equal(t, map[string]resolved{
		"web": {groups: []string{arn("loadbalancing-web-tg")}, rules: 1, name: AppContainer, port: 8080,
			label: "app/loadbalancing-alb/0123456789abcdef/targetgroup/loadbalancing-web-tg/0123456789abcdef"},
		"shop": {groups: []string{arn("loadbalancing-shop-tg")}, rules: 1, name: AppContainer, port: 3000,
			label: "app/loadbalancing-alb/0123456789abcdef/targetgroup/loadbalancing-shop-tg/0123456789abcdef"},
	}, got, "unrouted services get no target")
}

func TestLoadBalancingPassesEveryMandatoryPolicy(t *testing.T) {
	services := lbTwoServices()
	services["shop"] = lbApp(3000, nil, []string{"/shop/*"}, nil)
	for name, cfg := range map[string]stackConfig{
		"HTTPS, NLB, rest-api, access logs": lbStack(map[string]any{"certificateArn": lbCertificate, "nlb": true,
			"allowedCidrs": []string{"172.16.0.0/12"}, "accessLogs": map[string]any{"enabled": true}},
			map[string]any{"mode": IngressRestAPI, "backendHostname": ingressBackendHost, "cloudWatchRole": CloudWatchRoleCreate}, services),
		"HTTPS, http-api": lbStack(map[string]any{"certificateArn": lbCertificate},
			map[string]any{"mode": IngressHTTPAPI, "backendHostname": ingressBackendHost}, services),
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, cfg)
			require.NotEmpty(t, rec.ofType(awstypes.LbListenerRule))
			assert.Empty(t, mandatoryViolations(rec, rules.DefaultConfig()))
		})
	}
}
