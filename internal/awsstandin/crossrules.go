package awsstandin

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// Sources of the cross-resource rules.
const (
	srcALBTwoAZs = "AWS ELB Application Load Balancer Guide, \"Availability Zones and subnets\": " +
		"an ALB needs subnets in at least two Availability Zones (ValidationError: At least two subnets in two different Availability Zones must be specified)"
	srcLBSubnetSize = "AWS ELB Application Load Balancer Guide, \"Subnets for your load balancer\": " +
		"each subnet needs at least a /27 bitmask and at least 8 free IP addresses"
	srcNLBSubnetFree = "AWS ELB Network Load Balancer Guide, \"Availability Zones\": each subnet needs at least 8 free IP addresses"
	srcSubnetInVPC   = "AWS EC2 API Reference, CreateSubnet: InvalidSubnet.Range, the CIDR must lie inside the VPC's " +
		"(IPv6: the VPC's /56); InvalidSubnet.Conflict, it must not overlap another subnet of the VPC"
	srcEndpointAZ = "AWS EC2 API Reference, CreateVpcEndpoint SubnetIds: one subnet per Availability Zone " +
		"(InvalidParameter: Found another VPC endpoint subnet in the availability zone of ...)"
	srcServiceTG = "AWS ECS API Reference, CreateService loadBalancers: the target group must be associated with a " +
		"load balancer (InvalidParameterException: The target group with targetGroupArn ... does not have an associated load balancer.); " +
		"terraform-provider-aws internal/service/ecs/service.go retries it for propagationTimeout + 2 minutes"
	srcNATNeedsIGW = "AWS EC2 API Reference, CreateNatGateway: a public NAT gateway needs an internet gateway attached " +
		"to its VPC (Gateway.NotAttached: Network vpc-... has no Internet gateway attached)"
	srcServiceCapacityProvider = "AWS ECS API Reference, CreateService capacityProviderStrategy: the capacity providers " +
		"must be associated with the cluster (PutClusterCapacityProviders) first (InvalidParameterException: The " +
		"specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster); " +
		"terraform-provider-aws internal/service/ecs/service.go retryServiceCreate does not retry it"
	srcListenerProtocol = "AWS ELBv2 API Reference, CreateListener Protocol: HTTP or HTTPS for an Application Load " +
		"Balancer, TCP, TLS, UDP or TCP_UDP for a Network Load Balancer, GENEVE for a Gateway Load Balancer; a forwarded " +
		"target group of another protocol family fails with IncompatibleProtocols"
	srcALBTargetPort = "AWS ELB Network Load Balancer Guide, \"Application Load Balancers as targets\": the alb-type " +
		"target group's port must match a listener port of the ALB it registers"
)

// awsReservedPerSubnet is the number of addresses AWS keeps in every subnet (network, router, DNS, future, broadcast).
const awsReservedPerSubnet = 5

// shapeRules run in Check against the other resources this process has seen. They judge only known values: a rule
// that meets an unknown value (a preview, or an id not created yet) passes and is judged again at up.
var shapeRules = map[tokens.Type]func(p *Provider, urn resource.URN, props resource.PropertyMap) []plugin.CheckFailure{
	awstypes.Ec2Subnet:      subnetFitsVPC,
	awstypes.LbLoadBalancer: loadBalancerSubnets,
	awstypes.Ec2VpcEndpoint: endpointOneSubnetPerAZ,
	awstypes.LbListener:     listenerProtocols,
	awstypes.LbListenerRule: listenerRuleTargetProtocols,
}

// orderRules run in Create (not in a preview): they judge what exists at that moment (again within the type's
// retryWindow, where the provider retries), so a missing dependsOn fails where it fails on AWS.
var orderRules = map[tokens.Type][]orderRule{
	awstypes.EcsService: {
		{check: serviceTargetGroupsAttached, retried: true},
		{check: serviceCapacityProvidersAssociated},
	},
	awstypes.Ec2NatGateway:           {{check: natGatewayHasInternetGateway}},
	awstypes.LbTargetGroupAttachment: {{check: albTargetHasListener}},
}

// orderRule is one ordering rule; retried marks the AWS errors the provider retries for the type's retryWindow.
type orderRule struct {
	check   func(p *Provider, props resource.PropertyMap) error
	retried bool
}

