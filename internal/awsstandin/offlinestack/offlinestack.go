// Package offlinestack opens an offline Pulumi stack that runs a Go program inline through the Automation API and the real
// Pulumi engine, on a local file backend, with the stand-in AWS provider (package awsstandin, a test double)
// answering for AWS. The sandbox runner (cmd/sandbox) and the engine tests (tests/engine) both use it, so they
// drive the engine the same way.
//
// Nothing here reaches AWS or the internet: the CLI, the stand-in provider and the policy pack are local binaries
// in one directory (.bin), which UseBinDir puts first on this process's PATH.
package offlinestack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// DefaultPassphrase encrypts the secrets of local sandbox stacks when PULUMI_CONFIG_PASSPHRASE is unset. It guards
// nothing real: sandbox stacks hold only the stand-in's invented values.
const DefaultPassphrase = "private-fargate-sandbox"

// Banner is printed above everything the sandbox runner prints, so nobody mistakes its output for AWS.
const Banner = "OFFLINE SANDBOX: the AWS side is the stand-in provider (internal/awsstandin, a test double), " +
	"not AWS.\nNo AWS account is used and nothing is created in AWS; ids and ARNs below are invented."

// Binary names inside the bin directory.
const (
	// PulumiBinary is the Pulumi CLI.
	PulumiBinary = "pulumi"
	// ProviderBinary is the stand-in AWS provider, under the real provider's plugin name.
	ProviderBinary = "pulumi-resource-aws"
	// PolicyPackBinary is the policy pack built from ./policy.
	PolicyPackBinary = "private-fargate-policy"
)

// PolicyConfigFile returns the policy pack config of a stack, RepoRoot/Pulumi.<stack>.policy.json (the JSON that
// `--policy-pack-config` takes: enforcement levels and rule options), and whether the stack has one.
func PolicyConfigFile(repoRoot, stack string) (string, bool) {
	path := filepath.Join(repoRoot, "Pulumi."+stack+".policy.json")
	info, err := os.Stat(path)
	return path, err == nil && !info.IsDir()
}

// Options says where a local stack lives and what it runs.
type Options struct {
	// RepoRoot holds Pulumi.yaml (project settings) and the stack config files. Required.
	RepoRoot string
	// Stack is the stack name, e.g. "dev". Required.
	Stack string
	// Program is the Pulumi program, run inline. Required.
	Program pulumi.RunFunc
	// StackConfigFile is the stack config to use. Default: RepoRoot/Pulumi.<Stack>.yaml.
	StackConfigFile string
	// StateDir is the file backend's directory. Required.
	StateDir string
	// PulumiHome is the CLI's private PULUMI_HOME. Default: StateDir/.pulumi-home.
	PulumiHome string
	// WorkDir is the workspace directory; it keeps the stack's encryption salt between runs.
	// Default: StateDir/workspaces/<Stack>.
	WorkDir string
	// Passphrase encrypts the stack's secrets. Default: $PULUMI_CONFIG_PASSPHRASE, else DefaultPassphrase.
	Passphrase string
	// Env is added to the environment of the CLI and of the plugins it starts (the stand-in, the policy pack).
	Env map[string]string
	// Command is the Pulumi CLI to run. Default: a new auto.PulumiCommand for "pulumi" on PATH, which runs
	// `pulumi version` to check it; callers that open many stacks share one and pay that once.
	Command auto.PulumiCommand
	// Create says the stack does not exist yet (a new StateDir): it is created without first trying to select it,
	// one CLI call less. Default: select the stack, and create it when it does not exist.
	Create bool
}

// withDefaults fills in the defaults of every optional field but Command.
func (opts Options) withDefaults() (Options, error) {
	if opts.RepoRoot == "" || opts.Stack == "" || opts.Program == nil || opts.StateDir == "" {
		return opts, errors.New("offlinestack: RepoRoot, Stack, Program and StateDir are required")
	}
	stateDir, err := filepath.Abs(opts.StateDir)
	if err != nil {
		return opts, err
	}
	opts.StateDir = stateDir
	if opts.StackConfigFile == "" {
		opts.StackConfigFile = filepath.Join(opts.RepoRoot, "Pulumi."+opts.Stack+".yaml")
	}
	if opts.PulumiHome == "" {
		opts.PulumiHome = filepath.Join(stateDir, ".pulumi-home")
	}
	if opts.WorkDir == "" {
		opts.WorkDir = filepath.Join(stateDir, "workspaces", opts.Stack)
	}
	if opts.Passphrase == "" {
		opts.Passphrase = os.Getenv("PULUMI_CONFIG_PASSPHRASE")
	}
	if opts.Passphrase == "" {
		opts.Passphrase = DefaultPassphrase
	}
	return opts, nil
}

// workspaceStackFile is where the workspace keeps the stack's settings (and the passphrase salt).
func (opts Options) workspaceStackFile() string {
	return filepath.Join(opts.WorkDir, "Pulumi."+opts.Stack+".yaml")
}

// UseBinDir puts binDir first on this process's PATH, so that the Automation API finds the pinned CLI and the
// engine finds the stand-in provider as an ambient plugin. It fails if either binary is missing there, or if PATH
// would still resolve them elsewhere.
func UseBinDir(binDir string) error {
	binDir, err := filepath.Abs(binDir)
	if err != nil {
		return err
	}
	if err := os.Setenv("PATH", binDir+string(os.PathListSeparator)+os.Getenv("PATH")); err != nil {
		return err
	}
	for _, name := range []string{PulumiBinary, ProviderBinary} {
		found, err := exec.LookPath(name)
		if err != nil {
			return fmt.Errorf("%s not found in %s (run `make test` or `make sandbox`, which build it): %w",
				name, binDir, err)
		}
		if filepath.Dir(found) != binDir {
			return fmt.Errorf("%s resolves to %s, not to %s", name, found, binDir)
		}
	}
	return nil
}

