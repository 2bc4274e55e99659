package components

import (
	"fmt"
	"regexp"
	"slices"
)

// maxEndpointPolicyLength is the longest VPC endpoint policy AWS accepts.
const maxEndpointPolicyLength = 20480

// endpointServicePattern matches short endpoint service names such as "ecr.api", "logs" or "ssmmessages".
var endpointServicePattern = regexp.MustCompile(`^[a-z0-9]+([.-][a-z0-9]+)*$`)

func (c *Config) validateEndpoints(p *problems) {
	if c.Endpoints.Enabled != nil && !*c.Endpoints.Enabled && c.Network.Egress == EgressNone {
		p.add("endpoints.enabled", "is false while network.egress is %q: tasks could neither pull images nor write logs; "+
			"turn endpoints on or choose a NAT egress mode", EgressNone)
	}
	if c.Endpoints.S3Policy != S3PolicyRestricted && c.Endpoints.S3Policy != S3PolicyOpen {
		p.add("endpoints.s3Policy", "%q is not %q or %q", c.Endpoints.S3Policy, S3PolicyRestricted, S3PolicyOpen)
	} else if doc, restricted := S3EndpointPolicy(c); restricted {
		// "The maximum size of an endpoint policy is 20,480 characters, including white space"
		// (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html).
		if text, err := marshalPolicy(doc); err == nil && len(text) > maxEndpointPolicyLength {
			p.add("endpoints.s3Policy", "the restricted S3 endpoint policy built from the task roles' S3 statements has %d "+
				"characters; AWS allows %d: merge the roles' S3 statements, or use %q", len(text), maxEndpointPolicyLength, S3PolicyOpen)
		}
	}
	seen := map[string]bool{}
	// Each endpoint's resource name comes from its service (endpointNameFragment); two services that give the same
	// name would be a duplicate resource in the middle of a preview.
	fragments := map[string]string{}
	for _, service := range InterfaceEndpointServices(c) {
		if !slices.Contains(c.Endpoints.Extra, service) {
			fragments[endpointNameFragment(service)] = service
		}
	}
	for i, service := range c.Endpoints.Extra {
		key := fmt.Sprintf("endpoints.extra[%d]", i)
		fragment := endpointNameFragment(service)
		switch {
		case !endpointServicePattern.MatchString(service):
			p.add(key, "%q is not an endpoint service short name (like \"secretsmanager\")", service)
		case service == "s3":
			p.add(key, "\"s3\" is always created as a gateway endpoint; remove it from extra")
		case seen[service] || slices.Contains(defaultInterfaceEndpoints, service):
			p.add(key, "%q is listed twice (ecr.api, ecr.dkr and logs are always created)", service)
		case fragments[fragment] != "":
			p.add(key, "%q would name the same endpoint resource (%q) as %q; endpoint service names use dots (\"ecr.api\"), "+
				"so check the spelling", service, fragment, fragments[fragment])
		}
		seen[service] = true
		if fragments[fragment] == "" {
			fragments[fragment] = service
		}
	}
}
