package components

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/apigatewayv2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awsregion"
)

// restStageName is the REST API's stage: the invoke URL ends in /live.
const restStageName = "live"

// IngressArgs configures Ingress.
type IngressArgs struct {
	// Config is the validated ingress config; its mode must be http-api or rest-api.
	Config IngressConfig
	// VpcId is the VPC of the VPC link's security group (http-api).
	VpcId pulumi.StringInput
	// VpcLinkSubnetIds are the private subnets the VPC link (http-api) places its network interfaces in: the first two
	// AZs' (the ALB needs two), so appending an AZ never changes them (a VPC link's subnetIds cannot change in place).
	VpcLinkSubnetIds pulumi.StringArrayInput
	// Region picks the partition of the AWS managed policy of the API Gateway CloudWatch role.
	Region string
	// LoadBalancing is what the API forwards to: the ALB listener (http-api) or the NLB (rest-api, which needs one).
	LoadBalancing *LoadBalancing
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// Ingress is an API Gateway in front of the internal load balancers: an HTTP API with a VPC link (v2) to the ALB
// listener, or a REST API with a VPC link (v1) to the NLB. Either way the API's access logs go to a log group.
type Ingress struct {
	pulumi.ResourceState

	// ApiId is the API's id.
	ApiId pulumi.StringOutput
	// Endpoint is the URL clients call.
	Endpoint pulumi.StringOutput
	// VpcLinkId is the VPC link's id.
	VpcLinkId pulumi.StringOutput
	// AccessLogGroupName is the log group of the API's access logs.
	AccessLogGroupName pulumi.StringOutput
}

// NewIngress registers the API. The config must already be validated.
func NewIngress(ctx *pulumi.Context, name string, args *IngressArgs, opts ...pulumi.ResourceOption) (*Ingress, error) {
	comp := &Ingress{}
	if err := ctx.RegisterComponentResource("private-fargate:index:Ingress", name, comp, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(comp)

	logGroup, err := cloudwatch.NewLogGroup(ctx, name+"-access-logs", &cloudwatch.LogGroupArgs{
		RetentionInDays: pulumi.Int(args.Config.AccessLogRetentionDays),
		Tags:            nameTags(args.Tags, name+"-access-logs"),
	}, parent)
	if err != nil {
		return nil, err
	}
	comp.AccessLogGroupName = logGroup.Name

	switch args.Config.Mode {
	case IngressHTTPAPI:
		err = newHTTPAPI(ctx, name, args, logGroup, comp, parent)
	case IngressRestAPI:
		err = newRestAPI(ctx, name, args, logGroup, comp, parent)
	default:
		err = fmt.Errorf("%s: ingress mode %q creates no API", name, args.Config.Mode)
	}
	if err != nil {
		return nil, err
	}

	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"apiId":     comp.ApiId,
		"endpoint":  comp.Endpoint,
		"vpcLinkId": comp.VpcLinkId,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}

// newHTTPAPI builds the http-api mode: a VPC link (v2) in the private subnets whose security group may only reach the
// ALB on its listener port, an HTTP_PROXY integration to the ALB listener, a $default route and an auto-deployed
// $default stage with access logs.
func newHTTPAPI(ctx *pulumi.Context, name string, args *IngressArgs, logGroup *cloudwatch.LogGroup, comp *Ingress,
	parent pulumi.ResourceOption) error {
	balancing := args.LoadBalancing
	securityGroup, err := ec2.NewSecurityGroup(ctx, name+"-vpc-link", &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String("API Gateway VPC link: to the internal ALB listener only"),
		Tags:        nameTags(args.Tags, name+"-vpc-link"),
	}, parent)
	if err != nil {
		return err
	}
	if err := newEgressRule(ctx, fmt.Sprintf("%s-vpc-link-to-alb-%d", name, balancing.ListenerPort),
		&vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId:           securityGroup.ID(),
			Description:               pulumi.String(fmt.Sprintf("ALB listener %d", balancing.ListenerPort)),
			IpProtocol:                pulumi.String("tcp"),
			FromPort:                  pulumi.Int(balancing.ListenerPort),
			ToPort:                    pulumi.Int(balancing.ListenerPort),
			ReferencedSecurityGroupId: balancing.AlbSecurityGroupId,
		}, args.Tags, parent); err != nil {
		return err
	}
	vpcLink, err := apigatewayv2.NewVpcLink(ctx, name+"-vpc-link", &apigatewayv2.VpcLinkArgs{
		SubnetIds:        args.VpcLinkSubnetIds,
		SecurityGroupIds: pulumi.StringArray{securityGroup.ID()},
		Tags:             nameTags(args.Tags, name+"-vpc-link"),
	}, parent)
	if err != nil {
		return err
	}
	api, err := apigatewayv2.NewApi(ctx, name+"-api", &apigatewayv2.ApiArgs{
		ProtocolType: pulumi.String("HTTP"),
		Description:  pulumi.String("Ingress to the internal ALB over a VPC link"),
		Tags:         nameTags(args.Tags, name+"-api"),
	}, parent)
	if err != nil {
		return err
	}
	integrationArgs := &apigatewayv2.IntegrationArgs{
		ApiId:                api.ID(),
		IntegrationType:      pulumi.String("HTTP_PROXY"),
		IntegrationMethod:    pulumi.String("ANY"),
		ConnectionType:       pulumi.String("VPC_LINK"),
		ConnectionId:         vpcLink.ID(),
		IntegrationUri:       balancing.ListenerArn,
		PayloadFormatVersion: pulumi.String("1.0"),
	}
	if balancing.Encrypted { // validation requires backendHostname with a certificate
		integrationArgs.TlsConfig = &apigatewayv2.IntegrationTlsConfigArgs{
			ServerNameToVerify: pulumi.String(args.Config.BackendHostname),
		}
	}
	integration, err := apigatewayv2.NewIntegration(ctx, name+"-alb", integrationArgs, parent)
	if err != nil {
		return err
	}
	// Every route names its authorization (FSBP APIGateway.8): IAM, a JWT authorizer, or an explicit NONE.
	routeArgs := &apigatewayv2.RouteArgs{
		ApiId:             api.ID(),
		RouteKey:          pulumi.String("$default"),
		Target:            pulumi.Sprintf("integrations/%s", integration.ID()),
		AuthorizationType: pulumi.String(map[string]string{AuthorizationIAM: "AWS_IAM", AuthorizationJWT: "JWT", AuthorizationNone: "NONE"}[args.Config.Authorization]),
	}
	if args.Config.Authorization == AuthorizationJWT {
		authorizer, err := apigatewayv2.NewAuthorizer(ctx, name+"-jwt", &apigatewayv2.AuthorizerArgs{
			ApiId:           api.ID(),
			AuthorizerType:  pulumi.String("JWT"),
			IdentitySources: pulumi.StringArray{pulumi.String("$request.header.Authorization")},
			JwtConfiguration: &apigatewayv2.AuthorizerJwtConfigurationArgs{
				Issuer:    pulumi.String(args.Config.Jwt.Issuer),
				Audiences: pulumi.ToStringArray(args.Config.Jwt.Audience),
			},
		}, parent)
		if err != nil {
			return err
		}
		routeArgs.AuthorizerId = authorizer.ID()
	}
	if _, err := apigatewayv2.NewRoute(ctx, name+"-default", routeArgs, parent); err != nil {
		return err
	}
	if _, err := apigatewayv2.NewStage(ctx, name+"-default", &apigatewayv2.StageArgs{
		ApiId:      api.ID(),
		Name:       pulumi.String("$default"),
		AutoDeploy: pulumi.Bool(true),
		AccessLogSettings: &apigatewayv2.StageAccessLogSettingsArgs{
			DestinationArn: logGroup.Arn,
			Format:         pulumi.String(accessLogFormat(httpAPIAccessLogFields)),
		},
		DefaultRouteSettings: &apigatewayv2.StageDefaultRouteSettingsArgs{
			ThrottlingRateLimit:    pulumi.Float64(args.Config.Throttling.RateLimit),
			ThrottlingBurstLimit:   pulumi.Int(args.Config.Throttling.BurstLimit),
			DetailedMetricsEnabled: pulumi.Bool(true),
		},
		Tags: nameTags(args.Tags, name+"-default"),
	}, parent); err != nil {
		return err
	}
	comp.ApiId = api.ID().ToStringOutput()
	comp.Endpoint = api.ApiEndpoint
	comp.VpcLinkId = vpcLink.ID().ToStringOutput()
	return nil
}

