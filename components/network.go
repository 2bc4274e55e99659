package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// NetworkArgs configures a Network.
type NetworkArgs struct {
	// Config is the validated network config; it shapes the program (counts, modes), so it is plain.
	Config NetworkConfig
	// Region is the stack's region (the flow log role's trust policy names it).
	Region string
	// Tags are added to every resource.
	Tags map[string]string
}

// Network is a VPC with one private subnet and route table per AZ, optional public subnets with NAT gateways,
// optional IPv6 dual-stack, flow logs, and the VPC's default security group and network ACL locked down.
type Network struct {
	pulumi.ResourceState

	// VpcId is the VPC's id.
	VpcId pulumi.StringOutput
	// AccountId is the AWS account the VPC belongs to (its ownerId): read from a resource rather than a data source,
	// so a preview makes no AWS call.
	AccountId pulumi.StringOutput
	// VpcCidr is the VPC's IPv4 CIDR (a known value from config).
	VpcCidr string
	// VpcIpv6Cidr is the VPC's Amazon-provided IPv6 /56; empty when IPv6 is off.
	VpcIpv6Cidr pulumi.StringOutput
	// AvailabilityZones are the AZs in config order.
	AvailabilityZones []string
	// PrivateSubnetIds are the private subnets in AZ order.
	PrivateSubnetIds pulumi.StringArrayOutput
	// PrivateSubnetIdsByAZ are the same subnets one by one, in AZ order: an element of PrivateSubnetIds is unknown
	// while any subnet is (appending an AZ, say), these stay known.
	PrivateSubnetIdsByAZ []pulumi.StringOutput
	// PrivateRouteTableIds are the private subnets' route tables, keyed by AZ.
	PrivateRouteTableIds map[string]pulumi.StringOutput
	// PublicSubnetIds are the public subnets (NAT modes only) in AZ order; empty otherwise.
	PublicSubnetIds pulumi.StringArrayOutput
}