// settleTime is how long the stand-in takes to create the resources the ordering rules wait for. AWS creates them
// asynchronously (terraform-provider-aws waits for an internet gateway's attachment in internal/service/ec2/
// vpc_internet_gateway.go). A dependent that does not wait for them (no dependsOn, no output flowing in) is created
// during this time and meets them missing every run, not only by bad luck; whether that fails depends on
// retryWindow.
var settleTime = map[tokens.Type]time.Duration{
	awstypes.Ec2InternetGateway:           250 * time.Millisecond,
	awstypes.Ec2InternetGatewayAttachment: 250 * time.Millisecond,
	awstypes.LbListener:                   250 * time.Millisecond,
	awstypes.LbListenerRule:               250 * time.Millisecond,
	awstypes.EcsClusterCapacityProviders:  250 * time.Millisecond,
}

// retryWindow is how long the provider keeps retrying a create or update that an ordering rule refuses, scaled
// down from the real timeouts: terraform-provider-aws retries CreateService and UpdateService on "does not have an
// associated load balancer" for propagationTimeout + 2 minutes (internal/service/ecs/service.go retryServiceCreate,
// resourceServiceUpdate), so a service created alongside the listener rule that forwards to its target group (a
// missing dependsOn) succeeds on AWS once the rule exists; it fails only when no listener or rule forwards to the
// group within the window (none in the program, or one that waits for the service). A NAT gateway gets no retry:
// it goes to state failed with Gateway.NotAttached (internal/service/ec2/vpc_nat_gateway.go waits and reports it).
// An ALB registered in an alb-type target group is not retried here either: the AWS references do not name the
// error code RegisterTargets returns when the ALB lacks a listener on the group's port; were it InvalidTarget,
// internal/service/elbv2/target_group_attachment.go would retry it for 10 minutes and this rule would be too strict
// for an attachment created alongside its listener.
var retryWindow = map[tokens.Type]time.Duration{
	awstypes.EcsService: 1500 * time.Millisecond,
}

// retryPoll is how often a rule is judged again within its retryWindow.
const retryPoll = 25 * time.Millisecond

// judge applies the ordering rules the way the provider calls AWS: a retried rule again and again within the type's
// retryWindow until it passes or the window ends, any other rule once.
func (p *Provider) judge(typ tokens.Type, rules []orderRule, props resource.PropertyMap) error {
	for _, rule := range rules {
		var window time.Duration
		if rule.retried {
			window = retryWindow[typ]
		}
		deadline := time.Now().Add(window)
		for {
			p.contract.Lock()
			err := rule.check(p, props)
			p.contract.Unlock()
			if err == nil {
				break
			}
			if !time.Now().Before(deadline) {
				return err
			}
			time.Sleep(retryPoll)
		}
	}
	return nil
}

// updateRules are the ordering rules AWS also applies when an update changes the references: UpdateService with
// new loadBalancers fails the same way (terraform-provider-aws internal/service/ecs/service.go retries "does not have
// an associated load balancer" in resourceServiceUpdate as in create).
// A strategy naming a capacity provider the cluster does not have fails UpdateService as it fails CreateService.
var updateRules = map[tokens.Type][]orderRule{
	awstypes.EcsService: orderRules[awstypes.EcsService],
}

func failure(property, reason, source string) plugin.CheckFailure {
	return plugin.CheckFailure{Property: resource.PropertyKey(property), Reason: reason + " (" + source + ")"}
}

