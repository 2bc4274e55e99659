package costestimate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func intPtr(v int) *int { return &v }

func euWest1(t *testing.T) *Prices {
	t.Helper()
	prices, err := LoadPrices("eu-west-1")
	require.NoError(t, err)
	return prices
}

// devInventory is Pulumi.dev.yaml: two AZs, egress none, the three default endpoints, an ALB and one 0.5 vCPU / 1 GB
// x86 task on FARGATE.
func devInventory() Inventory {
	return Inventory{Stack: "dev", Region: "eu-west-1", AvailabilityZones: 2, Egress: "none", EndpointsEnabled: true,
		EndpointServices: []string{"ecr.api", "ecr.dkr", "logs"}, ALB: true,
		Services: []Service{{Name: "web", TaskSize: TaskSize{VCPU: 0.5, MemoryGB: 1, Architecture: "X86_64"}, Tasks: 1}}}
}

// prodInventory is Pulumi.prod.yaml: three AZs, five endpoints (sts from extra, secretsmanager for the secret), ALB
// and NLB, and web at 1 vCPU / 2 GB with autoscaling 3–12 on FARGATE.
func prodInventory() Inventory {
	return Inventory{Stack: "prod", Region: "eu-west-1", AvailabilityZones: 3, Egress: "none", EndpointsEnabled: true,
		EndpointServices: []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts"}, ALB: true, NLB: true,
		Services: []Service{{Name: "web", TaskSize: TaskSize{VCPU: 1, MemoryGB: 2, Architecture: "X86_64"}, Tasks: 3, MaxTasks: 12}}}
}

func withService(inv Inventory, svc Service) Inventory {
	inv.Services = []Service{svc}
	return inv
}

// Every expectation below is computed by hand from prices/eu-west-1.json (730 h a month, lines rounded to cents,
// the total the sum of the rounded lines).
func TestEstimateMatchesHandComputedFigures(t *testing.T) {
	tests := []struct {
		name  string
		inv   Inventory
		lines map[string]float64
		total float64
	}{
		{
			name: "dev",
			inv:  devInventory(),
			lines: map[string]float64{
				"interfaceEndpoints": 48.18, // 3 endpoints × 2 AZs × 730 h × $0.011 = 48.18
				"alb":                24.24, // 730 × (0.0252 + 1 × 0.008) = 24.236
				"service:web":        18.02, // 1 × (0.5 × 0.04048 + 1 × 0.004445) × 730 = 18.02005
			},
			total: 90.44,
		},
		{
			name: "prod",
			inv:  prodInventory(),
			lines: map[string]float64{
				"interfaceEndpoints": 120.45, // 5 × 3 × 730 × 0.011 = 120.45
				"alb":                24.24,
				"nlb":                22.78,  // 730 × (0.0252 + 1 × 0.006) = 22.776
				"service:web":        108.12, // 3 × (1 × 0.04048 + 2 × 0.004445) × 730 = 108.1203
			},
			total: 275.59,
		},
		{
			name: "dev with nat-single: one NAT gateway and its Elastic IP",
			inv:  devInventory().WithEgress("nat-single", true),
			lines: map[string]float64{
				"natGateways":        35.04, // 1 × 730 × 0.048
				"publicIPv4":         3.65,  // 1 × 730 × 0.005
				"interfaceEndpoints": 48.18, "alb": 24.24, "service:web": 18.02,
			},
			total: 129.13,
		},
		{
			name: "prod with nat-per-az and no interface endpoints",
			inv:  prodInventory().WithEgress("nat-per-az", false),
			lines: map[string]float64{
				"natGateways": 105.12, // 3 × 730 × 0.048
				"publicIPv4":  10.95,  // 3 × 730 × 0.005
				"alb":         24.24, "nlb": 22.78, "service:web": 108.12,
			},
			total: 271.21,
		},
		{
			name:  "ARM64 uses the Graviton rates",
			inv:   withService(Inventory{AvailabilityZones: 2, Egress: "none"}, Service{Name: "api", TaskSize: TaskSize{VCPU: 1, MemoryGB: 2, Architecture: "ARM64"}, Tasks: 2}),
			lines: map[string]float64{"service:api": 57.67}, // 2 × (0.03238 + 2 × 0.00356) × 730 = 57.67
			total: 57.67,
		},
		{
			name: "Fargate Spot takes the stated discount on the Spot share",
			// FARGATE base 1 weight 1, FARGATE_SPOT weight 3, 4 tasks: 1 + 3 × 1/4 on FARGATE, 2.25 on Spot (56.25%).
			inv:   withService(Inventory{AvailabilityZones: 2, Egress: "none"}, Service{Name: "worker", TaskSize: TaskSize{VCPU: 0.25, MemoryGB: 0.5, Architecture: "X86_64", SpotShare: 0.5625}, Tasks: 4}),
			lines: map[string]float64{"service:worker": 21.85}, // 4 × (0.25 × 0.04048 + 0.5 × 0.004445) × 730 × (1 − 0.5625 × 0.7) = 21.8493
			total: 21.85,
		},
		{
			name:  "ephemeral storage beyond 20 GB is charged",
			inv:   withService(Inventory{AvailabilityZones: 2, Egress: "none"}, Service{Name: "batch", TaskSize: TaskSize{VCPU: 0.25, MemoryGB: 0.5, Architecture: "X86_64", EphemeralStorageGiB: 50}, Tasks: 1}),
			lines: map[string]float64{"service:batch": 11.44}, // (0.0123425 + 30 × 0.000111) × 730 = 11.440925
			total: 11.44,
		},
		{
			name:  "endpoints disabled and no load balancer: nothing but the tasks",
			inv:   Inventory{AvailabilityZones: 2, Egress: "nat-single", EndpointServices: []string{"ecr.api"}, EndpointsEnabled: false},
			lines: map[string]float64{"natGateways": 35.04, "publicIPv4": 3.65},
			total: 38.69,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report := Estimate(tt.inv, euWest1(t))
			got := map[string]float64{}
			for _, line := range report.Lines {
				got[line.Key] = line.Monthly
			}
			assert.Equal(t, tt.lines, got)
			assert.InDelta(t, tt.total, report.Total, 0.001)
		})
	}
}