// New creates or selects the stack described by opts. The project settings come from RepoRoot/Pulumi.yaml with the
// backend pointed at StateDir; the stack config is copied from StackConfigFile into WorkDir, keeping the salt of an
// earlier run. Call UseBinDir first.
func New(ctx context.Context, opts Options) (auto.Stack, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return auto.Stack{}, err
	}
	stateDir := opts.StateDir
	for _, dir := range []string{stateDir, opts.PulumiHome, opts.WorkDir} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return auto.Stack{}, err
		}
	}

	project, err := workspace.LoadProject(filepath.Join(opts.RepoRoot, "Pulumi.yaml"))
	if err != nil {
		return auto.Stack{}, fmt.Errorf("reading project settings: %w", err)
	}
	project.Backend = &workspace.ProjectBackend{URL: "file://" + stateDir}

	settings, err := stackSettings(project, opts.StackConfigFile, opts.workspaceStackFile())
	if err != nil {
		return auto.Stack{}, err
	}

	env := map[string]string{
		"PULUMI_CONFIG_PASSPHRASE":                    opts.Passphrase,
		"PULUMI_SKIP_UPDATE_CHECK":                    "true",
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PULUMI_BACKEND_URL":                          "file://" + stateDir,
		"PATH":                                        os.Getenv("PATH"),
		// The file backend rewrites the whole state file at every step, which makes a large `up` quadratic in its
		// resources (60 services: 147 s with checkpoints, 7.6 s without). Sandbox and test stacks hold only the
		// stand-in's invented values, so losing their state to a crash mid-update costs nothing; real stacks must
		// keep checkpoints.
		"PULUMI_SKIP_CHECKPOINTS": "true",
	}
	for key, value := range opts.Env {
		env[key] = value
	}
	workspaceOpts := []auto.LocalWorkspaceOption{
		auto.WorkDir(opts.WorkDir),
		auto.Project(*project),
		auto.Stacks(map[string]workspace.ProjectStack{opts.Stack: *settings}),
		auto.PulumiHome(opts.PulumiHome),
		auto.SecretsProvider("passphrase"),
		auto.EnvVars(env),
	}
	if opts.Command != nil {
		workspaceOpts = append(workspaceOpts, auto.Pulumi(opts.Command))
	}
	if opts.Create {
		return auto.NewStackInlineSource(ctx, opts.Stack, project.Name.String(), opts.Program, workspaceOpts...)
	}
	return auto.UpsertStackInlineSource(ctx, opts.Stack, project.Name.String(), opts.Program, workspaceOpts...)
}

// Reconfigure points an open stack (from New with the same opts but StackConfigFile) at another stack config file,
// keeping its state, workspace and passphrase salt. It writes the workspace's stack settings and starts no CLI.
func Reconfigure(ctx context.Context, stack auto.Stack, opts Options) error {
	opts, err := opts.withDefaults()
	if err != nil {
		return err
	}
	project, err := workspace.LoadProject(filepath.Join(opts.RepoRoot, "Pulumi.yaml"))
	if err != nil {
		return fmt.Errorf("reading project settings: %w", err)
	}
	settings, err := stackSettings(project, opts.StackConfigFile, opts.workspaceStackFile())
	if err != nil {
		return err
	}
	return stack.Workspace().SaveStackSettings(ctx, stack.Name(), settings)
}

// stackSettings reads the stack config to use and carries over the secrets settings the CLI wrote into the
// workspace copy on an earlier run (the passphrase salt), which the repository's file must not receive.
func stackSettings(project *workspace.Project, configFile, workspaceFile string) (*workspace.ProjectStack, error) {
	if _, err := os.Stat(configFile); err != nil {
		return nil, fmt.Errorf("stack config: %w", err)
	}
	sink := diag.DefaultSink(io.Discard, io.Discard, diag.FormatOptions{Color: colors.Never})
	settings, err := workspace.LoadProjectStack(sink, project, configFile)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", configFile, err)
	}
	var secure []string
	for key, value := range settings.Config {
		if value.Secure() {
			secure = append(secure, key.String())
		}
	}
	if len(secure) > 0 {
		return nil, fmt.Errorf("%s holds secrets encrypted for another backend (%s); the offline sandbox cannot "+
			"decrypt them: use a stack config without secure values", configFile, strings.Join(secure, ", "))
	}
	settings.SecretsProvider, settings.EncryptedKey, settings.EncryptionSalt = "", "", ""
	if _, err := os.Stat(workspaceFile); err == nil {
		previous, err := workspace.LoadProjectStack(sink, project, workspaceFile)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", workspaceFile, err)
		}
		settings.SecretsProvider = previous.SecretsProvider
		settings.EncryptionSalt = previous.EncryptionSalt
	}
	return settings, nil
}

// NewGenerated writes config as work/Pulumi.<stack>.yaml and creates the stack beside it with its own file backend
// (work/state-<stack>): the benchmarks' generated stacks (cmd/bench-engine, cmd/bench-scale). work holds Pulumi.yaml.
func NewGenerated(ctx context.Context, work, stack string, program pulumi.RunFunc, config []byte) (auto.Stack, error) {
	configFile := filepath.Join(work, "Pulumi."+stack+".yaml")
	if err := os.WriteFile(configFile, config, 0o644); err != nil {
		return auto.Stack{}, err
	}
	return New(ctx, Options{RepoRoot: work, Stack: stack, Program: program, StackConfigFile: configFile,
		StateDir: filepath.Join(work, "state-"+stack), Create: true})
}
