package components

import (
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/private-fargate/private-fargate/policy/rules"
)

// AllowedSslPolicies are the ELB security policies loadBalancer.sslPolicy accepts. It is the policy pack's default
// allow-list (TLS 1.3 policies with a TLS 1.2 or 1.3 minimum), so config validation and the pack cannot disagree.
var AllowedSslPolicies = rules.DefaultSSLPolicies

// Target group limits of AWS for HTTP health checks of ip targets behind an Application Load Balancer.
const (
	minHealthCheckInterval = 5
	maxHealthCheckInterval = 300
	minHealthCheckTimeout  = 2
	maxHealthCheckTimeout  = 120
	minHealthCheckCount    = 2
	maxHealthCheckCount    = 10
	maxHealthCheckPathLen  = 1024
	maxDeregistrationDelay = 3600
	minSlowStart           = 30
	maxSlowStart           = 900
	maxStickinessDuration  = 604800
	maxIdleTimeout         = 4000
)

// matcherPart is one entry of an HTTP health check matcher: a code ("200") or a range ("200-299").
var matcherPart = regexp.MustCompile(`^(\d{3})(?:-(\d{3}))?$`)

// certificateArnPattern matches ACM certificate ARNs and IAM server certificate ARNs, the two kinds ELB accepts.
var certificateArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:(acm:([a-z0-9-]+):\d{12}:certificate/.+|iam::\d{12}:server-certificate/.+)$`)

// hostnamePattern matches a DNS name such as "api.example.com".
var hostnamePattern = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$`)

// validateLoadBalancing checks loadBalancer, ingress and the routing part of services.
func (c *Config) validateLoadBalancing(p *problems) {
	lb := c.LoadBalancer
	enabled := lb.Enabled != nil && *lb.Enabled

	if lb.CertificateArn != "" {
		match := certificateArnPattern.FindStringSubmatch(lb.CertificateArn)
		switch {
		case match == nil:
			p.add("loadBalancer.certificateArn", "%q is not an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)", lb.CertificateArn)
		case match[2] != "" && c.Region != "" && match[2] != c.Region:
			p.add("loadBalancer.certificateArn", "%q is in region %q; the ALB needs an ACM certificate from its own region %q (aws:region)",
				lb.CertificateArn, match[2], c.Region)
		}
	}
	switch {
	case !slices.Contains(AllowedSslPolicies, lb.SslPolicy):
		p.add("loadBalancer.sslPolicy", "%q is not allowed; use one of %s (default %s)", lb.SslPolicy,
			strings.Join(AllowedSslPolicies, ", "), defaultSslPolicy)
	case lb.SslPolicy != defaultSslPolicy && lb.CertificateArn == "":
		// A chosen TLS policy says HTTPS is expected; without a certificate the ALB would quietly serve plain HTTP.
		p.add("loadBalancer.sslPolicy", "%q asks for HTTPS, but HTTPS needs loadBalancer.certificateArn; set the "+
			"certificate, or drop sslPolicy to serve plain HTTP", lb.SslPolicy)
	}
	if enabled && len(c.Network.AvailabilityZones) > 0 && len(c.Network.AvailabilityZones) < minLoadBalancerAZs {
		p.add("network.availabilityZones", "lists %d availability zone, but the internal Application Load Balancer needs "+
			"subnets in at least %d; add an AZ, or set loadBalancer.enabled: false (no routing or ingress then)",
			len(c.Network.AvailabilityZones), minLoadBalancerAZs)
	}
	// "monitor" is refused: Security Hub FSBP ELB.12 requires defensive or strictest
	// (https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-12).
	if lb.DesyncMitigationMode != "defensive" && lb.DesyncMitigationMode != "strictest" {
		p.add("loadBalancer.desyncMitigationMode", "%q is not defensive or strictest (monitor lets desync attacks through)",
			lb.DesyncMitigationMode)
	}
	if lb.IdleTimeoutSeconds < 1 || lb.IdleTimeoutSeconds > maxIdleTimeout {
		p.add("loadBalancer.idleTimeoutSeconds", "%d is outside 1–%d", lb.IdleTimeoutSeconds, maxIdleTimeout)
	}
	if lb.AccessLogs.Enabled && lb.AccessLogs.ExpirationDays < 1 {
		p.add("loadBalancer.accessLogs.expirationDays", "%d must be at least 1", lb.AccessLogs.ExpirationDays)
	}
	for i, cidr := range lb.AllowedCidrs {
		key := fmt.Sprintf("loadBalancer.allowedCidrs[%d]", i)
		prefix, err := netip.ParsePrefix(cidr)
		switch {
		case err != nil || !prefix.Addr().Is4():
			p.add(key, "%q is not an IPv4 CIDR", cidr)
		case prefix.Bits() == 0:
			p.add(key, "%q admits the whole internet; list the internal networks that need the ALB", cidr)
		case prefix.Masked() != prefix:
			p.add(key, "%q has host bits set; did you mean %q?", cidr, prefix.Masked().String())
		}
	}

	c.validateIngress(p, enabled)
	c.validateRouting(p, enabled)
}