// subnetFitsVPC: the subnet's CIDRs lie inside its VPC's and overlap no other subnet of the VPC.
func subnetFitsVPC(p *Provider, urn resource.URN, props resource.PropertyMap) []plugin.CheckFailure {
	vpcID, ok := str(props, "vpcId")
	if !ok {
		return nil
	}
	vpc := p.reg.find(vpcID)
	if vpc == nil || vpc.typ != awstypes.Ec2Vpc {
		return nil // a VPC this stack does not manage: AWS knows it, the stand-in does not
	}
	var failures []plugin.CheckFailure
	if cidr, ok := prefixOf(props, "cidrBlock"); ok {
		if vpcCIDR, ok := vpc.prefix("cidrBlock"); ok && !within(cidr, vpcCIDR) {
			failures = append(failures, failure("cidrBlock",
				fmt.Sprintf("InvalidSubnet.Range: The CIDR '%s' is invalid for VPC %s (%s)", cidr, vpcID, vpcCIDR), srcSubnetInVPC))
		}
	}
	if cidr, ok := prefixOf(props, "ipv6CidrBlock"); ok {
		vpcCIDR, has := vpc.prefix("ipv6CidrBlock")
		if !has {
			failures = append(failures, failure("ipv6CidrBlock",
				fmt.Sprintf("InvalidSubnet.Range: VPC %s has no IPv6 CIDR block for %s", vpcID, cidr), srcSubnetInVPC))
		} else if !within(cidr, vpcCIDR) {
			failures = append(failures, failure("ipv6CidrBlock",
				fmt.Sprintf("InvalidSubnet.Range: The IPv6 CIDR '%s' is invalid for VPC %s (%s)", cidr, vpcID, vpcCIDR), srcSubnetInVPC))
		}
	}
	for _, key := range []string{"cidrBlock", "ipv6CidrBlock"} {
		mine, ok := prefixOf(props, key)
		if !ok {
			continue
		}
		for _, other := range p.reg.all(awstypes.Ec2Subnet) {
			if other.urn == urn || other.deleted {
				continue
			}
			if otherVPC, _ := other.str("vpcId"); otherVPC != vpcID {
				continue
			}
			theirs, ok := other.prefix(key)
			if ok && mine.Overlaps(theirs) {
				failures = append(failures, failure(key,
					fmt.Sprintf("InvalidSubnet.Conflict: The CIDR '%s' conflicts with another subnet (%s, %s)", mine, theirs, other.urn.Name()),
					srcSubnetInVPC))
				break
			}
		}
	}
	return failures
}

// prefixOf parses a known CIDR property.
func prefixOf(props resource.PropertyMap, key string) (netip.Prefix, bool) {
	text, ok := str(props, key)
	if !ok || text == "" {
		return netip.Prefix{}, false
	}
	prefix, err := netip.ParsePrefix(text)
	return prefix, err == nil
}

// prefix parses a known CIDR property of a record (outputs first, so a VPC's assigned IPv6 block is found).
func (r *record) prefix(key string) (netip.Prefix, bool) {
	return prefixOf(r.props(), key)
}

// within reports whether inner lies inside outer.
func within(inner, outer netip.Prefix) bool {
	return inner.Bits() >= outer.Bits() && outer.Contains(inner.Addr())
}

// subnetRecords resolves subnet ids to records. allKnown is false when an id is unknown or not one of this stack's.
func (p *Provider) subnetRecords(ids []string) (subnets []*record, allKnown bool) {
	allKnown = true
	for _, id := range ids {
		r := p.reg.find(id)
		if r == nil || r.typ != awstypes.Ec2Subnet {
			allKnown = false
			continue
		}
		subnets = append(subnets, r)
	}
	return subnets, allKnown
}

// loadBalancerSubnets: an ALB spans two AZs; its subnets are /27 or larger; every LB subnet has 8 free addresses.
func loadBalancerSubnets(p *Provider, _ resource.URN, props resource.PropertyMap) []plugin.CheckFailure {
	ids, all := stringList(props, "subnets")
	if !all || len(ids) == 0 {
		return nil
	}
	kind, ok := str(props, "loadBalancerType")
	if !ok && present(props["loadBalancerType"]) {
		return nil
	}
	if kind == "" {
		kind = "application" // the schema's default
	}
	subnets, allKnown := p.subnetRecords(ids)
	var failures []plugin.CheckFailure
	if kind == "application" && allKnown {
		zones := map[string]bool{}
		for _, subnet := range subnets {
			if az, ok := subnet.str("availabilityZone"); ok {
				zones[az] = true
			}
		}
		if len(zones) < 2 {
			failures = append(failures, failure("subnets",
				fmt.Sprintf("ValidationError: At least two subnets in two different Availability Zones must be specified (got %d subnet(s) in %d zone(s))",
					len(ids), len(zones)), srcALBTwoAZs))
		}
	}
	for _, subnet := range subnets {
		cidr, ok := subnet.prefix("cidrBlock")
		if !ok {
			continue
		}
		if kind == "application" && cidr.Bits() > 27 {
			failures = append(failures, failure("subnets",
				fmt.Sprintf("subnet %s (%s) is smaller than /27", subnet.urn.Name(), cidr), srcLBSubnetSize))
			continue
		}
		if free := (1 << (32 - cidr.Bits())) - awsReservedPerSubnet - p.interfaceENIs(subnet); free < 8 {
			failures = append(failures, failure("subnets",
				fmt.Sprintf("subnet %s (%s) has %d free addresses, fewer than 8", subnet.urn.Name(), cidr, free), srcNLBSubnetFree))
		}
	}
	return failures
}

