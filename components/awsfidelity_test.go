package components

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/appautoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/scheduler"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sqs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// argsOf maps every resource type the program registers to its pulumi-aws Args struct, so tests can ask the SDK
// itself whether a type takes tags. A type missing here fails TestEveryTaggableResourceCarriesTheStackTags.
var argsOf = map[string]any{
	awstypes.Ec2Vpc:                                      ec2.VpcArgs{},
	awstypes.Ec2Subnet:                                   ec2.SubnetArgs{},
	awstypes.Ec2RouteTable:                               ec2.RouteTableArgs{},
	awstypes.Ec2RouteTableAssociation:                    ec2.RouteTableAssociationArgs{},
	awstypes.Ec2Route:                                    ec2.RouteArgs{},
	awstypes.Ec2InternetGateway:                          ec2.InternetGatewayArgs{},
	awstypes.Ec2EgressOnlyInternetGateway:                ec2.EgressOnlyInternetGatewayArgs{},
	awstypes.Ec2Eip:                                      ec2.EipArgs{},
	awstypes.Ec2NatGateway:                               ec2.NatGatewayArgs{},
	awstypes.Ec2FlowLog:                                  ec2.FlowLogArgs{},
	awstypes.Ec2SecurityGroup:                            ec2.SecurityGroupArgs{},
	awstypes.Ec2DefaultSecurityGroup:                     ec2.DefaultSecurityGroupArgs{},
	awstypes.Ec2DefaultNetworkACL:                        ec2.DefaultNetworkAclArgs{},
	awstypes.Ec2VpcEndpoint:                              ec2.VpcEndpointArgs{},
	awstypes.Ec2VpcEndpointRouteTableAssociation:         ec2.VpcEndpointRouteTableAssociationArgs{},
	awstypes.VpcSecurityGroupIngressRule:                 vpc.SecurityGroupIngressRuleArgs{},
	awstypes.VpcSecurityGroupEgressRule:                  vpc.SecurityGroupEgressRuleArgs{},
	awstypes.CloudwatchLogGroup:                          cloudwatch.LogGroupArgs{},
	awstypes.CloudwatchMetricAlarm:                       cloudwatch.MetricAlarmArgs{},
	awstypes.CloudwatchDashboard:                         cloudwatch.DashboardArgs{},
	awstypes.CloudwatchEventRule:                         cloudwatch.EventRuleArgs{},
	awstypes.CloudwatchEventTarget:                       cloudwatch.EventTargetArgs{},
	awstypes.KmsKey:                                      kms.KeyArgs{},
	awstypes.SnsTopic:                                    sns.TopicArgs{},
	awstypes.SnsTopicSubscription:                        sns.TopicSubscriptionArgs{},
	awstypes.IamRole:                                     iam.RoleArgs{},
	awstypes.IamRolePolicy:                               iam.RolePolicyArgs{},
	awstypes.IamRolePolicyAttachment:                     iam.RolePolicyAttachmentArgs{},
	awstypes.LbLoadBalancer:                              lb.LoadBalancerArgs{},
	awstypes.LbListener:                                  lb.ListenerArgs{},
	awstypes.LbListenerRule:                              lb.ListenerRuleArgs{},
	awstypes.LbTargetGroup:                               lb.TargetGroupArgs{},
	awstypes.LbTargetGroupAttachment:                     lb.TargetGroupAttachmentArgs{},
	awstypes.S3BucketV2:                                  s3.BucketV2Args{},
	awstypes.S3BucketPolicy:                              s3.BucketPolicyArgs{},
	awstypes.S3BucketPublicAccessBlock:                   s3.BucketPublicAccessBlockArgs{},
	awstypes.S3BucketServerSideEncryptionConfigurationV2: s3.BucketServerSideEncryptionConfigurationV2Args{},
	awstypes.S3BucketLifecycleConfigurationV2:            s3.BucketLifecycleConfigurationV2Args{},
	awstypes.EcsCluster:                                  ecs.ClusterArgs{},
	awstypes.EcsClusterCapacityProviders:                 ecs.ClusterCapacityProvidersArgs{},
	awstypes.EcsTaskDefinition:                           ecs.TaskDefinitionArgs{},
	awstypes.EcsService:                                  ecs.ServiceArgs{},
	awstypes.AppautoscalingTarget:                        appautoscaling.TargetArgs{},
	awstypes.AppautoscalingPolicy:                        appautoscaling.PolicyArgs{},
	awstypes.Apigatewayv2VpcLink:                         apigatewayv2.VpcLinkArgs{},
	awstypes.Apigatewayv2API:                             apigatewayv2.ApiArgs{},
	awstypes.Apigatewayv2Integration:                     apigatewayv2.IntegrationArgs{},
	awstypes.Apigatewayv2Route:                           apigatewayv2.RouteArgs{},
	awstypes.Apigatewayv2Stage:                           apigatewayv2.StageArgs{},
	awstypes.ApigatewayVpcLink:                           apigateway.VpcLinkArgs{},
	awstypes.ApigatewayRestAPI:                           apigateway.RestApiArgs{},
	awstypes.ApigatewayResource:                          apigateway.ResourceArgs{},
	awstypes.ApigatewayMethod:                            apigateway.MethodArgs{},
	awstypes.ApigatewayIntegration:                       apigateway.IntegrationArgs{},
	awstypes.ApigatewayDeployment:                        apigateway.DeploymentArgs{},
	awstypes.ApigatewayStage:                             apigateway.StageArgs{},
	awstypes.ApigatewayAccount:                           apigateway.AccountArgs{},
	awstypes.Apigatewayv2Authorizer:                      apigatewayv2.AuthorizerArgs{},
	awstypes.ApigatewayMethodSettings:                    apigateway.MethodSettingsArgs{},
	awstypes.SchedulerSchedule:                           scheduler.ScheduleArgs{},
	awstypes.SchedulerScheduleGroup:                      scheduler.ScheduleGroupArgs{},
	awstypes.SqsQueue:                                    sqs.QueueArgs{},
}

