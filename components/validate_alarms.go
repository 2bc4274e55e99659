package components

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
)

// Limits of a CloudWatch metric alarm and of the SNS subscriptions, each with its source.
const (
	// alarmPeriodStep: the ALB (AWS/ApplicationELB) and ECS (AWS/ECS, ECS/ContainerInsights) metrics are standard
	// resolution, published once a minute (Elastic Load Balancing User Guide, "CloudWatch metrics for your Application
	// Load Balancer"; ECS Developer Guide, "Amazon ECS CloudWatch metrics"), so a period must be a multiple of 60.
	alarmPeriodStep = 60
	// maxAlarmWindowSeconds: CloudWatch PutMetricAlarm, "the number of periods multiplied by the period length must be
	// 86,400 (one day) or less" (CloudWatch API Reference, PutMetricAlarm EvaluationPeriods).
	maxAlarmWindowSeconds = 86400
	// maxResponseTimeSeconds bounds the p99 threshold: the ALB idle timeout is at most 4000 s, but an hour is already
	// no alarm; it only catches typos such as milliseconds given as seconds.
	maxResponseTimeSeconds = 3600
)

var (
	// snsTopicArnPattern is an SNS topic ARN: arn:<partition>:sns:<region>:<account>:<name>, the name as CreateTopic
	// allows it (terraform-provider-aws internal/service/sns/topic.go CustomizeDiff: ^[0-9A-Za-z_-]{1,256}$, or 1-251
	// characters and ".fifo").
	snsTopicArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[0-9A-Za-z_-]{1,256}(\.fifo)?$`)
	// kmsKeyRefPattern is what SNS accepts as KmsMasterKeyId (SNS API Reference, SetTopicAttributes KmsMasterKeyId:
	// "The ID of an AWS managed customer master key ... a key id, key ARN, alias name or alias ARN").
	kmsKeyRefPattern = regexp.MustCompile(`^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)|alias/[A-Za-z0-9/_-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$`)
	// awsManagedSnsKey is the AWS managed key of SNS, which CloudWatch alarms may not use (AWS re:Post knowledge
	// center, "How do I configure a CloudWatch alarm with an encrypted SNS topic?": its key policy does not allow
	// cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey, and cannot be edited).
	awsManagedSnsKey = regexp.MustCompile(`(^|:)alias/aws/sns$`)
)

// applyDefaults is where the alarm defaults live; the field doc comments in config.go say the same values.
func (a *AlarmsConfig) applyDefaults() {
	if a.Enabled == nil {
		a.Enabled = boolPtr(true)
	}
	defaultInt(&a.PeriodSeconds, 60)
	defaultInt(&a.EvaluationPeriods, 5)
	defaultInt(&a.DatapointsToAlarm, 3)
	defaultInt(&a.Elb5xxCount, 10)
	s := &a.Service
	if s.Enabled == nil {
		s.Enabled = boolPtr(true)
	}
	defaultFloat(&s.Target5xxRatePercent, 5)
	defaultInt(&s.MinRequests, 20)
	defaultFloat(&s.ResponseTimeP99Seconds, 2)
	defaultFloat(&s.CpuPercent, 90)
	defaultFloat(&s.MemoryPercent, 90)
	if s.RollbackOnAlarm == nil {
		s.RollbackOnAlarm = boolPtr(true)
	}
}

func defaultFloat(v *float64, def float64) {
	if *v == 0 {
		*v = def
	}
}

// overriddenBy is a service's alarm settings: base with every field the service sets replacing the stack's.
func (base ServiceAlarmsConfig) overriddenBy(own *ServiceAlarmsConfig) *ServiceAlarmsConfig {
	merged := base
	if own == nil {
		return &merged
	}
	if own.Enabled != nil {
		merged.Enabled = own.Enabled
	}
	if own.RollbackOnAlarm != nil {
		merged.RollbackOnAlarm = own.RollbackOnAlarm
	}
	for _, f := range []struct{ own, merged *float64 }{
		{&own.Target5xxRatePercent, &merged.Target5xxRatePercent},
		{&own.ResponseTimeP99Seconds, &merged.ResponseTimeP99Seconds},
		{&own.CpuPercent, &merged.CpuPercent},
		{&own.MemoryPercent, &merged.MemoryPercent},
	} {
		if *f.own != 0 {
			*f.merged = *f.own
		}
	}
	if own.MinRequests != 0 {
		merged.MinRequests = own.MinRequests
	}
	return &merged
}

// validateAlarms checks the alarms keys and every service's overrides. With alarms off nothing else is judged.
func (c *Config) validateAlarms(p *problems) {
	a := c.Alarms
	if !isOn(a.Enabled) {
		return
	}
	if c.Cluster.ContainerInsights == "disabled" {
		p.add("cluster.containerInsights", "is disabled, but the running-tasks alarm reads the Container Insights "+
			"metrics RunningTaskCount and DesiredTaskCount; set it to enabled, or set alarms.enabled to false")
	}
	if a.TopicArn != "" {
		if !snsTopicArnPattern.MatchString(a.TopicArn) {
			p.add("alarms.topicArn", "%q is not an SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>)", a.TopicArn)
		}
		if len(a.Notify.Emails)+len(a.Notify.HttpsEndpoints) > 0 {
			p.add("alarms.notify", "subscribes to the topic the stack creates, but alarms.topicArn names an existing "+
				"one; subscribe to that topic where it is managed, or remove alarms.topicArn")
		}
		if a.KmsMasterKeyId != "" {
			p.add("alarms.kmsMasterKeyId", "encrypts the topic the stack creates, but alarms.topicArn names an "+
				"existing one; remove one of the two")
		}
	}
	if key := a.KmsMasterKeyId; key != "" {
		switch {
		case awsManagedSnsKey.MatchString(key):
			p.add("alarms.kmsMasterKeyId", "%q is the AWS managed SNS key, whose key policy does not let CloudWatch "+
				"alarms use it, so every alarm action would fail; leave it empty (the stack creates a key that does) or "+
				"name a customer managed key", key)
		case !kmsKeyRefPattern.MatchString(key):
			p.add("alarms.kmsMasterKeyId", "%q is not a KMS key id, key ARN, alias name (alias/...) or alias ARN", key)
		}
	}
	for i, email := range a.Notify.Emails {
		if reason := emailProblem(email); reason != "" {
			p.add(fmt.Sprintf("alarms.notify.emails[%d]", i), "%q %s", email, reason)
		}
	}
	for i, endpoint := range a.Notify.HttpsEndpoints {
		if reason := httpsEndpointProblem(endpoint); reason != "" {
			p.add(fmt.Sprintf("alarms.notify.httpsEndpoints[%d]", i), "%q %s", endpoint, reason)
		}
	}
	for key, list := range map[string][]string{"alarms.notify.emails": a.Notify.Emails, "alarms.notify.httpsEndpoints": a.Notify.HttpsEndpoints} {
		seen := map[string]bool{}
		for _, v := range list {
			folded := strings.ToLower(v)
			if seen[folded] {
				p.add(key, "lists %q twice", v)
			}
			seen[folded] = true
		}
	}
	if a.PeriodSeconds < alarmPeriodStep || a.PeriodSeconds%alarmPeriodStep != 0 {
		p.add("alarms.periodSeconds", "%d is not a positive multiple of 60; the ALB and ECS metrics are published once "+
			"a minute, so a shorter period has no data", a.PeriodSeconds)
	}
	if a.EvaluationPeriods < 1 {
		p.add("alarms.evaluationPeriods", "%d is below 1", a.EvaluationPeriods)
	} else if a.PeriodSeconds > 0 && a.PeriodSeconds*a.EvaluationPeriods > maxAlarmWindowSeconds {
		p.add("alarms.evaluationPeriods", "%d periods of %d seconds are %d seconds; CloudWatch evaluates at most one day "+
			"(86400 seconds)", a.EvaluationPeriods, a.PeriodSeconds, a.PeriodSeconds*a.EvaluationPeriods)
	}
	if a.DatapointsToAlarm < 1 || a.DatapointsToAlarm > a.EvaluationPeriods {
		p.add("alarms.datapointsToAlarm", "%d is outside 1–%d (alarms.evaluationPeriods)", a.DatapointsToAlarm, a.EvaluationPeriods)
	}
	if a.Elb5xxCount < 0 {
		p.add("alarms.elb5xxCount", "%d is negative", a.Elb5xxCount)
	}
	validateServiceAlarms(p, "alarms.service", a.Service, nil)
	for _, name := range sortedKeys(c.Services) {
		if own := c.Services[name].Alarms; own != nil {
			validateServiceAlarms(p, "services."+name+".alarms", *own, &a.Service)
		}
	}
}

// validateServiceAlarms checks one set of service alarm settings. For a service's merged settings, inherited is the
// stack's: a value equal to it came from alarms.service and is reported there, once.
func validateServiceAlarms(p *problems, key string, s ServiceAlarmsConfig, inherited *ServiceAlarmsConfig) {
	own := func(v, stack float64) bool { return inherited == nil || v != stack }
	var stack ServiceAlarmsConfig
	if inherited != nil {
		stack = *inherited
	}
	for _, f := range []struct {
		field    string
		v, stack float64
	}{
		{"target5xxRatePercent", s.Target5xxRatePercent, stack.Target5xxRatePercent},
		{"cpuPercent", s.CpuPercent, stack.CpuPercent},
		{"memoryPercent", s.MemoryPercent, stack.MemoryPercent},
	} {
		if own(f.v, f.stack) && (f.v <= 0 || f.v > 100) {
			p.add(key+"."+f.field, "%v is outside (0, 100] percent", f.v)
		}
	}
	if v := s.ResponseTimeP99Seconds; own(v, stack.ResponseTimeP99Seconds) && (v <= 0 || v > maxResponseTimeSeconds) {
		p.add(key+".responseTimeP99Seconds", "%v is outside (0, %d] seconds", v, maxResponseTimeSeconds)
	}
	if v := s.MinRequests; own(float64(v), float64(stack.MinRequests)) && v < 1 {
		p.add(key+".minRequests", "%d is below 1", v)
	}
}

// emailProblem says why SNS would not deliver to address, or "". SNS takes any string at Subscribe and the
// confirmation never arrives, so the address is checked here: one plain RFC 5322 address (net/mail), no display name,
// and a domain with a dot.
func emailProblem(address string) string {
	parsed, err := mail.ParseAddress(address)
	if err != nil || parsed.Address != address || parsed.Name != "" {
		return "is not a plain email address (name@example.com)"
	}
	_, domain, _ := strings.Cut(address, "@")
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "has no domain with a dot after the @"
	}
	return ""
}

// httpsEndpointProblem says why endpoint is not an HTTPS subscription endpoint, or "". SNS API Reference, Subscribe
// Endpoint: "For the https protocol, (endpoints are) a URL beginning with https://".
func httpsEndpointProblem(endpoint string) string {
	u, err := url.Parse(endpoint)
	switch {
	case err != nil:
		return "is not a URL"
	case u.Scheme != "https":
		return "is not an https:// URL (SNS's https protocol; plain http would send alarm messages unencrypted)"
	case u.Hostname() == "":
		return "has no host"
	}
	return ""
}
