package components

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/policy/rules"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testAccount   = "123456789012"
	apiSecretArn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"
	webRepository = "arn:aws:ecr:eu-west-1:123456789012:repository/web"
	apiRepository = "arn:aws:ecr:eu-west-1:123456789012:repository/api"
)

// articleServiceConfig is article 001's task as stack config: web (the app container) on 80 and api on 8080, which
// web reaches at 127.0.0.1:8080 over the task's shared localhost. Both images come from private ECR, which the
// endpoints reach without internet.
func articleServiceConfig() map[string]any {
	return map[string]any{
		"cpu": 512, "memory": 1024,
		"containers": map[string]any{
			"app": map[string]any{
				"image": testAccount + ".dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0", "ports": []int{80}, "memory": 500, "cpu": 10,
				"environment":   map[string]string{"API_URL": "http://127.0.0.1:8080"},
				"writablePaths": []string{"/var/cache/nginx", "/var/run"},
			},
			"api": map[string]any{
				"image": testAccount + ".dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0", "ports": []int{8080}, "memory": 500, "cpu": 10,
				"secrets": map[string]string{"DB_PASSWORD": apiSecretArn + ":password::"},
				"healthCheck": map[string]any{"command": []string{"CMD-SHELL", "wget -qO- http://127.0.0.1:8080/health || exit 1"},
					"startPeriodSeconds": 15},
			},
		},
	}
}

// fullServicesConfig switches on every service feature: two containers with secrets, ECR, ECS Exec, task role
// statements and managed policies, autoscaling, spot, extra security groups, ephemeral storage and ARM.
func fullServicesConfig() stackConfig {
	return servicesConfig(map[string]any{
		"web": articleServiceConfig(),
		"worker": serviceWith(map[string]any{
			"cpu": 1024, "memory": 2048, "architecture": "ARM64", "ephemeralStorageGiB": 50, "ecsExec": true,
			"desiredCount": 1, "platformVersion": "1.4.0", "logRetentionDays": 90,
			"securityGroupIds": []string{"sg-0123456789abcdef0"},
			// ARM64 tasks cannot run on FARGATE_SPOT, which this test's cluster default includes.
			"capacityProviderStrategy": []any{map[string]any{"capacityProvider": "FARGATE", "weight": 1}},
			"autoscaling":              map[string]any{"min": 1, "max": 4, "cpuTargetPercent": 70},
			"taskRole": map[string]any{
				"managedPolicyArns": []string{"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
				"statements": []any{map[string]any{"actions": []string{"sqs:ReceiveMessage", "sqs:DeleteMessage"},
					"resources": []string{"arn:aws:sqs:eu-west-1:123456789012:jobs"}}},
			},
			"containers": map[string]any{
				"app": appWith(map[string]any{"ports": nil,
					"secrets": map[string]string{"QUEUE_TOKEN": "arn:aws:ssm:eu-west-1:123456789012:parameter/worker/token"}}),
				// ECS Exec's agent needs a writable root file system in the container it runs in.
				"shell": appWith(map[string]any{"ports": nil, "image": testAccount + ".dkr.ecr.eu-west-1.amazonaws.com/amazonlinux:2023",
					"essential": false, "readonlyRootFilesystem": false, "command": []string{"sleep", "infinity"}}),
			},
		}),
	})
}

// containerDefinitionsOf parses a recorded task definition's container JSON.
func containerDefinitionsOf(t *testing.T, taskDefinition recordedResource) map[string]map[string]any {
	t.Helper()
	byName := map[string]map[string]any{}
	for _, c := range decodeContainers(t, stringProp(taskDefinition.Inputs, "containerDefinitions")) {
		byName[c["name"].(string)] = c
	}
	return byName
}

func TestClusterHasContainerInsightsAndFargateCapacityProviders(t *testing.T) {
	cases := []struct {
		name     string
		cluster  map[string]any
		insights string
		strategy []map[string]any
	}{
		{"defaults", nil, "enabled", []map[string]any{{"capacityProvider": "FARGATE", "weight": 1.0, "base": 1.0}}},
		{"spot-heavy, enhanced insights", map[string]any{"containerInsights": "enhanced", "capacityProviderStrategy": []any{
			map[string]any{"capacityProvider": "FARGATE", "base": 2},
			map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 4}}}, "enhanced",
			[]map[string]any{{"capacityProvider": "FARGATE", "weight": 1.0, "base": 2.0}, {"capacityProvider": "FARGATE_SPOT", "weight": 4.0, "base": 0.0}}},
		{"insights off", map[string]any{"containerInsights": "disabled"}, "disabled",
			[]map[string]any{{"capacityProvider": "FARGATE", "weight": 1.0, "base": 1.0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := minimalStack()
			if c.cluster != nil {
				cfg = cfg.with("cluster", c.cluster)
			}
			if c.insights == "disabled" {
				// The running-tasks alarm reads Container Insights: alarms on refuse a cluster without it.
				cfg = cfg.with("alarms", map[string]any{"enabled": false})
			}
			rec := mustRunProgram(t, cfg)
			clusters := rec.ofType(awstypes.EcsCluster)
			require.Len(t, clusters, 1)
			assert.Equal(t, []any{map[string]any{"name": "containerInsights", "value": c.insights}},
				clusters[0].Inputs.Mappable()["settings"])

			providers := rec.ofType(awstypes.EcsClusterCapacityProviders)
			require.Len(t, providers, 1)
			assert.Equal(t, stringProp(clusters[0].Outputs, "name"), stringProp(providers[0].Inputs, "clusterName"))
			assert.ElementsMatch(t, []string{"FARGATE", "FARGATE_SPOT"}, stringsProp(providers[0].Inputs, "capacityProviders"))
			var strategy []map[string]any
			for _, item := range providers[0].Inputs.Mappable()["defaultCapacityProviderStrategies"].([]any) {
				strategy = append(strategy, item.(map[string]any))
			}
			assert.Equal(t, c.strategy, strategy)
		})
	}
}

func TestEveryServiceRunsInThePrivateSubnetsWithoutPublicIP(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig())
	services := rec.ofType(awstypes.EcsService)
	require.Len(t, services, 2)
	subnets := rec.ofType(awstypes.Ec2Subnet)
	// Registration order is concurrent; the subnets' names end in their AZ, whose order is the config's here.
	slices.SortFunc(subnets, func(a, b recordedResource) int { return strings.Compare(a.Name, b.Name) })
	var privateSubnetIDs []string
	for _, subnet := range subnets {
		if strings.Contains(subnet.Name, "-private-") {
			privateSubnetIDs = append(privateSubnetIDs, subnet.ID)
		}
	}
	require.Len(t, privateSubnetIDs, 2)
	for _, service := range services {
		assignPublicIP, ok := prop(service.Inputs, "networkConfiguration", "assignPublicIp")
		require.True(t, ok, "%s must set assignPublicIp explicitly", service.Name)
		assert.False(t, assignPublicIP.BoolValue(), "%s assigns public IPs", service.Name)
		assert.Equal(t, privateSubnetIDs, stringsProp(service.Inputs, "networkConfiguration", "subnets"), service.Name)
		groups := stringsProp(service.Inputs, "networkConfiguration", "securityGroups")
		require.NotEmpty(t, groups)
		assert.Equal(t, service.Name+"-sg-id", groups[0], "%s runs in its own security group first", service.Name)
	}
	worker := rec.named(t, awstypes.EcsService, "services-worker")
	assert.Equal(t, []string{"services-worker-sg-id", "sg-0123456789abcdef0"}, stringsProp(worker.Inputs, "networkConfiguration", "securityGroups"))
}

