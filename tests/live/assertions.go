package live

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// NetworkInterfacesAPI is the part of the EC2 client CheckNoPublicIPv4 calls.
type NetworkInterfacesAPI interface {
	DescribeNetworkInterfaces(ctx context.Context, in *ec2.DescribeNetworkInterfacesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error)
}

// VpcEndpointsAPI is the part of the EC2 client CheckEndpoints calls.
type VpcEndpointsAPI interface {
	DescribeVpcEndpoints(ctx context.Context, in *ec2.DescribeVpcEndpointsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error)
}

// RouteTablesAPI is the part of the EC2 client CheckNoDefaultRoute calls.
type RouteTablesAPI interface {
	DescribeRouteTables(ctx context.Context, in *ec2.DescribeRouteTablesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error)
}

// NetworkACLsAPI is the part of the EC2 client CheckNoAdminPortsFromInternet calls.
type NetworkACLsAPI interface {
	DescribeNetworkAcls(ctx context.Context, in *ec2.DescribeNetworkAclsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeNetworkAclsOutput, error)
}

// LoadBalancersAPI is the part of the Elastic Load Balancing v2 client CheckLoadBalancersInternal and
// CheckTargetsHealthy call.
type LoadBalancersAPI interface {
	DescribeLoadBalancers(ctx context.Context, in *elb.DescribeLoadBalancersInput, optFns ...func(*elb.Options)) (*elb.DescribeLoadBalancersOutput, error)
	DescribeTargetGroups(ctx context.Context, in *elb.DescribeTargetGroupsInput, optFns ...func(*elb.Options)) (*elb.DescribeTargetGroupsOutput, error)
	DescribeTargetHealth(ctx context.Context, in *elb.DescribeTargetHealthInput, optFns ...func(*elb.Options)) (*elb.DescribeTargetHealthOutput, error)
}

// TasksAPI is the part of the ECS client CheckTasksRunning calls.
type TasksAPI interface {
	ListTasks(ctx context.Context, in *ecs.ListTasksInput, optFns ...func(*ecs.Options)) (*ecs.ListTasksOutput, error)
	DescribeTasks(ctx context.Context, in *ecs.DescribeTasksInput, optFns ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error)
}

// errNoPrivateSubnets is the problem of a per-subnet check given no subnets: an empty output would pass it vacuously.
var errNoPrivateSubnets = errors.New("no private subnets given: the stack output privateSubnetIds is empty")

func vpcFilter(vpcID string) []ec2types.Filter {
	return []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}
}

// CheckNoPublicIPv4 fails for every network interface in the VPC that has a public IPv4 address, on its primary
// address or any secondary one. A VPC without any interface fails too: the stack puts endpoints, the ALB and tasks
// there, so none means the wrong VPC was asked.
func CheckNoPublicIPv4(ctx context.Context, api NetworkInterfacesAPI, vpcID string) error {
	var problems []error
	count := 0
	pages := ec2.NewDescribeNetworkInterfacesPaginator(api, &ec2.DescribeNetworkInterfacesInput{Filters: vpcFilter(vpcID)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describe network interfaces of %s: %w", vpcID, err)
		}
		for _, eni := range page.NetworkInterfaces {
			count++
			public := map[string]bool{}
			if eni.Association != nil && aws.ToString(eni.Association.PublicIp) != "" {
				public[aws.ToString(eni.Association.PublicIp)] = true
			}
			for _, address := range eni.PrivateIpAddresses {
				if address.Association != nil && aws.ToString(address.Association.PublicIp) != "" {
					public[aws.ToString(address.Association.PublicIp)] = true
				}
			}
			for _, ip := range sortedSet(public) {
				problems = append(problems, fmt.Errorf("network interface %s (%s, %q) has public IPv4 %s",
					aws.ToString(eni.NetworkInterfaceId), eni.InterfaceType, aws.ToString(eni.Description), ip))
			}
		}
	}
	if count == 0 {
		return fmt.Errorf("VPC %s has no network interfaces: the stack's endpoints, ALB and tasks should be there", vpcID)
	}
	return errors.Join(problems...)
}

