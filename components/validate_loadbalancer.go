package components

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/policy/rules"
)

// AllowedSslPolicies are the ELB security policies loadBalancer.sslPolicy accepts. It is the policy pack's default
// allow-list (TLS 1.3 policies with a TLS 1.2 or 1.3 minimum), so config validation and the pack cannot disagree.
var AllowedSslPolicies = rules.DefaultSSLPolicies

// maxIdleTimeout is the longest ALB idle timeout in seconds (ELBv2 load balancer attribute idle_timeout.timeout_seconds: 1-4000).
const maxIdleTimeout = 4000

// certificateArnPattern matches ACM certificate ARNs and IAM server certificate ARNs, the two kinds ELB accepts.
var certificateArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:(acm:([a-z0-9-]+):\d{12}:certificate/.+|iam::\d{12}:server-certificate/.+)$`)

// validateLoadBalancer checks the loadBalancer keys.
func (c *Config) validateLoadBalancer(p *problems) {
	lb := c.LoadBalancer
	enabled := isOn(lb.Enabled)

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
	if isOn(lb.AccessLogs.Enabled) && lb.AccessLogs.ExpirationDays < 1 {
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

}