// NewNetwork registers the network. The config must already be validated.
func NewNetwork(ctx *pulumi.Context, name string, args *NetworkArgs, opts ...pulumi.ResourceOption) (*Network, error) {
	network := &Network{VpcCidr: args.Config.Cidr, AvailabilityZones: args.Config.AvailabilityZones}
	if err := ctx.RegisterComponentResource("private-fargate:index:Network", name, network, opts...); err != nil {
		return nil, err
	}
	cfg := args.Config
	parent := pulumi.Parent(network)
	tags := func(resourceName string) pulumi.StringMap { return nameTags(args.Tags, resourceName) }

	plans, err := PlanSubnets(cfg.Cidr, cfg.SubnetPrefixLength, cfg.AvailabilityZones)
	if err != nil {
		return nil, err
	}

	vpc, err := ec2.NewVpc(ctx, name+"-vpc", &ec2.VpcArgs{
		CidrBlock:                    pulumi.String(cfg.Cidr),
		EnableDnsSupport:             pulumi.Bool(true),
		EnableDnsHostnames:           pulumi.Bool(true),
		AssignGeneratedIpv6CidrBlock: pulumi.Bool(cfg.Ipv6),
		Tags:                         tags(name + "-vpc"),
	}, parent)
	if err != nil {
		return nil, err
	}
	network.VpcId = vpc.ID().ToStringOutput()
	network.AccountId = vpc.OwnerId

	// The VPC's default security group admits all traffic among its members and everything out; nothing here uses it.
	// Adopting it without rules revokes them all (FSBP EC2.2, "VPC default security groups should not allow inbound or
	// outbound traffic"; terraform-provider-aws internal/service/ec2/vpc_default_security_group.go revokes every rule
	// on create, and its delete leaves the group, which AWS deletes with the VPC).
	if _, err := ec2.NewDefaultSecurityGroup(ctx, name+"-default-sg", &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  tags(name + "-default-sg"),
	}, parent); err != nil {
		return nil, err
	}
	network.VpcIpv6Cidr = pulumi.String("").ToStringOutput()
	if cfg.Ipv6 {
		network.VpcIpv6Cidr = vpc.Ipv6CidrBlock
	}

	// ipv6Subnet carves subnet netnum's /64 out of the VPC's /56 once AWS has assigned it.
	ipv6Subnet := func(netnum int) pulumi.StringPtrInput {
		if !cfg.Ipv6 {
			return nil
		}
		return vpc.Ipv6CidrBlock.ApplyT(func(block string) (string, error) {
			return Ipv6SubnetCidr(block, netnum)
		}).(pulumi.StringOutput)
	}

	// Public subnets exist only for NAT gateways; they too never map public IPs on launch.
	natMode := cfg.Egress != EgressNone
	publicSubnets := map[string]*ec2.Subnet{}
	var publicSubnetIds pulumi.StringArray
	var internetGateway *ec2.InternetGateway
	if natMode {
		igw, err := ec2.NewInternetGateway(ctx, name+"-igw", &ec2.InternetGatewayArgs{
			VpcId: vpc.ID(),
			Tags:  tags(name + "-igw"),
		}, parent)
		if err != nil {
			return nil, err
		}
		internetGateway = igw
		publicRouteTable, err := ec2.NewRouteTable(ctx, name+"-public", &ec2.RouteTableArgs{
			VpcId: vpc.ID(),
			Tags:  tags(name + "-public"),
		}, parent)
		if err != nil {
			return nil, err
		}
		if _, err := ec2.NewRoute(ctx, name+"-public-default", &ec2.RouteArgs{
			RouteTableId:         publicRouteTable.ID(),
			DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
			GatewayId:            igw.ID(),
		}, parent); err != nil {
			return nil, err
		}
		if cfg.Ipv6 {
			if _, err := ec2.NewRoute(ctx, name+"-public-default-ipv6", &ec2.RouteArgs{
				RouteTableId:             publicRouteTable.ID(),
				DestinationIpv6CidrBlock: pulumi.String("::/0"),
				GatewayId:                igw.ID(),
			}, parent); err != nil {
				return nil, err
			}
		}
		for _, plan := range plans {
			subnet, err := newSubnet(ctx, name+"-public-"+plan.AvailabilityZone, vpc, plan.AvailabilityZone,
				plan.PublicCidr, ipv6Subnet(ipv6PublicOffset+plan.Index), publicRouteTable, tags, parent)
			if err != nil {
				return nil, err
			}
			publicSubnets[plan.AvailabilityZone] = subnet
			publicSubnetIds = append(publicSubnetIds, subnet.ID().ToStringOutput())
		}
	}

	// NAT gateways, keyed by the AZ they live in; nat-single uses the first AZ for every private subnet. The NAT
	// gateway and its Elastic IP wait for the internet gateway's attachment to the VPC: "If you create a public NAT
	// gateway, you must ... attach an internet gateway to the VPC" and an EIP "may require the IGW to exist prior to
	// association" (terraform-provider-aws website/docs/r/nat_gateway.html.markdown and eip.html.markdown recommend
	// depends_on the internet gateway; https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html).
	natGateways := map[string]*ec2.NatGateway{}
	afterInternetGateway := pulumi.DependsOn([]pulumi.Resource{internetGateway})
	for _, plan := range plans {
		if !natMode || (cfg.Egress == EgressNatSingle && plan.Index > 0) {
			continue
		}
		natName := name + "-nat-" + plan.AvailabilityZone
		eip, err := ec2.NewEip(ctx, natName, &ec2.EipArgs{
			Domain: pulumi.String("vpc"),
			Tags:   tags(natName),
		}, parent, afterInternetGateway)
		if err != nil {
			return nil, err
		}
		natGateway, err := ec2.NewNatGateway(ctx, natName, &ec2.NatGatewayArgs{
			AllocationId: eip.ID(),
			SubnetId:     publicSubnets[plan.AvailabilityZone].ID(),
			Tags:         tags(natName),
		}, parent, afterInternetGateway)
		if err != nil {
			return nil, err
		}
		natGateways[plan.AvailabilityZone] = natGateway
	}

	// Outbound IPv6 follows the egress mode: with `none` there is no internet path at all, IPv4 or IPv6; the NAT modes
	// give IPv6 its outbound-only path through an egress-only internet gateway.
	var egressOnlyGateway *ec2.EgressOnlyInternetGateway
	if cfg.Ipv6 && natMode {
		egressOnlyGateway, err = ec2.NewEgressOnlyInternetGateway(ctx, name+"-eigw", &ec2.EgressOnlyInternetGatewayArgs{
			VpcId: vpc.ID(),
			Tags:  tags(name + "-eigw"),
		}, parent)
		if err != nil {
			return nil, err
		}
	}

	var privateSubnetIds pulumi.StringArray
	network.PrivateRouteTableIds = map[string]pulumi.StringOutput{}
	for _, plan := range plans {
		az := plan.AvailabilityZone
		subnetName := name + "-private-" + az
		routeTable, err := ec2.NewRouteTable(ctx, subnetName, &ec2.RouteTableArgs{
			VpcId: vpc.ID(),
			Tags:  tags(subnetName),
		}, parent)
		if err != nil {
			return nil, err
		}
		subnet, err := newSubnet(ctx, subnetName, vpc, az, plan.PrivateCidr, ipv6Subnet(plan.Index), routeTable, tags, parent)
		if err != nil {
			return nil, err
		}
		if natMode {
			natGateway := natGateways[az]
			if cfg.Egress == EgressNatSingle {
				natGateway = natGateways[cfg.AvailabilityZones[0]]
			}
			if _, err := ec2.NewRoute(ctx, subnetName+"-default", &ec2.RouteArgs{
				RouteTableId:         routeTable.ID(),
				DestinationCidrBlock: pulumi.String("0.0.0.0/0"),
				NatGatewayId:         natGateway.ID(),
			}, parent); err != nil {
				return nil, err
			}
		}
		if egressOnlyGateway != nil {
			if _, err := ec2.NewRoute(ctx, subnetName+"-default-ipv6", &ec2.RouteArgs{
				RouteTableId:             routeTable.ID(),
				DestinationIpv6CidrBlock: pulumi.String("::/0"),
				EgressOnlyGatewayId:      egressOnlyGateway.ID(),
			}, parent); err != nil {
				return nil, err
			}
		}
		privateSubnetIds = append(privateSubnetIds, subnet.ID().ToStringOutput())
		network.PrivateSubnetIdsByAZ = append(network.PrivateSubnetIdsByAZ, subnet.ID().ToStringOutput())
		network.PrivateRouteTableIds[az] = routeTable.ID().ToStringOutput()
	}
	network.PrivateSubnetIds = privateSubnetIds.ToStringArrayOutput()
	network.PublicSubnetIds = publicSubnetIds.ToStringArrayOutput()

	// Every subnet here uses the VPC's default network ACL (FSBP EC2.21: networkacl.go).
	if cfg.DefaultNetworkAcl == DefaultNetworkACLRestricted {
		allSubnetIds := append(append(pulumi.StringArray{}, privateSubnetIds...), publicSubnetIds...)
		if err := newDefaultNetworkACL(ctx, name+"-default-acl", vpc, cfg.Cidr, cfg.Ipv6, allSubnetIds,
			tags(name+"-default-acl"), parent); err != nil {
			return nil, err
		}
	}

	if isOn(cfg.FlowLogs.Enabled) {
		if err := newFlowLogs(ctx, name+"-flow-logs", args.Region, vpc, cfg.FlowLogs, tags, parent); err != nil {
			return nil, err
		}
	}

	if err := ctx.RegisterResourceOutputs(network, pulumi.Map{
		"vpcId":            network.VpcId,
		"privateSubnetIds": network.PrivateSubnetIds,
		"publicSubnetIds":  network.PublicSubnetIds,
	}); err != nil {
		return nil, err
	}
	return network, nil
}

