package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// launcherShape is where one resource type keeps the ECS tasks it starts: the one place that says "what network
// configuration, launch type and task definition does this resource start tasks with". A new launcher is one entry in
// launcherShapes; the rules read taskLaunches and never a launcher's properties directly.
type launcherShape struct {
	// kind names the resource in messages.
	kind string
	// targets is the dotted path of the object (or, ending in "[]", the list of objects) that holds the ECS
	// parameters and the role; "" is the resource itself.
	targets string
	// ecs is the path from a target to its ECS parameters ("" when the target is the parameters).
	ecs string
	// awsvpc is the path from the ECS parameters to the object that holds assignPublicIp and the subnets.
	awsvpc string
	// enum is set when assignPublicIp is the string ENABLED/DISABLED (default DISABLED) rather than a boolean
	// (default false).
	enum bool
	// capacityProviders is the key of the ECS parameters' capacity provider strategy list.
	capacityProviders string
	// role is the path from a target to the ARN of the role the launcher runs as; "" when it passes none.
	role string
	// documents, when set, reads the launches from JSON documents the resource carries (Batch job definitions, Step
	// Functions definitions) instead of the paths above.
	documents func(res Resource) (launches []taskLaunch, known bool)
	// documentInputs are the top-level inputs documents reads, for the test that checks names against the providers.
	documentInputs []string
	// source cites where the paths come from.
	source string
}

// launcherShapes maps each type token that starts ECS tasks to its shape. The pulumi-aws paths are the pulumi tags of
// the v6.83.2 Go SDK (sdk/go/aws/<module>/pulumiTypes.go), unchanged in @pulumi/aws 7.12.0 (types/input.d.ts), which
// registers no alias for these tokens; the aws-native paths are @pulumi/aws-native 1.79.0 types/input.d.ts.
// TestLauncherPathsAreProviderInputs checks every path against both.
var launcherShapes = map[string]launcherShape{
	awstypes.EcsService: {kind: "ECS service", awsvpc: "networkConfiguration", capacityProviders: "capacityProviderStrategies",
		source: "ecs ServiceArgs, ServiceNetworkConfiguration"},
	awstypes.EcsTaskSet: {kind: "ECS task set", awsvpc: "networkConfiguration", capacityProviders: "capacityProviderStrategies",
		source: "ecs TaskSetArgs, TaskSetNetworkConfiguration"},
	awstypes.NativeEcsService: {kind: "ECS service", awsvpc: "networkConfiguration.awsvpcConfiguration", enum: true,
		capacityProviders: "capacityProviderStrategy", source: "ecs ServiceNetworkConfigurationArgs, ServiceAwsVpcConfigurationArgs"},
	awstypes.NativeEcsTaskSet: {kind: "ECS task set", awsvpc: "networkConfiguration.awsVpcConfiguration", enum: true,
		capacityProviders: "capacityProviderStrategy", source: "ecs TaskSetNetworkConfigurationArgs, TaskSetAwsVpcConfigurationArgs"},

	awstypes.CloudwatchEventTarget: {kind: "EventBridge target", ecs: "ecsTarget", awsvpc: "networkConfiguration",
		capacityProviders: "capacityProviderStrategies", role: "roleArn",
		source: "cloudwatch EventTargetArgs, EventTargetEcsTarget, EventTargetEcsTargetNetworkConfiguration"},
	awstypes.NativeEventsRule: {kind: "EventBridge rule", targets: "targets[]", ecs: "ecsParameters",
		awsvpc: "networkConfiguration.awsVpcConfiguration", enum: true, capacityProviders: "capacityProviderStrategy",
		role: "roleArn", source: "events RuleTargetArgs, RuleEcsParametersArgs, RuleAwsVpcConfigurationArgs"},
	awstypes.SchedulerSchedule: {kind: "EventBridge Scheduler schedule", targets: "target", ecs: "ecsParameters",
		awsvpc: "networkConfiguration", capacityProviders: "capacityProviderStrategies", role: "roleArn",
		source: "scheduler ScheduleTarget, ScheduleTargetEcsParameters, ScheduleTargetEcsParametersNetworkConfiguration"},
	awstypes.NativeSchedulerSchedule: {kind: "EventBridge Scheduler schedule", targets: "target", ecs: "ecsParameters",
		awsvpc: "networkConfiguration.awsvpcConfiguration", enum: true, capacityProviders: "capacityProviderStrategy",
		role: "roleArn", source: "scheduler ScheduleTargetArgs, ScheduleEcsParametersArgs, ScheduleAwsVpcConfigurationArgs"},
	awstypes.PipesPipe: {kind: "EventBridge pipe", ecs: "targetParameters.ecsTaskParameters",
		awsvpc: "networkConfiguration.awsVpcConfiguration", enum: true, capacityProviders: "capacityProviderStrategies",
		role: "roleArn", source: "pipes PipeTargetParametersEcsTaskParameters, …NetworkConfigurationAwsVpcConfiguration (assignPublicIp *string)"},
	awstypes.NativePipesPipe: {kind: "EventBridge pipe", ecs: "targetParameters.ecsTaskParameters",
		awsvpc: "networkConfiguration.awsvpcConfiguration", enum: true, capacityProviders: "capacityProviderStrategy",
		role: "roleArn", source: "pipes PipeTargetEcsTaskParametersArgs, PipeAwsVpcConfigurationArgs"},

	awstypes.BatchJobDefinition: {kind: "Batch job definition", documents: batchLaunches, documentInputs: batchInputs,
		source: "batch JobDefinitionArgs containerProperties, ecsProperties (JSON strings), platformCapabilities"},
	awstypes.NativeBatchJobDefinition: {kind: "Batch job definition", documents: batchLaunches,
		documentInputs: append([]string{"containerProperties.networkConfiguration.assignPublicIp",
			"ecsProperties.taskProperties[].networkConfiguration.assignPublicIp"}, batchInputs...),
		source: "batch JobDefinitionContainerPropertiesArgs, JobDefinitionEcsTaskPropertiesArgs, JobDefinitionNetworkConfigurationArgs"},
	awstypes.SfnStateMachine: {kind: "Step Functions state machine", role: "roleArn", documents: stateMachineLaunches,
		documentInputs: []string{"definition"},
		source:         "sfn StateMachineArgs definition (ASL JSON), roleArn"},
	awstypes.NativeStepfunctionsStateMachine: {kind: "Step Functions state machine", role: "roleArn",
		documents: stateMachineLaunches, documentInputs: []string{"definition", "definitionString", "definitionSubstitutions"},
		source: "stepfunctions StateMachineArgs definitionString / definition, roleArn"},
}

