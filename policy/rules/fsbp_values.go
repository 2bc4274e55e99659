package rules

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// plain converts a property value into plain Go data (map[string]any, []any, string, float64, bool, nil), unwrapping
// secrets; known is false when any part of it is unknown.
func plain(v property.Value) (any, bool) {
	switch {
	case v.IsComputed():
		return nil, false
	case v.IsNull():
		return nil, true
	case v.IsString():
		return v.AsString(), true
	case v.IsNumber():
		return v.AsNumber(), true
	case v.IsBool():
		return v.AsBool(), true
	case v.IsArray():
		items := v.AsArray().AsSlice()
		out := make([]any, 0, len(items))
		known := true
		for _, item := range items {
			p, itemKnown := plain(item)
			known = known && itemKnown
			out = append(out, p)
		}
		return out, known
	case v.IsMap():
		out := map[string]any{}
		known := true
		for k, item := range v.AsMap().AsMap() {
			p, itemKnown := plain(item)
			known = known && itemKnown
			out[k] = p
		}
		return out, known
	}
	return nil, true
}

// statement is one IAM policy statement, as the rules read it.
type statement struct {
	Effect    string
	Actions   []string
	Resources []string
	// Principals are every principal value ("*", account ARNs, service names); PublicPrincipal is set when one
	// of them is "*" (anyone).
	Principals      []string
	PublicPrincipal bool
	Condition       map[string]any
}

// public says whether the statement lets anyone in: Principal "*" with no condition to narrow it (a condition such as
// aws:SourceArn or aws:SourceVpce is how a resource policy admits "*" safely).
func (st statement) public() bool {
	return st.PublicPrincipal && len(st.Condition) == 0
}

// policyStatements reads an IAM policy document: a JSON string (pulumi-aws) or an object (aws-native
// policyDocument). known is false while it is unknown; err is set when it is not a policy document.
func policyStatements(v property.Value) (statements []statement, known bool, err error) {
	if v.IsNull() {
		return nil, true, nil
	}
	raw, known := plain(v)
	if !known {
		return nil, false, nil
	}
	if text, isString := raw.(string); isString {
		if strings.TrimSpace(text) == "" {
			return nil, true, nil
		}
		if err := json.Unmarshal([]byte(text), &raw); err != nil {
			return nil, true, fmt.Errorf("policy is not JSON: %w", err)
		}
	}
	document, isMap := raw.(map[string]any)
	if !isMap {
		return nil, true, fmt.Errorf("policy is not a JSON object")
	}
	var items []any
	switch s := document["Statement"].(type) {
	case []any:
		items = s
	case map[string]any:
		items = []any{s}
	}
	for _, item := range items {
		m, isMap := item.(map[string]any)
		if !isMap {
			continue
		}
		st := statement{
			Effect: fmt.Sprint(m["Effect"]), Actions: stringsOf(m["Action"]), Resources: stringsOf(m["Resource"]),
		}
		st.Condition, _ = m["Condition"].(map[string]any)
		switch p := m["Principal"].(type) {
		case string:
			st.Principals = []string{p}
		case map[string]any:
			for _, values := range p {
				st.Principals = append(st.Principals, stringsOf(values)...)
			}
		}
		for _, p := range st.Principals {
			if p == "*" {
				st.PublicPrincipal = true
			}
		}
		statements = append(statements, st)
	}
	return statements, true, nil
}

func stringsOf(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, item := range v {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// policyDocuments returns the policy documents an IAM resource carries, each with a label for messages:
// `policy` (pulumi-aws policies and inline policies), a role's `inlinePolicies[].policy`, aws-native
// `policyDocument` and a role's `policies[].policyDocument`.
func policyDocuments(res Resource) []labelled {
	props := res.Properties
	switch res.Type {
	case awstypes.IamRole:
		return nested(props.Get("inlinePolicies"), "inline policy", "policy")
	case awstypes.NativeIamRole:
		return nested(props.Get("policies"), "policy", "policyDocument")
	case awstypes.NativeIamManagedPolicy, awstypes.NativeIamRolePolicy, awstypes.NativeS3BucketPolicy:
		return []labelled{{label: "policyDocument", value: props.Get("policyDocument")}}
	}
	return []labelled{{label: "policy", value: props.Get("policy")}}
}

type labelled struct {
	label string
	value property.Value
}

func nested(listValue property.Value, label, key string) []labelled {
	items, _ := list(listValue)
	var out []labelled
	for i, item := range items {
		m, known := object(item)
		if !known {
			continue
		}
		name, _ := str(m, "name", "")
		if name == "" {
			name, _ = str(m, "policyName", fmt.Sprintf("#%d", i+1))
		}
		out = append(out, labelled{label: fmt.Sprintf("%s %s", label, name), value: m.Get(key)})
	}
	return out
}