// newRestAPI builds the rest-api mode: a VPC link (v1) to the NLB, a REST API whose root and {proxy+} resources
// forward ANY method as HTTP_PROXY over the VPC link, a deployment and a stage with access logs.
//
// REST API stages write access logs through the CloudWatch Logs role of the account's API Gateway settings
// (aws.apigateway.Account, one per account and region): with ingress.cloudWatchRole "create" this stack creates the
// role and registers it, and the stage waits for that; with "existing" the account already has one.
func newRestAPI(ctx *pulumi.Context, name string, args *IngressArgs, logGroup *cloudwatch.LogGroup, comp *Ingress,
	parent pulumi.ResourceOption) error {
	balancing := args.LoadBalancing
	vpcLink, err := apigateway.NewVpcLink(ctx, name+"-vpc-link", &apigateway.VpcLinkArgs{
		Description: pulumi.String("REST API to the internal NLB in front of the ALB"),
		TargetArn:   balancing.NlbArn,
		Tags:        nameTags(args.Tags, name+"-vpc-link"),
	}, parent)
	if err != nil {
		return err
	}

	apiArgs := &apigateway.RestApiArgs{
		Description: pulumi.String("Ingress to the internal ALB through the NLB over a VPC link"),
		EndpointConfiguration: &apigateway.RestApiEndpointConfigurationArgs{
			Types: pulumi.String(args.Config.RestEndpointType),
		},
		Tags: nameTags(args.Tags, name+"-api"),
	}
	if args.Config.RestEndpointType == "PRIVATE" {
		// A private API refuses every call without a resource policy; this one admits calls from this VPC's
		// execute-api endpoint.
		apiArgs.Policy = args.VpcId.ToStringOutput().ApplyT(privateAPIPolicy).(pulumi.StringOutput)
	}
	api, err := apigateway.NewRestApi(ctx, name+"-api", apiArgs, parent)
	if err != nil {
		return err
	}

	// The integration URI's host is what API Gateway sends as Host and SNI and checks the ALB's certificate against;
	// the VPC link decides where the connection goes.
	scheme, port, host := "http", httpPort, balancing.NlbDnsName
	if balancing.Encrypted {
		scheme, port = "https", httpsPort
	}
	if args.Config.BackendHostname != "" {
		host = pulumi.String(args.Config.BackendHostname).ToStringOutput()
	}
	baseURI := pulumi.Sprintf("%s://%s:%d", scheme, host, port)

	proxy, err := apigateway.NewResource(ctx, name+"-proxy", &apigateway.ResourceArgs{
		RestApi:  api.ID(),
		ParentId: api.RootResourceId,
		PathPart: pulumi.String("{proxy+}"),
	}, parent)
	if err != nil {
		return err
	}
	var integrations []pulumi.Resource
	for _, route := range []struct {
		suffix      string
		resourceId  pulumi.StringInput
		path        string
		proxyParams bool
	}{
		{suffix: "root", resourceId: api.RootResourceId, path: "/"},
		{suffix: "proxy", resourceId: proxy.ID(), path: "/{proxy}", proxyParams: true},
	} {
		methodArgs := &apigateway.MethodArgs{
			RestApi:       api.ID(),
			ResourceId:    route.resourceId,
			HttpMethod:    pulumi.String("ANY"),
			Authorization: pulumi.String(restAuthorization(args.Config.Authorization)),
		}
		integrationArgs := &apigateway.IntegrationArgs{
			RestApi:               api.ID(),
			ResourceId:            route.resourceId,
			Type:                  pulumi.String("HTTP_PROXY"),
			IntegrationHttpMethod: pulumi.String("ANY"),
			ConnectionType:        pulumi.String("VPC_LINK"),
			ConnectionId:          vpcLink.ID(),
			Uri:                   pulumi.Sprintf("%s%s", baseURI, route.path),
		}
		if route.proxyParams {
			methodArgs.RequestParameters = pulumi.BoolMap{"method.request.path.proxy": pulumi.Bool(true)}
			integrationArgs.RequestParameters = pulumi.StringMap{"integration.request.path.proxy": pulumi.String("method.request.path.proxy")}
		}
		method, err := apigateway.NewMethod(ctx, name+"-"+route.suffix+"-any", methodArgs, parent)
		if err != nil {
			return err
		}
		integrationArgs.HttpMethod = method.HttpMethod
		integration, err := apigateway.NewIntegration(ctx, name+"-"+route.suffix+"-any", integrationArgs, parent)
		if err != nil {
			return err
		}
		integrations = append(integrations, method, integration)
	}

	// A deployment is a snapshot: a new one is made whenever what the methods forward to changes.
	deployment, err := apigateway.NewDeployment(ctx, name+"-deployment", &apigateway.DeploymentArgs{
		RestApi:     api.ID(),
		Description: pulumi.String("Managed by private-fargate"),
		Triggers: pulumi.StringMap{
			"backend":      baseURI,
			"vpcLink":      vpcLink.ID(),
			"endpointType": pulumi.String(args.Config.RestEndpointType),
		},
	}, parent, pulumi.DependsOn(integrations))
	if err != nil {
		return err
	}
	stageOpts := []pulumi.ResourceOption{parent}
	if args.Config.CloudWatchRole == CloudWatchRoleCreate {
		account, err := newAPIGatewayAccountRole(ctx, name+"-cloudwatch", args, parent)
		if err != nil {
			return err
		}
		stageOpts = append(stageOpts, pulumi.DependsOn([]pulumi.Resource{account}))
	}
	stage, err := apigateway.NewStage(ctx, name+"-stage", &apigateway.StageArgs{
		RestApi:    api.ID(),
		Deployment: deployment.ID(),
		StageName:  pulumi.String(restStageName),
		// FSBP APIGateway.3.
		XrayTracingEnabled: pulumi.Bool(*args.Config.XrayTracing),
		AccessLogSettings: &apigateway.StageAccessLogSettingsArgs{
			DestinationArn: logGroup.Arn,
			Format:         pulumi.String(accessLogFormat(restAPIAccessLogFields)),
		},
		Tags: nameTags(args.Tags, name+"-stage"),
	}, stageOpts...)
	if err != nil {
		return err
	}
	// Execution logging at ERROR (FSBP APIGateway.1), metrics and throttling for every method of the stage; no data
	// trace, which would log request and response bodies.
	if _, err := apigateway.NewMethodSettings(ctx, name+"-stage-all", &apigateway.MethodSettingsArgs{
		RestApi:    api.ID(),
		StageName:  stage.StageName,
		MethodPath: pulumi.String("*/*"),
		Settings: &apigateway.MethodSettingsSettingsArgs{
			LoggingLevel:         pulumi.String("ERROR"),
			MetricsEnabled:       pulumi.Bool(true),
			DataTraceEnabled:     pulumi.Bool(false),
			ThrottlingRateLimit:  pulumi.Float64(args.Config.Throttling.RateLimit),
			ThrottlingBurstLimit: pulumi.Int(args.Config.Throttling.BurstLimit),
		},
	}, parent); err != nil {
		return err
	}
	comp.ApiId = api.ID().ToStringOutput()
	comp.Endpoint = stage.InvokeUrl
	comp.VpcLinkId = vpcLink.ID().ToStringOutput()
	return nil
}

