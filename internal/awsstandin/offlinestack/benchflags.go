package offlinestack

import (
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// BenchFlags are the -sizes, -rounds and -repo flags the engine benchmarks (cmd/bench-engine, cmd/bench-scale)
// share, so both read and check them alike.
type BenchFlags struct {
	sizes  *string
	rounds *int
	repo   *string
}

// NewBenchFlags defines -sizes, -rounds and -repo on flags with the command's defaults.
func NewBenchFlags(flags *flag.FlagSet, defaultSizes string, defaultRounds int) BenchFlags {
	return BenchFlags{
		sizes:  flags.String("sizes", defaultSizes, "stack sizes in services, comma-separated"),
		rounds: flags.Int("rounds", defaultRounds, "measured previews per size and variant (after one warm-up each)"),
		repo:   flags.String("repo", ".", "repository root (holds Pulumi.yaml, Pulumi.dev.yaml and .bin)"),
	}
}

// Bench is what the flags say once checked: the sizes in order, the rounds, and the repository root and its .bin,
// which UseBinDir has put first on PATH.
type Bench struct {
	Sizes  []int
	Rounds int
	Root   string
	BinDir string
}

// Resolve checks the parsed flags (every size and the rounds at least 1) and puts the repository's .bin first on
// PATH (UseBinDir).
func (f BenchFlags) Resolve() (Bench, error) {
	var bench Bench
	for _, field := range strings.Split(*f.sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return Bench{}, fmt.Errorf("-sizes: %q is not a positive number", field)
		}
		bench.Sizes = append(bench.Sizes, n)
	}
	if *f.rounds < 1 {
		return Bench{}, errors.New("-rounds must be at least 1")
	}
	bench.Rounds = *f.rounds
	root, err := filepath.Abs(*f.repo)
	if err != nil {
		return Bench{}, err
	}
	bench.Root, bench.BinDir = root, filepath.Join(root, ".bin")
	if err := UseBinDir(bench.BinDir); err != nil {
		return Bench{}, err
	}
	return bench, nil
}
