package awsstandin

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// onDuplicate is what an AWS create API does when a live resource of the same type already holds the identity
// (name and scope) it is asked to create.
type onDuplicate int

const (
	// refuses: the create fails with the API's AlreadyExists / Duplicate error.
	refuses onDuplicate = iota
	// sameSettingsReturnIt: a create with exactly the live resource's settings returns that resource (the API is
	// idempotent); any other settings fail with the API's error.
	sameSettingsReturnIt
	// overwrites: the call is a Put that creates or replaces (a policy, a configuration, a registration); the create
	// takes over the live resource, and deleting either one afterwards deletes the one both point at.
	overwrites
)

// namePart is one input of a resource's identity.
type namePart struct {
	// prop is the top-level input property.
	prop string
	// absent is the value AWS uses when the input is missing; "" means a missing input leaves no identity to claim
	// (an unnamed rule priority is assigned by AWS, and cannot collide).
	absent string
	// last compares only what follows the last "/" (a cluster given by ARN or by name is the same cluster).
	last bool
	// or are inputs that stand in for prop when it is missing (a name prefix the name derives from, another kind of
	// route destination); the first one set is the value.
	or []string
}

// uniqueName is how AWS keeps one identity per live resource of a type: the inputs that make it up (scope first,
// the name last) and what a second create with that identity meets.
type uniqueName struct {
	parts []namePart
	// fold compares case-insensitively (IAM names).
	fold bool
	on   onDuplicate
	// what and call name the resource and API for the error, as terraform-provider-aws and the AWS SDK word it.
	what, call string
	// code and message are the API's error; message may hold one %s, the name.
	code, message string
	source        string
}

// part is an input of the identity that must be set for there to be one.
func part(prop string) namePart { return namePart{prop: prop} }

// partOr is an input of the identity that AWS defaults when it is missing.
func partOr(prop, def string) namePart { return namePart{prop: prop, absent: def} }

// named is a name input with its prefix: a namePrefix generates the name, so it is part of the identity too.
func named(prop, prefix string) namePart { return namePart{prop: prop, or: []string{prefix}} }

// Tokens of types that other work adds to the program; they are named here, ahead of their awstypes constants, so
// their identity rules are in place when they are registered.
const (
	tokSQSQueue      = "aws:sqs/queue:Queue"
	tokSchedule      = "aws:scheduler/schedule:Schedule"
	tokScheduleGroup = "aws:scheduler/scheduleGroup:ScheduleGroup"
	tokMetricAlarm   = "aws:cloudwatch/metricAlarm:MetricAlarm"
	tokDashboard     = "aws:cloudwatch/dashboard:Dashboard"
	tokEventRule     = "aws:cloudwatch/eventRule:EventRule"
	tokSNSTopic      = "aws:sns/topic:Topic"
)

