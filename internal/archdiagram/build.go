package archdiagram

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/mockaws"
	"github.com/private-fargate/private-fargate/internal/programrun"
)

// index answers the questions the builder asks of the recorded resources.
type index struct {
	byURN     map[string]programrun.Resource
	resources []programrun.Resource
	// ids maps a recorded URN to the diagram node that stands for it.
	ids map[string]string
}

func newIndex(resources []programrun.Resource) *index {
	idx := &index{byURN: map[string]programrun.Resource{}, resources: resources, ids: map[string]string{}}
	for _, res := range resources {
		idx.byURN[res.URN] = res
	}
	return idx
}

// ofType returns the resources of a type in the order they were given (sorted by name by programrun).
func (idx *index) ofType(token string) []programrun.Resource {
	var out []programrun.Resource
	for _, res := range idx.resources {
		if res.Type == token {
			out = append(out, res)
		}
	}
	return out
}

// deps returns the resources of a type that res depends on, sorted by name.
func (idx *index) deps(res programrun.Resource, token string) []programrun.Resource {
	var out []programrun.Resource
	for _, urn := range res.Dependencies {
		if dep, ok := idx.byURN[urn]; ok && dep.Type == token {
			out = append(out, dep)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// dep returns the first dependency of a type.
func (idx *index) dep(res programrun.Resource, token string) (programrun.Resource, bool) {
	deps := idx.deps(res, token)
	if len(deps) == 0 {
		return programrun.Resource{}, false
	}
	return deps[0], true
}

// dependents returns the resources of a type that depend on res.
func (idx *index) dependents(res programrun.Resource, token string) []programrun.Resource {
	var out []programrun.Resource
	for _, other := range idx.ofType(token) {
		for _, urn := range other.Dependencies {
			if urn == res.URN {
				out = append(out, other)
				break
			}
		}
	}
	return out
}

// parent returns the parent resource (a component) of res.
func (idx *index) parent(res programrun.Resource) (programrun.Resource, bool) {
	p, ok := idx.byURN[res.Parent]
	return p, ok
}

// id gives a resource its node id (kind + logical name) and remembers it.
func (idx *index) id(res programrun.Resource) string {
	if id, ok := idx.ids[res.URN]; ok {
		return id
	}
	_, kind := mockaws.TypeParts(res.Type)
	id := nodeID(kind, res.Name)
	idx.ids[res.URN] = id
	return id
}

// Build draws the graph of one stack from the resources its program registered.
func Build(stack string, resources []programrun.Resource) *Graph {
	idx := newIndex(resources)
	g := &Graph{Title: "private-fargate · stack " + stack + " (generated from components.Program)"}
	b := &builder{idx: idx, g: g}
	b.network()
	b.appPlatform()
	b.endpoints()
	b.loadBalancing()
	b.services()
	b.jobs()
	b.ingress()
	b.monitoring()
	b.logs()
	g.sortEdges()
	return g
}

type builder struct {
	idx *index
	g   *Graph
	vpc *Cluster
	// platformCluster is, in an app stack, the platform's ECS cluster its services and jobs join; nil otherwise.
	platformCluster *Cluster
	// stores collects log groups and buckets, outside the VPC.
	stores []Node
}

func (b *builder) edge(from, to, label string) {
	b.g.Edges = append(b.g.Edges, Edge{From: from, To: to, Label: label})
}

// platformListenerID is the node of the platform's rules listener in an app stack's diagram.
const platformListenerID = "platform_rules_listener"

// appPlatform draws, for an app stack (tasks but no VPC of its own), the platform stack's VPC, cluster and rules
// listener as the frame the app's resources live in, labelled as the platform's: the app registers none of them.
func (b *builder) appPlatform() {
	idx := b.idx
	if b.vpc != nil || len(idx.ofType(awstypes.EcsTaskDefinition)) == 0 {
		return
	}
	b.vpc = &Cluster{ID: "vpc", Label: "the platform stack's VPC and private subnets\n(not this stack's: read from its platform contract)"}
	b.g.Clusters = append(b.g.Clusters, b.vpc)
	b.platformCluster = &Cluster{ID: "platform_cluster",
		Label: "the platform's ECS cluster (Fargate, tasks in its private subnets, no public IP)"}
	b.vpc.Clusters = append(b.vpc.Clusters, b.platformCluster)
	if len(idx.ofType(awstypes.LbListenerRule)) > 0 {
		b.vpc.Nodes = append(b.vpc.Nodes, Node{ID: platformListenerID,
			Label: "the platform's ALB rules listener\n(rules only inside this app's grant)"})
	}
}

func (b *builder) network() {
	idx := b.idx
	vpcs := idx.ofType(awstypes.Ec2Vpc)
	if len(vpcs) == 0 {
		return
	}
	vpc := vpcs[0]
	label := "VPC " + mockaws.StringProp(vpc.Inputs, "cidrBlock")
	if boolProp(vpc.Inputs, "assignGeneratedIpv6CidrBlock") {
		label += " + IPv6 /56"
	}
	nats := idx.ofType(awstypes.Ec2NatGateway)
	switch len(nats) {
	case 0:
		label += "\negress none: no internet route, AWS through endpoints"
	case 1:
		label += "\negress: one NAT gateway"
	default:
		label += fmt.Sprintf("\negress: a NAT gateway per AZ (%d)", len(nats))
	}
	b.vpc = &Cluster{ID: "vpc", Label: label}
	b.g.Clusters = append(b.g.Clusters, b.vpc)

	publicRouteTables := map[string]bool{}
	for _, route := range idx.ofType(awstypes.Ec2Route) {
		if igw, ok := idx.dep(route, awstypes.Ec2InternetGateway); ok {
			if rt, ok := idx.dep(route, awstypes.Ec2RouteTable); ok {
				publicRouteTables[rt.URN] = true
				b.edge(idx.id(rt), idx.id(igw), routeDestination(route))
			}
		}
	}

	azClusters := map[string]*Cluster{}
	var azs []string
	for _, subnet := range idx.ofType(awstypes.Ec2Subnet) {
		az := mockaws.StringProp(subnet.Inputs, "availabilityZone")
		cluster, ok := azClusters[az]
		if !ok {
			cluster = &Cluster{ID: nodeID("az", az), Label: "AZ " + az}
			azClusters[az] = cluster
			azs = append(azs, az)
		}
		tier := "private"
		var routeTable programrun.Resource
		var hasRouteTable bool
		for _, assoc := range idx.dependents(subnet, awstypes.Ec2RouteTableAssociation) {
			if rt, ok := idx.dep(assoc, awstypes.Ec2RouteTable); ok {
				routeTable, hasRouteTable = rt, true
				if publicRouteTables[rt.URN] {
					tier = "public"
				}
			}
		}
		cidr := mockaws.StringProp(subnet.Inputs, "cidrBlock")
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(subnet), Label: tier + " subnet\n" + cidr})
		if hasRouteTable {
			if tier == "private" {
				cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(routeTable), Label: "route table\n(private, " + az + ")"})
			}
			b.edge(idx.id(subnet), idx.id(routeTable), "")
		}
	}
	sort.Strings(azs)
	for _, az := range azs {
		b.vpc.Clusters = append(b.vpc.Clusters, azClusters[az])
	}
	// Public route tables are shared by the AZs: they sit in the VPC, beside the gateways.
	for _, rt := range idx.ofType(awstypes.Ec2RouteTable) {
		if publicRouteTables[rt.URN] {
			b.vpc.Nodes = append(b.vpc.Nodes, Node{ID: idx.id(rt), Label: "route table\n(public)"})
		}
	}

	for _, nat := range nats {
		subnet, ok := idx.dep(nat, awstypes.Ec2Subnet)
		if !ok {
			continue
		}
		az := mockaws.StringProp(subnet.Inputs, "availabilityZone")
		azClusters[az].Nodes = append(azClusters[az].Nodes, Node{ID: idx.id(nat), Label: "NAT gateway\n+ Elastic IP", Shape: Gateway})
		b.edge(idx.id(subnet), idx.id(nat), "hosts")
		if igw, ok := idx.dep(nat, awstypes.Ec2InternetGateway); ok {
			b.edge(idx.id(nat), idx.id(igw), "")
		}
	}
	for _, route := range idx.ofType(awstypes.Ec2Route) {
		rt, ok := idx.dep(route, awstypes.Ec2RouteTable)
		if !ok {
			continue
		}
		if nat, ok := idx.dep(route, awstypes.Ec2NatGateway); ok {
			b.edge(idx.id(rt), idx.id(nat), routeDestination(route))
		}
		if eigw, ok := idx.dep(route, awstypes.Ec2EgressOnlyInternetGateway); ok {
			b.edge(idx.id(rt), idx.id(eigw), routeDestination(route))
		}
	}
	internet := false
	for _, igw := range idx.ofType(awstypes.Ec2InternetGateway) {
		b.vpc.Nodes = append(b.vpc.Nodes, Node{ID: idx.id(igw), Label: "internet gateway", Shape: Gateway})
		b.edge(idx.id(igw), "internet", "")
		internet = true
	}
	for _, eigw := range idx.ofType(awstypes.Ec2EgressOnlyInternetGateway) {
		b.vpc.Nodes = append(b.vpc.Nodes, Node{ID: idx.id(eigw), Label: "egress-only internet gateway\n(IPv6 out only)", Shape: Gateway})
		b.edge(idx.id(eigw), "internet", "")
		internet = true
	}
	if internet {
		b.g.Nodes = append(b.g.Nodes, Node{ID: "internet", Label: "internet", Shape: Gateway})
	}
	for _, flowLog := range idx.ofType(awstypes.Ec2FlowLog) {
		b.vpc.Nodes = append(b.vpc.Nodes, Node{ID: idx.id(flowLog), Label: "flow logs (" + mockaws.StringProp(flowLog.Inputs, "trafficType") + ")"})
		if group, ok := idx.dep(flowLog, awstypes.CloudwatchLogGroup); ok {
			b.edge(idx.id(flowLog), idx.id(group), "")
		}
	}
}

