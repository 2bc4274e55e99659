package components

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/mockaws"
)

// mockAccount is the AWS account id the mocks put into ARNs.
const mockAccount = mockaws.Account

// recordedResource is one resource the program registered under the mocks.
type recordedResource struct {
	Type   string
	Name   string
	ID     string
	Custom bool
	// Parent is the parent's URN ("" for the stack's direct children).
	Parent string
	// Dependencies are the URNs the resource depends on (dependsOn and the resources its inputs came from).
	Dependencies []string
	// Inputs are the inputs as the program sent them.
	Inputs resource.PropertyMap
	// Outputs are what the mock answered (inputs plus computed values such as id and arn).
	Outputs resource.PropertyMap
}

// recorder is a pulumi.MockResourceMonitor that records every registered resource. The Pulumi SDK registers
// resources concurrently, so it is guarded by a mutex; tests read it after RunErr returns.
type recorder struct {
	mu        sync.Mutex
	region    string
	stacks    mockaws.StackOutputs
	resources []recordedResource
}

func newRecorder(region string) *recorder { return &recorder{region: region} }

// NewResource records the registration and answers like a provider would: the inputs plus invented ids, ARNs and the
// computed properties the program reads.
func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.TypeToken == mockaws.StackReferenceType {
		return mockaws.AnswerStackReference(args, r.stacks)
	}
	id, outputs := mockaws.Answer(args, r.region)
	parent := ""
	var dependencies []string
	if args.RegisterRPC != nil {
		parent = args.RegisterRPC.GetParent()
		dependencies = args.RegisterRPC.GetDependencies()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resources = append(r.resources, recordedResource{
		Type: args.TypeToken, Name: args.Name, ID: id, Custom: args.Custom, Parent: parent,
		Dependencies: dependencies, Inputs: args.Inputs, Outputs: outputs,
	})
	return id, outputs, nil
}

// Call fails: the program must make no AWS call (AZs come from config so that a preview needs no credentials).
func (r *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected invoke %s: the program must not call AWS data sources", args.Token)
}

// ofType returns the recorded resources of one type, in registration order.
func (r *recorder) ofType(token string) []recordedResource {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []recordedResource
	for _, res := range r.resources {
		if res.Type == token {
			out = append(out, res)
		}
	}
	return out
}

// all returns every recorded resource.
func (r *recorder) all() []recordedResource {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]recordedResource(nil), r.resources...)
}

// named returns the resource of a type with a logical name, failing the test when it is missing.
func (r *recorder) named(t *testing.T, token, name string) recordedResource {
	t.Helper()
	for _, res := range r.ofType(token) {
		if res.Name == name {
			return res
		}
	}
	require.Failf(t, "resource not registered", "%s %q", token, name)
	return recordedResource{}
}

// stackConfig is stack config as a test writes it: keys without a namespace belong to the project
// ("network" means "private-fargate:network"); values are marshalled to JSON like the CLI does for objects.
type stackConfig map[string]any

// minimalStack is a small valid stack config for the mocked tests (two AZs, egress none, endpoints on); the shipped
// dev stack is Pulumi.dev.yaml.
func minimalStack() stackConfig {
	return stackConfig{
		"aws:region": "eu-west-1",
		"network": map[string]any{
			"cidr":              "10.20.0.0/16",
			"availabilityZones": []string{"eu-west-1a", "eu-west-1b"},
		},
	}
}

// with returns a copy of the config with key set to value.
func (c stackConfig) with(key string, value any) stackConfig {
	out := stackConfig{}
	for k, v := range c {
		out[k] = v
	}
	out[key] = value
	return out
}

// runInfoConfig renders the config the way the engine hands it to a program.
func (c stackConfig) runInfoConfig(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for key, value := range c {
		if !strings.Contains(key, ":") {
			key = configNamespace + ":" + key
		}
		if s, ok := value.(string); ok {
			out[key] = s
			continue
		}
		raw, err := json.Marshal(value)
		require.NoError(t, err)
		out[key] = string(raw)
	}
	return out
}

// runProgram runs Program under the recording mocks with the given stack config.
func runProgram(t *testing.T, cfg stackConfig) (*recorder, error) {
	t.Helper()
	return runProgramAs(t, mockStack, cfg)
}

// runProgramAs runs Program as stack (an app stack's name is its grant's); a StackReference reads the contract the
// shipped platform stack it names would export (shippedPlatforms).
func runProgramAs(t *testing.T, stack string, cfg stackConfig) (*recorder, error) {
	t.Helper()
	region, _ := cfg["aws:region"].(string)
	rec := newRecorder(region)
	rec.stacks = shippedPlatforms(t)
	err := pulumi.RunErr(Program, pulumi.WithMocks(configNamespace, stack, rec), func(info *pulumi.RunInfo) {
		info.Config = cfg.runInfoConfig(t)
	})
	return rec, err
}

// mustRunProgram runs Program and requires it to succeed.
func mustRunProgram(t *testing.T, cfg stackConfig) *recorder {
	t.Helper()
	rec, err := runProgram(t, cfg)
	require.NoError(t, err)
	return rec
}

// configProblems runs Program with an invalid cfg and returns the problems of its *ConfigError, requiring that
// nothing at all was registered: validation runs before the first resource.
func configProblems(t *testing.T, cfg stackConfig) []string {
	t.Helper()
	rec, err := runProgram(t, cfg)
	var configErr *ConfigError
	require.True(t, errors.As(err, &configErr), "want a *ConfigError, got %v", err)
	assert.Empty(t, rec.all(), "nothing may be registered when the config is invalid")
	return configErr.Problems
}

// requireInvalid requires cfg to fail validation with a problem that contains message ("key: what is wrong").
func requireInvalid(t *testing.T, cfg stackConfig, message string) {
	t.Helper()
	problems := configProblems(t, cfg)
	assert.True(t, slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, message) }),
		"no problem containing %q in:\n%s", message, strings.Join(problems, "\n"))
}

// problemKeys runs Program with an invalid cfg and returns the config key of each problem, in the reported order.
func problemKeys(t *testing.T, cfg stackConfig) []string {
	t.Helper()
	problems := configProblems(t, cfg)
	keys := make([]string, len(problems))
	for i, problem := range problems {
		keys[i], _, _ = strings.Cut(problem, ": ")
	}
	return keys
}
