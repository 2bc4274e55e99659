package costestimate

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StackOutput is the stack output monthlyCostEstimate: the fixed monthly total, its lines, the other egress modes
// and where the prices come from. cfg is the validated components.Config and endpointServices
// components.InterfaceEndpointServices(cfg). A region without price data gives an output that says so (naming
// aws:region) instead of a zero, and does not fail the deployment.
func StackOutput(stack, region string, cfg any, endpointServices []string) pulumi.Map {
	report, err := EstimateConfig(stack, region, cfg, endpointServices)
	if err != nil {
		return pulumi.Map{"error": pulumi.String(err.Error())}
	}
	lines := pulumi.Map{}
	for _, line := range report.Lines {
		lines[line.Key] = pulumi.Float64(line.Monthly)
	}
	alternatives := pulumi.Map{}
	for _, alt := range report.Alternatives {
		key := alt.Egress
		if alt.Egress != egressNone && !alt.Endpoints {
			key += " without interface endpoints"
		}
		alternatives[key] = pulumi.Float64(alt.Monthly)
	}
	return pulumi.Map{
		"currency":         pulumi.String(report.Currency),
		"monthlyFixed":     pulumi.Float64(report.Total),
		"lines":            lines,
		"otherEgressModes": alternatives,
		"prices":           pulumi.String(report.Region + " list prices of " + report.Retrieved + " (internal/costestimate/prices/" + report.Region + ".json)"),
		"excludes":         pulumi.String("usage: NAT/endpoint data processed, LCUs beyond 1 an hour, CloudWatch Logs, data transfer; see make cost"),
	}
}

// EstimateConfig loads the region's prices and estimates the stack from its validated config.
func EstimateConfig(stack, region string, cfg any, endpointServices []string) (*Report, error) {
	prices, err := LoadPrices(region)
	if err != nil {
		return nil, err
	}
	inv, err := FromConfig(stack, region, cfg, endpointServices)
	if err != nil {
		return nil, err
	}
	return Estimate(inv, prices), nil
}