// routeDestination labels a route by its destination.
func routeDestination(route programrun.Resource) string {
	if cidr := mockaws.StringProp(route.Inputs, "destinationCidrBlock"); cidr != "" {
		return cidr
	}
	return mockaws.StringProp(route.Inputs, "destinationIpv6CidrBlock")
}

func (b *builder) endpoints() {
	idx := b.idx
	if b.vpc == nil {
		return
	}
	cluster := &Cluster{ID: "endpoints", Label: "VPC endpoints (interface: private DNS, an ENI per AZ, 443 from the VPC only)"}
	for _, endpoint := range idx.ofType(awstypes.Ec2VpcEndpoint) {
		service := endpointService(mockaws.StringProp(endpoint.Inputs, "serviceName"))
		if mockaws.StringProp(endpoint.Inputs, "vpcEndpointType") == "Gateway" {
			cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(endpoint), Label: service + "\ngateway endpoint", Shape: Gateway})
			for _, assoc := range idx.dependents(endpoint, awstypes.Ec2VpcEndpointRouteTableAssociation) {
				if rt, ok := idx.dep(assoc, awstypes.Ec2RouteTable); ok {
					b.edge(idx.id(rt), idx.id(endpoint), "S3 prefix list")
				}
			}
			continue
		}
		azs := len(mockaws.StringsProp(endpoint.Inputs, "subnetIds"))
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(endpoint), Label: fmt.Sprintf("%s\ninterface endpoint × %d AZ", service, azs), Shape: Gateway})
	}
	b.vpc.Clusters = append(b.vpc.Clusters, cluster)
}