// interfaceENIs counts the endpoint network interfaces this stack puts in subnet (one per interface endpoint).
func (p *Provider) interfaceENIs(subnet *record) int {
	count := 0
	for _, endpoint := range p.reg.all(awstypes.Ec2VpcEndpoint) {
		if endpoint.deleted {
			continue
		}
		ids, _ := stringList(endpoint.inputs, "subnetIds")
		if slices.Contains(ids, string(subnet.id)) {
			count++
		}
	}
	return count
}

// endpointOneSubnetPerAZ: an interface endpoint takes at most one subnet per Availability Zone.
func endpointOneSubnetPerAZ(p *Provider, _ resource.URN, props resource.PropertyMap) []plugin.CheckFailure {
	ids, all := stringList(props, "subnetIds")
	if !all {
		return nil
	}
	subnets, _ := p.subnetRecords(ids)
	seen := map[string]string{}
	for _, subnet := range subnets {
		az, ok := subnet.str("availabilityZone")
		if !ok {
			continue
		}
		if first, dup := seen[az]; dup {
			return []plugin.CheckFailure{failure("subnetIds",
				fmt.Sprintf("InvalidParameter: Found another VPC endpoint subnet in the availability zone of %s (%s). "+
					"VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.",
					subnet.id, first), srcEndpointAZ)}
		}
		seen[az] = string(subnet.id)
	}
	return nil
}

// forwardedTargetGroups returns the target group ARNs a listener's or rule's actions forward to.
func forwardedTargetGroups(props resource.PropertyMap, actionsKey string) []string {
	var arns []string
	for _, path := range []string{actionsKey + "[].targetGroupArn", actionsKey + "[].forward.targetGroups[].arn"} {
		for _, at := range lookup(props, path) {
			if plain, ok := known(at.value); ok && plain.IsString() {
				arns = append(arns, plain.StringValue())
			}
		}
	}
	return arns
}

// serviceTargetGroupsAttached: every target group a service names is forwarded to by a listener or listener rule
// that exists now.
func serviceTargetGroupsAttached(p *Provider, props resource.PropertyMap) error {
	for _, at := range lookup(props, "loadBalancers[].targetGroupArn") {
		plain, ok := known(at.value)
		if !ok || !plain.IsString() {
			continue
		}
		arn := plain.StringValue()
		group := p.reg.find(arn)
		if group == nil || group.typ != awstypes.LbTargetGroup {
			continue // not this stack's target group
		}
		if p.targetGroupAttached(arn) {
			continue
		}
		return fmt.Errorf("creating ECS Service: InvalidParameterException: The target group with targetGroupArn %s "+
			"does not have an associated load balancer. (%s: no listener or listener rule forwarded to it while the "+
			"provider retried; one must exist, or be created alongside, and must not wait for the service) [%s]", arn, at.path, srcServiceTG)
	}
	return nil
}

// targetGroupAttached reports whether a live listener or listener rule forwards to the target group arn.
func (p *Provider) targetGroupAttached(arn string) bool {
	for typ, actions := range map[tokens.Type]string{awstypes.LbListener: "defaultActions", awstypes.LbListenerRule: "actions"} {
		for _, r := range p.reg.all(typ) {
			if r.live && slices.Contains(forwardedTargetGroups(r.props(), actions), arn) {
				return true
			}
		}
	}
	return false
}

