package awsstandin

import (
	"crypto/sha256"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// autonameRandLen is the length of the random suffix pulumi-aws appends: tfbridge.AutoName uses Randlen 7.
const autonameRandLen = 7

// Where pulumi-aws sets the auto-name of each type: by default every resource whose Terraform schema has an
// input "name" gets tfbridge.AutoName("name", 255, "-"); some types override the length.
const (
	srcAutonameDefault = "pulumi-aws provider/autonaming.go setAutonaming: AutoName(\"name\", 255, \"-\") for every input \"name\""
	srcAutonameTG      = "pulumi-aws provider/aliases.go (aws_lb_target_group, as read on the default branch): AutoName(\"name\", 32, \"-\")"
	srcAutonameRole    = "pulumi-aws provider/resources.go (aws_iam_role): AutoName(\"name\", 64, \"-\")"
	srcAutonameBucket  = "pulumi-aws provider/resources.go (aws_s3_bucket_v2): AutoNameTransform(\"bucket\", 63, strings.ToLower)"
)

// autoname says how pulumi-aws fills a resource's physical name when the program gives none.
type autoname struct {
	// prop is the name property ("name", or "bucket" for S3).
	prop resource.PropertyKey
	// conflicts are properties that, when set, switch autonaming off (ConflictsWith in the schema).
	conflicts []resource.PropertyKey
	// maxLen is the longest name pulumi-aws generates; a longer one is an error, never truncated.
	maxLen int
	// lower lower-cases the resource name first (AutoNameTransform strings.ToLower).
	lower bool
	// source is where pulumi-aws sets this.
	source string
}

var namePrefixConflict = []resource.PropertyKey{"namePrefix"}

// autonames lists the auto-named types the program uses. Maximum lengths are pulumi-aws's; the provider's own
// name validation (inputRules) then applies to generated and explicit names alike, so a load balancer auto-name
// that fits pulumi-aws's 255 still fails elbv2 validName's 32.
var autonames = map[tokens.Type]autoname{
	"aws:ec2/securityGroup:SecurityGroup":    {prop: "name", conflicts: namePrefixConflict, maxLen: 255, source: srcAutonameDefault},
	"aws:lb/loadBalancer:LoadBalancer":       {prop: "name", conflicts: namePrefixConflict, maxLen: 255, source: srcAutonameDefault},
	"aws:lb/targetGroup:TargetGroup":         {prop: "name", conflicts: namePrefixConflict, maxLen: 32, source: srcAutonameTG},
	"aws:ecs/cluster:Cluster":                {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:ecs/service:Service":                {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:iam/role:Role":                      {prop: "name", conflicts: namePrefixConflict, maxLen: 64, source: srcAutonameRole},
	"aws:iam/rolePolicy:RolePolicy":          {prop: "name", conflicts: namePrefixConflict, maxLen: 255, source: srcAutonameDefault},
	"aws:iam/policy:Policy":                  {prop: "name", conflicts: namePrefixConflict, maxLen: 255, source: srcAutonameDefault},
	"aws:cloudwatch/logGroup:LogGroup":       {prop: "name", conflicts: namePrefixConflict, maxLen: 255, source: srcAutonameDefault},
	"aws:apigatewayv2/api:Api":               {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:apigatewayv2/vpcLink:VpcLink":       {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:apigatewayv2/stage:Stage":           {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:apigatewayv2/authorizer:Authorizer": {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:appautoscaling/policy:Policy":       {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:apigateway/restApi:RestApi":         {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:apigateway/vpcLink:VpcLink":         {prop: "name", maxLen: 255, source: srcAutonameDefault},
	"aws:s3/bucketV2:BucketV2":               {prop: "bucket", conflicts: []resource.PropertyKey{"bucketPrefix"}, maxLen: 63, lower: true, source: srcAutonameBucket},
	"aws:servicediscovery/service:Service":   {prop: "name", maxLen: 255, source: srcAutonameDefault},
}

// applyAutoname fills the name property of news the way pulumi-aws does in Check: an explicit name (or a
// conflicting prefix) wins; else the name of the old inputs is kept, so an update never renames; else
// "<resource name>-<7 hex>" is generated, and an error comes back when that is longer than the type allows. The
// hex derives from the engine's random seed when it sends one (a replacement's fresh Check gets a fresh name) and
// from the URN otherwise, so unit tests are deterministic.
func applyAutoname(typ tokens.Type, urn resource.URN, olds, news resource.PropertyMap, seed []byte) *plugin.CheckFailure {
	rule, ok := autonames[typ]
	if !ok {
		return nil
	}
	if v, has := news[rule.prop]; has && present(v) {
		return nil
	}
	for _, conflict := range rule.conflicts {
		if v, has := news[conflict]; has && present(v) {
			return nil
		}
	}
	if old, has := olds[rule.prop]; has {
		if plain, ok := known(old); ok && plain.IsString() && plain.StringValue() != "" {
			news[rule.prop] = plain
			return nil
		}
	}
	prefix := urn.Name()
	if rule.lower {
		prefix = strings.ToLower(prefix)
	}
	if len(seed) == 0 {
		sum := sha256.Sum256([]byte(urn))
		seed = sum[:]
	}
	name, err := resource.NewUniqueName(seed, prefix+"-", autonameRandLen, rule.maxLen, nil)
	if err != nil {
		return &plugin.CheckFailure{Property: rule.prop, Reason: err.Error() + " (" + rule.source + ")"}
	}
	news[rule.prop] = resource.NewStringProperty(name)
	return nil
}
