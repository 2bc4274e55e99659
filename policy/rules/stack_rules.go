package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

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
	// Check returns the findings over the whole stack.
	Check func(resources []Resource, cfg Config) []StackFinding
}

// StackFinding is one stack rule problem, reported on one resource.
type StackFinding struct {
	// Resource is the index in the checked slice of the resource the problem is reported on.
	Resource int
	// Message says what is wrong and how to fix it.
	Message string
}

// StackRules returns the stack rules, in catalogue order.
func StackRules() []StackRule {
	return []StackRule{
		{
			Name:          "eip-only-for-nat-gateway",
			ResourceTypes: []string{typeEip},
			Description:   "Every Elastic IP is the `allocationId` of a NAT gateway in the same stack.",
			Rationale:     "A free-standing EIP is a public address waiting to be attached; NAT is the one sanctioned use.",
			DefaultLevel:  Mandatory,
			Check:         checkEipsBackNatGateways,
		},
		{
			Name:          "ecs-subnet-can-pull-images",
			ResourceTypes: []string{typeEcsService},
			Description:   "Every subnet hosting an ECS service has a NAT route, or ecr.api + ecr.dkr (+ logs with awslogs) interface endpoints in its VPC and an S3 gateway endpoint on its route table, and then every image of the service is in private ECR of the endpoints' region.",
			Rationale:     "Missing egress is the first cause of CannotPullContainerError for tasks in private subnets; the endpoints reach only their own region's private ECR, not Docker Hub, ECR Public or other regions.",
			DefaultLevel:  Mandatory,
			Check:         checkSubnetsCanPullImages,
		},
	}
}