// taskLauncherTypes are the launchers the task-launcher rules check: every shape but the ECS services and task sets,
// which the ecs-service rules judge.
var taskLauncherTypes = []string{
	awstypes.CloudwatchEventTarget, awstypes.NativeEventsRule, awstypes.SchedulerSchedule, awstypes.NativeSchedulerSchedule,
	awstypes.PipesPipe, awstypes.NativePipesPipe, awstypes.BatchJobDefinition, awstypes.NativeBatchJobDefinition,
	awstypes.SfnStateMachine, awstypes.NativeStepfunctionsStateMachine,
}

// stateMachineTypes are the Step Functions state machines, whose launches may take values from the execution input.
var stateMachineTypes = []string{awstypes.SfnStateMachine, awstypes.NativeStepfunctionsStateMachine}

// taskLaunch is one way a resource starts ECS tasks, as the rules judge it.
type taskLaunch struct {
	// where names the launch for messages ("ecsTarget", "targets[1].ecsParameters", "state \"Run\"").
	where string
	// publicIP is whether the tasks get public IPs; publicIPPath is the property that says so, for messages.
	publicIP     tri
	publicIPPath string
	// undecidable says why the public IP setting cannot be known from the program (it comes from a state
	// machine's execution input or a JSONata expression); publicIP is then unknown.
	undecidable string
	// launchType is the explicit launch type ("" when unset); capacityProviders the providers of an explicit
	// strategy. known is false while either is unknown.
	launchType        string
	capacityProviders []string
	launchKnown       bool
	// role is the launcher's role ARN value, with the top-level property it sits under (for stack resolution).
	role    property.Value
	roleKey string
}

// taskLaunches returns how res starts ECS tasks; known is false while a value that holds them is unknown (the rules
// judge it again at up).
func taskLaunches(res Resource) ([]taskLaunch, bool) {
	shape, ok := launcherShapes[res.Type]
	if !ok {
		return nil, true
	}
	if shape.documents != nil {
		launches, known := shape.documents(res)
		if shape.role != "" {
			for i := range launches {
				launches[i].role, launches[i].roleKey = res.Properties.Get(shape.role), shape.role
			}
		}
		return launches, known
	}
	targets, labels, known := targetsOf(res.Properties, shape.targets)
	var launches []taskLaunch
	for i, target := range targets {
		ecsValue := property.New(target)
		if shape.ecs != "" {
			ecsValue = valueAt(target, shape.ecs)
		}
		if ecsValue.IsComputed() {
			known = false
			continue
		}
		if !ecsValue.IsMap() {
			continue // this target starts no ECS task
		}
		ecs := ecsValue.AsMap()
		launch := taskLaunch{where: joinPath(labels[i], shape.ecs)}
		launch.publicIP, launch.publicIPPath = publicIPAt(ecs, shape.awsvpc, shape.enum)
		launch.publicIPPath = joinPath(launch.where, launch.publicIPPath)
		launch.launchType, launch.capacityProviders, launch.launchKnown = launchTypeOf(ecs, shape.capacityProviders)
		if shape.role != "" {
			launch.role = valueAt(target, shape.role)
			launch.roleKey, _, _ = strings.Cut(joinPath(shape.targets, shape.role), ".")
			launch.roleKey = strings.TrimSuffix(launch.roleKey, "[]")
		}
		launches = append(launches, launch)
	}
	return launches, known
}

