package components

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awsregion"
	"github.com/private-fargate/private-fargate/internal/fargate"
	"github.com/private-fargate/private-fargate/internal/imagesource"
)

// Limits of the awsvpc network configuration of a service (ECS API).
const (
	maxAwsvpcSubnets        = 16
	maxAwsvpcSecurityGroups = 5
	maxServiceNameLength    = 32
)

var (
	// serviceNamePattern keeps service names usable in every derived resource name (IAM roles allow 64 characters
	// including Pulumi's random suffix, ECS families and log groups fewer symbols than YAML keys).
	serviceNamePattern      = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)
	containerNamePattern    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$`)
	envNamePattern          = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	platformVersionPattern  = regexp.MustCompile(`^(LATEST|\d+\.\d+\.\d+)$`)
	managedPolicyArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(aws|\d{12}):policy/[A-Za-z0-9+=,.@_/-]+$`)
	kmsKeyArnPattern        = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+$`)
	iamActionPattern        = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9*?]+$`)
	securityGroupIdPattern  = regexp.MustCompile(`^sg-[0-9a-f]{8,17}$`)
)

// validateServices checks every service's task and service part (routing is validateRouting's).
func (c *Config) validateServices(p *problems) {
	for _, name := range sortedKeys(c.Services) {
		c.ownFacts().validateService(p, "services."+name, name, c.Services[name])
	}
}

// validateService checks one service against the platform facts it runs on (f): the stack's own network and cluster,
// or in an app stack the platform's contract.
func (f platformFacts) validateService(p *problems, key, name string, svc ServiceConfig) {
	validateTaskName(p, key, name, "service")
	f.validateTask(p, key, svc.TaskConfig)
	if v := svc.DesiredCount; v != nil && *v < 0 {
		p.add(key+".desiredCount", "%d is negative", *v)
	}
	// Unset (nil) values are left to applyDefaults, whose defaults are valid, so Validate is safe on any Config.
	if v := svc.HealthCheckGracePeriodSeconds; v != nil && *v < 0 {
		p.add(key+".healthCheckGracePeriodSeconds", "%d is negative", *v)
	}
	if v := svc.MinimumHealthyPercent; v != nil && (*v < 0 || *v > 100) {
		p.add(key+".minimumHealthyPercent", "%d is outside 0–100", *v)
	}
	if maxPct, minPct := svc.MaximumPercent, svc.MinimumHealthyPercent; maxPct != nil && minPct != nil && (*maxPct < 100 || *maxPct <= *minPct) {
		p.add(key+".maximumPercent", "%d must be at least 100 and above minimumHealthyPercent (%d), or deployments cannot start a new task",
			*maxPct, *minPct)
	}
	if svc.EcsExec && len(svc.Containers) > 0 && !anyWritableRoot(svc.Containers) {
		p.add(key+".ecsExec", "is on, but every container has a read-only root file system (readonlyRootFilesystem defaults "+
			"to true), where the ECS Exec agent cannot run; set readonlyRootFilesystem: false on the container you exec into, "+
			"or turn ecsExec off")
	}
	validateAutoscaling(p, key+".autoscaling", svc.Autoscaling)
}

// validateTaskName checks the name of a service or job (kind): it is part of every resource name the task gets.
func validateTaskName(p *problems, key, name, kind string) {
	if !serviceNamePattern.MatchString(name) || len(name) > maxServiceNameLength {
		p.add(key, "%q is not a valid %s name; use lowercase letters, digits and hyphens, starting with a letter, "+
			"at most %d characters (it is part of every resource name of the %s)", name, kind, maxServiceNameLength, kind)
	}
}