// longestServiceName is a service name at the validation limit.
var longestServiceName = "svc-" + strings.Repeat("x", maxServiceNameLength-len("svc-"))

// everyFeatureStacks switch on every part of the program between them, with a service name at the length limit, the
// NAT and API modes, access and flow logs, and the stack tags.
func everyFeatureStacks() map[string]stackConfig {
	service := func(port int) map[string]any {
		return lbApp(port, nil, []string{"/" + longestServiceName + "/*"}, map[string]any{
			"ecsExec":     true,
			"autoscaling": map[string]any{"max": 3},
			"taskRole": map[string]any{
				"managedPolicyArns": []string{"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
				"statements": []any{map[string]any{"actions": []string{"sqs:ReceiveMessage"},
					"resources": []string{"arn:aws:sqs:eu-west-1:123456789012:jobs"}}},
			},
			"containers": map[string]any{"app": appWith(map[string]any{"ports": []int{port}, "readonlyRootFilesystem": false,
				"writablePaths": []string{"/tmp"},
				"secrets":       map[string]string{"TOKEN": "arn:aws:ssm:eu-west-1:123456789012:parameter/token"}})},
		})
	}
	// A scheduled and an on-demand job with names at the limit, so the job resources are covered too.
	jobs := map[string]any{
		"job-" + longestServiceName[len("job-"):]: scheduledJob(nil),
		"run-" + longestServiceName[len("run-"):]: jobWith(nil),
	}
	tags := map[string]any{"environment": "test", "cost-center": "platform 42"}
	network := map[string]any{"cidr": "10.20.0.0/16", "availabilityZones": []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
		"egress": EgressNatPerAZ, "ipv6": true, "flowLogs": map[string]any{"enabled": true}}
	return map[string]stackConfig{
		"rest-api behind the NLB": lbStack(map[string]any{"certificateArn": lbCertificate, "nlb": true,
			"accessLogs": map[string]any{"enabled": true}},
			map[string]any{"mode": IngressRestAPI, "backendHostname": ingressBackendHost, "cloudWatchRole": CloudWatchRoleCreate},
			map[string]any{longestServiceName: service(8080)}).with("network", network).with("tags", tags).with("jobs", jobs),
		"http-api": lbStack(map[string]any{"certificateArn": lbCertificate},
			map[string]any{"mode": IngressHTTPAPI, "backendHostname": ingressBackendHost, "authorization": AuthorizationJWT,
				"jwt": map[string]any{"issuer": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123", "audience": []string{"app"}}},
			map[string]any{longestServiceName: service(8080)}).with("network", network).with("tags", tags).with("jobs", jobs),
	}
}

// TestEveryAutoNamedResourceFitsItsTypesLimit: pulumi-aws fails a preview when "<logical name>-<7 hex>" exceeds the
// type's maximum. Every resource of every feature, with a service name at the validation limit, must fit, and every
// registered type must be known to the table, so a new type cannot slip past.
func TestEveryAutoNamedResourceFitsItsTypesLimit(t *testing.T) {
	for name, cfg := range everyFeatureStacks() {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, cfg)
			checked := 0
			for _, res := range rec.all() {
				if !res.Custom {
					continue
				}
				_, known := argsOf[res.Type]
				require.True(t, known, "%s is not in argsOf: add it, and to autoNamedTypes if pulumi-aws auto-names it", res.Type)
				rule, autoNamed := autoNamedTypes[res.Type]
				if !autoNamed {
					continue
				}
				checked++
				assert.Empty(t, autoNameProblem(res.Type, res.Name, stringProp(res.Inputs, rule.Property),
					stringProp(res.Inputs, "namePrefix")))
			}
			assert.Greater(t, checked, 20, "the stack must have auto-named resources to check")
		})
	}
}