func TestEveryTaskDefinitionIsAwsvpcOnFargate(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig())
	taskDefinitions := rec.ofType(awstypes.EcsTaskDefinition)
	require.Len(t, taskDefinitions, 2)
	for _, td := range taskDefinitions {
		assert.Equal(t, "awsvpc", stringProp(td.Inputs, "networkMode"), td.Name)
		assert.Equal(t, []string{"FARGATE"}, stringsProp(td.Inputs, "requiresCompatibilities"), td.Name)
		assert.Equal(t, "LINUX", stringProp(td.Inputs, "runtimePlatform", "operatingSystemFamily"), td.Name)
		assert.Equal(t, rec.named(t, awstypes.IamRole, td.Name+"-execution").Outputs["arn"].StringValue(), stringProp(td.Inputs, "executionRoleArn"))
		assert.Equal(t, rec.named(t, awstypes.IamRole, td.Name+"-task").Outputs["arn"].StringValue(), stringProp(td.Inputs, "taskRoleArn"))
	}
	cases := []struct {
		name, family, cpu, memory, architecture string
		ephemeral                               any
	}{
		{"services-web", "private-fargate-test-web", "512", "1024", "X86_64", nil},
		{"services-worker", "private-fargate-test-worker", "1024", "2048", "ARM64", map[string]any{"sizeInGib": 50.0}},
	}
	for _, c := range cases {
		td := rec.named(t, awstypes.EcsTaskDefinition, c.name)
		assert.Equal(t, c.family, stringProp(td.Inputs, "family"))
		assert.Equal(t, c.cpu, stringProp(td.Inputs, "cpu"))
		assert.Equal(t, c.memory, stringProp(td.Inputs, "memory"))
		assert.Equal(t, c.architecture, stringProp(td.Inputs, "runtimePlatform", "cpuArchitecture"))
		assert.Equal(t, c.ephemeral, td.Inputs.Mappable()["ephemeralStorage"])
	}
}