// validateIngress checks the ingress keys against the load balancer they need.
func (c *Config) validateIngress(p *problems, lbEnabled bool) {
	in := c.Ingress
	switch in.Mode {
	case IngressNone:
	case IngressHTTPAPI, IngressRestAPI:
		if !lbEnabled {
			p.add("ingress.mode", "%q needs the internal ALB, but loadBalancer.enabled is false", in.Mode)
		} else if in.Mode == IngressRestAPI && !c.LoadBalancer.Nlb {
			p.add("ingress.mode", "%q reaches the ALB through a VPC link (v1), which only targets a Network Load Balancer; "+
				"set loadBalancer.nlb: true or use %q", in.Mode, IngressHTTPAPI)
		}
	default:
		p.add("ingress.mode", "%q is not an ingress mode; use %q, %q or %q", in.Mode, IngressNone, IngressHTTPAPI, IngressRestAPI)
	}
	switch {
	case in.CloudWatchRole != "" && in.CloudWatchRole != CloudWatchRoleCreate && in.CloudWatchRole != CloudWatchRoleExisting:
		p.add("ingress.cloudWatchRole", "%q is not %q or %q", in.CloudWatchRole, CloudWatchRoleCreate, CloudWatchRoleExisting)
	case in.Mode == IngressRestAPI && in.CloudWatchRole == "":
		// "CloudWatch Logs role ARN must be set in account settings to enable logging"
		// (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html).
		p.add("ingress.cloudWatchRole", "is required with ingress.mode %q: REST API access logs need the account's API "+
			"Gateway CloudWatch Logs role in this region, or creating the stage fails; set %q to have this stack create it "+
			"and register it in the account settings (an account-wide change), or %q when the account already has one",
			IngressRestAPI, CloudWatchRoleCreate, CloudWatchRoleExisting)
	case in.Mode != IngressRestAPI && in.CloudWatchRole != "":
		p.add("ingress.cloudWatchRole", "applies only to ingress.mode %q (HTTP APIs log without the account role); remove it", IngressRestAPI)
	}
	switch {
	case in.Authorization != AuthorizationIAM && in.Authorization != AuthorizationJWT && in.Authorization != AuthorizationNone:
		p.add("ingress.authorization", "%q is not %q, %q or %q", in.Authorization, AuthorizationIAM, AuthorizationJWT, AuthorizationNone)
	case in.Authorization == AuthorizationJWT && in.Mode != IngressHTTPAPI:
		p.add("ingress.authorization", "%q needs ingress.mode %q (a REST API has no JWT authorizer); use %q", AuthorizationJWT,
			IngressHTTPAPI, AuthorizationIAM)
	case in.Authorization == AuthorizationJWT:
		if u, err := url.Parse(in.Jwt.Issuer); err != nil || u.Scheme != "https" || u.Host == "" {
			p.add("ingress.jwt.issuer", "%q is not an https:// issuer URL (API Gateway fetches the keys from it)", in.Jwt.Issuer)
		}
		if len(in.Jwt.Audience) == 0 {
			p.add("ingress.jwt.audience", "is empty; list the audiences (or client ids) the API accepts")
		}
	}
	// Account-level API Gateway throttling quota: 10,000 requests per second with a burst bucket of 5,000
	// (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html).
	if r := in.Throttling.RateLimit; r <= 0 || r > 10000 {
		p.add("ingress.throttling.rateLimit", "%g is outside (0, 10000] requests per second", r)
	}
	if b := in.Throttling.BurstLimit; b < 1 || b > 5000 {
		p.add("ingress.throttling.burstLimit", "%d is outside 1–5000", b)
	}
	if in.RestEndpointType != "REGIONAL" && in.RestEndpointType != "PRIVATE" {
		p.add("ingress.restEndpointType", "%q is not REGIONAL or PRIVATE", in.RestEndpointType)
	}
	if in.Mode == IngressRestAPI && in.RestEndpointType == "PRIVATE" &&
		(c.Endpoints.Enabled == nil || !*c.Endpoints.Enabled || !slices.Contains(c.Endpoints.Extra, "execute-api")) {
		p.add("ingress.restEndpointType", "PRIVATE REST APIs are reached only through an execute-api interface endpoint; "+
			"add \"execute-api\" to endpoints.extra (with endpoints.enabled: true)")
	}
	if in.Mode != IngressNone && !slices.Contains(logRetentionDays, in.AccessLogRetentionDays) {
		p.add("ingress.accessLogRetentionDays", "%d is not a CloudWatch Logs retention; use one of %v", in.AccessLogRetentionDays, logRetentionDays)
	}
	if in.BackendHostname != "" && !hostnamePattern.MatchString(in.BackendHostname) {
		p.add("ingress.backendHostname", "%q is not a DNS name (like \"api.example.com\")", in.BackendHostname)
	}
	switch {
	case in.Mode == IngressRestAPI && c.LoadBalancer.CertificateArn != "" && in.BackendHostname == "":
		p.add("ingress.backendHostname", "is required with ingress.mode %q and loadBalancer.certificateArn: API Gateway "+
			"checks the ALB certificate against the integration's host name, and no certificate covers the NLB's DNS name; "+
			"set it to a name the certificate covers", IngressRestAPI)
	case in.Mode == IngressHTTPAPI && c.LoadBalancer.CertificateArn != "" && in.BackendHostname == "":
		// "If you specify a TLS configuration, private integration traffic uses the HTTPS protocol"
		// (https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations.html, TlsConfigInput):
		// without one, API Gateway would send plain HTTP to the HTTPS listener on 443.
		p.add("ingress.backendHostname", "is required with ingress.mode %q and loadBalancer.certificateArn: the private "+
			"integration reaches the HTTPS listener only with a TLS configuration, whose serverNameToVerify is this name "+
			"(without it API Gateway sends plain HTTP to port 443); set it to a name the certificate covers", IngressHTTPAPI)
	}
}

