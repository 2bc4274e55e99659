package engine

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/private-fargate/private-fargate/internal/awsstandin"
	"github.com/private-fargate/private-fargate/internal/awsstandin/offlinestack"
)

// Environment variables `make test` sets; without them the engine tests skip.
const (
	binDirEnv     = "ENGINE_TEST_BIN_DIR"
	policyPackEnv = "ENGINE_TEST_POLICY_PACK"
)

// engine is one test's stack: its own state, PULUMI_HOME and stand-in journal, the repository's project settings.
type engine struct {
	stack        auto.Stack
	policyPack   string
	policyConfig string // the stack's policy pack config (Pulumi.<stack>.policy.json), "" when the repository has none
	journal      string
	state        string
	stackName    string
	program      pulumi.RunFunc
	command      auto.PulumiCommand
}

// repoRoot is two directories above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	return root
}

// cli is the Pulumi CLI every test's stacks share: PATH is set and `pulumi version` checked once per test binary,
// not once per stack.
var cli struct {
	once    sync.Once
	command auto.PulumiCommand
	err     error
}

// requireEngine skips when the tests run outside `make test`, and fails when `make test` runs them without the
// binaries they need. It returns the shared CLI.
func requireEngine(t *testing.T) (command auto.PulumiCommand, policyPack string) {
	t.Helper()
	binDir, policyPack := os.Getenv(binDirEnv), os.Getenv(policyPackEnv)
	if binDir == "" && policyPack == "" {
		t.Skipf("engine tests need the Pulumi CLI, the stand-in AWS provider and the policy pack binary: run them "+
			"with `make test` (which builds them into .bin and sets %s and %s)", binDirEnv, policyPackEnv)
	}
	require.NotEmpty(t, binDir, "%s must name the directory holding pulumi and pulumi-resource-aws", binDirEnv)
	require.NotEmpty(t, policyPack, "%s must name the policy pack binary", policyPackEnv)
	cli.once.Do(func() {
		if cli.err = offlinestack.UseBinDir(binDir); cli.err != nil {
			return
		}
		cli.command, cli.err = auto.NewPulumiCommand(&auto.PulumiCommandOptions{})
	})
	require.NoError(t, cli.err, "the Pulumi CLI in %s", binDir)
	info, err := os.Stat(policyPack)
	require.NoError(t, err, "policy pack binary")
	require.False(t, info.IsDir(), "%s must be the pack binary", policyPackEnv)
	return cli.command, policyPack
}

// newEngine opens a fresh stack running program with the given stack config file.
func newEngine(t *testing.T, stackName string, program pulumi.RunFunc, configFile string) *engine {
	t.Helper()
	command, policyPack := requireEngine(t)
	state := t.TempDir()
	e := &engine{policyPack: policyPack, journal: filepath.Join(state, "journal.jsonl"), state: state,
		stackName: stackName, program: program, command: command}
	if path, ok := offlinestack.PolicyConfigFile(repoRoot(t), stackName); ok {
		e.policyConfig = path
	}
	opts := e.options(t, configFile)
	opts.Create = true // a fresh state directory
	stack, err := offlinestack.New(context.Background(), opts)
	require.NoError(t, err)
	e.stack = stack
	return e
}

// options describes the test's stack with the given stack config file.
func (e *engine) options(t *testing.T, configFile string) offlinestack.Options {
	t.Helper()
	return offlinestack.Options{
		RepoRoot:        repoRoot(t),
		Stack:           e.stackName,
		Program:         e.program,
		StackConfigFile: configFile,
		StateDir:        e.state,
		Env:             map[string]string{awsstandin.JournalEnv: e.journal},
		Command:         e.command,
	}
}

// useConfig switches the stack to another stack config file, keeping its state.
func (e *engine) useConfig(t *testing.T, configFile string) {
	t.Helper()
	require.NoError(t, offlinestack.Reconfigure(context.Background(), e.stack, e.options(t, configFile)))
}

// journalEntries returns what the stand-in did to (pretend) AWS, by operation.
func (e *engine) journalEntries(t *testing.T) map[string][]awsstandin.JournalEntry {
	t.Helper()
	entries, err := awsstandin.ReadJournal(e.journal)
	require.NoError(t, err)
	byOp := map[string][]awsstandin.JournalEntry{}
	for _, entry := range entries {
		byOp[entry.Op] = append(byOp[entry.Op], entry)
	}
	return byOp
}

// devConfigFile is the repository's dev stack config.
func devConfigFile(t *testing.T) string {
	t.Helper()
	return filepath.Join(repoRoot(t), "Pulumi.dev.yaml")
}

