package awsstandin

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// AccountID is the made-up AWS account every invented ARN belongs to.
const AccountID = "123456789012"

// facts is what the stand-in knows about a resource when it invents its identity.
type facts struct {
	typ    tokens.Type
	name   string // the Pulumi resource name, used for autonaming
	region string
	inputs resource.PropertyMap
	seed   string // hex digest of type, URN and inputs: the source of every invented value
}

// newFacts derives the seed from the type, the URN and the inputs, so that rerunning the same program invents the
// same ids, and a replacement (which always has different inputs) gets a new one.
func newFacts(typ tokens.Type, urn resource.URN, region string, inputs resource.PropertyMap) facts {
	canonical, err := json.Marshal(inputs.Mappable())
	if err != nil {
		canonical = fmt.Appendf(nil, "%v", inputs.Mappable())
	}
	sum := sha256.Sum256(append([]byte(string(typ)+"|"+string(urn)+"|"), canonical...))
	return facts{typ: typ, name: urn.Name(), region: region, inputs: inputs, seed: hex.EncodeToString(sum[:])}
}

// hexID returns n hex digits derived from the seed and a label, so one resource can own several ids.
func (f facts) hexID(label string, n int) string {
	sum := sha256.Sum256([]byte(f.seed + "|" + label))
	return hex.EncodeToString(sum[:])[:n]
}

// digits returns n decimal digits derived from the seed and a label.
func (f facts) digits(label string, n int) string {
	sum := sha256.Sum256([]byte(f.seed + "|" + label))
	s := new(big.Int).SetBytes(sum[:]).String()
	return s[len(s)-n:]
}

// str returns a known string input, or "" when it is missing, unknown or not a string.
func (f facts) str(key string) string {
	v, ok := f.inputs[resource.PropertyKey(key)]
	if ok && v.IsSecret() {
		v = v.SecretValue().Element
	}
	if !ok || !v.IsString() {
		return ""
	}
	return v.StringValue()
}

// boolean returns a known bool input, or def when it is missing or unknown.
func (f facts) boolean(key string, def bool) bool {
	v, ok := f.inputs[resource.PropertyKey(key)]
	if !ok || !v.IsBool() {
		return def
	}
	return v.BoolValue()
}

// arn builds a regional ARN of this account.
func (f facts) arn(service, resourcePart string) string {
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s", service, f.region, AccountID, resourcePart)
}

// nameOrAuto returns the name input. Create fills it for every auto-named type (autoname.go) before inventing
// identities, so the fallback, the resource name plus a suffix, serves only types the stand-in does not autoname.
func (f facts) nameOrAuto() string {
	if name := f.str("name"); name != "" {
		return name
	}
	if prefix := f.str("namePrefix"); prefix != "" {
		// create.Name in terraform-provider-aws: the prefix plus a 26-character unique id.
		return prefix + f.digits("name-prefix", 26)
	}
	return f.name + "-" + f.hexID("name", 7)
}

// regionShortName abbreviates a region the way AWS zone ids do: us-east-1 -> use1.
func regionShortName(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) != 3 || parts[1] == "" {
		return region
	}
	return parts[0] + parts[1][:1] + parts[2]
}

// afterLast returns what follows the last sep in s (all of s when sep is absent).
func afterLast(s, sep string) string {
	return s[strings.LastIndex(s, sep)+1:]
}

