package rules

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// jsonDocument reads a property that holds a JSON document, either as a JSON string (pulumi-aws) or as an object
// (aws-native): plain data, known=false while any of it is unknown; nil when missing or not valid JSON.
func jsonDocument(v property.Value) (any, bool) {
	raw, known := plain(v)
	if !known {
		return nil, false
	}
	if text, isString := raw.(string); isString {
		raw = nil
		if json.Unmarshal([]byte(text), &raw) != nil {
			return nil, true // not JSON: the provider refuses it before any task runs
		}
	}
	return raw, true
}

// field reads a key of a JSON object; missing levels read as nil.
func field(doc any, keys ...string) any {
	for _, key := range keys {
		m, isMap := doc.(map[string]any)
		if !isMap {
			return nil
		}
		doc = m[key]
	}
	return doc
}

// enabledTri reads an ENABLED/DISABLED enum (default DISABLED) from plain JSON data.
func enabledTri(value any) tri {
	text, _ := value.(string)
	return triOf(strings.EqualFold(text, "ENABLED"))
}

// batchInputs are the job definition inputs batchLaunches reads.
var batchInputs = []string{"platformCapabilities", "containerProperties", "ecsProperties"}

// batchLaunches reads a Batch job definition: its containerProperties (a container job) and every ecsProperties
// taskProperties[] entry start ECS tasks whose networkConfiguration.assignPublicIp is ENABLED or DISABLED (Batch API
// NetworkConfiguration: default DISABLED). platformCapabilities decides the launch type: "If no value is specified,
// it defaults to EC2" (Batch API RegisterJobDefinition).
func batchLaunches(res Resource) ([]taskLaunch, bool) {
	capabilities, known := list(res.Properties.Get("platformCapabilities"))
	launchType := "EC2"
	for _, c := range capabilities {
		value, valueKnown := stringValue(c, "")
		known = known && valueKnown
		if strings.EqualFold(value, "FARGATE") {
			launchType = "FARGATE"
		}
	}
	var launches []taskLaunch
	container, containerKnown := jsonDocument(res.Properties.Get("containerProperties"))
	if container != nil {
		launches = append(launches, taskLaunch{where: "containerProperties",
			publicIP:     enabledTri(field(container, "networkConfiguration", "assignPublicIp")),
			publicIPPath: "containerProperties.networkConfiguration.assignPublicIp", launchType: launchType, launchKnown: known})
	}
	ecs, ecsKnown := jsonDocument(res.Properties.Get("ecsProperties"))
	tasks, _ := field(ecs, "taskProperties").([]any)
	for i, task := range tasks {
		where := fmt.Sprintf("ecsProperties.taskProperties[%d]", i)
		launches = append(launches, taskLaunch{where: where,
			publicIP:     enabledTri(field(task, "networkConfiguration", "assignPublicIp")),
			publicIPPath: where + ".networkConfiguration.assignPublicIp", launchType: launchType, launchKnown: known})
	}
	return launches, containerKnown && ecsKnown
}

// runTaskResource is the Step Functions service integration that starts an ECS task, in every integration pattern
// (ecs:runTask, .sync, .waitForTaskToken) and partition (Step Functions Developer Guide, "Run Amazon ECS or Fargate
// tasks with Step Functions": arn:aws:states:::ecs:runTask[.sync|.waitForTaskToken]).
const runTaskResource = ":states:::ecs:runTask"

// stateMachineLaunches reads the Amazon States Language definition of a state machine (pulumi-aws `definition`,
// aws-native `definitionString` after its `definitionSubstitutions`, or the `definition` object) and returns its
// ecs:runTask states, nested Parallel branches and Map item processors included.
func stateMachineLaunches(res Resource) ([]taskLaunch, bool) {
	definition := res.Properties.Get("definition")
	if text := res.Properties.Get("definitionString"); !text.IsNull() {
		raw, textKnown := plain(text)
		substitutions, known := plain(res.Properties.Get("definitionSubstitutions"))
		if !textKnown || !known {
			return nil, false
		}
		definitionText, _ := raw.(string)
		substitutionMap, _ := substitutions.(map[string]any) // nil when there are none
		for key, value := range substitutionMap {
			definitionText = strings.ReplaceAll(definitionText, "${"+key+"}", fmt.Sprint(value))
		}
		definition = property.New(definitionText)
	}
	doc, known := jsonDocument(definition)
	var launches []taskLaunch
	walkStates(doc, "", field(doc, "QueryLanguage") == "JSONata", &launches)
	return launches, known
}