// endpointService turns "com.amazonaws.eu-west-1.ecr.api" into "ecr.api".
func endpointService(serviceName string) string {
	parts := strings.SplitN(serviceName, ".", 4)
	if len(parts) == 4 && parts[0] == "com" && parts[1] == "amazonaws" {
		return parts[3]
	}
	return serviceName
}

func (b *builder) loadBalancing() {
	idx := b.idx
	if b.vpc == nil {
		return
	}
	cluster := &Cluster{ID: "loadbalancing", Label: "load balancing (internal, private subnets)"}
	if b.platformCluster != nil {
		cluster.Label = "this app's routes on the platform's ALB"
	}
	for _, lb := range idx.ofType(awstypes.LbLoadBalancer) {
		kind := "ALB"
		if mockaws.StringProp(lb.Inputs, "loadBalancerType") == "network" {
			kind = "NLB"
		}
		scheme := "internal"
		if !boolProp(lb.Inputs, "internal") {
			scheme = "internet-facing"
		}
		label := fmt.Sprintf("%s %s\n%d AZs", scheme, kind, len(mockaws.StringsProp(lb.Inputs, "subnets")))
		if boolProp(lb.Inputs, "enableDeletionProtection") {
			label += ", deletion protection"
		}
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(lb), Label: label})
		for _, bucket := range idx.deps(lb, awstypes.S3BucketV2) {
			b.stores = append(b.stores, Node{ID: idx.id(bucket), Label: "S3 bucket\nALB access logs", Shape: Store})
			b.edge(idx.id(lb), idx.id(bucket), "access logs")
		}
	}
	for _, listener := range idx.ofType(awstypes.LbListener) {
		protocol := mockaws.StringProp(listener.Inputs, "protocol")
		label := fmt.Sprintf("listener %s :%d", protocol, intProp(listener.Inputs, "port"))
		if action := defaultAction(listener.Inputs); action != "" {
			label += "\n" + action
		}
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(listener), Label: label})
		if lb, ok := idx.dep(listener, awstypes.LbLoadBalancer); ok {
			b.edge(idx.id(lb), idx.id(listener), "")
		}
		for _, group := range idx.deps(listener, awstypes.LbTargetGroup) {
			b.edge(idx.id(listener), idx.id(group), "forward")
		}
	}
	for _, rule := range idx.ofType(awstypes.LbListenerRule) {
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(rule), Label: ruleLabel(rule.Inputs)})
		if listener, ok := idx.dep(rule, awstypes.LbListener); ok {
			b.edge(idx.id(listener), idx.id(rule), "")
		} else if b.platformCluster != nil {
			b.edge(platformListenerID, idx.id(rule), "")
		}
		for _, group := range idx.deps(rule, awstypes.LbTargetGroup) {
			b.edge(idx.id(rule), idx.id(group), "forward")
		}
	}
	for _, group := range idx.ofType(awstypes.LbTargetGroup) {
		label := fmt.Sprintf("target group (%s)\n%s :%d", mockaws.StringProp(group.Inputs, "targetType"),
			mockaws.StringProp(group.Inputs, "protocol"), intProp(group.Inputs, "port"))
		if path := mockaws.StringProp(group.Inputs, "healthCheck", "path"); path != "" && mockaws.StringProp(group.Inputs, "targetType") == "ip" {
			label += "\nhealth " + path
		}
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(group), Label: label})
	}
	for _, attachment := range idx.ofType(awstypes.LbTargetGroupAttachment) {
		group, okGroup := idx.dep(attachment, awstypes.LbTargetGroup)
		lb, okLB := idx.dep(attachment, awstypes.LbLoadBalancer)
		if okGroup && okLB {
			b.edge(idx.id(group), idx.id(lb), "")
		}
	}
	b.vpc.Clusters = append(b.vpc.Clusters, cluster)
}