func TestAlternativesPriceTheOtherEgressModes(t *testing.T) {
	tests := []struct {
		name string
		inv  Inventory
		want map[string]float64
	}{
		{
			name: "dev",
			inv:  devInventory(),
			want: map[string]float64{
				"nat-single with the interface endpoints": 129.13, // 90.44 + 35.04 + 3.65
				"nat-single without interface endpoints":  80.95,  // 129.13 − 48.18
				"nat-per-az with the interface endpoints": 167.82, // 90.44 + 2 × (35.04 + 3.65)
				"nat-per-az without interface endpoints":  119.64, // 167.82 − 48.18
			},
		},
		{
			name: "prod",
			inv:  prodInventory(),
			want: map[string]float64{
				"nat-single with the interface endpoints": 314.28, // 275.59 + 38.69
				"nat-single without interface endpoints":  193.83, // 314.28 − 120.45
				"nat-per-az with the interface endpoints": 391.66, // 275.59 + 3 × 38.69
				"nat-per-az without interface endpoints":  271.21, // 391.66 − 120.45
			},
		},
		{
			name: "a NAT stack is compared with egress none",
			inv:  devInventory().WithEgress("nat-single", false),
			want: map[string]float64{
				"egress none (interface endpoints only)":  90.44,
				"nat-single with the interface endpoints": 129.13,
				"nat-per-az with the interface endpoints": 167.82,
				"nat-per-az without interface endpoints":  119.64,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]float64{}
			for _, alt := range Estimate(tt.inv, euWest1(t)).Alternatives {
				got[alt.Label] = alt.Monthly
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestSpotShareFollowsBaseThenWeights(t *testing.T) {
	fargate := func(weight, base int) StrategyItem {
		return StrategyItem{CapacityProvider: "FARGATE", Weight: intPtr(weight), Base: base}
	}
	spot := func(weight, base int) StrategyItem {
		return StrategyItem{CapacityProvider: "FARGATE_SPOT", Weight: intPtr(weight), Base: base}
	}
	tests := []struct {
		name     string
		tasks    int
		strategy []StrategyItem
		want     float64
	}{
		{"no tasks", 0, []StrategyItem{spot(1, 0)}, 0},
		{"FARGATE only", 3, []StrategyItem{fargate(1, 1)}, 0},
		{"FARGATE_SPOT only", 3, []StrategyItem{spot(1, 0)}, 1},
		{"base on FARGATE, rest split 1:3", 4, []StrategyItem{fargate(1, 1), spot(3, 0)}, 2.25 / 4},
		{"base on Spot, rest split evenly", 3, []StrategyItem{spot(1, 2), fargate(1, 0)}, 2.5 / 3},
		{"base larger than the task count", 2, []StrategyItem{fargate(1, 5), spot(1, 0)}, 0},
		{"weight defaults to 1", 2, []StrategyItem{{CapacityProvider: "FARGATE"}, {CapacityProvider: "FARGATE_SPOT"}}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, SpotShare(tt.tasks, tt.strategy), 1e-9)
		})
	}
}

func TestUnknownRegionIsAnErrorNamingTheKey(t *testing.T) {
	_, err := LoadPrices("us-east-2")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `aws:region "us-east-2": no price data`)
	assert.Contains(t, err.Error(), "eu-west-1", "the error lists the regions that have data")

	output := StackOutput(Inventory{Stack: "dev", Region: "us-east-2"})
	assert.Contains(t, output, "error", "the stack output says why instead of reporting zero")
	assert.NotContains(t, output, "monthlyFixed")
}

func TestPriceFilesCarryEveryRateWithItsSource(t *testing.T) {
	require.NotEmpty(t, Regions())
	for _, region := range Regions() {
		prices, err := LoadPrices(region)
		require.NoError(t, err, region)
		assert.NotEmpty(t, prices.Retrieved)
	}
	_, err := parsePrices("eu-west-1", []byte(`{"region": "eu-west-1", "retrieved": "2026-11-28", "hoursPerMonth": 730,
		"rates": {"natGatewayHour": {"usd": 0.048, "source": "https://aws.amazon.com/vpc/pricing/"}}}`))
	require.Error(t, err)
	for _, want := range []string{"rates.natGatewayHour needs its source page and how it was checked", "rates.albHour is missing", "assumptions.fargateSpotDiscount is missing"} {
		assert.Contains(t, err.Error(), want)
	}
}