// validateTask checks what a task is, for a service or a job at key: size, platform, strategy, logs, security
// groups, secrets keys, task role and containers, against the platform facts it runs on (f).
func (f platformFacts) validateTask(p *problems, key string, task TaskConfig) {
	if fargate.ValidMemories(task.Cpu) == nil {
		p.add(key+".cpu", "%d is not a Fargate task CPU size; use %s", task.Cpu, fargate.Describe(task.Cpu))
	} else if !fargate.IsValid(task.Cpu, task.Memory) {
		p.add(key+".memory", "%d MiB is not valid with cpu %d on Fargate; use %s", task.Memory, task.Cpu, fargate.Describe(task.Cpu))
	}
	if task.Architecture != "X86_64" && task.Architecture != "ARM64" {
		p.add(key+".architecture", "%q is not X86_64 or ARM64", task.Architecture)
	}
	if g := task.EphemeralStorageGiB; g != 0 && (g < 21 || g > 200) {
		p.add(key+".ephemeralStorageGiB", "%d is outside 21–200 (0 keeps Fargate's 20 GiB)", g)
	}
	if !platformVersionPattern.MatchString(task.PlatformVersion) {
		p.add(key+".platformVersion", "%q is not LATEST or a version like 1.4.0", task.PlatformVersion)
	}
	switch {
	case task.LaunchType != "" && task.LaunchType != "FARGATE":
		p.add(key+".launchType", "%q is not FARGATE (leave it empty to use a capacity provider strategy)", task.LaunchType)
	case task.LaunchType != "" && len(task.CapacityProviderStrategy) > 0:
		p.add(key+".launchType", "cannot be combined with capacityProviderStrategy; set one of them")
	}
	validateStrategy(p, key+".capacityProviderStrategy", task.CapacityProviderStrategy)
	f.validateSpotArchitecture(p, key, task)
	if !slices.Contains(logRetentionDays, task.LogRetentionDays) {
		p.add(key+".logRetentionDays", "%d is not a CloudWatch Logs retention; use one of %v", task.LogRetentionDays, logRetentionDays)
	}
	if n := len(task.SecurityGroupIds) + 1; n > maxAwsvpcSecurityGroups {
		p.add(key+".securityGroupIds", "%d groups plus the task's own make %d; awsvpc allows at most %d",
			len(task.SecurityGroupIds), n, maxAwsvpcSecurityGroups)
	}
	for i, id := range task.SecurityGroupIds {
		if !securityGroupIdPattern.MatchString(id) {
			p.add(fmt.Sprintf("%s.securityGroupIds[%d]", key, i), "%q is not a security group id (sg-…)", id)
		}
	}
	for i, arn := range task.SecretsKmsKeyArns {
		if !kmsKeyArnPattern.MatchString(arn) {
			p.add(fmt.Sprintf("%s.secretsKmsKeyArns[%d]", key, i), "%q is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)", arn)
		}
	}
	validateTaskRole(p, key+".taskRole", task.TaskRole)
	f.validateContainers(p, key, task)
}

// validateSpotArchitecture refuses ARM64 tasks on FARGATE_SPOT, through the service's own strategy or the cluster
// default it inherits. Source: "AWS Fargate capacity providers" in the Amazon ECS Developer Guide
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html): "Fargate Spot is not
// supported for ARM64 and Windows containers". (Windows tasks are not offered: every task is LINUX.)
func (f platformFacts) validateSpotArchitecture(p *problems, key string, svc TaskConfig) {
	if svc.Architecture != "ARM64" || svc.LaunchType != "" {
		return
	}
	strategy, where := svc.CapacityProviderStrategy, key+".capacityProviderStrategy"
	if len(strategy) == 0 {
		strategy, where = f.DefaultStrategy, f.DefaultStrategyKey+" (the default it inherits)"
	}
	for _, item := range strategy {
		if item.CapacityProvider == "FARGATE_SPOT" {
			p.add(key+".architecture", "ARM64 tasks cannot run on FARGATE_SPOT, which %s lists; Fargate Spot supports only "+
				"X86_64 Linux tasks. Give it its own capacityProviderStrategy on FARGATE, set launchType: FARGATE, or "+
				"use X86_64", where)
			return
		}
	}
}