// defaultAction describes a listener's default action when it does not forward.
func defaultAction(inputs resource.PropertyMap) string {
	actions, ok := mockaws.Prop(inputs, "defaultActions")
	if !ok || !actions.IsArray() || len(actions.ArrayValue()) == 0 {
		return ""
	}
	action := actions.ArrayValue()[0]
	if !action.IsObject() {
		return ""
	}
	object := action.ObjectValue()
	switch mockaws.StringProp(object, "type") {
	case "redirect":
		return fmt.Sprintf("default: %s to %s :%s", strings.TrimPrefix(mockaws.StringProp(object, "redirect", "statusCode"), "HTTP_"),
			mockaws.StringProp(object, "redirect", "protocol"), mockaws.StringProp(object, "redirect", "port"))
	case "fixed-response":
		return "default: " + mockaws.StringProp(object, "fixedResponse", "statusCode")
	}
	return ""
}

// ruleLabel shows a listener rule's conditions.
func ruleLabel(inputs resource.PropertyMap) string {
	label := fmt.Sprintf("rule (priority %d)", intProp(inputs, "priority"))
	conditions, ok := mockaws.Prop(inputs, "conditions")
	if !ok || !conditions.IsArray() {
		return label
	}
	for _, condition := range conditions.ArrayValue() {
		if !condition.IsObject() {
			continue
		}
		object := condition.ObjectValue()
		if hosts := mockaws.StringsProp(object, "hostHeader", "values"); len(hosts) > 0 {
			label += "\nhost " + strings.Join(hosts, ", ")
		}
		if paths := mockaws.StringsProp(object, "pathPattern", "values"); len(paths) > 0 {
			label += "\npath " + strings.Join(paths, ", ")
		}
	}
	return label
}

// containerDefinition is the part of an ECS container definition the diagram shows.
type containerDefinition struct {
	Name         string `json:"name"`
	Image        string `json:"image"`
	PortMappings []struct {
		ContainerPort int `json:"containerPort"`
	} `json:"portMappings"`
}

