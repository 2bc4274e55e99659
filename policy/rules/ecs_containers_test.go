package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// ecsContainerRuleCases are the fixtures of the rules in ecs_containers.go; resourceRuleCases includes them.
func ecsContainerRuleCases() []ruleCase {
	return []ruleCase{
		// ecs-container-logging
		{name: "every container logs", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "a container without logConfiguration", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": containerJSON(loggedContainer, unloggedContainer)}), want: 1, wantText: `container "sidecar"`},
		{name: "secret container definitions without logging", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": secret(containerJSON(unloggedContainer, `{"image":"x"}`))}), want: 2, wantText: "logConfiguration"},
		{name: "container definitions that are not JSON", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": "{not json"}), want: 1, wantText: "not a JSON array"},
		{name: "container definitions that are not a string", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": 3}), want: 1, wantText: "not a JSON string"},
		{name: "unknown container definitions", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": unknownValue})},
		{name: "secret unknown container definitions", rule: "ecs-container-logging", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": unknownValue.WithSecret(true)})},

		// ecs-container-not-privileged
		{name: "unprivileged containers", rule: "ecs-container-not-privileged", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "privileged container", rule: "ecs-container-not-privileged", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": containerJSON(loggedContainer, privilegedContainer)}), want: 1, wantText: `container "root"`},
		{name: "privileged container in secret definitions", rule: "ecs-container-not-privileged", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": secret(containerJSON(privilegedContainer))}), want: 1},
		{name: "unknown definitions are not privileged yet", rule: "ecs-container-not-privileged", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": unknownValue})},

		// ecs-container-readonly-root
		{name: "read-only root container", rule: "ecs-container-readonly-root", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "container without readonlyRootFilesystem", rule: "ecs-container-readonly-root", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": containerJSON(loggedContainer, unloggedContainer, writableContainer)}), want: 2, wantText: "readonlyRootFilesystem: true"},
		{name: "unknown definitions are not checked yet", rule: "ecs-container-readonly-root", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"containerDefinitions": unknownValue})},

		// aws-native, default resources, task sets and legacy tokens: no way around the guarantees.
		{name: "aws-native task definition with container objects that log", rule: "ecs-container-logging", typ: awstypes.NativeEcsTaskDefinition, props: obj{"containerDefinitions": arr{obj{"name": "app", "image": "nginx", "logConfiguration": obj{"logDriver": "awslogs"}}}}},
		{name: "aws-native privileged container object", rule: "ecs-container-not-privileged", typ: awstypes.NativeEcsTaskDefinition, props: obj{"containerDefinitions": arr{obj{"name": "root", "image": "busybox", "privileged": secret(true)}}}, want: 1, wantText: `container "root"`},
		{name: "aws-native container object with a writable root", rule: "ecs-container-readonly-root", typ: awstypes.NativeEcsTaskDefinition, props: obj{"containerDefinitions": arr{obj{"name": "app", "image": "nginx", "readonlyRootFilesystem": false}}}, want: 1},
		{name: "aws-native container object with an unknown field", rule: "ecs-container-readonly-root", typ: awstypes.NativeEcsTaskDefinition, props: obj{"containerDefinitions": arr{obj{"name": "app", "readonlyRootFilesystem": unknownValue}}}},

		// ecs-container-no-secret-environment (ECS.8)
		{name: "container without secrets in its environment", rule: "ecs-container-no-secret-environment", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(userContainer)}},
		{name: "container with an AWS secret key in its environment", rule: "ecs-container-no-secret-environment", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": secret(containerJSON(secretEnvContainer))}, want: 1, wantText: "AWS_SECRET_ACCESS_KEY"},
		{name: "unknown container definitions are checked later for secrets", rule: "ecs-container-no-secret-environment", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": unknownValue}},

		// ecs-container-non-root (ECS.20)
		{name: "container running as uid 1000", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(userContainer)}},
		{name: "container without user", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(loggedContainer)}, want: 1, wantText: "sets no user, so it runs as its image's USER"},
		{name: "container running as root", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(rootContainer)}, want: 1, wantText: "runs as root"},
		{name: "container running as uid 00:1000", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"containerDefinitions": containerJSON(`{"name":"z","user":"00:1000"}`)}, want: 1, wantText: "runs as root"},
		{name: "Windows container as ContainerUser", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"runtimePlatform": obj{"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, "containerDefinitions": containerJSON(`{"name":"win","user":"ContainerUser"}`)}},
		{name: "Windows container without user runs as ContainerAdministrator", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"runtimePlatform": obj{"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, "containerDefinitions": containerJSON(loggedContainer)}, want: 1, wantText: "ContainerAdministrator"},
		{name: "unknown operating system family", rule: "ecs-container-non-root", typ: awstypes.EcsTaskDefinition, props: obj{"runtimePlatform": obj{"operatingSystemFamily": unknownValue}, "containerDefinitions": containerJSON(loggedContainer)}},
	}
}

const (
	rootContainer      = `{"name":"app","image":"nginx","user":"root","readonlyRootFilesystem":true,"logConfiguration":{"logDriver":"awslogs"}}`
	userContainer      = `{"name":"app","image":"nginx","user":"1000:1000","readonlyRootFilesystem":true,"logConfiguration":{"logDriver":"awslogs"}}`
	secretEnvContainer = `{"name":"app","image":"nginx","user":"1000","environment":[{"name":"AWS_SECRET_ACCESS_KEY","value":"x"},{"name":"LOG_LEVEL","value":"info"}],"logConfiguration":{"logDriver":"awslogs"}}`
)