// TestAutoNameProblemRefusesWhatPulumiAwsRefuses proves the check above can fail, on the cases of the issue.
func TestAutoNameProblemRefusesWhatPulumiAwsRefuses(t *testing.T) {
	assert.Empty(t, autoNameProblem(awstypes.LbTargetGroup, "loadbalancing-orders-a", "", ""), "22 + 8 fits 32")
	assert.Empty(t, autoNameProblem(awstypes.LbTargetGroup, "loadbalancing-checkout-a", "", ""), "24 + 8 fits 32 exactly")
	assert.Contains(t, autoNameProblem(awstypes.LbTargetGroup, "loadbalancing-checkouts-a", "", ""),
		`the generated name "loadbalancing-checkouts-a-<7 hex>" has 33 characters; the maximum is 32`)
	assert.NotEmpty(t, autoNameProblem(awstypes.IamRole, "services-"+strings.Repeat("x", 38)+"-execution", "", ""),
		"a 38-character service name would not fit the execution role's 64")
	assert.Empty(t, autoNameProblem(awstypes.IamRole, "services-"+strings.Repeat("x", maxServiceNameLength)+"-execution", "", ""))
	assert.NotEmpty(t, autoNameProblem(awstypes.LbTargetGroup, "x", "", "toolong"), "namePrefix of 7 + 26 > 32")
	assert.Empty(t, autoNameProblem(awstypes.LbTargetGroup, "x", "", "orders"))
	assert.NotEmpty(t, autoNameProblem(awstypes.S3BucketV2, "x", strings.Repeat("b", 64), ""))
}

// TestEveryTaggableResourceCarriesTheStackTags asks the pulumi-aws SDK which types take tags: every such resource
// carries every stack tag and its own Name tag, security group rules included.
func TestEveryTaggableResourceCarriesTheStackTags(t *testing.T) {
	for name, cfg := range everyFeatureStacks() {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, cfg)
			tagged := map[string]bool{}
			for _, res := range rec.all() {
				if !res.Custom {
					continue
				}
				args, known := argsOf[res.Type]
				require.True(t, known, "%s is not in argsOf", res.Type)
				if _, taggable := reflect.TypeOf(args).FieldByName("Tags"); !taggable {
					continue
				}
				tagged[res.Type] = true
				assert.Equal(t, "test", stringProp(res.Inputs, "tags", "environment"), "%s %s", res.Type, res.Name)
				assert.Equal(t, "platform 42", stringProp(res.Inputs, "tags", "cost-center"), "%s %s", res.Type, res.Name)
				assert.Equal(t, res.Name, stringProp(res.Inputs, "tags", "Name"), "%s %s", res.Type, res.Name)
			}
			for _, typ := range []string{awstypes.VpcSecurityGroupIngressRule,
				awstypes.VpcSecurityGroupEgressRule, awstypes.Ec2Eip, awstypes.EcsService,
				awstypes.SchedulerScheduleGroup, awstypes.SqsQueue} {
				assert.True(t, tagged[typ], "%s must be among the checked types", typ)
			}
		})
	}
}

