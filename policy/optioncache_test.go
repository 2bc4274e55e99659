package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/policy/rules"
)

// TestOptionCacheFollowsTheConfiguration checks that a cached parse is used only for the configuration it came
// from: a new configuration (a new properties map, even with the same content) is parsed again.
func TestOptionCacheFollowsTheConfiguration(t *testing.T) {
	var rule rules.ResourceRule
	for _, r := range rules.Rules() {
		if r.Name == "target-group-target-type" {
			rule = r
		}
	}
	require.NotEmpty(t, rule.Options, "precondition: the rule has options")
	cache := &optionCache{options: rule.Options}

	defaults, err := cache.parse(nil)
	require.NoError(t, err)
	assert.Equal(t, rules.DefaultTargetTypes, defaults.AllowedTargetTypes)

	first := map[string]any{"allowedTargetTypes": []any{"instance"}}
	cfg, err := cache.parse(first)
	require.NoError(t, err)
	assert.Equal(t, []string{"instance"}, cfg.AllowedTargetTypes)

	second := map[string]any{"allowedTargetTypes": []any{"lambda"}}
	cfg, err = cache.parse(second)
	require.NoError(t, err)
	assert.Equal(t, []string{"lambda"}, cfg.AllowedTargetTypes)

	_, err = cache.parse(map[string]any{"allowedTargetTypes": "ip"})
	assert.ErrorContains(t, err, "allowedTargetTypes", "a bad option is an error")

	cfg, err = cache.parse(first)
	require.NoError(t, err)
	assert.Equal(t, []string{"instance"}, cfg.AllowedTargetTypes, "an earlier configuration is parsed again")
}
