package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// loadBalancerType returns a v2 load balancer's type: pulumi-aws `loadBalancerType`, aws-native `type`; missing is
// application (CreateLoadBalancer's default).
func loadBalancerType(res Resource) (string, bool) {
	key := "loadBalancerType"
	if isNative(res.Type) {
		key = "type"
	}
	value, known := str(res.Properties, key, "application")
	return strings.ToLower(value), known
}

// isInternal reports whether a load balancer is internal: `internal` in pulumi-aws, `scheme` in aws-native
// (elasticloadbalancingv2/loadBalancer.d.ts, elasticloadbalancing/loadBalancer.d.ts; default internet-facing).
func isInternal(res Resource) tri {
	if !isNative(res.Type) {
		return boolTri(res.Properties, "internal", false)
	}
	scheme, known := str(res.Properties, "scheme", "internet-facing")
	if !known {
		return unknown
	}
	return triOf(scheme == "internal")
}

var loadBalancerInternalRule = ResourceRule{
	Name:          "load-balancer-internal",
	ResourceTypes: concat(loadBalancerTypes, classicLoadBalancerTypes),
	Description:   "Load balancers are internal (`internal: true`, aws-native `scheme: internal`; missing means internet-facing). Gateway Load Balancers have no scheme and pass.",
	Rationale:     "The platform is private; public ingress goes through the sanctioned ingress path only.",
	DefaultLevel:  Mandatory,
	Check:         checkLoadBalancerInternal,
}

func checkLoadBalancerInternal(res Resource, _ Config) []string {
	if slices.Contains(loadBalancerTypes, res.Type) {
		// Gateway Load Balancers take no scheme: they sit in the traffic path through route tables, never
		// behind a public DNS name (CreateLoadBalancer: "You can't specify a scheme for a Gateway Load Balancer").
		if lbType, known := loadBalancerType(res); !known || lbType == "gateway" {
			return nil
		}
	}
	if isInternal(res) != no {
		return nil
	}
	if isNative(res.Type) {
		return []string{fmt.Sprintf("load balancer %q is internet-facing (scheme is internet-facing or unset, the AWS "+
			"default); set scheme: internal", res.Name)}
	}
	return []string{fmt.Sprintf("load balancer %q is internet-facing (internal is false or unset, and AWS defaults to "+
		"internet-facing); set internal: true", res.Name)}
}

// loadBalancerAttribute reads an aws-native load balancer attribute (loadBalancerAttributes[] {key, value}, strings;
// elasticloadbalancingv2 LoadBalancerAttributeArgs) as a boolean with its default.
func loadBalancerAttribute(props property.Map, key string, def bool) tri {
	attributes, known := list(props.Get("loadBalancerAttributes"))
	if !known {
		return unknown
	}
	result := triOf(def)
	for _, a := range attributes {
		attribute, attributeKnown := object(a)
		name, nameKnown := str(attribute, "key", "")
		if !attributeKnown || !nameKnown {
			result = unknown
			continue
		}
		if name == key {
			return boolTri(attribute, "value", def)
		}
	}
	return result
}

var loadBalancerAccessLogsRule = ResourceRule{
	Name:          "load-balancer-access-logs",
	Controls:      []string{"ELB.5"},
	ResourceTypes: concat(loadBalancerTypes, classicLoadBalancerTypes),
	Description:   "Load balancers ship access logs (`accessLogs.enabled: true`, default false).",
	Rationale:     "Access logs are the record of who called what through the load balancer.",
	DefaultLevel:  Advisory,
	Check:         checkLoadBalancerAccessLogs,
}

func checkLoadBalancerAccessLogs(res Resource, _ Config) []string {
	switch res.Type {
	case awstypes.ElbLoadBalancer, awstypes.ElasticloadbalancingLoadBalancer, awstypes.NativeElasticloadbalancingLoadBalancer:
		// Classic: an accessLogs block is enabled unless it says otherwise (@pulumi/aws 7.12.0 types/input.d.ts,
		// elb.LoadBalancerAccessLogs.enabled: "Default is true"); aws-native's is accessLoggingPolicy.
		key := "accessLogs"
		if res.Type == awstypes.NativeElasticloadbalancingLoadBalancer {
			key = "accessLoggingPolicy"
		}
		accessLogs, known := object(res.Properties.Get(key))
		if !known || (accessLogs.Len() > 0 && boolTri(accessLogs, "enabled", res.Type != awstypes.NativeElasticloadbalancingLoadBalancer) != no) {
			return nil
		}
		return []string{fmt.Sprintf("classic load balancer %q does not ship access logs; set %s with a bucket and enabled: true", res.Name, key)}
	case awstypes.NativeElasticloadbalancingv2LoadBalancer:
		if loadBalancerAttribute(res.Properties, "access_logs.s3.enabled", false) != no {
			return nil
		}
		return []string{fmt.Sprintf("load balancer %q does not ship access logs; add loadBalancerAttributes "+
			"access_logs.s3.enabled = true and access_logs.s3.bucket", res.Name)}
	}
	accessLogs, known := object(res.Properties.Get("accessLogs"))
	if !known || boolTri(accessLogs, "enabled", false) != no {
		return nil
	}
	return []string{fmt.Sprintf("load balancer %q does not ship access logs; set accessLogs with a bucket and enabled: true", res.Name)}
}

