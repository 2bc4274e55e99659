package costestimate

import (
	"fmt"
	"math"
	"strings"
)

// Line is one line of the estimate.
type Line struct {
	// Key is a stable identifier ("natGateways", "service:web"), used as the stack output's key.
	Key string
	// Item names what is paid for.
	Item string
	// Detail shows the arithmetic, so that a reader can check it against the price data.
	Detail string
	// Monthly is the line's monthly cost, rounded to cents.
	Monthly float64
}

// Alternative is the fixed monthly cost of the same stack in another egress mode.
type Alternative struct {
	// Label names the variant ("nat-single, interface endpoints kept").
	Label string
	// Egress and Endpoints are the variant's network.egress and endpoints.enabled.
	Egress    string
	Endpoints bool
	// Monthly is the variant's fixed monthly total.
	Monthly float64
}

// Report is a stack's fixed monthly cost estimate.
type Report struct {
	Stack, Region, Currency, Retrieved string
	HoursPerMonth                      float64
	// Lines are the fixed costs; Total is their sum (of the rounded lines, so that the table adds up).
	Lines []Line
	Total float64
	// Rates are usage-based charges shown as rates, not added to the total.
	Rates []string
	// Assumptions are stated with every estimate.
	Assumptions []string
	// Alternatives are the other egress modes (the endpoints vs NAT trade-off).
	Alternatives []Alternative
	// Excluded lists what the estimate leaves out.
	Excluded []string
}

// cents rounds to whole cents.
func cents(usd float64) float64 { return math.Round(usd*100) / 100 }

// money prints a price with as many decimals as it has (rates) or two (totals).
func money(usd float64) string { return "$" + trimFloat(usd) }

func trimFloat(f float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.6f", f), "0"), ".")
}

// Estimate prices an inventory: fixed lines, usage rates, assumptions and the other egress modes.
func Estimate(inv Inventory, prices *Prices) *Report {
	report := fixedCost(inv, prices)
	if inv.Platform == "" {
		report.Alternatives = alternatives(inv, prices)
	}
	h := prices.HoursPerMonth
	report.Rates = []string{
		fmt.Sprintf("NAT gateway data processing: %s per GB (on top of data transfer charges)", money(prices.usd(NatGatewayGB))),
		fmt.Sprintf("interface endpoint data processing: %s per GB", money(prices.usd(InterfaceEndpointGB))),
		fmt.Sprintf("ALB LCU-hours beyond the assumed %s an hour: %s each; NLB NLCU-hours: %s each",
			trimFloat(prices.Assumptions[LCUPerLoadBalancerHour].Value), money(prices.usd(AlbLCUHour)), money(prices.usd(NlbLCUHour))),
		fmt.Sprintf("CloudWatch Logs (service logs, flow logs, API access logs): %s per GB ingested, %s per GB-month stored",
			money(prices.usd(LogsIngestGB)), money(prices.usd(LogsStorageGBMonth))),
	}
	if inv.Monitoring != nil {
		report.Rates = append(report.Rates, monitoringUsageRates(prices))
	}
	report.Assumptions = []string{
		fmt.Sprintf("%s hours a month; on-demand list prices of %s (%s), retrieved %s from the AWS pricing pages named in internal/costestimate/prices/%s.json",
			trimFloat(h), prices.Region, prices.Location, prices.Retrieved, prices.Region),
		fmt.Sprintf("load balancers: %s LCU an hour each (%s)", trimFloat(prices.Assumptions[LCUPerLoadBalancerHour].Value), prices.Assumptions[LCUPerLoadBalancerHour].Why),
		fmt.Sprintf("Fargate Spot: %s%% off the on-demand price (%s)", trimFloat(prices.Assumptions[FargateSpotDiscount].Value*100), prices.Assumptions[FargateSpotDiscount].Why),
		"tasks: autoscaling min when autoscaling is on (the floor it keeps), else desiredCount; Linux only",
	}
	if inv.Platform != "" {
		report.Assumptions = append(report.Assumptions, "app stack: the VPC, NAT gateways, interface endpoints and "+
			"load balancers are platform stack "+inv.Platform+"'s, priced in its estimate; this stack's traffic through "+
			"them bills at the usage rates above")
	}
	secretsAndKMS := "Secrets Manager and KMS"
	if inv.Monitoring != nil {
		// The alarm topic's key is priced; what stays out is Secrets Manager and every request to KMS.
		secretsAndKMS = "Secrets Manager, KMS requests"
	}
	report.Excluded = []string{"data transfer", "API Gateway requests", "S3 storage and requests (access logs)", "ECR storage",
		secretsAndKMS, "Container Insights metrics", "the usage rates above"}
	if len(inv.Jobs) > 0 {
		report.Rates = append(report.Rates, jobRates(inv.Jobs, prices)...)
		report.Assumptions = append(report.Assumptions, jobAssumptions()...)
		report.Excluded = append(report.Excluded, "SQS requests of the schedules' dead-letter queue")
	}
	return report
}