// targetsOf returns the objects at path ("" is props itself; a trailing "[]" walks a list), each with its label.
func targetsOf(props property.Map, path string) ([]property.Map, []string, bool) {
	if path == "" {
		return []property.Map{props}, []string{""}, true
	}
	listPath, isList := strings.CutSuffix(path, "[]")
	value := valueAt(props, listPath)
	if !isList {
		target, known := object(value)
		return []property.Map{target}, []string{path}, known
	}
	items, known := list(value)
	var targets []property.Map
	var labels []string
	for i, item := range items {
		target, itemKnown := object(item)
		known = known && itemKnown
		targets = append(targets, target)
		labels = append(labels, fmt.Sprintf("%s[%d]", listPath, i))
	}
	return targets, labels, known
}

// valueAt returns the value at a dotted path of nested objects; a missing level is null, an unknown one computed. It
// walks the path without allocating: services and task sets read their network configuration through it on every
// resource the pack sees.
func valueAt(m property.Map, path string) property.Value {
	for {
		segment, rest, nested := strings.Cut(path, ".")
		v := m.Get(segment)
		if !nested || v.IsComputed() {
			return v
		}
		m, _ = object(v)
		path = rest
	}
}

func joinPath(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ".")
}

// publicIPAt reads assignPublicIp under the awsvpc path of an ECS parameters object: a boolean (default false) or
// the enum ENABLED/DISABLED (default DISABLED, the RunTask API's AwsVpcConfiguration default). It returns the path it
// read, for messages.
func publicIPAt(ecs property.Map, awsvpc string, enum bool) (tri, string) {
	config, known := object(valueAt(ecs, awsvpc))
	if !known {
		return unknown, awsvpc + ".assignPublicIp"
	}
	return publicIPIn(config, enum), awsvpc + ".assignPublicIp"
}

// publicIPIn reads assignPublicIp in the object that holds it.
func publicIPIn(config property.Map, enum bool) tri {
	if !enum {
		return boolTri(config, "assignPublicIp", false)
	}
	text, known := str(config, "assignPublicIp", "DISABLED")
	if !known {
		return unknown
	}
	return triOf(strings.EqualFold(text, "ENABLED"))
}

// launchTypeOf reads an ECS parameters object's launchType and the providers of its capacity provider strategy.
func launchTypeOf(ecs property.Map, capacityProvidersKey string) (string, []string, bool) {
	launchType, known := str(ecs, "launchType", "")
	strategy, strategyKnown := list(ecs.Get(capacityProvidersKey))
	known = known && strategyKnown
	var providers []string
	for _, item := range strategy {
		entry, entryKnown := object(item)
		provider, providerKnown := str(entry, "capacityProvider", "")
		known = known && entryKnown && providerKnown
		if provider != "" {
			providers = append(providers, provider)
		}
	}
	return strings.ToUpper(launchType), providers, known
}

// fargateCapacityProviders are the capacity providers that run tasks on Fargate; ECS reserves these names, every other
// provider is an Auto Scaling group of EC2 instances (ECS Developer Guide, "AWS Fargate capacity providers").
var fargateCapacityProviders = []string{"FARGATE", "FARGATE_SPOT"}

// notFargate says how a launch leaves Fargate, or "" when it does not (or cannot be told): an explicit launch type
// other than FARGATE, or a capacity provider that is not FARGATE or FARGATE_SPOT. Without either, RunTask uses the
// cluster's default capacity provider strategy, which the launcher does not show.
func (l taskLaunch) notFargate() string {
	if !l.launchKnown {
		return ""
	}
	if l.launchType != "" && l.launchType != "FARGATE" {
		return fmt.Sprintf("launch type %s", l.launchType)
	}
	for _, provider := range l.capacityProviders {
		if !slices.Contains(fargateCapacityProviders, strings.ToUpper(provider)) {
			return fmt.Sprintf("capacity provider %q", provider)
		}
	}
	return ""
}

