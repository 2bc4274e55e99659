package rules

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// asJSON renders fixture data as the JSON string pulumi-aws carries (Batch properties, ASL definitions).
func asJSON(v any) string {
	text, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(text)
}

// runTaskState is an ASL ecs:runTask state whose request sets AssignPublicIp to value (nil leaves it out).
func runTaskState(resource string, value any) obj {
	awsvpc := obj{"Subnets": arr{"subnet-1"}}
	if value != nil {
		awsvpc["AssignPublicIp"] = value
	}
	return obj{"Type": "Task", "Resource": resource, "End": true, "Parameters": obj{
		"Cluster": "c", "TaskDefinition": "td", "LaunchType": "FARGATE",
		"NetworkConfiguration": obj{"AwsvpcConfiguration": awsvpc},
	}}
}

// machine is an ASL definition with the given states.
func machine(states obj) obj {
	first := ""
	for name := range states {
		first = name
	}
	return obj{"StartAt": first, "States": states}
}

// JobsSchedule is the shape the program's own jobs register (the jobs issue): Scheduler ECS parameters with
// assignPublicIp false, a FARGATE capacity provider strategy and the task definition ARN still unknown.
func jobsSchedule() obj {
	return obj{"scheduleExpression": "cron(0 3 * * ? *)", "flexibleTimeWindow": obj{"mode": "OFF"}, "target": obj{
		"arn": "arn:aws:ecs:eu-west-1:123456789012:cluster/platform", "roleArn": unknownValue,
		"ecsParameters": obj{
			"taskDefinitionArn": unknownValue, "launchType": "FARGATE",
			"capacityProviderStrategies": arr{obj{"capacityProvider": "FARGATE", "weight": 1}},
			"networkConfiguration":       obj{"assignPublicIp": false, "subnets": arr{"subnet-1"}, "securityGroups": arr{"sg-1"}},
		},
	}}
}

