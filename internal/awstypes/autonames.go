package awstypes

// AutoNameRandomLength is how many random hex characters pulumi-aws appends, after a hyphen, to a logical name when
// it auto-names a resource (pulumi-terraform-bridge pkg/tfbridge/info/autonaming.go, AutoName: Randlen 7, separator
// "-"). A result longer than the type's maximum fails the preview ("name '<logical name>-' plus 7 random chars is
// longer than maximum length N", pulumi sdk go/common/resource/resource_id.go, NewUniqueName); it is never truncated.
const AutoNameRandomLength = 7

// PrefixedUniqueIDLength is what terraform-provider-aws appends to a namePrefix instead: a 26-character unique id
// (terraform-plugin-sdk helper/id, UniqueIDSuffixLength, used by internal/create/naming.go).
const PrefixedUniqueIDLength = 26

// DefaultAutoNameSource is where pulumi-aws auto-names every resource whose Terraform schema has an input literally
// called "name", unless the resource overrides it.
const DefaultAutoNameSource = `pulumi-aws v6.83.2 provider/resources.go setAutonaming: AutoName("name", 255, "-") ` +
	`for every input "name"`

// Where pulumi-aws v6.83.2, the version go.mod pins, overrides the default. Its v7 branch moved these to
// provider/aliases.go (the target group), provider/compatibility.go (BucketV2) and provider/resource_overrides.go;
// the limits did not change.
const (
	srcTargetGroupAutoName = `pulumi-aws v6.83.2 provider/resources.go (rAlias "aws_lb_target_group"): ` +
		`AutoName("name", 32, "-")`
	srcRoleAutoName  = `pulumi-aws v6.83.2 provider/resources.go (aws_iam_role): AutoName("name", 64, "-")`
	srcQueueAutoName = `pulumi-aws v6.83.2 provider/resources.go (aws_sqs_queue): ` +
		`AutoNameWithCustomOptions("name", Maxlen 80, Randlen 7, ".fifo" appended for a FIFO queue)`
	srcBucketAutoName = `pulumi-aws v6.83.2 provider/resources.go (aws_s3_bucket, token BucketV2): ` +
		`AutoNameTransform("bucket", 63, strings.ToLower)`
)

// Limit is a maximum name length and where it comes from.
type Limit struct {
	// Max is the longest name, in characters; 0 when no limit is documented.
	Max int
	// Source says where Max comes from, in one line.
	Source string
}

// AutoName says how pulumi-aws names one resource type when the program gives no name, and how long a name may be.
type AutoName struct {
	// Property is the input pulumi-aws fills with "<logical name>-<7 hex>": "name", or "bucket" for S3.
	Property string
	// ConflictsWith are inputs that, when set, switch auto-naming off (ConflictsWith in the Terraform schema).
	ConflictsWith []string
	// Lower says pulumi-aws lower-cases the logical name first (AutoNameTransform with strings.ToLower).
	Lower bool
	// Generated is the longest name pulumi-aws generates: past it the provider fails rather than truncate.
	Generated Limit
	// AWS is the longest name AWS, or terraform-provider-aws's validation, accepts; Max is 0 when undocumented.
	AWS Limit
}

// MaxLength is the tighter of the two limits: the longest name both pulumi-aws generates and AWS accepts.
func (a AutoName) MaxLength() int {
	if a.AWS.Max > 0 && a.AWS.Max < a.Generated.Max {
		return a.AWS.Max
	}
	return a.Generated.Max
}

// MaxLengthSource cites the limit MaxLength returns, both sources when the two limits are equal.
func (a AutoName) MaxLengthSource() string {
	switch {
	case a.AWS.Max > 0 && a.AWS.Max < a.Generated.Max:
		return a.AWS.Source
	case a.AWS.Max == a.Generated.Max:
		return a.Generated.Source + "; " + a.AWS.Source
	default:
		return a.Generated.Source
	}
}

var (
	namePrefixConflict = []string{"namePrefix"}
	generatedDefault   = Limit{255, DefaultAutoNameSource}
)

