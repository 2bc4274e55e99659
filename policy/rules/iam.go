package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// checkPolicies runs test over every allow statement of every policy document of res.
func checkPolicies(res Resource, test func(st statement) string) []string {
	var messages []string
	for _, doc := range policyDocuments(res) {
		statements, known, err := policyStatements(doc.value)
		if !known || err != nil {
			continue
		}
		for i, st := range statements {
			if st.Effect != "Allow" {
				continue
			}
			if problem := test(st); problem != "" {
				messages = append(messages, fmt.Sprintf("IAM %q %s statement #%d %s", res.Name, doc.label, i+1, problem))
			}
		}
	}
	return messages
}

var iamPolicyNoAdminRule = ResourceRule{
	Name:          "iam-policy-no-admin",
	ResourceTypes: iamPolicyDocTypes,
	Controls:      []string{"IAM.1"},
	Description:   "No IAM policy (managed or inline) allows `\"Action\": \"*\"` on `\"Resource\": \"*\"`.",
	Rationale:     "Full administrative access in a workload policy turns any compromise of that workload into account takeover.",
	DefaultLevel:  Mandatory,
	Check:         checkPolicyAdmin,
}

func checkPolicyAdmin(res Resource, _ Config) []string {
	return checkPolicies(res, func(st statement) string {
		if slices.Contains(st.Actions, "*") && slices.Contains(st.Resources, "*") {
			return "allows every action on every resource (\"Action\": \"*\", \"Resource\": \"*\"); grant the actions and resources the workload needs"
		}
		return ""
	})
}

var iamPolicyNoServiceWildcardRule = ResourceRule{
	Name:          "iam-policy-no-service-wildcard",
	ResourceTypes: iamPolicyDocTypes,
	Controls:      []string{"IAM.21"},
	Description:   "IAM policies do not allow every action of a service (`\"<service>:*\"` or `*`).",
	Rationale:     "Least privilege: a wildcard grants actions nobody reviewed, including ones the service adds later.",
	DefaultLevel:  Advisory,
	Check:         checkPolicyServiceWildcard,
}

func checkPolicyServiceWildcard(res Resource, _ Config) []string {
	return checkPolicies(res, func(st statement) string {
		var wildcards []string
		for _, action := range st.Actions {
			if action == "*" || strings.HasSuffix(action, ":*") {
				wildcards = append(wildcards, action)
			}
		}
		if len(wildcards) == 0 {
			return ""
		}
		return fmt.Sprintf("allows every action of a service (%s); list the actions instead", strings.Join(wildcards, ", "))
	})
}

var iamNoUserPoliciesRule = ResourceRule{
	Name:          "iam-no-user-policies",
	ResourceTypes: []string{awstypes.IamUserPolicy, awstypes.IamUserPolicyAttachment, awstypes.IamPolicyAttachment},
	Controls:      []string{"IAM.2"},
	Description:   "Policies are attached to groups or roles, not users (`UserPolicy`, `UserPolicyAttachment`, `PolicyAttachment.users`).",
	Rationale:     "Permissions on individual users drift and are hard to review.",
	DefaultLevel:  Advisory,
	Check:         checkUserPolicies,
}

func checkUserPolicies(res Resource, _ Config) []string {
	if res.Type == awstypes.IamPolicyAttachment && isSet(res.Properties, "users") != yes {
		return nil
	}
	return []string{fmt.Sprintf("IAM %q attaches a policy to a user; attach it to a group or role the user assumes instead", res.Name)}
}

var iamNoCloudshellFullAccessRule = ResourceRule{
	Name:          "iam-no-cloudshell-full-access",
	ResourceTypes: iamAttachmentTypes,
	Controls:      []string{"IAM.27"},
	Description:   "No identity gets the AWS managed policy AWSCloudShellFullAccess (attachments and a role's `managedPolicyArns`).",
	Rationale:     "It allows file upload and download through CloudShell, a path around data-exfiltration controls.",
	DefaultLevel:  Advisory,
	Check:         checkCloudShellFullAccess,
}

func checkCloudShellFullAccess(res Resource, _ Config) []string {
	var arns []property.Value
	switch res.Type {
	case awstypes.IamRole, awstypes.NativeIamRole:
		items, _ := list(res.Properties.Get("managedPolicyArns"))
		arns = items
	default:
		arns = []property.Value{res.Properties.Get("policyArn")}
	}
	for _, arn := range arns {
		if text, known := stringValue(arn, ""); known && strings.HasSuffix(text, ":policy/AWSCloudShellFullAccess") {
			return []string{fmt.Sprintf("IAM %q grants AWSCloudShellFullAccess; grant a narrower CloudShell policy or none", res.Name)}
		}
	}
	return nil
}

var iamPasswordPolicyRule = ResourceRule{
	Name:          "iam-password-policy",
	ResourceTypes: []string{awstypes.IamAccountPasswordPolicy},
	Controls:      []string{"IAM.7"},
	Description:   "An account password policy requires upper- and lower-case letters, numbers and symbols and at least 8 characters.",
	Rationale:     "The FSBP password policy parameters (IAM.7 defaults).",
	DefaultLevel:  Advisory,
	Check:         checkPasswordPolicy,
}

func checkPasswordPolicy(res Resource, _ Config) []string {
	var missing []string
	for _, key := range []string{"requireUppercaseCharacters", "requireLowercaseCharacters", "requireNumbers", "requireSymbols"} {
		if boolTri(res.Properties, key, false) == no {
			missing = append(missing, key+": true")
		}
	}
	if length := res.Properties.Get("minimumPasswordLength"); !length.IsComputed() && number(res.Properties, "minimumPasswordLength") < 8 {
		missing = append(missing, "minimumPasswordLength: 8 or more")
	}
	if len(missing) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("account password policy %q is weaker than FSBP IAM.7; set %s", res.Name, strings.Join(missing, ", "))}
}

// kmsDecryptActions are the actions FSBP KMS.1 and KMS.2 look for on all keys (Security Hub user guide, KMS
// controls: "kms:Decrypt or kms:ReEncryptFrom").
var kmsDecryptActions = []string{"kms:Decrypt", "kms:ReEncryptFrom"}

var iamPolicyNoKMSDecryptAllKeysRule = ResourceRule{
	Name:          "iam-policy-no-kms-decrypt-all-keys",
	ResourceTypes: iamPolicyDocTypes,
	Controls:      []string{"KMS.1", "KMS.2"},
	Description:   "IAM policies (managed and inline) do not allow `kms:Decrypt` or `kms:ReEncryptFrom` — named, or through a wildcard such as `kms:*`, `kms:De*` or `*` — on `\"Resource\": \"*\"`.",
	Rationale:     "Decrypt on every key lets the workload read whatever any key in the account protects; grant it on the key ARNs it uses.",
	DefaultLevel:  Advisory,
	Check:         checkPolicyKMSDecryptAllKeys,
}

func checkPolicyKMSDecryptAllKeys(res Resource, _ Config) []string {
	return checkPolicies(res, func(st statement) string {
		granted := allowsOnEveryResource(st, kmsDecryptActions...)
		if len(granted) == 0 {
			return ""
		}
		return fmt.Sprintf("allows %s on \"Resource\": \"*\", which decrypts with every KMS key in the account; "+
			"grant kms:Decrypt on the key ARNs the workload uses", strings.Join(granted, ", "))
	})
}