func TestTagsThatAWSRefusesAreConfigErrors(t *testing.T) {
	tooMany := map[string]any{}
	for i := range 50 {
		tooMany[fmt.Sprintf("k%02d", i)] = "v"
	}
	cases := []struct {
		name    string
		tags    map[string]any
		message string
	}{
		{"reserved key prefix", map[string]any{"AWS:owner": "me"}, `tags.AWS:owner: the "aws:" prefix is reserved for AWS in tag keys`},
		{"reserved value prefix", map[string]any{"owner": "aws:me"}, `tags.owner: "aws:me": the "aws:" prefix is reserved for AWS in tag values`},
		{"key too long", map[string]any{strings.Repeat("k", 129): "v"}, "the key has 129 characters; AWS allows 128"},
		{"value too long", map[string]any{"k": strings.Repeat("é", 257)}, "tags.k: the value has 257 characters; AWS allows 256"},
		{"character AWS refuses", map[string]any{"team": "a&b"}, `tags.team: "a&b": a value may contain only letters`},
		{"Name is the program's", map[string]any{"Name": "x"}, "tags.Name: is set by the program on every resource"},
		{"more than 49 beside Name", tooMany, "tags: has 50 tags, and with the Name tag every resource would carry 51; AWS allows 50"},
		{"not a string", map[string]any{"n": 5}, "tags.n: expected a string, got the number 5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireInvalid(t, minimalStack().with("tags", c.tags), c.message) })
	}
	// The limits themselves pass: 49 tags, a 128-character key, a 256-character value with spaces and @.
	fine := map[string]any{strings.Repeat("k", 128): strings.Repeat("v @", 85) + "v"}
	for i := range 48 {
		fine[fmt.Sprintf("tag-%02d", i)] = "x"
	}
	mustRunProgram(t, minimalStack().with("tags", fine))
}

// TestNatGatewaysWaitForTheInternetGateway: AWS creates a public NAT gateway (and associates its EIP) only in a VPC
// with an attached internet gateway; nothing in their inputs says so, so they depend on it explicitly.
func TestNatGatewaysWaitForTheInternetGateway(t *testing.T) {
	for _, egress := range []string{EgressNatSingle, EgressNatPerAZ} {
		t.Run(egress, func(t *testing.T) {
			rec := mustRunProgram(t, networkWith(map[string]any{"egress": egress}))
			igw := rec.ofType(awstypes.Ec2InternetGateway)
			require.Len(t, igw, 1)
			for _, typ := range []string{awstypes.Ec2NatGateway, awstypes.Ec2Eip} {
				resources := rec.ofType(typ)
				require.NotEmpty(t, resources)
				for _, res := range resources {
					assert.True(t, slices.ContainsFunc(res.Dependencies, func(urn string) bool {
						return strings.HasSuffix(urn, "::"+igw[0].Name) && strings.Contains(urn, "InternetGateway")
					}), "%s %s must depend on the internet gateway: %v", typ, res.Name, res.Dependencies)
				}
			}
		})
	}
}

// TestServicesWaitForSteadyStateAndUpdateStrategiesInPlace: `up` fails when tasks cannot start, and a change of
// the capacity provider strategy is a new deployment, not a new service.
func TestServicesWaitForSteadyStateAndUpdateStrategiesInPlace(t *testing.T) {
	rec := mustRunProgram(t, servicesConfig(map[string]any{
		"web":    serviceWith(nil),
		"worker": serviceWith(map[string]any{"waitForSteadyState": false}),
	}))
	for service, wait := range map[string]bool{"services-web": true, "services-worker": false} {
		inputs := rec.named(t, awstypes.EcsService, service).Inputs
		assert.Equal(t, wait, boolProp(t, inputs, "waitForSteadyState"), service)
		assert.True(t, boolProp(t, inputs, "forceNewDeployment"), service)
	}
}

// TestHTTPAPIVpcLinkStaysInTheFirstTwoAZs: a VPC link's subnetIds cannot change in place, so appending an AZ must
// not touch them.
func TestHTTPAPIVpcLinkStaysInTheFirstTwoAZs(t *testing.T) {
	cfg := lbStack(nil, map[string]any{"mode": IngressHTTPAPI}, lbTwoServices())
	for _, azs := range [][]string{{"eu-west-1a", "eu-west-1b"}, {"eu-west-1a", "eu-west-1b", "eu-west-1c"}} {
		rec := mustRunProgram(t, cfg.with("network", map[string]any{"cidr": "10.20.0.0/16", "availabilityZones": azs}))
		link := rec.named(t, awstypes.Apigatewayv2VpcLink, "ingress-vpc-link")
		assert.Equal(t, []string{"network-private-eu-west-1a-id", "network-private-eu-west-1b-id"}, stringsProp(link.Inputs, "subnetIds"),
			"with %d AZs", len(azs))
	}
}

// TestRestAPIStageWaitsForTheAccountCloudWatchRoleItCreates: with cloudWatchRole "create" the stack registers the
// role in the account's API Gateway settings before the stage turns access logs on; with "existing" it touches no
// account setting.
func TestRestAPIStageWaitsForTheAccountCloudWatchRoleItCreates(t *testing.T) {
	for _, role := range []string{CloudWatchRoleCreate, CloudWatchRoleExisting} {
		t.Run(role, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(map[string]any{"nlb": true},
				map[string]any{"mode": IngressRestAPI, "cloudWatchRole": role}, lbTwoServices()))
			accounts := rec.ofType(awstypes.ApigatewayAccount)
			stage := rec.named(t, awstypes.ApigatewayStage, "ingress-stage")
			if role == CloudWatchRoleExisting {
				assert.Empty(t, accounts)
				return
			}
			require.Len(t, accounts, 1)
			iamRole := rec.named(t, awstypes.IamRole, "ingress-cloudwatch")
			assert.Equal(t, stringProp(iamRole.Outputs, "arn"), stringProp(accounts[0].Inputs, "cloudwatchRoleArn"))
			assert.Contains(t, stringProp(iamRole.Inputs, "assumeRolePolicy"), `"Service":"apigateway.amazonaws.com"`)
			attachment := rec.named(t, awstypes.IamRolePolicyAttachment, "ingress-cloudwatch")
			assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs", stringProp(attachment.Inputs, "policyArn"))
			assert.True(t, slices.ContainsFunc(stage.Dependencies, func(urn string) bool {
				return strings.HasSuffix(urn, "apigateway/account:Account::ingress-cloudwatch")
			}), "the stage must wait for the account setting: %v", stage.Dependencies)
		})
	}
}