// AutoNames lists every type the program or the stand-in registers that pulumi-aws auto-names. The program checks
// its names against MaxLength; the stand-in generates names up to Generated.Max and then applies AWS's validation
// separately (its contract.go), as the provider does.
var AutoNames = map[string]AutoName{
	Ec2SecurityGroup: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{255, "EC2 CreateSecurityGroup GroupName: up to 255 characters"}},
	LbLoadBalancer: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{32, "terraform-provider-aws internal/service/elbv2/validate.go validName: at most 32 characters"}},
	LbTargetGroup: {Property: "name", ConflictsWith: namePrefixConflict, Generated: Limit{32, srcTargetGroupAutoName},
		AWS: Limit{32, "terraform-provider-aws internal/service/elbv2/validate.go validTargetGroupName: at most 32 characters"}},
	EcsCluster: {Property: "name", Generated: generatedDefault,
		AWS: Limit{255, "ECS CreateCluster clusterName: up to 255 characters"}},
	EcsService: {Property: "name", Generated: generatedDefault,
		AWS: Limit{255, "ECS CreateService serviceName: up to 255 characters"}},
	IamRole: {Property: "name", ConflictsWith: namePrefixConflict, Generated: Limit{64, srcRoleAutoName},
		AWS: Limit{64, "IAM CreateRole RoleName: up to 64 characters"}},
	IamRolePolicy: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{128, "IAM quotas: inline policy names 128 characters " +
			"(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)"}},
	IamPolicy: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{128, "IAM CreatePolicy PolicyName: up to 128 characters"}},
	CloudwatchLogGroup: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{512, "CloudWatch Logs CreateLogGroup logGroupName: up to 512 characters"}},
	Apigatewayv2API: {Property: "name", Generated: generatedDefault,
		AWS: Limit{128, "API Gateway v2 CreateApi name: up to 128 characters"}},
	Apigatewayv2VpcLink: {Property: "name", Generated: generatedDefault,
		AWS: Limit{128, "API Gateway v2 CreateVpcLink name: up to 128 characters"}},
	Apigatewayv2Stage: {Property: "name", Generated: generatedDefault,
		AWS: Limit{128, "API Gateway v2 CreateStage stageName: up to 128 characters"}},
	Apigatewayv2Authorizer: {Property: "name", Generated: generatedDefault,
		AWS: Limit{128, "terraform-provider-aws internal/service/apigatewayv2/authorizer.go: name StringLenBetween(1, 128)"}},
	AppautoscalingPolicy: {Property: "name", Generated: generatedDefault,
		AWS: Limit{256, "Application Auto Scaling PutScalingPolicy PolicyName: up to 256 characters"}},
	ApigatewayRestAPI: {Property: "name", Generated: generatedDefault,
		AWS: Limit{0, "API Gateway CreateRestApi name: no documented maximum"}},
	ApigatewayVpcLink: {Property: "name", Generated: generatedDefault,
		AWS: Limit{0, "API Gateway CreateVpcLink name: no documented maximum"}},
	S3BucketV2: {Property: "bucket", ConflictsWith: []string{"bucketPrefix"}, Lower: true,
		Generated: Limit{63, srcBucketAutoName},
		AWS: Limit{63, "S3 bucket naming rules: 3 to 63 characters " +
			"(https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html)"}},
	SchedulerSchedule: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{64, "terraform-provider-aws internal/service/scheduler/schedule.go: name StringLenBetween(1, 64), " +
			"StringMatch(^[0-9A-Za-z_.-]+$)"}},
	SchedulerScheduleGroup: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{64, "terraform-provider-aws internal/service/scheduler/schedule_group.go: name StringLenBetween(1, 64), " +
			"StringMatch(^[0-9A-Za-z_.-]+$)"}},
	SqsQueue: {Property: "name", ConflictsWith: namePrefixConflict, Generated: Limit{80, srcQueueAutoName},
		AWS: Limit{80, "SQS CreateQueue QueueName: up to 80 alphanumeric characters, hyphens and underscores " +
			"(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html)"}},
	CloudwatchMetricAlarm: {Property: "name", Generated: Limit{255, `pulumi-aws v6.83.2 provider/resources.go ` +
		`(aws_cloudwatch_metric_alarm): alarm_name AutoName("name", 255, "-")`},
		AWS: Limit{255, "terraform-provider-aws internal/service/cloudwatch/metric_alarm.go: alarm_name StringLenBetween(1, 255)"}},
	CloudwatchEventRule: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{64, "EventBridge API Reference, PutRule Name: 1-64 characters of [.\\-_A-Za-z0-9]"}},
	SnsTopic: {Property: "name", ConflictsWith: namePrefixConflict, Generated: generatedDefault,
		AWS: Limit{256, "terraform-provider-aws internal/service/sns/topic.go CustomizeDiff: ^[0-9A-Za-z_-]{1,256}$"}},
	ServicediscoveryService: {Property: "name", Generated: generatedDefault,
		AWS: Limit{127, "AWS Cloud Map API Reference, CreateService Name (ServiceName): pattern ((?=^.{1,127}$)...), 1 to 127 characters"}},
}
