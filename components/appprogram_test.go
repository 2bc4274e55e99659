package components

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// testPlatformDev is the shipped dev platform as the app stack dev-payments names it (a local backend's organization).
const testPlatformDev = "organization/private-fargate/dev"

// devPaymentsApp is the shipped app stack's config, changed by edit (nil: as shipped).
func devPaymentsApp(t *testing.T, edit func(stackConfig) stackConfig) stackConfig {
	t.Helper()
	cfg := shippedStacks(t)[testApp]
	require.NotNil(t, cfg, "Pulumi.dev-payments.yaml is shipped")
	if edit != nil {
		cfg = edit(cfg)
	}
	return cfg
}

// TestShippedAppStackRunsOnItsPlatform: dev-payments registers its service's and job's resources and nothing of a
// platform; they join dev's cluster, VPC, subnets and rules listener (as the contract names them), its rule takes a
// priority inside its grant, every resource carries the app tag and every role the app's path and the platform's
// boundary, which its deploy policy requires.
func TestShippedAppStackRunsOnItsPlatform(t *testing.T) {
	rec, err := runProgramAs(t, testApp, devPaymentsApp(t, nil))
	require.NoError(t, err)
	contract, err := shippedPlatforms(t)(testPlatformDev)
	require.NoError(t, err)
	decoded, err := platformcontract.Decode(testPlatformDev, contract["platform"])
	require.NoError(t, err)

	for _, platformOnly := range []string{awstypes.Ec2Vpc, awstypes.Ec2Subnet, awstypes.Ec2VpcEndpoint, awstypes.EcsCluster,
		awstypes.LbLoadBalancer, awstypes.LbListener, awstypes.IamPolicy} {
		assert.Empty(t, rec.ofType(platformOnly), "an app stack registers no %s", platformOnly)
	}
	services := rec.ofType(awstypes.EcsService)
	require.Len(t, services, 1)
	service := services[0].Inputs
	assert.Equal(t, decoded.Cluster.Arn, stringProp(service, "cluster"))
	assert.Equal(t, decoded.Network.PrivateSubnetIds, stringsProp(service, "networkConfiguration", "subnets"))
	assert.True(t, strings.HasPrefix(services[0].Name, platformcontract.NamePrefix(testApp)),
		"%s: the deploy policy admits ECS services named %s*", services[0].Name, platformcontract.NamePrefix(testApp))

	rules := rec.ofType(awstypes.LbListenerRule)
	require.Len(t, rules, 1)
	grant := decoded.Apps[testApp]
	assert.Equal(t, decoded.LoadBalancer.RulesListenerArn, stringProp(rules[0].Inputs, "listenerArn"))
	assert.True(t, grant.Priorities.Contains(int(number(t, rules[0].Inputs, "priority"))))
	ingress := rec.ofType(awstypes.VpcSecurityGroupIngressRule)
	require.Len(t, ingress, 1, "the app's own task group admits the platform's ALB, and nothing else")
	assert.Equal(t, decoded.LoadBalancer.SecurityGroupId, stringProp(ingress[0].Inputs, "referencedSecurityGroupId"))

	require.Len(t, rec.ofType(awstypes.SchedulerSchedule), 1)
	roles := rec.ofType(awstypes.IamRole)
	require.Len(t, roles, 5, "execution and task roles of the service and the job, and the job's Scheduler role")
	for _, role := range roles {
		assert.Equal(t, platformcontract.RolePath("private-fargate", testApp), stringProp(role.Inputs, "path"), role.Name)
		assert.Equal(t, decoded.AppPermissionsBoundaryArn, stringProp(role.Inputs, "permissionsBoundary"), role.Name)
	}
	// The app's own topic, alarms and dashboard; the ALB's alarm stays the platform's.
	topics := rec.ofType(awstypes.SnsTopic)
	require.Len(t, topics, 1)
	assert.Equal(t, "private-fargate-dev-payments-alarms", stringProp(topics[0].Inputs, "name"))
	require.Len(t, rec.ofType(awstypes.CloudwatchDashboard), 1)
	var alarmNames []string
	for _, alarm := range rec.ofType(awstypes.CloudwatchMetricAlarm) {
		alarmNames = append(alarmNames, stringProp(alarm.Inputs, "name"))
	}
	assert.Contains(t, alarmNames, "private-fargate-dev-payments-billing-target-5xx-rate")
	assert.Contains(t, alarmNames, "private-fargate-dev-payments-billing-cpu-high")
	for _, name := range alarmNames {
		assert.NotContains(t, name, alarmElb5xx, "the ALB's alarm is the platform's")
	}
	assert.NotEmpty(t, stringsProp(service, "alarms", "alarmNames"), "the service's deployments roll back on its alarms")

	for _, res := range rec.all() {
		if _, taggable := res.Inputs["tags"]; taggable {
			assert.Equal(t, testApp, stringProp(res.Inputs, "tags", platformcontract.AppTagKey), "%s %s", res.Type, res.Name)
		}
	}
}