// invent returns the id and the computed outputs AWS would report for a newly created resource. The outputs hold
// only computed properties; the caller layers them under the inputs.
func invent(f facts) (resource.ID, resource.PropertyMap) {
	out := map[string]any{}
	var id string
	switch f.typ {
	case awstypes.Ec2Vpc:
		id = "vpc-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "vpc/"+id)
		out["ownerId"] = AccountID
		out["defaultSecurityGroupId"] = "sg-" + f.hexID("default-sg", 17)
		out["defaultRouteTableId"] = "rtb-" + f.hexID("main-rtb", 17)
		out["mainRouteTableId"] = out["defaultRouteTableId"]
		out["defaultNetworkAclId"] = "acl-" + f.hexID("default-acl", 17)
		out["dhcpOptionsId"] = "dopt-" + f.hexID("dopt", 17)
		out["enableDnsSupport"] = f.boolean("enableDnsSupport", true)
		out["enableDnsHostnames"] = f.boolean("enableDnsHostnames", false)
		out["instanceTenancy"] = "default"
		out["ipv6CidrBlock"] = ""
		out["ipv6AssociationId"] = ""
		if f.boolean("assignGeneratedIpv6CidrBlock", false) {
			out["ipv6CidrBlock"] = fmt.Sprintf("2600:1f18:%s:%s00::/56", f.hexID("ipv6-hi", 4), f.hexID("ipv6-lo", 2))
			out["ipv6AssociationId"] = "vpc-cidr-assoc-" + f.hexID("ipv6-assoc", 17)
		}
	case awstypes.Ec2Subnet:
		id = "subnet-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "subnet/"+id)
		out["ownerId"] = AccountID
		az := f.str("availabilityZone")
		if az == "" {
			az = f.region + "a"
		}
		out["availabilityZone"] = az
		out["availabilityZoneId"] = fmt.Sprintf("%s-az%d", regionShortName(f.region), int(az[len(az)-1]-'a')+1)
		out["mapPublicIpOnLaunch"] = false
		out["assignIpv6AddressOnCreation"] = false
		out["ipv6CidrBlockAssociationId"] = ""
		if f.str("ipv6CidrBlock") != "" {
			out["ipv6CidrBlockAssociationId"] = "subnet-cidr-assoc-" + f.hexID("ipv6-assoc", 17)
		}
	case awstypes.Ec2SecurityGroup:
		id = "sg-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "security-group/"+id)
		out["ownerId"] = AccountID
		out["name"] = f.nameOrAuto()
		out["description"] = "Managed by Pulumi"
		out["ingress"] = []any{}
		out["egress"] = []any{}
	case awstypes.Ec2SecurityGroupRule:
		id = "sgrule-" + f.digits("id", 10)
		out["securityGroupRuleId"] = "sgr-" + f.hexID("rule", 17)
	case awstypes.VpcSecurityGroupIngressRule,
		awstypes.VpcSecurityGroupEgressRule:
		id = "sgr-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "security-group-rule/"+id)
		out["securityGroupRuleId"] = id
	case awstypes.Ec2VpcEndpoint:
		id = "vpce-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "vpc-endpoint/"+id)
		out["ownerId"] = AccountID
		out["state"] = "available"
		out["requesterManaged"] = false
		out["cidrBlocks"] = []any{}
		out["prefixListId"] = ""
		out["dnsEntries"] = []any{}
		out["networkInterfaceIds"] = []any{}
		out["vpcEndpointType"] = "Gateway"
		switch endpointType := f.str("vpcEndpointType"); endpointType {
		case "", "Gateway":
			out["prefixListId"] = "pl-" + f.hexID("prefix-list", 8)
			out["cidrBlocks"] = []any{"52.216.0.0/15"}
		default:
			out["vpcEndpointType"] = endpointType
			service := strings.TrimPrefix(f.str("serviceName"), "com.amazonaws."+f.region+".")
			out["dnsEntries"] = []any{map[string]any{
				"dnsName":      fmt.Sprintf("%s-%s.%s.%s.vpce.amazonaws.com", id, f.hexID("dns", 8), service, f.region),
				"hostedZoneId": "Z7HUB22UULQXV",
			}}
			var enis []any
			if subnets, ok := f.inputs["subnetIds"]; ok && subnets.IsArray() {
				for i := range subnets.ArrayValue() {
					enis = append(enis, "eni-"+f.hexID(fmt.Sprintf("eni-%d", i), 17))
				}
			}
			if enis != nil {
				out["networkInterfaceIds"] = enis
			}
		}
	case awstypes.Ec2RouteTable:
		id = "rtb-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "route-table/"+id)
		out["ownerId"] = AccountID
		out["routes"] = []any{}
		out["propagatingVgws"] = []any{}
	case awstypes.Ec2Route:
		id = "r-" + f.str("routeTableId") + f.digits("id", 10)
		out["state"] = "active"
		out["origin"] = "CreateRoute"
	case awstypes.Ec2RouteTableAssociation:
		id = "rtbassoc-" + f.hexID("id", 17)
	case awstypes.Ec2VpcEndpointRouteTableAssociation:
		id = "a-" + f.str("vpcEndpointId") + f.digits("id", 10)
	case awstypes.Ec2InternetGateway:
		id = "igw-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "internet-gateway/"+id)
		out["ownerId"] = AccountID
	case awstypes.Ec2EgressOnlyInternetGateway:
		id = "eigw-" + f.hexID("id", 17)
	case awstypes.Ec2NatGateway:
		id = "nat-" + f.hexID("id", 17)
		out["networkInterfaceId"] = "eni-" + f.hexID("eni", 17)
		out["connectivityType"] = "public"
	case awstypes.Ec2Eip:
		id = "eipalloc-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "elastic-ip/"+id)
		out["allocationId"] = id
		out["publicIp"] = "203.0.113." + strings.TrimLeft(f.digits("ip", 2), "0")
		out["domain"] = "vpc"
	case awstypes.LbLoadBalancer:
		name := f.nameOrAuto()
		kind, lbType := "app", f.str("loadBalancerType")
		switch lbType {
		case "network":
			kind = "net"
		case "gateway":
			kind = "gwy"
		case "":
			lbType = "application"
		}
		suffix := kind + "/" + name + "/" + f.hexID("id", 16)
		id = f.arn("elasticloadbalancing", "loadbalancer/"+suffix)
		out["arn"] = id
		out["arnSuffix"] = suffix
		out["name"] = name
		out["loadBalancerType"] = lbType
		out["internal"] = f.boolean("internal", false)
		prefix := ""
		if f.boolean("internal", false) {
			prefix = "internal-"
		}
		out["dnsName"] = fmt.Sprintf("%s%s-%s.%s.elb.amazonaws.com", prefix, name, f.digits("dns", 10), f.region)
		out["zoneId"] = "Z35SXDOTRQ7X7K"
	case awstypes.LbTargetGroup:
		name := f.nameOrAuto()
		suffix := "targetgroup/" + name + "/" + f.hexID("id", 16)
		id = f.arn("elasticloadbalancing", suffix)
		out["arn"] = id
		out["arnSuffix"] = suffix
		out["name"] = name
		out["targetType"] = "instance"
		out["loadBalancerArns"] = []any{}
	case awstypes.LbListener:
		lb := f.str("loadBalancerArn")
		lbPart := "app/unknown/" + f.hexID("lb", 16)
		if i := strings.Index(lb, ":loadbalancer/"); i >= 0 {
			lbPart = lb[i+len(":loadbalancer/"):]
		}
		id = f.arn("elasticloadbalancing", "listener/"+lbPart+"/"+f.hexID("id", 16))
		out["arn"] = id
	case awstypes.LbListenerRule:
		listener := f.str("listenerArn")
		listenerPart := "app/unknown/" + f.hexID("lb", 16) + "/" + f.hexID("listener", 16)
		if i := strings.Index(listener, ":listener/"); i >= 0 {
			listenerPart = listener[i+len(":listener/"):]
		}
		id = f.arn("elasticloadbalancing", "listener-rule/"+listenerPart+"/"+f.hexID("id", 16))
		out["arn"] = id
	case awstypes.LbTargetGroupAttachment:
		id = f.str("targetGroupArn") + "-" + f.digits("id", 20)
	case awstypes.EcsCluster:
		name := f.nameOrAuto()
		id = f.arn("ecs", "cluster/"+name)
		out["arn"] = id
		out["name"] = name
	case awstypes.EcsTaskDefinition:
		family := f.str("family")
		// A replacement registers a new revision; deriving it from the seed keeps it stable yet distinct.
		revision := 1 + int(f.seed[0])%9
		id = family
		out["arnWithoutRevision"] = f.arn("ecs", "task-definition/"+family)
		out["arn"] = fmt.Sprintf("%s:%d", out["arnWithoutRevision"], revision)
		out["revision"] = revision
	case awstypes.EcsService:
		name := f.nameOrAuto()
		cluster := afterLast(f.str("cluster"), "/")
		if cluster == "" {
			cluster = "default"
		}
		id = f.arn("ecs", "service/"+cluster+"/"+name)
		out["arn"] = id
		out["name"] = name
	case awstypes.IamRole:
		name := f.nameOrAuto()
		path := f.str("path")
		if path == "" {
			path = "/"
		}
		id = name
		out["arn"] = fmt.Sprintf("arn:aws:iam::%s:role%s%s", AccountID, path, name)
		out["name"] = name
		out["path"] = path
		out["uniqueId"] = "AROA" + strings.ToUpper(f.hexID("unique", 17))
		out["createDate"] = "2026-01-01T00:00:00Z"
		out["maxSessionDuration"] = 3600
	case awstypes.IamPolicy:
		name := f.nameOrAuto()
		path := f.str("path")
		if path == "" {
			path = "/"
		}
		id = fmt.Sprintf("arn:aws:iam::%s:policy%s%s", AccountID, path, name)
		out["arn"] = id
		out["name"] = name
		out["path"] = path
		out["policyId"] = "ANPA" + strings.ToUpper(f.hexID("unique", 17))
	case awstypes.IamRolePolicy:
		name := f.nameOrAuto()
		id = f.str("role") + ":" + name
		out["name"] = name
	case awstypes.IamRolePolicyAttachment:
		id = f.str("role") + "-" + f.digits("id", 20)
	case awstypes.CloudwatchLogGroup:
		name := f.nameOrAuto()
		id = name
		out["arn"] = f.arn("logs", "log-group:"+name)
		out["name"] = name
	case awstypes.Apigatewayv2API:
		id = f.hexID("id", 10)
		out["arn"] = fmt.Sprintf("arn:aws:apigateway:%s::/apis/%s", f.region, id)
		out["apiEndpoint"] = fmt.Sprintf("https://%s.execute-api.%s.amazonaws.com", id, f.region)
		out["executionArn"] = f.arn("execute-api", id)
	case awstypes.Apigatewayv2VpcLink:
		id = f.hexID("id", 6)
		out["arn"] = fmt.Sprintf("arn:aws:apigateway:%s::/vpclinks/%s", f.region, id)
	case awstypes.Apigatewayv2Integration, awstypes.Apigatewayv2Route:
		id = f.hexID("id", 7)
	case awstypes.Apigatewayv2Stage:
		apiID, stage := f.str("apiId"), f.str("name")
		id = stage
		out["arn"] = fmt.Sprintf("arn:aws:apigateway:%s::/apis/%s/stages/%s", f.region, apiID, stage)
		out["executionArn"] = f.arn("execute-api", apiID+"/"+stage)
		out["invokeUrl"] = fmt.Sprintf("https://%s.execute-api.%s.amazonaws.com/%s", apiID, f.region,
			strings.TrimPrefix(stage, "$default"))
	case awstypes.ServicediscoveryPrivateDNSNamespace:
		id = "ns-" + f.hexID("id", 16)
		out["arn"] = f.arn("servicediscovery", "namespace/"+id)
		out["hostedZone"] = "Z" + strings.ToUpper(f.hexID("zone", 13))
	case awstypes.ServicediscoveryService:
		id = "srv-" + f.hexID("id", 16)
		out["arn"] = f.arn("servicediscovery", "service/"+id)
	case awstypes.SchedulerScheduleGroup:
		name := f.nameOrAuto()
		id = name
		out["name"] = name
		out["arn"] = f.arn("scheduler", "schedule-group/"+name)
		out["state"] = "ACTIVE"
	case awstypes.SchedulerSchedule:
		group := f.str("groupName")
		if group == "" {
			group = "default" // CreateSchedule puts a schedule without GroupName in the default group
		}
		name := f.nameOrAuto()
		id = group + "/" + name
		out["name"] = name
		out["groupName"] = group
		out["arn"] = f.arn("scheduler", "schedule/"+group+"/"+name)
	case awstypes.SqsQueue:
		name := f.nameOrAuto()
		id = fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", f.region, AccountID, name)
		out["name"] = name
		out["url"] = id
		out["arn"] = f.arn("sqs", name)
	case awstypes.Ec2FlowLog:
		id = "fl-" + f.hexID("id", 17)
		out["arn"] = f.arn("ec2", "vpc-flow-log/"+id)
	case awstypes.EcsClusterCapacityProviders:
		id = f.str("clusterName")
	case awstypes.S3BucketV2:
		bucket := f.str("bucket")
		if bucket == "" {
			bucket = strings.ToLower(f.nameOrAuto())
			if prefix := f.str("bucketPrefix"); prefix != "" {
				bucket = prefix + f.hexID("name", 26)
			}
		}
		id = bucket
		out["bucket"] = bucket
		out["arn"] = "arn:aws:s3:::" + bucket
		out["bucketDomainName"] = bucket + ".s3.amazonaws.com"
		out["bucketRegionalDomainName"] = fmt.Sprintf("%s.s3.%s.amazonaws.com", bucket, f.region)
		out["hostedZoneId"] = "Z1BKCTXD74EZPE"
		out["region"] = f.region
	case awstypes.S3BucketPolicy, awstypes.S3BucketPublicAccessBlock,
		awstypes.S3BucketServerSideEncryptionConfigurationV2,
		awstypes.S3BucketLifecycleConfigurationV2:
		id = f.str("bucket")
	case awstypes.ApigatewayRestAPI:
		id = f.hexID("id", 10)
		out["rootResourceId"] = f.hexID("root", 10)
		out["arn"] = fmt.Sprintf("arn:aws:apigateway:%s::/restapis/%s", f.region, id)
		out["executionArn"] = f.arn("execute-api", id)
		out["createdDate"] = "2026-01-01T00:00:00Z"
	case awstypes.ApigatewayVpcLink:
		id = f.hexID("id", 6)
		out["arn"] = fmt.Sprintf("arn:aws:apigateway:%s::/vpclinks/%s", f.region, id)
	case awstypes.ApigatewayResource:
		id = f.hexID("id", 6)
		out["path"] = "/" + f.str("pathPart")
	case awstypes.ApigatewayMethod:
		id = "agm-" + f.str("restApi") + "-" + f.str("resourceId") + "-" + f.str("httpMethod")
	case awstypes.ApigatewayIntegration:
		id = "agi-" + f.str("restApi") + "-" + f.str("resourceId") + "-" + f.str("httpMethod")
	case awstypes.ApigatewayDeployment:
		id = f.hexID("id", 6)
		out["createdDate"] = "2026-01-01T00:00:00Z"
		out["executionArn"] = f.arn("execute-api", f.str("restApi")+"/")
	case awstypes.ApigatewayStage:
		restAPI, stage := f.str("restApi"), f.str("stageName")
		id = "ags-" + restAPI + "-" + stage
		out["arn"] = fmt.Sprintf("arn:aws:apigateway:%s::/restapis/%s/stages/%s", f.region, restAPI, stage)
		out["executionArn"] = f.arn("execute-api", restAPI+"/"+stage)
		out["invokeUrl"] = fmt.Sprintf("https://%s.execute-api.%s.amazonaws.com/%s", restAPI, f.region, stage)
	case awstypes.AppautoscalingTarget:
		id = f.str("resourceId")
		out["arn"] = f.arn("application-autoscaling", "scalable-target/"+f.hexID("id", 16))
	case awstypes.AppautoscalingPolicy:
		name := f.nameOrAuto()
		id = name
		out["name"] = name
		out["arn"] = f.arn("autoscaling", fmt.Sprintf("scalingPolicy:%s:resource/%s:policyName/%s",
			f.hexID("uuid", 32), f.str("resourceId"), name))
		out["alarmArns"] = []any{}
	default:
		// A type this table does not know still gets a stable id and ARN of the usual shape.
		module, kind := "aws", strings.ToLower(f.typ.Name().String())
		if m := f.typ.Module().Name().String(); m != "" {
			module = strings.SplitN(m, "/", 2)[0]
		}
		id = kind + "-" + f.hexID("id", 17)
		out["arn"] = f.arn(module, kind+"/"+id)
	}
	computed := resource.NewPropertyMapFromMap(out)
	if tags, ok := f.inputs["tags"]; ok {
		computed["tagsAll"] = tags // keep secrets and unknowns as they are
	}
	return resource.ID(id), computed
}