// launcherRuleCases are the fixtures of the task launcher rules, for every launcher in every token form.
func launcherRuleCases() []ruleCase {
	const noIP, fargate = "task-launcher-no-public-ip", "task-launcher-fargate"
	eventTarget := func(network obj, extra obj) obj {
		ecs := obj{"taskDefinitionArn": "arn:td", "networkConfiguration": network}
		for k, v := range extra {
			ecs[k] = v
		}
		return obj{"rule": "nightly", "arn": "arn:cluster", "roleArn": "arn:role", "ecsTarget": ecs}
	}
	nativeRule := func(assign any) obj {
		return obj{"targets": arr{
			obj{"id": "lambda", "arn": "arn:aws:lambda:eu-west-1:123456789012:function:f"},
			obj{"id": "task", "arn": "arn:cluster", "ecsParameters": obj{"taskDefinitionArn": "arn:td",
				"networkConfiguration": obj{"awsVpcConfiguration": obj{"assignPublicIp": assign, "subnets": arr{"s"}}}}},
		}}
	}
	schedule := func(network obj) obj {
		return obj{"target": obj{"arn": "arn:cluster", "roleArn": "arn:role", "ecsParameters": obj{
			"taskDefinitionArn": "arn:td", "networkConfiguration": network}}}
	}
	pipe := func(key string, assign any) obj {
		return obj{"roleArn": "arn:role", "source": "arn:queue", "target": "arn:cluster", "targetParameters": obj{
			"ecsTaskParameters": obj{"taskDefinitionArn": "arn:td", "networkConfiguration": obj{key: obj{"assignPublicIp": assign}}}}}
	}
	batch := func(encode bool, container, ecs any, capabilities ...string) obj {
		props := obj{"type": "container"}
		if len(capabilities) > 0 {
			props["platformCapabilities"] = capabilities
		}
		for key, value := range map[string]any{"containerProperties": container, "ecsProperties": ecs} {
			if value != nil && encode {
				value = asJSON(value)
			}
			if value != nil {
				props[key] = value
			}
		}
		return props
	}
	batchContainer := func(assign string) obj {
		return obj{"image": "busybox", "networkConfiguration": obj{"assignPublicIp": assign}}
	}
	batchECS := func(assign string) obj {
		return obj{"taskProperties": arr{obj{"containers": arr{obj{"name": "app", "image": "busybox"}},
			"networkConfiguration": obj{"assignPublicIp": assign}}}}
	}
	sfn := func(definition obj) obj { return obj{"roleArn": "arn:role", "definition": asJSON(definition)} }
	const runTaskSync = "arn:aws:states:::ecs:runTask.sync"
	parallel := machine(obj{"Fan": obj{"Type": "Parallel", "End": true, "Branches": arr{
		machine(obj{"Wait": obj{"Type": "Wait", "Seconds": 1, "End": true}}),
		machine(obj{"Run": runTaskState("arn:aws:states:::ecs:runTask.waitForTaskToken", "ENABLED")}),
	}}})
	mapState := func(key string) obj {
		return machine(obj{"Each": obj{"Type": "Map", "End": true, key: machine(obj{"Run": runTaskState(runTaskSync, "ENABLED")})}})
	}
	jsonata := machine(obj{"Run": obj{"Type": "Task", "Resource": runTaskSync, "End": true, "Arguments": obj{
		"NetworkConfiguration": obj{"AwsvpcConfiguration": obj{"AssignPublicIp": "{% $states.input.ip %}"}}}}})
	jsonata["QueryLanguage"] = "JSONata"

	return []ruleCase{
		// task-launcher-no-public-ip: EventBridge rule targets
		{name: "event target with assignPublicIp false", rule: noIP, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{"assignPublicIp": false, "subnets": arr{"s"}}, nil)},
		{name: "event target without assignPublicIp", rule: noIP, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{"subnets": arr{"s"}}, nil)},
		{name: "event target without an ECS target", rule: noIP, typ: awstypes.CloudwatchEventTarget, props: obj{"rule": "r", "arn": "arn:aws:sqs:eu-west-1:123456789012:q"}},
		{name: "event target with unknown assignPublicIp", rule: noIP, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{"assignPublicIp": unknownValue}, nil)},
		{name: "event target with unknown ecsTarget", rule: noIP, typ: awstypes.CloudwatchEventTarget, props: obj{"rule": "r", "ecsTarget": unknownValue}},
		{name: "event target with assignPublicIp true", rule: noIP, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{"assignPublicIp": true}, nil), want: 1, wantText: "ecsTarget.networkConfiguration.assignPublicIp"},
		{name: "event target with secret assignPublicIp true", rule: noIP, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{"assignPublicIp": secret(true)}, nil), want: 1},
		{name: "aws-native rule with an ECS target DISABLED", rule: noIP, typ: awstypes.NativeEventsRule, props: nativeRule("DISABLED")},
		{name: "aws-native rule with an ECS target ENABLED", rule: noIP, typ: awstypes.NativeEventsRule, props: nativeRule("ENABLED"), want: 1, wantText: "targets[1].ecsParameters.networkConfiguration.awsVpcConfiguration.assignPublicIp"},
		{name: "aws-native rule with unknown targets", rule: noIP, typ: awstypes.NativeEventsRule, props: obj{"targets": unknownValue}},

		// task-launcher-no-public-ip: EventBridge Scheduler
		{name: "the jobs' schedule (assignPublicIp false, FARGATE, unknown task definition)", rule: noIP, typ: awstypes.SchedulerSchedule, props: jobsSchedule()},
		{name: "schedule without assignPublicIp", rule: noIP, typ: awstypes.SchedulerSchedule, props: schedule(obj{"subnets": arr{"s"}})},
		{name: "schedule with unknown networkConfiguration", rule: noIP, typ: awstypes.SchedulerSchedule, props: schedule(obj{"assignPublicIp": unknownValue})},
		{name: "schedule with assignPublicIp true", rule: noIP, typ: awstypes.SchedulerSchedule, props: schedule(obj{"assignPublicIp": true}), want: 1, wantText: "target.ecsParameters.networkConfiguration.assignPublicIp"},
		{name: "aws-native schedule DISABLED", rule: noIP, typ: awstypes.NativeSchedulerSchedule, props: schedule(obj{"awsvpcConfiguration": obj{"assignPublicIp": "DISABLED"}})},
		{name: "aws-native schedule ENABLED", rule: noIP, typ: awstypes.NativeSchedulerSchedule, props: schedule(obj{"awsvpcConfiguration": obj{"assignPublicIp": "ENABLED"}}), want: 1, wantText: "awsvpcConfiguration.assignPublicIp"},

		// task-launcher-no-public-ip: EventBridge Pipes
		{name: "pipe DISABLED", rule: noIP, typ: awstypes.PipesPipe, props: pipe("awsVpcConfiguration", "DISABLED")},
		{name: "pipe with unknown assignPublicIp", rule: noIP, typ: awstypes.PipesPipe, props: pipe("awsVpcConfiguration", unknownValue)},
		{name: "pipe ENABLED", rule: noIP, typ: awstypes.PipesPipe, props: pipe("awsVpcConfiguration", "ENABLED"), want: 1, wantText: "targetParameters.ecsTaskParameters.networkConfiguration.awsVpcConfiguration.assignPublicIp"},
		{name: "aws-native pipe without assignPublicIp", rule: noIP, typ: awstypes.NativePipesPipe, props: pipe("awsvpcConfiguration", nil)},
		{name: "aws-native pipe ENABLED", rule: noIP, typ: awstypes.NativePipesPipe, props: pipe("awsvpcConfiguration", "ENABLED"), want: 1, wantText: "awsvpcConfiguration.assignPublicIp"},

		// task-launcher-no-public-ip: Batch job definitions
		{name: "Batch container job DISABLED", rule: noIP, typ: awstypes.BatchJobDefinition, props: batch(true, batchContainer("DISABLED"), nil, "FARGATE")},
		{name: "Batch job with unknown containerProperties", rule: noIP, typ: awstypes.BatchJobDefinition, props: obj{"type": "container", "containerProperties": unknownValue}},
		{name: "Batch container job ENABLED", rule: noIP, typ: awstypes.BatchJobDefinition, props: batch(true, batchContainer("ENABLED"), nil, "FARGATE"), want: 1, wantText: "containerProperties.networkConfiguration.assignPublicIp"},
		{name: "Batch ECS-properties job ENABLED", rule: noIP, typ: awstypes.BatchJobDefinition, props: batch(true, nil, batchECS("ENABLED"), "FARGATE"), want: 1, wantText: "ecsProperties.taskProperties[0]"},
		{name: "aws-native Batch container job without networkConfiguration", rule: noIP, typ: awstypes.NativeBatchJobDefinition, props: batch(false, obj{"image": "busybox"}, nil, "FARGATE")},
		{name: "aws-native Batch container job ENABLED", rule: noIP, typ: awstypes.NativeBatchJobDefinition, props: batch(false, batchContainer("ENABLED"), nil, "FARGATE"), want: 1},
		{name: "aws-native Batch ECS-properties job ENABLED", rule: noIP, typ: awstypes.NativeBatchJobDefinition, props: batch(false, nil, batchECS("ENABLED"), "FARGATE"), want: 1, wantText: "ecsProperties.taskProperties[0]"},

		// task-launcher-no-public-ip: Step Functions
		{name: "state machine that runs no ECS task", rule: noIP, typ: awstypes.SfnStateMachine, props: sfn(machine(obj{"Call": obj{"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:f", "End": true}}))},
		{name: "state machine running a task DISABLED", rule: noIP, typ: awstypes.SfnStateMachine, props: sfn(machine(obj{"Run": runTaskState(runTaskSync, "DISABLED")}))},
		{name: "state machine running a task without AssignPublicIp", rule: noIP, typ: awstypes.SfnStateMachine, props: sfn(machine(obj{"Run": runTaskState("arn:aws:states:::ecs:runTask", nil)}))},
		{name: "state machine taking AssignPublicIp from the input is left to stack-could-not-verify", rule: noIP, typ: awstypes.SfnStateMachine, props: withState(sfn(machine(obj{"Run": runTaskState(runTaskSync, nil)})), "Run", "AssignPublicIp.$", "$.ip")},
		{name: "JSONata state machine is left to stack-could-not-verify", rule: noIP, typ: awstypes.SfnStateMachine, props: sfn(jsonata)},
		{name: "state machine with an unknown definition", rule: noIP, typ: awstypes.SfnStateMachine, props: obj{"roleArn": "arn:role", "definition": unknownValue}},
		{name: "state machine running a task ENABLED", rule: noIP, typ: awstypes.SfnStateMachine, props: sfn(machine(obj{"Run": runTaskState(runTaskSync, "ENABLED")})), want: 1, wantText: `state "Run" Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp`},
		{name: "state machine with a public task in a Parallel branch", rule: noIP, typ: awstypes.SfnStateMachine, props: sfn(parallel), want: 1, wantText: `state "Fan" branch 2 > state "Run"`},
		{name: "state machine with a public task in a Map item processor", rule: noIP, typ: awstypes.SfnStateMachine, props: sfn(mapState("ItemProcessor")), want: 1, wantText: `state "Each" item processor > state "Run"`},
		{name: "state machine with a public task in a Map iterator", rule: noIP, typ: awstypes.SfnStateMachine, props: sfn(mapState("Iterator")), want: 1},
		{name: "aws-native state machine definitionString with a substituted DISABLED", rule: noIP, typ: awstypes.NativeStepfunctionsStateMachine, props: obj{"roleArn": "arn:role", "definitionString": asJSON(machine(obj{"Run": runTaskState(runTaskSync, "${ip}")})), "definitionSubstitutions": obj{"ip": "DISABLED"}}},
		{name: "aws-native state machine definitionString without substitutions", rule: noIP, typ: awstypes.NativeStepfunctionsStateMachine, props: obj{"roleArn": "arn:role", "definitionString": asJSON(machine(obj{"Run": runTaskState(runTaskSync, "ENABLED")}))}, want: 1},
		{name: "aws-native state machine definitionString with unknown substitutions", rule: noIP, typ: awstypes.NativeStepfunctionsStateMachine, props: obj{"roleArn": "arn:role", "definitionString": asJSON(machine(obj{"Run": runTaskState(runTaskSync, "${ip}")})), "definitionSubstitutions": unknownValue}},
		{name: "aws-native state machine definitionString with a substituted ENABLED", rule: noIP, typ: awstypes.NativeStepfunctionsStateMachine, props: obj{"roleArn": "arn:role", "definitionString": asJSON(machine(obj{"Run": runTaskState(runTaskSync, "${ip}")})), "definitionSubstitutions": obj{"ip": "ENABLED"}}, want: 1},
		{name: "aws-native state machine definition object ENABLED", rule: noIP, typ: awstypes.NativeStepfunctionsStateMachine, props: obj{"roleArn": "arn:role", "definition": parallel}, want: 1},

		// task-launcher-fargate
		{name: "the jobs' schedule on FARGATE", rule: fargate, typ: awstypes.SchedulerSchedule, props: jobsSchedule()},
		{name: "event target without a launch type follows the cluster default", rule: fargate, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{}, nil)},
		{name: "event target on FARGATE_SPOT", rule: fargate, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{}, obj{"capacityProviderStrategies": arr{obj{"capacityProvider": "FARGATE_SPOT"}}})},
		{name: "event target with an unknown launch type", rule: fargate, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{}, obj{"launchType": unknownValue})},
		{name: "event target on EC2", rule: fargate, typ: awstypes.CloudwatchEventTarget, props: eventTarget(obj{}, obj{"launchType": "EC2"}), want: 1, wantText: "launch type EC2"},
		{name: "schedule on an EC2 capacity provider", rule: fargate, typ: awstypes.SchedulerSchedule, props: obj{"target": obj{"ecsParameters": obj{"capacityProviderStrategies": arr{obj{"capacityProvider": "asg-provider"}}}}}, want: 1, wantText: `capacity provider "asg-provider"`},
		{name: "aws-native rule target on EXTERNAL", rule: fargate, typ: awstypes.NativeEventsRule, props: obj{"targets": arr{obj{"id": "t", "ecsParameters": obj{"launchType": "EXTERNAL"}}}}, want: 1, wantText: "launch type EXTERNAL"},
		{name: "pipe on EC2", rule: fargate, typ: awstypes.PipesPipe, props: obj{"targetParameters": obj{"ecsTaskParameters": obj{"launchType": "EC2"}}}, want: 1},
		{name: "Batch job on Fargate", rule: fargate, typ: awstypes.BatchJobDefinition, props: batch(true, batchContainer("DISABLED"), nil, "FARGATE")},
		{name: "Batch job without platformCapabilities runs on EC2", rule: fargate, typ: awstypes.BatchJobDefinition, props: batch(true, batchContainer("DISABLED"), nil), want: 1, wantText: "launch type EC2"},
		{name: "aws-native Batch job on EC2", rule: fargate, typ: awstypes.NativeBatchJobDefinition, props: batch(false, batchContainer("DISABLED"), nil, "EC2"), want: 1},
		{name: "state machine running a task on EC2", rule: fargate, typ: awstypes.SfnStateMachine, props: withState(sfn(machine(obj{"Run": runTaskState(runTaskSync, "DISABLED")})), "Run", "LaunchType", "EC2"), want: 1, wantText: `state "Run"`},
		{name: "state machine taking its launch type from the input", rule: fargate, typ: awstypes.SfnStateMachine, props: withState(sfn(machine(obj{"Run": runTaskState(runTaskSync, "DISABLED")})), "Run", "LaunchType.$", "$.type")},
	}
}