func TestAccessLogBucketForceDestroyIsAStackChoice(t *testing.T) {
	for _, force := range []bool{false, true} {
		rec := mustRunProgram(t, lbStack(map[string]any{"accessLogs": map[string]any{"enabled": true, "forceDestroy": force}}, nil, nil))
		assert.Equal(t, force, boolProp(t, rec.named(t, awstypes.S3BucketV2, "loadbalancing-access-logs").Inputs, "forceDestroy"))
	}
}

func TestTaskFamilyHoldsOnlyWhatECSAllows(t *testing.T) {
	assert.Equal(t, "private-fargate-dev-web", taskFamily("private-fargate", "dev", "web"))
	assert.Equal(t, "private-fargate-prod-eu_1-web", taskFamily("private-fargate", "prod.eu_1", "web"), "a period becomes a hyphen")
	assert.Regexp(t, `^[A-Za-z0-9_-]+$`, taskFamily("my.project", "org/stack.v2", "web"))
}

// TestInterfaceEndpointsTakeOneSubnetPerAZ: AWS accepts at most one subnet per AZ for an interface endpoint.
func TestInterfaceEndpointsTakeOneSubnetPerAZ(t *testing.T) {
	rec := mustRunProgram(t, networkWith(map[string]any{"availabilityZones": []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}}))
	azOfSubnet := map[string]string{}
	for _, subnet := range rec.ofType(awstypes.Ec2Subnet) {
		azOfSubnet[subnet.ID] = stringProp(subnet.Inputs, "availabilityZone")
	}
	endpoints := rec.ofType(awstypes.Ec2VpcEndpoint)
	require.NotEmpty(t, endpoints)
	for _, endpoint := range endpoints {
		if stringProp(endpoint.Inputs, "vpcEndpointType") != "Interface" {
			continue
		}
		seen := map[string]bool{}
		for _, subnet := range stringsProp(endpoint.Inputs, "subnetIds") {
			az := azOfSubnet[subnet]
			require.NotEmpty(t, az, "%s: unknown subnet %s", endpoint.Name, subnet)
			assert.False(t, seen[az], "%s has two subnets in %s", endpoint.Name, az)
			seen[az] = true
		}
		assert.Len(t, seen, 3, endpoint.Name)
	}
}

// TestNoTwoResourcesShareANameAndType: the engine refuses a duplicate URN in the middle of a preview. Service names
// that join with the components' own suffixes ("nlb-80" beside the NLB's "-nlb-80" group, "a-sg" beside service a's
// "-sg") must still give distinct resources, as must every feature at once.
func TestNoTwoResourcesShareANameAndType(t *testing.T) {
	adversarial := map[string]any{}
	for i, name := range []string{"nlb-80", "nlb-443", "alb", "alb-80", "alb-443", "access-logs", "cluster", "a", "a-sg",
		"a-task", "a-execution", "a-logs", "a-cpu", "a-requests", "a-tg", "a-sg-from-alb-8080"} {
		adversarial[name] = lbApp(8080, nil, []string{fmt.Sprintf("/%d/*", i)}, map[string]any{"autoscaling": map[string]any{"max": 2}})
	}
	stacks := everyFeatureStacks()
	stacks["adversarial service names"] = lbStack(map[string]any{"certificateArn": lbCertificate, "nlb": true,
		"accessLogs": map[string]any{"enabled": true}},
		map[string]any{"mode": IngressRestAPI, "backendHostname": ingressBackendHost, "cloudWatchRole": CloudWatchRoleCreate},
		adversarial).with("network", map[string]any{"cidr": "10.20.0.0/16", "availabilityZones": []string{"eu-west-1a", "eu-west-1b"}})
	for name, cfg := range stacks {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, cfg)
			seen := map[string]bool{}
			for _, res := range rec.all() {
				key := res.Type + "::" + res.Name
				assert.False(t, seen[key], "two resources %s", key)
				seen[key] = true
			}
			assert.Greater(t, len(seen), 50, "the stack must have resources to compare")
		})
	}
}

