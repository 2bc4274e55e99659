// Command sandbox runs the private-fargate program (components.Program) through the real Pulumi engine, offline:
// a local file backend under the repository (.state/), a private PULUMI_HOME (.pulumi-home/), the passphrase
// secrets provider and the stand-in AWS provider (internal/awsstandin, a test double) instead of AWS.
//
// Usage:
//
//	sandbox [-stack dev] preview|up|destroy|outputs
//
// preview and up run the policy pack (.bin/private-fargate-policy), with Pulumi.<stack>.policy.json as its config
// (enforcement levels, rule options) when the repository has one. The stack config is the repository's
// Pulumi.<stack>.yaml. The secrets passphrase is $PULUMI_CONFIG_PASSPHRASE, else offlinestack.DefaultPassphrase.
// `make sandbox` builds the binaries and runs preview, up and outputs on the dev stack; outputs ends with the
// stack's monthly cost estimate (internal/costestimate).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awsstandin"
	"github.com/private-fargate/private-fargate/internal/awsstandin/offlinestack"
	"github.com/private-fargate/private-fargate/internal/programrun"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stdout, offlinestack.Banner)
	fmt.Fprintln(stdout)

	flags := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stackFlags := programrun.NewStackFlags(flags, programrun.StackFlagUsage+" in the repository root")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: sandbox [-stack dev] [-repo dir] preview|up|destroy|outputs")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return 2
	}
	command := flags.Arg(0)
	switch command {
	case "preview", "up", "destroy", "outputs":
	default:
		fmt.Fprintf(stderr, "sandbox: unknown command %q\n", command)
		flags.Usage()
		return 2
	}

	root, err := stackFlags.RepoRoot()
	if err != nil {
		fmt.Fprintf(stderr, "sandbox: %v\n", err)
		return 1
	}
	if err := execute(context.Background(), root, stackFlags.Stack(), command, stdout); err != nil {
		fmt.Fprintf(stderr, "sandbox %s (stack %s): %s\n", command, stackFlags.Stack(), conciseError(err))
		return 1
	}
	return 0
}

func execute(ctx context.Context, root, stackName, command string, stdout io.Writer) error {
	binDir := filepath.Join(root, ".bin")
	if err := offlinestack.UseBinDir(binDir); err != nil {
		return err
	}
	policyPack := filepath.Join(binDir, offlinestack.PolicyPackBinary)
	if command == "preview" || command == "up" {
		if _, err := os.Stat(policyPack); err != nil {
			return fmt.Errorf("policy pack missing (build it with `make %s`): %w", ".bin/"+offlinestack.PolicyPackBinary, err)
		}
	}
	account, err := accountOf(root, stackName)
	if err != nil {
		return err
	}
	stack, err := offlinestack.New(ctx, offlinestack.Options{
		RepoRoot:   root,
		Stack:      stackName,
		Program:    components.Program,
		StateDir:   filepath.Join(root, ".state"),
		PulumiHome: filepath.Join(root, ".pulumi-home"),
		// The stand-in's journal keeps what exists across the sandbox's runs, so a name stays taken until destroyed.
		Env: map[string]string{awsstandin.JournalEnv: filepath.Join(root, ".state", "stand-in-"+account+".jsonl")},
	})
	if err != nil {
		return err
	}

	previewOpts := []optpreview.Option{optpreview.PolicyPacks(policyPack), optpreview.ProgressStreams(stdout)}
	upOpts := []optup.Option{optup.PolicyPacks(policyPack), optup.ProgressStreams(stdout)}
	if policyConfig, ok := offlinestack.PolicyConfigFile(root, stackName); ok && (command == "preview" || command == "up") {
		fmt.Fprintf(stdout, "policy pack config: %s\n", policyConfig)
		previewOpts = append(previewOpts, optpreview.PolicyPackConfigs(policyConfig))
		upOpts = append(upOpts, optup.PolicyPackConfigs(policyConfig))
	}

	switch command {
	case "preview":
		result, err := stack.Preview(ctx, previewOpts...)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\npreview: %s\n", summarize(result.ChangeSummary))
	case "up":
		result, err := stack.Up(ctx, upOpts...)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nup: %s\n", result.Summary.Result)
	case "destroy":
		if _, err := stack.Destroy(ctx, optdestroy.ProgressStreams(stdout)); err != nil {
			return err
		}
	case "outputs":
		outputs, err := stack.Outputs(ctx)
		if err != nil {
			return err
		}
		if err := printOutputs(stdout, stackName, outputs); err != nil {
			return err
		}
		printCostEstimate(stdout, root, stackName)
	}
	return nil
}

// accountOf names the (pretend) AWS account a stack deploys to, whose stand-in journal it shares: an app stack's is
// its platform's (config key platform, "<organization>/<project>/<stack>"), so the platform's stand-in sees the app's
// services in its cluster and refuses to delete the cluster before them, as ECS does; any other stack's is its own.
func accountOf(root, stackName string) (string, error) {
	cfg, err := programrun.LoadStackConfig(root, stackName)
	if err != nil {
		return "", err
	}
	platform := cfg[programrun.Project+":platform"]
	if platform == "" {
		return stackName, nil
	}
	return platform[strings.LastIndex(platform, "/")+1:], nil
}

func summarize(changes map[apitype.OpType]int) string {
	ops := make([]string, 0, len(changes))
	for op, count := range changes {
		ops = append(ops, fmt.Sprintf("%d %s", count, op))
	}
	sort.Strings(ops)
	return strings.Join(ops, ", ")
}

func printOutputs(w io.Writer, stackName string, outputs auto.OutputMap) error {
	if len(outputs) == 0 {
		return errors.New("the stack has no outputs: run `sandbox up` first")
	}
	keys := make([]string, 0, len(outputs))
	for key := range outputs {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "Outputs of stack %s (stand-in values, not AWS):\n", stackName)
	for _, key := range keys {
		output := outputs[key]
		if output.Secret {
			fmt.Fprintf(w, "  %s: [secret]\n", key)
			continue
		}
		value, err := json.Marshal(output.Value)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %s: %s\n", key, value)
	}
	return nil
}

// printCostEstimate prints the stack's fixed monthly cost estimate (what `make cost` shows) after the outputs. A
// stack without an estimate (a region without price data) gets the reason, naming aws:region, and the outputs stand.
func printCostEstimate(w io.Writer, root, stackName string) {
	fmt.Fprintln(w)
	report, err := programrun.CostReport(root, stackName)
	if err != nil {
		fmt.Fprintf(w, "No cost estimate: %v\n", err)
		return
	}
	fmt.Fprint(w, report.Text())
}

// conciseError drops the CLI's stdout from an Automation API error: it was already streamed above.
func conciseError(err error) string {
	text := err.Error()
	head, rest, found := strings.Cut(text, "\nstdout: ")
	if !found {
		return text
	}
	if _, stderrText, ok := strings.Cut(rest, "\nstderr: "); ok && strings.TrimSpace(stderrText) != "" {
		return head + "\n" + strings.TrimSpace(stderrText)
	}
	return head + " (see the output above)"
}