func (b *builder) services() {
	idx := b.idx
	if b.vpc == nil {
		return
	}
	if b.platformCluster != nil {
		for _, service := range idx.ofType(awstypes.EcsService) {
			b.service(b.platformCluster, service)
		}
		return
	}
	for _, ecsCluster := range idx.ofType(awstypes.EcsCluster) {
		cluster := &Cluster{ID: idx.id(ecsCluster), Label: "ECS cluster (Fargate, tasks in the private subnets, no public IP)"}
		b.vpc.Clusters = append(b.vpc.Clusters, cluster)
		for _, service := range idx.dependents(ecsCluster, awstypes.EcsService) {
			b.service(cluster, service)
		}
	}
}

func (b *builder) service(ecsCluster *Cluster, service programrun.Resource) {
	idx := b.idx
	name := b.configName(service)
	task, _ := idx.dep(service, awstypes.EcsTaskDefinition)
	cluster := &Cluster{ID: nodeID("svc", name), Label: "service " + name}
	ecsCluster.Clusters = append(ecsCluster.Clusters, cluster)

	cpu := atoiProp(task.Inputs, "cpu")
	memory := atoiProp(task.Inputs, "memory")
	architecture := mockaws.StringProp(task.Inputs, "runtimePlatform", "cpuArchitecture")
	label := fmt.Sprintf("ECS service %s\n%d × %s vCPU / %s GB %s", name, intProp(service.Inputs, "desiredCount"),
		trimFloat(float64(cpu)/1024), trimFloat(float64(memory)/1024), architecture)
	for _, scaling := range idx.ofType(awstypes.AppautoscalingTarget) {
		if scaling.Parent == service.Parent {
			label += fmt.Sprintf("\nautoscaling %d–%d", intProp(scaling.Inputs, "minCapacity"), intProp(scaling.Inputs, "maxCapacity"))
		}
	}
	if strategy := capacityProviders(service.Inputs); strategy != "" {
		label += "\n" + strategy
	}
	serviceID := idx.id(service)
	cluster.Nodes = append(cluster.Nodes, Node{ID: serviceID, Label: label})

	containerIDs := b.taskParts(cluster, serviceID, name, task)

	if balancers, ok := mockaws.Prop(service.Inputs, "loadBalancers"); ok && balancers.IsArray() {
		groups := idx.deps(service, awstypes.LbTargetGroup)
		for i, balancer := range balancers.ArrayValue() {
			if !balancer.IsObject() || i >= len(groups) {
				continue
			}
			object := balancer.ObjectValue()
			target := containerIDs[mockaws.StringProp(object, "containerName")]
			if target == "" {
				target = serviceID
			}
			b.edge(idx.id(groups[i]), target, fmt.Sprintf(":%d", intProp(object, "containerPort")))
		}
	}

}

// taskParts draws what a service's or job's task (owner) runs and uses: its containers, its two roles and its log
// group. It returns the container node ids by container name.
func (b *builder) taskParts(cluster *Cluster, ownerID, name string, task programrun.Resource) map[string]string {
	idx := b.idx
	var containers []containerDefinition
	if raw := mockaws.StringProp(task.Inputs, "containerDefinitions"); raw != "" {
		_ = json.Unmarshal([]byte(raw), &containers)
	}
	containerIDs := map[string]string{}
	for _, container := range containers {
		id := nodeID("ctr", name, container.Name)
		containerIDs[container.Name] = id
		label := "container " + container.Name
		for _, port := range container.PortMappings {
			label += fmt.Sprintf(" :%d", port.ContainerPort)
		}
		if image := imageName(container.Image); image != "" {
			label += "\n" + image
		}
		cluster.Nodes = append(cluster.Nodes, Node{ID: id, Label: label})
		b.edge(ownerID, id, "runs")
	}
	for _, role := range idx.deps(task, awstypes.IamRole) {
		kind := "task role"
		if strings.HasSuffix(role.Name, "-execution") {
			kind = "execution role"
		}
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(role), Label: "IAM " + kind, Shape: Role})
		b.edge(ownerID, idx.id(role), "")
	}
	for _, group := range idx.deps(task, awstypes.CloudwatchLogGroup) {
		b.edge(ownerID, idx.id(group), "awslogs")
	}
	return containerIDs
}

// jobTypeToken is the component every job's resources are parented to.
const jobTypeToken = "private-fargate:index:Job"