// fixedCost computes the fixed lines and total of one inventory.
func fixedCost(inv Inventory, prices *Prices) *Report {
	h := prices.HoursPerMonth
	report := &Report{Stack: inv.Stack, Region: prices.Region, Currency: prices.Currency, Retrieved: prices.Retrieved, HoursPerMonth: h}
	add := func(key, item, detail string, monthly float64) {
		line := Line{Key: key, Item: item, Detail: detail, Monthly: cents(monthly)}
		report.Lines = append(report.Lines, line)
		report.Total = cents(report.Total + line.Monthly)
	}
	if n := inv.NatGateways(); n > 0 {
		add("natGateways", "NAT gateways", fmt.Sprintf("%d × %s h × %s", n, trimFloat(h), money(prices.usd(NatGatewayHour))),
			float64(n)*h*prices.usd(NatGatewayHour))
	}
	if n := inv.PublicIPv4Addresses(); n > 0 {
		add("publicIPv4", "public IPv4 addresses (NAT Elastic IPs)", fmt.Sprintf("%d × %s h × %s", n, trimFloat(h), money(prices.usd(PublicIPv4Hour))),
			float64(n)*h*prices.usd(PublicIPv4Hour))
	}
	if n := inv.InterfaceEndpoints(); n > 0 {
		add("interfaceEndpoints", "interface endpoints",
			fmt.Sprintf("%d (%s) × %d AZs × %s h × %s", n, strings.Join(inv.EndpointServices, ", "), inv.AvailabilityZones, trimFloat(h), money(prices.usd(InterfaceEndpointAZHour))),
			float64(n*inv.AvailabilityZones)*h*prices.usd(InterfaceEndpointAZHour))
	}
	lcus := prices.Assumptions[LCUPerLoadBalancerHour].Value
	if inv.ALB {
		add("alb", "ALB", fmt.Sprintf("%s h × (%s + %s LCU × %s)", trimFloat(h), money(prices.usd(AlbHour)), trimFloat(lcus), money(prices.usd(AlbLCUHour))),
			h*(prices.usd(AlbHour)+lcus*prices.usd(AlbLCUHour)))
	}
	if inv.NLB {
		add("nlb", "NLB", fmt.Sprintf("%s h × (%s + %s NLCU × %s)", trimFloat(h), money(prices.usd(NlbHour)), trimFloat(lcus), money(prices.usd(NlbLCUHour))),
			h*(prices.usd(NlbHour)+lcus*prices.usd(NlbLCUHour)))
	}
	for _, svc := range inv.Services {
		task := priceTask(prices, svc.TaskSize)
		tasks := fmt.Sprintf("%d tasks", svc.Tasks)
		if svc.Tasks == 1 {
			tasks = "1 task"
		}
		detail := fmt.Sprintf("%s × %s × %s h, %s", tasks, task.size, trimFloat(h), task.terms)
		monthlyPerTask := task.hourly * h
		if svc.MaxTasks > svc.Tasks {
			detail += fmt.Sprintf("; at autoscaling max %d: %s", svc.MaxTasks, money(cents(monthlyPerTask*float64(svc.MaxTasks))))
		}
		add("service:"+svc.Name, "Fargate service "+svc.Name, detail, monthlyPerTask*float64(svc.Tasks))
	}
	for _, line := range jobLines(inv.Jobs, prices) {
		add(line.Key, line.Item, line.Detail, line.Monthly)
	}
	addMonitoring(inv, prices, add)
	return report
}

