package programrun

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awstypes"
)

const repoRoot = "../.."

func TestStacksListsTheShippedStacks(t *testing.T) {
	stacks, err := Stacks(repoRoot)
	require.NoError(t, err)
	assert.Subset(t, stacks, []string{"dev", "prod"})
	assert.IsNonDecreasing(t, stacks)
}

func TestLoadStackConfigHandsObjectsOverAsJSON(t *testing.T) {
	cfg, err := LoadStackConfig(repoRoot, "dev")
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", cfg["aws:region"], "strings stay as they are")
	var network map[string]any
	require.NoError(t, json.Unmarshal([]byte(cfg["private-fargate:network"]), &network), "objects become JSON as the CLI passes them")
	assert.Equal(t, "10.20.0.0/16", network["cidr"])

	_, err = LoadStackConfig(repoRoot, "nosuchstack")
	assert.ErrorContains(t, err, `stack "nosuchstack"`)
}

func TestWithObjectFieldChangesOneFieldOnly(t *testing.T) {
	cfg, err := LoadStackConfig(repoRoot, "dev")
	require.NoError(t, err)
	changed, err := cfg.WithObjectField("network", "egress", "nat-single")
	require.NoError(t, err)
	var before, after map[string]any
	require.NoError(t, json.Unmarshal([]byte(cfg["private-fargate:network"]), &before))
	require.NoError(t, json.Unmarshal([]byte(changed["private-fargate:network"]), &after))
	assert.Equal(t, "none", before["egress"], "the original is not modified")
	assert.Equal(t, "nat-single", after["egress"])
	before["egress"] = "nat-single"
	assert.Equal(t, before, after, "every other field is kept")

	added, err := cfg.WithObjectField("ingress", "mode", "http-api")
	require.NoError(t, err)
	assert.JSONEq(t, `{"mode": "http-api"}`, added["private-fargate:ingress"], "a missing object is created")

	broken := Config{"private-fargate:network": "not json"}
	_, err = broken.WithObjectField("network", "egress", "none")
	assert.ErrorContains(t, err, "private-fargate:network")
}

// TestRunResolvesParentsAndDependencies checks what the diagram relies on: every parent and dependency URN the
// program sent names a recorded resource (or the stack), and URNs are unique.
func TestRunResolvesParentsAndDependencies(t *testing.T) {
	for _, stack := range []string{"dev", "prod"} {
		result, err := RunStack(repoRoot, stack)
		require.NoError(t, err)
		require.NotEmpty(t, result.Resources)
		assert.Equal(t, "eu-west-1", result.Region)
		byURN := map[string]Resource{}
		for _, res := range result.Resources {
			_, dup := byURN[res.URN]
			assert.False(t, dup, "URN %s recorded twice", res.URN)
			byURN[res.URN] = res
		}
		stackURN := string(resource.NewURN(tokens.QName(stack), "private-fargate", "", resource.RootStackType, "private-fargate-"+stack))
		dependencies := 0
		for _, res := range result.Resources {
			if res.Parent != stackURN {
				parent, ok := byURN[res.Parent]
				if assert.True(t, ok, "%s %s: parent %s not recorded", res.Type, res.Name, res.Parent) {
					assert.False(t, parent.Custom, "%s %s: parents are components", res.Type, res.Name)
				}
			}
			for _, dep := range res.Dependencies {
				_, ok := byURN[dep]
				assert.True(t, ok, "%s %s: dependency %s not recorded", res.Type, res.Name, dep)
				dependencies++
			}
		}
		assert.Positive(t, dependencies)
		assert.Len(t, result.OfType(awstypes.Ec2Vpc), 1)
	}
}

func TestRunAndLoadConfigReportConfigErrors(t *testing.T) {
	cfg, err := LoadStackConfig(repoRoot, "dev")
	require.NoError(t, err)
	bad, err := cfg.WithObjectField("network", "egress", "sideways")
	require.NoError(t, err)

	_, err = Run("dev", bad, nil)
	var configErr *components.ConfigError
	assert.True(t, errors.As(err, &configErr), "want a *ConfigError, got %v", err)
	_, err = LoadConfig("dev", bad)
	assert.True(t, errors.As(err, &configErr), "want a *ConfigError, got %v", err)
}

func TestLoadConfigAppliesTheProgramsDefaults(t *testing.T) {
	raw, err := LoadStackConfig(repoRoot, "dev")
	require.NoError(t, err)
	cfg, err := LoadConfig("dev", raw)
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", cfg.Region)
	assert.Equal(t, "X86_64", cfg.Services["web"].Architecture, "defaulted, not in Pulumi.dev.yaml")
	assert.Equal(t, 256*2, cfg.Services["web"].Cpu)
}
