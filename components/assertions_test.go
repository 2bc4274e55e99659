package components

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parsePolicy parses an IAM policy document the program rendered.
func parsePolicy(t *testing.T, raw string) policyDocument {
	t.Helper()
	var doc policyDocument
	require.NoError(t, json.Unmarshal([]byte(raw), &doc), "policy is not JSON: %s", raw)
	require.Equal(t, iamPolicyVersion, doc.Version)
	return doc
}

// assertNoOpenIngress runs the policy pack's security-group-no-public-ingress rule over a run, so the program's tests
// and the pack agree on every way a security group can admit the internet (inline ingress, SecurityGroupRule,
// SecurityGroupIngressRule, any spelling of 0.0.0.0/0 or ::/0).
func assertNoOpenIngress(t *testing.T, rec *recorder) {
	t.Helper()
	assert.Empty(t, resourceRuleMessages(t, rec, "security-group-no-public-ingress"))
}