var taskLauncherNoPublicIPRule = ResourceRule{
	Name:          "task-launcher-no-public-ip",
	ResourceTypes: taskLauncherTypes,
	Description:   "Whatever starts ECS tasks besides a service gives them no public IP: EventBridge targets (`ecsTarget.networkConfiguration.assignPublicIp`; aws-native rule `targets[].ecsParameters.networkConfiguration.awsVpcConfiguration`), Scheduler schedules (`target.ecsParameters.networkConfiguration`), Pipes (`targetParameters.ecsTaskParameters.networkConfiguration.awsVpcConfiguration`), Batch job definitions (`networkConfiguration.assignPublicIp` in `containerProperties` and `ecsProperties.taskProperties[]`) and Step Functions `ecs:runTask` states, nested `Parallel` and `Map` states included. `true` or ENABLED fails; false, DISABLED and unset (the APIs' default) pass; a value taken from a state machine's execution input is reported by stack-could-not-verify.",
	Rationale:     "Each task gets an ENI of its own; a public IP on it puts the task on the internet, outside the private ingress path, no matter what starts it.",
	DefaultLevel:  Mandatory,
	Check:         checkLauncherPublicIP,
}

// checkLaunches reports, for each launch of res, the problem problem finds ("" for none), after the launcher's kind
// and name.
func checkLaunches(res Resource, problem func(taskLaunch) string) []string {
	launches, _ := taskLaunches(res)
	var messages []string
	for _, launch := range launches {
		if text := problem(launch); text != "" {
			messages = append(messages, fmt.Sprintf("%s %q %s", launcherShapes[res.Type].kind, res.Name, text))
		}
	}
	return messages
}

func checkLauncherPublicIP(res Resource, _ Config) []string {
	return checkLaunches(res, func(launch taskLaunch) string {
		if launch.publicIP != yes {
			return ""
		}
		return fmt.Sprintf("sets %s, giving the ECS tasks it starts public IPs; turn assignPublicIp off (false or "+
			"DISABLED) and reach the internet through NAT or VPC endpoints", launch.publicIPPath)
	})
}

var taskLauncherFargateRule = ResourceRule{
	Name:          "task-launcher-fargate",
	ResourceTypes: taskLauncherTypes,
	Description:   "Task launchers start Fargate tasks: an explicit `launchType` other than FARGATE, a capacity provider other than FARGATE or FARGATE_SPOT, or a Batch job definition whose `platformCapabilities` omit FARGATE (unset means EC2) fails. Unset launch type and strategy follow the cluster's default strategy and pass.",
	Rationale:     "The platform runs on Fargate only, as for services: EC2 tasks need container instances the platform neither hardens nor patches.",
	DefaultLevel:  Mandatory,
	Check:         checkLauncherFargate,
}

func checkLauncherFargate(res Resource, _ Config) []string {
	return checkLaunches(res, func(launch taskLaunch) string {
		how := launch.notFargate()
		if how == "" {
			return ""
		}
		return fmt.Sprintf("starts ECS tasks at %s with %s, not on Fargate; set launchType FARGATE (or a FARGATE / "+
			"FARGATE_SPOT capacity provider strategy)", launch.where, how)
	})
}

var taskLauncherPublicIPDecidedRule = StackRule{
	Name:          "task-launcher-public-ip-decided",
	ResourceTypes: stateMachineTypes,
	Description:   "Step Functions `ecs:runTask` states whose `AssignPublicIp` (or an object above it) comes from the execution input (`\"AssignPublicIp.$\"`) or a JSONata expression cannot be proven private by the program; each is reported through stack-could-not-verify.",
	Rationale:     "Whoever starts the execution chooses the value, so neither preview nor up can decide it; the warning says where to pin it.",
	DefaultLevel:  Advisory,
	Check:         checkLauncherPublicIPDecided,
}

func checkLauncherPublicIPDecided(resources []Resource, _ Config) []StackFinding {
	var findings []StackFinding
	for i, res := range resources {
		if !slices.Contains(stateMachineTypes, res.Type) {
			continue
		}
		launches, _ := taskLaunches(res)
		for _, launch := range launches {
			if launch.undecidable == "" {
				continue
			}
			findings = append(findings, StackFinding{Resource: i, Unverified: true, Message: fmt.Sprintf(
				"task-launcher-no-public-ip cannot verify that %s %q keeps public IPs off at %s: %s; no program value "+
					"decides it, so set AssignPublicIp: DISABLED there", launcherShapes[res.Type].kind, res.Name,
				launch.where, launch.undecidable)})
		}
	}
	return findings
}
