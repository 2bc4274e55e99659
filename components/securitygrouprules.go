package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newIngressRule registers one ingress rule of a security group, tagged like every other taggable resource (the stack
// tags and a Name tag). Rules are separate resources: inline rules and rule resources fight over the same group.
func newIngressRule(ctx *pulumi.Context, name string, args *vpc.SecurityGroupIngressRuleArgs, tags map[string]string,
	opts ...pulumi.ResourceOption) error {
	args.Tags = nameTags(tags, name)
	_, err := vpc.NewSecurityGroupIngressRule(ctx, name, args, opts...)
	return err
}

// newEgressRule registers one egress rule of a security group, tagged like newIngressRule.
func newEgressRule(ctx *pulumi.Context, name string, args *vpc.SecurityGroupEgressRuleArgs, tags map[string]string,
	opts ...pulumi.ResourceOption) error {
	args.Tags = nameTags(tags, name)
	_, err := vpc.NewSecurityGroupEgressRule(ctx, name, args, opts...)
	return err
}