func TestContainerJSONParsesAndMatchesTheConfig(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig())
	web := rec.named(t, awstypes.EcsTaskDefinition, "services-web")
	containers := containerDefinitionsOf(t, web)
	require.Len(t, containers, 2)

	logGroup := rec.named(t, awstypes.CloudwatchLogGroup, "services-web-logs")
	logGroupName := stringProp(logGroup.Inputs, "name")
	assert.Equal(t, "/ecs/private-fargate/test/web", logGroupName)
	assert.Equal(t, 30.0, number(t, logGroup.Inputs, "retentionInDays"), "default retention")
	assert.Equal(t, 90.0, number(t, rec.named(t, awstypes.CloudwatchLogGroup, "services-worker-logs").Inputs, "retentionInDays"))

	want := map[string]struct {
		image, port string
	}{
		"app": {testAccount + ".dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0", "80"},
		"api": {testAccount + ".dkr.ecr.eu-west-1.amazonaws.com/api:1.0.0", "8080"},
	}
	for name, w := range want {
		c := containers[name]
		require.NotNil(t, c, "container %s", name)
		assert.Equal(t, w.image, c["image"])
		assert.Equal(t, true, c["essential"], "containers are essential by default")
		assert.Equal(t, 500.0, c["memory"])
		assert.Equal(t, 10.0, c["cpu"])
		mappings, _ := json.Marshal(c["portMappings"])
		assert.JSONEq(t, `[{"containerPort":`+w.port+`,"hostPort":`+w.port+`,"protocol":"tcp"}]`, string(mappings))
		assert.Equal(t, true, c["readonlyRootFilesystem"])
		assert.Equal(t, map[string]any{"logDriver": "awslogs", "options": map[string]any{
			"awslogs-group": logGroupName, "awslogs-region": "eu-west-1", "awslogs-stream-prefix": name}}, c["logConfiguration"])
	}
	assert.Equal(t, []any{map[string]any{"name": "API_URL", "value": "http://127.0.0.1:8080"}}, containers["app"]["environment"])
	assert.Equal(t, []any{map[string]any{"name": "DB_PASSWORD", "valueFrom": apiSecretArn + ":password::"}}, containers["api"]["secrets"])
	assert.Equal(t, "CMD-SHELL", containers["api"]["healthCheck"].(map[string]any)["command"].([]any)[0])

	// Every mount point is backed by a task volume, and every task volume is mounted.
	var mounted []string
	for _, c := range containers {
		for _, m := range asList(c["mountPoints"]) {
			mounted = append(mounted, m.(map[string]any)["sourceVolume"].(string))
		}
	}
	var volumes []string
	for _, v := range asList(web.Inputs.Mappable()["volumes"]) {
		volumes = append(volumes, v.(map[string]any)["name"].(string))
	}
	assert.Equal(t, []string{"app-var-cache-nginx", "app-var-run"}, volumes)
	assert.ElementsMatch(t, volumes, mounted)
}

func asList(v any) []any {
	list, _ := v.([]any)
	return list
}

// policyDocuments returns every IAM policy document the program rendered, keyed by where it came from: role trust
// policies, inline role policies, RolePolicy resources and managed Policy resources.
func policyDocuments(t *testing.T, rec *recorder) map[string]policyDocument {
	t.Helper()
	docs := map[string]policyDocument{}
	for _, role := range rec.ofType(awstypes.IamRole) {
		docs[role.Name+" assumeRolePolicy"] = parsePolicy(t, stringProp(role.Inputs, "assumeRolePolicy"))
		for i, inline := range asList(role.Inputs.Mappable()["inlinePolicies"]) {
			raw, _ := inline.(map[string]any)["policy"].(string)
			docs[role.Name+" inlinePolicies["+string(rune('0'+i))+"]"] = parsePolicy(t, raw)
		}
	}
	for _, token := range []string{awstypes.IamRolePolicy, awstypes.IamPolicy} {
		for _, policy := range rec.ofType(token) {
			docs[policy.Name+" policy"] = parsePolicy(t, stringProp(policy.Inputs, "policy"))
		}
	}
	return docs
}

