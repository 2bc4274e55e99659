package main

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/policy/rules"
)

// aslJSON is an ASL definition with one ecs:runTask.sync state whose AwsvpcConfiguration is awsvpc, nested in a
// Parallel branch so the round trip also crosses the nesting.
func aslJSON(t *testing.T, awsvpc map[string]any) string {
	t.Helper()
	run := map[string]any{"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync", "End": true, "Parameters": map[string]any{
		"Cluster": "c", "TaskDefinition": "td", "LaunchType": "FARGATE",
		"NetworkConfiguration": map[string]any{"AwsvpcConfiguration": awsvpc},
	}}
	definition := map[string]any{"StartAt": "Fan", "States": map[string]any{"Fan": map[string]any{
		"Type": "Parallel", "End": true, "Branches": []any{map[string]any{"StartAt": "Run", "States": map[string]any{"Run": run}}},
	}}}
	text, err := json.Marshal(definition)
	require.NoError(t, err)
	return string(text)
}

// launcherFixtures returns, per launcher token, its properties with tasks whose public IP setting is on (public) or
// off.
func launcherFixtures(t *testing.T, public bool) map[string]map[string]any {
	t.Helper()
	flag, enum := false, "DISABLED"
	if public {
		flag, enum = true, "ENABLED"
	}
	batchContainer := func(encode bool) map[string]any {
		container := map[string]any{"image": "busybox", "networkConfiguration": map[string]any{"assignPublicIp": enum}}
		props := map[string]any{"type": "container", "platformCapabilities": []any{"FARGATE"}, "containerProperties": container}
		if encode {
			text, err := json.Marshal(container)
			require.NoError(t, err)
			props["containerProperties"] = string(text)
		}
		return props
	}
	return map[string]map[string]any{
		awstypes.CloudwatchEventTarget: {"rule": "nightly", "arn": "arn:cluster", "ecsTarget": map[string]any{
			"taskDefinitionArn": "arn:td", "launchType": "FARGATE",
			"networkConfiguration": map[string]any{"assignPublicIp": flag, "subnets": []any{"subnet-1"}},
		}},
		awstypes.NativeEventsRule: {"targets": []any{map[string]any{"id": "task", "arn": "arn:cluster", "ecsParameters": map[string]any{
			"taskDefinitionArn": "arn:td", "networkConfiguration": map[string]any{
				"awsVpcConfiguration": map[string]any{"assignPublicIp": enum, "subnets": []any{"subnet-1"}}},
		}}}},
		awstypes.SchedulerSchedule: {"target": map[string]any{"arn": "arn:cluster", "roleArn": "arn:role", "ecsParameters": map[string]any{
			"taskDefinitionArn": "arn:td", "capacityProviderStrategies": []any{map[string]any{"capacityProvider": "FARGATE"}},
			"networkConfiguration": map[string]any{"assignPublicIp": flag, "subnets": []any{"subnet-1"}},
		}}},
		awstypes.NativeSchedulerSchedule: {"target": map[string]any{"arn": "arn:cluster", "roleArn": "arn:role", "ecsParameters": map[string]any{
			"taskDefinitionArn": "arn:td", "networkConfiguration": map[string]any{
				"awsvpcConfiguration": map[string]any{"assignPublicIp": enum, "subnets": []any{"subnet-1"}}},
		}}},
		awstypes.PipesPipe: {"roleArn": "arn:role", "source": "arn:queue", "target": "arn:cluster", "targetParameters": map[string]any{
			"ecsTaskParameters": map[string]any{"taskDefinitionArn": "arn:td", "networkConfiguration": map[string]any{
				"awsVpcConfiguration": map[string]any{"assignPublicIp": enum}}},
		}},
		awstypes.NativePipesPipe: {"roleArn": "arn:role", "source": "arn:queue", "target": "arn:cluster", "targetParameters": map[string]any{
			"ecsTaskParameters": map[string]any{"taskDefinitionArn": "arn:td", "networkConfiguration": map[string]any{
				"awsvpcConfiguration": map[string]any{"assignPublicIp": enum}}},
		}},
		awstypes.BatchJobDefinition:       batchContainer(true),
		awstypes.NativeBatchJobDefinition: batchContainer(false),
		awstypes.SfnStateMachine: {"roleArn": "arn:role",
			"definition": aslJSON(t, map[string]any{"AssignPublicIp": enum, "Subnets": []any{"subnet-1"}})},
		awstypes.NativeStepfunctionsStateMachine: {"roleArn": "arn:role",
			"definitionString": aslJSON(t, map[string]any{"AssignPublicIp": enum, "Subnets": []any{"subnet-1"}})},
	}
}

