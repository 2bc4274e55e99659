package stackgen

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

const devLike = `config:
  aws:region: eu-west-1
  private-fargate:network:
    cidr: 10.20.0.0/16
  private-fargate:services:
    web:
      cpu: 512
`

func servicesOf(t *testing.T, stackYAML []byte) map[string]any {
	t.Helper()
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(stackYAML, &file))
	services, ok := file.Config[servicesKey].(map[string]any)
	require.True(t, ok, "the config has services")
	return services
}

func TestWithServicesGrowsTheStackToN(t *testing.T) {
	tests := []struct {
		n    int
		want []string
	}{
		{n: 1, want: []string{"web"}},
		{n: 3, want: []string{"web", "svc-001", "svc-002"}},
	}
	for _, tt := range tests {
		grown, err := WithServices([]byte(devLike), tt.n)
		require.NoError(t, err)
		services := servicesOf(t, grown)
		assert.Len(t, services, tt.n)
		for _, name := range tt.want {
			assert.Contains(t, services, name)
		}
		assert.Equal(t, map[string]any{"cpu": 512}, services["web"], "existing services are kept as they are")
	}
}

func TestGeneratedServicesHaveDistinctRoutes(t *testing.T) {
	grown, err := WithServices([]byte(devLike), 61)
	require.NoError(t, err)
	paths, priorities := map[string]bool{}, map[int]bool{}
	for name, raw := range servicesOf(t, grown) {
		if name == "web" {
			continue
		}
		routing := raw.(map[string]any)["routing"].(map[string]any)
		path := routing["paths"].([]any)[0].(string)
		priority := routing["priority"].(int)
		assert.False(t, paths[path], "path %s is unique", path)
		assert.False(t, priorities[priority], "priority %d is unique", priority)
		assert.Less(t, priority, 1000, "below the derived priorities (1000-50000)")
		paths[path], priorities[priority] = true, true
	}
	assert.Len(t, paths, 60)
}

func TestGrowRefusesToShrink(t *testing.T) {
	three, err := WithServices([]byte(devLike), 3)
	require.NoError(t, err)
	_, err = Grow(three, Size{Services: 2})
	assert.ErrorContains(t, err, "already has 3 services")
}

func TestGrowLeavesAKindAtZeroAsItIs(t *testing.T) {
	grown, err := Grow([]byte(devLike), Size{Jobs: 4})
	require.NoError(t, err)
	config, err := RunInfoConfig(grown)
	require.NoError(t, err)
	var services, jobs map[string]any
	require.NoError(t, json.Unmarshal([]byte(config[servicesKey]), &services))
	require.NoError(t, json.Unmarshal([]byte(config[jobsKey]), &jobs))
	assert.Len(t, services, 1, "the stack's one service is kept")
	assert.Equal(t, []string{"job-001", "job-002", "job-003", "job-004"}, slices.Sorted(maps.Keys(jobs)))
	assert.Contains(t, jobs["job-001"], "schedule", "odd jobs run on a schedule")
	assert.NotContains(t, jobs["job-002"], "schedule", "even jobs run on demand")
}

func TestRunInfoConfigRendersLikeTheEngine(t *testing.T) {
	config, err := RunInfoConfig([]byte(devLike))
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", config["aws:region"], "strings as they are")
	var network map[string]any
	require.NoError(t, json.Unmarshal([]byte(config["private-fargate:network"]), &network), "objects as JSON")
	assert.Equal(t, "10.20.0.0/16", network["cidr"])
}
