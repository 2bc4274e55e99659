// Command bench-scale measures how a preview through the real Pulumi engine grows with the stack, offline (stand-in
// AWS provider, local file backend): time and memory at 10, 60 and 200 services, with and without the policy pack.
//
// Usage:
//
//	bench-scale [-sizes 10,60,200] [-jobs 50] [-rounds 3] [-repo .]
//
// For each size it generates the dev stack grown to that many services (package stackgen) in a temporary copy of
// the project, then previews it without and with the pack (dev's pack config) in turn (A B, B A, … after a warm-up
// round), so both see the same machine load. Memory is the peak resident set of the largest process of the preview
// (the CLI's engine, the stand-in or the pack: bench-scale runs the CLI through itself to read the peak from the
// kernel's rusage) and the bytes the inline program allocated (it runs in this process). It ends with the growth per
// resource between the smallest and the largest size. The machine is shared: compare the rows of one run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awsstandin/offlinestack"
	"github.com/private-fargate/private-fargate/internal/stackgen"
)

// Environment of the CLI wrapper mode: the real CLI to run and the file its peak resident set is appended to.
const (
	realCLIEnv  = "BENCH_SCALE_REAL_PULUMI"
	peakFileEnv = "BENCH_SCALE_PEAK_FILE"
)

func main() {
	if real := os.Getenv(realCLIEnv); real != "" {
		os.Exit(wrapCLI(real, os.Getenv(peakFileEnv), os.Args[1:]))
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "bench-scale: %v\n", err)
		os.Exit(1)
	}
}

