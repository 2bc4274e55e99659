package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/imagesource"
)

// StackRule is one rule over every resource in the stack at once, for guarantees that span resources.
type StackRule struct {
	// Name is the policy name, used in `--policy-pack-config` and in violations.
	Name string
	// ResourceTypes are the type tokens the rule reports on (for the catalogue).
	ResourceTypes []string
	// Description says in one line what the rule checks.
	Description string
	// Rationale says why the platform needs it.
	Rationale string
	// DefaultLevel is the level used when the config does not override it.
	DefaultLevel Level
	// Controls are the AWS Security Hub FSBP control IDs the rule checks.
	Controls []string
	// Check returns the findings over the whole stack.
	Check func(resources []Resource, cfg Config) []StackFinding
}

// StackFinding is one stack rule problem, reported on one resource.
type StackFinding struct {
	// Resource is the index in the checked slice of the resource the problem is reported on.
	Resource int
	// Message says what is wrong and how to fix it.
	Message string
	// Unverified marks a finding the rule could not decide because a value is unknown (during preview): it is
	// reported by the advisory UnverifiedRule instead of the rule itself, so preview neither passes it silently nor
	// blocks on it. CrossGuard runs stack rules at `up` only after the resources are created, with known values.
	Unverified bool
}

// couldNotVerify is rule's finding on resource when a value it needs is unknown at preview; what says what it could
// not decide, starting with "that", "which" or "whether".
func couldNotVerify(resource int, rule, what string) StackFinding {
	return StackFinding{Resource: resource, Unverified: true, Message: rule + " could not verify at preview " + what +
		"; it is checked at up after the resources are created"}
}

// UnverifiedRule is the advisory policy that reports what the stack rules could not decide at preview.
const UnverifiedRule = "stack-could-not-verify"

// UnverifiedEntry is UnverifiedRule's catalogue entry.
func UnverifiedEntry() CatalogueEntry {
	return CatalogueEntry{
		Name: UnverifiedRule, ResourceTypes: []string{"(any)"},
		Description:  "Reports, per stack rule, what it could not decide because a value is unknown during preview (e.g. subnets passed in from a component or stack reference).",
		Rationale:    "CrossGuard runs stack rules at `up` only after the resources are created, so a stack rule that passes an undecided check silently at preview gives no warning before the resources exist.",
		DefaultLevel: Advisory, Stack: true,
	}
}

// StackRules returns the stack rules, in catalogue order: the platform's own, then the FSBP rules.
func StackRules() []StackRule {
	return append(platformStackRules(), fsbpStackRules()...)
}