// withState sets a key of state's Parameters (a JSONPath definition's request) in an sfn fixture's definition.
func withState(o obj, state, key string, value any) obj {
	var definition map[string]any
	if err := json.Unmarshal([]byte(o["definition"].(string)), &definition); err != nil {
		panic(err)
	}
	parameters := definition["States"].(map[string]any)[state].(map[string]any)["Parameters"].(map[string]any)
	if key == "AssignPublicIp.$" {
		parameters = parameters["NetworkConfiguration"].(map[string]any)["AwsvpcConfiguration"].(map[string]any)
	}
	if key == "LaunchType.$" {
		delete(parameters, "LaunchType")
	}
	parameters[key] = value
	o["definition"] = asJSON(definition)
	return o
}

// TestEveryLauncherTokenHasCompliantAndViolatingFixtures: every launcher, in every token form, has a fixture that
// passes and one that gives its tasks a public IP.
func TestEveryLauncherTokenHasCompliantAndViolatingFixtures(t *testing.T) {
	compliant, violating := map[string]bool{}, map[string]bool{}
	for _, tc := range launcherRuleCases() {
		if tc.rule != taskLauncherNoPublicIPRule.Name {
			continue
		}
		if tc.want == 0 {
			compliant[tc.typ] = true
		} else {
			violating[tc.typ] = true
		}
	}
	for _, typ := range taskLauncherTypes {
		assert.True(t, compliant[typ], "%s has no compliant fixture", typ)
		assert.True(t, violating[typ], "%s has no violating fixture", typ)
	}
}

