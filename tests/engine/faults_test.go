package engine

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awsstandin"
	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestAnUpThatFailsHalfwayConverges fails one AWS call of the dev stack's first up, as AWS does now and then, and
// shows the stack recovers by running up again: the failed up leaves the state exactly what lives (nothing created
// twice, nothing leaked), the next up without the fault converges, a preview then expects no changes, and destroy
// leaves nothing alive.
func TestAnUpThatFailsHalfwayConverges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault awsstandin.Fault
	}{
		{name: "a service create throttled past the SDK's retries",
			fault: awsstandin.Fault{Op: "create", Target: awstypes.EcsService, Nth: 1, Code: "ThrottlingException"}},
		// Other codes take the same path through the engine; the stand-in's own tests cover their wording.
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t, "dev", components.Program, devConfigFile(t))
			e.stack.Workspace().SetEnvVar(awsstandin.FaultsEnv, awsstandin.FormatFaults(tt.fault))
			_, _, err := e.up(t, false)
			require.Error(t, err, "the up meets the fault")
			assert.Contains(t, err.Error(), "api error "+tt.fault.Code)
			require.NotEmpty(t, e.live(t), "the up stopped halfway: some resources exist")
			e.requireStateIsWhatLives(t)

			e.stack.Workspace().UnsetEnvVar(awsstandin.FaultsEnv)
			e.requireConverges(t)
		})
	}
}

// TestACancelledUpConvergesAfterRefresh cancels an up (Automation API: the context) while the stand-in holds a
// service create unanswered, as a long AWS call is: the CLI stops at the interrupt, waits for the call, and is killed,
// so the state keeps a pending create and the stack stays locked. The recovery the README gives — `pulumi cancel` for
// the lock, `pulumi refresh --clear-pending-creates` since the interrupted create never completed (the fault fails
// it) — then an up converges.
func TestACancelledUpConvergesAfterRefresh(t *testing.T) {
	t.Parallel()
	e := newEngine(t, "dev", components.Program, devConfigFile(t))
	// Pending operations are recorded in the checkpoints the sandbox and the tests otherwise skip.
	require.NoError(t, e.stack.Workspace().SetEnvVars(map[string]string{
		"PULUMI_SKIP_CHECKPOINTS": "false",
		// The Automation API kills the CLI 10 s after the interrupt; the create is still unanswered then.
		awsstandin.FaultsEnv: awsstandin.FormatFaults(awsstandin.Fault{Op: "create", Target: awstypes.EcsService,
			Nth: 1, Code: "RequestTimeout", Hang: 25 * time.Second}),
	}))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream := make(chan events.EngineEvent)
	serviceStarted := make(chan struct{})
	go func() {
		var once sync.Once
		for event := range stream {
			if event.ResourcePreEvent != nil && event.ResourcePreEvent.Metadata.Type == awstypes.EcsService {
				once.Do(func() { close(serviceStarted) })
			}
		}
	}()
	done := make(chan error, 1)
	go func() {
		_, err := e.stack.Up(ctx, optup.EventStreams(stream))
		done <- err
	}()
	// Cancel once the engine has started the service's create (its step event), then wait for the killed CLI.
	select {
	case <-serviceStarted:
	case err := <-done:
		require.FailNow(t, "the up ended before the service create started", "%v", err)
	case <-time.After(3 * time.Minute):
		require.FailNow(t, "the service create never started")
	}
	cancel()
	require.Error(t, <-done, "the cancelled up fails")

	pending := e.pendingOperations(t)
	require.NotEmpty(t, pending, "the killed CLI leaves the service's create pending")
	for _, op := range pending {
		assert.Equal(t, apitype.OperationTypeCreating, op.Type)
	}

	e.stack.Workspace().UnsetEnvVar(awsstandin.FaultsEnv)
	// The killed CLI left the stack locked; `pulumi cancel` removes the lock of a file backend.
	require.NoError(t, e.stack.Cancel(context.Background()), "pulumi cancel")
	_, err := e.stack.Refresh(context.Background(), optrefresh.ClearPendingCreates())
	require.NoError(t, err, "pulumi refresh --clear-pending-creates")
	assert.Empty(t, e.pendingOperations(t), "refresh cleared the pending create")
	e.requireStateIsWhatLives(t)
	e.requireConverges(t)
}

// requireConverges runs an up without faults and checks the stack converged: the state is what lives, a preview
// expects no changes, and destroy leaves nothing alive.
func (e *engine) requireConverges(t *testing.T) {
	t.Helper()
	_, _, err := e.up(t, false)
	require.NoError(t, err, "the next up converges")
	e.requireStateIsWhatLives(t)
	_, err = e.stack.Preview(context.Background(), optpreview.ExpectNoChanges())
	require.NoError(t, err, "then a preview expects no changes")
	_, err = e.stack.Destroy(context.Background())
	require.NoError(t, err, "destroy")
	assert.Empty(t, e.live(t), "destroy leaves nothing alive in the stand-in")
}

// pendingOperations returns the operations the stack's state records as started and never finished.
func (e *engine) pendingOperations(t *testing.T) []apitype.OperationV2 {
	t.Helper()
	return e.deployment(t).PendingOperations
}