func TestNoIAMPolicyGrantsEveryAction(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig())
	docs := policyDocuments(t, rec)
	// 2 services × (execution trust + policy, task trust) + worker's task policy: the check must have something to check.
	require.GreaterOrEqual(t, len(docs), 7)
	for where, doc := range docs {
		require.NotEmpty(t, doc.Statement, where)
		for _, statement := range doc.Statement {
			require.NotEmpty(t, statement.Action, "%s has a statement without actions", where)
			for _, action := range statement.Action {
				assert.False(t, isWildcardAction(action), "%s grants %q", where, action)
			}
		}
	}
}

func TestExecutionRoleGrantsExactlyWhatTheTaskNeeds(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig())
	for _, role := range []string{"services-web-execution", "services-worker-execution", "services-web-task", "services-worker-task"} {
		trust := parsePolicy(t, stringProp(rec.named(t, awstypes.IamRole, role).Inputs, "assumeRolePolicy"))
		require.Len(t, trust.Statement, 1)
		assert.Equal(t, map[string]any{"Service": "ecs-tasks.amazonaws.com"}, trust.Statement[0].Principal, role)
		assert.Equal(t, []string{"sts:AssumeRole"}, trust.Statement[0].Action, role)
	}

	logArn := rec.named(t, awstypes.CloudwatchLogGroup, "services-web-logs").Outputs["arn"].StringValue()
	web := parsePolicy(t, stringProp(rec.named(t, awstypes.IamRolePolicy, "services-web-execution").Inputs, "policy"))
	grants := map[string][]string{}
	for _, s := range web.Statement {
		for _, action := range s.Action {
			grants[action] = s.Resource
		}
	}
	assert.Equal(t, map[string][]string{
		"ecr:GetAuthorizationToken":       {"*"},
		"ecr:BatchCheckLayerAvailability": {apiRepository, webRepository},
		"ecr:BatchGetImage":               {apiRepository, webRepository},
		"ecr:GetDownloadUrlForLayer":      {apiRepository, webRepository},
		"logs:CreateLogStream":            {logArn, logArn + ":*"},
		"logs:PutLogEvents":               {logArn, logArn + ":*"},
		"secretsmanager:GetSecretValue":   {apiSecretArn},
	}, grants)
	for _, attachment := range rec.ofType(awstypes.IamRolePolicyAttachment) {
		assert.NotContains(t, attachment.Name, "-execution", "an execution role gets no managed policy: "+
			"AmazonECSTaskExecutionRolePolicy would let it pull from every repository")
	}

	// worker's grant follows its own images (nginx for app, amazonlinux for the shell), plus its log group and its
	// SSM parameter.
	worker := parsePolicy(t, stringProp(rec.named(t, awstypes.IamRolePolicy, "services-worker-execution").Inputs, "policy"))
	workerGrants := map[string][]string{}
	for _, s := range worker.Statement {
		for _, action := range s.Action {
			workerGrants[action] = s.Resource
		}
	}
	workerRepositories := []string{"arn:aws:ecr:eu-west-1:123456789012:repository/amazonlinux", "arn:aws:ecr:eu-west-1:123456789012:repository/nginx"}
	workerLogArn := rec.named(t, awstypes.CloudwatchLogGroup, "services-worker-logs").Outputs["arn"].StringValue()
	assert.Equal(t, map[string][]string{
		"ecr:GetAuthorizationToken":       {"*"},
		"ecr:BatchCheckLayerAvailability": workerRepositories,
		"ecr:BatchGetImage":               workerRepositories,
		"ecr:GetDownloadUrlForLayer":      workerRepositories,
		"logs:CreateLogStream":            {workerLogArn, workerLogArn + ":*"},
		"logs:PutLogEvents":               {workerLogArn, workerLogArn + ":*"},
		"ssm:GetParameters":               {"arn:aws:ssm:eu-west-1:123456789012:parameter/worker/token"},
	}, workerGrants)
}

func TestTaskRoleHasTheConfiguredPermissionsOnly(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig())
	attachment := rec.named(t, awstypes.IamRolePolicyAttachment, "services-worker-task-aws-AmazonS3ReadOnlyAccess")
	assert.Equal(t, "services-worker-task", stringProp(attachment.Inputs, "role"))
	assert.Equal(t, "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", stringProp(attachment.Inputs, "policyArn"))

	worker := parsePolicy(t, stringProp(rec.named(t, awstypes.IamRolePolicy, "services-worker-task").Inputs, "policy"))
	require.Len(t, worker.Statement, 2)
	assert.Equal(t, []string{"sqs:ReceiveMessage", "sqs:DeleteMessage"}, worker.Statement[0].Action)
	assert.Equal(t, []string{"arn:aws:sqs:eu-west-1:123456789012:jobs"}, worker.Statement[0].Resource)
	assert.Equal(t, "Allow", worker.Statement[0].Effect)
	assert.Equal(t, ecsExecActions, worker.Statement[1].Action, "ECS Exec needs the SSM channels")

	for _, policy := range rec.ofType(awstypes.IamRolePolicy) {
		assert.NotEqual(t, "services-web-task", policy.Name, "web's task role was given nothing")
	}
	exec := map[string]bool{"services-web": false, "services-worker": true}
	for name, want := range exec {
		value, ok := prop(rec.named(t, awstypes.EcsService, name).Inputs, "enableExecuteCommand")
		require.True(t, ok)
		assert.Equal(t, want, value.BoolValue(), name)
	}
}