// TestServicesKeepTheirShape: the ECS services and task sets read their network configuration from the same table.
func TestServicesKeepTheirShape(t *testing.T) {
	for _, typ := range ecsServiceTypes {
		_, ok := launcherShapes[typ]
		assert.True(t, ok, "%s has a launcher shape", typ)
		assert.NotContains(t, taskLauncherTypes, typ, "services are judged by the ecs-service rules, not twice")
	}
	for _, typ := range taskLauncherTypes {
		shape, ok := launcherShapes[typ]
		assert.True(t, ok, "%s has a launcher shape", typ)
		assert.Equal(t, shape.role != "", slices.Contains(launcherRoleTypes, typ), "%s: the PassRole rule checks exactly the launchers with a role", typ)
	}
}

func TestStateMachineValuesFromTheInputGoToCouldNotVerify(t *testing.T) {
	fromInput := withState(obj{"roleArn": "arn:role", "definition": asJSON(machine(obj{"Run": runTaskState("arn:aws:states:::ecs:runTask.sync", nil)}))},
		"Run", "AssignPublicIp.$", "$.ip")
	wholeConfig := machine(obj{"Run": obj{"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask", "End": true,
		"Parameters": obj{"NetworkConfiguration.$": "$.network"}}})
	resources := []Resource{
		res(awstypes.SfnStateMachine, "from-input", fromInput),
		res(awstypes.NativeStepfunctionsStateMachine, "whole-config", obj{"roleArn": "arn:role", "definition": wholeConfig}),
		res(awstypes.SfnStateMachine, "pinned", obj{"roleArn": "arn:role", "definition": asJSON(machine(obj{"Run": runTaskState("arn:aws:states:::ecs:runTask", "DISABLED")}))}),
	}

	violations := Evaluate(resources, DefaultConfig())

	var undecided []Violation
	for _, v := range violations {
		assert.NotEqual(t, Mandatory, v.Level, "nothing undecidable blocks: %v", v)
		if v.Policy == UnverifiedRule {
			undecided = append(undecided, v)
		}
	}
	require.Len(t, undecided, 2, "%v", violations)
	assert.Equal(t, "from-input", undecided[0].Resource)
	assert.Contains(t, undecided[0].Message, `"AssignPublicIp.$" takes its value from the input ($.ip)`)
	assert.Equal(t, "whole-config", undecided[1].Resource)
	assert.Contains(t, undecided[1].Message, `"NetworkConfiguration.$"`)
}