// uniqueNames lists, per type, the identity AWS keeps unique among live resources and the error a duplicate meets.
// TestEveryRegisteredNamedTypeHasAnIdentityRule proves every registered type with a name input is here or in
// namesNotUnique.
var uniqueNames = map[tokens.Type]uniqueName{
	awstypes.CloudwatchLogGroup: {parts: []namePart{named("name", "namePrefix")}, on: refuses,
		what: "CloudWatch Logs Log Group", call: "CloudWatch Logs: CreateLogGroup",
		code: "ResourceAlreadyExistsException", message: "The specified log group already exists",
		source: "CloudWatch Logs API Reference, CreateLogGroup, Errors: ResourceAlreadyExistsException (log group names are unique per account and Region)"},
	awstypes.IamRole: {parts: []namePart{named("name", "namePrefix")}, fold: true, on: refuses,
		what: "IAM Role", call: "IAM: CreateRole",
		code: "EntityAlreadyExists", message: "Role with name %s already exists.",
		source: "IAM API Reference, CreateRole, Errors: EntityAlreadyExists; IAM User Guide, \"IAM identifiers\": role names are unique within the account and not distinguished by case"},
	awstypes.IamPolicy: {parts: []namePart{named("name", "namePrefix")}, fold: true, on: refuses,
		what: "IAM Policy", call: "IAM: CreatePolicy",
		code: "EntityAlreadyExists", message: "A policy called %s already exists. Duplicate names are not allowed.",
		source: "IAM API Reference, CreatePolicy, Errors: EntityAlreadyExists (policy names are unique within the account and not distinguished by case)"},
	awstypes.IamRolePolicy: {parts: []namePart{part("role"), named("name", "namePrefix")}, on: overwrites,
		what: "IAM Role Policy", call: "IAM: PutRolePolicy",
		source: "IAM API Reference, PutRolePolicy: \"Adds or updates an inline policy document that is embedded in the specified IAM role\""},
	awstypes.IamRolePolicyAttachment: {parts: []namePart{part("role"), part("policyArn")}, on: overwrites,
		what: "IAM Role Policy Attachment", call: "IAM: AttachRolePolicy",
		source: "IAM API Reference, AttachRolePolicy: attaching a policy the role already has changes nothing, and DetachRolePolicy then removes the one attachment"},
	awstypes.LbLoadBalancer: {parts: []namePart{named("name", "namePrefix")}, on: sameSettingsReturnIt,
		what: "ELBv2 Load Balancer", call: "Elastic Load Balancing v2: CreateLoadBalancer",
		code: "DuplicateLoadBalancerName", message: "A load balancer with the same name '%s' exists, but with different settings",
		source: "ELBv2 API Reference, CreateLoadBalancer: \"idempotent ... If you attempt to create multiple load balancers with the same settings, each call succeeds\"; Errors: DuplicateLoadBalancerName"},
	awstypes.LbTargetGroup: {parts: []namePart{named("name", "namePrefix")}, on: sameSettingsReturnIt,
		what: "ELBv2 Target Group", call: "Elastic Load Balancing v2: CreateTargetGroup",
		code: "DuplicateTargetGroupName", message: "A target group with the same name '%s' exists, but with different settings",
		source: "ELBv2 API Reference, CreateTargetGroup: \"idempotent ... If you attempt to create multiple target groups with the same settings, each call succeeds\"; Errors: DuplicateTargetGroupName"},
	awstypes.LbListener: {parts: []namePart{part("loadBalancerArn"), part("port")}, on: refuses,
		what: "ELBv2 Listener", call: "Elastic Load Balancing v2: CreateListener",
		code: "DuplicateListener", message: "A listener already exists on port %s of this load balancer",
		source: "ELBv2 API Reference, CreateListener, Errors: DuplicateListener (\"A listener with the specified port already exists\")"},
	awstypes.LbListenerRule: {parts: []namePart{part("listenerArn"), part("priority")}, on: refuses,
		what: "ELBv2 Listener Rule", call: "Elastic Load Balancing v2: CreateRule",
		code: "PriorityInUse", message: "Priority '%s' is currently in use",
		source: "ELBv2 API Reference, CreateRule, Errors: PriorityInUse (\"The specified priority is in use\")"},
	awstypes.EcsService: {parts: []namePart{{prop: "cluster", absent: "default", last: true}, part("name")}, on: refuses,
		what: "ECS Service", call: "ECS: CreateService",
		code: "InvalidParameterException", message: "Creation of service was not idempotent.",
		source: "ECS API Reference, CreateService serviceName: \"Service names must be unique within a cluster\"; the error of a second ACTIVE service of that name: hashicorp/terraform-provider-aws#2283"},
	awstypes.EcsCluster: {parts: []namePart{part("name")}, on: overwrites,
		what: "ECS Cluster", call: "ECS: CreateCluster",
		source: "ECS API Reference, CreateCluster: \"you can create your own cluster with a unique name\"; that a " +
			"CreateCluster of an ACTIVE cluster's name returns that cluster instead of failing is observed behaviour " +
			"the reference does not state (an assumption)"},
	awstypes.EcsClusterCapacityProviders: {parts: []namePart{part("clusterName")}, on: overwrites,
		what: "ECS Cluster Capacity Providers", call: "ECS: PutClusterCapacityProviders",
		source: "ECS API Reference, PutClusterCapacityProviders: replaces the cluster's capacity providers and default strategy"},
	awstypes.Ec2SecurityGroup: {parts: []namePart{part("vpcId"), named("name", "namePrefix")}, on: refuses,
		what: "Security Group", call: "EC2: CreateSecurityGroup",
		code: "InvalidGroup.Duplicate", message: "The security group '%s' already exists for this VPC",
		source: "EC2 API Reference, Error codes: InvalidGroup.Duplicate (\"The security group name already exists in the VPC\"); CreateSecurityGroup GroupName: unique within the VPC"},
	awstypes.Ec2Route: {parts: []namePart{part("routeTableId"),
		{prop: "destinationCidrBlock", or: []string{"destinationIpv6CidrBlock", "destinationPrefixListId"}}}, on: refuses,
		what: "Route", call: "EC2: CreateRoute",
		code: "RouteAlreadyExists", message: "The route identified by %s already exists.",
		source: "EC2 API Reference, Error codes: RouteAlreadyExists (\"A route for the specified CIDR block already exists in this route table\")"},
	awstypes.Ec2RouteTableAssociation: {parts: []namePart{{prop: "subnetId", or: []string{"gatewayId"}}}, on: refuses,
		what: "Route Table Association", call: "EC2: AssociateRouteTable",
		code: "Resource.AlreadyAssociated", message: "the specified association for subnet %s conflicts with an existing association",
		source: "EC2 API Reference, Error codes: Resource.AlreadyAssociated; AssociateRouteTable: a subnet is associated with one route table"},
	awstypes.S3BucketV2: {parts: []namePart{named("bucket", "bucketPrefix")}, on: refuses,
		what: "S3 Bucket", call: "S3: CreateBucket",
		code: "BucketAlreadyOwnedByYou", message: "Your previous request to create the named bucket succeeded and you already own it.",
		source: "S3 API Reference, CreateBucket, Errors: BucketAlreadyOwnedByYou (bucket names are unique across all accounts; us-east-1 answers 200 for a bucket you own, see sameBucketInUSEast1)"},
	awstypes.S3BucketPolicy: {parts: []namePart{part("bucket")}, on: overwrites,
		what: "S3 Bucket Policy", call: "S3: PutBucketPolicy",
		source: "S3 API Reference, PutBucketPolicy: applies (replaces) the bucket's one policy; DeleteBucketPolicy removes it"},
	awstypes.S3BucketPublicAccessBlock: {parts: []namePart{part("bucket")}, on: overwrites,
		what: "S3 Bucket Public Access Block", call: "S3: PutPublicAccessBlock",
		source: "S3 API Reference, PutPublicAccessBlock: creates or modifies the bucket's one configuration"},
	awstypes.S3BucketServerSideEncryptionConfigurationV2: {parts: []namePart{part("bucket")}, on: overwrites,
		what: "S3 Bucket Server-side Encryption Configuration", call: "S3: PutBucketEncryption",
		source: "S3 API Reference, PutBucketEncryption: configures (replaces) the bucket's default encryption"},
	awstypes.S3BucketLifecycleConfigurationV2: {parts: []namePart{part("bucket")}, on: overwrites,
		what: "S3 Bucket Lifecycle Configuration", call: "S3: PutBucketLifecycleConfiguration",
		source: "S3 API Reference, PutBucketLifecycleConfiguration: \"replaces an existing lifecycle configuration\""},
	awstypes.Apigatewayv2Stage: {parts: []namePart{part("apiId"), part("name")}, on: refuses,
		what: "API Gateway v2 Stage", call: "ApiGatewayV2: CreateStage",
		code: "ConflictException", message: "Unable to complete operation due to concurrent modification. Stage %s already exists",
		source: "API Gateway v2 API Reference, CreateStage, Errors: ConflictException (\"The resource already exists\")"},
	awstypes.ApigatewayStage: {parts: []namePart{part("restApi"), part("stageName")}, on: refuses,
		what: "API Gateway Stage", call: "API Gateway: CreateStage",
		code: "ConflictException", message: "Stage already exists",
		source: "API Gateway API Reference, CreateStage, Errors: ConflictException (\"The request configuration has conflicts\")"},
	awstypes.AppautoscalingTarget: {parts: []namePart{part("serviceNamespace"), part("scalableDimension"), part("resourceId")}, on: overwrites,
		what: "Application AutoScaling Target", call: "Application Auto Scaling: RegisterScalableTarget",
		source: "Application Auto Scaling API Reference, RegisterScalableTarget: \"If you call the RegisterScalableTarget API operation to create a scalable target, there might be a brief delay ... To update a scalable target, specify the parameters that you want to change\" (a second registration updates it)"},
	awstypes.AppautoscalingPolicy: {parts: []namePart{part("serviceNamespace"), part("scalableDimension"), part("resourceId"), part("name")}, on: overwrites,
		what: "Application AutoScaling Policy", call: "Application Auto Scaling: PutScalingPolicy",
		source: "Application Auto Scaling API Reference, PutScalingPolicy: \"Creates or updates a scaling policy\""},
	tokSQSQueue: {parts: []namePart{part("name")}, on: sameSettingsReturnIt,
		what: "SQS Queue", call: "SQS: CreateQueue",
		code: "QueueNameExists", message: "A queue already exists with the name %s and different attribute values",
		source: "SQS API Reference, CreateQueue: \"If you provide the name of an existing queue along with the exact names and values of all the queue's attributes, CreateQueue returns the queue URL for the existing queue\"; Errors: QueueNameExists"},
	tokSchedule: {parts: []namePart{partOr("groupName", "default"), part("name")}, on: refuses,
		what: "EventBridge Scheduler Schedule", call: "Scheduler: CreateSchedule",
		code: "ConflictException", message: "Schedule %s already exists.",
		source: "EventBridge Scheduler API Reference, CreateSchedule, Errors: ConflictException; Name is unique within its schedule group (GroupName, default \"default\")"},
	tokScheduleGroup: {parts: []namePart{part("name")}, on: refuses,
		what: "EventBridge Scheduler Schedule Group", call: "Scheduler: CreateScheduleGroup",
		code: "ConflictException", message: "Schedule group %s already exists.",
		source: "EventBridge Scheduler API Reference, CreateScheduleGroup, Errors: ConflictException"},
	tokMetricAlarm: {parts: []namePart{part("name")}, on: overwrites,
		what: "CloudWatch Metric Alarm", call: "CloudWatch: PutMetricAlarm",
		source: "CloudWatch API Reference, PutMetricAlarm: \"Creates or updates an alarm ... If you are an IAM user ... When this operation creates an alarm\" (a second put of the name updates it)"},
	tokDashboard: {parts: []namePart{part("dashboardName")}, on: overwrites,
		what: "CloudWatch Dashboard", call: "CloudWatch: PutDashboard",
		source: "CloudWatch API Reference, PutDashboard: \"Creates a dashboard if it does not already exist, or updates an existing dashboard\""},
	tokEventRule: {parts: []namePart{partOr("eventBusName", "default"), part("name")}, on: overwrites,
		what: "EventBridge Rule", call: "EventBridge: PutRule",
		source: "EventBridge API Reference, PutRule: \"Creates or updates the specified rule\""},
	tokSNSTopic: {parts: []namePart{part("name")}, on: sameSettingsReturnIt,
		what: "SNS Topic", call: "SNS: CreateTopic",
		code: "InvalidParameter", message: "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
		source: "SNS API Reference, CreateTopic: \"This action is idempotent, so if the requester already owns a topic with the specified name, that topic's ARN is returned without creating a new topic\" (with other attributes: InvalidParameter)"},
}

