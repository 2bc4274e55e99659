package live

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommandsAgainstTheRealCLI runs the live test's command lines with the repository's Pulumi CLI (v3.259.0, built
// by `make test`) on a local backend, as far as a machine without the Go language host and AWS can: the stack is
// created beside the repository, every flag is accepted, preview and up get as far as loading the Go language host,
// a killed update's lock stops destroy until cancel removes it, and destroy removes the stack. It skips without
// ENGINE_TEST_BIN_DIR.
func TestCommandsAgainstTheRealCLI(t *testing.T) {
	binDir := os.Getenv("ENGINE_TEST_BIN_DIR")
	if binDir == "" {
		t.Skip("needs the Pulumi CLI that `make test` builds: run with `make test` (it sets ENGINE_TEST_BIN_DIR)")
	}
	binary := filepath.Join(binDir, "pulumi")
	_, err := os.Stat(binary)
	require.NoError(t, err, "ENGINE_TEST_BIN_DIR must hold pulumi")

	repoRoot, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	stack := "live-0ff1e"
	stackConfig, err := StackConfig(StackSettings{Region: "eu-west-1", AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"},
		Image: liveImage, Stack: stack})
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "projects", stack)
	require.NoError(t, WriteProject(repoRoot, dir, stack, stackConfig))
	state := t.TempDir()
	var log syncBuffer
	p := Pulumi{Binary: binary, Dir: dir, Out: &log, Env: []string{"PULUMI_BACKEND_URL=file://" + state,
		"PULUMI_HOME=" + t.TempDir(), "PULUMI_CONFIG_PASSPHRASE=live-test", "PULUMI_SKIP_UPDATE_CHECK=true",
		"PULUMI_IGNORE_AMBIENT_PLUGINS=true"}}
	commands := Commands{Stack: stack, PolicyPack: filepath.Join(repoRoot, "policy"),
		PolicyConfig: filepath.Join(repoRoot, "Pulumi.dev.policy.json")}
	ctx := context.Background()

	_, err = p.Run(ctx, commands.Init()...)
	require.NoError(t, err, log.String())
	listing, err := p.Run(ctx, commands.List()...)
	require.NoError(t, err)
	listed, err := StackListed(listing, stack)
	require.NoError(t, err)
	assert.True(t, listed, "stack ls lists the new stack: %s", listing)
	config, err := os.ReadFile(filepath.Join(dir, "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(config), "encryptionsalt:", "stack init wrote its salt beside the config, in the project directory")
	_, err = os.Stat(filepath.Join(repoRoot, "Pulumi."+stack+".yaml"))
	assert.True(t, os.IsNotExist(err), "the repository gets no stack file")

	for name, args := range map[string][]string{"preview": commands.Preview(), "up": commands.Up(),
		"preview --expect-no-changes": commands.PreviewNoChanges()} {
		before := len(log.String())
		_, err := p.Run(ctx, args...)
		require.Error(t, err, "%s cannot run the program here", name)
		output := log.String()[before:]
		assert.NotContains(t, output, "unknown flag", name)
		assert.Contains(t, output, "pulumi-language-go", "%s got as far as loading the Go language host", name)
	}

	outputs, err := p.Run(ctx, commands.Outputs()...)
	require.NoError(t, err, log.String())
	assert.Equal(t, "{}", strings.TrimSpace(string(outputs)), "a stack that never ran has no outputs")

	// An update killed mid-way leaves its lock file (pulumi pkg/backend/diy/lock.go): a cleanup run waits for it to
	// go and gives up; the test's own teardown cancels it and destroys.
	lockDir := filepath.Join(state, ".pulumi", "locks", "organization", "private-fargate", stack)
	require.NoError(t, os.MkdirAll(lockDir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(lockDir, "killed-update.json"),
		[]byte(`{"pid": 4242, "username": "runner", "hostname": "killed", "timestamp": "2026-11-28T08:00:00Z"}`), 0o644))
	noWait := func(context.Context, time.Duration) {}
	err = DestroyStack(ctx, p, commands, false, noWait)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "currently locked", "the lock stops destroy")
	err = DestroyStack(ctx, p, commands, true, noWait)
	require.NoError(t, err, log.String())
	_, err = os.Stat(filepath.Join(lockDir, "killed-update.json"))
	assert.True(t, os.IsNotExist(err), "pulumi cancel removed the lock")
	listing, err = p.Run(ctx, commands.List()...)
	require.NoError(t, err)
	listed, err = StackListed(listing, stack)
	require.NoError(t, err)
	assert.False(t, listed, "destroy --remove removed the stack: %s", listing)
}

func TestStackListed(t *testing.T) {
	for name, tt := range map[string]struct {
		json string
		want bool
	}{
		"listed by name":   {`[{"name": "dev"}, {"name": "live-a1b2c3", "current": true}]`, true},
		"listed qualified": {`[{"name": "organization/private-fargate/live-a1b2c3"}]`, true},
		"absent":           {`[{"name": "live-a1b2c34"}, {"name": "dev"}]`, false},
		"no stacks":        {`[]`, false},
	} {
		listed, err := StackListed([]byte(tt.json), "live-a1b2c3")
		require.NoError(t, err, name)
		assert.Equal(t, tt.want, listed, name)
	}
	_, err := StackListed([]byte("error: not json"), "live-a1b2c3")
	assert.Error(t, err)
}