// validateRouting checks the routing and target group fields of every routed service, then the rules across services.
func (c *Config) validateRouting(p *problems, lbEnabled bool) {
	for _, name := range sortedKeys(c.Services) {
		svc := c.Services[name]
		prefix := "services." + name
		if svc.Routing == nil {
			continue
		}
		if !lbEnabled {
			p.add(prefix+".routing", "attaches the service to the ALB, but loadBalancer.enabled is false")
		}
		validateServiceRouting(p, prefix, svc)
		validateTargetGroup(p, prefix, svc)
	}

	for _, conflict := range RouteConflicts(c.Services) {
		p.add("services."+conflict.Services[0]+".routing", "%s", conflict)
	}
	_, collisions := RulePriorities(c.Services)
	for _, collision := range collisions {
		p.add("services."+collision.Services[0]+".routing.priority", "%s", collision)
	}
}

func validateServiceRouting(p *problems, prefix string, svc ServiceConfig) {
	routing := svc.Routing
	key := prefix + ".routing"
	if len(routing.Hosts) == 0 && len(routing.Paths) == 0 {
		p.add(key, "needs hosts or paths (or both) to build its listener rule")
	}
	if n := len(routing.Hosts) + len(routing.Paths); n > maxRuleConditionValues {
		p.add(key, "has %d hosts and paths; an ALB rule allows %d condition values", n, maxRuleConditionValues)
	}
	for i, host := range routing.Hosts {
		if problem := hostPatternProblem(host); problem != "" {
			p.add(fmt.Sprintf("%s.hosts[%d]", key, i), "%s", problem)
		}
	}
	for i, path := range routing.Paths {
		if problem := pathPatternProblem(path); problem != "" {
			p.add(fmt.Sprintf("%s.paths[%d]", key, i), "%s", problem)
		}
	}
	if routing.Priority != 0 && (routing.Priority < minRulePriority || routing.Priority > maxRulePriority) {
		p.add(key+".priority", "%d is outside %d–%d", routing.Priority, minRulePriority, maxRulePriority)
	}
	container, ok := svc.Containers[routing.Container]
	switch {
	case !ok:
		p.add(key+".container", "%q is not one of the service's containers (%s)", routing.Container,
			strings.Join(sortedKeys(svc.Containers), ", "))
	case routing.Port == 0:
		p.add(key+".port", "is not set and container %q lists no ports; add the port to its ports", routing.Container)
	case !slices.Contains(container.Ports, routing.Port):
		p.add(key+".port", "%d is not one of container %q's ports %v", routing.Port, routing.Container, container.Ports)
	}
}

