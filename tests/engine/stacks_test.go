package engine

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
)

// TestProdStackPassesThePack deploys the prod stack — three AZs, HTTPS behind an NLB and a REST API, access and flow
// logs, autoscaling — through the real engine with the pack at prod's own config: no mandatory violation at preview
// (when many values are still unknown) nor at up (when they are known, and the stack rules see every resource).
func TestProdStackPassesThePack(t *testing.T) {
	t.Parallel()
	prodFile := filepath.Join(repoRoot(t), "Pulumi.prod.yaml")
	e := newEngine(t, "prod", components.Program, prodFile)
	require.NotEmpty(t, e.policyConfig, "prod deploys with Pulumi.prod.policy.json")

	_, previewEvents, err := e.preview(t, true)
	require.NoError(t, err, "preview of the prod stack with the policy pack")
	assert.Empty(t, policyViolations(previewEvents, "mandatory"))

	up, upEvents, err := e.up(t, true)
	require.NoError(t, err, "up of the prod stack with the policy pack")
	assert.Equal(t, "succeeded", up.Summary.Result)
	assert.Empty(t, policyViolations(upEvents, "mandatory"))
	for _, output := range []string{"nlbDnsName", "albAccessLogsBucket", "apiAccessLogGroup", "clusterArn"} {
		assert.Contains(t, up.Outputs, output)
	}
	assert.Equal(t, "HTTPS", up.Outputs["albProtocol"].Value)
	assert.NotContains(t, up.Outputs, "albWarning", "prod's traffic is encrypted")

	// Tearing down follows the README: AWS refuses to delete a load balancer with deletion protection on (and a log
	// bucket that holds logs), so destroy first fails; turning protection off and forceDestroy on, applied with up,
	// lets it finish.
	_, err = e.stack.Destroy(context.Background())
	require.Error(t, err, "destroy must fail while deletion protection is on")
	assert.Contains(t, err.Error(), "deletion protection")
	e.useConfig(t, stackConfigWith(t, prodFile, func(c map[string]any) {
		loadBalancer := object(t, c, "private-fargate:loadBalancer")
		loadBalancer["deletionProtection"] = false
		object(t, loadBalancer, "accessLogs")["forceDestroy"] = true
	}))
	_, _, err = e.up(t, true)
	require.NoError(t, err, "up that turns deletion protection off and forceDestroy on")
	_, err = e.stack.Destroy(context.Background())
	require.NoError(t, err, "destroy after the README's steps")
	assert.Empty(t, e.resources(t))
}
