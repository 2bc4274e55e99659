package platformcontract

// AppPermissionsBoundary is the permissions boundary the platform stack creates for the roles of its app stacks
// (Contract.AppPermissionsBoundaryArn). A boundary grants nothing: a role's permissions are what its own policies
// allow AND the boundary allows ("Permissions boundaries for IAM entities",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). This one lets an app's roles keep
// what their own (reviewed, least-privilege) policies grant, except IAM beyond passing roles, AWS Organizations and
// account settings, so no role an app team writes can create or widen a role, leave the app's role path, or change
// the account; and it denies the changes to the platform's network, load balancers and cluster that an app's task
// never needs. iam:PassRole stays, since a job's Scheduler role passes the job's task roles to ECS.
func AppPermissionsBoundary() PolicyDocument {
	return PolicyDocument{Version: "2012-10-17", Statement: []PolicyStatement{
		{Sid: "CeilingOfTheRolesOwnPolicies", Effect: "Allow", NotAction: []string{"iam:*", "organizations:*", "account:*"},
			Resource: []string{"*"}},
		{Sid: "PassRolesToTasks", Effect: "Allow", Action: []string{"iam:PassRole"}, Resource: []string{"*"}},
		{Sid: "NoPlatformChanges", Effect: "Deny", Resource: []string{"*"}, Action: []string{
			"ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress",
			"ec2:RevokeSecurityGroupEgress", "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute",
			"ec2:ModifyVpcEndpoint", "ec2:DeleteVpcEndpoints", "elasticloadbalancing:DeleteLoadBalancer",
			"elasticloadbalancing:ModifyListener", "elasticloadbalancing:DeleteListener", "ecs:DeleteCluster",
			"ecs:UpdateCluster", "ecs:PutClusterCapacityProviders",
		}},
	}}
}