// jobs draws every job inside the ECS cluster (its task, containers, roles and logs) and, for a scheduled job, its
// EventBridge Scheduler schedule outside the VPC, with the dead-letter queue its failed invocations go to.
func (b *builder) jobs() {
	idx := b.idx
	if b.vpc == nil {
		return
	}
	var ecsCluster *Cluster
	for _, cluster := range b.vpc.Clusters {
		for _, c := range idx.ofType(awstypes.EcsCluster) {
			if cluster.ID == idx.id(c) {
				ecsCluster = cluster
			}
		}
	}
	if ecsCluster == nil {
		ecsCluster = b.platformCluster
	}
	if ecsCluster == nil {
		return
	}
	schedules := &Cluster{ID: "scheduler", Label: "EventBridge Scheduler (regional, outside the VPC)"}
	for _, task := range idx.ofType(awstypes.EcsTaskDefinition) {
		component, ok := idx.parent(task)
		if !ok || component.Type != jobTypeToken {
			continue
		}
		name := b.configName(task)
		cluster := &Cluster{ID: nodeID("job", name), Label: "job " + name}
		ecsCluster.Clusters = append(ecsCluster.Clusters, cluster)
		jobID := idx.id(task)
		label := fmt.Sprintf("job %s (task definition)\n1 × %s vCPU / %s GB %s", name,
			trimFloat(float64(atoiProp(task.Inputs, "cpu"))/1024), trimFloat(float64(atoiProp(task.Inputs, "memory"))/1024),
			mockaws.StringProp(task.Inputs, "runtimePlatform", "cpuArchitecture"))
		var schedule programrun.Resource
		scheduled := false
		for _, s := range idx.dependents(task, awstypes.SchedulerSchedule) {
			schedule, scheduled = s, true
		}
		if !scheduled {
			label += "\non demand (RunTask input exported)"
		}
		cluster.Nodes = append(cluster.Nodes, Node{ID: jobID, Label: label})
		b.taskParts(cluster, jobID, name, task)
		if !scheduled {
			continue
		}
		in := schedule.Inputs
		scheduleLabel := fmt.Sprintf("schedule %s\n%s %s\nstate %s, retries %d", mockaws.StringProp(in, "name"),
			mockaws.StringProp(in, "scheduleExpression"), mockaws.StringProp(in, "scheduleExpressionTimezone"),
			mockaws.StringProp(in, "state"), intProp(in, "target", "retryPolicy", "maximumRetryAttempts"))
		if window := intProp(in, "flexibleTimeWindow", "maximumWindowInMinutes"); window > 0 {
			scheduleLabel += fmt.Sprintf(", window %d min", window)
		}
		scheduleID := idx.id(schedule)
		schedules.Nodes = append(schedules.Nodes, Node{ID: scheduleID, Label: scheduleLabel})
		b.edge(scheduleID, jobID, "RunTask, no public IP")
		for _, queue := range idx.deps(schedule, awstypes.SqsQueue) {
			b.edge(scheduleID, idx.id(queue), "failed invocations")
		}
		for _, role := range idx.deps(schedule, awstypes.IamRole) {
			schedules.Nodes = append(schedules.Nodes, Node{ID: idx.id(role), Label: "IAM schedule role", Shape: Role})
			b.edge(scheduleID, idx.id(role), "")
		}
	}
	if len(schedules.Nodes) == 0 {
		return
	}
	for _, queue := range idx.ofType(awstypes.SqsQueue) {
		schedules.Nodes = append(schedules.Nodes, Node{ID: idx.id(queue),
			Label: fmt.Sprintf("SQS dead-letter queue\nSSE, %d days", intProp(queue.Inputs, "messageRetentionSeconds")/86400),
			Shape: Store})
	}
	b.g.Clusters = append(b.g.Clusters, schedules)
}

// configName is the service's key in config: its component's name without the parent component's prefix.
func (b *builder) configName(service programrun.Resource) string {
	component, ok := b.idx.parent(service)
	if !ok {
		return service.Name
	}
	if parent, ok := b.idx.parent(component); ok {
		return strings.TrimPrefix(component.Name, parent.Name+"-")
	}
	return component.Name
}