func validateTaskRole(p *problems, key string, role TaskRoleConfig) {
	attachmentNames := map[string]string{} // resource name fragment → the ARN that claimed it
	for i, arn := range role.ManagedPolicyArns {
		arnKey := fmt.Sprintf("%s.managedPolicyArns[%d]", key, i)
		if !managedPolicyArnPattern.MatchString(arn) {
			p.add(arnKey, "%q is not an IAM policy ARN (arn:aws:iam::<account or aws>:policy/<name>)", arn)
			continue
		}
		// Each attachment is named after its policy (managedPolicyName); two ARNs that give the same name would be
		// a duplicate resource.
		fragment := managedPolicyName(arn)
		if earlier, taken := attachmentNames[fragment]; taken && earlier != arn {
			p.add(arnKey, "%q and %q give the same attachment name %q (paths and hyphens join alike); attach one of them "+
				"through a policy of your own", arn, earlier, fragment)
		}
		attachmentNames[fragment] = arn
	}
	for i, s := range role.Statements {
		statementKey := fmt.Sprintf("%s.statements[%d]", key, i)
		if s.Effect != "Allow" && s.Effect != "Deny" {
			p.add(statementKey+".effect", "%q is not Allow or Deny", s.Effect)
		}
		if len(s.Actions) == 0 {
			p.add(statementKey+".actions", "is empty; list the actions explicitly, for example [\"s3:GetObject\"]")
		}
		for j, action := range s.Actions {
			actionKey := fmt.Sprintf("%s.actions[%d]", statementKey, j)
			switch {
			case isWildcardAction(action):
				p.add(actionKey, "%q is a wildcard pattern that grants every action it matches, today's and those AWS adds "+
					"later; list the actions the task needs one by one", action)
			case !iamActionPattern.MatchString(action):
				p.add(actionKey, "%q is not an IAM action like \"s3:GetObject\"", action)
			}
		}
		if len(s.Resources) == 0 {
			p.add(statementKey+".resources", "is empty; list the resource ARNs the actions apply to")
		}
	}
}

// isWildcardAction reports whether an IAM action is a pattern: "*" matches any run of characters and "?" any one
// character anywhere in an action (IAM JSON policy elements: Action, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html),
// so "*", "s3:*", "s3:Get*" and "s3:?*" all grant more than one action.
func isWildcardAction(action string) bool {
	return strings.ContainsAny(action, "*?")
}

func validateAutoscaling(p *problems, key string, a *AutoscalingConfig) {
	if a == nil {
		return
	}
	if a.Min < 0 {
		p.add(key+".min", "%d is negative", a.Min)
	}
	switch {
	case a.Max < 1:
		p.add(key+".max", "is required and at least 1")
	case a.Min > a.Max:
		p.add(key+".min", "%d is above max %d", a.Min, a.Max)
	}
	if a.CpuTargetPercent <= 0 || a.CpuTargetPercent > 100 {
		p.add(key+".cpuTargetPercent", "%g is outside (0, 100]", a.CpuTargetPercent)
	}
	if a.RequestsPerTarget <= 0 {
		p.add(key+".requestsPerTarget", "%g must be above 0", a.RequestsPerTarget)
	}
}

// validateContainers checks the task's containers together: the app container, images, names, memory and CPU
// against the task size, port clashes over the shared localhost, environment, secrets and scratch volumes.
func (f platformFacts) validateContainers(p *problems, key string, svc TaskConfig) {
	containersKey := key + ".containers"
	if _, ok := svc.Containers[AppContainer]; !ok {
		p.add(containersKey, "has no %q container; every task needs its essential application container named %q", AppContainer, AppContainer)
	}
	reservedMemory, reservedCpu := 0, 0
	volumes := map[string]string{} // task volume name → the config key that claimed it
	for _, name := range sortedKeys(svc.Containers) {
		ctr := svc.Containers[name]
		ctrKey := containersKey + "." + name
		if !containerNamePattern.MatchString(name) {
			p.add(ctrKey, "%q is not a valid container name (letters, digits, hyphens and underscores)", name)
		}
		f.validateImage(p, ctrKey+".image", ctr.Image)
		if name == AppContainer && ctr.Essential != nil && !*ctr.Essential {
			p.add(ctrKey+".essential", "the %q container is always essential", AppContainer)
		}
		validateContainerResources(p, ctrKey, svc, ctr)
		validateContainerUser(p, ctrKey+".user", ctr.User)
		reservedMemory += max(ctr.MemoryReservation, 0)
		if ctr.MemoryReservation == 0 {
			reservedMemory += max(ctr.Memory, 0)
		}
		reservedCpu += max(ctr.Cpu, 0)
		for i, port := range ctr.Ports {
			if port < 1 || port > 65535 {
				p.add(fmt.Sprintf("%s.ports[%d]", ctrKey, i), "%d is not a TCP port (1–65535)", port)
			}
		}
		validateEnvironment(p, ctrKey, ctr)
		validateContainerHealthCheck(p, ctrKey+".healthCheck", ctr.HealthCheck)
		validateWritablePaths(p, ctrKey, name, ctr.WritablePaths, volumes)
	}
	if reservedMemory > svc.Memory {
		p.add(containersKey, "the containers reserve %d MiB (memoryReservation, else memory, summed) but the task has %d MiB (%s.memory)",
			reservedMemory, svc.Memory, key)
	}
	if reservedCpu > svc.Cpu {
		p.add(containersKey, "the containers reserve %d CPU units but the task has %d (%s.cpu)", reservedCpu, svc.Cpu, key)
	}
	for _, clash := range findPortClashes(svc.Containers) {
		where := "container " + clash.Owner
		if clash.Owner == clash.Container {
			where = "an earlier entry of the same container"
		}
		p.add(fmt.Sprintf("%s.%s.ports[%d]", containersKey, clash.Container, clash.Index),
			"port %d is already used by %s; containers of a task share one network namespace (localhost), so each port "+
				"can be bound once per task", clash.Port, where)
	}
}