// TestAppStackRefusesPlatformKeys: every platform-only key set in an app stack is an error naming it, all at once,
// and nothing is registered; the defaults Pulumi.yaml declares for them, which the engine hands every stack, are not.
func TestAppStackRefusesPlatformKeys(t *testing.T) {
	set := map[string]any{
		"network":      map[string]any{"cidr": "10.9.0.0/16"},
		"endpoints":    map[string]any{"enabled": false},
		"loadBalancer": map[string]any{"enabled": false},
		"ingress":      map[string]any{"mode": IngressHTTPAPI},
		"cluster":      map[string]any{"containerInsights": "disabled"},
		"apps":         map[string]any{"dev-search": map[string]any{"priorities": map[string]any{"first": 30000, "last": 30999}}},
	}
	require.ElementsMatch(t, platformOnlyKeys, slices.Collect(maps.Keys(set)))
	cfg := devPaymentsApp(t, func(c stackConfig) stackConfig {
		for key, value := range set {
			c = c.with(key, value)
		}
		return c
	})
	rec, err := runProgramAs(t, testApp, cfg)
	var configErr *ConfigError
	require.ErrorAs(t, err, &configErr)
	assert.Empty(t, rec.all())
	for _, key := range platformOnlyKeys {
		assert.True(t, slices.ContainsFunc(configErr.Problems, func(p string) bool {
			return strings.HasPrefix(p, key+": is a platform stack key")
		}), "no problem for %s in:\n%s", key, strings.Join(configErr.Problems, "\n"))
	}

	project := readProjectFile(t)
	withDefaults := devPaymentsApp(t, func(c stackConfig) stackConfig {
		for _, key := range platformOnlyKeys {
			c = c.with(key, project.Config[key].Default)
		}
		return c
	})
	_, err = runProgramAs(t, testApp, withDefaults)
	assert.NoError(t, err, "Pulumi.yaml's defaults, which the engine passes on, are not settings of the app stack")
}