// TestTheVpcsDefaultSecurityGroupAdmitsNothing: FSBP EC2.2. Adopting the default group without rules revokes them.
func TestTheVpcsDefaultSecurityGroupAdmitsNothing(t *testing.T) {
	rec := mustRunProgram(t, minimalStack())
	groups := rec.ofType(awstypes.Ec2DefaultSecurityGroup)
	require.Len(t, groups, 1)
	assert.Equal(t, "network-vpc-id", stringProp(groups[0].Inputs, "vpcId"))
	for _, rules := range []string{"ingress", "egress"} {
		value, set := prop(groups[0].Inputs, rules)
		assert.True(t, !set || (value.IsArray() && len(value.ArrayValue()) == 0), "%s must be empty: %v", rules, value)
	}
}

// TestAlbMitigatesDesync: FSBP ELB.12 (defensive or strictest) and ELB.4 (drop invalid headers).
func TestAlbMitigatesDesync(t *testing.T) {
	for mode, want := range map[string]string{"": "defensive", "strictest": "strictest"} {
		loadBalancer := map[string]any{}
		if mode != "" {
			loadBalancer["desyncMitigationMode"] = mode
		}
		alb := mustRunProgram(t, lbStack(loadBalancer, nil, nil)).named(t, awstypes.LbLoadBalancer, "loadbalancing-alb").Inputs
		assert.Equal(t, want, stringProp(alb, "desyncMitigationMode"))
		assert.True(t, boolProp(t, alb, "dropInvalidHeaderFields"))
	}
	requireInvalid(t, lbStack(map[string]any{"desyncMitigationMode": "monitor"}, nil, nil),
		`loadBalancer.desyncMitigationMode: "monitor" is not defensive or strictest`)
}

// TestServiceTrustPoliciesNameTheAccount: the ECS and flow log roles admit their service principal only on behalf of
// this account (and its ECS resources / flow logs), the confused-deputy protection AWS documents for each.
func TestServiceTrustPoliciesNameTheAccount(t *testing.T) {
	rec := mustRunProgram(t, servicesConfig(map[string]any{"web": serviceWith(nil)}).
		with("network", map[string]any{"cidr": "10.20.0.0/16", "availabilityZones": []string{"eu-west-1a", "eu-west-1b"},
			"flowLogs": map[string]any{"enabled": true}}))
	for role, want := range map[string]map[string]any{
		"services-web-execution": {"StringEquals": map[string]any{"aws:SourceAccount": mockAccount},
			"ArnLike": map[string]any{"aws:SourceArn": "arn:aws:ecs:eu-west-1:" + mockAccount + ":*"}},
		"services-web-task": {"StringEquals": map[string]any{"aws:SourceAccount": mockAccount},
			"ArnLike": map[string]any{"aws:SourceArn": "arn:aws:ecs:eu-west-1:" + mockAccount + ":*"}},
		"network-flow-logs": {"StringEquals": map[string]any{"aws:SourceAccount": mockAccount},
			"ArnLike": map[string]any{"aws:SourceArn": "arn:aws:ec2:eu-west-1:" + mockAccount + ":vpc-flow-log/*"}},
	} {
		trust := parsePolicy(t, stringProp(rec.named(t, awstypes.IamRole, role).Inputs, "assumeRolePolicy"))
		require.Len(t, trust.Statement, 1, role)
		assert.Equal(t, want, trust.Statement[0].Condition, role)
	}
}