func validateContainerResources(p *problems, ctrKey string, svc TaskConfig, ctr ContainerConfig) {
	if ctr.Cpu < 0 {
		p.add(ctrKey+".cpu", "%d is negative", ctr.Cpu)
	}
	switch {
	case ctr.Memory < 0:
		p.add(ctrKey+".memory", "%d is negative", ctr.Memory)
	case ctr.Memory > svc.Memory:
		p.add(ctrKey+".memory", "hard limit %d MiB is above the task memory %d MiB", ctr.Memory, svc.Memory)
	case ctr.Memory > 0 && ctr.Memory < 6:
		p.add(ctrKey+".memory", "%d MiB is below the 6 MiB Docker minimum", ctr.Memory)
	}
	switch {
	case ctr.MemoryReservation < 0:
		p.add(ctrKey+".memoryReservation", "%d is negative", ctr.MemoryReservation)
	case ctr.Memory > 0 && ctr.MemoryReservation > ctr.Memory:
		p.add(ctrKey+".memoryReservation", "soft limit %d MiB is above the hard limit memory %d MiB", ctr.MemoryReservation, ctr.Memory)
	}
}

func validateEnvironment(p *problems, ctrKey string, ctr ContainerConfig) {
	for _, name := range sortedKeys(ctr.Environment) {
		envKey := ctrKey + ".environment." + name
		if !envNamePattern.MatchString(name) {
			p.add(envKey, "%q is not an environment variable name", name)
		}
		if reason := secretLooking(name, ctr.Environment[name]); reason != "" {
			p.add(envKey, "looks like a secret in plain text (%s); store it in Secrets Manager or SSM Parameter Store "+
				"and reference it under secrets.%s instead, so it never appears in the task definition", reason, name)
		}
		if _, both := ctr.Secrets[name]; both {
			p.add(envKey, "is also set under secrets; keep one of them")
		}
	}
	for _, name := range sortedKeys(ctr.Secrets) {
		secretKey := ctrKey + ".secrets." + name
		if !envNamePattern.MatchString(name) {
			p.add(secretKey, "%q is not an environment variable name", name)
		}
		if secretKind(ctr.Secrets[name]) == "" {
			p.add(secretKey, "%q is not a reference; use a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>, "+
				"optionally followed by :<json-key>::) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)", ctr.Secrets[name])
		}
	}
}

func validateContainerHealthCheck(p *problems, key string, hc *ContainerHealthCheckConfig) {
	if hc == nil {
		return
	}
	if len(hc.Command) < 2 || (hc.Command[0] != "CMD" && hc.Command[0] != "CMD-SHELL") {
		p.add(key+".command", "%q must start with \"CMD\" or \"CMD-SHELL\" followed by the command, "+
			"for example [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]", hc.Command)
	}
	checkRange := func(field string, value, low, high int) {
		if value < low || value > high {
			p.add(key+"."+field, "%d is outside %d–%d", value, low, high)
		}
	}
	checkRange("intervalSeconds", hc.IntervalSeconds, 5, 300)
	checkRange("timeoutSeconds", hc.TimeoutSeconds, 2, 60)
	checkRange("retries", hc.Retries, 1, 10)
	checkRange("startPeriodSeconds", hc.StartPeriodSeconds, 0, 300)
}