func TestServiceDeploymentSettings(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig().with("cluster", map[string]any{"capacityProviderStrategy": []any{
		map[string]any{"capacityProvider": "FARGATE", "base": 1}, map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 2}}}))
	cases := []struct {
		name            string
		desiredCount    float64
		platformVersion string
		strategy        []any
	}{
		{"services-web", 2, "LATEST", []any{
			map[string]any{"capacityProvider": "FARGATE", "weight": 1.0, "base": 1.0},
			map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 2.0, "base": 0.0}}},
		{"services-worker", 1, "1.4.0", []any{map[string]any{"capacityProvider": "FARGATE", "weight": 1.0, "base": 0.0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			service := rec.named(t, awstypes.EcsService, c.name)
			inputs := service.Inputs.Mappable()
			assert.Equal(t, c.desiredCount, inputs["desiredCount"])
			assert.Equal(t, c.platformVersion, inputs["platformVersion"])
			assert.Equal(t, c.strategy, inputs["capacityProviderStrategies"], "the strategy is explicit on every service")
			assert.NotContains(t, inputs, "launchType")
			assert.Equal(t, map[string]any{"enable": true, "rollback": true}, inputs["deploymentCircuitBreaker"])
			assert.Equal(t, 100.0, inputs["deploymentMinimumHealthyPercent"])
			assert.Equal(t, 200.0, inputs["deploymentMaximumPercent"])
			assert.Equal(t, "SERVICE", inputs["propagateTags"])
			assert.Equal(t, rec.ofType(awstypes.EcsCluster)[0].Outputs["arn"].StringValue(), inputs["cluster"])
			assert.Equal(t, rec.named(t, awstypes.EcsTaskDefinition, c.name).Outputs["arn"].StringValue(), inputs["taskDefinition"])
			assert.NotContains(t, inputs, "loadBalancers", "not routed")
			assert.NotContains(t, inputs, "healthCheckGracePeriodSeconds", "only valid with a load balancer")
		})
	}

	launchType := mustRunProgram(t, webWith(map[string]any{"launchType": "FARGATE", "minimumHealthyPercent": 50, "maximumPercent": 150}))
	inputs := launchType.named(t, awstypes.EcsService, "services-web").Inputs.Mappable()
	assert.Equal(t, "FARGATE", inputs["launchType"])
	assert.NotContains(t, inputs, "capacityProviderStrategies")
	assert.Equal(t, 50.0, inputs["deploymentMinimumHealthyPercent"])
	assert.Equal(t, 150.0, inputs["deploymentMaximumPercent"])
}

func TestUnroutedServiceAdmitsNothingAndEgressesToHTTPSAndTheVpc(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig())
	for _, rule := range rec.ofType(awstypes.VpcSecurityGroupIngressRule) {
		assert.False(t, strings.HasPrefix(rule.Name, "services-"), "unrouted service has ingress rule %s", rule.Name)
	}
	for _, service := range []string{"services-web", "services-worker"} {
		var egress []string
		for _, rule := range rec.ofType(awstypes.VpcSecurityGroupEgressRule) {
			if stringProp(rule.Inputs, "securityGroupId") != service+"-sg-id" {
				continue
			}
			m := rule.Inputs.Mappable()
			egress = append(egress, m["ipProtocol"].(string)+" "+formatPort(m["fromPort"])+"-"+formatPort(m["toPort"])+" "+m["cidrIpv4"].(string))
		}
		assert.ElementsMatch(t, []string{"tcp 443-443 0.0.0.0/0", "tcp 0-65535 10.20.0.0/16"}, egress, service)
	}
	assertNoOpenIngress(t, rec)
}

