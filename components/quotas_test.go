package components

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQuotaWarnings(t *testing.T) {
	// stack is a load-balanced stack in two AZs with the endpoints on and n routed services of desired tasks each.
	stack := func(n, desired int, routed bool) *Config {
		services := map[string]ServiceConfig{}
		for i := range n {
			svc := ServiceConfig{DesiredCount: intPtr(desired)}
			if routed {
				svc.Routing = &RoutingConfig{Paths: []string{fmt.Sprintf("/s%d/*", i)}}
			}
			services[fmt.Sprintf("s%03d", i)] = svc
		}
		return &Config{
			Region:       "eu-west-1",
			Network:      NetworkConfig{AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"}},
			Endpoints:    EndpointsConfig{Enabled: boolPtr(true)},
			LoadBalancer: LoadBalancerConfig{Enabled: boolPtr(true)},
			Services:     services,
		}
	}
	tests := []struct {
		name  string
		cfg   *Config
		codes []string // the quota codes the warnings name, in order
	}{
		{name: "100 routed services are at the rule and target group quotas, not past them", cfg: stack(100, 1, true)},
		{name: "101 routed services pass both", cfg: stack(101, 1, true),
			codes: []string{albRulesQuotaCode, albTargetGroupsQuotaCode}},
		{name: "unrouted services use no rules or target groups", cfg: stack(150, 1, false)},
		{name: "50 routed services of 10 tasks peak at 1,000 targets", cfg: stack(50, 10, true)},
		{name: "51 routed services of 10 tasks peak past 1,000 targets", cfg: stack(51, 10, true),
			codes: []string{albTargetsQuotaCode}},
		{name: "2,500 peak tasks and the endpoints' interfaces pass 5,000 network interfaces", cfg: stack(25, 100, false),
			codes: []string{regionENIsQuotaCode}},
		{name: "without the ALB only network interfaces count", cfg: func() *Config {
			c := stack(120, 1, true)
			c.LoadBalancer.Enabled = boolPtr(false)
			return c
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warnings := tt.cfg.QuotaWarnings()
			if !assert.Len(t, warnings, len(tt.codes), "%q", warnings) {
				return
			}
			for i, code := range tt.codes {
				assert.Contains(t, warnings[i], code)
			}
		})
	}
}

func TestRegionENIsCountTasksEndpointsAndLoadBalancers(t *testing.T) {
	cfg := &Config{
		Region:       "eu-west-1",
		Network:      NetworkConfig{AvailabilityZones: []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}},
		Endpoints:    EndpointsConfig{Enabled: boolPtr(true)},
		LoadBalancer: LoadBalancerConfig{Enabled: boolPtr(true), Nlb: true},
		Services:     map[string]ServiceConfig{"web": {DesiredCount: intPtr(3)}, "api": {DesiredCount: intPtr(2), MaximumPercent: intPtr(150)}},
	}
	endpoints := len(InterfaceEndpointServices(cfg))
	// Per AZ: each interface endpoint, the NLB and one ALB node; tasks: 3 x 200% + 2 x 150%.
	assert.Equal(t, 3*(endpoints+1+1)+6+3, cfg.regionENIs())
}
