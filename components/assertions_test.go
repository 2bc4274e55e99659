package components

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// parsePolicy parses an IAM policy document the program rendered.
func parsePolicy(t *testing.T, raw string) policyDocument {
	t.Helper()
	var doc policyDocument
	require.NoError(t, json.Unmarshal([]byte(raw), &doc), "policy is not JSON: %s", raw)
	require.Equal(t, iamPolicyVersion, doc.Version)
	return doc
}

// openCidrs are the "anywhere" CIDRs no security group may admit.
var openCidrs = []string{"0.0.0.0/0", "::/0"}

// assertNoOpenIngress checks every way a security group can admit traffic: inline ingress blocks, SecurityGroupRule
// resources of type ingress and vpc.SecurityGroupIngressRule resources.
func assertNoOpenIngress(t *testing.T, rec *recorder) {
	t.Helper()
	for _, sg := range rec.ofType(awstypes.Ec2SecurityGroup) {
		ingress, ok := prop(sg.Inputs, "ingress")
		if !ok || !ingress.IsArray() {
			continue
		}
		for _, rule := range ingress.ArrayValue() {
			for _, cidr := range append(stringsProp(rule.ObjectValue(), "cidrBlocks"), stringsProp(rule.ObjectValue(), "ipv6CidrBlocks")...) {
				assert.NotContains(t, openCidrs, cidr, "security group %q admits %s", sg.Name, cidr)
			}
		}
	}
	for _, rule := range rec.ofType(awstypes.Ec2SecurityGroupRule) {
		if stringProp(rule.Inputs, "type") != "ingress" {
			continue
		}
		for _, cidr := range append(stringsProp(rule.Inputs, "cidrBlocks"), stringsProp(rule.Inputs, "ipv6CidrBlocks")...) {
			assert.NotContains(t, openCidrs, cidr, "rule %q admits %s", rule.Name, cidr)
		}
	}
	for _, rule := range rec.ofType(awstypes.VpcSecurityGroupIngressRule) {
		for _, key := range []string{"cidrIpv4", "cidrIpv6"} {
			assert.NotContains(t, openCidrs, stringProp(rule.Inputs, key), "rule %q admits anywhere", rule.Name)
		}
	}
}