// TestAnalyzeJudgesEveryTaskLauncher drives every launcher, in every token form, through the pack over gRPC: a public
// IP is a mandatory task-launcher-no-public-ip violation, its absence passes.
func TestAnalyzeJudgesEveryTaskLauncher(t *testing.T) {
	a := startAnalyzer(t, true)
	a.configure(t, nil, nil)
	for _, public := range []bool{false, true} {
		fixtures := launcherFixtures(t, public)
		require.Len(t, fixtures, 10, "one fixture per launcher token")
		for typ, props := range fixtures {
			name := "private-launcher"
			want := map[string]pulumirpc.EnforcementLevel{}
			if public {
				name, want = "public-launcher", map[string]pulumirpc.EnforcementLevel{"task-launcher-no-public-ip": mandatory}
			}
			t.Run(name+"/"+typ, func(t *testing.T) {
				diags := a.analyze(t, typ, name, resource.NewPropertyMapFromMap(props), false)

				assert.Equal(t, want, policyLevels(diags))
				for _, d := range diags {
					assert.Contains(t, d.GetMessage(), `"`+name+`"`)
				}
			})
		}
	}
	t.Run("the jobs' schedule with its task definition still unknown", func(t *testing.T) {
		unknown := resource.MakeComputed(resource.NewStringProperty(""))
		props := resource.NewPropertyMapFromMap(launcherFixtures(t, false)[awstypes.SchedulerSchedule])
		ecs := props["target"].ObjectValue()["ecsParameters"].ObjectValue()
		ecs["taskDefinitionArn"] = unknown
		ecs["launchType"] = resource.NewStringProperty("FARGATE")

		assert.Empty(t, a.analyze(t, awstypes.SchedulerSchedule, "jobs", props, false))
	})
	t.Run("EC2 launch type", func(t *testing.T) {
		props := launcherFixtures(t, false)[awstypes.CloudwatchEventTarget]
		props["ecsTarget"].(map[string]any)["launchType"] = "EC2"

		diags := a.analyze(t, awstypes.CloudwatchEventTarget, "ec2-target", resource.NewPropertyMapFromMap(props), false)

		assert.Equal(t, map[string]pulumirpc.EnforcementLevel{"task-launcher-fargate": mandatory}, policyLevels(diags))
	})
}

