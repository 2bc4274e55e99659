package engine

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
)

// service is a load-balanced service for the identity tests, pulling from private ECR (egress none), on port 80 as
// the dev stack's own service web, so the ALB's rules per port stay as they are.
func service(path string) map[string]any {
	return map[string]any{
		"containers": map[string]any{"app": map[string]any{"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0", "ports": []any{80}}},
		"routing":    map[string]any{"paths": []any{path}},
	}
}

// TestStableIdentities grows or changes a deployed stack the way users do and checks that it previews as creates
// and in-place updates only: no replace and no delete, and no existing resource gets a new id once deployed. A case
// grown from the dev stack as shipped starts from a copy of the shared deployment (deployed with the pack, which
// changes nothing in the state); the others deploy their own base.
func TestStableIdentities(t *testing.T) {
	t.Parallel()
	appendAZ := func(t *testing.T, c map[string]any) {
		network := object(t, c, "private-fargate:network")
		zones, ok := network["availabilityZones"].([]any)
		require.True(t, ok)
		network["availabilityZones"] = append(zones, "eu-west-1c")
	}
	tests := []struct {
		name     string
		base     func(t *testing.T, config map[string]any) // nil: the dev stack as shipped, a copy of devDeployed
		grow     func(t *testing.T, config map[string]any)
		newNamed string // every grown stack creates resources whose names contain this; "" when it creates none
	}{
		{
			name:     "appending an availability zone",
			grow:     appendAZ,
			newNamed: "eu-west-1c",
		},
		{
			// A VPC link's subnetIds cannot change in place; it stays in the first two AZs.
			name: "appending an availability zone with an HTTP API",
			base: func(t *testing.T, c map[string]any) {
				object(t, c, "private-fargate:ingress")["mode"] = "http-api"
			},
			grow:     appendAZ,
			newNamed: "eu-west-1c",
		},
		{
			name: "appending an availability zone with a REST API, the NLB and NAT per AZ",
			base: func(t *testing.T, c map[string]any) {
				object(t, c, "private-fargate:loadBalancer")["nlb"] = true
				object(t, c, "private-fargate:ingress")["mode"] = "rest-api"
				object(t, c, "private-fargate:ingress")["cloudWatchRole"] = "existing"
				object(t, c, "private-fargate:network")["egress"] = "nat-per-az"
			},
			grow:     appendAZ,
			newNamed: "eu-west-1c",
		},
		{
			// Beside the dev stack's own service, web (whose containers are app and api), and its jobs.
			name: "adding a service",
			grow: func(t *testing.T, c map[string]any) {
				object(t, c, "private-fargate:services")["api"] = service("/api/*")
			},
			newNamed: "api",
		},
		{
			// Every service carries the cluster's default strategy; terraform-provider-aws v5 replaces a service whose
			// strategy changes unless forceNewDeployment is set.
			name: "changing the cluster's default capacity provider strategy",
			grow: func(t *testing.T, c map[string]any) {
				object(t, c, "private-fargate:cluster")["capacityProviderStrategy"] = []any{
					map[string]any{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
					map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 3},
				}
			},
		},
	}
	forbidden := []apitype.OpType{
		apitype.OpDelete, apitype.OpReplace, apitype.OpCreateReplacement, apitype.OpDeleteReplaced,
		apitype.OpDiscardReplaced, apitype.OpImportReplacement, apitype.OpReadReplacement,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var e *engine
			if tt.base == nil {
				e = devDeployed.get(t).copy(t)
			} else {
				e = newEngine(t, "dev", components.Program, devConfigWith(t, func(c map[string]any) { tt.base(t, c) }))
				_, _, err := e.up(t, false)
				require.NoError(t, err, "up of the base stack")
			}
			before := e.resources(t)
			require.NotEmpty(t, before)

			e.useConfig(t, devConfigWith(t, func(c map[string]any) {
				if tt.base != nil {
					tt.base(t, c)
				}
				tt.grow(t, c)
			}))
			preview, evts, err := e.preview(t, false)
			require.NoError(t, err, "preview of the grown stack")
			for _, op := range forbidden {
				assert.Zero(t, preview.ChangeSummary[op], "no %s", op)
			}
			var created []string
			for urn, op := range stepOps(evts) {
				assert.NotContains(t, forbidden, op, "%s must not be %s", urn, op)
				if op == apitype.OpCreate {
					created = append(created, urn)
					_, existed := before[urn]
					assert.False(t, existed, "%s already existed and must not be created again", urn)
				}
				if op == apitype.OpUpdate {
					t.Logf("updated in place: %s", urn)
				}
			}
			if tt.newNamed == "" {
				assert.Empty(t, created, "the change creates nothing")
			} else {
				require.NotEmpty(t, created, "growing the stack creates resources")
			}
			for _, urn := range created {
				name := urn[strings.LastIndex(urn, "::")+2:]
				assert.Contains(t, name, tt.newNamed, "%s is new, so its name says what was added", urn)
			}

			_, _, err = e.up(t, false)
			require.NoError(t, err, "up of the grown stack")
			after := e.resources(t)
			for urn, id := range before {
				require.Contains(t, after, urn, "%s survives", urn)
				assert.Equal(t, id, after[urn], "%s keeps its id", urn)
			}
		})
	}
}
