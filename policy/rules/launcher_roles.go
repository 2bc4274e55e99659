package rules

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// roleTypes are the IAM roles a launcher's roleArn can name.
var roleTypes = []string{awstypes.IamRole, awstypes.NativeIamRole}

// actionMatches reports whether an IAM policy's action pattern (case-insensitive, with the * and ? wildcards) covers
// action (IAM User Guide, "IAM JSON policy elements: Action").
func actionMatches(pattern, action string) bool {
	matched, err := path.Match(strings.ToLower(pattern), strings.ToLower(action))
	return err == nil && matched
}

// allowsOnEveryResource reports whether an allow statement grants one of actions on "Resource": "*".
func allowsOnEveryResource(st statement, actions ...string) []string {
	if !slices.Contains(st.Resources, "*") {
		return nil
	}
	var granted []string
	for _, pattern := range st.Actions {
		for _, action := range actions {
			if actionMatches(pattern, action) {
				granted = append(granted, pattern)
				break
			}
		}
	}
	return granted
}

// rolePolicies returns the resources in the stack whose policy documents apply to role: the role itself (inline
// policies), role policies naming it, attachments and managedPolicyArns naming a policy of the stack, and aws-native
// managed policies listing it. decided is unknown when some attachment's role or policy is unknown.
func (s *stack) rolePolicies(role int) (policies []int, decided tri) {
	policies, decided = []int{role}, yes
	managed := newRef()
	managed.merge(s.resolve(role, "managedPolicyArns", awstypes.IamPolicy, awstypes.NativeIamManagedPolicy))
	for _, link := range []struct {
		typ, roleKey, policyKey string
	}{
		{awstypes.IamRolePolicy, "role", ""},
		{awstypes.NativeIamRolePolicy, "roleName", ""},
		{awstypes.IamRolePolicyAttachment, "role", "policyArn"},
		{awstypes.NativeIamManagedPolicy, "roles", ""},
	} {
		for _, candidate := range s.ofType(link.typ) {
			names := s.resolve(candidate, link.roleKey, roleTypes...)
			switch names.contains(role) {
			case unknown:
				decided = unknown
				continue
			case no:
				continue
			}
			if link.policyKey == "" {
				policies = append(policies, candidate)
				continue
			}
			managed.merge(s.resolve(candidate, link.policyKey, awstypes.IamPolicy, awstypes.NativeIamManagedPolicy))
		}
	}
	if managed.unresolved {
		decided = unknown
	}
	return append(policies, sortedTargets(managed)...), decided
}

// passRoleRule names the PassRole rule in its could-not-verify findings.
const passRoleRule = "task-launcher-passrole-scoped"

// launcherRoleTypes are the launchers that run as a role of their own (a Batch job definition names only its tasks'
// roles).
var launcherRoleTypes = []string{
	awstypes.CloudwatchEventTarget, awstypes.NativeEventsRule, awstypes.SchedulerSchedule, awstypes.NativeSchedulerSchedule,
	awstypes.PipesPipe, awstypes.NativePipesPipe, awstypes.SfnStateMachine, awstypes.NativeStepfunctionsStateMachine,
}

var taskLauncherPassRoleScopedRule = StackRule{
	Name:          passRoleRule,
	ResourceTypes: launcherRoleTypes,
	Description:   "The role a task launcher runs as (EventBridge target, Scheduler schedule and pipe `roleArn`, a state machine's `roleArn`) does not allow `iam:PassRole` (or a wildcard covering it) on `\"Resource\": \"*\"`, in its inline policies, role policies, attached managed policies of the stack, or aws-native policies. Roles from outside the stack are not seen.",
	Rationale:     "The launcher passes the task's roles to ECS; PassRole on every resource lets whoever edits the target or definition run a task as any role in the account.",
	DefaultLevel:  Mandatory,
	Check:         checkLauncherPassRole,
}

func checkLauncherPassRole(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	var findings []StackFinding
	for _, launcher := range s.ofType(launcherRoleTypes...) {
		launches, _ := taskLaunches(resources[launcher])
		seen := map[int]bool{}
		for _, launch := range launches {
			if launch.roleKey == "" || launch.role.IsNull() {
				continue
			}
			roles := s.resolveValue(launcher, launch.roleKey, launch.role, roleTypes...)
			if roles.unresolved {
				findings = append(findings, couldNotVerify(launcher, passRoleRule, fmt.Sprintf(
					"which role %q runs as (its roleArn is unknown and comes from no role in this stack)", resources[launcher].Name)))
			}
			for _, role := range sortedTargets(roles) {
				if seen[role] {
					continue
				}
				seen[role] = true
				findings = append(findings, s.passRoleFindings(launcher, role)...)
			}
		}
	}
	return findings
}

// passRoleFindings reports each policy of role that allows iam:PassRole on every resource.
func (s *stack) passRoleFindings(launcher, role int) []StackFinding {
	policies, decided := s.rolePolicies(role)
	var findings []StackFinding
	if decided == unknown {
		findings = append(findings, couldNotVerify(launcher, passRoleRule, fmt.Sprintf(
			"which policies apply to role %q of %q (a role policy's role or an attached policy is unknown)",
			s.resources[role].Name, s.resources[launcher].Name)))
	}
	for _, policy := range policies {
		for _, problem := range checkPolicies(s.resources[policy], func(st statement) string {
			if granted := allowsOnEveryResource(st, "iam:PassRole"); len(granted) > 0 {
				return fmt.Sprintf("allows %s on \"Resource\": \"*\"", strings.Join(granted, ", "))
			}
			return ""
		}) {
			findings = append(findings, StackFinding{Resource: launcher, Message: fmt.Sprintf(
				"%s %q runs as role %q, and %s, which lets whoever edits the launcher pass any role in the account "+
					"to its tasks; list the task and execution role ARNs as the PassRole resources",
				launcherShapes[s.resources[launcher].Type].kind, s.resources[launcher].Name, s.resources[role].Name, problem)})
		}
	}
	return findings
}