var loadBalancerDeletionProtectionRule = ResourceRule{
	Name:          "load-balancer-deletion-protection",
	Controls:      []string{"ELB.6"},
	ResourceTypes: loadBalancerTypes,
	Description:   "Load balancers enable `enableDeletionProtection` (default false).",
	Rationale:     "Deleting a load balancer drops its DNS name, which clients and the NLB in front depend on.",
	DefaultLevel:  Advisory,
	Check:         checkLoadBalancerDeletionProtection,
}

func checkLoadBalancerDeletionProtection(res Resource, _ Config) []string {
	if isNative(res.Type) {
		if loadBalancerAttribute(res.Properties, "deletion_protection.enabled", false) != no {
			return nil
		}
		return []string{fmt.Sprintf("load balancer %q has deletion protection off; add loadBalancerAttributes "+
			"deletion_protection.enabled = true", res.Name)}
	}
	if boolTri(res.Properties, "enableDeletionProtection", false) != no {
		return nil
	}
	return []string{fmt.Sprintf("load balancer %q has deletion protection off; set enableDeletionProtection: true", res.Name)}
}

// isApplicationLB reports whether a v2 load balancer is an Application Load Balancer.
func isApplicationLB(res Resource) tri {
	lbType, known := loadBalancerType(res)
	if !known {
		return unknown
	}
	return triOf(lbType == "application")
}

var loadBalancerDropInvalidHeadersRule = ResourceRule{
	Name:          "load-balancer-drop-invalid-headers",
	ResourceTypes: loadBalancerTypes,
	Controls:      []string{"ELB.4"},
	Description:   "Application Load Balancers drop invalid HTTP headers (`dropInvalidHeaderFields: true`, aws-native attribute routing.http.drop_invalid_header_fields.enabled; default false).",
	Rationale:     "Malformed headers are a request-smuggling vector; dropping them keeps them from reaching the targets.",
	DefaultLevel:  Advisory,
	Check:         checkDropInvalidHeaders,
}

func checkDropInvalidHeaders(res Resource, _ Config) []string {
	if isApplicationLB(res) != yes {
		return nil
	}
	drops := boolTri(res.Properties, "dropInvalidHeaderFields", false)
	if isNative(res.Type) {
		drops = loadBalancerAttribute(res.Properties, "routing.http.drop_invalid_header_fields.enabled", false)
	}
	if drops != no {
		return nil
	}
	return []string{fmt.Sprintf("application load balancer %q forwards invalid HTTP headers; set dropInvalidHeaderFields: true", res.Name)}
}

var loadBalancerDesyncMitigationRule = ResourceRule{
	Name:          "load-balancer-desync-mitigation",
	ResourceTypes: concat(loadBalancerTypes, classicLoadBalancerTypes),
	Controls:      []string{"ELB.12", "ELB.14"},
	Description:   "Application and Classic Load Balancers use defensive or strictest desync mitigation (`desyncMitigationMode`, default defensive; monitor fails).",
	Rationale:     "Monitor mode forwards ambiguous requests, leaving HTTP desync (request smuggling) open.",
	DefaultLevel:  Advisory,
	Check:         checkDesyncMitigation,
}

func checkDesyncMitigation(res Resource, _ Config) []string {
	if slices.Contains(loadBalancerTypes, res.Type) && isApplicationLB(res) != yes {
		return nil
	}
	mode, known := str(res.Properties, "desyncMitigationMode", "defensive")
	if isNative(res.Type) && res.Type == awstypes.NativeElasticloadbalancingv2LoadBalancer {
		attributes, attributesKnown := list(res.Properties.Get("loadBalancerAttributes"))
		if !attributesKnown {
			return nil
		}
		for _, a := range attributes {
			attribute, _ := object(a)
			if key, _ := str(attribute, "key", ""); key == "routing.http.desync_mitigation_mode" {
				mode, known = str(attribute, "value", "defensive")
			}
		}
	}
	if !known || !strings.EqualFold(mode, "monitor") {
		return nil
	}
	return []string{fmt.Sprintf("load balancer %q uses desync mitigation mode monitor, which forwards ambiguous requests; "+
		"set desyncMitigationMode: defensive (or strictest)", res.Name)}
}

var loadBalancerMultiAZRule = ResourceRule{
	Name:          "load-balancer-multi-az",
	ResourceTypes: concat(loadBalancerTypes, classicLoadBalancerTypes),
	Controls:      []string{"ELB.10", "ELB.13"},
	Description:   "Load balancers span at least two Availability Zones (two or more `subnets`, `subnetMappings` or classic `availabilityZones`).",
	Rationale:     "A load balancer in one zone goes down with that zone.",
	DefaultLevel:  Advisory,
	Check:         checkLoadBalancerMultiAZ,
}

