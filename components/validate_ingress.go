package components

import (
	"net/url"
	"regexp"
	"slices"
)

// hostnamePattern matches a DNS name such as "api.example.com".
var hostnamePattern = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$`)

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
