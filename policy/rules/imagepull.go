package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/imagesource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

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

var ecsSubnetCanPullImagesRule = StackRule{
	Name:          "ecs-subnet-can-pull-images",
	ResourceTypes: ecsServiceTypes,
	Description:   "Every subnet hosting an ECS service or task set has a NAT route, or an internet gateway route with public IPs assigned, or ecr.api + ecr.dkr (+ logs with awslogs) interface endpoints in its VPC and an S3 gateway endpoint on its route table, and then every image of the service is in private ECR of the endpoints' region.",
	Rationale:     "Missing egress is the first cause of CannotPullContainerError for tasks in private subnets; the endpoints reach only their own region's private ECR, not Docker Hub, ECR Public or other regions.",
	DefaultLevel:  Mandatory,
	Check:         checkSubnetsCanPullImages,
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
