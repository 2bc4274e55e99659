package components

import "github.com/private-fargate/private-fargate/internal/costestimate"

// Alarm metrics each alarm reads, as alarms.go builds them: the 5xx rate divides two metrics, the running-tasks
// alarm subtracts two; every other alarm reads one.
const (
	targetAlarmMetrics  = 2 + 1 + 1 // 5xx rate, unhealthy hosts, p99 response time
	serviceAlarmMetrics = 1 + 1 + 2 // CPU, memory, running below desired
	albAlarmMetrics     = 1         // ELB 5xx
	// deadLetterAlarmMetrics: the schedules' dead-letter queue depth, one alarm per stack with a scheduled job. The
	// jobs' failed-run rules match AWS service events, which EventBridge does not bill (Amazon EventBridge pricing:
	// "state change events published by AWS services" are free); what they publish to the topic bills as SNS usage.
	deadLetterAlarmMetrics = 1
)

// monitoringInventory is what the alarms config bills, for CostInventory; nil with alarms off. routable says whether
// the services' routes reach an ALB (the stack's own or, in an app stack, the platform's); ownALB whether the stack's
// own ALB, which has an alarm of its own, exists.
func monitoringInventory(cfg *Config, routable, ownALB bool) *costestimate.Monitoring {
	if !isOn(cfg.Alarms.Enabled) {
		return nil
	}
	m := &costestimate.Monitoring{Dashboards: 1}
	if cfg.Alarms.TopicArn == "" && cfg.Alarms.KmsMasterKeyId == "" {
		m.KMSKeys = 1
	}
	lbEnabled := routable
	if ownALB {
		m.StandardAlarmMetrics += albAlarmMetrics
	}
	for _, name := range sortedKeys(cfg.Services) {
		svc := cfg.Services[name]
		if svc.Alarms == nil || !isOn(svc.Alarms.Enabled) {
			continue
		}
		m.StandardAlarmMetrics += serviceAlarmMetrics
		if lbEnabled && svc.Routing != nil {
			m.StandardAlarmMetrics += targetAlarmMetrics
		}
	}
	if anyScheduled(cfg.Jobs) {
		m.StandardAlarmMetrics += deadLetterAlarmMetrics
	}
	// alarms.periodSeconds is a multiple of 60, so no alarm here is high resolution.
	return m
}