// walkStates appends the ecs:runTask states of one ASL state list (a definition, a Parallel branch, a Map item
// processor), descending into nested ones. jsonata is the query language the states inherit.
func walkStates(machine any, prefix string, jsonata bool, launches *[]taskLaunch) {
	states, _ := field(machine, "States").(map[string]any)
	names := make([]string, 0, len(states))
	for name := range states {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		state := states[name]
		stateJSONata := jsonata
		if language, ok := field(state, "QueryLanguage").(string); ok {
			stateJSONata = language == "JSONata"
		}
		where := fmt.Sprintf("%sstate %q", prefix, name)
		switch field(state, "Type") {
		case "Task":
			if resource, _ := field(state, "Resource").(string); strings.Contains(resource, runTaskResource) {
				*launches = append(*launches, runTaskLaunch(state, where, stateJSONata))
			}
		case "Parallel":
			branches, _ := field(state, "Branches").([]any)
			for i, branch := range branches {
				walkStates(branch, fmt.Sprintf("%s branch %d > ", where, i+1), stateJSONata, launches)
			}
		case "Map":
			processor := field(state, "ItemProcessor")
			if processor == nil {
				processor = field(state, "Iterator") // the pre-2022 name of ItemProcessor, still accepted
			}
			walkStates(processor, where+" item processor > ", stateJSONata, launches)
		}
	}
}

// networkPath is where a RunTask request keeps assignPublicIp (ECS API RunTask: NetworkConfiguration.
// AwsvpcConfiguration.AssignPublicIp, ENABLED or DISABLED, default DISABLED).
var networkPath = []string{"NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp"}

// runTaskLaunch reads one ecs:runTask state's request: Parameters (JSONPath, where a key ending in ".$" takes its
// value from the input) or Arguments (JSONata, where a "{% … %}" string is an expression).
func runTaskLaunch(state any, where string, jsonata bool) taskLaunch {
	key := "Parameters"
	if jsonata {
		key = "Arguments"
	}
	launch := taskLaunch{where: where, publicIPPath: where + " " + key + "." + strings.Join(networkPath, "."), launchKnown: true}
	request := field(state, key)
	for i, segment := range networkPath {
		if isExpression(request) {
			launch.publicIP, launch.undecidable = unknown, fmt.Sprintf("%s is the JSONata expression %v", strings.Join(append([]string{key}, networkPath[:i]...), "."), request)
			break
		}
		object, _ := request.(map[string]any)
		if from, ok := object[segment+".$"]; ok {
			launch.publicIP, launch.undecidable = unknown, fmt.Sprintf("%q takes its value from the input (%v)", segment+".$", from)
			break
		}
		request = object[segment]
		if i == len(networkPath)-1 {
			if isExpression(request) {
				launch.publicIP, launch.undecidable = unknown, fmt.Sprintf("AssignPublicIp is the JSONata expression %v", request)
				break
			}
			launch.publicIP = enabledTri(request)
		}
	}
	parameters, _ := field(state, key).(map[string]any)
	launchType, typeIsText := field(parameters, "LaunchType").(string)
	_, typeFromInput := parameters["LaunchType.$"]
	_, strategyFromInput := parameters["CapacityProviderStrategy.$"]
	launch.launchKnown = !typeFromInput && !strategyFromInput && !(typeIsText && isExpression(launchType))
	launch.launchType = strings.ToUpper(launchType)
	strategy, _ := parameters["CapacityProviderStrategy"].([]any)
	for _, item := range strategy {
		provider, _ := field(item, "CapacityProvider").(string)
		if isExpression(provider) || field(item, "CapacityProvider.$") != nil {
			launch.launchKnown = false
		}
		if provider != "" && !slices.Contains(launch.capacityProviders, provider) {
			launch.capacityProviders = append(launch.capacityProviders, provider)
		}
	}
	return launch
}

// isExpression reports whether a value is a JSONata expression, "{% … %}" (Step Functions Developer Guide,
// "Transforming data with JSONata").
func isExpression(value any) bool {
	text, ok := value.(string)
	text = strings.TrimSpace(text)
	return ok && strings.HasPrefix(text, "{%") && strings.HasSuffix(text, "%}")
}