// TestAPIsAuthorizeThrottleAndLogByDefault: every route and method names its authorization (IAM by default, FSBP
// APIGateway.8), the stages are throttled, and the REST stage logs execution errors (APIGateway.1) with X-Ray on
// (APIGateway.3).
func TestAPIsAuthorizeThrottleAndLogByDefault(t *testing.T) {
	jwt := map[string]any{"issuer": "https://issuer.example.com/", "audience": []string{"app", "cli"}}
	for _, tc := range []struct {
		name          string
		ingress       map[string]any
		routeAuth     string
		authorizer    bool
		methodAuth    string
		rate          float64
		burst         float64
		xray          bool
		loadBalancers map[string]any
	}{
		{name: "http-api, defaults", ingress: map[string]any{"mode": IngressHTTPAPI}, routeAuth: "AWS_IAM", rate: 1000, burst: 2000},
		{name: "http-api, JWT", ingress: map[string]any{"mode": IngressHTTPAPI, "authorization": AuthorizationJWT, "jwt": jwt,
			"throttling": map[string]any{"rateLimit": 50, "burstLimit": 100}}, routeAuth: "JWT", authorizer: true, rate: 50, burst: 100},
		{name: "http-api, open on purpose", ingress: map[string]any{"mode": IngressHTTPAPI, "authorization": AuthorizationNone},
			routeAuth: "NONE", rate: 1000, burst: 2000},
		{name: "rest-api, defaults", ingress: map[string]any{"mode": IngressRestAPI, "cloudWatchRole": CloudWatchRoleExisting},
			methodAuth: "AWS_IAM", rate: 1000, burst: 2000, xray: true, loadBalancers: map[string]any{"nlb": true}},
		{name: "rest-api, open, no tracing", ingress: map[string]any{"mode": IngressRestAPI, "cloudWatchRole": CloudWatchRoleExisting,
			"authorization": AuthorizationNone, "xrayTracing": false}, methodAuth: "NONE", rate: 1000, burst: 2000,
			loadBalancers: map[string]any{"nlb": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(tc.loadBalancers, tc.ingress, lbTwoServices()))
			if tc.routeAuth != "" {
				route := rec.named(t, awstypes.Apigatewayv2Route, "ingress-default").Inputs
				assert.Equal(t, tc.routeAuth, stringProp(route, "authorizationType"))
				authorizers := rec.ofType(awstypes.Apigatewayv2Authorizer)
				if tc.authorizer {
					require.Len(t, authorizers, 1)
					assert.Equal(t, authorizers[0].ID, stringProp(route, "authorizerId"))
					assert.Equal(t, "JWT", stringProp(authorizers[0].Inputs, "authorizerType"))
					assert.Equal(t, "https://issuer.example.com/", stringProp(authorizers[0].Inputs, "jwtConfiguration", "issuer"))
					assert.Equal(t, []string{"app", "cli"}, stringsProp(authorizers[0].Inputs, "jwtConfiguration", "audiences"))
				} else {
					assert.Empty(t, authorizers)
				}
				stage := rec.named(t, awstypes.Apigatewayv2Stage, "ingress-default").Inputs
				assert.Equal(t, tc.rate, number(t, stage, "defaultRouteSettings", "throttlingRateLimit"))
				assert.Equal(t, tc.burst, number(t, stage, "defaultRouteSettings", "throttlingBurstLimit"))
				return
			}
			for _, method := range rec.ofType(awstypes.ApigatewayMethod) {
				assert.Equal(t, tc.methodAuth, stringProp(method.Inputs, "authorization"), method.Name)
			}
			settings := rec.named(t, awstypes.ApigatewayMethodSettings, "ingress-stage-all").Inputs
			assert.Equal(t, "*/*", stringProp(settings, "methodPath"))
			assert.Equal(t, restStageName, stringProp(settings, "stageName"))
			assert.Equal(t, "ERROR", stringProp(settings, "settings", "loggingLevel"))
			assert.True(t, boolProp(t, settings, "settings", "metricsEnabled"))
			assert.False(t, boolProp(t, settings, "settings", "dataTraceEnabled"), "no request bodies in the logs")
			assert.Equal(t, tc.rate, number(t, settings, "settings", "throttlingRateLimit"))
			assert.Equal(t, tc.burst, number(t, settings, "settings", "throttlingBurstLimit"))
			assert.Equal(t, tc.xray, boolProp(t, rec.named(t, awstypes.ApigatewayStage, "ingress-stage").Inputs, "xrayTracingEnabled"))
		})
	}
}

