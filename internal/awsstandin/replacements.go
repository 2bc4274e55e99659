package awsstandin

import "github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

// anyChange marks a resource type that AWS replaces on every change (it has no update API).
const anyChange = "*"

// replaceOnChange lists, per resource type, the input properties AWS cannot update in place: changing one of
// them replaces the resource. It mirrors the ForceNew attributes of the AWS provider for the types this program
// uses; types missing here are updated in place.
var replaceOnChange = map[tokens.Type][]string{
	"aws:ec2/vpc:Vpc":                     {"cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"},
	"aws:ec2/subnet:Subnet":               {"vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "ipv6Native", "outpostArn"},
	"aws:ec2/securityGroup:SecurityGroup": {"vpcId", "name", "namePrefix", "description"},
	"aws:ec2/securityGroupRule:SecurityGroupRule": {
		"type", "securityGroupId", "sourceSecurityGroupId", "self", "protocol", "fromPort", "toPort",
		"cidrBlocks", "ipv6CidrBlocks", "prefixListIds",
	},
	"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {"securityGroupId"},
	"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":   {"securityGroupId"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                           {"vpcId", "serviceName", "vpcEndpointType", "serviceRegion"},
	"aws:ec2/routeTable:RouteTable":                             {"vpcId"},
	"aws:ec2/route:Route": {
		"routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId",
	},
	"aws:ec2/routeTableAssociation:RouteTableAssociation":                       {"subnetId", "gatewayId"},
	"aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway":               {"vpcId"},
	"aws:ec2/natGateway:NatGateway":                                             {"allocationId", "subnetId", "connectivityType", "privateIp"},
	"aws:ec2/eip:Eip":                                                           {"domain", "networkBorderGroup", "publicIpv4Pool"},
	"aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation": {"vpcEndpointId", "routeTableId"},
	"aws:lb/loadBalancer:LoadBalancer":                                          {"internal", "loadBalancerType", "name", "namePrefix"},
	"aws:lb/targetGroup:TargetGroup": {
		"port", "protocol", "targetType", "vpcId", "name", "namePrefix", "protocolVersion", "ipAddressType",
	},
	"aws:lb/listener:Listener":                                     {"loadBalancerArn"},
	"aws:lb/listenerRule:ListenerRule":                             {"listenerArn"},
	"aws:lb/targetGroupAttachment:TargetGroupAttachment":           {"targetGroupArn", "targetId", "port", "availabilityZone"},
	"aws:ecs/cluster:Cluster":                                      {"name"},
	"aws:ecs/taskDefinition:TaskDefinition":                        {anyChange},
	"aws:ecs/service:Service":                                      {"name", "cluster", "launchType", "schedulingStrategy", "iamRole"},
	"aws:iam/role:Role":                                            {"name", "namePrefix", "path"},
	"aws:iam/rolePolicy:RolePolicy":                                {"name", "namePrefix", "role"},
	"aws:iam/rolePolicyAttachment:RolePolicyAttachment":            {"role", "policyArn"},
	"aws:iam/policy:Policy":                                        {"name", "namePrefix", "path", "description"},
	"aws:cloudwatch/logGroup:LogGroup":                             {"name", "namePrefix", "logGroupClass"},
	"aws:apigatewayv2/api:Api":                                     {"protocolType"},
	"aws:apigatewayv2/vpcLink:VpcLink":                             {"securityGroupIds", "subnetIds"},
	"aws:apigatewayv2/integration:Integration":                     {"apiId", "integrationType"},
	"aws:apigatewayv2/route:Route":                                 {"apiId"},
	"aws:apigatewayv2/stage:Stage":                                 {"apiId", "name"},
	"aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {"name", "vpc"},
	"aws:ec2/flowLog:FlowLog": {
		"vpcId", "subnetId", "eniId", "trafficType", "logDestination", "logDestinationType", "logGroupName",
		"iamRoleArn", "logFormat", "maxAggregationInterval", "destinationOptions",
	},
	"aws:ecs/clusterCapacityProviders:ClusterCapacityProviders":                                  {"clusterName"},
	"aws:s3/bucketV2:BucketV2":                                                                   {"bucket", "bucketPrefix", "objectLockEnabled"},
	"aws:s3/bucketPolicy:BucketPolicy":                                                           {"bucket"},
	"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     {"bucket"},
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {"bucket", "expectedBucketOwner"},
	"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       {"bucket", "expectedBucketOwner"},
	"aws:apigateway/vpcLink:VpcLink":                                                             {"targetArns"},
	"aws:apigateway/resource:Resource":                                                           {"restApi"},
	"aws:apigateway/method:Method":                                                               {"restApi", "resourceId", "httpMethod"},
	"aws:apigateway/integration:Integration":                                                     {"restApi", "resourceId", "httpMethod"},
	"aws:apigateway/deployment:Deployment":                                                       {"restApi", "triggers", "variables"},
	"aws:apigateway/stage:Stage":                                                                 {"restApi", "stageName"},
	"aws:appautoscaling/target:Target":                                                           {"resourceId", "scalableDimension", "serviceNamespace"},
	"aws:appautoscaling/policy:Policy":                                                           {"name", "resourceId", "scalableDimension", "serviceNamespace"},
	"aws:servicediscovery/service:Service":                                                       {"name", "namespaceId"},
}

// replacesOn reports whether a change to property key of a resource of type typ replaces the resource.
func replacesOn(typ tokens.Type, key string) bool {
	for _, replaced := range replaceOnChange[typ] {
		if replaced == anyChange || replaced == key {
			return true
		}
	}
	return false
}

func typeToken(typ string) tokens.Type { return tokens.Type(typ) }