// namesNotUnique are registered types with a name input whose API lets two live resources share the name; the
// coverage test accepts them without a uniqueNames entry.
var namesNotUnique = map[tokens.Type]string{
	awstypes.EcsTaskDefinition:   "ECS API Reference, RegisterTaskDefinition: a family takes a new revision per registration",
	awstypes.Apigatewayv2API:     "API Gateway v2 API Reference, CreateApi: APIs are identified by ApiId; names need not be unique",
	awstypes.Apigatewayv2VpcLink: "API Gateway v2 API Reference, CreateVpcLink: VPC links are identified by VpcLinkId; names need not be unique",
	awstypes.Apigatewayv2Authorizer: "API Gateway v2 API Reference, CreateAuthorizer: authorizers are identified by AuthorizerId; " +
		"its Errors list no conflict on the name",
	awstypes.ApigatewayRestAPI:       "API Gateway API Reference, CreateRestApi: REST APIs are identified by id; names need not be unique",
	awstypes.ApigatewayVpcLink:       "API Gateway API Reference, CreateVpcLink: VPC links are identified by id; names need not be unique",
	awstypes.ServicediscoveryService: "AWS Cloud Map: not modelled yet; the program does not register it",
}

// nameKey returns the identity of a resource of typ with props, and whether it has one: every part known, and a
// missing part that has no default means there is none to claim.
func nameKey(typ tokens.Type, rule uniqueName, props resource.PropertyMap) (key, shown string, ok bool) {
	values := make([]string, 0, len(rule.parts))
	for _, part := range rule.parts {
		v, has := props[resource.PropertyKey(part.prop)]
		for _, alternative := range part.or {
			if has && present(v) {
				break
			}
			v, has = props[resource.PropertyKey(alternative)]
		}
		value := part.absent
		if has && present(v) {
			plain, isKnown := known(v)
			if !isKnown {
				return "", "", false
			}
			switch {
			case plain.IsString():
				value = plain.StringValue()
			case plain.IsNumber():
				value = strconv.FormatFloat(plain.NumberValue(), 'f', -1, 64)
			default:
				return "", "", false
			}
		}
		if value == "" {
			return "", "", false
		}
		if part.last {
			value = afterLast(value, "/")
		}
		if rule.fold {
			value = strings.ToLower(value)
		}
		values = append(values, value)
	}
	shown = values[len(values)-1]
	return string(typ) + "|" + strings.Join(values, "|"), shown, true
}

