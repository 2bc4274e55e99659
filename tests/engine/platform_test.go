package engine

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// appEngine opens app stack stackName on the platform's backend and stand-in journal (one pretend account), so its
// StackReference reads the platform's state and the platform's stand-in sees the app's services.
func (e *engine) appEngine(t *testing.T, stackName, configFile string) *engine {
	t.Helper()
	return openEngine(t, e.state, stackName, components.Program, configFile, true)
}

// searchGrant is a second app's grant on the dev platform: its own host and priority range.
var searchGrant = map[string]any{
	"hosts":           []string{"search.dev.internal"},
	"priorities":      map[string]any{"first": 21000, "last": 21999},
	"targetPorts":     []int{8080},
	"subnetAddresses": 8,
}

// appConfig is the shipped dev-payments app stack config changed by edit.
func appConfig(t *testing.T, edit func(config map[string]any)) string {
	t.Helper()
	return stackConfigWith(t, filepath.Join(repoRoot(t), "Pulumi.dev-payments.yaml"), edit)
}

// billingRouting returns the routing of the app config's billing service.
func billingRouting(t *testing.T, config map[string]any) map[string]any {
	t.Helper()
	billing := object(t, object(t, config, "private-fargate:services"), "billing")
	return object(t, billing, "routing")
}

// TestPlatformAndAppStacks runs the platform/app split through the engine on one local backend: the dev platform is
// up; the dev-payments app stack previews (with the pack) and goes up while a second app stack, dev-search, goes up
// at the same time in its own priority range; the platform's preview still expects no change; an app config that
// claims another app's host, a priority outside its range or an endpoint the platform lacks fails before any
// resource, naming the key; an app's destroy leaves the platform as it was; the platform's destroy is refused while
// an app's service runs in its cluster, and succeeds once the apps are gone.
func TestPlatformAndAppStacks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	platform := newEngine(t, "dev", components.Program, devConfigWith(t, func(c map[string]any) {
		object(t, c, "private-fargate:apps")["dev-search"] = searchGrant
	}))
	_, _, err := platform.up(t, false)
	require.NoError(t, err, "up of the dev platform")
	platformResources := platform.resources(t)

	payments := platform.appEngine(t, "dev-payments", filepath.Join(repoRoot(t), "Pulumi.dev-payments.yaml"))
	search := platform.appEngine(t, "dev-search", appConfig(t, func(c map[string]any) {
		billingRouting(t, c)["hosts"] = []string{"search.dev.internal"}
		delete(c, "private-fargate:jobs")
	}))

	preview, evts, err := payments.preview(t, true)
	require.NoError(t, err, "preview of the app stack, with the policy pack")
	assert.Empty(t, policyViolations(evts, "mandatory"))
	for op := range preview.ChangeSummary {
		assert.Contains(t, []apitype.OpType{apitype.OpCreate, apitype.OpSame}, op, "a new app stack only creates")
	}

	// Both app stacks go up at the same time, each deriving its priorities in its own range.
	var wg sync.WaitGroup
	priorities := map[*engine]map[string]any{}
	failures := map[*engine]error{}
	var mu sync.Mutex
	for _, app := range []*engine{payments, search} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			result, err := app.stack.Up(ctx)
			mu.Lock()
			defer mu.Unlock()
			failures[app] = err
			if err == nil {
				priorities[app], _ = result.Outputs["listenerRulePriorities"].Value.(map[string]any)
			}
		}()
	}
	wg.Wait()
	require.NoError(t, failures[payments], "up of dev-payments")
	require.NoError(t, failures[search], "up of dev-search, at the same time")
	paymentsPriority, _ := priorities[payments]["billing"].(float64)
	searchPriority, _ := priorities[search]["billing"].(float64)
	paymentsOut, searchOut := priorities[payments], priorities[search]
	assert.True(t, platformcontract.PriorityRange{First: 20000, Last: 20999}.Contains(int(paymentsPriority)), "%v", paymentsOut)
	assert.True(t, platformcontract.PriorityRange{First: 21000, Last: 21999}.Contains(int(searchPriority)), "%v", searchOut)

	_, err = platform.stack.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err, "the apps changed nothing of the platform")

	paymentsResources := payments.resources(t)
	for _, tc := range []struct {
		name, key string
		edit      func(t *testing.T, config map[string]any)
	}{
		{"another app's host", "services.billing.routing", func(t *testing.T, c map[string]any) {
			billingRouting(t, c)["hosts"] = []string{"search.dev.internal"}
		}},
		{"a priority outside its range", "services.billing.routing.priority", func(t *testing.T, c map[string]any) {
			billingRouting(t, c)["priority"] = 21500
		}},
		{"an endpoint the platform lacks", "services.billing.containers.app.secrets.DB", func(t *testing.T, c map[string]any) {
			billing := object(t, object(t, c, "private-fargate:services"), "billing")
			app := object(t, object(t, billing, "containers"), "app")
			app["secrets"] = map[string]any{"DB": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"}
		}},
	} {
		payments.useConfig(t, appConfig(t, func(c map[string]any) { tc.edit(t, c) }))
		_, evts, err := payments.preview(t, false)
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.key+": ", tc.name)
		for urn, op := range stepOps(evts) {
			assert.NotEqual(t, apitype.OpCreate, op, "%s: %s planned before the config failed", tc.name, urn)
		}
	}
	assert.Equal(t, paymentsResources, payments.resources(t), "the refused configs changed nothing")

	payments.useConfig(t, filepath.Join(repoRoot(t), "Pulumi.dev-payments.yaml"))
	_, err = payments.stack.Destroy(ctx)
	require.NoError(t, err, "destroy of dev-payments")
	assert.Equal(t, platformResources, platform.resources(t), "the app's destroy left the platform as it was")
	_, err = platform.stack.Preview(ctx, optpreview.ExpectNoChanges())
	require.NoError(t, err, "and the platform still expects no change")

	_, err = platform.stack.Destroy(ctx)
	require.Error(t, err, "ECS refuses to delete a cluster with services: dev-search still runs one")
	assert.Contains(t, err.Error(), "ClusterContainsServicesException")
	assert.Contains(t, err.Error(), "of dev-search")

	_, err = search.stack.Destroy(ctx)
	require.NoError(t, err, "destroy of dev-search")
	_, err = platform.stack.Destroy(ctx)
	require.NoError(t, err, "the platform goes once its apps are gone")
	for urn := range platform.resources(t) {
		assert.Fail(t, "left after destroy", "%s (%s)", urn, resource.URN(urn).Type())
	}
}
