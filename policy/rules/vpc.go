package rules

import (
	"fmt"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// privateDNSConsumers are the resources that need their VPC's DNS support and DNS hostnames, with the property that
// names the VPC: interface endpoints with private DNS, Route 53 private hosted zones and their associations, and
// Cloud Map private DNS namespaces (which are private hosted zones).
var privateDNSConsumers = map[string]string{
	awstypes.Ec2VpcEndpoint:                            "vpcId",
	awstypes.NativeEc2VpcEndpoint:                      "vpcId",
	awstypes.Route53Zone:                               "vpcs",
	awstypes.NativeRoute53HostedZone:                   "vpcs",
	awstypes.Route53ZoneAssociation:                    "vpcId",
	awstypes.ServicediscoveryPrivateDNSNamespace:       "vpc",
	awstypes.NativeServicediscoveryPrivateDNSNamespace: "vpc",
}

// consumesPrivateDNS reports whether resource index needs private DNS from the VPCs it names; an endpoint does when
// it is an interface endpoint with private DNS on.
func (s *stack) consumesPrivateDNS(index int) tri {
	r := s.resources[index]
	if r.Type != awstypes.Ec2VpcEndpoint && r.Type != awstypes.NativeEc2VpcEndpoint {
		return yes
	}
	endpointType, known := str(r.Properties, "vpcEndpointType", "Gateway")
	isInterface := unknown
	if known {
		isInterface = triOf(endpointType == "Interface")
	}
	return and(isInterface, boolTri(r.Properties, "privateDnsEnabled", false))
}

// consumerVpcs resolves the VPCs a private DNS consumer names (a hosted zone's vpcs[].vpcId is nested).
func (s *stack) consumerVpcs(index int) ref {
	key := privateDNSConsumers[s.resources[index].Type]
	value := s.resources[index].Properties.Get(key)
	if key == "vpcs" {
		items, known := list(value)
		if known {
			ids := make([]property.Value, 0, len(items))
			for _, item := range items {
				zoneVpc, zoneVpcKnown := object(item)
				if !zoneVpcKnown {
					ids = append(ids, item)
					continue
				}
				ids = append(ids, zoneVpc.Get("vpcId"))
			}
			value = property.New(ids).WithDependencies(value.Dependencies())
		}
	}
	return s.resolveValue(index, key, value, vpcTypes...)
}

var vpcDNSRule = StackRule{
	Name:          "vpc-dns",
	ResourceTypes: vpcTypes,
	Description:   "A VPC that hosts a consumer of private DNS (an interface endpoint with private DNS, a Route 53 private hosted zone or zone association, a Cloud Map private DNS namespace) enables `enableDnsSupport` (default true) and `enableDnsHostnames` (default false). VPCs without such a consumer pass.",
	Rationale:     "Private DNS names of interface endpoints and private hosted zones resolve only when both are on (Route 53 Developer Guide, private hosted zones; AWS PrivateLink, DNS hostnames); a VPC that needs neither is not wrong.",
	DefaultLevel:  Mandatory,
	Check:         checkVpcDNS,
}

func checkVpcDNS(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	var consumers []int
	for i, r := range resources {
		if _, ok := privateDNSConsumers[r.Type]; ok {
			consumers = append(consumers, i)
		}
	}
	var findings []StackFinding
	for _, vpc := range s.ofType(vpcTypes...) {
		var needing []string
		needed := no
		for _, consumer := range consumers {
			result := and(s.consumerVpcs(consumer).contains(vpc), s.consumesPrivateDNS(consumer))
			if result == yes {
				needing = append(needing, fmt.Sprintf("%q", resources[consumer].Name))
			}
			needed = or(needed, result)
		}
		props := resources[vpc].Properties
		support, hostnames := boolTri(props, "enableDnsSupport", true), boolTri(props, "enableDnsHostnames", false)
		broken := and(needed, not(and(support, hostnames)))
		name := resources[vpc].Name
		switch broken {
		case unknown:
			findings = append(findings, couldNotVerify(vpc, "vpc-dns", fmt.Sprintf(
				"whether VPC %q needs DNS support and hostnames (a private DNS consumer's VPC or a DNS setting is unknown)", name)))
		case yes:
			var off, fix []string
			for _, setting := range []struct {
				key   string
				value tri
			}{{"enableDnsSupport", support}, {"enableDnsHostnames", hostnames}} {
				if setting.value == no {
					off = append(off, setting.key)
					fix = append(fix, setting.key+": true")
				}
			}
			findings = append(findings, StackFinding{Resource: vpc, Message: fmt.Sprintf(
				"VPC %q hosts %s, which need private DNS, but has %s off (enableDnsHostnames defaults to false); set %s",
				name, strings.Join(needing, ", "), strings.Join(off, " and "), strings.Join(fix, " and "))})
		}
	}
	return findings
}

var vpcDefaultSecurityGroupClosedRule = StackRule{
	Name:          "vpc-default-security-group-closed",
	ResourceTypes: concat(vpcTypes, []string{awstypes.Ec2DefaultSecurityGroup}, defaultSGRuleTypes),
	Controls:      []string{"EC2.2"},
	Description:   "Every VPC's default security group is adopted with an `aws:ec2/defaultSecurityGroup` that has no `ingress` or `egress`, and no security group rule resource adds to it.",
	Rationale:     "AWS creates the default group allowing all traffic among its members and all egress; anything launched without a group lands in it.",
	DefaultLevel:  Mandatory,
	Check:         checkDefaultSecurityGroupClosed,
}

func checkDefaultSecurityGroupClosed(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	defaults := s.ofType(awstypes.Ec2DefaultSecurityGroup)
	var findings []StackFinding
	for _, group := range defaults {
		open := or(isSet(resources[group].Properties, "ingress"), isSet(resources[group].Properties, "egress"))
		switch open {
		case yes:
			findings = append(findings, StackFinding{Resource: group, Message: fmt.Sprintf(
				"default security group %q keeps ingress or egress rules; remove them all, so that nothing which lands in "+
					"the default group can talk to anything", resources[group].Name)})
		case unknown:
			findings = append(findings, couldNotVerify(group, "vpc-default-security-group-closed", fmt.Sprintf(
				"that default security group %q has no rules (they are unknown)", resources[group].Name)))
		}
	}
	for _, rule := range s.ofType(defaultSGRuleTypes...) {
		if s.resolve(rule, "securityGroupId", awstypes.Ec2DefaultSecurityGroup).overlaps(allOf(defaults)) == yes {
			findings = append(findings, StackFinding{Resource: rule, Message: fmt.Sprintf(
				"security group rule %q adds a rule to a VPC's default security group; attach it to a security group of "+
					"its own instead", resources[rule].Name)})
		}
	}
	for _, vpc := range s.ofType(vpcTypes...) {
		adopted := anyOf(defaults, func(group int) tri { return s.resolve(group, "vpcId", vpcTypes...).contains(vpc) })
		switch adopted {
		case no:
			findings = append(findings, StackFinding{Resource: vpc, Message: fmt.Sprintf(
				"VPC %q leaves its default security group with AWS's rules (all traffic among members, all egress); add an "+
					"aws.ec2.DefaultSecurityGroup with vpcId set to this VPC and no ingress or egress", resources[vpc].Name)})
		case unknown:
			findings = append(findings, couldNotVerify(vpc, "vpc-default-security-group-closed", fmt.Sprintf(
				"that VPC %q adopts its default security group (a default group's vpcId is unknown)", resources[vpc].Name)))
		}
	}
	return findings
}

// allOf is a reference to every resource in indexes.
func allOf(indexes []int) ref {
	r := newRef()
	for _, i := range indexes {
		r.targets[i] = true
	}
	return r
}

// inVpcWith reports, for one VPC, whether some resource among candidates lives in it (through key) and passes test.
func (s *stack) inVpcWith(vpc int, candidates []int, key string, test func(int) tri) tri {
	return anyOf(candidates, func(c int) tri {
		return and(s.resolve(c, key, vpcTypes...).contains(vpc), test(c))
	})
}

var vpcFlowLogsRule = StackRule{
	Name:          "vpc-flow-logs",
	ResourceTypes: vpcTypes,
	Controls:      []string{"EC2.6"},
	Description:   "Every VPC has a flow log (`aws:ec2/flowLog` `vpcId`, aws-native `FlowLog` `resourceId` with resourceType VPC) recording REJECT or ALL traffic.",
	Rationale:     "Flow logs are the only record of which connections were attempted and refused.",
	DefaultLevel:  Advisory,
	Check:         checkVpcFlowLogs,
}

func checkVpcFlowLogs(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	var findings []StackFinding
	for _, vpc := range s.ofType(vpcTypes...) {
		records := func(flowLog int) tri {
			props := resources[flowLog].Properties
			traffic, known := str(props, "trafficType", "ALL")
			if !known {
				return unknown
			}
			if resources[flowLog].Type == awstypes.NativeEc2FlowLog {
				kind, kindKnown := str(props, "resourceType", "")
				if !kindKnown {
					return unknown
				}
				if kind != "VPC" {
					return no
				}
			}
			return triOf(traffic != "ACCEPT")
		}
		logged := or(s.inVpcWith(vpc, s.ofType(awstypes.Ec2FlowLog), "vpcId", records),
			s.inVpcWith(vpc, s.ofType(awstypes.NativeEc2FlowLog), "resourceId", records))
		switch logged {
		case no:
			findings = append(findings, StackFinding{Resource: vpc, Message: fmt.Sprintf(
				"VPC %q has no flow log recording rejected traffic; add an aws.ec2.FlowLog with vpcId set to it and "+
					"trafficType ALL or REJECT", resources[vpc].Name)})
		case unknown:
			findings = append(findings, couldNotVerify(vpc, "vpc-flow-logs", fmt.Sprintf(
				"that VPC %q has a flow log (a flow log's VPC or traffic type is unknown)", resources[vpc].Name)))
		}
	}
	return findings
}

// serviceEndpointControls are the interface endpoints FSBP expects in every VPC, by control.
var serviceEndpointControls = []struct{ control, service string }{
	{"EC2.10", "ec2"}, {"EC2.55", "ecr.api"}, {"EC2.56", "ecr.dkr"}, {"EC2.57", "ssm"}, {"EC2.58", "ssm-contacts"},
	{"EC2.60", "ssm-incidents"},
}

var vpcServiceEndpointsRule = StackRule{
	Name:          "vpc-service-endpoints",
	ResourceTypes: vpcTypes,
	Controls:      []string{"EC2.10", "EC2.55", "EC2.56", "EC2.57", "EC2.58", "EC2.60"},
	Description:   "Every VPC has interface endpoints for ec2 (EC2.10), ecr.api (EC2.55), ecr.dkr (EC2.56), ssm (EC2.57), ssm-contacts (EC2.58) and ssm-incidents (EC2.60).",
	Rationale:     "Calls to these services then stay on the AWS network instead of crossing the internet through NAT.",
	DefaultLevel:  Advisory,
	Check:         checkVpcServiceEndpoints,
}

func checkVpcServiceEndpoints(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	var findings []StackFinding
	for _, vpc := range s.ofType(vpcTypes...) {
		vpcRef := newRef()
		vpcRef.targets[vpc] = true
		inVpc := func(endpoint int) tri { return s.resolve(endpoint, "vpcId", vpcTypes...).overlaps(vpcRef) }
		var missing []string
		undecided := false
		for _, e := range serviceEndpointControls {
			switch s.hasInterfaceEndpoint("."+e.service, inVpc) {
			case no:
				missing = append(missing, fmt.Sprintf("%s (%s)", e.service, e.control))
			case unknown:
				undecided = true
			}
		}
		switch {
		case len(missing) > 0:
			findings = append(findings, StackFinding{Resource: vpc, Message: fmt.Sprintf(
				"VPC %q has no interface endpoints for %s; add them with privateDnsEnabled: true", resources[vpc].Name,
				strings.Join(missing, ", "))})
		case undecided:
			findings = append(findings, couldNotVerify(vpc, "vpc-service-endpoints", fmt.Sprintf(
				"which endpoints VPC %q has (an endpoint's VPC or service is unknown)", resources[vpc].Name)))
		}
	}
	return findings
}