// CheckLoadBalancersInternal fails for every load balancer in the VPC whose scheme is not internal, and when the
// stack's ALB (found by its DNS name, the stack output albDnsName) is not among them. It returns the ALB's ARN.
func CheckLoadBalancersInternal(ctx context.Context, api LoadBalancersAPI, vpcID, albDNSName string) (string, error) {
	var problems []error
	albArn := ""
	pages := elb.NewDescribeLoadBalancersPaginator(api, &elb.DescribeLoadBalancersInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return "", fmt.Errorf("describe load balancers: %w", err)
		}
		for _, lb := range page.LoadBalancers {
			if aws.ToString(lb.VpcId) != vpcID {
				continue
			}
			name := aws.ToString(lb.LoadBalancerName)
			if lb.Scheme != elbtypes.LoadBalancerSchemeEnumInternal {
				problems = append(problems, fmt.Errorf("load balancer %s has scheme %q, want %q", name, lb.Scheme,
					elbtypes.LoadBalancerSchemeEnumInternal))
			}
			if strings.EqualFold(aws.ToString(lb.DNSName), albDNSName) {
				albArn = aws.ToString(lb.LoadBalancerArn)
				if lb.Type != elbtypes.LoadBalancerTypeEnumApplication {
					problems = append(problems, fmt.Errorf("load balancer %s is of type %q, want %q", name, lb.Type,
						elbtypes.LoadBalancerTypeEnumApplication))
				}
			}
		}
	}
	if albArn == "" {
		problems = append(problems, fmt.Errorf("no load balancer in VPC %s has the DNS name %s", vpcID, albDNSName))
	}
	return albArn, errors.Join(problems...)
}

// CheckTargetsHealthy fails when the load balancer has no target group, a target group has no target, or any target
// is not healthy; each problem names the group, the target and AWS's reason.
func CheckTargetsHealthy(ctx context.Context, api LoadBalancersAPI, lbArn string) error {
	var groups []elbtypes.TargetGroup
	pages := elb.NewDescribeTargetGroupsPaginator(api, &elb.DescribeTargetGroupsInput{LoadBalancerArn: aws.String(lbArn)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describe target groups of %s: %w", lbArn, err)
		}
		groups = append(groups, page.TargetGroups...)
	}
	if len(groups) == 0 {
		return fmt.Errorf("load balancer %s has no target groups", lbArn)
	}
	var problems []error
	for _, group := range groups {
		name := aws.ToString(group.TargetGroupName)
		health, err := api.DescribeTargetHealth(ctx, &elb.DescribeTargetHealthInput{TargetGroupArn: group.TargetGroupArn})
		if err != nil {
			return fmt.Errorf("describe target health of %s: %w", name, err)
		}
		if len(health.TargetHealthDescriptions) == 0 {
			problems = append(problems, fmt.Errorf("target group %s has no targets", name))
		}
		for _, target := range health.TargetHealthDescriptions {
			if target.TargetHealth == nil {
				problems = append(problems, fmt.Errorf("target group %s: target %s has no health state", name, targetName(target.Target)))
				continue
			}
			if target.TargetHealth.State != elbtypes.TargetHealthStateEnumHealthy {
				problems = append(problems, fmt.Errorf("target group %s: target %s is %s (%s: %s)", name,
					targetName(target.Target), target.TargetHealth.State, target.TargetHealth.Reason,
					aws.ToString(target.TargetHealth.Description)))
			}
		}
	}
	return errors.Join(problems...)
}

func targetName(target *elbtypes.TargetDescription) string {
	if target == nil {
		return "?"
	}
	return fmt.Sprintf("%s:%d", aws.ToString(target.Id), aws.ToInt32(target.Port))
}