// restAuthorization is a REST API method's authorization for ingress.authorization ("jwt" is refused by validation).
func restAuthorization(authorization string) string {
	if authorization == AuthorizationIAM {
		return "AWS_IAM"
	}
	return "NONE"
}

// privateAPIPolicy is the resource policy of a PRIVATE REST API: invocations only from inside vpcId.
func privateAPIPolicy(vpcId string) (string, error) {
	return marshalPolicy(policyDocument{
		Version: iamPolicyVersion,
		Statement: []policyStatement{{
			Sid:       "InvokeFromTheVpc",
			Effect:    "Allow",
			Principal: map[string]any{"AWS": "*"},
			Action:    []string{"execute-api:Invoke"},
			Resource:  []string{"execute-api:/*"},
			Condition: map[string]any{"StringEquals": map[string]any{"aws:SourceVpc": vpcId}},
		}},
	})
}

// httpAPIAccessLogFields and restAPIAccessLogFields are the access log fields of each API kind (JSON, one line per
// request).
var (
	httpAPIAccessLogFields = map[string]string{
		"requestId":        "$context.requestId",
		"sourceIp":         "$context.identity.sourceIp",
		"requestTime":      "$context.requestTime",
		"httpMethod":       "$context.httpMethod",
		"path":             "$context.path",
		"routeKey":         "$context.routeKey",
		"status":           "$context.status",
		"protocol":         "$context.protocol",
		"responseLength":   "$context.responseLength",
		"integrationError": "$context.integrationErrorMessage",
	}
	restAPIAccessLogFields = map[string]string{
		"requestId":          "$context.requestId",
		"sourceIp":           "$context.identity.sourceIp",
		"requestTime":        "$context.requestTime",
		"httpMethod":         "$context.httpMethod",
		"resourcePath":       "$context.resourcePath",
		"status":             "$context.status",
		"protocol":           "$context.protocol",
		"responseLength":     "$context.responseLength",
		"integrationLatency": "$context.integration.latency",
	}
)

