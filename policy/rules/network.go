package rules

import (
	"fmt"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

var subnetNoPublicIPRule = ResourceRule{
	Name:          "subnet-no-public-ip",
	Controls:      []string{"EC2.15"},
	ResourceTypes: subnetTypes,
	Description:   "Subnets do not assign public IPs on launch (`mapPublicIpOnLaunch`: default false, but true for a `DefaultSubnet`, which adopts the default VPC's public subnet).",
	Rationale:     "Tasks and instances in the platform have no public address; egress goes through NAT or endpoints.",
	DefaultLevel:  Mandatory,
	Check:         checkSubnetPublicIP,
}

func checkSubnetPublicIP(res Resource, _ Config) []string {
	// A default subnet (aws_default_subnet adopts the default VPC's existing subnet) maps public IPs unless told not
	// to: "Default subnets ... public IPv4 addressing attribute set to true" (Amazon VPC User Guide, Default subnets).
	def := res.Type == awstypes.Ec2DefaultSubnet
	if boolTri(res.Properties, "mapPublicIpOnLaunch", def) != yes {
		return nil
	}
	if def && res.Properties.Get("mapPublicIpOnLaunch").IsNull() {
		return []string{fmt.Sprintf("default subnet %q keeps the default VPC's mapPublicIpOnLaunch: true, so every ENI "+
			"launched in it gets a public IP; set mapPublicIpOnLaunch: false", res.Name)}
	}
	return []string{fmt.Sprintf("subnet %q sets mapPublicIpOnLaunch: true, so every ENI launched in it gets a public IP; "+
		"set mapPublicIpOnLaunch: false (the AWS default)", res.Name)}
}

var eipNotAttachedRule = ResourceRule{
	Name:          "eip-not-attached",
	ResourceTypes: []string{awstypes.Ec2Eip, awstypes.Ec2EipAssociation, awstypes.NativeEc2Eip, awstypes.NativeEc2EipAssociation},
	Description:   "Elastic IPs are not attached to an instance or network interface (`instance`, `networkInterface`, EIP associations; aws-native `instanceId`, `networkInterfaceId`).",
	Rationale:     "An attached EIP makes that instance or ENI reachable from the internet.",
	DefaultLevel:  Mandatory,
	Check:         checkEipAttachment,
}

func checkEipAttachment(res Resource, _ Config) []string {
	var messages []string
	switch res.Type {
	case awstypes.Ec2Eip:
		for _, key := range []string{"instance", "networkInterface"} {
			if isSet(res.Properties, key) == yes {
				messages = append(messages, fmt.Sprintf("Elastic IP %q is attached through %s, making it reachable from the internet; "+
					"remove %s — Elastic IPs are only allowed as the allocationId of a NAT gateway", res.Name, key, key))
			}
		}
	case awstypes.NativeEc2Eip:
		if isSet(res.Properties, "instanceId") == yes {
			messages = append(messages, fmt.Sprintf("Elastic IP %q is attached through instanceId, making the instance reachable "+
				"from the internet; remove instanceId — Elastic IPs are only allowed as the allocationId of a NAT gateway", res.Name))
		}
	case awstypes.Ec2EipAssociation, awstypes.NativeEc2EipAssociation:
		for _, key := range []string{"instanceId", "networkInterfaceId"} {
			if isSet(res.Properties, key) == yes {
				messages = append(messages, fmt.Sprintf("EIP association %q attaches an Elastic IP through %s, making it reachable "+
					"from the internet; delete the association — Elastic IPs are only allowed as a NAT gateway's allocationId", res.Name, key))
			}
		}
	}
	return messages
}

var natGatewayAllowedRule = ResourceRule{
	Name:          "nat-gateway-allowed",
	ResourceTypes: natGatewayTypes,
	Description:   "Public NAT gateways exist only when the `allowNatGateways` option allows them (default true).",
	Rationale:     "Endpoint-only stacks forbid any internet egress; NAT is the one sanctioned path out otherwise.",
	DefaultLevel:  Mandatory,
	Options: []Option{boolOption("allowNatGateways",
		"Whether public NAT gateways (and their Elastic IPs) are allowed.", true,
		func(c *Config, b bool) { c.AllowNatGateways = b })},
	Check: checkNatGatewayAllowed,
}

func checkNatGatewayAllowed(res Resource, cfg Config) []string {
	if cfg.AllowNatGateways {
		return nil
	}
	connectivity, known := str(res.Properties, "connectivityType", "public")
	if !known || connectivity != "public" {
		return nil
	}
	return []string{fmt.Sprintf("NAT gateway %q is a public NAT gateway but this stack's policy config sets allowNatGateways: false; "+
		"remove it and give private subnets VPC endpoints (ecr.api, ecr.dkr, logs, S3 gateway) instead", res.Name)}
}

var securityGroupNoPublicIngressRule = ResourceRule{
	Name:          "security-group-no-public-ingress",
	Controls:      []string{"EC2.13", "EC2.14", "EC2.18", "EC2.19", "EC2.53", "EC2.54"},
	ResourceTypes: securityGroupTypes,
	Description:   "Security groups admit nothing from 0.0.0.0/0 or ::/0 (inline `ingress` including the default security group's, ingress `SecurityGroupRule`, `SecurityGroupIngressRule`; aws-native `securityGroupIngress[]` and `SecurityGroupIngress` `cidrIp`/`cidrIpv6`).",
	Rationale:     "An open ingress rule exposes whatever the group protects as soon as a path from the internet exists.",
	DefaultLevel:  Mandatory,
	Check:         checkSecurityGroupIngress,
}

func checkSecurityGroupIngress(res Resource, _ Config) []string {
	props := res.Properties
	switch res.Type {
	case awstypes.NativeEc2SecurityGroup:
		rules, _ := list(props.Get("securityGroupIngress"))
		var messages []string
		for i, rule := range rules {
			ingress, _ := object(rule)
			for _, key := range []string{"cidrIp", "cidrIpv6"} {
				if cidr, known := str(ingress, key, ""); known && isOpenCIDR(cidr) {
					messages = append(messages, fmt.Sprintf("security group %q securityGroupIngress rule #%d (%s) admits %s; "+
						"restrict it to internal CIDRs or use sourceSecurityGroupId instead", res.Name, i+1, portRange(ingress), cidr))
				}
			}
		}
		return messages
	case awstypes.NativeEc2SecurityGroupIngress:
		var messages []string
		for _, key := range []string{"cidrIp", "cidrIpv6"} {
			if cidr, known := str(props, key, ""); known && isOpenCIDR(cidr) {
				messages = append(messages, fmt.Sprintf("security group ingress %q (%s) admits %s through %s; restrict it to "+
					"internal CIDRs or use sourceSecurityGroupId instead", res.Name, portRange(props), cidr, key))
			}
		}
		return messages
	case awstypes.Ec2SecurityGroup, awstypes.Ec2DefaultSecurityGroup:
		rules, _ := list(props.Get("ingress"))
		var messages []string
		for i, rule := range rules {
			ingress, _ := object(rule)
			for _, cidr := range openCIDRs(ingress, "cidrBlocks", "ipv6CidrBlocks") {
				messages = append(messages, fmt.Sprintf("security group %q inline ingress rule #%d (%s) admits %s; "+
					"restrict it to internal CIDRs or reference the source security group instead", res.Name, i+1, portRange(ingress), cidr))
			}
		}
		return messages
	case awstypes.Ec2SecurityGroupRule:
		if ruleType, known := str(props, "type", ""); !known || ruleType != "ingress" {
			return nil
		}
		var messages []string
		for _, cidr := range openCIDRs(props, "cidrBlocks", "ipv6CidrBlocks") {
			messages = append(messages, fmt.Sprintf("security group rule %q (%s) admits %s; restrict it to internal CIDRs "+
				"or use sourceSecurityGroupId instead", res.Name, portRange(props), cidr))
		}
		return messages
	case awstypes.VpcSecurityGroupIngressRule:
		var messages []string
		for _, key := range []string{"cidrIpv4", "cidrIpv6"} {
			if cidr, known := str(props, key, ""); known && isOpenCIDR(cidr) {
				messages = append(messages, fmt.Sprintf("security group ingress rule %q (%s) admits %s through %s; restrict it to "+
					"internal CIDRs or use referencedSecurityGroupId instead", res.Name, portRange(props), cidr, key))
			}
		}
		return messages
	}
	return nil
}

// openCIDRs returns the known /0 entries of the CIDR list properties in keys; unknown entries are skipped.
func openCIDRs(m property.Map, keys ...string) []string {
	var open []string
	for _, key := range keys {
		items, _ := list(m.Get(key))
		for _, item := range items {
			if cidr, known := stringValue(item, ""); known && isOpenCIDR(cidr) {
				open = append(open, cidr)
			}
		}
	}
	return open
}

// portRange describes a rule's protocol and ports for messages.
func portRange(m property.Map) string {
	protocol, _ := str(m, "protocol", "")
	if protocol == "" {
		protocol, _ = str(m, "ipProtocol", "any")
	}
	from, _ := str(m, "fromPort", "?")
	to, _ := str(m, "toPort", from)
	if protocol == "-1" || protocol == "all" {
		return "all traffic"
	}
	return fmt.Sprintf("%s %s-%s", protocol, from, to)
}

var vpcEndpointPrivateDNSRule = ResourceRule{
	Name:          "vpc-endpoint-private-dns",
	ResourceTypes: vpcEndpointTypes,
	Description:   "Interface VPC endpoints set `privateDnsEnabled: true` (default false).",
	Rationale:     "Without private DNS the AWS SDKs keep resolving the public endpoint and the endpoint is never used.",
	DefaultLevel:  Mandatory,
	Check:         checkEndpointPrivateDNS,
}

func checkEndpointPrivateDNS(res Resource, _ Config) []string {
	endpointType, known := str(res.Properties, "vpcEndpointType", "Gateway")
	if !known || endpointType != "Interface" {
		return nil
	}
	if boolTri(res.Properties, "privateDnsEnabled", false) != no {
		return nil
	}
	service, _ := str(res.Properties, "serviceName", "its service")
	return []string{fmt.Sprintf("interface VPC endpoint %q (%s) has privateDnsEnabled false or unset, so clients keep "+
		"resolving the public service endpoint; set privateDnsEnabled: true", res.Name, service)}
}

// aclEntryAdmitsAdmin reports whether an allow entry from anywhere covers port 22 or 3389.
func aclEntryAdmitsAdmin(action, protocol, cidr, ipv6 string, from, to float64) bool {
	if !strings.EqualFold(action, "allow") || !(isOpenCIDR(cidr) || isOpenCIDR(ipv6)) {
		return false
	}
	switch strings.ToLower(protocol) {
	case "-1", "all":
		return true
	case "tcp", "6", "udp", "17":
	default:
		return false
	}
	for _, port := range []float64{22, 3389} {
		if from <= port && port <= to || (from == 0 && to == 0) {
			return true
		}
	}
	return false
}

var networkACLNoAdminIngressRule = ResourceRule{
	Name:          "network-acl-no-admin-ingress",
	ResourceTypes: networkACLTypes,
	Controls:      []string{"EC2.21"},
	Description:   "Network ACLs do not allow ingress from 0.0.0.0/0 or ::/0 to port 22 or 3389 (inline `ingress`, including an adopted `DefaultNetworkAcl`'s, and `NetworkAclRule`).",
	Rationale:     "Remote administration ports open to the internet at the subnet boundary are the first thing scanners try.",
	DefaultLevel:  Advisory,
	Check:         checkNetworkACLAdminIngress,
}

func checkNetworkACLAdminIngress(res Resource, _ Config) []string {
	props := res.Properties
	var messages []string
	report := func(where string) {
		messages = append(messages, fmt.Sprintf("network ACL %q %s allows ingress from the internet to port 22 or 3389; "+
			"deny it or restrict the source to internal CIDRs", res.Name, where))
	}
	switch res.Type {
	case awstypes.Ec2NetworkACL, awstypes.Ec2DefaultNetworkACL:
		entries, _ := list(props.Get("ingress"))
		for i, e := range entries {
			entry, known := object(e)
			if !known {
				continue
			}
			action, _ := str(entry, "action", "")
			protocol, _ := str(entry, "protocol", "")
			cidr, _ := str(entry, "cidrBlock", "")
			ipv6, _ := str(entry, "ipv6CidrBlock", "")
			if aclEntryAdmitsAdmin(action, protocol, cidr, ipv6, number(entry, "fromPort"), number(entry, "toPort")) {
				report(fmt.Sprintf("ingress entry #%d", i+1))
			}
		}
	case awstypes.Ec2NetworkACLRule:
		if egress, known := boolValue(props.Get("egress"), false); !known || egress {
			return nil
		}
		action, _ := str(props, "ruleAction", "")
		protocol, _ := str(props, "protocol", "")
		cidr, _ := str(props, "cidrBlock", "")
		ipv6, _ := str(props, "ipv6CidrBlock", "")
		if aclEntryAdmitsAdmin(action, protocol, cidr, ipv6, number(props, "fromPort"), number(props, "toPort")) {
			report("rule")
		}
	}
	return messages
}

var transitGatewayNoAutoAcceptRule = ResourceRule{
	Name:          "transit-gateway-no-auto-accept",
	ResourceTypes: []string{awstypes.Ec2transitgatewayTransitGateway},
	Controls:      []string{"EC2.23"},
	Description:   "Transit gateways do not accept shared VPC attachments automatically (`autoAcceptSharedAttachments`, default disable).",
	Rationale:     "Auto-accept lets any account the gateway is shared with attach its VPC to the network unreviewed.",
	DefaultLevel:  Mandatory,
	Check:         checkTransitGatewayAutoAccept,
}

func checkTransitGatewayAutoAccept(res Resource, _ Config) []string {
	value, known := str(res.Properties, "autoAcceptSharedAttachments", "disable")
	if !known || value != "enable" {
		return nil
	}
	return []string{fmt.Sprintf("transit gateway %q accepts shared VPC attachments automatically; set "+
		"autoAcceptSharedAttachments: disable and accept attachments one by one", res.Name)}
}

var clientVPNConnectionLoggingRule = ResourceRule{
	Name:          "client-vpn-connection-logging",
	ResourceTypes: []string{awstypes.Ec2clientvpnEndpoint},
	Controls:      []string{"EC2.51"},
	Description:   "Client VPN endpoints log connections (`connectionLogOptions.enabled: true`).",
	Rationale:     "The connection log is the record of who was on the VPN and when.",
	DefaultLevel:  Advisory,
	Check:         checkClientVPNLogging,
}

func checkClientVPNLogging(res Resource, _ Config) []string {
	options, known := object(res.Properties.Get("connectionLogOptions"))
	if !known || boolTri(options, "enabled", false) != no {
		return nil
	}
	return []string{fmt.Sprintf("Client VPN endpoint %q does not log connections; set connectionLogOptions.enabled: true "+
		"with a CloudWatch log group", res.Name)}
}

var eipOnlyForNATGatewayRule = StackRule{
	Name:          "eip-only-for-nat-gateway",
	ResourceTypes: eipTypes,
	Controls:      []string{"EC2.12"},
	Description:   "Every Elastic IP is the `allocationId` of a NAT gateway in the same stack.",
	Rationale:     "A free-standing EIP is a public address waiting to be attached; NAT is the one sanctioned use.",
	DefaultLevel:  Mandatory,
	Check:         checkEipsBackNatGateways,
}

func checkEipsBackNatGateways(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	natGateways := s.ofType(natGatewayTypes...)
	allocations := make([]ref, 0, len(natGateways))
	for _, nat := range natGateways {
		allocation := s.resolve(nat, "allocationId", eipTypes...)
		allocation.merge(s.resolve(nat, "secondaryAllocationIds", eipTypes...))
		allocations = append(allocations, allocation)
	}
	var findings []StackFinding
	for _, eip := range s.ofType(eipTypes...) {
		backed := no
		for _, allocation := range allocations {
			backed = or(backed, allocation.contains(eip))
		}
		if backed == unknown {
			findings = append(findings, couldNotVerify(eip, "eip-only-for-nat-gateway", fmt.Sprintf(
				"that Elastic IP %q is a NAT gateway's allocationId (an allocationId is unknown)", resources[eip].Name)))
			continue
		}
		if backed != no {
			continue
		}
		findings = append(findings, StackFinding{Resource: eip, Message: fmt.Sprintf(
			"Elastic IP %q is not the allocationId of any NAT gateway in this stack; public IPs are allowed only for NAT "+
				"gateways, so delete it or pass it as allocationId to an aws.ec2.NatGateway", resources[eip].Name)})
	}
	return findings
}
