package components

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// appWith is a valid app container with fields replaced (a nil value deletes the field).
func appWith(fields map[string]any) map[string]any {
	return replaced(map[string]any{"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/nginx:1.27", "ports": []int{80}}, fields)
}

// serviceWith is a valid single-container service with fields replaced (a nil value deletes the field).
func serviceWith(fields map[string]any) map[string]any {
	return replaced(map[string]any{"containers": map[string]any{"app": appWith(nil)}}, fields)
}

func replaced(base, fields map[string]any) map[string]any {
	for k, v := range fields {
		if v == nil {
			delete(base, k)
			continue
		}
		base[k] = v
	}
	return base
}

// servicesConfig is the dev config with the given services.
func servicesConfig(services map[string]any) stackConfig {
	return minimalStack().with("services", services)
}

// webWith is a config with one service "web".
func webWith(fields map[string]any) stackConfig {
	return servicesConfig(map[string]any{"web": serviceWith(fields)})
}

// webContainers is a config with one service "web" with the given containers.
func webContainers(containers map[string]any) stackConfig {
	return webWith(map[string]any{"containers": containers})
}

func TestServiceConfigErrorsNameTheKey(t *testing.T) {
	const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"
	azs := strings.Split("abcdefghijklmnopq", "")
	for i := range azs {
		azs[i] = "eu-west-1" + azs[i]
	}
	cases := []struct {
		name    string
		config  stackConfig
		message string
	}{
		{"CPU that is not a Fargate size", webWith(map[string]any{"cpu": 300}),
			"services.web.cpu: 300 is not a Fargate task CPU size; use 256, 512, 1024, 2048, 4096, 8192 or 16384"},
		{"memory invalid for the CPU lists the valid values", webWith(map[string]any{"cpu": 1024, "memory": 1024}),
			"services.web.memory: 1024 MiB is not valid with cpu 1024 on Fargate; use 2048, 3072, 4096, 5120, 6144, 7168 or 8192"},
		{"memory between 8192 steps", webWith(map[string]any{"cpu": 16384, "memory": 40000}),
			"services.web.memory: 40000 MiB is not valid with cpu 16384 on Fargate; use 32768, 40960,"},
		{"port clash between containers", webContainers(map[string]any{"app": appWith(map[string]any{"ports": []int{8080}}),
			"sidecar": appWith(map[string]any{"ports": []int{9000, 8080}})}),
			"services.web.containers.sidecar.ports[1]: port 8080 is already used by container app; containers of a task share one network namespace"},
		{"port twice in one container", webContainers(map[string]any{"app": appWith(map[string]any{"ports": []int{80, 80}})}),
			"services.web.containers.app.ports[1]: port 80 is already used by an earlier entry of the same container"},
		{"port out of range", webContainers(map[string]any{"app": appWith(map[string]any{"ports": []int{70000}})}),
			"services.web.containers.app.ports[0]: 70000 is not a TCP port"},
		{"more than 16 subnets", webWith(nil).with("network", map[string]any{"cidr": "10.0.0.0/16", "subnetPrefixLength": 24,
			"availabilityZones": azs}),
			"network.availabilityZones: 17 AZs give 17 private subnets, but a service's or job's awsvpc configuration takes at most 16 subnets"},
		{"more than 5 security groups", webWith(map[string]any{"securityGroupIds": []string{"sg-0123456789abcdef0", "sg-0123456789abcdef1",
			"sg-0123456789abcdef2", "sg-0123456789abcdef3", "sg-0123456789abcdef4"}}),
			"services.web.securityGroupIds: 5 groups plus the task's own make 6; awsvpc allows at most 5"},
		{"not a security group id", webWith(map[string]any{"securityGroupIds": []string{"default"}}),
			`services.web.securityGroupIds[0]: "default" is not a security group id`},
		{"secret as a plain environment value", webContainers(map[string]any{"app": appWith(map[string]any{
			"environment": map[string]string{"DB_PASSWORD": "hunter2"}})}),
			"services.web.containers.app.environment.DB_PASSWORD: looks like a secret in plain text (its name contains PASSWORD); " +
				"store it in Secrets Manager or SSM Parameter Store and reference it under secrets.DB_PASSWORD"},
		{"credential in a URL", webContainers(map[string]any{"app": appWith(map[string]any{
			"environment": map[string]string{"DATABASE_URL": "postgres://app:hunter2@db:5432/app"}})}),
			"services.web.containers.app.environment.DATABASE_URL: looks like a secret in plain text (its value looks like a URL with an embedded password)"},
		{"secret given as a value instead of a reference", webContainers(map[string]any{"app": appWith(map[string]any{
			"secrets": map[string]string{"DB_PASSWORD": "hunter2"}})}),
			`services.web.containers.app.secrets.DB_PASSWORD: "hunter2" is not a reference; use a Secrets Manager secret ARN`},
		{"same variable as environment and secret", webContainers(map[string]any{"app": appWith(map[string]any{
			"environment": map[string]string{"DB_USER": "app"}, "secrets": map[string]string{"DB_USER": secretArn}})}),
			"services.web.containers.app.environment.DB_USER: is also set under secrets"},
		{"bad environment name", webContainers(map[string]any{"app": appWith(map[string]any{
			"environment": map[string]string{"1ST": "x"}})}),
			`services.web.containers.app.environment.1ST: "1ST" is not an environment variable name`},
		{"empty image", webContainers(map[string]any{"app": appWith(map[string]any{"image": ""})}),
			"services.web.containers.app.image: is empty"},
		{"blank image", webContainers(map[string]any{"app": appWith(map[string]any{"image": "  "})}),
			"services.web.containers.app.image: is empty"},
		{"missing image", webContainers(map[string]any{"app": appWith(map[string]any{"image": nil})}),
			"services.web.containers.app.image: is empty"},
		{"missing app container", webContainers(map[string]any{"web": appWith(nil)}),
			`services.web.containers: has no "app" container`},
		{"no containers at all", webWith(map[string]any{"containers": nil}),
			`services.web.containers: has no "app" container`},
		{"app cannot be non-essential", webContainers(map[string]any{"app": appWith(map[string]any{"essential": false})}),
			`services.web.containers.app.essential: the "app" container is always essential`},
		{"autoscaling min above max", webWith(map[string]any{"autoscaling": map[string]any{"min": 5, "max": 2}}),
			"services.web.autoscaling.min: 5 is above max 2"},
		{"autoscaling without max", webWith(map[string]any{"autoscaling": map[string]any{"min": 1}}),
			"services.web.autoscaling.max: is required"},
		{"autoscaling CPU target", webWith(map[string]any{"autoscaling": map[string]any{"max": 4, "cpuTargetPercent": 150}}),
			"services.web.autoscaling.cpuTargetPercent: 150 is outside (0, 100]"},
		{"containers reserve more than the task", webWith(map[string]any{"memory": 512, "containers": map[string]any{
			"app": appWith(map[string]any{"memory": 400}), "sidecar": appWith(map[string]any{"ports": nil, "memoryReservation": 200})}}),
			"services.web.containers: the containers reserve 600 MiB (memoryReservation, else memory, summed) but the task has 512 MiB"},
		{"container hard limit above the task", webContainers(map[string]any{"app": appWith(map[string]any{"memory": 1024})}),
			"services.web.containers.app.memory: hard limit 1024 MiB is above the task memory 512 MiB"},
		{"soft limit above hard limit", webContainers(map[string]any{"app": appWith(map[string]any{"memory": 256, "memoryReservation": 300})}),
			"services.web.containers.app.memoryReservation: soft limit 300 MiB is above the hard limit memory 256 MiB"},
		{"containers reserve more CPU than the task", webContainers(map[string]any{"app": appWith(map[string]any{"cpu": 200}),
			"sidecar": appWith(map[string]any{"ports": nil, "cpu": 100})}),
			"services.web.containers: the containers reserve 300 CPU units but the task has 256"},
		{"bad service name", servicesConfig(map[string]any{"Web_App": serviceWith(nil)}),
			`services.Web_App: "Web_App" is not a valid service name`},
		{"service name too long", servicesConfig(map[string]any{strings.Repeat("a", 33): serviceWith(nil)}),
			"is not a valid service name"},
		{"bad container name", webContainers(map[string]any{"app": appWith(nil), "side car": appWith(map[string]any{"ports": nil})}),
			`services.web.containers.side car: "side car" is not a valid container name`},
		{"ECS Exec with only read-only containers", webWith(map[string]any{"ecsExec": true}),
			"services.web.ecsExec: is on, but every container has a read-only root file system"},
		{"architecture", webWith(map[string]any{"architecture": "arm"}),
			`services.web.architecture: "arm" is not X86_64 or ARM64`},
		{"ephemeral storage", webWith(map[string]any{"ephemeralStorageGiB": 10}),
			"services.web.ephemeralStorageGiB: 10 is outside 21–200"},
		{"platform version", webWith(map[string]any{"platformVersion": "latest"}),
			`services.web.platformVersion: "latest" is not LATEST or a version like 1.4.0`},
		{"desired count", webWith(map[string]any{"desiredCount": -1}),
			"services.web.desiredCount: -1 is negative"},
		{"log retention", webWith(map[string]any{"logRetentionDays": 10}),
			"services.web.logRetentionDays: 10 is not a CloudWatch Logs retention"},
		{"minimum healthy percent", webWith(map[string]any{"minimumHealthyPercent": 150}),
			"services.web.minimumHealthyPercent: 150 is outside 0–100"},
		{"maximum percent", webWith(map[string]any{"maximumPercent": 100}),
			"services.web.maximumPercent: 100 must be at least 100 and above minimumHealthyPercent (100)"},
		{"launch type", webWith(map[string]any{"launchType": "EC2"}),
			`services.web.launchType: "EC2" is not FARGATE`},
		{"launch type with strategy", webWith(map[string]any{"launchType": "FARGATE",
			"capacityProviderStrategy": []any{map[string]any{"capacityProvider": "FARGATE_SPOT"}}}),
			"services.web.launchType: cannot be combined with capacityProviderStrategy"},
		{"service strategy provider", webWith(map[string]any{"capacityProviderStrategy": []any{map[string]any{"capacityProvider": "EC2"}}}),
			`services.web.capacityProviderStrategy[0].capacityProvider: "EC2" is not FARGATE or FARGATE_SPOT`},
		{"ecrRepositoryArns is derived from the images now", webWith(map[string]any{"ecrRepositoryArns": []string{"arn:aws:ecr:eu-west-1:123456789012:repository/web"}}),
			"services.web.ecrRepositoryArns: is no longer used: the execution role's pull grant is derived from the containers' images"},
		{"healthCheck of a service was renamed", webWith(map[string]any{"healthCheck": map[string]any{"path": "/health"}}),
			"services.web.healthCheck: was renamed to targetHealthCheck"},
		{"Docker Hub image without internet", webContainers(map[string]any{"app": appWith(map[string]any{"image": "nginx:1.27"})}),
			`services.web.containers.app.image: "nginx:1.27" cannot be pulled with network.egress "none": it comes from Docker Hub (docker.io)`},
		{"ECR Public image without internet", webContainers(map[string]any{"app": appWith(nil),
			"agent": appWith(map[string]any{"image": "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0", "ports": nil, "essential": false})}),
			`services.web.containers.agent.image: "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0" cannot be pulled with network.egress "none": it comes from ECR Public`},
		{"ECR image of another region without internet", webContainers(map[string]any{"app": appWith(map[string]any{"image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1"})}),
			`services.web.containers.app.image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1" cannot be pulled with network.egress "none": it comes from ECR in region us-east-1, and the VPC endpoints reach only eu-west-1`},
		{"image a runtime refuses", webContainers(map[string]any{"app": appWith(map[string]any{"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/Web:1"})}),
			`services.web.containers.app.image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/Web:1" is not a container image reference`},
		{"empty image suggests a private ECR image of the region", webContainers(map[string]any{"app": appWith(map[string]any{"image": ""})}),
			`services.web.containers.app.image: is empty; set the container image, for example "<account>.dkr.ecr.eu-west-1.amazonaws.com/<repository>:<tag>"`},
		{"ARM64 on the cluster's FARGATE_SPOT", webWith(map[string]any{"architecture": "ARM64"}).with("cluster", map[string]any{
			"capacityProviderStrategy": []any{map[string]any{"capacityProvider": "FARGATE", "base": 1}, map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 3}}}),
			"services.web.architecture: ARM64 tasks cannot run on FARGATE_SPOT, which cluster.capacityProviderStrategy (the default it inherits) lists"},
		{"ARM64 on its own FARGATE_SPOT", webWith(map[string]any{"architecture": "ARM64",
			"capacityProviderStrategy": []any{map[string]any{"capacityProvider": "FARGATE_SPOT"}}}),
			"services.web.architecture: ARM64 tasks cannot run on FARGATE_SPOT, which services.web.capacityProviderStrategy lists"},
		{"managed policies whose attachment names collide", webWith(map[string]any{"taskRole": map[string]any{"managedPolicyArns": []string{
			"arn:aws:iam::123456789012:policy/team/reader", "arn:aws:iam::123456789012:policy/team-reader"}}}),
			`services.web.taskRole.managedPolicyArns[1]: "arn:aws:iam::123456789012:policy/team-reader" and "arn:aws:iam::123456789012:policy/team/reader" give the same attachment name "123456789012-team-reader"`},
		{"KMS key ARN", webWith(map[string]any{"secretsKmsKeyArns": []string{"alias/app"}}),
			`services.web.secretsKmsKeyArns[0]: "alias/app" is not a KMS key ARN`},
		{"task role action *", webWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"actions": []string{"*"}, "resources": []string{"*"}}}}}),
			`services.web.taskRole.statements[0].actions[0]: "*" is a wildcard pattern`},
		{"task role service:*", webWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"actions": []string{"s3:GetObject", "s3:*"}, "resources": []string{"arn:aws:s3:::b/*"}}}}}),
			`services.web.taskRole.statements[0].actions[1]: "s3:*" is a wildcard pattern`},
		{"task role prefix pattern", webWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"actions": []string{"s3:Get*"}, "resources": []string{"arn:aws:s3:::b/*"}}}}}),
			`services.web.taskRole.statements[0].actions[0]: "s3:Get*" is a wildcard pattern that grants every action it matches`},
		{"task role single-character pattern", webWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"actions": []string{"s3:?*"}, "resources": []string{"arn:aws:s3:::b/*"}}}}}),
			`services.web.taskRole.statements[0].actions[0]: "s3:?*" is a wildcard pattern`},
		{"task role malformed action", webWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"actions": []string{"GetObject"}, "resources": []string{"arn:aws:s3:::b/*"}}}}}),
			`services.web.taskRole.statements[0].actions[0]: "GetObject" is not an IAM action`},
		{"task role no actions", webWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"resources": []string{"arn:aws:s3:::b/*"}}}}}),
			"services.web.taskRole.statements[0].actions: is empty"},
		{"task role no resources", webWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"actions": []string{"s3:GetObject"}}}}}),
			"services.web.taskRole.statements[0].resources: is empty"},
		{"task role effect", webWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"effect": "Maybe", "actions": []string{"s3:GetObject"}, "resources": []string{"arn:aws:s3:::b/*"}}}}}),
			`services.web.taskRole.statements[0].effect: "Maybe" is not Allow or Deny`},
		{"task role managed policy", webWith(map[string]any{"taskRole": map[string]any{"managedPolicyArns": []string{"AmazonS3ReadOnlyAccess"}}}),
			`services.web.taskRole.managedPolicyArns[0]: "AmazonS3ReadOnlyAccess" is not an IAM policy ARN`},
		{"health check command", webContainers(map[string]any{"app": appWith(map[string]any{"healthCheck": map[string]any{
			"command": []string{"curl -f localhost"}}})}),
			`services.web.containers.app.healthCheck.command: ["curl -f localhost"] must start with "CMD" or "CMD-SHELL"`},
		{"health check interval", webContainers(map[string]any{"app": appWith(map[string]any{"healthCheck": map[string]any{
			"command": []string{"CMD", "true"}, "intervalSeconds": 1}})}),
			"services.web.containers.app.healthCheck.intervalSeconds: 1 is outside 5–300"},
		{"relative writable path", webContainers(map[string]any{"app": appWith(map[string]any{"writablePaths": []string{"tmp"}})}),
			`services.web.containers.app.writablePaths[0]: "tmp" must be an absolute path`},
		{"root as writable path", webContainers(map[string]any{"app": appWith(map[string]any{"writablePaths": []string{"/"}})}),
			`services.web.containers.app.writablePaths[0]: "/" must be an absolute path below /`},
		{"writable paths sharing a volume", webContainers(map[string]any{"app": appWith(map[string]any{"writablePaths": []string{"/a-b", "/a/b"}})}),
			`services.web.containers.app.writablePaths[1]: "/a/b" maps to task volume "app-a-b", which services.web.containers.app.writablePaths[0] already uses`},
		{"writable paths of two containers sharing a volume", webContainers(map[string]any{
			"app":   appWith(map[string]any{"writablePaths": []string{"/b-c"}}),
			"app-b": appWith(map[string]any{"writablePaths": []string{"/c"}, "ports": nil, "essential": false})}),
			`services.web.containers.app-b.writablePaths[0]: "/c" maps to task volume "app-b-c", which services.web.containers.app.writablePaths[0] already uses`},
		{"container insights", webWith(nil).with("cluster", map[string]any{"containerInsights": "on"}),
			`cluster.containerInsights: "on" is not one of enabled, enhanced, disabled`},
		{"cluster strategy provider", minimalStack().with("cluster", map[string]any{"capacityProviderStrategy": []any{
			map[string]any{"capacityProvider": "EC2"}}}),
			`cluster.capacityProviderStrategy[0].capacityProvider: "EC2" is not FARGATE or FARGATE_SPOT`},
		{"cluster strategy provider twice", minimalStack().with("cluster", map[string]any{"capacityProviderStrategy": []any{
			map[string]any{"capacityProvider": "FARGATE"}, map[string]any{"capacityProvider": "FARGATE"}}}),
			`cluster.capacityProviderStrategy[1].capacityProvider: "FARGATE" is listed twice`},
		{"cluster strategy two bases", minimalStack().with("cluster", map[string]any{"capacityProviderStrategy": []any{
			map[string]any{"capacityProvider": "FARGATE", "base": 1}, map[string]any{"capacityProvider": "FARGATE_SPOT", "base": 1}}}),
			"cluster.capacityProviderStrategy: 2 providers have a base; ECS allows a base on one provider only"},
		{"cluster strategy zero weights", minimalStack().with("cluster", map[string]any{"capacityProviderStrategy": []any{
			map[string]any{"capacityProvider": "FARGATE", "weight": 0}}}),
			"cluster.capacityProviderStrategy: every weight is 0"},
		{"cluster strategy weight", minimalStack().with("cluster", map[string]any{"capacityProviderStrategy": []any{
			map[string]any{"capacityProvider": "FARGATE", "weight": 1001}}}),
			"cluster.capacityProviderStrategy[0].weight: 1001 is outside 0–1000"},
		{"misspelt service field", webWith(map[string]any{"cpus": 256}),
			"services.web.cpus: unknown field; did you mean \"cpu\"? The fields here are alarms, architecture, autoscaling"},
		{"misspelt container field names service and container", webContainers(map[string]any{"app": appWith(map[string]any{"imagee": "x"})}),
			"services.web.containers.app.imagee: unknown field; did you mean \"image\"? The fields here are command, cpu"},
		{"container field in the wrong letter case", webContainers(map[string]any{"app": appWith(map[string]any{"Ports": []int{81}})}),
			`services.web.containers.app.Ports: unknown field; keys are case-sensitive: did you mean "ports"?`},
		{"wrong type deep inside a service", webContainers(map[string]any{"app": appWith(map[string]any{"ports": []any{"80"}})}),
			`services.web.containers.app.ports[0]: expected a whole number, got the string "80"`},
		{"more tasks than the subnets hold", webWith(map[string]any{"desiredCount": 40, "autoscaling": map[string]any{"max": 200}}).
			with("network", map[string]any{"availabilityZones": []string{"eu-west-1a", "eu-west-1b"}, "cidr": "10.0.0.0/22", "subnetPrefixLength": 25}),
			"network.subnetPrefixLength: /25 subnets have 128 addresses, but each private subnet needs 216 (5 reserved by AWS, 8 free for the ALB, 3 for interface endpoints, 200 for tasks at deployment peak)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireInvalid(t, c.config, c.message) })
	}
}

