package components

import "encoding/json"

// iamPolicyVersion is the only current IAM policy language version.
const iamPolicyVersion = "2012-10-17"

// policyDocument is an IAM policy document, built as Go values and marshalled, never templated.
type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

// policyStatement is one IAM policy statement.
type policyStatement struct {
	Sid       string         `json:"Sid,omitempty"`
	Effect    string         `json:"Effect"`
	Principal map[string]any `json:"Principal,omitempty"`
	Action    []string       `json:"Action"`
	Resource  []string       `json:"Resource,omitempty"`
	Condition map[string]any `json:"Condition,omitempty"`
}

// marshalPolicy renders a policy document as JSON.
func marshalPolicy(doc policyDocument) (string, error) {
	out, err := json.Marshal(doc)
	return string(out), err
}

// mustJSON renders a document built from constant program values, where a marshalling error is a programming bug.
func mustJSON(doc policyDocument) string {
	out, err := marshalPolicy(doc)
	if err != nil {
		panic(err)
	}
	return out
}