// maxVolumeNameLength is the longest task volume name. Source: ECS API reference, Volume
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Volume.html): "Up to 255 letters (uppercase and
// lowercase), numbers, underscores, and hyphens are allowed".
const maxVolumeNameLength = 255

// validateWritablePaths checks one container's writable paths; volumes holds the task volume names that earlier
// paths of the task (this container's or another's) already claimed, since a task's volume names must be unique.
func validateWritablePaths(p *problems, ctrKey, container string, paths []string, volumes map[string]string) {
	for i, writable := range paths {
		pathKey := fmt.Sprintf("%s.writablePaths[%d]", ctrKey, i)
		if !path.IsAbs(writable) || path.Clean(writable) == "/" {
			p.add(pathKey, "%q must be an absolute path below / (for example \"/tmp\")", writable)
			continue
		}
		volume := writableVolumeName(container, writable)
		if earlier, taken := volumes[volume]; taken {
			p.add(pathKey, "%q maps to task volume %q, which %s already uses; task volume names must be unique, so list "+
				"each path once and rename a container or path whose names join alike", writable, volume, earlier)
			continue
		}
		if len(volume) > maxVolumeNameLength {
			p.add(pathKey, "%q gives task volume name %q of %d characters; ECS allows %d", writable, volume, len(volume), maxVolumeNameLength)
		}
		volumes[volume] = pathKey
	}
}

// anyWritableRoot reports whether some container has a writable root file system.
func anyWritableRoot(containers map[string]ContainerConfig) bool {
	for _, ctr := range containers {
		if ctr.ReadonlyRootFilesystem != nil && !*ctr.ReadonlyRootFilesystem {
			return true
		}
	}
	return false
}

// validateImage checks one container image: a reference a container runtime accepts, and one the network can pull.
// With egress "none" only private ECR of the platform's region is reachable (see imagesource.PullableWithoutInternet).
func (f platformFacts) validateImage(p *problems, key, image string) {
	example := exampleImage(f.Region)
	if strings.TrimSpace(image) == "" {
		p.add(key, "is empty; set the container image, for example %q", example)
		return
	}
	src, err := imagesource.Parse(image)
	if err != nil {
		p.add(key, "%v", err)
		return
	}
	if f.Egress != EgressNone || f.Region == "" {
		return
	}
	if why := src.WhyInternet(f.Region); why != "" {
		p.add(key, "%q cannot be pulled with %s %q: %s. Without internet egress, tasks pull only from "+
			"private ECR in %s (through the ecr.api and ecr.dkr endpoints and the S3 gateway endpoint); push the image to "+
			"a private ECR repository there (for example %q), or choose %s %q or %q",
			image, f.EgressKey, EgressNone, why, f.Region, example, f.EgressKey, EgressNatSingle, EgressNatPerAZ)
	}
}

// exampleImage is a private ECR image reference in region, for messages.
func exampleImage(region string) string {
	if region == "" {
		region = "<region>"
	}
	return "<account>.dkr.ecr." + region + "." + awsregion.DNSSuffix(region) + "/<repository>:<tag>"
}

// containerUserPattern is the ContainerDefinition user forms ECS accepts on Linux: user, user:group, uid, uid:gid,
// user:gid, uid:group (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html, user).
var containerUserPattern = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$`)

// validateContainerUser refuses a malformed user and root: running as root is what Security Hub FSBP ECS.20 flags
// ("ECS task definitions should configure non-root users in Linux container definitions").
func validateContainerUser(p *problems, key, user string) {
	if user == "" {
		return
	}
	name, _, _ := strings.Cut(user, ":")
	switch {
	case !containerUserPattern.MatchString(user):
		p.add(key, "%q is not user, user:group, uid or uid:gid", user)
	case name == "root" || strings.Trim(name, "0") == "":
		p.add(key, "%q runs the container as root; name a non-root user or uid (or leave it to the image)", user)
	}
}
