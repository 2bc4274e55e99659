package costestimate

import "fmt"

// Rate keys of what pages a stack's owners: CloudWatch alarms and dashboards, the KMS key of the alarm topic, and
// SNS notifications (usage).
const (
	CloudWatchAlarmMetricMonth        = "cloudWatchAlarmMetricMonth"
	CloudWatchHighResAlarmMetricMonth = "cloudWatchHighResAlarmMetricMonth"
	CloudWatchDashboardMonth          = "cloudWatchDashboardMonth"
	KMSKeyMonth                       = "kmsKeyMonth"
	SNSEmailPer100k                   = "snsEmailPer100k"
	SNSHTTPSPerMillion                = "snsHttpsPerMillion"
)

// monitoringRates are the rates every price file must have besides requiredRates.
var monitoringRates = []string{CloudWatchAlarmMetricMonth, CloudWatchHighResAlarmMetricMonth, CloudWatchDashboardMonth,
	KMSKeyMonth, SNSEmailPer100k, SNSHTTPSPerMillion}

// Monitoring is what the alarms config makes CloudWatch and KMS bill every month. CloudWatch bills an alarm per metric
// it reads: a metric-math alarm over two metrics costs two alarm metrics (https://aws.amazon.com/cloudwatch/pricing/,
// "Alarms": "metric math alarms are charged per metric in the expression").
type Monitoring struct {
	// StandardAlarmMetrics are the metrics of the standard-resolution (period of 60 s or more) alarms.
	StandardAlarmMetrics int
	// HighResolutionAlarmMetrics are the metrics of alarms with a period under 60 s.
	HighResolutionAlarmMetrics int
	// Dashboards is the number of dashboards.
	Dashboards int
	// KMSKeys is the number of customer managed keys (the alarm topic's, unless the stack names its own).
	KMSKeys int
}

// addMonitoring adds the monitoring lines of inv to a report through add.
func addMonitoring(inv Inventory, prices *Prices, add func(key, item, detail string, monthly float64)) {
	m := inv.Monitoring
	if m == nil {
		return
	}
	if n := m.StandardAlarmMetrics; n > 0 {
		add("alarms", "alarms (standard)", fmt.Sprintf("%d alarm metrics × %s", n,
			money(prices.usd(CloudWatchAlarmMetricMonth))), float64(n)*prices.usd(CloudWatchAlarmMetricMonth))
	}
	if n := m.HighResolutionAlarmMetrics; n > 0 {
		add("alarmsHighResolution", "alarms (high resolution)", fmt.Sprintf("%d alarm metrics × %s", n,
			money(prices.usd(CloudWatchHighResAlarmMetricMonth))), float64(n)*prices.usd(CloudWatchHighResAlarmMetricMonth))
	}
	if n := m.Dashboards; n > 0 {
		add("dashboards", "dashboard", fmt.Sprintf("%d × %s", n, money(prices.usd(CloudWatchDashboardMonth))),
			float64(n)*prices.usd(CloudWatchDashboardMonth))
	}
	if n := m.KMSKeys; n > 0 {
		add("kmsKeys", "KMS key (topic)", fmt.Sprintf("%d × %s", n, money(prices.usd(KMSKeyMonth))),
			float64(n)*prices.usd(KMSKeyMonth))
	}
}

// monitoringUsageRates are the SNS notification rates, billed per message sent.
func monitoringUsageRates(prices *Prices) string {
	return fmt.Sprintf("SNS alarm notifications: %s per 100,000 emails, %s per million HTTPS deliveries (the topic "+
		"itself and its publishes by CloudWatch are not what bills)", money(prices.usd(SNSEmailPer100k)),
		money(prices.usd(SNSHTTPSPerMillion)))
}
