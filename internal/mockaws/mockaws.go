// Package mockaws answers resource registrations the way the AWS provider would for this program, for runs under
// Pulumi's mocks (pulumi.WithMocks): the mocked program tests in components and the diagram and cost generators in
// internal/programrun share these answers, so what the program reads back (ids, ARNs, names, DNS names) is the same
// in both. Its property readers (Prop, StringProp, StringsProp) are how both read what such a run recorded.
package mockaws

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// Account is the AWS account id the mocks put into ARNs and ownerId.
const Account = "123456789012"

// Answer returns the id and outputs of a registered resource: its inputs plus, for custom resources, an id
// ("<name>-id"), an ARN in region and the computed outputs the program reads.
func Answer(args pulumi.MockResourceArgs, region string) (string, resource.PropertyMap) {
	id := args.Name + "-id"
	outputs := args.Inputs.Copy()
	if !args.Custom {
		return id, outputs
	}
	module, kind := TypeParts(args.TypeToken)
	outputs["id"] = resource.NewProperty(id)
	outputs["arn"] = resource.NewProperty(fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", module, region, Account, kind, args.Name))
	switch args.TypeToken {
	case awstypes.Ec2Vpc:
		outputs["ownerId"] = resource.NewProperty(Account)
		// Every VPC comes with a default network ACL (and security group) that a program can adopt.
		outputs["defaultNetworkAclId"] = resource.NewProperty("acl-" + args.Name)
		if v, ok := args.Inputs["assignGeneratedIpv6CidrBlock"]; ok && v.IsBool() && v.BoolValue() {
			outputs["ipv6CidrBlock"] = resource.NewProperty("2600:1f18:abc:de00::/56")
		}
	case awstypes.LbLoadBalancer:
		outputs["arnSuffix"] = resource.NewProperty("app/" + args.Name + "/0123456789abcdef")
		outputs["dnsName"] = resource.NewProperty("internal-" + args.Name + "." + region + ".elb.amazonaws.com")
		outputs["zoneId"] = resource.NewProperty("Z32O12XQLNTSW2")
	case awstypes.LbTargetGroup:
		outputs["arnSuffix"] = resource.NewProperty("targetgroup/" + args.Name + "/0123456789abcdef")
	case awstypes.CloudwatchLogGroup, awstypes.EcsCluster, awstypes.EcsService, awstypes.IamRole:
		outputs["name"] = resource.NewProperty(args.Name)
	case awstypes.SchedulerScheduleGroup, awstypes.SqsQueue, awstypes.CloudwatchEventRule:
		// Auto-named by the provider: "<logical name>-<7 hex>" (internal/awstypes/autonames.go).
		if _, named := args.Inputs["name"]; !named {
			outputs["name"] = resource.NewProperty(args.Name + "-0a1b2c3")
		}
	}
	return id, outputs
}

// TypeParts splits a type token such as aws:ec2/vpc:Vpc into its module and kind (ec2 and vpc).
func TypeParts(token string) (module, kind string) {
	parts := strings.Split(token, ":")
	if len(parts) != 3 {
		return "unknown", token
	}
	module, kind, _ = strings.Cut(parts[1], "/")
	return module, kind
}

// Prop reads a nested property of a recorded resource by path ("networkConfiguration", "assignPublicIp"), unwrapping
// secrets and known outputs. The second result is false when the path does not exist.
func Prop(m resource.PropertyMap, path ...string) (resource.PropertyValue, bool) {
	value := resource.NewObjectProperty(m)
	for _, key := range path {
		value = unwrap(value)
		if !value.IsObject() {
			return resource.PropertyValue{}, false
		}
		next, ok := value.ObjectValue()[resource.PropertyKey(key)]
		if !ok {
			return resource.PropertyValue{}, false
		}
		value = next
	}
	return unwrap(value), true
}

func unwrap(value resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case value.IsSecret():
			value = value.SecretValue().Element
		case value.IsOutput() && value.OutputValue().Known:
			value = value.OutputValue().Element
		default:
			return value
		}
	}
}

// StringProp reads a string property ("" when missing or not a string).
func StringProp(m resource.PropertyMap, path ...string) string {
	value, ok := Prop(m, path...)
	if !ok || !value.IsString() {
		return ""
	}
	return value.StringValue()
}

// StringsProp reads a list-of-strings property, skipping the items that are not strings.
func StringsProp(m resource.PropertyMap, path ...string) []string {
	value, ok := Prop(m, path...)
	if !ok || !value.IsArray() {
		return nil
	}
	var out []string
	for _, item := range value.ArrayValue() {
		if item = unwrap(item); item.IsString() {
			out = append(out, item.StringValue())
		}
	}
	return out
}

// StackReferenceType is the type token pulumi.NewStackReference reads.
const StackReferenceType = "pulumi:pulumi:StackReference"

// StackOutputs returns the outputs of a stack ("<organization>/<project>/<stack>"), or an error when there is no
// such stack.
type StackOutputs func(stack string) (map[string]any, error)

// AnswerStackReference answers a StackReference read as the engine does: the property outputs holds the referenced
// stack's outputs (pulumi's stack_reference.go reads "outputs" and "secretOutputNames").
func AnswerStackReference(args pulumi.MockResourceArgs, outputs StackOutputs) (string, resource.PropertyMap, error) {
	name := StringProp(args.Inputs, "name")
	if outputs == nil {
		return "", nil, fmt.Errorf("stack reference %s: this run knows no other stack", name)
	}
	values, err := outputs(name)
	if err != nil {
		return "", nil, err
	}
	return name, resource.NewPropertyMapFromMap(map[string]any{
		"name": name, "outputs": values, "secretOutputNames": []string{},
	}), nil
}