func TestServiceConfigErrorsAreReportedTogether(t *testing.T) {
	keys := problemKeys(t, webWith(map[string]any{
		"cpu": 1024, "memory": 1024,
		"autoscaling": map[string]any{"min": 3, "max": 1},
		"containers": map[string]any{
			"app":     appWith(map[string]any{"image": "", "ports": []int{8080}}),
			"sidecar": appWith(map[string]any{"ports": []int{8080}, "environment": map[string]string{"API_TOKEN": "abc"}}),
		},
	}))
	assert.Equal(t, []string{
		"services.web.autoscaling.min",
		"services.web.containers.app.image",
		"services.web.containers.sidecar.environment.API_TOKEN",
		"services.web.containers.sidecar.ports[0]",
		"services.web.memory",
	}, keys)
}

func TestValidServiceConfigsPass(t *testing.T) {
	cases := map[string]stackConfig{
		"article 001 two-container task": servicesConfig(map[string]any{"web": articleServiceConfig()}),
		"largest Fargate size":           webWith(map[string]any{"cpu": 16384, "memory": 122880, "architecture": "ARM64"}),
		"spot-heavy cluster strategy": webWith(nil).with("cluster", map[string]any{"containerInsights": "enhanced",
			"capacityProviderStrategy": []any{
				map[string]any{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
				map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 3}}}),
		"plain launch type": webWith(map[string]any{"launchType": "FARGATE"}),
		"secret references in both forms": webContainers(map[string]any{"app": appWith(map[string]any{"secrets": map[string]string{
			"DB_PASSWORD": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::",
			"API_TOKEN":   "arn:aws:ssm:eu-west-1:123456789012:parameter/web/api-token"},
			"environment": map[string]string{"DB_SECRET_ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"}})}),
		"no services": minimalStack(),
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := runProgram(t, cfg)
			assert.NoError(t, err)
		})
	}
}
