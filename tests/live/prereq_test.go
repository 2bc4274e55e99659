package live

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSkipMessageIsOneLineNamingWhatIsMissing(t *testing.T) {
	message := Prerequisites{}.SkipMessage()
	assert.NotContains(t, message, "\n")
	assert.True(t, strings.HasPrefix(message, "live test skipped: "), message)
	assert.Contains(t, message, "missing here: AWS credentials, AWS_REGION, pulumi on PATH")
	assert.Contains(t, message, `README "Proving it on AWS"`)

	onlyRegion := Prerequisites{Credentials: true, Pulumi: "/usr/local/bin/pulumi"}.SkipMessage()
	assert.Contains(t, onlyRegion, "missing here: AWS_REGION (")
}

func TestNothingMissingMeansNoSkip(t *testing.T) {
	p := Prerequisites{Region: "eu-west-1", Credentials: true, Pulumi: "/usr/local/bin/pulumi"}
	assert.Empty(t, p.Missing())
	assert.Empty(t, p.SkipMessage())
}

func TestStandInOnPathIsRefused(t *testing.T) {
	clean, standIn := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(standIn, "pulumi-resource-aws"), []byte("#!/bin/sh\n"), 0o755))
	assert.NoError(t, StandInOnPath(clean))
	err := StandInOnPath(strings.Join([]string{clean, standIn}, string(os.PathListSeparator)))
	require.Error(t, err)
	assert.Contains(t, err.Error(), filepath.Join(standIn, "pulumi-resource-aws")+" is on PATH")

	// A file of that name that cannot run is not a plugin.
	notExecutable := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(notExecutable, "pulumi-resource-aws"), []byte("x"), 0o644))
	assert.NoError(t, StandInOnPath(notExecutable))
}

func TestGoLanguageHostIsFoundNextToPulumiOrOnPath(t *testing.T) {
	executable := func(dir, name string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755))
		return path
	}
	stock := t.TempDir()
	pulumi := executable(stock, "pulumi")
	executable(stock, "pulumi-language-go")
	assert.NoError(t, GoLanguageHost(pulumi, ""), "next to pulumi, as a stock install has it")

	// A symlinked pulumi (a package manager's bin dir) is followed to the install.
	links := t.TempDir()
	require.NoError(t, os.Symlink(pulumi, filepath.Join(links, "pulumi")))
	assert.NoError(t, GoLanguageHost(filepath.Join(links, "pulumi"), ""))

	bare := t.TempDir()
	sourceBuilt := executable(bare, "pulumi")
	err := GoLanguageHost(sourceBuilt, t.TempDir())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no pulumi-language-go next to "+sourceBuilt)

	assert.NoError(t, GoLanguageHost(sourceBuilt, stock), "on PATH")
}