// natGatewayHasInternetGateway: a public NAT gateway's VPC has a live internet gateway attached.
func natGatewayHasInternetGateway(p *Provider, props resource.PropertyMap) error {
	if kind, _ := str(props, "connectivityType"); kind == "private" {
		return nil
	}
	subnetID, ok := str(props, "subnetId")
	if !ok {
		return nil
	}
	subnet := p.reg.find(subnetID)
	if subnet == nil {
		return nil
	}
	vpcID, ok := subnet.str("vpcId")
	if !ok {
		return nil
	}
	for _, typ := range []tokens.Type{awstypes.Ec2InternetGateway, awstypes.Ec2InternetGatewayAttachment} {
		for _, r := range p.reg.all(typ) {
			if attached, _ := r.str("vpcId"); r.live && attached == vpcID {
				return nil
			}
		}
	}
	return fmt.Errorf("creating EC2 NAT Gateway: Gateway.NotAttached: Network %s has no Internet gateway attached "+
		"(create the internet gateway first, e.g. dependsOn it) [%s]", vpcID, srcNATNeedsIGW)
}

// albTargetHasListener: registering an ALB in an alb-type target group needs an ALB listener on the group's port.
func albTargetHasListener(p *Provider, props resource.PropertyMap) error {
	groupARN, ok := str(props, "targetGroupArn")
	if !ok {
		return nil
	}
	group := p.reg.find(groupARN)
	if group == nil {
		return nil
	}
	if kind, _ := group.str("targetType"); kind != "alb" {
		return nil
	}
	targetID, ok := str(props, "targetId")
	if !ok {
		return nil
	}
	lb := p.reg.find(targetID)
	if lb == nil || lb.typ != awstypes.LbLoadBalancer {
		return nil
	}
	groupPort, ok := number(group.props(), "port")
	if !ok {
		return nil
	}
	if port, ok := number(props, "port"); ok && port != groupPort {
		return fmt.Errorf("registering targets in %s: ValidationError: the port %v of an alb target must be the target "+
			"group's port %v [%s]", groupARN, port, groupPort, srcALBTargetPort)
	}
	var ports []string
	for _, listener := range p.reg.all(awstypes.LbListener) {
		if !listener.live {
			continue
		}
		if lbARN, _ := listener.str("loadBalancerArn"); lbARN != targetID {
			continue
		}
		listenerPort, ok := number(listener.props(), "port")
		if ok && listenerPort == groupPort {
			return nil
		}
		ports = append(ports, fmt.Sprint(listenerPort))
	}
	return fmt.Errorf("registering targets in %s: ValidationError: the load balancer %s has no listener on the "+
		"target group's port %v (listeners now: [%s]); create that listener first [%s]",
		groupARN, targetID, groupPort, strings.Join(ports, " "), srcALBTargetPort)
}

// serviceCapacityProvidersAssociated: every capacity provider of a service's strategy is associated with its cluster
// by a live aws:ecs/clusterCapacityProviders of this stack. Clusters this stack does not create are not judged.
func serviceCapacityProvidersAssociated(p *Provider, props resource.PropertyMap) error {
	var wanted []string
	for _, at := range lookup(props, "capacityProviderStrategies[].capacityProvider") {
		plain, ok := known(at.value)
		if !ok || !plain.IsString() {
			return nil // unknown until up
		}
		wanted = append(wanted, plain.StringValue())
	}
	if len(wanted) == 0 {
		return nil
	}
	cluster, ok := str(props, "cluster")
	if !ok {
		return nil
	}
	name := cluster
	if i := strings.LastIndex(cluster, ":cluster/"); i >= 0 {
		name = cluster[i+len(":cluster/"):]
	}
	ours := false
	for _, c := range p.reg.all(awstypes.EcsCluster) {
		if c.live && (string(c.id) == cluster || string(c.id) == name || hasString(c, "arn", cluster) || hasString(c, "name", name)) {
			ours = true
		}
	}
	if !ours {
		return nil
	}
	var associated []string
	for _, r := range p.reg.all(awstypes.EcsClusterCapacityProviders) {
		if got, _ := r.str("clusterName"); !r.live || (got != name && got != cluster) {
			continue
		}
		if providers, ok := stringList(r.props(), "capacityProviders"); ok {
			associated = append(associated, providers...)
		}
	}
	for _, provider := range wanted {
		if !slices.Contains(associated, provider) {
			return fmt.Errorf("creating ECS Service: InvalidParameterException: The specified capacity provider strategy "+
				"cannot contain a capacity provider that is not associated with the cluster. Associate the capacity "+
				"provider with the cluster or specify a valid capacity provider and try again. (capacityProviderStrategies "+
				"names %s, cluster %s has %v; create the aws:ecs/clusterCapacityProviders first, e.g. dependsOn it) [%s]",
				provider, name, associated, srcServiceCapacityProvider)
		}
	}
	return nil
}

