package rules

import (
	"regexp"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

func TestEvaluateAppliesLevels(t *testing.T) {
	internetFacing := res(awstypes.LbLoadBalancer, "web", obj{"internal": false, "enableDeletionProtection": true, "dropInvalidHeaderFields": true,
		"accessLogs": obj{"enabled": true, "bucket": "b"}})
	spareEip := res(awstypes.Ec2Eip, "spare", obj{"domain": "vpc"})
	resources := []Resource{internetFacing, spareEip}

	cases := []struct {
		name   string
		levels map[string]Level
		want   []Violation
	}{
		{
			name: "defaults",
			want: []Violation{
				{Policy: "load-balancer-internal", Level: Mandatory, Resource: "web", URN: internetFacing.URN},
				{Policy: "eip-only-for-nat-gateway", Level: Mandatory, Resource: "spare", URN: spareEip.URN},
			},
		},
		{
			name:   "resource rule made advisory",
			levels: map[string]Level{"load-balancer-internal": Advisory},
			want: []Violation{
				{Policy: "load-balancer-internal", Level: Advisory, Resource: "web", URN: internetFacing.URN},
				{Policy: "eip-only-for-nat-gateway", Level: Mandatory, Resource: "spare", URN: spareEip.URN},
			},
		},
		{
			name:   "stack rule disabled",
			levels: map[string]Level{"eip-only-for-nat-gateway": Disabled},
			want: []Violation{
				{Policy: "load-balancer-internal", Level: Mandatory, Resource: "web", URN: internetFacing.URN},
			},
		},
		{
			name:   "invalid level keeps the default",
			levels: map[string]Level{"load-balancer-internal": "loud", "eip-only-for-nat-gateway": Advisory},
			want: []Violation{
				{Policy: "load-balancer-internal", Level: Mandatory, Resource: "web", URN: internetFacing.URN},
				{Policy: "eip-only-for-nat-gateway", Level: Advisory, Resource: "spare", URN: spareEip.URN},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Levels = tc.levels

			got := Evaluate(resources, cfg)

			for i := range got {
				require.NotEmpty(t, got[i].Message)
				got[i].Message = ""
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestWithOptions(t *testing.T) {
	var tlsOptions, targetOptions, natOptions []Option
	for _, r := range Rules() {
		switch r.Name {
		case "listener-tls-policy":
			tlsOptions = r.Options
		case "target-group-target-type":
			targetOptions = r.Options
		case "nat-gateway-allowed":
			natOptions = r.Options
		}
	}
	require.Len(t, tlsOptions, 1)
	require.Len(t, targetOptions, 1)
	require.Len(t, natOptions, 1)

	t.Run("JSON-decoded values are applied", func(t *testing.T) {
		cfg, err := WithOptions(DefaultConfig(), tlsOptions, map[string]any{"allowedSslPolicies": []any{"P1", "P2"}})
		require.NoError(t, err)
		assert.Equal(t, []string{"P1", "P2"}, cfg.AllowedSSLPolicies)
		assert.Equal(t, DefaultTargetTypes, cfg.AllowedTargetTypes)

		cfg, err = WithOptions(DefaultConfig(), natOptions, map[string]any{"allowNatGateways": false})
		require.NoError(t, err)
		assert.False(t, cfg.AllowNatGateways)
	})
	t.Run("options of other rules are ignored", func(t *testing.T) {
		cfg, err := WithOptions(DefaultConfig(), targetOptions, map[string]any{"allowNatGateways": false})
		require.NoError(t, err)
		assert.True(t, cfg.AllowNatGateways)
	})
	t.Run("wrong types are errors", func(t *testing.T) {
		_, err := WithOptions(DefaultConfig(), targetOptions, map[string]any{"allowedTargetTypes": "ip"})
		assert.ErrorContains(t, err, "allowedTargetTypes")
		_, err = WithOptions(DefaultConfig(), targetOptions, map[string]any{"allowedTargetTypes": []any{"ip", 3.0}})
		assert.ErrorContains(t, err, "item 1")
		_, err = WithOptions(DefaultConfig(), natOptions, map[string]any{"allowNatGateways": "yes"})
		assert.ErrorContains(t, err, "boolean")
	})
	t.Run("the base config is not modified", func(t *testing.T) {
		base := DefaultConfig()
		_, err := WithOptions(base, tlsOptions, map[string]any{"allowedSslPolicies": []any{"P1"}})
		require.NoError(t, err)
		assert.Equal(t, DefaultSSLPolicies, base.AllowedSSLPolicies)
	})
}

func TestCatalogueIsWellFormed(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, e := range Catalogue() {
		assert.Regexp(t, kebab, e.Name)
		assert.False(t, seen[e.Name], "duplicate rule name %s", e.Name)
		seen[e.Name] = true
		assert.NotEmpty(t, e.ResourceTypes, e.Name)
		assert.NotEmpty(t, e.Description, e.Name)
		assert.NotEmpty(t, e.Rationale, e.Name)
		assert.Contains(t, []Level{Mandatory, Advisory}, e.DefaultLevel, e.Name)
	}
	assert.Len(t, seen, len(Rules())+len(StackRules())+1, "every rule plus "+UnverifiedRule)
}

func TestOptionDefaultsMatchDefaultConfig(t *testing.T) {
	cfg := DefaultConfig()
	for _, r := range Rules() {
		for _, o := range r.Options {
			fromSchema, err := WithOptions(Config{}, []Option{o}, map[string]any{o.Key: o.Schema["default"]})
			require.NoError(t, err, o.Key)
			switch o.Key {
			case "allowedSslPolicies":
				assert.Equal(t, cfg.AllowedSSLPolicies, fromSchema.AllowedSSLPolicies)
			case "allowedTargetTypes":
				assert.Equal(t, cfg.AllowedTargetTypes, fromSchema.AllowedTargetTypes)
			case "allowNatGateways":
				assert.Equal(t, cfg.AllowNatGateways, fromSchema.AllowNatGateways)
			default:
				t.Errorf("option %s has no default check", o.Key)
			}
		}
	}
}

func TestFromResourcePropertyMapKeepsUnknownsAndSecrets(t *testing.T) {
	m := resource.PropertyMap{
		"internal":    resource.MakeComputed(resource.NewStringProperty("")),
		"name":        resource.MakeSecret(resource.NewStringProperty("web")),
		"targetType":  resource.NewOutputProperty(resource.Output{Known: false}),
		"enableThing": resource.NewBoolProperty(true),
	}

	got := FromResourcePropertyMap(m)

	assert.True(t, got.Get("internal").IsComputed())
	assert.True(t, got.Get("name").Secret())
	assert.Equal(t, "web", got.Get("name").AsString())
	assert.True(t, got.Get("targetType").IsComputed())
	assert.True(t, got.Get("enableThing").AsBool())
	assert.Empty(t, checkLoadBalancerInternal(Resource{Name: "web", Properties: got}, DefaultConfig()))
}
