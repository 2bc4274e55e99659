package costestimate

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// StackOutput is the stack output monthlyCostEstimate of a stack's inventory (components.CostInventory): the fixed
// monthly total, its lines, the other egress modes and where the prices come from. A region without price data gives
// an output that says so (naming aws:region) instead of a zero, and does not fail the deployment.
func StackOutput(inv Inventory) pulumi.Map {
	report, err := EstimateInventory(inv)
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
	out := pulumi.Map{
		"currency":         pulumi.String(report.Currency),
		"monthlyFixed":     pulumi.Float64(report.Total),
		"lines":            lines,
		"otherEgressModes": alternatives,
		"prices":           pulumi.String(report.Region + " list prices of " + report.Retrieved + " (internal/costestimate/prices/" + report.Region + ".json)"),
		"excludes":         pulumi.String("usage: NAT/endpoint data processed, LCUs beyond 1 an hour, CloudWatch Logs, data transfer; see make cost"),
	}
	if inv.Platform != "" {
		delete(out, "otherEgressModes")
		out["network"] = pulumi.String("the platform stack " + inv.Platform + "'s, priced in its estimate")
	}
	return out
}

// EstimateInventory loads the inventory's region's prices and estimates it.
func EstimateInventory(inv Inventory) (*Report, error) {
	prices, err := LoadPrices(inv.Region)
	if err != nil {
		return nil, err
	}
	return Estimate(inv, prices), nil
}