// accessLogFormat renders access log fields as the one-line JSON format API Gateway expects (keys sorted).
func accessLogFormat(fields map[string]string) string {
	out, err := json.Marshal(fields)
	if err != nil {
		panic(err) // a map of strings always marshals
	}
	return string(out)
}

// newAPIGatewayAccountRole creates the role API Gateway writes REST API logs with (the AWS managed policy
// AmazonAPIGatewayPushToCloudWatchLogs) and registers it in the account's API Gateway settings for the region
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html). The setting is account-wide and
// has no delete API: destroying the stack leaves it in place (terraform-provider-aws
// website/docs/r/api_gateway_account.html.markdown).
func newAPIGatewayAccountRole(ctx *pulumi.Context, name string, args *IngressArgs, parent pulumi.ResourceOption) (*apigateway.Account, error) {
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description: pulumi.String("API Gateway: write REST API logs to CloudWatch Logs (account setting)"),
		AssumeRolePolicy: pulumi.String(mustJSON(policyDocument{
			Version: iamPolicyVersion,
			Statement: []policyStatement{{
				Effect:    "Allow",
				Principal: map[string]any{"Service": "apigateway.amazonaws.com"},
				Action:    []string{"sts:AssumeRole"},
			}},
		})),
		Tags: nameTags(args.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	attachment, err := iam.NewRolePolicyAttachment(ctx, name, &iam.RolePolicyAttachmentArgs{
		Role:      role.Name,
		PolicyArn: pulumi.String("arn:" + awsregion.Partition(args.Region) + ":iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
	}, parent)
	if err != nil {
		return nil, err
	}
	return apigateway.NewAccount(ctx, name, &apigateway.AccountArgs{
		CloudwatchRoleArn: role.Arn,
	}, parent, pulumi.DependsOn([]pulumi.Resource{attachment}))
}