// wrapCLI runs the real CLI with args and appends its peak resident set in KiB (the largest of the CLI and the
// plugins it waited for, per getrusage) to peakFile.
func wrapCLI(real, peakFile string, args []string) int {
	cmd := exec.Command(real, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && peakFile != "" {
		if file, openErr := os.OpenFile(peakFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); openErr == nil {
			fmt.Fprintln(file, usage.Maxrss)
			file.Close()
		}
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return 1
	}
	return 0
}

func run(args []string, out io.Writer) error {
	flags := flag.NewFlagSet("bench-scale", flag.ContinueOnError)
	benchFlags := offlinestack.NewBenchFlags(flags, "10,60,200", 3)
	jobs := flags.Int("jobs", 0, "jobs in every generated stack (0 keeps the dev stack's own)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	bench, err := benchFlags.Resolve()
	if err != nil {
		return err
	}
	sizes, rounds, root, binDir := bench.Sizes, bench.Rounds, bench.Root, bench.BinDir
	pack := filepath.Join(binDir, offlinestack.PolicyPackBinary)
	work, err := os.MkdirTemp("", "bench-scale-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	peakFile, err := wrapCLIOnPath(work, filepath.Join(binDir, offlinestack.PulumiBinary))
	if err != nil {
		return err
	}
	dev, err := os.ReadFile(filepath.Join(root, "Pulumi.dev.yaml"))
	if err != nil {
		return err
	}
	projectFile, err := os.ReadFile(filepath.Join(root, "Pulumi.yaml"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(work, "Pulumi.yaml"), projectFile, 0o644); err != nil {
		return err
	}
	variants := []struct {
		name string
		opts []optpreview.Option
	}{
		{name: "no pack"},
		{name: "pack", opts: []optpreview.Option{optpreview.PolicyPacks(pack),
			optpreview.PolicyPackConfigs(filepath.Join(root, "Pulumi.dev.policy.json"))}},
	}

	fmt.Fprintf(out, "Preview through the engine, medians of %d interleaved rounds after a warm-up.\n\n", rounds)
	fmt.Fprintln(out, "| stack | resources | variant | time | peak RSS (largest process) | program allocations |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|")
	ctx := context.Background()
	results := map[int][]sample{}
	for _, n := range sizes {
		name := fmt.Sprintf("scale-%d", n)
		config, err := stackgen.Grow(dev, stackgen.Size{Services: n, Jobs: *jobs})
		if err != nil {
			return err
		}
		stack, err := offlinestack.NewGenerated(ctx, work, name, components.Program, config)
		if err != nil {
			return err
		}
		samples := make([][]sample, len(variants))
		for round := 0; round <= rounds; round++ {
			for k := range variants {
				i := k
				if round%2 == 1 {
					i = len(variants) - 1 - k
				}
				measured, err := measuredPreview(ctx, stack, peakFile, variants[i].opts...)
				if err != nil {
					return fmt.Errorf("%s preview (%s): %w", name, variants[i].name, err)
				}
				if round > 0 {
					samples[i] = append(samples[i], measured)
				}
			}
		}
		for i, v := range variants {
			med := sample{resources: samples[i][0].resources,
				time:    median(samples[i], func(r sample) time.Duration { return r.time }),
				peakKiB: median(samples[i], func(r sample) uint64 { return r.peakKiB }),
				allo:    median(samples[i], func(r sample) uint64 { return r.allo })}
			results[n] = append(results[n], med)
			fmt.Fprintf(out, "| %d services | %d | %s | %.2f s | %d MiB | %d MiB |\n", n, med.resources, v.name,
				med.time.Seconds(), med.peakKiB/1024, med.allo>>20)
		}
	}
	if len(sizes) > 1 {
		small, large := slices.Min(sizes), slices.Max(sizes)
		fmt.Fprintf(out, "\nGrowth per resource from %d to %d services:\n\n", small, large)
		for i, v := range variants {
			a, b := results[small][i], results[large][i]
			extra := float64(b.resources - a.resources)
			fmt.Fprintf(out, "- %s: %.1f ms, %.1f KiB peak RSS, %.1f KiB program allocations per resource\n", v.name,
				float64((b.time-a.time).Milliseconds())/extra, (float64(b.peakKiB)-float64(a.peakKiB))/extra,
				(float64(b.allo)-float64(a.allo))/1024/extra)
		}
	}
	return nil
}

// wrapCLIOnPath puts a "pulumi" that is this binary first on PATH, running the real CLI and appending its peak
// resident set to the returned file.
func wrapCLIOnPath(work, real string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	wrapDir := filepath.Join(work, "wrap")
	if err := os.MkdirAll(wrapDir, 0o755); err != nil {
		return "", err
	}
	if err := os.Symlink(self, filepath.Join(wrapDir, offlinestack.PulumiBinary)); err != nil {
		return "", err
	}
	peakFile := filepath.Join(work, "peak-rss")
	for key, value := range map[string]string{realCLIEnv: real, peakFileEnv: peakFile,
		"PATH": wrapDir + string(os.PathListSeparator) + os.Getenv("PATH")} {
		if err := os.Setenv(key, value); err != nil {
			return "", err
		}
	}
	return peakFile, nil
}

// sample is one preview's measurements.
type sample struct {
	// resources is how many resources the preview planned, the stack included.
	resources int
	time      time.Duration
	// peakKiB is the largest peak resident set of the preview's processes; allo the bytes the inline program
	// allocated.
	peakKiB, allo uint64
}

// measuredPreview previews the stack and returns its time, the resources it planned (the stack included), the
// largest peak resident set the wrapped CLI calls reported meanwhile, and the bytes this process allocated.
func measuredPreview(ctx context.Context, stack auto.Stack, peakFile string, opts ...optpreview.Option) (sample, error) {
	var sample sample
	if err := os.Remove(peakFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		return sample, err
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	result, err := stack.Preview(ctx, opts...)
	sample.time = time.Since(start)
	runtime.ReadMemStats(&after)
	if err != nil {
		return sample, err
	}
	sample.allo = after.TotalAlloc - before.TotalAlloc
	for _, n := range result.ChangeSummary {
		sample.resources += n
	}
	raw, err := os.ReadFile(peakFile)
	if err != nil {
		return sample, fmt.Errorf("peak resident set: %w", err)
	}
	for _, line := range strings.Fields(string(raw)) {
		if kib, err := strconv.ParseUint(line, 10, 64); err == nil {
			sample.peakKiB = max(sample.peakKiB, kib)
		}
	}
	return sample, nil
}

// median is the middle value of field over rows, or the mean of the two middle values.
func median[T time.Duration | uint64, R any](rows []R, field func(R) T) T {
	values := make([]T, 0, len(rows))
	for _, r := range rows {
		values = append(values, field(r))
	}
	slices.Sort(values)
	if len(values)%2 == 1 {
		return values[len(values)/2]
	}
	return (values[len(values)/2-1] + values[len(values)/2]) / 2
}