func TestAPIAuthorizationAndThrottlingErrorsNameTheKey(t *testing.T) {
	services := lbTwoServices()
	cases := []struct {
		name    string
		ingress map[string]any
		lb      map[string]any
		message string
	}{
		{"unknown authorization", map[string]any{"mode": IngressHTTPAPI, "authorization": "cognito"}, nil,
			`ingress.authorization: "cognito" is not "iam", "jwt" or "none"`},
		{"JWT on a REST API", map[string]any{"mode": IngressRestAPI, "cloudWatchRole": "existing", "authorization": AuthorizationJWT},
			map[string]any{"nlb": true}, `ingress.authorization: "jwt" needs ingress.mode "http-api"`},
		{"JWT without an https issuer", map[string]any{"mode": IngressHTTPAPI, "authorization": AuthorizationJWT,
			"jwt": map[string]any{"issuer": "http://issuer", "audience": []string{"a"}}}, nil,
			`ingress.jwt.issuer: "http://issuer" is not an https:// issuer URL`},
		{"JWT without an audience", map[string]any{"mode": IngressHTTPAPI, "authorization": AuthorizationJWT,
			"jwt": map[string]any{"issuer": "https://issuer"}}, nil, "ingress.jwt.audience: is empty"},
		{"rate above the account quota", map[string]any{"mode": IngressHTTPAPI, "throttling": map[string]any{"rateLimit": 20000}}, nil,
			"ingress.throttling.rateLimit: 20000 is outside (0, 10000] requests per second"},
		{"burst above the account quota", map[string]any{"mode": IngressHTTPAPI, "throttling": map[string]any{"burstLimit": 6000}}, nil,
			"ingress.throttling.burstLimit: 6000 is outside 1–5000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireInvalid(t, lbStack(c.lb, c.ingress, services), c.message) })
	}
}

// TestS3GatewayEndpointAdmitsOnlyWhatTheStackUses: the restricted policy admits the region's ECR layer bucket and
// the S3 grants of the task roles; "open" leaves the AWS default.
func TestS3GatewayEndpointAdmitsOnlyWhatTheStackUses(t *testing.T) {
	services := map[string]any{
		"web": serviceWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"actions": []string{"s3:GetObject", "sqs:SendMessage"}, "resources": []string{"arn:aws:s3:::assets/*", "arn:aws:sqs:eu-west-1:123456789012:q"}},
			map[string]any{"effect": "Deny", "actions": []string{"s3:DeleteObject"}, "resources": []string{"arn:aws:s3:::assets/*"}},
		}}}),
		"api-v2": serviceWith(map[string]any{"taskRole": map[string]any{"statements": []any{
			map[string]any{"actions": []string{"s3:PutObject", "s3:GetObject"}, "resources": []string{"arn:aws:s3:::uploads/*"}},
			map[string]any{"actions": []string{"dynamodb:GetItem"}, "resources": []string{"arn:aws:dynamodb:eu-west-1:123456789012:table/t"}},
		}}}),
	}
	rec := mustRunProgram(t, servicesConfig(services))
	policy := parsePolicy(t, stringProp(rec.named(t, awstypes.Ec2VpcEndpoint, "endpoints-s3").Inputs, "policy"))
	type grant struct {
		Actions, Resources []string
	}
	var grants []grant
	for _, s := range policy.Statement {
		assert.Equal(t, "Allow", s.Effect)
		grants = append(grants, grant{s.Action, s.Resource})
	}
	assert.Equal(t, []grant{
		{[]string{"s3:GetObject"}, []string{"arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*"}},
		{[]string{"s3:GetObject", "s3:PutObject"}, []string{"arn:aws:s3:::uploads/*"}},
		{[]string{"s3:GetObject"}, []string{"arn:aws:s3:::assets/*"}},
	}, grants, "image layers, then each service's S3 grants (not SQS, DynamoDB or a Deny) in service order")

	open := mustRunProgram(t, servicesConfig(services).with("endpoints", map[string]any{"s3Policy": S3PolicyOpen}))
	_, hasPolicy := prop(open.named(t, awstypes.Ec2VpcEndpoint, "endpoints-s3").Inputs, "policy")
	assert.False(t, hasPolicy)
	requireInvalid(t, minimalStack().with("endpoints", map[string]any{"s3Policy": "closed"}),
		`endpoints.s3Policy: "closed" is not "restricted" or "open"`)
}

// TestContainersRunAsTheConfiguredNonRootUser: FSBP ECS.20.
func TestContainersRunAsTheConfiguredNonRootUser(t *testing.T) {
	rec := mustRunProgram(t, webContainers(map[string]any{"app": appWith(map[string]any{"user": "1000:1000"})}))
	containers := containerDefinitionsOf(t, rec.named(t, awstypes.EcsTaskDefinition, "services-web"))
	assert.Equal(t, "1000:1000", containers["app"]["user"])
	for user, message := range map[string]string{
		"root": `"root" runs the container as root`, "0:1000": `"0:1000" runs the container as root`,
		"00": `"00" runs the container as root`, "a b": `"a b" is not user, user:group, uid or uid:gid`,
	} {
		requireInvalid(t, webContainers(map[string]any{"app": appWith(map[string]any{"user": user})}),
			"services.web.containers.app.user: "+message)
	}
}