func formatPort(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

func TestAddingAServiceChangesNothingThatExists(t *testing.T) {
	before := mustRunProgram(t, servicesConfig(map[string]any{"web": articleServiceConfig()}))
	require.Len(t, before.ofType(awstypes.EcsService), 1)
	full := fullServicesConfig()
	services := full["services"].(map[string]any)
	services["api"] = serviceWith(map[string]any{"autoscaling": map[string]any{"max": 3}})
	after := mustRunProgram(t, full)
	require.Len(t, after.ofType(awstypes.EcsService), 3)
	// The dashboard gains the new service's charts: an in-place PutDashboard, no replacement.
	assertNothingExistingChanged(t, before, after, awstypes.CloudwatchDashboard)
}

func TestServicesPassThePolicyPack(t *testing.T) {
	cfg := fullServicesConfig()
	// web's containers name a non-root user; worker's leave it to their images.
	web := cfg["services"].(map[string]any)["web"].(map[string]any)
	for _, ctr := range web["containers"].(map[string]any) {
		ctr.(map[string]any)["user"] = "1000:1000"
	}
	rec := mustRunProgram(t, cfg)
	findings := map[string][]string{}
	for _, v := range rules.Evaluate(policyResources(rec), rules.DefaultConfig()) {
		if strings.HasPrefix(v.Resource, "services-") {
			findings[string(v.Level)] = append(findings[string(v.Level)], v.Policy+" "+v.Resource+": "+v.Message)
		}
	}
	// The one mandatory finding is the one the config asked for: worker's ECS Exec shell container has a writable
	// root (FSBP ECS.5), which a stack using ECS Exec records as an exception in its policy config (README, ecsExec).
	require.Len(t, findings["mandatory"], 1, "%v", findings["mandatory"])
	assert.Contains(t, findings["mandatory"][0], `ecs-container-readonly-root services-worker: task definition "services-worker" container "shell"`)
	// The advisories are FSBP ECS.20 on worker's two containers without a user, and nothing on web's.
	require.Len(t, findings["advisory"], 2, "%v", findings["advisory"])
	for _, finding := range findings["advisory"] {
		assert.Contains(t, finding, "ecs-container-non-root services-worker:")
	}

	// The same harness sees a writable root file system on a service that asks for one.
	writable := mustRunProgram(t, webContainers(map[string]any{"app": appWith(map[string]any{"readonlyRootFilesystem": false, "user": "app"})}))
	var policies []string
	for _, v := range rules.Evaluate(policyResources(writable), rules.DefaultConfig()) {
		if v.Resource == "services-web" {
			policies = append(policies, v.Policy)
		}
	}
	assert.Equal(t, []string{"ecs-container-readonly-root"}, policies)
}

func TestServiceResourcesAreNamedAndParentedByTheirService(t *testing.T) {
	rec := mustRunProgram(t, fullServicesConfig())
	counted := 0
	for _, res := range rec.all() {
		if !res.Custom || !strings.Contains(res.Parent, "private-fargate:index:FargateService") {
			continue
		}
		counted++
		service := res.Parent[strings.LastIndex(res.Parent, "::")+2:]
		assert.True(t, strings.HasPrefix(res.Name, service), "%s %q is not named after its service %q", res.Type, res.Name, service)
	}
	assert.Greater(t, counted, 20)
}

// dependencyRecorder adds what a resource was registered to depend on and to ignore to the shared recorder.
type dependencyRecorder struct {
	*recorder
	mu            sync.Mutex
	dependencies  map[string][]string
	ignoreChanges map[string][]string
}

func (d *dependencyRecorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if req := args.RegisterRPC; req != nil {
		d.mu.Lock()
		d.dependencies[args.TypeToken+"::"+args.Name] = req.GetDependencies()
		d.ignoreChanges[args.TypeToken+"::"+args.Name] = req.GetIgnoreChanges()
		d.mu.Unlock()
	}
	return d.recorder.NewResource(args)
}

// runRoutedServices runs NewServices alone with ServiceTargets built here for the routed services, the way the
// load-balancing component hands them over: a blue/green pair of target groups, the app container's port 80, the
// request-count label and a listener rule to wait for.
func runRoutedServices(t *testing.T, cfg stackConfig, routed ...string) *dependencyRecorder {
	t.Helper()
	rec := &dependencyRecorder{recorder: newRecorder("eu-west-1"), dependencies: map[string][]string{}, ignoreChanges: map[string][]string{}}
	program := func(ctx *pulumi.Context) error {
		config, err := LoadConfig(ctx)
		if err != nil {
			return err
		}
		albGroup, err := ec2.NewSecurityGroup(ctx, "alb", &ec2.SecurityGroupArgs{VpcId: pulumi.String("vpc-1")})
		if err != nil {
			return err
		}
		targets := map[string]ServiceTarget{}
		for _, name := range routed {
			blue := "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/" + name + "-blue/1"
			rule, err := lb.NewListenerRule(ctx, name+"-rule", &lb.ListenerRuleArgs{
				ListenerArn: pulumi.String("arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/alb/1/2"),
				Actions:     lb.ListenerRuleActionArray{lb.ListenerRuleActionArgs{Type: pulumi.String("forward"), TargetGroupArn: pulumi.String(blue)}},
				Conditions: lb.ListenerRuleConditionArray{lb.ListenerRuleConditionArgs{
					PathPattern: lb.ListenerRuleConditionPathPatternArgs{Values: pulumi.ToStringArray([]string{"/" + name + "/*"})}}},
			})
			if err != nil {
				return err
			}
			targets[name] = ServiceTarget{
				TargetGroupArn:            pulumi.String(blue).ToStringOutput(),
				ContainerName:             "app",
				ContainerPort:             80,
				RequestCountResourceLabel: pulumi.String("app/alb/1/targetgroup/" + name + "-blue/1").ToStringOutput(),
				ListenerRules:             []pulumi.Resource{rule},
			}
		}
		_, err = NewServices(ctx, "services", &ServicesArgs{
			Cluster: config.Cluster, Services: config.Services, Region: config.Region, AccountId: pulumi.String(mockAccount),
			VpcId: pulumi.String("vpc-1"), VpcCidr: "10.20.0.0/16", SubnetIds: pulumi.ToStringArray([]string{"subnet-a", "subnet-b"}),
			AlbSecurityGroupId: albGroup.ID(), Targets: targets,
		})
		return err
	}
	require.NoError(t, pulumi.RunErr(program, pulumi.WithMocks(configNamespace, mockStack, rec), func(info *pulumi.RunInfo) {
		info.Config = cfg.runInfoConfig(t)
	}))
	return rec
}

func TestRoutedServiceAttachesToItsTargetGroupAfterTheListenerRule(t *testing.T) {
	rec := runRoutedServices(t, fullServicesConfig(), "web")
	web := rec.named(t, awstypes.EcsService, "services-web").Inputs.Mappable()
	assert.Equal(t, []any{map[string]any{
		"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-blue/1",
		"containerName":  "app", "containerPort": 80.0,
	}}, web["loadBalancers"], "registers with its target group")
	assert.Equal(t, 60.0, web["healthCheckGracePeriodSeconds"])
	assert.Contains(t, rec.dependencies[awstypes.EcsService+"::services-web"],
		urnOf(awstypes.LbListenerRule, "web-rule"))
	assert.Contains(t, strings.Join(rec.dependencies[awstypes.EcsService+"::services-web"], " "), "ClusterCapacityProviders::services-cluster",
		"a capacity provider strategy needs the providers on the cluster first")

	var ingress []map[string]any
	for _, rule := range rec.ofType(awstypes.VpcSecurityGroupIngressRule) {
		if stringProp(rule.Inputs, "securityGroupId") == "services-web-sg-id" {
			inputs := rule.Inputs.Mappable()
			assert.Equal(t, rule.Name, inputs["tags"].(map[string]any)["Name"], "security group rules are tagged too")
			delete(inputs, "tags")
			ingress = append(ingress, inputs)
		}
	}
	assert.Equal(t, []map[string]any{{"securityGroupId": "services-web-sg-id", "description": "Container port from the ALB",
		"ipProtocol": "tcp", "fromPort": 80.0, "toPort": 80.0, "referencedSecurityGroupId": "alb-id"}}, ingress,
		"only the container port, only from the ALB's group")

	worker := rec.named(t, awstypes.EcsService, "services-worker").Inputs.Mappable()
	assert.NotContains(t, worker, "loadBalancers")
	assert.NotContains(t, strings.Join(rec.dependencies[awstypes.EcsService+"::services-worker"], " "), "listenerRule")
}

func TestAutoscalingTracksCPUAndRequestsAndOwnsTheDesiredCount(t *testing.T) {
	cfg := fullServicesConfig()
	services := cfg["services"].(map[string]any)
	services["web"].(map[string]any)["autoscaling"] = map[string]any{"min": 2, "max": 10, "requestsPerTarget": 500}
	rec := runRoutedServices(t, cfg, "web")

	clusterName := stringProp(rec.ofType(awstypes.EcsCluster)[0].Outputs, "name")
	cases := []struct {
		service  string
		min, max float64
		policies map[string]map[string]any
	}{
		{"services-web", 2, 10, map[string]map[string]any{
			"services-web-cpu": {"targetValue": 60.0, "predefinedMetricSpecification": map[string]any{
				"predefinedMetricType": "ECSServiceAverageCPUUtilization"}},
			"services-web-requests": {"targetValue": 500.0, "predefinedMetricSpecification": map[string]any{
				"predefinedMetricType": "ALBRequestCountPerTarget", "resourceLabel": "app/alb/1/targetgroup/web-blue/1"}},
		}},
		{"services-worker", 1, 4, map[string]map[string]any{
			"services-worker-cpu": {"targetValue": 70.0, "predefinedMetricSpecification": map[string]any{
				"predefinedMetricType": "ECSServiceAverageCPUUtilization"}},
		}},
	}
	for _, c := range cases {
		t.Run(c.service, func(t *testing.T) {
			target := rec.named(t, awstypes.AppautoscalingTarget, c.service).Inputs.Mappable()
			resourceID := "service/" + clusterName + "/" + stringProp(rec.named(t, awstypes.EcsService, c.service).Outputs, "name")
			assert.Equal(t, map[string]any{"serviceNamespace": "ecs", "scalableDimension": "ecs:service:DesiredCount",
				"resourceId": resourceID, "minCapacity": c.min, "maxCapacity": c.max}, withoutKey(target, "tags"))
			got := map[string]map[string]any{}
			for _, policy := range rec.ofType(awstypes.AppautoscalingPolicy) {
				if !strings.HasPrefix(policy.Name, c.service+"-") {
					continue
				}
				inputs := policy.Inputs.Mappable()
				assert.Equal(t, "TargetTrackingScaling", inputs["policyType"])
				assert.Equal(t, resourceID, inputs["resourceId"])
				got[policy.Name] = inputs["targetTrackingScalingPolicyConfiguration"].(map[string]any)
			}
			assert.Equal(t, c.policies, got)
			assert.Equal(t, []string{"desiredCount"}, rec.ignoreChanges[awstypes.EcsService+"::"+c.service])
		})
	}

	plain := runRoutedServices(t, webWith(nil), "web")
	assert.Empty(t, plain.ofType(awstypes.AppautoscalingTarget))
	assert.Empty(t, plain.ofType(awstypes.AppautoscalingPolicy))
	assert.Empty(t, plain.ignoreChanges[awstypes.EcsService+"::services-web"], "without autoscaling the config owns desiredCount")
}

func withoutKey(m map[string]any, key string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func TestProgramWiresRoutedServicesToTheLoadBalancer(t *testing.T) {
	cfg := fullServicesConfig()
	web := cfg["services"].(map[string]any)["web"].(map[string]any)
	web["routing"] = map[string]any{"paths": []string{"/*"}}
	web["autoscaling"] = map[string]any{"max": 4}
	rec := mustRunProgram(t, cfg)

	balancers := rec.ofType(awstypes.LbLoadBalancer)
	require.Len(t, balancers, 1)
	albGroups := stringsProp(balancers[0].Inputs, "securityGroups")
	require.Len(t, albGroups, 1)

	var webGroup recordedResource
	for _, group := range rec.ofType(awstypes.LbTargetGroup) {
		if strings.Contains(group.Name, "web") {
			webGroup = group
		}
	}
	require.NotEmpty(t, webGroup.Name, "the load balancer made no target group for web")

	service := rec.named(t, awstypes.EcsService, "services-web").Inputs.Mappable()
	assert.Equal(t, []any{map[string]any{"targetGroupArn": webGroup.Outputs["arn"].StringValue(), "containerName": "app",
		"containerPort": 80.0}}, service["loadBalancers"])
	assert.Equal(t, 60.0, service["healthCheckGracePeriodSeconds"])

	var ingressSources []string
	for _, rule := range rec.ofType(awstypes.VpcSecurityGroupIngressRule) {
		if stringProp(rule.Inputs, "securityGroupId") == "services-web-sg-id" {
			ingressSources = append(ingressSources, stringProp(rule.Inputs, "referencedSecurityGroupId")+" tcp "+
				formatPort(rule.Inputs.Mappable()["fromPort"]))
		}
	}
	assert.Equal(t, []string{albGroups[0] + " tcp 80"}, ingressSources)

	requests := rec.named(t, awstypes.AppautoscalingPolicy, "services-web-requests")
	assert.Equal(t, stringProp(balancers[0].Outputs, "arnSuffix")+"/"+stringProp(webGroup.Outputs, "arnSuffix"),
		stringProp(requests.Inputs, "targetTrackingScalingPolicyConfiguration", "predefinedMetricSpecification", "resourceLabel"))
	assert.NotContains(t, rec.named(t, awstypes.EcsService, "services-worker").Inputs.Mappable(), "loadBalancers")
}
