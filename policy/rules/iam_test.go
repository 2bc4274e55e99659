package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// iamRuleCases are the fixtures of the rules in iam.go; resourceRuleCases includes them.
func iamRuleCases() []ruleCase {
	return []ruleCase{
		// iam-policy-no-kms-decrypt-all-keys (KMS.1, KMS.2)
		{name: "decrypt on named keys", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.IamRolePolicy, props: obj{"policy": `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"arn:aws:kms:eu-west-1:123456789012:key/k"}]}`}},
		{name: "encrypt on every key", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.IamPolicy, props: obj{"policy": `{"Statement":[{"Effect":"Allow","Action":["kms:Encrypt","kms:GenerateDataKey"],"Resource":"*"}]}`}},
		{name: "decrypt on every key denied", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.IamPolicy, props: obj{"policy": `{"Statement":[{"Effect":"Deny","Action":"kms:Decrypt","Resource":"*"}]}`}},
		{name: "decrypt on every key in an inline role policy", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.IamRolePolicy, props: obj{"policy": `{"Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}`}, want: 1, wantText: "kms:Decrypt"},
		{name: "kms:* on every key in a managed policy", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.IamPolicy, props: obj{"policy": `{"Statement":{"Effect":"Allow","Action":"kms:*","Resource":"*"}}`}, want: 1, wantText: "kms:*"},
		{name: "wildcard kms:De* on every key inline in a role", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.IamRole, props: obj{"inlinePolicies": arr{obj{"name": "keys", "policy": `{"Statement":[{"Effect":"Allow","Action":["KMS:De*"],"Resource":["*"]}]}`}}}, want: 1, wantText: "KMS:De*"},
		{name: "ReEncryptFrom on every key in an aws-native role policy", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.NativeIamRolePolicy, props: obj{"policyDocument": obj{"Statement": arr{obj{"Effect": "Allow", "Action": "kms:ReEncrypt*", "Resource": "*"}}}}, want: 1},
		{name: "every action on every key", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.NativeIamManagedPolicy, props: obj{"policyDocument": obj{"Statement": arr{obj{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}, want: 1},
		{name: "policy with an unknown document", rule: "iam-policy-no-kms-decrypt-all-keys", typ: awstypes.IamPolicy, props: obj{"policy": unknownValue}},

		// iam-policy-no-admin (IAM.1)
		{name: "scoped managed policy", rule: "iam-policy-no-admin", typ: awstypes.IamPolicy, props: obj{"policy": scopedPolicy}},
		{name: "administrator managed policy", rule: "iam-policy-no-admin", typ: awstypes.IamPolicy, props: obj{"policy": adminPolicy}, want: 1, wantText: `"Action": "*"`},
		{name: "administrator inline role policy", rule: "iam-policy-no-admin", typ: awstypes.IamRolePolicy, props: obj{"policy": secret(adminPolicy)}, want: 1},
		{name: "administrator policy inline in a role", rule: "iam-policy-no-admin", typ: awstypes.IamRole, props: obj{"inlinePolicies": arr{obj{"name": "admin", "policy": adminPolicy}}}, want: 1, wantText: "inline policy admin"},
		{name: "aws-native administrator policy document object", rule: "iam-policy-no-admin", typ: awstypes.NativeIamManagedPolicy, props: obj{"policyDocument": obj{"Statement": arr{obj{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}, want: 1},
		{name: "deny-everything statement is not admin", rule: "iam-policy-no-admin", typ: awstypes.IamPolicy, props: obj{"policy": `{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`}},
		{name: "policy with unknown document", rule: "iam-policy-no-admin", typ: awstypes.IamPolicy, props: obj{"policy": unknownValue}},

		// iam-policy-no-service-wildcard (IAM.21)
		{name: "policy listing actions", rule: "iam-policy-no-service-wildcard", typ: awstypes.IamRolePolicy, props: obj{"policy": scopedPolicy}},
		{name: "policy allowing s3:*", rule: "iam-policy-no-service-wildcard", typ: awstypes.IamRolePolicy, props: obj{"policy": serviceWildcard}, want: 1, wantText: "s3:*"},
		{name: "aws-native role policy allowing s3:*", rule: "iam-policy-no-service-wildcard", typ: awstypes.NativeIamRole, props: obj{"policies": arr{obj{"policyName": "p", "policyDocument": obj{"Statement": obj{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}}}, want: 1},
		{name: "policy with unknown statements", rule: "iam-policy-no-service-wildcard", typ: awstypes.IamRolePolicy, props: obj{"policy": unknownValue}},

		// iam-no-user-policies (IAM.2)
		{name: "policy attachment to roles only", rule: "iam-no-user-policies", typ: awstypes.IamPolicyAttachment, props: obj{"roles": arr{"r"}, "policyArn": "arn:p"}},
		{name: "inline user policy", rule: "iam-no-user-policies", typ: awstypes.IamUserPolicy, props: obj{"user": "alice", "policy": scopedPolicy}, want: 1, wantText: "group or role"},
		{name: "policy attachment to users", rule: "iam-no-user-policies", typ: awstypes.IamPolicyAttachment, props: obj{"users": arr{"alice"}}, want: 1},
		{name: "policy attachment to unknown users", rule: "iam-no-user-policies", typ: awstypes.IamPolicyAttachment, props: obj{"users": unknownValue}},

		// iam-no-cloudshell-full-access (IAM.27)
		{name: "role with a narrow managed policy", rule: "iam-no-cloudshell-full-access", typ: awstypes.IamRolePolicyAttachment, props: obj{"policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		{name: "role with CloudShell full access", rule: "iam-no-cloudshell-full-access", typ: awstypes.IamRolePolicyAttachment, props: obj{"policyArn": "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"}, want: 1, wantText: "AWSCloudShellFullAccess"},
		{name: "role listing CloudShell full access", rule: "iam-no-cloudshell-full-access", typ: awstypes.IamRole, props: obj{"managedPolicyArns": arr{unknownValue, "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"}}, want: 1},
		{name: "attachment with unknown policy", rule: "iam-no-cloudshell-full-access", typ: awstypes.IamUserPolicyAttachment, props: obj{"policyArn": unknownValue}},

		// iam-password-policy (IAM.7)
		{name: "strong password policy", rule: "iam-password-policy", typ: awstypes.IamAccountPasswordPolicy, props: obj{"requireUppercaseCharacters": true, "requireLowercaseCharacters": true, "requireNumbers": true, "requireSymbols": true, "minimumPasswordLength": 14}},
		{name: "empty password policy", rule: "iam-password-policy", typ: awstypes.IamAccountPasswordPolicy, props: obj{}, want: 1, wantText: "minimumPasswordLength"},
		{name: "password policy with unknown settings", rule: "iam-password-policy", typ: awstypes.IamAccountPasswordPolicy, props: obj{"requireUppercaseCharacters": unknownValue, "requireLowercaseCharacters": unknownValue, "requireNumbers": unknownValue, "requireSymbols": unknownValue, "minimumPasswordLength": unknownValue}},
	}
}

const (
	adminPolicy     = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	scopedPolicy    = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}}`
	serviceWildcard = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:GetAuthorizationToken","s3:*"],"Resource":"*"}]}`
)
