package components

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awsregion"
	"github.com/private-fargate/private-fargate/internal/imagesource"
)

// defaultInterfaceEndpoints are what a Fargate task in a private subnet needs to start without internet access:
// the ECR API and registry for the image manifest, and CloudWatch Logs for awslogs. Image layers come from S3,
// through the gateway endpoint.
var defaultInterfaceEndpoints = []string{imagesource.ECRAPIEndpoint, imagesource.ECRRegistryEndpoint, imagesource.LogsEndpoint}

// EndpointsArgs configures Endpoints.
type EndpointsArgs struct {
	// Region builds the endpoint service names (com.amazonaws.<region>.<service>).
	Region string
	// Services are the interface endpoint services by short name; see InterfaceEndpointServices.
	Services []string
	// VpcId is the VPC the endpoints live in.
	VpcId pulumi.StringInput
	// VpcCidr is admitted on TCP 443.
	VpcCidr string
	// VpcIpv6Cidr is admitted on TCP 443 too, when set (dual-stack).
	VpcIpv6Cidr pulumi.StringInput
	// SubnetIds are the private subnets that get an endpoint network interface.
	SubnetIds pulumi.StringArrayInput
	// S3Policy is the S3 gateway endpoint's policy document; "" leaves the AWS default (full access).
	S3Policy string
	// RouteTableIds are the private route tables keyed by AZ; each is associated with the S3 gateway endpoint.
	RouteTableIds map[string]pulumi.StringOutput
	// Tags are added to every resource.
	Tags map[string]string
}

// Endpoints are interface VPC endpoints with private DNS behind a security group that admits HTTPS only from inside
// the VPC, plus an S3 gateway endpoint on every private route table.
type Endpoints struct {
	pulumi.ResourceState

	// SecurityGroupId is the endpoints' security group.
	SecurityGroupId pulumi.StringOutput
	// InterfaceEndpointIds are the interface endpoints keyed by service short name.
	InterfaceEndpointIds map[string]pulumi.StringOutput
	// S3GatewayEndpointId is the S3 gateway endpoint.
	S3GatewayEndpointId pulumi.StringOutput
}

// InterfaceEndpointServices returns the interface endpoint services the config needs, sorted and without duplicates:
// the defaults, endpoints.extra, and what services need without internet (ssmmessages for ECS Exec, secretsmanager
// and ssm for the secrets that services' and jobs' containers reference).
func InterfaceEndpointServices(cfg *Config) []string {
	services := map[string]bool{}
	for _, s := range defaultInterfaceEndpoints {
		services[s] = true
	}
	for _, s := range cfg.Endpoints.Extra {
		services[s] = true
	}
	for _, svc := range cfg.Services {
		if svc.EcsExec {
			services["ssmmessages"] = true
		}
	}
	for _, task := range cfg.tasks() {
		for _, need := range taskEndpointNeeds("", task.Config) {
			services[need.Service] = true
		}
	}
	return sortedKeys(services)
}

