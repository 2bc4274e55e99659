package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestDevStackLifecycle drives the dev stack the way a user does: preview with the pack, up, outputs, a second
// preview, destroy. The first preview and up are the shared dev deployment's (devDeployed); the rest runs on a copy.
func TestDevStackLifecycle(t *testing.T) {
	t.Parallel()
	dev := devDeployed.get(t)

	preview, previewEvents := dev.preview, dev.previewEvents
	assert.Empty(t, policyViolations(previewEvents, "mandatory"), "the dev stack has no mandatory violation")
	assert.Positive(t, preview.ChangeSummary[apitype.OpCreate], "a first preview plans creates")
	for op := range preview.ChangeSummary {
		assert.Contains(t, []apitype.OpType{apitype.OpCreate, apitype.OpSame}, op, "a first preview only creates")
	}
	assert.Empty(t, dev.previewJournal, "a preview changes nothing")

	up := dev.up
	assert.Equal(t, "succeeded", up.Summary.Result)
	assert.Empty(t, policyViolations(dev.upEvents, "mandatory"), "the up has no mandatory violation")
	e := dev.copy(t)

	// Every AWS resource in the state is one the stand-in created, under the id it invented.
	state := e.resources(t)
	created := map[string]string{}
	for _, entry := range e.journalEntries(t)["create"] {
		created[entry.URN] = entry.ID
	}
	custom := map[string]string{}
	for urn, id := range state {
		if id != "" {
			custom[urn] = id
		}
	}
	require.NotEmpty(t, custom, "up created AWS resources")
	assert.Equal(t, created, custom, "the state holds exactly the resources the stand-in created")

	// The stack outputs are there and point at resources of the state.
	idsOfType := func(token string) []string {
		var ids []string
		for urn, id := range custom {
			if string(resource.URN(urn).Type()) == token {
				ids = append(ids, id)
			}
		}
		return ids
	}
	require.Contains(t, up.Outputs, "vpcId")
	assert.Equal(t, idsOfType(awstypes.Ec2Vpc), []string{up.Outputs["vpcId"].Value.(string)})
	require.Contains(t, up.Outputs, "privateSubnetIds")
	subnetIDs, ok := up.Outputs["privateSubnetIds"].Value.([]any)
	require.True(t, ok, "privateSubnetIds is a list")
	assert.Len(t, subnetIDs, len(devAvailabilityZones(t)), "one private subnet per configured AZ")
	for _, id := range subnetIDs {
		assert.Contains(t, idsOfType(awstypes.Ec2Subnet), id)
	}
	require.Contains(t, up.Outputs, "clusterArn")
	assert.True(t, strings.HasPrefix(up.Outputs["clusterArn"].Value.(string), "arn:aws:ecs:"),
		"clusterArn %v", up.Outputs["clusterArn"].Value)

	outputs, err := e.stack.Outputs(context.Background())
	require.NoError(t, err)
	assert.Equal(t, up.Outputs, outputs, "the stack keeps the outputs of the update")

	again, againEvents, err := e.preview(t, true)
	require.NoError(t, err, "second preview")
	assert.Equal(t, map[apitype.OpType]int{apitype.OpSame: len(state) + 1}, again.ChangeSummary,
		"a second preview changes nothing (every resource and the stack are the same)")
	for urn, op := range stepOps(againEvents) {
		assert.Equal(t, apitype.OpSame, op, "%s", urn)
	}

	_, err = e.stack.Destroy(context.Background())
	require.NoError(t, err, "destroy")
	assert.Empty(t, e.resources(t), "destroy leaves no resources in the state")
	deleted := map[string]string{}
	for _, entry := range e.journalEntries(t)["delete"] {
		deleted[entry.URN] = entry.ID
	}
	assert.Equal(t, created, deleted, "destroy deleted every resource it created")
}

// devAvailabilityZones returns network.availabilityZones of the dev stack config.
func devAvailabilityZones(t *testing.T) []any {
	t.Helper()
	var zones []any
	devConfigWith(t, func(config map[string]any) {
		list, ok := object(t, config, "private-fargate:network")["availabilityZones"].([]any)
		require.True(t, ok, "the dev config lists network.availabilityZones")
		zones = list
	})
	return zones
}