// ServiceTasks says which tasks CheckTasksRunning expects.
type ServiceTasks struct {
	Cluster string
	Service string
	// Count is the service's desiredCount.
	Count int
	// Container is the container whose image is checked, Digest the manifest digest ECR gave the pushed image.
	Container string
	Digest    string
}

// CheckTasksRunning fails unless the service has Count tasks whose last status is RUNNING, each running Container
// with the image digest Digest.
func CheckTasksRunning(ctx context.Context, api TasksAPI, want ServiceTasks) error {
	var arns []string
	pages := ecs.NewListTasksPaginator(api, &ecs.ListTasksInput{Cluster: aws.String(want.Cluster),
		ServiceName: aws.String(want.Service), DesiredStatus: ecstypes.DesiredStatusRunning})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list tasks of service %s: %w", want.Service, err)
		}
		arns = append(arns, page.TaskArns...)
	}
	var problems []error
	running := 0
	// DescribeTasks takes at most 100 tasks (ECS API reference, DescribeTasks: "tasks", up to 100).
	for batch := range slices.Chunk(arns, 100) {
		out, err := api.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(want.Cluster), Tasks: batch})
		if err != nil {
			return fmt.Errorf("describe tasks of service %s: %w", want.Service, err)
		}
		for _, failure := range out.Failures {
			problems = append(problems, fmt.Errorf("task %s: %s %s", aws.ToString(failure.Arn),
				aws.ToString(failure.Reason), aws.ToString(failure.Detail)))
		}
		for _, task := range out.Tasks {
			id := aws.ToString(task.TaskArn)
			if aws.ToString(task.LastStatus) != "RUNNING" {
				problems = append(problems, fmt.Errorf("task %s is %s, want RUNNING", id, aws.ToString(task.LastStatus)))
				continue
			}
			running++
			found := false
			for _, container := range task.Containers {
				if aws.ToString(container.Name) != want.Container {
					continue
				}
				found = true
				if digest := aws.ToString(container.ImageDigest); digest != want.Digest {
					problems = append(problems, fmt.Errorf("task %s: container %s runs image digest %q, want %s",
						id, want.Container, digest, want.Digest))
				}
			}
			if !found {
				problems = append(problems, fmt.Errorf("task %s has no container %s", id, want.Container))
			}
		}
	}
	if running != want.Count {
		problems = append(problems, fmt.Errorf("service %s has %d RUNNING tasks, want %d", want.Service, running, want.Count))
	}
	return errors.Join(problems...)
}

// Endpoints says which VPC endpoints CheckEndpoints expects.
type Endpoints struct {
	VpcID  string
	Region string
	// Interface lists the interface endpoints by short name (ecr.api, ecr.dkr, logs, …: the stack output
	// interfaceEndpoints); SubnetIDs are the private subnets each of them must be in.
	Interface []string
	SubnetIDs []string
}