func validateTargetGroup(p *problems, prefix string, svc ServiceConfig) {
	hc := svc.HealthCheck
	key := prefix + ".healthCheck"
	if !strings.HasPrefix(hc.Path, "/") || len(hc.Path) > maxHealthCheckPathLen {
		p.add(key+".path", "%q must start with \"/\" and be at most %d characters", hc.Path, maxHealthCheckPathLen)
	}
	if problem := matcherProblem(hc.Matcher); problem != "" {
		p.add(key+".matcher", "%q %s", hc.Matcher, problem)
	}
	if hc.IntervalSeconds < minHealthCheckInterval || hc.IntervalSeconds > maxHealthCheckInterval {
		p.add(key+".intervalSeconds", "%d is outside %d–%d", hc.IntervalSeconds, minHealthCheckInterval, maxHealthCheckInterval)
	}
	switch {
	case hc.TimeoutSeconds < minHealthCheckTimeout || hc.TimeoutSeconds > maxHealthCheckTimeout:
		p.add(key+".timeoutSeconds", "%d is outside %d–%d", hc.TimeoutSeconds, minHealthCheckTimeout, maxHealthCheckTimeout)
	case hc.TimeoutSeconds >= hc.IntervalSeconds:
		p.add(key+".timeoutSeconds", "%d must be less than intervalSeconds (%d)", hc.TimeoutSeconds, hc.IntervalSeconds)
	}
	if hc.HealthyThreshold < minHealthCheckCount || hc.HealthyThreshold > maxHealthCheckCount {
		p.add(key+".healthyThreshold", "%d is outside %d–%d", hc.HealthyThreshold, minHealthCheckCount, maxHealthCheckCount)
	}
	if hc.UnhealthyThreshold < minHealthCheckCount || hc.UnhealthyThreshold > maxHealthCheckCount {
		p.add(key+".unhealthyThreshold", "%d is outside %d–%d", hc.UnhealthyThreshold, minHealthCheckCount, maxHealthCheckCount)
	}
	if delay := svc.DeregistrationDelaySeconds; delay != nil && (*delay < 0 || *delay > maxDeregistrationDelay) {
		p.add(prefix+".deregistrationDelaySeconds", "%d is outside 0–%d", *delay, maxDeregistrationDelay)
	}
	if s := svc.SlowStartSeconds; s != 0 && (s < minSlowStart || s > maxSlowStart) {
		p.add(prefix+".slowStartSeconds", "%d must be 0 (off) or %d–%d", s, minSlowStart, maxSlowStart)
	}
	if d := svc.Stickiness.DurationSeconds; svc.Stickiness.Enabled && (d < 1 || d > maxStickinessDuration) {
		p.add(prefix+".stickiness.durationSeconds", "%d is outside 1–%d", d, maxStickinessDuration)
	}
}

// matcherProblem checks an ALB HTTP health check matcher: codes or ranges from 200 to 499, separated by commas.
func matcherProblem(matcher string) string {
	if matcher == "" {
		return "is empty; use codes or ranges such as \"200\", \"200,204\" or \"200-399\""
	}
	for _, part := range strings.Split(matcher, ",") {
		m := matcherPart.FindStringSubmatch(part)
		if m == nil {
			return "is not a list of HTTP codes or ranges such as \"200\", \"200,204\" or \"200-399\""
		}
		low, _ := strconv.Atoi(m[1])
		high := low
		if m[2] != "" {
			high, _ = strconv.Atoi(m[2])
		}
		if low < 200 || high > 499 || high < low {
			return "must use codes from 200 to 499, ranges low-high"
		}
	}
	return ""
}
