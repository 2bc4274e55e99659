package components

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// iamRequest is one request an identity makes: an action on a resource with its request context.
type iamRequest struct {
	Action, Resource string
	// Context holds the condition keys the request carries (ecs:cluster, iam:PassedToService, aws:SourceAccount...).
	Context map[string]string
}

// iamAllows evaluates an identity policy for one request the way IAM does when nothing denies: some Allow statement
// whose Action and Resource patterns match and whose every condition holds. A condition on a key the request does not
// carry fails, as IAM's StringEquals/ArnEquals/ArnLike do. Operators the program does not use fail the test, so the
// evaluator never passes what it cannot judge.
func iamAllows(t *testing.T, doc policyDocument, req iamRequest) bool {
	t.Helper()
	for _, s := range doc.Statement {
		if s.Effect != "Allow" || !anyGlob(s.Action, req.Action, true) || !anyGlob(s.Resource, req.Resource, false) {
			continue
		}
		if conditionsHold(t, s.Condition, req.Context) {
			return true
		}
	}
	return false
}

// conditionsHold evaluates a statement's Condition block: every operator, every key, one of the values.
func conditionsHold(t *testing.T, condition map[string]any, context map[string]string) bool {
	t.Helper()
	for operator, block := range condition {
		keys, ok := block.(map[string]any)
		require.True(t, ok, "condition %s is not an object", operator)
		for key, want := range keys {
			got, present := context[key]
			if !present {
				return false
			}
			var values []string
			switch v := want.(type) {
			case string:
				values = []string{v}
			case []any:
				for _, item := range v {
					values = append(values, item.(string))
				}
			}
			matched := false
			for _, value := range values {
				switch operator {
				case "StringEquals", "ArnEquals":
					matched = matched || got == value
				case "StringLike", "ArnLike":
					matched = matched || globMatch(value, got, false)
				default:
					require.Failf(t, "unsupported condition operator", "%s", operator)
				}
			}
			if !matched {
				return false
			}
		}
	}
	return true
}

func anyGlob(patterns []string, value string, caseInsensitive bool) bool {
	for _, pattern := range patterns {
		if globMatch(pattern, value, caseInsensitive) {
			return true
		}
	}
	return false
}

// globMatch matches IAM's wildcards: * any run of characters (slashes and colons included), ? any one character.
// Actions compare without regard to case, resources with it.
func globMatch(pattern, value string, caseInsensitive bool) bool {
	expr := "^" + strings.NewReplacer(`\*`, ".*", `\?`, ".").Replace(regexp.QuoteMeta(pattern)) + "$"
	if caseInsensitive {
		expr = "(?i)" + expr
	}
	return regexp.MustCompile(expr).MatchString(value)
}

func TestIAMEvaluatorJudgesWildcardsAndConditions(t *testing.T) {
	doc := policyDocument{Version: iamPolicyVersion, Statement: []policyStatement{{
		Effect: "Allow", Action: []string{"ecs:RunTask"}, Resource: []string{"arn:aws:ecs:r:1:task-definition/fam:*"},
		Condition: map[string]any{"ArnEquals": map[string]any{"ecs:cluster": "arn:c"}},
	}}}
	cluster := map[string]string{"ecs:cluster": "arn:c"}
	require.True(t, iamAllows(t, doc, iamRequest{"ecs:RunTask", "arn:aws:ecs:r:1:task-definition/fam:7", cluster}))
	require.True(t, iamAllows(t, doc, iamRequest{"ECS:runtask", "arn:aws:ecs:r:1:task-definition/fam:7", cluster}))
	require.False(t, iamAllows(t, doc, iamRequest{"ecs:RunTask", "arn:aws:ecs:r:1:task-definition/family:7", cluster}))
	require.False(t, iamAllows(t, doc, iamRequest{"ecs:RunTask", "arn:aws:ecs:r:1:task-definition/fam:7", nil}))
	require.False(t, iamAllows(t, doc, iamRequest{"ecs:StopTask", "arn:aws:ecs:r:1:task-definition/fam:7", cluster}))
}