func checkLoadBalancerMultiAZ(res Resource, _ Config) []string {
	keys := []string{"subnets", "subnetMappings"}
	if slices.Contains(classicLoadBalancerTypes, res.Type) {
		keys = []string{"subnets", "availabilityZones"}
	}
	most := 0
	for _, key := range keys {
		items, known := list(res.Properties.Get(key))
		if !known {
			return nil
		}
		most = max(most, len(items))
	}
	if most == 0 || most >= 2 {
		return nil // none set: the provider refuses it, or the default VPC's subnets are used
	}
	return []string{fmt.Sprintf("load balancer %q spans one Availability Zone; give it subnets in at least two", res.Name)}
}

var classicLoadBalancerHardeningRule = ResourceRule{
	Name:          "classic-load-balancer-hardening",
	ResourceTypes: classicLoadBalancerTypes,
	Controls:      []string{"ELB.2", "ELB.3", "ELB.7", "ELB.9"},
	Description:   "Classic Load Balancers terminate HTTPS/SSL with ACM certificates, drain connections (`connectionDraining: true`) and balance across zones (`crossZoneLoadBalancing`, default true).",
	Rationale:     "Classic listeners default to clear text and abrupt deregistration; ACM certificates renew themselves.",
	DefaultLevel:  Advisory,
	Check:         checkClassicLoadBalancer,
}

func checkClassicLoadBalancer(res Resource, _ Config) []string {
	props := res.Properties
	var messages []string
	listeners, _ := list(props.Get("listeners"))
	for i, l := range listeners {
		listener, known := object(l)
		if !known {
			continue
		}
		protocol, protocolKnown := str(listener, "lbProtocol", "")
		if isNative(res.Type) {
			protocol, protocolKnown = str(listener, "protocol", "")
		}
		if !protocolKnown {
			continue
		}
		switch strings.ToUpper(protocol) {
		case "HTTPS", "SSL":
			if cert, certKnown := str(listener, "sslCertificateId", ""); certKnown && !strings.HasPrefix(cert, "arn:aws:acm:") {
				messages = append(messages, fmt.Sprintf("classic load balancer %q listener #%d uses a certificate that is not "+
					"from ACM; use an ACM certificate ARN", res.Name, i+1))
			}
		default:
			messages = append(messages, fmt.Sprintf("classic load balancer %q listener #%d uses %s; terminate HTTPS or SSL on it",
				res.Name, i+1, protocol))
		}
	}
	if !isNative(res.Type) {
		if boolTri(props, "connectionDraining", false) == no {
			messages = append(messages, fmt.Sprintf("classic load balancer %q has connection draining off; set connectionDraining: true", res.Name))
		}
		if boolTri(props, "crossZoneLoadBalancing", true) == no {
			messages = append(messages, fmt.Sprintf("classic load balancer %q has cross-zone load balancing off; set crossZoneLoadBalancing: true", res.Name))
		}
	}
	return messages
}

// recommendedClassicSSLPolicy is ELB.8's default predefinedPolicyName parameter.
const recommendedClassicSSLPolicy = "ELBSecurityPolicy-TLS-1-2-2017-01"

var classicLoadBalancerSSLPolicyRule = ResourceRule{
	Name:          "classic-load-balancer-ssl-policy",
	ResourceTypes: []string{awstypes.ElbLoadBalancerPolicy, awstypes.ElbSslNegotiationPolicy},
	Controls:      []string{"ELB.8"},
	Description:   "Classic Load Balancer SSL negotiation policies reference the predefined ELBSecurityPolicy-TLS-1-2-2017-01 (the control's default `predefinedPolicyName`) instead of custom ciphers.",
	Rationale:     "Custom negotiation policies tend to keep old protocols and ciphers enabled.",
	DefaultLevel:  Advisory,
	Check:         checkClassicSSLPolicy,
}

func checkClassicSSLPolicy(res Resource, _ Config) []string {
	props := res.Properties
	key := "attributes"
	if res.Type == awstypes.ElbLoadBalancerPolicy {
		policyType, known := str(props, "policyTypeName", "")
		if !known || policyType != "SSLNegotiationPolicyType" {
			return nil
		}
		key = "policyAttributes"
	}
	attributes, known := list(props.Get(key))
	if !known {
		return nil
	}
	for _, a := range attributes {
		attribute, attributeKnown := object(a)
		name, nameKnown := str(attribute, "name", "")
		value, valueKnown := str(attribute, "value", "")
		if !attributeKnown || !nameKnown || !valueKnown {
			return nil
		}
		if name == "Reference-Security-Policy" && value == recommendedClassicSSLPolicy {
			return nil
		}
	}
	return []string{fmt.Sprintf("classic load balancer SSL policy %q does not reference %s; set the attribute "+
		"Reference-Security-Policy = %s instead of custom protocols and ciphers", res.Name, recommendedClassicSSLPolicy, recommendedClassicSSLPolicy)}
}