// CheckEndpoints fails unless every expected interface endpoint exists in the VPC, is available, has private DNS on
// and sits in every private subnet, and the S3 gateway endpoint is available.
func CheckEndpoints(ctx context.Context, api VpcEndpointsAPI, want Endpoints) error {
	byService := map[string][]ec2types.VpcEndpoint{}
	pages := ec2.NewDescribeVpcEndpointsPaginator(api, &ec2.DescribeVpcEndpointsInput{Filters: vpcFilter(want.VpcID)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describe VPC endpoints of %s: %w", want.VpcID, err)
		}
		for _, endpoint := range page.VpcEndpoints {
			service := aws.ToString(endpoint.ServiceName)
			byService[service] = append(byService[service], endpoint)
		}
	}
	var problems []error
	check := func(short string, endpointType ec2types.VpcEndpointType) {
		// Service names are com.amazonaws.<region>.<service> (EC2 API reference, CreateVpcEndpoint: ServiceName).
		service := "com.amazonaws." + want.Region + "." + short
		var matching []ec2types.VpcEndpoint
		for _, endpoint := range byService[service] {
			if endpoint.VpcEndpointType == endpointType {
				matching = append(matching, endpoint)
			}
		}
		if len(matching) != 1 {
			problems = append(problems, fmt.Errorf("VPC %s has %d %s endpoints for %s, want 1", want.VpcID,
				len(matching), endpointType, service))
			return
		}
		endpoint := matching[0]
		id := aws.ToString(endpoint.VpcEndpointId)
		// The API answers "available" in lower case; the SDK's enum constant is "Available".
		if !strings.EqualFold(string(endpoint.State), "available") {
			problems = append(problems, fmt.Errorf("endpoint %s (%s) is %q, want available", id, service, endpoint.State))
		}
		if endpointType != ec2types.VpcEndpointTypeInterface {
			return
		}
		if !aws.ToBool(endpoint.PrivateDnsEnabled) {
			problems = append(problems, fmt.Errorf("endpoint %s (%s) has private DNS off", id, service))
		}
		for _, subnet := range want.SubnetIDs {
			if !slices.Contains(endpoint.SubnetIds, subnet) {
				problems = append(problems, fmt.Errorf("endpoint %s (%s) is not in private subnet %s", id, service, subnet))
			}
		}
	}
	if len(want.Interface) == 0 {
		problems = append(problems, errors.New("no interface endpoints expected: the stack output interfaceEndpoints is empty"))
	}
	for _, short := range want.Interface {
		check(short, ec2types.VpcEndpointTypeInterface)
	}
	check("s3", ec2types.VpcEndpointTypeGateway)
	return errors.Join(problems...)
}

// CheckNoDefaultRoute fails when the route table of any private subnet (its explicit association, else the VPC's main
// table) has a route to 0.0.0.0/0 — in egress mode none nothing may leave the VPC but through the endpoints.
func CheckNoDefaultRoute(ctx context.Context, api RouteTablesAPI, vpcID string, subnetIDs []string) error {
	var tables []ec2types.RouteTable
	pages := ec2.NewDescribeRouteTablesPaginator(api, &ec2.DescribeRouteTablesInput{Filters: vpcFilter(vpcID)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describe route tables of %s: %w", vpcID, err)
		}
		tables = append(tables, page.RouteTables...)
	}
	tableOf := func(subnet string) *ec2types.RouteTable {
		var main *ec2types.RouteTable
		for i := range tables {
			for _, association := range tables[i].Associations {
				if aws.ToString(association.SubnetId) == subnet {
					return &tables[i]
				}
				if aws.ToBool(association.Main) {
					main = &tables[i]
				}
			}
		}
		return main
	}
	var problems []error
	if len(subnetIDs) == 0 {
		problems = append(problems, errNoPrivateSubnets)
	}
	for _, subnet := range subnetIDs {
		table := tableOf(subnet)
		if table == nil {
			problems = append(problems, fmt.Errorf("subnet %s has no route table in VPC %s", subnet, vpcID))
			continue
		}
		for _, route := range table.Routes {
			if aws.ToString(route.DestinationCidrBlock) != "0.0.0.0/0" {
				continue
			}
			problems = append(problems, fmt.Errorf("route table %s of subnet %s routes 0.0.0.0/0 to %s", aws.ToString(table.RouteTableId),
				subnet, routeTarget(route)))
		}
	}
	return errors.Join(problems...)
}

// internetSources are addresses outside any VPC (documentation ranges, RFC 5737 and RFC 3849) that stand for "the
// internet" when the network ACLs are evaluated.
var internetSources = []netip.Addr{netip.MustParseAddr("198.51.100.7"), netip.MustParseAddr("2001:db8::7")}