// passRoleStack is a schedule whose role (referenced by dependency, as an Output would be) has the given policy
// attached the given way.
func passRoleStack(how, policy string) []Resource {
	role := res(awstypes.IamRole, "scheduler-role", obj{"assumeRolePolicy": "{}"})
	schedule := jobsSchedule()
	schedule["target"].(obj)["roleArn"] = dependsOn(unknownValue, role.URN)
	resources := []Resource{res(awstypes.SchedulerSchedule, "nightly", schedule)}
	switch how {
	case "inline":
		role = res(awstypes.IamRole, "scheduler-role", obj{"inlinePolicies": arr{obj{"name": "run", "policy": policy}}})
	case "role policy":
		resources = append(resources, res(awstypes.IamRolePolicy, "run", obj{"role": dependsOn(unknownValue, role.URN), "policy": policy}))
	case "attachment":
		managed := res(awstypes.IamPolicy, "run-managed", obj{"policy": policy})
		resources = append(resources, managed, res(awstypes.IamRolePolicyAttachment, "attach", obj{
			"role": dependsOn(unknownValue, role.URN), "policyArn": dependsOn(unknownValue, managed.URN)}))
	}
	return append(resources, role)
}

const (
	passAnyRole    = `{"Statement":[{"Effect":"Allow","Action":"ecs:RunTask","Resource":"arn:aws:ecs:eu-west-1:123456789012:task-definition/jobs-nightly:*"},{"Effect":"Allow","Action":["iam:Pass*"],"Resource":"*"}]}`
	passNamedRoles = `{"Statement":[{"Effect":"Allow","Action":"ecs:RunTask","Resource":"arn:aws:ecs:eu-west-1:123456789012:task-definition/jobs-nightly:*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":["arn:aws:iam::123456789012:role/jobs-task","arn:aws:iam::123456789012:role/jobs-execution"]}]}`
)

