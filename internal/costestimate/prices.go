// Package costestimate estimates a stack's fixed monthly AWS cost, line by line, from its validated config and
// regional price data (prices/<region>.json: each rate with its AWS pricing page and how it was checked). Usage that
// depends on traffic (NAT and endpoint data processing, LCUs beyond the stated assumption, CloudWatch Logs) is shown
// as a rate, never guessed. The pure estimate is table-tested with hand-computed figures; a test checks the
// inventory it prices against what components.Program registers.
package costestimate

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed prices/*.json
var priceFiles embed.FS

// Rate is one published price.
type Rate struct {
	// USD is the price in US dollars per Unit.
	USD float64 `json:"usd"`
	// Unit says what the price is for ("per NAT gateway-hour").
	Unit string `json:"unit"`
	// UsageType is the AWS usage type on a bill.
	UsageType string `json:"usageType"`
	// Source is the AWS pricing page the price comes from.
	Source string `json:"source"`
	// Checked says how the price was confirmed, or that it was not.
	Checked string `json:"checked"`
	// FreePerMonth is the free tier in Units a month, where the price has one (0: none).
	FreePerMonth float64 `json:"freePerMonth,omitempty"`
}

// Assumption is a stated assumption with its reason.
type Assumption struct {
	Value float64 `json:"value"`
	Why   string  `json:"why"`
}

// Prices are the rates of one region, as published on the date they were retrieved.
type Prices struct {
	Region        string                `json:"region"`
	Location      string                `json:"location"`
	Currency      string                `json:"currency"`
	Retrieved     string                `json:"retrieved"`
	HoursPerMonth float64               `json:"hoursPerMonth"`
	Rates         map[string]Rate       `json:"rates"`
	Assumptions   map[string]Assumption `json:"assumptions"`
}

// Rate keys every price file must have.
const (
	NatGatewayHour          = "natGatewayHour"
	NatGatewayGB            = "natGatewayGB"
	InterfaceEndpointAZHour = "interfaceEndpointAZHour"
	InterfaceEndpointGB     = "interfaceEndpointGB"
	AlbHour                 = "albHour"
	AlbLCUHour              = "albLCUHour"
	NlbHour                 = "nlbHour"
	NlbLCUHour              = "nlbLCUHour"
	FargateX86VCPUHour      = "fargateX86VCPUHour"
	FargateX86GBHour        = "fargateX86GBHour"
	FargateARMVCPUHour      = "fargateARMVCPUHour"
	FargateARMGBHour        = "fargateARMGBHour"
	FargateEphemeralGBHour  = "fargateEphemeralGBHour"
	PublicIPv4Hour          = "publicIPv4Hour"
	LogsIngestGB            = "logsIngestGB"
	LogsStorageGBMonth      = "logsStorageGBMonth"
	// SchedulerInvocationMillion is EventBridge Scheduler's price per million invocations beyond its free tier.
	SchedulerInvocationMillion = "schedulerInvocationMillion"
)

// Assumption keys every price file must have.
const (
	LCUPerLoadBalancerHour = "lcuPerLoadBalancerHour"
	FargateSpotDiscount    = "fargateSpotDiscount"
)

var requiredRates = []string{
	NatGatewayHour, NatGatewayGB, InterfaceEndpointAZHour, InterfaceEndpointGB, AlbHour, AlbLCUHour, NlbHour,
	NlbLCUHour, FargateX86VCPUHour, FargateX86GBHour, FargateARMVCPUHour, FargateARMGBHour, FargateEphemeralGBHour,
	PublicIPv4Hour, LogsIngestGB, LogsStorageGBMonth, SchedulerInvocationMillion,
}

var requiredAssumptions = []string{LCUPerLoadBalancerHour, FargateSpotDiscount}

// Regions lists the regions that have price data.
func Regions() []string {
	files, _ := fs.Glob(priceFiles, "prices/*.json")
	var regions []string
	for _, file := range files {
		regions = append(regions, strings.TrimSuffix(strings.TrimPrefix(file, "prices/"), ".json"))
	}
	sort.Strings(regions)
	return regions
}

// LoadPrices reads the price data of a region. A region without data is an error naming the config key, never a
// zero estimate.
func LoadPrices(region string) (*Prices, error) {
	raw, err := priceFiles.ReadFile("prices/" + region + ".json")
	if err != nil {
		return nil, fmt.Errorf("aws:region %q: no price data for this region (have: %s); add internal/costestimate/prices/%s.json with the date and AWS pricing page of every rate",
			region, strings.Join(Regions(), ", "), region)
	}
	return parsePrices(region, raw)
}

func parsePrices(region string, raw []byte) (*Prices, error) {
	var prices Prices
	if err := json.Unmarshal(raw, &prices); err != nil {
		return nil, fmt.Errorf("prices/%s.json: %w", region, err)
	}
	var problems []string
	if prices.Region != region {
		problems = append(problems, fmt.Sprintf("region is %q, want %q", prices.Region, region))
	}
	if prices.Retrieved == "" {
		problems = append(problems, "retrieved (the date the prices were taken) is missing")
	}
	if prices.HoursPerMonth <= 0 {
		problems = append(problems, "hoursPerMonth is missing")
	}
	for _, key := range append(requiredRates, monitoringRates...) {
		rate, ok := prices.Rates[key]
		switch {
		case !ok:
			problems = append(problems, "rates."+key+" is missing")
		case rate.USD <= 0:
			problems = append(problems, "rates."+key+".usd must be positive")
		case rate.Source == "" || rate.Checked == "":
			problems = append(problems, "rates."+key+" needs its source page and how it was checked")
		}
	}
	for _, key := range requiredAssumptions {
		if _, ok := prices.Assumptions[key]; !ok {
			problems = append(problems, "assumptions."+key+" is missing")
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("prices/%s.json: %s", region, strings.Join(problems, "; "))
	}
	return &prices, nil
}

// usd returns a rate's price.
func (p *Prices) usd(key string) float64 { return p.Rates[key].USD }
