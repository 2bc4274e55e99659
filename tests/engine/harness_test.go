package engine

import (
	"context"
	"encoding/json"
	"fmt"
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

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awsstandin"
	"github.com/private-fargate/private-fargate/internal/awsstandin/offlinestack"
)

// Environment variables `make test` sets; without them the engine tests skip.
const (
	binDirEnv     = "ENGINE_TEST_BIN_DIR"
	policyPackEnv = "ENGINE_TEST_POLICY_PACK"
)

// Writing an engine test
//
// Every engine test runs with t.Parallel: each owns its stacks (state, workspace, PULUMI_HOME and stand-in journal
// in its own directory), so nothing is shared by accident. The costly step is running the program through the
// engine (an up of the dev stack is about 3 CPU-seconds, a preview 1 to 2); spend them on what the test is about:
//
//   - A test that starts from the dev stack as shipped, deployed, uses devDeployed.get(t): it reads what the shared
//     deployment's first preview and up returned, and calls copy(t) for a private copy to change (up, destroy,
//     useConfig, faults: anything). The shared deployment itself is never changed, so copies run in parallel.
//     Another stack many tests start from gets its own deployed value beside devDeployed.
//   - A test that needs its own history (a fault in the first up, a stack grown from a different base) opens a fresh
//     stack with newEngine.
//   - Read the state with e.resources / e.deployment (the checkpoint file, no CLI), what AWS holds with e.live, and
//     what the stand-in did with e.journalEntries.

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
func repoRoot(t testing.TB) string {
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
func requireEngine(t testing.TB) (command auto.PulumiCommand, policyPack string) {
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
	return openEngine(t, t.TempDir(), stackName, program, configFile, true)
}

// openEngine opens the stack whose state, workspace and stand-in journal are in state: a new one when create is set
// (state is empty), else the one already there.
func openEngine(t testing.TB, state, stackName string, program pulumi.RunFunc, configFile string, create bool) *engine {
	t.Helper()
	command, policyPack := requireEngine(t)
	e := &engine{policyPack: policyPack, journal: filepath.Join(state, "journal.jsonl"), state: state,
		stackName: stackName, program: program, command: command}
	if path, ok := offlinestack.PolicyConfigFile(repoRoot(t), stackName); ok {
		e.policyConfig = path
	}
	opts := e.options(t, configFile)
	opts.Create = create
	stack, err := offlinestack.New(context.Background(), opts)
	require.NoError(t, err)
	e.stack = stack
	return e
}

// options describes the test's stack with the given stack config file.
func (e *engine) options(t testing.TB, configFile string) offlinestack.Options {
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
func (e *engine) journalEntries(t testing.TB) map[string][]awsstandin.JournalEntry {
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
func devConfigFile(t testing.TB) string {
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
func (r *recorder) wait(t testing.TB) []events.EngineEvent {
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
func (e *engine) preview(t testing.TB, withPack bool) (auto.PreviewResult, []events.EngineEvent, error) {
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
func (e *engine) up(t testing.TB, withPack bool) (auto.UpResult, []events.EngineEvent, error) {
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
func (e *engine) resources(t testing.TB) map[string]string {
	t.Helper()
	found := map[string]string{}
	for _, res := range e.deployment(t).Resources {
		if res.Type == "pulumi:pulumi:Stack" || strings.HasPrefix(string(res.Type), "pulumi:providers:") {
			continue
		}
		found[string(res.URN)] = string(res.ID)
	}
	return found
}

// deployment is the stack's state: the latest deployment in the file backend's checkpoint, which is what
// `pulumi stack export` prints, read without starting a CLI (each one costs about half a CPU-second, and the tests
// read the state some forty times). The checkpoint is complete whenever no operation runs: the tests read it between
// operations.
func (e *engine) deployment(t testing.TB) apitype.DeploymentV3 {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(e.state, ".pulumi", "stacks", "*", e.stackName+".json"))
	require.NoError(t, err)
	require.Len(t, files, 1, "one checkpoint of stack %s in %s", e.stackName, e.state)
	raw, err := os.ReadFile(files[0])
	require.NoError(t, err)
	var versioned apitype.VersionedCheckpoint
	require.NoError(t, json.Unmarshal(raw, &versioned), files[0])
	// Version 4 is version 3 with a list of features; the CLI refuses features it does not know, so must we.
	require.Contains(t, []int{3, 4}, versioned.Version, "checkpoint version of %s", files[0])
	require.Empty(t, versioned.Features, "checkpoint features of %s", files[0])
	var checkpoint apitype.CheckpointV3
	require.NoError(t, json.Unmarshal(versioned.Checkpoint, &checkpoint), files[0])
	if checkpoint.Latest == nil {
		return apitype.DeploymentV3{} // a stack no update has run on
	}
	return *checkpoint.Latest
}

// sharedDir holds the shared deployments; unlike a test's TempDir it outlives the test that deploys one.
var sharedDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "engine-shared-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sharedDir = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// deployed is a stack deployed once per test binary, by the first test that asks for it, and shared by the tests
// that start from it: it is previewed and deployed with the pack from a fresh state, as a user's first deploy.
//
// Ownership: no test runs an operation on the shared stack. Tests read what its first preview and up returned and
// call copy for a private copy to change; a copy has its own state, workspace and stand-in journal (the shared one's
// files, copied), so tests that change their copies run in parallel and never see each other.
type deployed struct {
	name       string // its directory under sharedDir
	stackName  string
	program    pulumi.RunFunc
	configFile func(t testing.TB) string

	once  sync.Once
	ready bool // set once the deployment succeeded; a failed one fails the test that made it and every later one
	dir   string

	// What the first preview (with the pack, on the fresh stack) returned, and the stand-in's journal after it.
	preview        auto.PreviewResult
	previewEvents  []events.EngineEvent
	previewJournal []awsstandin.JournalEntry
	// What the up (with the pack) after it returned.
	up       auto.UpResult
	upEvents []events.EngineEvent
}

// devDeployed is the dev stack as shipped (Pulumi.dev.yaml, components.Program), deployed.
var devDeployed = &deployed{name: "dev", stackName: "dev", program: components.Program, configFile: devConfigFile}

// get returns the deployment, deploying it if no test has yet; a test that asks while another deploys waits.
func (d *deployed) get(t *testing.T) *deployed {
	t.Helper()
	d.once.Do(func() { d.deploy(t) })
	require.True(t, d.ready, "the shared %s deployment failed in the test that made it: see that test's failure", d.name)
	return d
}

// deploy previews and deploys the stack, with the pack, from a fresh state in sharedDir.
func (d *deployed) deploy(t *testing.T) {
	t.Helper()
	d.dir = filepath.Join(sharedDir, d.name)
	e := openEngine(t, d.dir, d.stackName, d.program, d.configFile(t), true)
	var err error
	d.preview, d.previewEvents, err = e.preview(t, true)
	require.NoError(t, err, "preview of the shared %s stack with the policy pack", d.name)
	d.previewJournal, err = awsstandin.ReadJournal(e.journal)
	require.NoError(t, err)
	d.up, d.upEvents, err = e.up(t, true)
	require.NoError(t, err, "up of the shared %s stack with the policy pack", d.name)
	d.ready = true
}

// copy opens a private copy of the deployed stack for the test to change as it likes: the shared state, workspace
// and stand-in journal copied into the test's own directory, with the same program and stack config.
func (d *deployed) copy(t *testing.T) *engine {
	t.Helper()
	state := filepath.Join(t.TempDir(), d.name)
	require.NoError(t, os.CopyFS(state, os.DirFS(d.dir)), "copying the shared %s deployment", d.name)
	return openEngine(t, state, d.stackName, d.program, d.configFile(t), false)
}
