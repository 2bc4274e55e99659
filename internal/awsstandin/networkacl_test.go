package awsstandin

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestDefaultNetworkACLContract: the inline entries of an adopted default network ACL, as EC2 and
// terraform-provider-aws take them.
func TestDefaultNetworkACLContract(t *testing.T) {
	const typ tokens.Type = awstypes.Ec2DefaultNetworkACL
	entry := func(ruleNo int, protocol string, from, to int, peer ...string) map[string]any {
		e := map[string]any{"ruleNo": ruleNo, "action": "allow", "protocol": protocol, "fromPort": from, "toPort": to}
		for i := 0; i+1 < len(peer); i += 2 {
			e[peer[i]] = peer[i+1]
		}
		return e
	}
	acl := func(ingress ...any) map[string]any {
		return map[string]any{"defaultNetworkAclId": "acl-1", "ingress": ingress,
			"egress": []any{entry(100, "-1", 0, 0, "cidrBlock", "0.0.0.0/0"), entry(101, "-1", 0, 0, "ipv6CidrBlock", "::/0")}}
	}
	good := acl(entry(100, "-1", 0, 0, "cidrBlock", "10.0.0.0/16"), entry(110, "6", 23, 3388, "cidrBlock", "0.0.0.0/0"),
		entry(120, "58", 0, 0, "ipv6CidrBlock", "::/0"))
	var twentyOne []any
	for i := range 21 {
		twentyOne = append(twentyOne, entry(100+i, "6", 443, 443, "cidrBlock", "0.0.0.0/0"))
	}
	tests := []struct {
		name, property, wantReason string
		bad                        map[string]any
	}{
		{"without the ACL id", "defaultNetworkAclId", "required", map[string]any{"ingress": good["ingress"]}},
		{"rule number 0", "ingress[0].ruleNo", "(1 - 32766)", acl(entry(0, "6", 443, 443, "cidrBlock", "0.0.0.0/0"))},
		{"action permit", "ingress[0].action", "one of", acl(map[string]any{"ruleNo": 100, "action": "permit",
			"protocol": "6", "fromPort": 443, "toPort": 443, "cidrBlock": "0.0.0.0/0"})},
		{"port above 65535", "ingress[0].toPort", "(0 - 65535)", acl(entry(100, "6", 443, 65536, "cidrBlock", "0.0.0.0/0"))},
		{"a CIDR with host bits", "ingress[0].cidrBlock", "network address", acl(entry(100, "6", 443, 443, "cidrBlock", "10.0.0.1/16"))},
		{"one rule number twice in a direction", "ingress[1]", "used twice",
			acl(entry(100, "6", 443, 443, "cidrBlock", "0.0.0.0/0"), entry(100, "6", 80, 80, "ipv6CidrBlock", "::/0"))},
		{"an entry without a peer", "ingress[0]", "exactly one of cidrBlock and ipv6CidrBlock", acl(entry(100, "6", 443, 443))},
		{"an entry with both peers", "ingress[0]", "exactly one of cidrBlock and ipv6CidrBlock",
			acl(entry(100, "6", 443, 443, "cidrBlock", "0.0.0.0/0", "ipv6CidrBlock", "::/0"))},
		{"protocol -1 with ports", "ingress[0]", "must both be 0", acl(entry(100, "-1", 0, 65535, "cidrBlock", "0.0.0.0/0"))},
		{"21 IPv4 entries in one direction", "ingress", "at most 20", acl(twentyOne...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			bad := s.check(typ, "acl", tt.bad)
			got := failureOn(bad.Failures, tt.property)
			require.NotNil(t, got, "refused on %s; failures: %v", tt.property, bad.Failures)
			assert.Contains(t, got.Reason, tt.wantReason)
		})
	}
	assert.Empty(t, newStack(t).check(typ, "acl", good).Failures, "the compliant ACL passes")
	assert.Empty(t, newStack(t).check(typ, "acl", acl(twentyOne[:20]...)).Failures, "20 entries fit")
}
