package programrun

import (
	"flag"
	"io"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStackFlagsDefaultToDevAndTheRepositoryAboveTheWorkingDirectory(t *testing.T) {
	flags := flag.NewFlagSet("test", flag.ContinueOnError)
	stackFlags := NewStackFlags(flags, StackFlagUsage)
	require.NoError(t, flags.Parse(nil))
	assert.Equal(t, "dev", stackFlags.Stack())
	root, err := stackFlags.RepoRoot()
	require.NoError(t, err)
	want, err := filepath.Abs(repoRoot)
	require.NoError(t, err)
	assert.Equal(t, want, root)
}

func TestStackFlagsTakeRepoAndStack(t *testing.T) {
	flags := flag.NewFlagSet("test", flag.ContinueOnError)
	stackFlags := NewStackFlags(flags, StackFlagUsage)
	require.NoError(t, flags.Parse([]string{"-repo", "/elsewhere", "-stack", "prod"}))
	assert.Equal(t, "prod", stackFlags.Stack())
	root, err := stackFlags.RepoRoot()
	require.NoError(t, err)
	assert.Equal(t, "/elsewhere", root, "-repo is taken as given, not searched for")
}

func TestStackFlagsWithoutARepositoryAskForRepo(t *testing.T) {
	t.Chdir(t.TempDir())
	flags := flag.NewFlagSet("test", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	stackFlags := NewStackFlags(flags, StackFlagUsage)
	require.NoError(t, flags.Parse(nil))
	_, err := stackFlags.RepoRoot()
	assert.ErrorContains(t, err, "use -repo")
}
