package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

var targetGroupTargetTypeRule = ResourceRule{
	Name:          "target-group-target-type",
	ResourceTypes: targetGroupTypes,
	Description:   "Target groups use an allowed `targetType` (default ip, alb; missing means instance).",
	Rationale:     "Fargate tasks register by IP; `alb` lets an NLB forward to the ALB. Instance targets mean unmanaged EC2.",
	DefaultLevel:  Mandatory,
	Options: []Option{stringListOption("allowedTargetTypes",
		"Allowed target group target types.", DefaultTargetTypes,
		func(c *Config, v []string) { c.AllowedTargetTypes = v })},
	Check: checkTargetGroupType,
}

func checkTargetGroupType(res Resource, cfg Config) []string {
	targetType, known := str(res.Properties, "targetType", "instance")
	if !known || slices.Contains(cfg.AllowedTargetTypes, targetType) {
		return nil
	}
	return []string{fmt.Sprintf("target group %q has targetType %q (unset means instance); set targetType to one of %s",
		res.Name, targetType, strings.Join(cfg.AllowedTargetTypes, ", "))}
}

// listenerProtocol returns a listener's protocol; unset is HTTP, the AWS default for Application Load Balancers.
func listenerProtocol(props property.Map) (string, bool) {
	protocol, known := str(props, "protocol", "HTTP")
	return strings.ToUpper(protocol), known
}

var listenerHTTPRedirectsToHTTPSRule = ResourceRule{
	Name:          "listener-http-redirects-to-https",
	Controls:      []string{"ELB.1"},
	ResourceTypes: listenerTypes,
	Description:   "HTTP listeners' default action redirects to HTTPS (missing `protocol` means HTTP).",
	Rationale:     "Plain HTTP would carry credentials and data unencrypted; dev stacks may make it advisory.",
	DefaultLevel:  Mandatory,
	Check:         checkListenerHTTPRedirect,
}

func checkListenerHTTPRedirect(res Resource, _ Config) []string {
	protocol, known := listenerProtocol(res.Properties)
	if !known || protocol != "HTTP" {
		return nil
	}
	actions, known := list(res.Properties.Get("defaultActions"))
	if !known {
		return nil
	}
	for _, a := range actions {
		action, actionKnown := object(a)
		if !actionKnown {
			return nil
		}
		actionType, typeKnown := str(action, "type", "")
		if !typeKnown {
			return nil
		}
		if actionType != "redirect" {
			continue
		}
		redirectKey := "redirect"
		if isNative(res.Type) {
			redirectKey = "redirectConfig" // elasticloadbalancingv2 ListenerActionArgs
		}
		redirect, redirectKnown := object(action.Get(redirectKey))
		if !redirectKnown {
			return nil
		}
		// An unset redirect protocol keeps the request's protocol (#{protocol}), i.e. HTTP.
		target, targetKnown := str(redirect, "protocol", "#{protocol}")
		if !targetKnown || strings.EqualFold(target, "HTTPS") {
			return nil
		}
	}
	return []string{fmt.Sprintf("listener %q serves plain HTTP without redirecting to HTTPS; make its default action "+
		"type redirect with redirect.protocol HTTPS, port 443, statusCode HTTP_301", res.Name)}
}

var listenerTLSPolicyRule = ResourceRule{
	Name:          "listener-tls-policy",
	Controls:      []string{"ELB.17"},
	ResourceTypes: listenerTypes,
	Description:   "HTTPS and TLS listeners use an `sslPolicy` from the allow-list (unset means ELBSecurityPolicy-2016-08); TCP passes.",
	Rationale:     "Old policies accept TLS 1.0/1.1 and weak ciphers; TCP listeners pass TLS through to the ALB.",
	DefaultLevel:  Mandatory,
	Options: []Option{stringListOption("allowedSslPolicies",
		"ELB security policies allowed on HTTPS and TLS listeners.", DefaultSSLPolicies,
		func(c *Config, v []string) { c.AllowedSSLPolicies = v })},
	Check: checkListenerTLSPolicy,
}

