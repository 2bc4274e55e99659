package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
)

// TestConfigErrorFailsBeforeAnyResource runs `up` with a broken dev config: it must fail naming the key, with no
// resource registered (so none planned, created or recorded).
func TestConfigErrorFailsBeforeAnyResource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edit    func(t *testing.T, config map[string]any)
		wantKey string
	}{
		{
			name:    "VPC CIDR that is not a CIDR",
			edit:    func(t *testing.T, c map[string]any) { object(t, c, "private-fargate:network")["cidr"] = "10.0.0.0/33" },
			wantKey: "network.cidr",
		},
		{
			name: "no availability zones",
			edit: func(t *testing.T, c map[string]any) {
				object(t, c, "private-fargate:network")["availabilityZones"] = []any{}
			},
			wantKey: "network.availabilityZones",
		},
		{
			name: "service CPU that is no Fargate size",
			edit: func(t *testing.T, c map[string]any) {
				object(t, c, "private-fargate:services")["api"] = map[string]any{
					"cpu": 300, "memory": 512,
					"containers": map[string]any{"app": map[string]any{"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0", "ports": []any{8080}}},
				}
			},
			wantKey: "services.api.cpu",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			configFile := devConfigWith(t, func(config map[string]any) { tt.edit(t, config) })
			e := newEngine(t, "dev", components.Program, configFile)

			_, evts, err := e.up(t, false)
			require.Error(t, err, "a config error must fail the update")
			assert.Contains(t, err.Error(), tt.wantKey, "the error names the config key")
			for urn := range stepOps(evts) {
				assert.Contains(t, urn, "::pulumi:pulumi:Stack::", "only the stack itself may be registered")
			}
			assert.Empty(t, e.resources(t), "no resource reached the state")
			assert.Empty(t, e.journalEntries(t), "nothing was created")
		})
	}
}
