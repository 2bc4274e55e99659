package components

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// articleTask is article 001's task as a defaulted TaskConfig: web on 80 (the app container) and api on 8080,
// which web reaches at 127.0.0.1:8080.
func articleTask() TaskConfig {
	svc := TaskConfig{
		Cpu: 512, Memory: 1024,
		Containers: map[string]ContainerConfig{
			"app": {Image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0", Ports: []int{80}, Memory: 500, Cpu: 10,
				Environment:   map[string]string{"API_URL": "http://127.0.0.1:8080", "LOG_LEVEL": "info"},
				WritablePaths: []string{"/var/cache/nginx", "/tmp/"}},
			"api": {Image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4", Ports: []int{8080}, Memory: 500, Cpu: 10,
				MemoryReservation: 256, Command: []string{"serve", "--port", "8080"},
				ReadonlyRootFilesystem: boolPtr(false), Essential: boolPtr(false),
				Secrets: map[string]string{"DB_PASSWORD": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"},
				HealthCheck: &ContainerHealthCheckConfig{Command: []string{"CMD-SHELL", "wget -q -O- localhost:8080/health"},
					StartPeriodSeconds: 10}},
		},
	}
	svc.applyDefaults()
	return svc
}

// decodeContainers parses rendered container definitions generically, so the test checks the ECS field names
// rather than the Go struct tags it would otherwise share with the code.
func decodeContainers(t *testing.T, raw string) []map[string]any {
	t.Helper()
	var containers []map[string]any
	require.NoError(t, json.Unmarshal([]byte(raw), &containers), "container definitions are not a JSON array: %s", raw)
	return containers
}

func TestContainerDefinitionsFollowTheServiceConfig(t *testing.T) {
	task := buildContainerDefinitions(articleTask(), "/ecs/p/s/web", "eu-west-1")
	raw, err := marshalContainerDefinitions(task.Definitions)
	require.NoError(t, err)
	containers := decodeContainers(t, raw)
	require.Len(t, containers, 2)

	app, api := containers[0], containers[1]
	assert.Equal(t, "app", app["name"], "the app container comes first")
	assert.Equal(t, "api", api["name"])
	assert.Equal(t, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0", app["image"])
	assert.Equal(t, true, app["essential"])
	assert.Equal(t, false, api["essential"])
	assert.Equal(t, []any{map[string]any{"containerPort": 80.0, "hostPort": 80.0, "protocol": "tcp"}}, app["portMappings"])
	assert.Equal(t, []any{map[string]any{"containerPort": 8080.0, "hostPort": 8080.0, "protocol": "tcp"}}, api["portMappings"])
	assert.Equal(t, 500.0, app["memory"])
	assert.NotContains(t, app, "memoryReservation", "an unset soft limit is left out")
	assert.Equal(t, 256.0, api["memoryReservation"])
	assert.Equal(t, []any{"serve", "--port", "8080"}, api["command"])
	assert.Equal(t, []any{
		map[string]any{"name": "API_URL", "value": "http://127.0.0.1:8080"},
		map[string]any{"name": "LOG_LEVEL", "value": "info"},
	}, app["environment"], "environment is sorted by name")
	assert.NotContains(t, app, "secrets")
	assert.Equal(t, []any{map[string]any{"name": "DB_PASSWORD",
		"valueFrom": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"}}, api["secrets"])
	assert.NotContains(t, api, "environment")
	assert.Equal(t, map[string]any{"command": []any{"CMD-SHELL", "wget -q -O- localhost:8080/health"},
		"interval": 30.0, "timeout": 5.0, "retries": 3.0, "startPeriod": 10.0}, api["healthCheck"])
	assert.NotContains(t, app, "healthCheck")
	assert.Equal(t, true, app["readonlyRootFilesystem"], "read-only root is the default")
	assert.Equal(t, false, api["readonlyRootFilesystem"])

	for _, c := range containers {
		assert.Equal(t, map[string]any{"logDriver": "awslogs", "options": map[string]any{
			"awslogs-group": "/ecs/p/s/web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": c["name"],
		}}, c["logConfiguration"], "container %v", c["name"])
	}
	assert.Equal(t, []any{
		map[string]any{"sourceVolume": "app-var-cache-nginx", "containerPath": "/var/cache/nginx", "readOnly": false},
		map[string]any{"sourceVolume": "app-tmp", "containerPath": "/tmp", "readOnly": false},
	}, app["mountPoints"])
	assert.NotContains(t, api, "mountPoints")
	assert.Equal(t, []string{"app-tmp", "app-var-cache-nginx"}, task.Volumes)
}

func TestContainerDefinitionsEscapeValuesThroughJSON(t *testing.T) {
	svc := TaskConfig{Containers: map[string]ContainerConfig{"app": {Image: "nginx",
		Environment: map[string]string{"GREETING": `say "hi"` + "\n\\ {{.}}"}}}}
	svc.applyDefaults()
	raw, err := marshalContainerDefinitions(buildContainerDefinitions(svc, "g", "r").Definitions)
	require.NoError(t, err)
	containers := decodeContainers(t, raw)
	require.Len(t, containers, 1)
	assert.Equal(t, []any{map[string]any{"name": "GREETING", "value": `say "hi"` + "\n\\ {{.}}"}}, containers[0]["environment"])
}

func TestContainerOrderPutsAppFirst(t *testing.T) {
	cases := []struct {
		names []string
		want  []string
	}{
		{[]string{"app"}, []string{"app"}},
		{[]string{"zz", "app", "aa"}, []string{"app", "aa", "zz"}},
		{[]string{"ab", "aa", "app", "b"}, []string{"app", "aa", "ab", "b"}},
	}
	for _, c := range cases {
		containers := map[string]ContainerConfig{}
		for _, name := range c.names {
			containers[name] = ContainerConfig{}
		}
		assert.Equal(t, c.want, containerOrder(containers))
	}
}

func TestWritableVolumeName(t *testing.T) {
	cases := []struct{ container, path, want string }{
		{"app", "/tmp", "app-tmp"},
		{"app", "/tmp/", "app-tmp"},
		{"app", "/var/cache/nginx", "app-var-cache-nginx"},
		{"proxy", "/var//run/../lib", "proxy-var-lib"},
		{"app", "/data/my.files", "app-data-my-files"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, writableVolumeName(c.container, c.path), "%s %s", c.container, c.path)
	}
}

func TestFindPortClashes(t *testing.T) {
	cases := []struct {
		name       string
		containers map[string]ContainerConfig
		want       []portClash
	}{
		{"article 001: web 80 and api 8080", map[string]ContainerConfig{"app": {Ports: []int{80}}, "api": {Ports: []int{8080}}}, nil},
		{"no ports", map[string]ContainerConfig{"app": {}, "worker": {}}, nil},
		{"sidecar reuses the app's port", map[string]ContainerConfig{"app": {Ports: []int{80, 9090}}, "metrics": {Ports: []int{9090}}},
			[]portClash{{Container: "metrics", Index: 0, Port: 9090, Owner: "app"}}},
		{"app loses to nobody: the sidecar is reported even when its name sorts first",
			map[string]ContainerConfig{"app": {Ports: []int{8080}}, "aaa": {Ports: []int{8080}}},
			[]portClash{{Container: "aaa", Index: 0, Port: 8080, Owner: "app"}}},
		{"two sidecars", map[string]ContainerConfig{"app": {Ports: []int{80}}, "a": {Ports: []int{81}}, "b": {Ports: []int{82, 81}}},
			[]portClash{{Container: "b", Index: 1, Port: 81, Owner: "a"}}},
		{"same port twice in one container", map[string]ContainerConfig{"app": {Ports: []int{80, 80}}},
			[]portClash{{Container: "app", Index: 1, Port: 80, Owner: "app"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, findPortClashes(c.containers))
		})
	}
}

func TestSecretLooking(t *testing.T) {
	cases := []struct {
		name, value string
		secret      bool
	}{
		{"DB_PASSWORD", "hunter2", true},
		{"db_password", "hunter2", true},
		{"API_KEY", "abc", true},
		{"GITHUB_TOKEN", "abc", true},
		{"JWT_SECRET", "abc", true},
		{"AWS_SECRET_ACCESS_KEY", "abc", true},
		{"SERVICE_CREDENTIALS", "abc", true},
		{"DATABASE_URL", "postgres://app:hunter2@db.internal:5432/app", true},
		{"UPSTREAM", "AKIAIOSFODNN7EXAMPLE", true},
		{"TLS_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMII...", true},
		{"CI", "ghp_abcdefghijklmnopqrstuvwxyzABCDEF0123", true},
		{"DB_PASSWORD", "", false},
		{"DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", false},
		{"JWT_SECRET", "arn:aws:ssm:eu-west-1:123456789012:parameter/jwt", false},
		{"TOKEN_URL", "https://auth.internal/token", false},
		{"SECRET_NAME", "prod/db", false},
		{"DATABASE_URL", "postgres://db.internal:5432/app", false},
		{"API_URL", "http://127.0.0.1:8080", false},
		{"LOG_LEVEL", "debug", false},
		{"PWD", "/app", false},
		{"AUTHOR", "me", false},
	}
	for _, c := range cases {
		t.Run(c.name+"="+c.value, func(t *testing.T) {
			reason := secretLooking(c.name, c.value)
			if c.secret {
				assert.NotEmpty(t, reason)
			} else {
				assert.Empty(t, reason)
			}
		})
	}
}

func TestSecretReferences(t *testing.T) {
	cases := []struct {
		ref, kind, resource string
	}{
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "secretsmanager",
			"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::", "secretsmanager",
			"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password:AWSCURRENT:", "secretsmanager",
			"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"},
		{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/database", "secretsmanager",
			"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/database-??????"},
		{"arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf", "secretsmanager",
			"arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db-AbCdEf"},
		{"arn:aws:ssm:eu-west-1:123456789012:parameter/app/db-password", "ssm", ""},
		{"hunter2", "", ""},
		{"/app/db-password", "", ""},
		{"arn:aws:s3:::bucket/key", "", ""},
	}
	for _, c := range cases {
		t.Run(c.ref, func(t *testing.T) {
			assert.Equal(t, c.kind, secretKind(c.ref))
			if c.kind == "secretsmanager" {
				assert.Equal(t, c.resource, secretResourceArn(c.ref))
			}
		})
	}
}

func TestIsWildcardAction(t *testing.T) {
	for action, wildcard := range map[string]bool{
		"*": true, "s3:*": true, "*:*": true, "iam:**": true, "s3:Get*": true, "s3:?*": true, "sqs:*Message": true,
		"s3:GetObjec?": true, "s3:GetObject": false, "ssmmessages:OpenDataChannel": false,
	} {
		assert.Equal(t, wildcard, isWildcardAction(action), action)
	}
}

func TestExecutionRolePolicy(t *testing.T) {
	const logGroupArn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/p/s/web"
	svc := articleTask()
	// A second container from web's repository and one from another registry: the grant names each ECR repository
	// once and nothing for the other registry.
	svc.Containers["warmup"] = ContainerConfig{Image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web@sha256:" +
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Essential: boolPtr(false)}
	svc.Containers["agent"] = ContainerConfig{Image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", Essential: boolPtr(false)}
	svc.Containers["app"] = withSecrets(svc.Containers["app"], map[string]string{
		"JWT_KEY":  "arn:aws:ssm:eu-west-1:123456789012:parameter/web/jwt",
		"DB_ADMIN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:admin::",
	})
	svc.SecretsKmsKeyArns = []string{"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}

	doc := executionRolePolicy(svc, logGroupArn)
	bySid := map[string]policyStatement{}
	for _, s := range doc.Statement {
		bySid[s.Sid] = s
		assert.Equal(t, "Allow", s.Effect)
	}
	assert.Equal(t, []string{"ecr:GetAuthorizationToken"}, bySid["EcrAuthorization"].Action)
	assert.Equal(t, []string{"*"}, bySid["EcrAuthorization"].Resource)
	assert.Equal(t, []string{"arn:aws:ecr:eu-west-1:123456789012:repository/api", "arn:aws:ecr:eu-west-1:123456789012:repository/web"},
		bySid["EcrPull"].Resource, "each repository once, sorted")
	assert.Equal(t, []string{logGroupArn, logGroupArn + ":*"}, bySid["WriteLogs"].Resource)
	assert.Equal(t, []string{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"}, bySid["ReadSecrets"].Resource,
		"two references to one secret are one resource")
	assert.Equal(t, []string{"arn:aws:ssm:eu-west-1:123456789012:parameter/web/jwt"}, bySid["ReadParameters"].Resource)
	assert.Equal(t, []string{"kms:Decrypt"}, bySid["DecryptSecrets"].Action)
	assert.Equal(t, svc.SecretsKmsKeyArns, bySid["DecryptSecrets"].Resource)

	publicImages := TaskConfig{Containers: map[string]ContainerConfig{"app": {Image: "nginx"}}}
	minimal := executionRolePolicy(publicImages, logGroupArn)
	require.Len(t, minimal.Statement, 1, "images from other registries without secrets need only the log group: no ECR grant at all")
	assert.Equal(t, "WriteLogs", minimal.Statement[0].Sid)

	publicImages.SecretsKmsKeyArns = svc.SecretsKmsKeyArns
	assert.Len(t, executionRolePolicy(publicImages, logGroupArn).Statement, 1, "a key without secrets grants nothing")
}

func withSecrets(ctr ContainerConfig, secrets map[string]string) ContainerConfig {
	ctr.Secrets = secrets
	return ctr
}

func TestTaskRolePolicy(t *testing.T) {
	statement := PolicyStatementConfig{Effect: "Allow", Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::b/*"}}
	cases := []struct {
		name    string
		svc     TaskConfig
		ecsExec bool
		ok      bool
		actions [][]string
	}{
		{"nothing to grant", TaskConfig{}, false, false, nil},
		{"configured statements", TaskConfig{TaskRole: TaskRoleConfig{Statements: []PolicyStatementConfig{statement}}}, false, true,
			[][]string{{"s3:GetObject"}}},
		{"ECS Exec only", TaskConfig{}, true, true, [][]string{ecsExecActions}},
		{"both", TaskConfig{TaskRole: TaskRoleConfig{Statements: []PolicyStatementConfig{statement}}}, true, true,
			[][]string{{"s3:GetObject"}, ecsExecActions}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, ok := taskRolePolicy(c.svc, c.ecsExec)
			assert.Equal(t, c.ok, ok)
			var actions [][]string
			for _, s := range doc.Statement {
				actions = append(actions, s.Action)
			}
			assert.Equal(t, c.actions, actions)
		})
	}
}

func TestManagedPolicyName(t *testing.T) {
	assert.Equal(t, "aws-AmazonS3ReadOnlyAccess", managedPolicyName("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"))
	assert.Equal(t, "123456789012-team-app-reader", managedPolicyName("arn:aws:iam::123456789012:policy/team/app-reader"))
	assert.NotEqual(t, managedPolicyName("arn:aws:iam::111111111111:policy/reader"), managedPolicyName("arn:aws:iam::222222222222:policy/reader"))
}