// CheckNoAdminPortsFromInternet fails for every private subnet whose network ACL lets TCP or UDP packets from the
// internet reach port 22 or 3389 (Security Hub FSBP EC2.21). Entries are evaluated the way EC2 does: ingress entries
// in rule-number order, the first that matches decides.
func CheckNoAdminPortsFromInternet(ctx context.Context, api NetworkACLsAPI, vpcID string, subnetIDs []string) error {
	var acls []ec2types.NetworkAcl
	pages := ec2.NewDescribeNetworkAclsPaginator(api, &ec2.DescribeNetworkAclsInput{Filters: vpcFilter(vpcID)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describe network ACLs of %s: %w", vpcID, err)
		}
		acls = append(acls, page.NetworkAcls...)
	}
	aclOf := func(subnet string) *ec2types.NetworkAcl {
		for i := range acls {
			for _, association := range acls[i].Associations {
				if aws.ToString(association.SubnetId) == subnet {
					return &acls[i]
				}
			}
		}
		return nil
	}
	var problems []error
	if len(subnetIDs) == 0 {
		problems = append(problems, errNoPrivateSubnets)
	}
	for _, subnet := range subnetIDs {
		acl := aclOf(subnet)
		if acl == nil {
			problems = append(problems, fmt.Errorf("subnet %s has no network ACL association in VPC %s", subnet, vpcID))
			continue
		}
		ingress := ingressInRuleOrder(acl.Entries)
		for _, source := range internetSources {
			for _, protocol := range []string{"6", "17"} {
				for _, port := range []int32{22, 3389} {
					if entry := firstMatching(ingress, source, protocol, port); entry != nil && entry.RuleAction == ec2types.RuleActionAllow {
						problems = append(problems, fmt.Errorf("network ACL %s of subnet %s admits %s port %d from %s (rule %d)",
							aws.ToString(acl.NetworkAclId), subnet, map[string]string{"6": "TCP", "17": "UDP"}[protocol], port, source,
							aws.ToInt32(entry.RuleNumber)))
					}
				}
			}
		}
	}
	return errors.Join(problems...)
}

// ingressInRuleOrder is an ACL's ingress entries in the order EC2 evaluates them: lowest rule number first.
func ingressInRuleOrder(entries []ec2types.NetworkAclEntry) []ec2types.NetworkAclEntry {
	ingress := slices.DeleteFunc(slices.Clone(entries), func(e ec2types.NetworkAclEntry) bool { return aws.ToBool(e.Egress) })
	slices.SortFunc(ingress, func(a, b ec2types.NetworkAclEntry) int {
		return int(aws.ToInt32(a.RuleNumber) - aws.ToInt32(b.RuleNumber))
	})
	return ingress
}

// firstMatching is the first of ingress (in rule order) that matches a packet of protocol to port from source, or
// nil (the implicit deny).
func firstMatching(ingress []ec2types.NetworkAclEntry, source netip.Addr, protocol string, port int32) *ec2types.NetworkAclEntry {
	for i, e := range ingress {
		block := aws.ToString(e.CidrBlock)
		if source.Is6() {
			block = aws.ToString(e.Ipv6CidrBlock)
		}
		prefix, err := netip.ParsePrefix(block)
		if err != nil || !prefix.Contains(source) {
			continue
		}
		switch aws.ToString(e.Protocol) {
		case "-1":
			return &ingress[i]
		case protocol:
			if e.PortRange != nil && aws.ToInt32(e.PortRange.From) <= port && port <= aws.ToInt32(e.PortRange.To) {
				return &ingress[i]
			}
		}
	}
	return nil
}

func routeTarget(route ec2types.Route) string {
	for _, target := range []*string{route.GatewayId, route.NatGatewayId, route.TransitGatewayId, route.NetworkInterfaceId,
		route.VpcPeeringConnectionId, route.InstanceId} {
		if aws.ToString(target) != "" {
			return aws.ToString(target)
		}
	}
	return "an unnamed target"
}

func sortedSet(set map[string]bool) []string {
	keys := make([]string, 0, len(set))
	for key := range set {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}