// devConfigWith writes a copy of the dev stack config changed by edit (which gets the `config:` map) and returns
// its path.
func devConfigWith(t *testing.T, edit func(config map[string]any)) string {
	t.Helper()
	return stackConfigWith(t, devConfigFile(t), edit)
}

// stackConfigWith writes a copy of a stack config file changed by edit (which gets the `config:` map) and returns
// its path.
func stackConfigWith(t *testing.T, stackFile string, edit func(config map[string]any)) string {
	t.Helper()
	raw, err := os.ReadFile(stackFile)
	require.NoError(t, err)
	var file map[string]any
	require.NoError(t, yaml.Unmarshal(raw, &file))
	config, ok := file["config"].(map[string]any)
	require.True(t, ok, "%s has a config map", stackFile)
	edit(config)
	out, err := yaml.Marshal(file)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "Pulumi.test.yaml")
	require.NoError(t, os.WriteFile(path, out, 0o644))
	return path
}

// object returns config[key] as a map, creating it when absent.
func object(t *testing.T, config map[string]any, key string) map[string]any {
	t.Helper()
	if config[key] == nil {
		config[key] = map[string]any{}
	}
	value, ok := config[key].(map[string]any)
	require.True(t, ok, "config %s is an object", key)
	return value
}

// recorder collects the engine events of one operation.
type recorder struct {
	ch     chan events.EngineEvent
	done   chan struct{}
	events []events.EngineEvent
}

func record() *recorder {
	r := &recorder{ch: make(chan events.EngineEvent), done: make(chan struct{})}
	go func() {
		for event := range r.ch {
			r.events = append(r.events, event)
		}
		close(r.done)
	}()
	return r
}

// wait returns the events once the Automation API has closed the stream.
func (r *recorder) wait(t *testing.T) []events.EngineEvent {
	t.Helper()
	select {
	case <-r.done:
		return r.events
	case <-time.After(2 * time.Minute):
		t.Fatal("the engine event stream did not close")
		return nil
	}
}

// stepOps maps each resource URN to the operation the engine planned or ran for it.
func stepOps(evts []events.EngineEvent) map[string]apitype.OpType {
	ops := map[string]apitype.OpType{}
	for _, event := range evts {
		if event.ResourcePreEvent != nil {
			ops[event.ResourcePreEvent.Metadata.URN] = event.ResourcePreEvent.Metadata.Op
		}
	}
	return ops
}

// policyViolations returns the policy events at the given enforcement level.
func policyViolations(evts []events.EngineEvent, level string) []apitype.PolicyEvent {
	var found []apitype.PolicyEvent
	for _, event := range evts {
		if event.PolicyEvent != nil && event.PolicyEvent.EnforcementLevel == level {
			found = append(found, *event.PolicyEvent)
		}
	}
	return found
}

// preview runs a preview, with the policy pack (and the stack's pack config, if any) when withPack is set.
func (e *engine) preview(t *testing.T, withPack bool) (auto.PreviewResult, []events.EngineEvent, error) {
	t.Helper()
	r := record()
	opts := []optpreview.Option{optpreview.EventStreams(r.ch)}
	if withPack {
		opts = append(opts, optpreview.PolicyPacks(e.policyPack))
		if e.policyConfig != "" {
			opts = append(opts, optpreview.PolicyPackConfigs(e.policyConfig))
		}
	}
	result, err := e.stack.Preview(context.Background(), opts...)
	return result, r.wait(t), err
}

// up runs an update, with the policy pack (and the stack's pack config, if any) when withPack is set.
func (e *engine) up(t *testing.T, withPack bool) (auto.UpResult, []events.EngineEvent, error) {
	t.Helper()
	r := record()
	opts := []optup.Option{optup.EventStreams(r.ch)}
	if withPack {
		opts = append(opts, optup.PolicyPacks(e.policyPack))
		if e.policyConfig != "" {
			opts = append(opts, optup.PolicyPackConfigs(e.policyConfig))
		}
	}
	result, err := e.stack.Up(context.Background(), opts...)
	return result, r.wait(t), err
}

// resources returns the URN → id of every resource in the stack's state (components have an empty id), leaving
// out the stack itself and provider resources.
func (e *engine) resources(t *testing.T) map[string]string {
	t.Helper()
	exported, err := e.stack.Export(context.Background())
	require.NoError(t, err)
	var deployment apitype.DeploymentV3
	require.NoError(t, json.Unmarshal(exported.Deployment, &deployment))
	found := map[string]string{}
	for _, res := range deployment.Resources {
		if res.Type == "pulumi:pulumi:Stack" || strings.HasPrefix(string(res.Type), "pulumi:providers:") {
			continue
		}
		found[string(res.URN)] = string(res.ID)
	}
	return found
}
