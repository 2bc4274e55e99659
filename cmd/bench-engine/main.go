// Command bench-engine measures what the policy pack adds to a preview through the real Pulumi engine, offline
// (stand-in AWS provider, local file backend), at several stack sizes.
//
// Usage:
//
//	bench-engine [-sizes 1,10,30,60] [-rounds 5] [-repo .] [-old-pack binary]
//
// For each size it generates the dev stack grown to that many services (package stackgen) in a temporary copy of
// the project (never beside the shipped stacks), then previews it without the pack, with the pack (dev's pack
// config), and with the pack configured to disable every policy, in turn (A B C C B A …, after one warm-up round),
// so all see the same machine load. With -old-pack (by default .bin/private-fargate-policy-policyx, when it exists:
// the pack as policyx served it, built from commit bd00255) the old pack joins the same rounds, with dev's pack config
// and with every policy disabled. It prints, per size, a row of wall times and a row of CPU times (the CLI and the
// plugins it ran, which a shared machine's load moves far less): the median of "no pack", each variant's median per-round
// ratio to it, and the median per-round ratio of the pack to the old pack with every policy disabled. The machine
// is shared: compare the ratios, not the absolute times. With every policy disabled no rule runs and nothing is
// unpacked per policy, so that variant is the cost of having a pack at all (engine, gRPC, the server's fixed work
// per call).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awsstandin/offlinestack"
	"github.com/private-fargate/private-fargate/internal/stackgen"
	"github.com/private-fargate/private-fargate/policy/rules"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "bench-engine: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("bench-engine", flag.ContinueOnError)
	benchFlags := offlinestack.NewBenchFlags(flags, "1,10,30,60", 5)
	oldPack := flags.String("old-pack", "", "the pack as policyx served it, measured in the same rounds (default .bin/"+oldPackBinary+" when it exists; \"none\" to leave it out)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	bench, err := benchFlags.Resolve()
	if err != nil {
		return err
	}
	sizes, rounds, root, binDir := bench.Sizes, bench.Rounds, bench.Root, bench.BinDir
	pack := filepath.Join(binDir, offlinestack.PolicyPackBinary)
	if _, err := os.Stat(pack); err != nil {
		return fmt.Errorf("policy pack binary: %w", err)
	}
	switch *oldPack {
	case "none":
		*oldPack = ""
	case "":
		if _, err := os.Stat(filepath.Join(binDir, oldPackBinary)); err == nil {
			*oldPack = filepath.Join(binDir, oldPackBinary)
		}
	default:
		if _, err := os.Stat(*oldPack); err != nil {
			return fmt.Errorf("-old-pack: %w", err)
		}
	}

	work, err := os.MkdirTemp("", "bench-engine-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	dev, err := os.ReadFile(filepath.Join(root, "Pulumi.dev.yaml"))
	if err != nil {
		return err
	}
	devPolicy := filepath.Join(root, "Pulumi.dev.policy.json")
	projectFile, err := os.ReadFile(filepath.Join(root, "Pulumi.yaml"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "Pulumi.yaml"), projectFile, 0o644); err != nil {
		return err
	}

	policyNames := make([]string, 0, len(rules.Catalogue()))
	for _, e := range rules.Catalogue() {
		policyNames = append(policyNames, e.Name)
	}
	allDisabled := map[string]string{}
	for _, name := range policyNames {
		allDisabled[name] = string(rules.Disabled)
	}
	allDisabledJSON, err := json.Marshal(allDisabled)
	if err != nil {
		return err
	}
	allDisabledFile := filepath.Join(work, "all-disabled.policy.json")
	if err := os.WriteFile(allDisabledFile, allDisabledJSON, 0o644); err != nil {
		return err
	}

	fmt.Fprintf(out, "Preview through the engine, medians of %d interleaved rounds after a warm-up; ratios are medians of the per-round ratios. Each size has a row of wall times and a row of CPU times (the CLI and its plugins).\n\n", rounds)
	header, rule := "| stack | resources | no pack |", "|---|---|---|"
	names := []string{"pack", "pack, every policy disabled"}
	if *oldPack != "" {
		names = append(names, oldPackName, oldPackName+", every policy disabled")
	}
	for _, name := range names {
		header += " " + name + " |"
		rule += "---|"
	}
	if *oldPack != "" {
		header += " pack / " + oldPackName + ", every policy disabled |"
		rule += "---|"
	}
	fmt.Fprintln(out, header)
	fmt.Fprintln(out, rule)
	ctx := context.Background()
	for _, n := range sizes {
		name := fmt.Sprintf("bench-%d", n)
		config, err := stackgen.WithServices(dev, n)
		if err != nil {
			return err
		}
		stack, err := offlinestack.NewGenerated(ctx, work, name, components.Program, config)
		if err != nil {
			return err
		}
		// The pack runs with the dev stack's pack config (the redirect rule is advisory: dev has no certificate).
		variants := []variant{
			{name: "no pack"},
			{name: "pack", opts: []optpreview.Option{optpreview.PolicyPacks(pack), optpreview.PolicyPackConfigs(devPolicy)}},
			{name: "pack, every policy disabled", opts: []optpreview.Option{
				optpreview.PolicyPacks(pack), optpreview.PolicyPackConfigs(allDisabledFile)}},
		}
		if *oldPack != "" {
			variants = append(variants,
				variant{name: oldPackName, opts: []optpreview.Option{
					optpreview.PolicyPacks(*oldPack), optpreview.PolicyPackConfigs(devPolicy)}},
				variant{name: oldPackName + ", every policy disabled", opts: []optpreview.Option{
					optpreview.PolicyPacks(*oldPack), optpreview.PolicyPackConfigs(allDisabledFile)}})
		}
		// wall[r][i] and cpu[r][i] are what variant i took in measured round r.
		var wall, cpu [][]time.Duration
		var resources int
		for round := 0; round <= rounds; round++ {
			// A B C, then C B A: a drift in the machine's load within a round favours no variant.
			elapsed := make([]time.Duration, len(variants))
			used := make([]time.Duration, len(variants))
			for k := range variants {
				i := k
				if round%2 == 1 {
					i = len(variants) - 1 - k
				}
				m, err := timedPreview(ctx, stack, variants[i].opts...)
				if err != nil {
					return fmt.Errorf("%s preview (%s): %w", name, variants[i].name, err)
				}
				resources = m.resources
				elapsed[i], used[i] = m.wall, m.cpu
			}
			if round == 0 {
				continue // warm-up: page cache, plugin binaries
			}
			wall, cpu = append(wall, elapsed), append(cpu, used)
			line := fmt.Sprintf("%s round %d:", name, round)
			for i := range variants {
				line += fmt.Sprintf(" %s %.2fs (CPU %.2fs)", variants[i].name, elapsed[i].Seconds(), used[i].Seconds())
			}
			fmt.Fprintln(os.Stderr, line)
		}
		oldDisabled := 0
		if *oldPack != "" {
			oldDisabled = 4
		}
		fmt.Fprintln(out, row(fmt.Sprintf("%d service(s)", n), resources, "", wall, oldDisabled))
		fmt.Fprintln(out, row(fmt.Sprintf("%d service(s)", n), resources, "CPU ", cpu, oldDisabled))
	}
	return nil
}

const (
	// oldPackBinary is where the old pack's binary is looked for in .bin when -old-pack is not given.
	oldPackBinary = "private-fargate-policy-policyx"
	// oldPackName names the old pack's variants.
	oldPackName = "policyx pack"
)

// row renders one size's measurements (rounds[r][i]: variant i in round r; variant 0 is "no pack") as a table row:
// the median of "no pack", then per variant the median of its per-round ratio to "no pack" and the difference of the
// medians, then, when oldDisabled is not 0, the median per-round ratio of the pack (variant 1) to variant oldDisabled.
func row(label string, resources int, unit string, rounds [][]time.Duration, oldDisabled int) string {
	variants := len(rounds[0])
	column := func(i int) []time.Duration {
		values := make([]time.Duration, len(rounds))
		for r := range rounds {
			values[r] = rounds[r][i]
		}
		return values
	}
	ratio := func(i, base int) float64 {
		values := make([]float64, len(rounds))
		for r := range rounds {
			values[r] = rounds[r][i].Seconds() / rounds[r][base].Seconds()
		}
		return median(values)
	}
	noPack := median(column(0))
	line := fmt.Sprintf("| %s | %d | %s%.2f s |", label, resources, unit, noPack.Seconds())
	for i := 1; i < variants; i++ {
		line += fmt.Sprintf(" ×%.2f (%+.2f s) |", ratio(i, 0), (median(column(i)) - noPack).Seconds())
	}
	if oldDisabled != 0 {
		line += fmt.Sprintf(" ×%.3f |", ratio(1, oldDisabled))
	}
	return line
}

// variant is one way to preview: without a pack, or with a pack and a pack config.
type variant struct {
	name string
	opts []optpreview.Option
}

// measurement is one preview: its wall time, the CPU time of the processes it ran (the CLI, and through it the
// provider and pack plugins, which it waits for), and how many resources it planned (the stack itself included). On
// a shared machine CPU time moves far less with other people's load than wall time.
type measurement struct {
	wall, cpu time.Duration
	resources int
}

func timedPreview(ctx context.Context, stack auto.Stack, opts ...optpreview.Option) (measurement, error) {
	cpuBefore := childrenCPU()
	start := time.Now()
	result, err := stack.Preview(ctx, opts...)
	m := measurement{wall: time.Since(start), cpu: childrenCPU() - cpuBefore}
	if err != nil {
		return m, err
	}
	for _, n := range result.ChangeSummary {
		m.resources += n
	}
	return m, nil
}

// childrenCPU is the user and system CPU time of this process's children that have ended, and of the children they
// waited for.
func childrenCPU() time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &usage); err != nil {
		return 0
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// median is the middle value, or the mean of the two middle values.
func median[T time.Duration | float64](values []T) T {
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	if len(sorted)%2 == 1 {
		return sorted[len(sorted)/2]
	}
	return (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
}