// TestAnalyzeStackReportsLauncherRolesAndUndecidedStates: a state machine whose AssignPublicIp comes from the
// execution input is an advisory stack-could-not-verify finding, never a block; a schedule whose role may pass any
// role is a mandatory task-launcher-passrole-scoped violation reported on the schedule.
func TestAnalyzeStackReportsLauncherRolesAndUndecidedStates(t *testing.T) {
	a := startAnalyzer(t, true)
	a.configure(t, nil, nil)
	unknown := resource.MakeComputed(resource.NewStringProperty(""))
	roleURN := urnOf(awstypes.IamRole, "scheduler-role")
	schedule := resource.NewPropertyMapFromMap(launcherFixtures(t, false)[awstypes.SchedulerSchedule])
	schedule["target"].ObjectValue()["roleArn"] = unknown
	role := func(passResource string) *pulumirpc.AnalyzerResource {
		policy := `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"` + passResource + `"}]}`
		return stackResource(t, awstypes.IamRole, "scheduler-role", resource.NewPropertyMapFromMap(map[string]any{
			"inlinePolicies": []any{map[string]any{"name": "pass", "policy": policy}},
		}), nil)
	}
	fromInput := map[string]any{"roleArn": "arn:role",
		"definition": aslJSON(t, map[string]any{"AssignPublicIp.$": "$.ip", "Subnets": []any{"subnet-1"}})}

	cases := []struct {
		name      string
		resources []*pulumirpc.AnalyzerResource
		want      map[string]pulumirpc.EnforcementLevel
	}{
		{
			name: "role passing named roles",
			resources: []*pulumirpc.AnalyzerResource{role("arn:aws:iam::123456789012:role/jobs-task"),
				stackResource(t, awstypes.SchedulerSchedule, "nightly", schedule, map[string][]string{"target": {roleURN}})},
			want: map[string]pulumirpc.EnforcementLevel{},
		},
		{
			name: "role passing any role",
			resources: []*pulumirpc.AnalyzerResource{role("*"),
				stackResource(t, awstypes.SchedulerSchedule, "nightly", schedule, map[string][]string{"target": {roleURN}})},
			want: map[string]pulumirpc.EnforcementLevel{"task-launcher-passrole-scoped": mandatory},
		},
		{
			name: "AssignPublicIp from the execution input",
			resources: []*pulumirpc.AnalyzerResource{stackResource(t, awstypes.SfnStateMachine, "from-input",
				resource.NewPropertyMapFromMap(fromInput), nil)},
			want: map[string]pulumirpc.EnforcementLevel{rules.UnverifiedRule: advisory},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := a.client.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: tc.resources})

			require.NoError(t, err)
			got := map[string]pulumirpc.EnforcementLevel{}
			for _, d := range resp.GetDiagnostics() {
				got[d.GetPolicyName()] = d.GetEnforcementLevel()
				assert.NotEqual(t, urnOf(awstypes.IamRole, "scheduler-role"), d.GetUrn(), "reported on the launcher")
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestUnknownLauncherValuesNeitherCrashNorViolate sends every launcher with the values the launcher rules read unknown —
// whole, one level down and as secrets — through Analyze and AnalyzeStack: the pack answers, reports nothing
// mandatory, and stays up.
func TestUnknownLauncherValuesNeitherCrashNorViolate(t *testing.T) {
	a := startAnalyzer(t, true)
	a.configure(t, nil, nil)
	unknown := resource.MakeComputed(resource.NewStringProperty(""))
	secretUnknown := resource.MakeSecret(unknown)
	topLevel := resource.PropertyMap{}
	for _, key := range []string{"ecsTarget", "targets", "target", "targetParameters", "roleArn", "platformCapabilities",
		"containerProperties", "ecsProperties", "definition", "definitionString", "definitionSubstitutions"} {
		topLevel[resource.PropertyKey(key)] = unknown
	}
	nested := resource.NewPropertyMapFromMap(map[string]any{
		"ecsTarget": map[string]any{"launchType": secretUnknown, "networkConfiguration": unknown, "capacityProviderStrategies": unknown},
		"targets":   []any{unknown, map[string]any{"ecsParameters": unknown, "roleArn": unknown}},
		"target": map[string]any{"roleArn": unknown, "ecsParameters": map[string]any{
			"networkConfiguration":       map[string]any{"assignPublicIp": secretUnknown, "awsvpcConfiguration": unknown},
			"capacityProviderStrategies": []any{map[string]any{"capacityProvider": unknown}}, "capacityProviderStrategy": unknown,
		}},
		"targetParameters":        map[string]any{"ecsTaskParameters": map[string]any{"networkConfiguration": unknown, "launchType": unknown}},
		"platformCapabilities":    []any{unknown},
		"containerProperties":     map[string]any{"networkConfiguration": unknown},
		"ecsProperties":           map[string]any{"taskProperties": []any{unknown}},
		"definitionString":        `{"States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::ecs:runTask","Parameters":{"NetworkConfiguration":{"AwsvpcConfiguration":{"AssignPublicIp":"${ip}"}}}}}}`,
		"definitionSubstitutions": map[string]any{"ip": unknown},
	})
	var stackResources []*pulumirpc.AnalyzerResource
	for typ := range launcherFixtures(t, false) {
		for i, props := range []resource.PropertyMap{topLevel, nested} {
			for _, diag := range a.analyze(t, typ, "unknown-launcher", props, i == 1) {
				assert.NotEqual(t, mandatory, diag.GetEnforcementLevel(), "%s: %s", typ, diag.GetMessage())
			}
			stackResources = append(stackResources, stackResource(t, typ, fmt.Sprintf("unknown-launcher-%d", len(stackResources)), props, nil))
		}
	}
	resp, err := a.client.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: stackResources})
	require.NoError(t, err)
	for _, diag := range resp.GetDiagnostics() {
		assert.NotEqual(t, mandatory, diag.GetEnforcementLevel(), diag.GetMessage())
	}
	assert.Nil(t, a.cmd.ProcessState, "the analyzer process must still be running")
}