// settingsOf is a digest of the inputs a create sends, leaving out tags (not part of "the same settings" the
// idempotent APIs compare), so two creates can be told apart without keeping their inputs.
func settingsOf(inputs resource.PropertyMap) string {
	plain := inputs.Copy()
	delete(plain, "tags")
	delete(plain, "tagsAll")
	raw, err := json.Marshal(plain.Mappable())
	if err != nil {
		raw = fmt.Appendf(nil, "%v", plain.Mappable())
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// duplicateError is the error the SDK returns for a duplicate, wrapped the way terraform-provider-aws wraps it.
func duplicateError(rule uniqueName, shown string, holder *liveResource) error {
	message := rule.message
	if strings.Contains(message, "%s") {
		message = fmt.Sprintf(message, shown)
	}
	return fmt.Errorf("creating %s (%s): operation error %s, https response error StatusCode: 400, RequestID: %s, "+
		"api error %s: %s (the stand-in's live resource %s holds this identity; a replacement that keeps the name "+
		"must delete before it creates) [%s]", rule.what, shown, rule.call, requestID(holder.id), rule.code, message,
		holder.urn, rule.source)
}

// requestID is an invented, stable request id for an error message.
func requestID(seed string) string {
	sum := sha256.Sum256([]byte(seed))
	h := hex.EncodeToString(sum[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// sameBucketInUSEast1 is S3's legacy answer: in us-east-1, CreateBucket for a bucket the caller already owns succeeds
// and returns it (S3 API Reference, CreateBucket, BucketAlreadyOwnedByYou: "In all Regions except us-east-1").
func sameBucketInUSEast1(typ tokens.Type, region string) bool {
	return typ == awstypes.S3BucketV2 && region == "us-east-1"
}

// ReplacementsKeepingIdentity returns the inputs of typ whose change replaces a resource (replacements.go) and
// leaves its identity as it was: after such a change a create-before-delete replacement meets its predecessor
// still live. It is nil when typ has no unique identity, or when every input that replaces it is part of it.
func ReplacementsKeepingIdentity(typ string) []string {
	rule, ok := uniqueNames[tokens.Type(typ)]
	if !ok {
		return nil
	}
	identity := map[string]bool{}
	for _, part := range rule.parts {
		identity[part.prop] = true
		for _, alternative := range part.or {
			identity[alternative] = true
		}
	}
	var inputs []string
	for _, rule := range replaceOnChange[tokens.Type(typ)] {
		if !identity[rule.prop] {
			inputs = append(inputs, rule.prop)
		}
	}
	return inputs
}