// TestAppStackErrorsNameBothStacksKeys: what an app claims beyond its grant or needs of the platform fails before
// any resource, naming the app's key and the platform's key to change; a job gets the services' cross-stack checks.
func TestAppStackErrorsNameBothStacksKeys(t *testing.T) {
	billing := func(edit func(map[string]any)) map[string]any {
		svc := map[string]any{
			"routing":    map[string]any{"hosts": []string{"payments.dev.internal"}, "paths": []string{"/billing/*"}},
			"containers": map[string]any{"app": map[string]any{"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:1", "ports": []int{8080}}},
		}
		if edit != nil {
			edit(svc)
		}
		return svc
	}
	job := func(image string, secrets map[string]string) map[string]any {
		return map[string]any{"containers": map[string]any{"app": map[string]any{"image": image, "secrets": secrets}}}
	}
	for _, tc := range []struct {
		name     string
		edit     func(stackConfig) stackConfig
		key      string
		contains string
	}{
		{"another app's path", func(c stackConfig) stackConfig {
			return c.with("services", map[string]any{"billing": billing(func(s map[string]any) {
				s["routing"] = map[string]any{"hosts": []string{"web.dev.internal"}, "paths": []string{"/*"}}
			})})
		}, "services.billing.routing", "apps.dev-payments.hosts of platform stack organization/private-fargate/dev"},
		{"a priority outside the range", func(c stackConfig) stackConfig {
			return c.with("services", map[string]any{"billing": billing(func(s map[string]any) {
				s["routing"].(map[string]any)["priority"] = 100
			})})
		}, "services.billing.routing.priority", "apps.dev-payments.priorities of platform stack organization/private-fargate/dev"},
		{"a job's secret without the platform's endpoint", func(c stackConfig) stackConfig {
			return c.with("jobs", map[string]any{"invoices": job("123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:1",
				map[string]string{"DB": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"})})
		}, "jobs.invoices.containers.app.secrets.DB", "endpoints.extra of platform stack organization/private-fargate/dev"},
		{"a job's public image under egress none", func(c stackConfig) stackConfig {
			return c.with("jobs", map[string]any{"invoices": job("nginx:1.27", nil)})
		}, "jobs.invoices.containers.app.image", "network.egress of platform stack organization/private-fargate/dev"},
		{"a job on ARM64 and Spot", func(c stackConfig) stackConfig {
			j := job("123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:1", nil)
			j["architecture"] = "ARM64"
			j["capacityProviderStrategy"] = []map[string]any{{"capacityProvider": "FARGATE_SPOT"}}
			return c.with("jobs", map[string]any{"invoices": j})
		}, "jobs.invoices.architecture", "FARGATE_SPOT"},
		{"a job's S3 statements under the restricted endpoint policy", func(c stackConfig) stackConfig {
			j := job("123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:1", nil)
			j["taskRole"] = map[string]any{"statements": []map[string]any{{"actions": []string{"s3:GetObject"},
				"resources": []string{"arn:aws:s3:::invoices/*"}}}}
			return c.with("jobs", map[string]any{"invoices": j})
		}, "jobs.invoices.taskRole.statements[0]", "endpoints.s3Policy of platform stack organization/private-fargate/dev"},
		{"more addresses than granted", func(c stackConfig) stackConfig {
			return c.with("services", map[string]any{"billing": billing(func(s map[string]any) { s["desiredCount"] = 20 })})
		}, "services", "apps.dev-payments.subnetAddresses of platform stack organization/private-fargate/dev"},
		{"a stack the platform grants nothing", func(c stackConfig) stackConfig {
			return c.with("platform", "organization/private-fargate/prod")
		}, "platform", "grants nothing to stack \"dev-payments\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := runProgramAs(t, testApp, devPaymentsApp(t, tc.edit))
			var configErr *ConfigError
			require.ErrorAs(t, err, &configErr)
			assert.Empty(t, rec.all(), "nothing is registered")
			assert.True(t, slices.ContainsFunc(configErr.Problems, func(p string) bool {
				return strings.HasPrefix(p, tc.key+": ") && strings.Contains(p, tc.contains)
			}), "no problem %s: …%s… in:\n%s", tc.key, tc.contains, strings.Join(configErr.Problems, "\n"))
		})
	}
}

// TestPlatformServesItsGrants: a platform with grants registers the apps' permissions boundary and lets its ALB's
// security group reach each granted target port (dev's own service listens on 80 only; dev-payments is granted 8080),
// so app stacks never modify the platform's groups; without grants it registers neither.
func TestPlatformServesItsGrants(t *testing.T) {
	egressPorts := func(rec *recorder) []float64 {
		var ports []float64
		for _, rule := range rec.ofType(awstypes.VpcSecurityGroupEgressRule) {
			if strings.HasPrefix(rule.Name, "loadbalancing-alb-to-") {
				ports = append(ports, number(t, rule.Inputs, "fromPort"))
			}
		}
		return ports
	}
	dev := shippedStacks(t)["dev"]
	rec, err := runProgramAs(t, "dev", dev)
	require.NoError(t, err)
	boundary := rec.named(t, awstypes.IamPolicy, "app-permissions-boundary")
	assert.Contains(t, stringProp(boundary.Inputs, "policy"), `"NotAction":["iam:*","organizations:*","account:*"]`)
	assert.ElementsMatch(t, []float64{80, 8080}, egressPorts(rec))

	without := stackConfig{}
	for key, value := range dev {
		if key != "apps" {
			without[key] = value
		}
	}
	rec, err = runProgramAs(t, "dev", without)
	require.NoError(t, err)
	assert.Empty(t, rec.ofType(awstypes.IamPolicy))
	assert.ElementsMatch(t, []float64{80}, egressPorts(rec))
}