func platformStackRules() []StackRule {
	return []StackRule{
		{
			Name:          "eip-only-for-nat-gateway",
			ResourceTypes: eipTypes,
			Controls:      []string{"EC2.12"},
			Description:   "Every Elastic IP is the `allocationId` of a NAT gateway in the same stack.",
			Rationale:     "A free-standing EIP is a public address waiting to be attached; NAT is the one sanctioned use.",
			DefaultLevel:  Mandatory,
			Check:         checkEipsBackNatGateways,
		},
		{
			Name:          "vpc-dns",
			ResourceTypes: vpcTypes,
			Description:   "A VPC that hosts a consumer of private DNS (an interface endpoint with private DNS, a Route 53 private hosted zone or zone association, a Cloud Map private DNS namespace) enables `enableDnsSupport` (default true) and `enableDnsHostnames` (default false). VPCs without such a consumer pass.",
			Rationale:     "Private DNS names of interface endpoints and private hosted zones resolve only when both are on (Route 53 Developer Guide, private hosted zones; AWS PrivateLink, DNS hostnames); a VPC that needs neither is not wrong.",
			DefaultLevel:  Mandatory,
			Check:         checkVpcDNS,
		},
		{
			Name:          "ecs-subnet-can-pull-images",
			ResourceTypes: ecsServiceTypes,
			Description:   "Every subnet hosting an ECS service or task set has a NAT route, or an internet gateway route with public IPs assigned, or ecr.api + ecr.dkr (+ logs with awslogs) interface endpoints in its VPC and an S3 gateway endpoint on its route table, and then every image of the service is in private ECR of the endpoints' region.",
			Rationale:     "Missing egress is the first cause of CannotPullContainerError for tasks in private subnets; the endpoints reach only their own region's private ECR, not Docker Hub, ECR Public or other regions.",
			DefaultLevel:  Mandatory,
			Check:         checkSubnetsCanPullImages,
		},
	}
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

// imagePullNeeds is what one subnet has for pulling images, each part yes/no/unknown.
type imagePullNeeds struct {
	natRoute, ecrAPI, ecrDkr, logs, s3 tri
	// igwRoute is a 0.0.0.0/0 route to an internet gateway; publicIP whether the service gives its tasks public IPs.
	igwRoute, publicIP tri
	logsNeeded         tri
	// imagesOffEndpoints is yes when some image of the service cannot come through the endpoints (see
	// imagesource.Source.PullableWithoutInternet); offEndpointImages says which, for the message.
	imagesOffEndpoints tri
	offEndpointImages  []string
}

func (n imagePullNeeds) canPull() tri {
	logsOK := or(not(n.logsNeeded), n.logs)
	return or(n.natRoute, and(n.igwRoute, n.publicIP), and(n.ecrAPI, n.ecrDkr, logsOK, n.s3, not(n.imagesOffEndpoints)))
}

// missing lists what is definitely absent on the endpoint path, for the message.
func (n imagePullNeeds) missing(vpcName, routeTables string) []string {
	var endpoints []string
	if n.ecrAPI == no {
		endpoints = append(endpoints, "ecr.api")
	}
	if n.ecrDkr == no {
		endpoints = append(endpoints, "ecr.dkr")
	}
	if n.logsNeeded == yes && n.logs == no {
		endpoints = append(endpoints, "logs (a task uses awslogs)")
	}
	var out []string
	if n.igwRoute == yes && n.publicIP == no {
		out = append(out, "public IPs for its tasks (the subnet routes to an internet gateway, which carries only traffic from public IPs)")
	}
	if n.imagesOffEndpoints == yes {
		out = append(out, "an internet path for "+strings.Join(n.offEndpointImages, "; "))
	}
	if len(endpoints) > 0 {
		out = append(out, fmt.Sprintf("interface endpoints for %s in VPC %s", strings.Join(endpoints, ", "), vpcName))
	}
	if n.s3 == no {
		out = append(out, fmt.Sprintf("an S3 gateway endpoint on route table %s", routeTables))
	}
	return out
}

func checkSubnetsCanPullImages(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	var findings []StackFinding
	for _, service := range s.ofType(ecsServiceTypes...) {
		awsvpc, _, _ := awsvpcConfiguration(resources[service])
		subnets := s.resolveValue(service, "networkConfiguration", awsvpc.Get("subnets"), subnetTypes...)
		logsNeeded := s.serviceUsesAwslogs(service)
		images, imagesKnown := s.serviceImages(service)
		publicIP := assignsPublicIP(resources[service])
		if subnets.unresolved {
			findings = append(findings, couldNotVerify(service, "ecs-subnet-can-pull-images", fmt.Sprintf(
				"which subnets ECS service %q runs in (its subnets are unknown and come from no resource in this stack)",
				resources[service].Name)))
		}
		for _, subnet := range sortedTargets(subnets) {
			needs, vpcName, routeTables := s.imagePullNeeds(subnet, logsNeeded, images, imagesKnown)
			needs.publicIP = publicIP
			switch needs.canPull() {
			case yes:
				continue
			case unknown:
				findings = append(findings, couldNotVerify(service, "ecs-subnet-can-pull-images", fmt.Sprintf(
					"that ECS service %q can pull images in subnet %q (a route, endpoint or image is unknown)",
					resources[service].Name, resources[subnet].Name)))
				continue
			}
			findings = append(findings, StackFinding{Resource: service, Message: fmt.Sprintf(
				"ECS service %q runs in subnet %q, which cannot pull container images: there is no 0.0.0.0/0 route through a "+
					"NAT gateway on its route table %s, and the VPC endpoint path lacks %s; add the NAT route, the missing "+
					"endpoints, or move the images to private ECR in the endpoints' region, or tasks fail with CannotPullContainerError",
				resources[service].Name, resources[subnet].Name, routeTables,
				strings.Join(needs.missing(vpcName, routeTables), " and "))})
		}
	}
	return findings
}

// serviceUsesAwslogs reports whether a service's task definition logs with awslogs; when the task definition can't
// be resolved, any task definition in the stack that does counts.
func (s *stack) serviceUsesAwslogs(service int) tri {
	taskDefinitions := s.resolve(service, "taskDefinition", awstypes.EcsTaskDefinition)
	candidates := sortedTargets(taskDefinitions)
	if len(candidates) == 0 {
		candidates = s.ofType(awstypes.EcsTaskDefinition)
	}
	if len(candidates) == 0 && isNative(s.resources[service].Type) {
		return unknown // aws-native task definitions' containers are not read; assume logs may be needed
	}
	return anyOf(candidates, func(td int) tri { return usesAwslogs(s.resources[td].Properties) })
}

// serviceImages returns the images of a service's task definition (every task definition in the stack when it
// can't be resolved); known is false while some container definitions are unknown.
func (s *stack) serviceImages(service int) (images []string, known bool) {
	taskDefinitions := s.resolve(service, "taskDefinition", awstypes.EcsTaskDefinition)
	candidates := sortedTargets(taskDefinitions)
	if len(candidates) == 0 {
		candidates = s.ofType(awstypes.EcsTaskDefinition)
	}
	known = true
	for _, td := range candidates {
		containers, containersKnown, err := containerDefinitions(s.resources[td].Properties)
		if !containersKnown {
			known = false
			continue
		}
		if err != nil {
			continue
		}
		for _, c := range containers {
			if c.Image != "" { // a container without an image fails registration, not the pull
				images = append(images, c.Image)
			}
		}
	}
	return images, known
}

// imagesOffEndpoints reports which images cannot come through ECR endpoints of the given regions: yes with the
// reasons, no, or unknown while the images or the endpoints' regions are.
func imagesOffEndpoints(images []string, imagesKnown bool, regions []string, regionsKnown bool) (tri, []string) {
	if regionsKnown && len(regions) == 0 {
		return no, nil // no ecr.dkr endpoint: the missing endpoints already say why the endpoint path fails
	}
	var reasons []string
	for _, image := range images {
		src, err := imagesource.Parse(image)
		if err != nil {
			reasons = append(reasons, err.Error())
			continue
		}
		if !slices.ContainsFunc(regions, src.PullableWithoutInternet) && regionsKnown {
			reasons = append(reasons, fmt.Sprintf("image %q (%s)", image, src.WhyInternet(regions[0])))
		}
	}
	switch {
	case len(reasons) > 0:
		return yes, reasons
	case !imagesKnown || !regionsKnown:
		return unknown, nil
	}
	return no, nil
}

// ecrEndpointRegions returns the regions of the ecr.dkr interface endpoints in a VPC (from their service names,
// com.amazonaws.<region>.ecr.dkr); known is false while a service name is unknown.
func (s *stack) ecrEndpointRegions(inVpc func(int) tri) (regions []string, known bool) {
	known = true
	for _, endpoint := range s.ofType(vpcEndpointTypes...) {
		if inVpc(endpoint) == no || s.endpointIs(endpoint, "Interface", "."+imagesource.ECRRegistryEndpoint) == no {
			continue
		}
		serviceName, nameKnown := str(s.resources[endpoint].Properties, "serviceName", "")
		if !nameKnown {
			known = false
			continue
		}
		if region, ok := strings.CutSuffix(strings.TrimPrefix(serviceName, "com.amazonaws."), "."+imagesource.ECRRegistryEndpoint); ok {
			regions = append(regions, region)
		}
	}
	return regions, known
}

// imagePullNeeds gathers what subnet has on both pull paths, and names its VPC and route tables for messages.
func (s *stack) imagePullNeeds(subnet int, logsNeeded tri, images []string, imagesKnown bool) (imagePullNeeds, string, string) {
	vpc := s.resolve(subnet, "vpcId", vpcTypes...)
	routeTables := newRef()
	for _, association := range s.ofType(routeTableAssociationTypes...) {
		if s.resolve(association, "subnetId", subnetTypes...).contains(subnet) == no {
			continue
		}
		routeTables.merge(s.resolve(association, "routeTableId", routeTableTypes...))
	}

	needs := imagePullNeeds{logsNeeded: logsNeeded}
	needs.natRoute = s.hasDefaultRoute(routeTables, "natGatewayId", s.viaNat)
	needs.igwRoute = s.hasDefaultRoute(routeTables, "gatewayId", s.viaInternetGateway)
	inVpc := func(endpoint int) tri { return s.resolve(endpoint, "vpcId", vpcTypes...).overlaps(vpc) }
	needs.ecrAPI = s.hasInterfaceEndpoint("."+imagesource.ECRAPIEndpoint, inVpc)
	needs.ecrDkr = s.hasInterfaceEndpoint("."+imagesource.ECRRegistryEndpoint, inVpc)
	needs.logs = s.hasInterfaceEndpoint("."+imagesource.LogsEndpoint, inVpc)
	needs.s3 = s.hasS3GatewayEndpoint(routeTables)
	regions, regionsKnown := s.ecrEndpointRegions(inVpc)
	needs.imagesOffEndpoints, needs.offEndpointImages = imagesOffEndpoints(images, imagesKnown, regions, regionsKnown)
	return needs, s.describeRef(vpc), s.describeRef(routeTables)
}

// hasDefaultRoute reports whether a 0.0.0.0/0 route on routeTables targets, through property targetKey, what via
// accepts (a NAT gateway, an internet gateway): standalone Route resources and a route table's inline routes.
func (s *stack) hasDefaultRoute(routeTables ref, targetKey string, via func(int, string, property.Value) tri) tri {
	standalone := anyOf(s.ofType(routeTypes...), func(route int) tri {
		onTable := s.resolve(route, "routeTableId", routeTableTypes...).overlaps(routeTables)
		return and(onTable, via(route, targetKey, s.resources[route].Properties.Get(targetKey)),
			isDefaultRoute(s.resources[route].Properties, "destinationCidrBlock"))
	})
	inline := anyOf(sortedTargets(routeTables), func(table int) tri {
		routesValue := s.resources[table].Properties.Get("routes")
		routes, known := list(routesValue)
		if !known {
			if s.providerComputed(table, "routes", routesValue) {
				return no
			}
			return unknown
		}
		result := no
		for _, r := range routes {
			route, routeKnown := object(r)
			if !routeKnown {
				result = or(result, unknown)
				continue
			}
			result = or(result, and(via(table, "routes", route.Get(targetKey)), isDefaultRoute(route, "cidrBlock")))
		}
		return result
	})
	return or(standalone, inline)
}

// viaNat reports whether a route target value points at a NAT gateway that gives internet egress: a public NAT
// gateway in the stack, or a NAT gateway id from outside the stack.
func (s *stack) viaNat(index int, depKey string, value property.Value) tri {
	if value.IsNull() || (value.IsString() && value.AsString() == "") {
		return no
	}
	natGateways := s.resolveValue(index, depKey, value, natGatewayTypes...)
	result := triOf(len(natGateways.raw) > 0)
	if natGateways.unresolved {
		result = or(result, unknown)
	}
	for _, nat := range sortedTargets(natGateways) {
		connectivity, known := str(s.resources[nat].Properties, "connectivityType", "public")
		if !known {
			result = or(result, unknown)
			continue
		}
		result = or(result, triOf(connectivity == "public"))
	}
	return result
}

// viaInternetGateway reports whether a route target value points at an internet gateway: one in the stack, or an
// id from outside it that is an internet gateway's (igw-...).
func (s *stack) viaInternetGateway(index int, depKey string, value property.Value) tri {
	if value.IsNull() || (value.IsString() && value.AsString() == "") {
		return no
	}
	gateways := s.resolveValue(index, depKey, value, internetGatewayTypes...)
	result := triOf(len(gateways.targets) > 0)
	for raw := range gateways.raw {
		result = or(result, triOf(strings.HasPrefix(raw, "igw-")))
	}
	if gateways.unresolved {
		result = or(result, unknown)
	}
	return result
}

// isDefaultRoute reports whether the route's IPv4 destination (property key) is 0.0.0.0/0.
func isDefaultRoute(route property.Map, key string) tri {
	destination, known := str(route, key, "")
	if !known {
		return unknown
	}
	return triOf(isOpenCIDR(destination) && !strings.Contains(destination, ":"))
}

// endpointIs reports whether a VPC endpoint is of endpointType (AWS default "Gateway") with a service name ending in
// suffix; unknown while either property is.
func (s *stack) endpointIs(endpoint int, endpointType, suffix string) tri {
	props := s.resources[endpoint].Properties
	gotType, typeKnown := str(props, "vpcEndpointType", "Gateway")
	serviceName, nameKnown := str(props, "serviceName", "")
	isType, isService := unknown, unknown
	if typeKnown {
		isType = triOf(gotType == endpointType)
	}
	if nameKnown {
		isService = triOf(strings.HasSuffix(serviceName, suffix))
	}
	return and(isType, isService)
}

func (s *stack) hasInterfaceEndpoint(suffix string, inVpc func(int) tri) tri {
	return anyOf(s.ofType(vpcEndpointTypes...), func(endpoint int) tri {
		return and(s.endpointIs(endpoint, "Interface", suffix), inVpc(endpoint))
	})
}

func (s *stack) hasS3GatewayEndpoint(routeTables ref) tri {
	associations := s.ofType(awstypes.Ec2VpcEndpointRouteTableAssociation)
	return anyOf(s.ofType(vpcEndpointTypes...), func(endpoint int) tri {
		isS3Gateway := s.endpointIs(endpoint, "Gateway", "."+imagesource.LayersGatewayEndpoint)
		onTable := s.resolve(endpoint, "routeTableIds", routeTableTypes...).overlaps(routeTables)
		viaAssociation := anyOf(associations, func(association int) tri {
			return and(s.resolve(association, "vpcEndpointId", vpcEndpointTypes...).contains(endpoint),
				s.resolve(association, "routeTableId", routeTableTypes...).overlaps(routeTables))
		})
		return and(isS3Gateway, or(onTable, viaAssociation))
	})
}

// describeRef names what a reference points at: the resources in this stack, else the raw ids, else a note that
// there is none.
func (s *stack) describeRef(r ref) string {
	var names []string
	for _, t := range sortedTargets(r) {
		names = append(names, fmt.Sprintf("%q", s.resources[t].Name))
	}
	if len(names) == 0 {
		for v := range r.raw {
			names = append(names, fmt.Sprintf("%q", v))
		}
		sort.Strings(names)
	}
	if len(names) == 0 {
		return "(none associated in this stack)"
	}
	return strings.Join(names, ", ")
}

func sortedTargets(r ref) []int {
	out := make([]int, 0, len(r.targets))
	for t := range r.targets {
		out = append(out, t)
	}
	sort.Ints(out)
	return out
}

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