// NewEndpoints registers the endpoints. Each endpoint is named after its service, so adding one never touches another.
func NewEndpoints(ctx *pulumi.Context, name string, args *EndpointsArgs, opts ...pulumi.ResourceOption) (*Endpoints, error) {
	endpoints := &Endpoints{InterfaceEndpointIds: map[string]pulumi.StringOutput{}}
	if err := ctx.RegisterComponentResource("private-fargate:index:Endpoints", name, endpoints, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(endpoints)

	// Rules are separate resources: inline rules and rule resources fight over the same group.
	securityGroup, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String("VPC interface endpoints: HTTPS from inside the VPC only"),
		Tags:        nameTags(args.Tags, name+"-sg"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if err := newIngressRule(ctx, name+"-https-ipv4", &vpc.SecurityGroupIngressRuleArgs{
		SecurityGroupId: securityGroup.ID(),
		Description:     pulumi.String("HTTPS from the VPC"),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(443),
		ToPort:          pulumi.Int(443),
		CidrIpv4:        pulumi.String(args.VpcCidr),
	}, args.Tags, parent); err != nil {
		return nil, err
	}
	if args.VpcIpv6Cidr != nil {
		if err := newIngressRule(ctx, name+"-https-ipv6", &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: securityGroup.ID(),
			Description:     pulumi.String("HTTPS from the VPC (IPv6)"),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(443),
			ToPort:          pulumi.Int(443),
			CidrIpv6:        args.VpcIpv6Cidr,
		}, args.Tags, parent); err != nil {
			return nil, err
		}
	}
	endpoints.SecurityGroupId = securityGroup.ID().ToStringOutput()

	for _, service := range args.Services {
		endpointName := name + "-" + endpointNameFragment(service)
		endpoint, err := ec2.NewVpcEndpoint(ctx, endpointName, &ec2.VpcEndpointArgs{
			VpcId:             args.VpcId,
			ServiceName:       pulumi.String(endpointServiceName(args.Region, service)),
			VpcEndpointType:   pulumi.String("Interface"),
			PrivateDnsEnabled: pulumi.Bool(true),
			SubnetIds:         args.SubnetIds,
			SecurityGroupIds:  pulumi.StringArray{securityGroup.ID()},
			Tags:              nameTags(args.Tags, endpointName),
		}, parent)
		if err != nil {
			return nil, err
		}
		endpoints.InterfaceEndpointIds[service] = endpoint.ID().ToStringOutput()
	}

	// One association per route table (not the endpoint's routeTableIds list), so adding an AZ only adds one.
	var s3Policy pulumi.StringPtrInput
	if args.S3Policy != "" {
		s3Policy = pulumi.String(args.S3Policy)
	}
	s3, err := ec2.NewVpcEndpoint(ctx, name+"-s3", &ec2.VpcEndpointArgs{
		VpcId:           args.VpcId,
		ServiceName:     pulumi.String(endpointServiceName(args.Region, imagesource.LayersGatewayEndpoint)),
		VpcEndpointType: pulumi.String("Gateway"),
		Policy:          s3Policy,
		Tags:            nameTags(args.Tags, name+"-s3"),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, az := range sortedKeys(args.RouteTableIds) {
		if _, err := ec2.NewVpcEndpointRouteTableAssociation(ctx, name+"-s3-"+az, &ec2.VpcEndpointRouteTableAssociationArgs{
			VpcEndpointId: s3.ID(),
			RouteTableId:  args.RouteTableIds[az],
		}, parent); err != nil {
			return nil, err
		}
	}
	endpoints.S3GatewayEndpointId = s3.ID().ToStringOutput()

	if err := ctx.RegisterResourceOutputs(endpoints, pulumi.Map{
		"securityGroupId":     endpoints.SecurityGroupId,
		"s3GatewayEndpointId": endpoints.S3GatewayEndpointId,
	}); err != nil {
		return nil, err
	}
	return endpoints, nil
}

// endpointNameFragment is the part of an endpoint's resource name that comes from its service: "ecr.api" gives
// "ecr-api". Validation refuses two services whose fragments are equal.
func endpointNameFragment(service string) string {
	return strings.ReplaceAll(service, ".", "-")
}

// S3EndpointPolicy is the restricted S3 gateway endpoint policy of a config: GetObject on the region's ECR layer
// bucket ("Minimum Amazon S3 bucket permissions for Amazon ECR" in "Amazon ECR interface VPC endpoints",
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html), plus, per service, the S3 actions and
// resources (or "*") its task role statements allow, so the endpoint never admits more than some role of the stack
// could use. ok is false with endpoints.s3Policy "open".
func S3EndpointPolicy(cfg *Config) (doc policyDocument, ok bool) {
	if cfg.Endpoints.S3Policy == S3PolicyOpen {
		return policyDocument{}, false
	}
	partition := awsregion.Partition(cfg.Region)
	statements := []policyStatement{{
		Sid:       "EcrImageLayers",
		Effect:    "Allow",
		Principal: map[string]any{"AWS": "*"},
		Action:    []string{"s3:GetObject"},
		Resource:  []string{"arn:" + partition + ":s3:::prod-" + cfg.Region + "-starport-layer-bucket/*"},
	}}
	for _, task := range cfg.tasks() {
		for i, statement := range task.Config.TaskRole.Statements {
			actions, resources := s3Grant(statement, partition)
			if len(actions) == 0 || len(resources) == 0 {
				continue
			}
			statements = append(statements, policyStatement{
				Sid:       fmt.Sprintf("TaskRole%s%d", task.sidFragment(), i),
				Effect:    "Allow",
				Principal: map[string]any{"AWS": "*"},
				Action:    uniqueSorted(actions),
				Resource:  uniqueSorted(resources),
			})
		}
	}
	return policyDocument{Version: iamPolicyVersion, Statement: statements}, true
}

// s3Grant returns the S3 actions and the S3 resources (or "*") an Allow statement of a task role grants; none for
// a Deny statement.
func s3Grant(statement PolicyStatementConfig, partition string) (actions, resources []string) {
	if statement.Effect != "Allow" {
		return nil, nil
	}
	for _, action := range statement.Actions {
		if strings.HasPrefix(strings.ToLower(action), "s3:") {
			actions = append(actions, action)
		}
	}
	for _, resource := range statement.Resources {
		if resource == "*" || strings.HasPrefix(resource, "arn:"+partition+":s3:::") {
			resources = append(resources, resource)
		}
	}
	return actions, resources
}

// endpointServiceName is the regional endpoint service name, for example com.amazonaws.eu-west-1.ecr.api.
func endpointServiceName(region, service string) string {
	return "com.amazonaws." + region + "." + service
}