// hasString reports whether the record's known string property key equals want.
func hasString(r *record, key, want string) bool {
	got, ok := r.str(key)
	return ok && got == want
}

// listenerProtocolFamilies are the listener (and target group) protocols each load balancer type accepts.
var listenerProtocolFamilies = map[string][]string{
	"application": {"HTTP", "HTTPS"},
	"network":     {"TCP", "TLS", "UDP", "TCP_UDP"},
	"gateway":     {"GENEVE"},
}

// loadBalancerKind returns the type of the load balancer record at arn ("application" by the schema's default), or
// "" when arn is not a load balancer this process knows.
func (p *Provider) loadBalancerKind(arn string) string {
	lb := p.reg.find(arn)
	if lb == nil || lb.typ != awstypes.LbLoadBalancer {
		return ""
	}
	v, has := lb.prop("loadBalancerType")
	if !has || v.IsNull() {
		return "application"
	}
	typ, _ := knownString(v)
	return typ
}

// targetGroupFamilyFailures: every target group forwarded to at actionsKey has a protocol of the family.
func (p *Provider) targetGroupFamilyFailures(props resource.PropertyMap, actionsKey, kind string) []plugin.CheckFailure {
	var failures []plugin.CheckFailure
	for _, arn := range forwardedTargetGroups(props, actionsKey) {
		group := p.reg.find(arn)
		if group == nil || group.typ != awstypes.LbTargetGroup {
			continue
		}
		protocol, ok := group.str("protocol")
		if !ok {
			continue // a lambda target group has none
		}
		if !slices.Contains(listenerProtocolFamilies[kind], protocol) {
			failures = append(failures, failure(actionsKey, fmt.Sprintf("IncompatibleProtocols: target group %s uses %s, "+
				"which a listener of a%s %s load balancer cannot forward to (%s only)", group.urn.Name(), protocol,
				article(kind), kind, strings.Join(listenerProtocolFamilies[kind], ", ")), srcListenerProtocol))
		}
	}
	return failures
}

func article(word string) string {
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "n"
	}
	return ""
}

// listenerProtocols: a listener's protocol and the protocols of the target groups it forwards to belong to its load
// balancer's type. Judged once the load balancer exists (its ARN is known).
func listenerProtocols(p *Provider, _ resource.URN, props resource.PropertyMap) []plugin.CheckFailure {
	arn, ok := str(props, "loadBalancerArn")
	if !ok {
		return nil
	}
	kind := p.loadBalancerKind(arn)
	allowed, judged := listenerProtocolFamilies[kind]
	if !judged {
		return nil
	}
	var failures []plugin.CheckFailure
	if protocol, ok := str(props, "protocol"); ok && !slices.Contains(allowed, protocol) {
		failures = append(failures, failure("protocol", fmt.Sprintf("ValidationError: protocol %s is not supported by a%s %s load balancer (%s only)",
			protocol, article(kind), kind, strings.Join(allowed, ", ")), srcListenerProtocol))
	}
	return append(failures, p.targetGroupFamilyFailures(props, "defaultActions", kind)...)
}

// listenerRuleTargetProtocols: the target groups a listener rule forwards to fit its listener's load balancer.
func listenerRuleTargetProtocols(p *Provider, _ resource.URN, props resource.PropertyMap) []plugin.CheckFailure {
	listenerARN, ok := str(props, "listenerArn")
	if !ok {
		return nil
	}
	listener := p.reg.find(listenerARN)
	if listener == nil || listener.typ != awstypes.LbListener {
		return nil
	}
	lbARN, ok := listener.str("loadBalancerArn")
	if !ok {
		return nil
	}
	kind := p.loadBalancerKind(lbARN)
	if _, judged := listenerProtocolFamilies[kind]; !judged {
		return nil
	}
	return p.targetGroupFamilyFailures(props, "actions", kind)
}
