package rules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParsePackConfig(t *testing.T) {
	cfg, err := ParsePackConfig([]byte(`{
		"listener-http-redirects-to-https": "advisory",
		"load-balancer-internal": {"enforcementLevel": "disabled"},
		"target-group-target-type": {"allowedTargetTypes": ["ip"]},
		"eip-only-for-nat-gateway": "advisory"
	}`))
	require.NoError(t, err)
	assert.Equal(t, Advisory, cfg.LevelOf("listener-http-redirects-to-https", Mandatory))
	assert.Equal(t, Disabled, cfg.LevelOf("load-balancer-internal", Mandatory))
	assert.Equal(t, Advisory, cfg.LevelOf("eip-only-for-nat-gateway", Mandatory))
	assert.Equal(t, Mandatory, cfg.LevelOf("subnet-no-public-ip", Mandatory))
	assert.Equal(t, []string{"ip"}, cfg.AllowedTargetTypes)
	assert.Equal(t, DefaultSSLPolicies, cfg.AllowedSSLPolicies)
}

func TestParsePackConfigRefusesWhatThePackWouldNot(t *testing.T) {
	cases := map[string]string{
		`{"no-such-rule": "advisory"}`:                               `no policy named "no-such-rule"`,
		`{"subnet-no-public-ip": "optional"}`:                        `"optional" is not mandatory, advisory or disabled`,
		`{"subnet-no-public-ip": {"enforcementLevel": 3}}`:           "enforcementLevel 3 is not",
		`{"subnet-no-public-ip": {"allowedTargetTypes": ["ip"]}}`:    `subnet-no-public-ip has no option "allowedTargetTypes"`,
		`{"target-group-target-type": {"allowedTargetTypes": "ip"}}`: "want a list of strings",
		`[]`:                         "policy pack config",
		`{"subnet-no-public-ip": 1}`: "want a level or an object",
	}
	for raw, message := range cases {
		_, err := ParsePackConfig([]byte(raw))
		require.Error(t, err, raw)
		assert.Contains(t, err.Error(), message, raw)
	}
}