// capacityProviders summarises a service's capacity provider strategy or launch type.
func capacityProviders(inputs resource.PropertyMap) string {
	if launchType := mockaws.StringProp(inputs, "launchType"); launchType != "" {
		return "launch type " + launchType
	}
	items, ok := mockaws.Prop(inputs, "capacityProviderStrategies")
	if !ok || !items.IsArray() {
		return ""
	}
	var parts []string
	for _, item := range items.ArrayValue() {
		if !item.IsObject() {
			continue
		}
		object := item.ObjectValue()
		part := fmt.Sprintf("%s weight %d", mockaws.StringProp(object, "capacityProvider"), intProp(object, "weight"))
		if base := intProp(object, "base"); base > 0 {
			part += fmt.Sprintf(" base %d", base)
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
}

// imageName shortens an image reference to its repository name and tag ("web:1.0.0").
func imageName(image string) string {
	if i := strings.LastIndex(image, "/"); i >= 0 {
		return image[i+1:]
	}
	return image
}

func (b *builder) ingress() {
	idx := b.idx
	cluster := &Cluster{ID: "apigateway", Label: "API Gateway (regional service, outside the VPC)"}
	var entry string
	for _, api := range idx.ofType(awstypes.ApigatewayRestAPI) {
		// pulumi-aws v6 takes endpointConfiguration.types as one string; older schemas took a list.
		endpointType := mockaws.StringProp(api.Inputs, "endpointConfiguration", "types")
		if endpointType == "" {
			endpointType = strings.Join(mockaws.StringsProp(api.Inputs, "endpointConfiguration", "types"), ", ")
		}
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(api), Label: "REST API\n" + endpointType})
		entry = idx.id(api)
		for _, link := range idx.ofType(awstypes.ApigatewayVpcLink) {
			cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(link), Label: "VPC link (v1)", Shape: Gateway})
			b.edge(idx.id(api), idx.id(link), "integrations")
			for _, lb := range idx.deps(link, awstypes.LbLoadBalancer) {
				b.edge(idx.id(link), idx.id(lb), "")
			}
		}
	}
	for _, api := range idx.ofType(awstypes.Apigatewayv2API) {
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(api), Label: "HTTP API"})
		entry = idx.id(api)
		for _, link := range idx.ofType(awstypes.Apigatewayv2VpcLink) {
			cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(link), Label: "VPC link (v2)\nin the first two AZs", Shape: Gateway})
			b.edge(idx.id(api), idx.id(link), "")
			for _, integration := range idx.ofType(awstypes.Apigatewayv2Integration) {
				for _, listener := range idx.deps(integration, awstypes.LbListener) {
					b.edge(idx.id(link), idx.id(listener), "")
				}
			}
		}
	}
	for _, stageLogs := range idx.ofType(awstypes.CloudwatchLogGroup) {
		if parent, ok := idx.parent(stageLogs); ok && parent.Type == "private-fargate:index:Ingress" && entry != "" {
			b.edge(entry, idx.id(stageLogs), "access logs")
		}
	}
	if entry != "" {
		b.g.Clusters = append(b.g.Clusters, cluster)
		b.g.Nodes = append(b.g.Nodes, Node{ID: "clients", Label: "clients"})
		b.edge("clients", entry, "HTTPS")
		return
	}
	// Without ingress the load balancers serve clients inside the VPC (or peered networks).
	var front []programrun.Resource
	for _, lb := range idx.ofType(awstypes.LbLoadBalancer) {
		if mockaws.StringProp(lb.Inputs, "loadBalancerType") == "network" {
			front = []programrun.Resource{lb}
			break
		}
		front = append(front, lb)
	}
	if len(front) > 0 {
		b.g.Nodes = append(b.g.Nodes, Node{ID: "clients", Label: "clients in the VPC\nor peered networks"})
		for _, lb := range front {
			b.edge("clients", idx.id(lb), "")
		}
	}
}

func (b *builder) logs() {
	idx := b.idx
	for _, group := range idx.ofType(awstypes.CloudwatchLogGroup) {
		// Autonamed groups have no name input: their Name tag is the logical name.
		name := mockaws.StringProp(group.Inputs, "name")
		if name == "" {
			name = mockaws.StringProp(group.Inputs, "tags", "Name")
		}
		label := fmt.Sprintf("log group %s\n%d days", name, intProp(group.Inputs, "retentionInDays"))
		b.stores = append(b.stores, Node{ID: idx.id(group), Label: label, Shape: Store})
	}
	if len(b.stores) > 0 {
		b.g.Clusters = append(b.g.Clusters, &Cluster{ID: "logs", Label: "CloudWatch Logs and S3 (regional, outside the VPC)", Nodes: b.stores})
	}
}