// newSubnet registers a subnet that never maps public IPs on launch (a dual-stack one when ipv6Cidr is set) and
// associates it with routeTable. Subnet and association share the name.
func newSubnet(ctx *pulumi.Context, name string, vpc *ec2.Vpc, az, cidr string, ipv6Cidr pulumi.StringPtrInput,
	routeTable *ec2.RouteTable, tags func(string) pulumi.StringMap, parent pulumi.ResourceOption) (*ec2.Subnet, error) {
	subnet, err := ec2.NewSubnet(ctx, name, &ec2.SubnetArgs{
		VpcId:                       vpc.ID(),
		CidrBlock:                   pulumi.String(cidr),
		AvailabilityZone:            pulumi.String(az),
		MapPublicIpOnLaunch:         pulumi.Bool(false),
		Ipv6CidrBlock:               ipv6Cidr,
		AssignIpv6AddressOnCreation: pulumi.Bool(ipv6Cidr != nil),
		Tags:                        tags(name),
	}, parent)
	if err != nil {
		return nil, err
	}
	_, err = ec2.NewRouteTableAssociation(ctx, name, &ec2.RouteTableAssociationArgs{
		SubnetId:     subnet.ID(),
		RouteTableId: routeTable.ID(),
	}, parent)
	return subnet, err
}