func checkEipsBackNatGateways(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	natGateways := s.ofType(typeNatGateway)
	allocations := make([]ref, 0, len(natGateways))
	for _, nat := range natGateways {
		allocation := s.resolve(nat, "allocationId", typeEip)
		allocation.merge(s.resolve(nat, "secondaryAllocationIds", typeEip))
		allocations = append(allocations, allocation)
	}
	var findings []StackFinding
	for _, eip := range s.ofType(typeEip) {
		backed := no
		for _, allocation := range allocations {
			backed = or(backed, allocation.contains(eip))
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
	logsNeeded                         tri
	// imagesOffEndpoints is yes when some image of the service cannot come through the endpoints (see
	// imagesource.Source.PullableWithoutInternet); offEndpointImages says which, for the message.
	imagesOffEndpoints tri
	offEndpointImages  []string
}

func (n imagePullNeeds) canPull() tri {
	logsOK := or(not(n.logsNeeded), n.logs)
	return or(n.natRoute, and(n.ecrAPI, n.ecrDkr, logsOK, n.s3, not(n.imagesOffEndpoints)))
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
	for _, service := range s.ofType(typeEcsService) {
		networkConfiguration, _ := object(resources[service].Properties.Get("networkConfiguration"))
		subnets := s.resolveValue(service, "networkConfiguration", networkConfiguration.Get("subnets"), typeSubnet)
		logsNeeded := s.serviceUsesAwslogs(service)
		images, imagesKnown := s.serviceImages(service)
		for _, subnet := range sortedTargets(subnets) {
			needs, vpcName, routeTables := s.imagePullNeeds(subnet, logsNeeded, images, imagesKnown)
			if needs.canPull() != no {
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
	taskDefinitions := s.resolve(service, "taskDefinition", typeEcsTaskDefinition)
	candidates := sortedTargets(taskDefinitions)
	if len(candidates) == 0 {
		candidates = s.ofType(typeEcsTaskDefinition)
	}
	return anyOf(candidates, func(td int) tri { return usesAwslogs(s.resources[td].Properties) })
}

// serviceImages returns the images of a service's task definition (every task definition in the stack when it
// can't be resolved); known is false while some container definitions are unknown.
func (s *stack) serviceImages(service int) (images []string, known bool) {
	taskDefinitions := s.resolve(service, "taskDefinition", typeEcsTaskDefinition)
	candidates := sortedTargets(taskDefinitions)
	if len(candidates) == 0 {
		candidates = s.ofType(typeEcsTaskDefinition)
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
	for _, endpoint := range s.ofType(typeVpcEndpoint) {
		if inVpc(endpoint) == no || s.endpointIs(endpoint, "Interface", ".ecr.dkr") == no {
			continue
		}
		serviceName, nameKnown := str(s.resources[endpoint].Properties, "serviceName", "")
		if !nameKnown {
			known = false
			continue
		}
		if region, ok := strings.CutSuffix(strings.TrimPrefix(serviceName, "com.amazonaws."), ".ecr.dkr"); ok {
			regions = append(regions, region)
		}
	}
	return regions, known
}

// imagePullNeeds gathers what subnet has on both pull paths, and names its VPC and route tables for messages.
func (s *stack) imagePullNeeds(subnet int, logsNeeded tri, images []string, imagesKnown bool) (imagePullNeeds, string, string) {
	vpc := s.resolve(subnet, "vpcId", typeVpc)
	routeTables := newRef()
	for _, association := range s.ofType(typeRouteTableAssociation) {
		if s.resolve(association, "subnetId", typeSubnet).contains(subnet) == no {
			continue
		}
		routeTables.merge(s.resolve(association, "routeTableId", typeRouteTable))
	}

	needs := imagePullNeeds{logsNeeded: logsNeeded}
	needs.natRoute = s.hasNatDefaultRoute(routeTables)
	inVpc := func(endpoint int) tri { return s.resolve(endpoint, "vpcId", typeVpc).overlaps(vpc) }
	needs.ecrAPI = s.hasInterfaceEndpoint(".ecr.api", inVpc)
	needs.ecrDkr = s.hasInterfaceEndpoint(".ecr.dkr", inVpc)
	needs.logs = s.hasInterfaceEndpoint(".logs", inVpc)
	needs.s3 = s.hasS3GatewayEndpoint(routeTables)
	regions, regionsKnown := s.ecrEndpointRegions(inVpc)
	needs.imagesOffEndpoints, needs.offEndpointImages = imagesOffEndpoints(images, imagesKnown, regions, regionsKnown)
	return needs, s.describeRef(vpc), s.describeRef(routeTables)
}

func (s *stack) hasNatDefaultRoute(routeTables ref) tri {
	standalone := anyOf(s.ofType(typeRoute), func(route int) tri {
		onTable := s.resolve(route, "routeTableId", typeRouteTable).overlaps(routeTables)
		return and(onTable, s.viaNat(route, "natGatewayId", s.resources[route].Properties.Get("natGatewayId")),
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
			result = or(result, and(s.viaNat(table, "routes", route.Get("natGatewayId")), isDefaultRoute(route, "cidrBlock")))
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
	natGateways := s.resolveValue(index, depKey, value, typeNatGateway)
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
	return anyOf(s.ofType(typeVpcEndpoint), func(endpoint int) tri {
		return and(s.endpointIs(endpoint, "Interface", suffix), inVpc(endpoint))
	})
}

func (s *stack) hasS3GatewayEndpoint(routeTables ref) tri {
	associations := s.ofType(typeVpcEndpointRouteTableAssoc)
	return anyOf(s.ofType(typeVpcEndpoint), func(endpoint int) tri {
		isS3Gateway := s.endpointIs(endpoint, "Gateway", ".s3")
		onTable := s.resolve(endpoint, "routeTableIds", typeRouteTable).overlaps(routeTables)
		viaAssociation := anyOf(associations, func(association int) tri {
			return and(s.resolve(association, "vpcEndpointId", typeVpcEndpoint).contains(endpoint),
				s.resolve(association, "routeTableId", typeRouteTable).overlaps(routeTables))
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