func checkListenerTLSPolicy(res Resource, cfg Config) []string {
	protocol, known := listenerProtocol(res.Properties)
	if !known || (protocol != "HTTPS" && protocol != "TLS") {
		return nil
	}
	policy, known := str(res.Properties, "sslPolicy", defaultListenerSSLPolicyIfUnset)
	if !known || slices.Contains(cfg.AllowedSSLPolicies, policy) {
		return nil
	}
	return []string{fmt.Sprintf("%s listener %q uses SSL policy %q (unset means %s); set sslPolicy to an allowed policy "+
		"such as %s", protocol, res.Name, policy, defaultListenerSSLPolicyIfUnset, firstOr(cfg.AllowedSSLPolicies, "a TLS 1.3 policy"))}
}

func firstOr(values []string, fallback string) string {
	if len(values) == 0 {
		return fallback
	}
	return values[0]
}

// redirectsToHTTPS reports whether a listener's default actions are all redirects to HTTPS.
func redirectsToHTTPS(res Resource) bool {
	actions, known := list(res.Properties.Get("defaultActions"))
	if !known || len(actions) == 0 {
		return false
	}
	redirectKey := "redirect"
	if isNative(res.Type) {
		redirectKey = "redirectConfig"
	}
	for _, a := range actions {
		action, _ := object(a)
		actionType, _ := str(action, "type", "")
		redirect, _ := object(action.Get(redirectKey))
		target, _ := str(redirect, "protocol", "#{protocol}")
		if actionType != "redirect" || !strings.EqualFold(target, "HTTPS") {
			return false
		}
	}
	return true
}

var listenerSecureProtocolRule = ResourceRule{
	Name:          "listener-secure-protocol",
	ResourceTypes: listenerTypes,
	Controls:      []string{"ELB.18"},
	Description:   "Listeners use HTTPS or TLS; an HTTP listener whose default action only redirects to HTTPS passes (it carries no application data); TCP, UDP and plain HTTP fail.",
	Rationale:     "Unencrypted listeners carry requests in clear text inside the network.",
	DefaultLevel:  Advisory,
	Check:         checkListenerSecureProtocol,
}

func checkListenerSecureProtocol(res Resource, _ Config) []string {
	protocol, known := listenerProtocol(res.Properties)
	if !known {
		return nil
	}
	switch protocol {
	case "HTTPS", "TLS", "GENEVE":
		return nil
	case "HTTP":
		if redirectsToHTTPS(res) {
			return nil
		}
	}
	return []string{fmt.Sprintf("listener %q uses %s, which carries traffic unencrypted; use HTTPS (or TLS on a network "+
		"load balancer) with a certificate", res.Name, protocol)}
}

var targetGroupEncryptedProtocolsRule = ResourceRule{
	Name:          "target-group-encrypted-protocols",
	ResourceTypes: targetGroupTypes,
	Controls:      []string{"ELB.21", "ELB.22"},
	Description:   "Target groups forward and health-check over HTTPS or TLS (`protocol`, `healthCheck.protocol`; lambda targets have neither).",
	Rationale:     "The hop from the load balancer to the targets otherwise carries requests in clear text.",
	DefaultLevel:  Advisory,
	Check:         checkTargetGroupProtocols,
}

func checkTargetGroupProtocols(res Resource, _ Config) []string {
	targetType, known := str(res.Properties, "targetType", "instance")
	if !known || targetType == "lambda" {
		return nil
	}
	protocol, known := str(res.Properties, "protocol", "HTTP")
	if !known {
		return nil
	}
	protocol = strings.ToUpper(protocol)
	var messages []string
	if protocol != "HTTPS" && protocol != "TLS" && protocol != "GENEVE" {
		messages = append(messages, fmt.Sprintf("target group %q forwards over %s; use HTTPS or TLS to the targets", res.Name, protocol))
	}
	healthProtocol := protocol
	if isNative(res.Type) {
		healthProtocol, known = str(res.Properties, "healthCheckProtocol", protocol)
	} else {
		healthCheck, healthKnown := object(res.Properties.Get("healthCheck"))
		if !healthKnown {
			return messages
		}
		healthProtocol, known = str(healthCheck, "protocol", protocol)
	}
	if known && healthProtocol != "HTTPS" && healthProtocol != "TLS" && healthProtocol != "GENEVE" {
		messages = append(messages, fmt.Sprintf("target group %q health-checks over %s; use HTTPS", res.Name, strings.ToUpper(healthProtocol)))
	}
	return messages
}
