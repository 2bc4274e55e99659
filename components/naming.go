package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// autoNameSuffixLength is what pulumi-aws appends to a logical name when it auto-names a resource: a hyphen and 7 hex
// characters (pulumi-terraform-bridge pkg/tfbridge/info/autonaming.go, AutoName: Randlen 7, separator "-"). When
// the result exceeds the type's maximum, the provider fails the preview ("name '<logical name>-' plus 7 random
// chars is longer than maximum length N", pulumi sdk go/common/resource/resource_id.go, NewUniqueName); it never
// truncates.
const autoNameSuffixLength = 1 + 7

// autoName describes how pulumi-aws names one resource type the program registers.
type autoName struct {
	// Property is the input pulumi-aws fills with "<logical name>-<7 hex>" when the program leaves it (and
	// namePrefix) unset.
	Property string
	// MaxLength is the longest name AWS (or the provider's own validation) accepts.
	MaxLength int
	// Source says where MaxLength comes from.
	Source string
}

// autoNamedTypes lists every type the program registers that pulumi-aws auto-names. pulumi-aws gives every resource
// whose Terraform schema has an input literally called "name" AutoName("name", 255, "-") (provider/resources.go,
// setAutonaming) unless an entry overrides it; the limits below are the tighter of that and AWS's.
var autoNamedTypes = map[string]autoName{
	"aws:lb/loadBalancer:LoadBalancer": {"name", 32,
		"terraform-provider-aws internal/service/elbv2/validate.go validName (the bridge's own limit is 255)"},
	"aws:lb/targetGroup:TargetGroup": {"name", 32,
		"pulumi-aws provider/resources.go AutoName(\"name\", 32); elbv2/validate.go validTargetGroupName"},
	"aws:iam/role:Role": {"name", 64, "pulumi-aws provider/resources.go AutoName(\"name\", 64)"},
	"aws:iam/rolePolicy:RolePolicy": {"name", 128,
		"IAM quotas: inline policy names 128 characters (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)"},
	"aws:ec2/securityGroup:SecurityGroup": {"name", 255, "EC2 CreateSecurityGroup GroupName: up to 255 characters"},
	"aws:ecs/cluster:Cluster":             {"name", 255, "ECS CreateCluster clusterName: up to 255 characters"},
	"aws:ecs/service:Service":             {"name", 255, "ECS CreateService serviceName: up to 255 characters"},
	"aws:cloudwatch/logGroup:LogGroup":    {"name", 255, "pulumi-aws generic AutoName 255 (CloudWatch Logs allows 512)"},
	"aws:apigatewayv2/api:Api":            {"name", 128, "API Gateway v2 CreateApi name: up to 128 characters"},
	"aws:apigatewayv2/vpcLink:VpcLink":    {"name", 128, "API Gateway v2 CreateVpcLink name: up to 128 characters"},
	"aws:apigatewayv2/stage:Stage":        {"name", 128, "API Gateway v2 CreateStage stageName: up to 128 characters"},
	"aws:apigatewayv2/authorizer:Authorizer": {"name", 128,
		"terraform-provider-aws internal/service/apigatewayv2/authorizer.go: name StringLenBetween(1, 128)"},
	"aws:apigateway/restApi:RestApi": {"name", 255, "pulumi-aws generic AutoName 255"},
	"aws:apigateway/vpcLink:VpcLink": {"name", 255, "pulumi-aws generic AutoName 255"},
	"aws:s3/bucketV2:BucketV2": {"bucket", 63,
		"pulumi-aws provider/resources.go AutoNameTransform(\"bucket\", 63, strings.ToLower)"},
	"aws:appautoscaling/policy:Policy": {"name", 255, "pulumi-aws generic AutoName 255 (Application Auto Scaling allows 256)"},
}

// prefixedUniqueIDLength is what terraform-provider-aws appends to a namePrefix (internal/create/naming.go,
// id.UniqueIDSuffixLength: 26).
const prefixedUniqueIDLength = 26

// autoNameProblem says why pulumi-aws would refuse to name a resource of type typ with logical name, or "" when the
// name fits: an explicit name is checked as it is, a namePrefix with the provider's 26-character unique id after it,
// and an absent one as "<logical name>-<7 hex>".
func autoNameProblem(typ, logicalName, explicit, prefix string) string {
	rule, ok := autoNamedTypes[typ]
	if !ok {
		return ""
	}
	if prefix != "" {
		if n := len(prefix) + prefixedUniqueIDLength; n > rule.MaxLength {
			return fmt.Sprintf("%s %q: namePrefix %q plus the provider's %d-character unique id has %d characters; the "+
				"maximum is %d (%s)", typ, logicalName, prefix, prefixedUniqueIDLength, n, rule.MaxLength, rule.Source)
		}
		return ""
	}
	if explicit != "" {
		if len(explicit) > rule.MaxLength {
			return fmt.Sprintf("%s %q: %s %q has %d characters; the maximum is %d (%s)", typ, logicalName, rule.Property,
				explicit, len(explicit), rule.MaxLength, rule.Source)
		}
		return ""
	}
	if n := len(logicalName) + autoNameSuffixLength; n > rule.MaxLength {
		return fmt.Sprintf("%s %q: the generated %s \"%s-<7 hex>\" has %d characters; the maximum is %d (%s)", typ,
			logicalName, rule.Property, logicalName, n, rule.MaxLength, rule.Source)
	}
	return ""
}

// nameTags returns the common tags plus a Name tag.
func nameTags(common map[string]string, name string) pulumi.StringMap {
	tags := pulumi.StringMap{"Name": pulumi.String(name)}
	for k, v := range common {
		tags[k] = pulumi.String(v)
	}
	return tags
}