// taskPrice is what one Fargate task costs an hour, and how that was computed.
type taskPrice struct {
	// hourly is the task's price an hour, ephemeral storage and the Spot discount included.
	hourly float64
	// size is "(0.5 vCPU × $0.04048 + 1 GB × $0.004445)"; terms is "X86_64, + 30 GB ephemeral × $0.000111, on-demand".
	size, terms string
}

// priceTask prices one task of a size at the architecture's rates, its ephemeral storage beyond the free 20 GB, and
// the stated Spot discount on its Spot share. Services and jobs are the same tasks and are priced here alike.
func priceTask(prices *Prices, t TaskSize) taskPrice {
	vcpu, memoryGB, architecture, ephemeralGiB, spotShare := t.VCPU, t.MemoryGB, t.Architecture, t.EphemeralStorageGiB, t.SpotShare
	cpuRate, memRate := prices.usd(FargateX86VCPUHour), prices.usd(FargateX86GBHour)
	if architecture == "ARM64" {
		cpuRate, memRate = prices.usd(FargateARMVCPUHour), prices.usd(FargateARMGBHour)
	}
	hourly := vcpu*cpuRate + memoryGB*memRate
	terms := architecture
	// Every task gets 20 GB of ephemeral storage at no charge (https://aws.amazon.com/fargate/pricing/).
	if extra := ephemeralGiB - 20; extra > 0 {
		hourly += float64(extra) * prices.usd(FargateEphemeralGBHour)
		terms += fmt.Sprintf(", + %d GB ephemeral × %s", extra, money(prices.usd(FargateEphemeralGBHour)))
	}
	discount := spotShare * prices.Assumptions[FargateSpotDiscount].Value
	if spotShare > 0 {
		terms += fmt.Sprintf(", %s%% on Spot at %s%% off", trimFloat(math.Round(spotShare*1000)/10), trimFloat(prices.Assumptions[FargateSpotDiscount].Value*100))
	} else {
		terms += ", on-demand"
	}
	return taskPrice{
		hourly: hourly * (1 - discount),
		size:   fmt.Sprintf("(%s vCPU × %s + %s GB × %s)", trimFloat(vcpu), money(cpuRate), trimFloat(memoryGB), money(memRate)),
		terms:  terms,
	}
}

// alternatives prices the other egress modes: none with endpoints, and each NAT mode with and without the
// interface endpoints (the S3 gateway endpoint is free either way).
func alternatives(inv Inventory, prices *Prices) []Alternative {
	variants := []Alternative{
		{Label: "egress none (interface endpoints only)", Egress: egressNone, Endpoints: true},
		{Label: "nat-single with the interface endpoints", Egress: egressNatSingle, Endpoints: true},
		{Label: "nat-single without interface endpoints", Egress: egressNatSingle, Endpoints: false},
		{Label: "nat-per-az with the interface endpoints", Egress: egressNatPerAZ, Endpoints: true},
		{Label: "nat-per-az without interface endpoints", Egress: egressNatPerAZ, Endpoints: false},
	}
	var out []Alternative
	for _, variant := range variants {
		if variant.Egress == inv.Egress && variant.Endpoints == inv.EndpointsEnabled {
			continue
		}
		variant.Monthly = fixedCost(inv.WithEgress(variant.Egress, variant.Endpoints), prices).Total
		out = append(out, variant)
	}
	return out
}