func TestLauncherRolePassRole(t *testing.T) {
	for _, how := range []string{"inline", "role policy", "attachment"} {
		t.Run(how+"/the jobs' role passes two named roles", func(t *testing.T) {
			assert.Empty(t, Evaluate(passRoleStack(how, passNamedRoles), DefaultConfig()))
		})
		t.Run(how+"/PassRole on every resource", func(t *testing.T) {
			findings := findingsOf(t, passRoleRule, passRoleStack(how, passAnyRole))
			require.Len(t, findings, 1)
			assert.Equal(t, Mandatory, findings[0].Level)
			assert.Equal(t, "nightly", findings[0].Resource)
			assert.Contains(t, findings[0].Message, `role "scheduler-role"`)
			assert.Contains(t, findings[0].Message, `iam:Pass* on "Resource": "*"`)
		})
	}
	t.Run("role from nowhere is reported as undecided", func(t *testing.T) {
		schedule := jobsSchedule()
		violations := Evaluate([]Resource{res(awstypes.SchedulerSchedule, "nightly", schedule)}, DefaultConfig())
		require.Len(t, violations, 1)
		assert.Equal(t, UnverifiedRule, violations[0].Policy)
		assert.Contains(t, violations[0].Message, passRoleRule)
	})
	t.Run("role outside the stack is not seen", func(t *testing.T) {
		schedule := jobsSchedule()
		schedule["target"].(obj)["roleArn"] = "arn:aws:iam::123456789012:role/elsewhere"
		assert.Empty(t, Evaluate([]Resource{res(awstypes.SchedulerSchedule, "nightly", schedule)}, DefaultConfig()))
	})
}
