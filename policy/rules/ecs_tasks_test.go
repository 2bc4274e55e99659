package rules

import (
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ecsTaskRuleCases are the fixtures of the rules in ecs_tasks.go; resourceRuleCases includes them.
func ecsTaskRuleCases() []ruleCase {
	return []ruleCase{
		// ecs-task-awsvpc
		{name: "awsvpc task", rule: "ecs-task-awsvpc", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "task without networkMode is bridge", rule: "ecs-task-awsvpc", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"networkMode": nil}), want: 1, wantText: `"bridge"`},
		{name: "host mode task", rule: "ecs-task-awsvpc", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"networkMode": "host"}), want: 1},
		{name: "task with unknown networkMode", rule: "ecs-task-awsvpc", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"networkMode": unknownValue})},

		// ecs-task-fargate
		{name: "FARGATE task", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "EC2-only task", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"requiresCompatibilities": []string{"EC2"}}), want: 1, wantText: `["FARGATE"]`},
		{name: "task without requiresCompatibilities", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"requiresCompatibilities": nil}), want: 1},
		{name: "task with unknown compatibility entry", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"requiresCompatibilities": arr{"EC2", unknownValue}})},
		{name: "task with unknown requiresCompatibilities", rule: "ecs-task-fargate", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"requiresCompatibilities": unknownValue})},

		// ecs-task-fargate-size
		{name: "256 CPU with 512 MiB", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(nil)},
		{name: "vCPU and GB spellings", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": "1 vCPU", "memory": "2 GB"})},
		{name: "secret sizes", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": secret("1024"), "memory": secret("8192")})},
		{name: "256 CPU with 4096 MiB", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"memory": "4096"}), want: 1, wantText: "512, 1024 or 2048"},
		{name: "CPU that is not a Fargate size", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": "300"}), want: 1, wantText: "not a Fargate size"},
		{name: "CPU that is not a number", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": "lots"}), want: 1, wantText: "not a number"},
		{name: "task without cpu", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": nil}), want: 1, wantText: "no task-level cpu"},
		{name: "task without cpu and memory", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": nil, "memory": nil}), want: 2},
		{name: "task with unknown cpu", rule: "ecs-task-fargate-size", typ: awstypes.EcsTaskDefinition, props: taskDef(obj{"cpu": unknownValue, "memory": "99999"})},

		// aws-native, default resources, task sets and legacy tokens: no way around the guarantees.
		{name: "aws-native bridge task definition", rule: "ecs-task-awsvpc", typ: awstypes.NativeEcsTaskDefinition, props: obj{"networkMode": "bridge"}, want: 1},

		// ecs-task-no-host-pid (ECS.3)
		{name: "task without pidMode", rule: "ecs-task-no-host-pid", typ: awstypes.EcsTaskDefinition, props: obj{"networkMode": "awsvpc"}},
		{name: "task with pidMode task", rule: "ecs-task-no-host-pid", typ: awstypes.EcsTaskDefinition, props: obj{"pidMode": "task"}},
		{name: "task sharing the host PID namespace", rule: "ecs-task-no-host-pid", typ: awstypes.EcsTaskDefinition, props: obj{"pidMode": "host"}, want: 1, wantText: "pidMode: host"},
		{name: "aws-native task sharing the host PID namespace", rule: "ecs-task-no-host-pid", typ: awstypes.NativeEcsTaskDefinition, props: obj{"pidMode": secret("host")}, want: 1},
		{name: "task with unknown pidMode", rule: "ecs-task-no-host-pid", typ: awstypes.EcsTaskDefinition, props: obj{"pidMode": unknownValue}},

		// ecs-efs-transit-encryption (ECS.18)
		{name: "EFS volume with transit encryption", rule: "ecs-efs-transit-encryption", typ: awstypes.EcsTaskDefinition, props: obj{"volumes": arr{obj{"name": "data", "efsVolumeConfiguration": obj{"fileSystemId": "fs-1", "transitEncryption": "ENABLED"}}}}},
		{name: "bind-mount volume", rule: "ecs-efs-transit-encryption", typ: awstypes.EcsTaskDefinition, props: obj{"volumes": arr{obj{"name": "tmp"}}}},
		{name: "EFS volume without transit encryption", rule: "ecs-efs-transit-encryption", typ: awstypes.EcsTaskDefinition, props: obj{"volumes": arr{obj{"name": "data", "efsVolumeConfiguration": obj{"fileSystemId": "fs-1"}}}}, want: 1, wantText: "transitEncryption: ENABLED"},
		{name: "EFS volume with unknown transit encryption", rule: "ecs-efs-transit-encryption", typ: awstypes.EcsTaskDefinition, props: obj{"volumes": arr{obj{"efsVolumeConfiguration": obj{"transitEncryption": unknownValue}}}}},
	}
}

func TestParseTaskSizes(t *testing.T) {
	cases := []struct {
		text    string
		cpu     bool
		want    int
		wantErr bool
	}{
		{text: "256", cpu: true, want: 256},
		{text: "0.25 vCPU", cpu: true, want: 256},
		{text: "2vcpu", cpu: true, want: 2048},
		{text: "512", want: 512},
		{text: "0.5 GB", want: 512},
		{text: "30GB", want: 30720},
		{text: "", cpu: true, wantErr: true},
		{text: "-1", wantErr: true},
		{text: "0.1 vCPU", cpu: true, wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			parse := parseTaskMemory
			if tc.cpu {
				parse = parseTaskCPU
			}
			got, err := parse(tc.text)
			if tc.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
