package rules

import (
	"fmt"
	"slices"
	"strings"
)

var ecsContainerLoggingRule = ResourceRule{
	Name:          "ecs-container-logging",
	Controls:      []string{"ECS.9"},
	ResourceTypes: ecsTaskDefTypes,
	Description:   "Every container in `containerDefinitions` has a `logConfiguration`.",
	Rationale:     "Without a log driver a failing task leaves no trace to debug from.",
	DefaultLevel:  Mandatory,
	Check:         checkContainerLogging,
}

func checkContainerLogging(res Resource, _ Config) []string {
	containers, known, err := containerDefinitions(res.Properties)
	if !known {
		return nil
	}
	if err != nil {
		return []string{fmt.Sprintf("task definition %q: %v; fix the JSON so each container can be checked", res.Name, err)}
	}
	var messages []string
	for i, c := range containers {
		if c.LogConfiguration == nil || c.LogConfiguration.LogDriver == "" {
			messages = append(messages, fmt.Sprintf("task definition %q %s has no logConfiguration; add one "+
				"(e.g. logDriver awslogs with awslogs-group, awslogs-region, awslogs-stream-prefix)", res.Name, c.label(i)))
		}
	}
	return messages
}

var ecsContainerNotPrivilegedRule = ResourceRule{
	Name:          "ecs-container-not-privileged",
	Controls:      []string{"ECS.4"},
	ResourceTypes: ecsTaskDefTypes,
	Description:   "No container in `containerDefinitions` is `privileged`.",
	Rationale:     "Privileged containers get host-level capabilities; Fargate rejects them anyway.",
	DefaultLevel:  Mandatory,
	Check:         checkContainerPrivileged,
}

func checkContainerPrivileged(res Resource, _ Config) []string {
	containers, known, err := containerDefinitions(res.Properties)
	if !known || err != nil {
		return nil
	}
	var messages []string
	for i, c := range containers {
		if c.Privileged != nil && *c.Privileged {
			messages = append(messages, fmt.Sprintf("task definition %q %s sets privileged: true; remove it "+
				"(Fargate does not run privileged containers)", res.Name, c.label(i)))
		}
	}
	return messages
}

var ecsContainerReadonlyRootRule = ResourceRule{
	Name:          "ecs-container-readonly-root",
	Controls:      []string{"ECS.5"},
	ResourceTypes: ecsTaskDefTypes,
	Description:   "Containers set `readonlyRootFilesystem: true`.",
	Rationale:     "A read-only root file system stops a compromised process from persisting changes in the image.",
	DefaultLevel:  Mandatory,
	Check:         checkContainerReadonlyRoot,
}

func checkContainerReadonlyRoot(res Resource, _ Config) []string {
	containers, known, err := containerDefinitions(res.Properties)
	if !known || err != nil {
		return nil
	}
	var messages []string
	for i, c := range containers {
		if c.ReadonlyRootFilesystem == nil || !*c.ReadonlyRootFilesystem {
			messages = append(messages, fmt.Sprintf("task definition %q %s has a writable root file system; set "+
				"readonlyRootFilesystem: true and mount a volume for paths it must write", res.Name, c.label(i)))
		}
	}
	return messages
}

// secretEnvironmentKeys are the environment names AWS Config's ecs-no-environment-secrets checks by default.
var secretEnvironmentKeys = []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ECS_ENGINE_AUTH_DATA"}

var ecsContainerNoSecretEnvironmentRule = ResourceRule{
	Name:          "ecs-container-no-secret-environment",
	ResourceTypes: ecsTaskDefTypes,
	Controls:      []string{"ECS.8"},
	Description:   "No container passes AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or ECS_ENGINE_AUTH_DATA as a plain `environment` variable (the keys AWS Config's ecs-no-environment-secrets checks).",
	Rationale:     "Environment values are stored in the task definition in clear text; secrets belong in `secrets` (Secrets Manager or SSM).",
	DefaultLevel:  Mandatory,
	Check:         checkContainerSecretEnvironment,
}

func checkContainerSecretEnvironment(res Resource, _ Config) []string {
	containers, known, err := containerDefinitions(res.Properties)
	if !known || err != nil {
		return nil
	}
	var messages []string
	for i, c := range containers {
		for _, env := range c.Environment {
			if slices.Contains(secretEnvironmentKeys, strings.ToUpper(env.Name)) {
				messages = append(messages, fmt.Sprintf("task definition %q %s passes %s as a plain environment variable; "+
					"move it to secrets (valueFrom a Secrets Manager secret or SSM parameter), or give the task a role", res.Name, c.label(i), env.Name))
			}
		}
	}
	return messages
}

var ecsContainerNonRootRule = ResourceRule{
	Name:          "ecs-container-non-root",
	ResourceTypes: ecsTaskDefTypes,
	Controls:      []string{"ECS.20", "ECS.21"},
	Description:   "Containers set a non-root `user`: on Linux unset (the image's user, usually root), root, 0 and 0:0 fail; on Windows unset and ContainerAdministrator fail.",
	Rationale:     "A process running as root in the container turns any container escape into root on the host.",
	DefaultLevel:  Advisory,
	Check:         checkContainerNonRoot,
}

func checkContainerNonRoot(res Resource, _ Config) []string {
	platform, known := object(res.Properties.Get("runtimePlatform"))
	if !known {
		return nil
	}
	family, familyKnown := str(platform, "operatingSystemFamily", "LINUX")
	if !familyKnown {
		return nil
	}
	windows := strings.HasPrefix(family, "WINDOWS")
	containers, known, err := containerDefinitions(res.Properties)
	if !known || err != nil {
		return nil
	}
	var messages []string
	for i, c := range containers {
		user := strings.TrimSpace(c.User)
		name, _, _ := strings.Cut(user, ":")
		if windows && (user == "" || strings.EqualFold(user, "ContainerAdministrator")) {
			messages = append(messages, fmt.Sprintf("task definition %q %s runs as ContainerAdministrator (user %q); set "+
				"user to a non-administrator such as ContainerUser", res.Name, c.label(i), user))
			continue
		}
		switch {
		case windows:
		case user == "":
			// Security Hub flags an unset user too: the image's USER applies, root unless the image names another.
			messages = append(messages, fmt.Sprintf("task definition %q %s sets no user, so it runs as its image's USER "+
				"(root unless the image names another); set user to a non-root uid:gid such as 1000:1000", res.Name, c.label(i)))
		case name == "root" || strings.Trim(name, "0") == "":
			messages = append(messages, fmt.Sprintf("task definition %q %s runs as root (user %q); set user to a non-root "+
				"uid:gid such as 1000:1000", res.Name, c.label(i), user))
		}
	}
	return messages
}
