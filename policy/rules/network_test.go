package rules

import (
	"testing"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/stretchr/testify/assert"
)

// networkRuleCases are the fixtures of the rules in network.go; resourceRuleCases includes them.
func networkRuleCases() []ruleCase {
	return []ruleCase{
		// subnet-no-public-ip
		{name: "subnet without mapPublicIpOnLaunch takes the AWS default false", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"cidrBlock": "10.0.1.0/24"}},
		{name: "subnet with mapPublicIpOnLaunch false", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"mapPublicIpOnLaunch": false}},
		{name: "subnet with mapPublicIpOnLaunch true", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"mapPublicIpOnLaunch": true}, want: 1, wantText: "mapPublicIpOnLaunch: false"},
		{name: "subnet with secret mapPublicIpOnLaunch true", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"mapPublicIpOnLaunch": secret(true)}, want: 1},
		{name: "subnet with unknown mapPublicIpOnLaunch is rechecked later", rule: "subnet-no-public-ip", typ: awstypes.Ec2Subnet, props: obj{"mapPublicIpOnLaunch": unknownValue}},

		// eip-not-attached
		{name: "free EIP for a NAT gateway", rule: "eip-not-attached", typ: awstypes.Ec2Eip, props: obj{"domain": "vpc"}},
		{name: "EIP attached to an instance", rule: "eip-not-attached", typ: awstypes.Ec2Eip, props: obj{"domain": "vpc", "instance": "i-123"}, want: 1, wantText: "remove instance"},
		{name: "EIP attached to a network interface", rule: "eip-not-attached", typ: awstypes.Ec2Eip, props: obj{"networkInterface": secret("eni-1")}, want: 1, wantText: "networkInterface"},
		{name: "EIP with an unknown instance is rechecked later", rule: "eip-not-attached", typ: awstypes.Ec2Eip, props: obj{"instance": unknownValue}},
		{name: "EIP association to an instance", rule: "eip-not-attached", typ: awstypes.Ec2EipAssociation, props: obj{"allocationId": "eipalloc-1", "instanceId": "i-1"}, want: 1, wantText: "delete the association"},
		{name: "EIP association without a target", rule: "eip-not-attached", typ: awstypes.Ec2EipAssociation, props: obj{"allocationId": "eipalloc-1"}},

		// nat-gateway-allowed
		{name: "NAT gateway allowed by default", rule: "nat-gateway-allowed", typ: awstypes.Ec2NatGateway, props: obj{"subnetId": "subnet-1"}},
		{name: "public NAT gateway when NAT is forbidden", rule: "nat-gateway-allowed", typ: awstypes.Ec2NatGateway, props: obj{"subnetId": "subnet-1"}, cfg: noNat, want: 1, wantText: "allowNatGateways: false"},
		{name: "private NAT gateway when NAT is forbidden", rule: "nat-gateway-allowed", typ: awstypes.Ec2NatGateway, props: obj{"connectivityType": "private"}, cfg: noNat},
		{name: "NAT gateway with unknown connectivity when NAT is forbidden", rule: "nat-gateway-allowed", typ: awstypes.Ec2NatGateway, props: obj{"connectivityType": unknownValue}, cfg: noNat},

		// security-group-no-public-ingress
		{name: "security group with internal ingress", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []string{"10.0.0.0/16"}}}}},
		{name: "security group without ingress", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"egress": arr{obj{"protocol": "-1", "cidrBlocks": []string{"0.0.0.0/0"}}}}},
		{name: "security group open to 0.0.0.0/0", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"protocol": "tcp", "fromPort": 443, "toPort": 443, "cidrBlocks": []string{"10.0.0.0/8", "0.0.0.0/0"}}}}, want: 1, wantText: "tcp 443-443"},
		{name: "security group open to ::/0", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"protocol": "-1", "ipv6CidrBlocks": []string{"::/0"}}}}, want: 1, wantText: "::/0"},
		{name: "security group open in two rules", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"cidrBlocks": []string{"0.0.0.0/0"}}, obj{"cidrBlocks": arr{secret("0.0.0.0/0")}}}}, want: 2},
		{name: "security group with unknown cidr", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": arr{obj{"cidrBlocks": arr{unknownValue}}, unknownValue}}},
		{name: "security group with unknown ingress", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroup, props: obj{"ingress": unknownValue}},
		{name: "ingress security group rule open to the world", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroupRule, props: obj{"type": "ingress", "protocol": "tcp", "fromPort": 22, "toPort": 22, "cidrBlocks": []string{"0.0.0.0/0"}}, want: 1, wantText: "sourceSecurityGroupId"},
		{name: "egress security group rule to the world", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroupRule, props: obj{"type": "egress", "cidrBlocks": []string{"0.0.0.0/0"}}},
		{name: "security group rule with unknown type", rule: "security-group-no-public-ingress", typ: awstypes.Ec2SecurityGroupRule, props: obj{"type": unknownValue, "cidrBlocks": []string{"0.0.0.0/0"}}},
		{name: "vpc ingress rule from 0.0.0.0/0", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"}, want: 1, wantText: "cidrIpv4"},
		{name: "vpc ingress rule from ::/0", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"ipProtocol": "-1", "cidrIpv6": "::/0"}, want: 1, wantText: "all traffic"},
		{name: "vpc ingress rule from a security group", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"ipProtocol": "tcp", "referencedSecurityGroupId": "sg-1"}},
		{name: "vpc ingress rule from a private range", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"cidrIpv4": "10.0.0.0/8"}},
		{name: "vpc ingress rule with unknown cidr", rule: "security-group-no-public-ingress", typ: awstypes.VpcSecurityGroupIngressRule, props: obj{"cidrIpv4": unknownValue}},

		// vpc-endpoint-private-dns
		{name: "interface endpoint with private DNS", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"vpcEndpointType": "Interface", "privateDnsEnabled": true}},
		{name: "interface endpoint without private DNS", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"vpcEndpointType": "Interface", "serviceName": "com.amazonaws.eu-west-1.ecr.api"}, want: 1, wantText: "privateDnsEnabled: true"},
		{name: "interface endpoint with private DNS off", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"vpcEndpointType": "Interface", "privateDnsEnabled": false}, want: 1},
		{name: "endpoint without type is a gateway", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"serviceName": "com.amazonaws.eu-west-1.s3"}},
		{name: "interface endpoint with unknown private DNS", rule: "vpc-endpoint-private-dns", typ: awstypes.Ec2VpcEndpoint, props: obj{"vpcEndpointType": "Interface", "privateDnsEnabled": unknownValue}},

		// aws-native, default resources, task sets and legacy tokens: no way around the guarantees.
		{name: "default subnet without mapPublicIpOnLaunch keeps the default VPC's public IPs", rule: "subnet-no-public-ip", typ: awstypes.Ec2DefaultSubnet, props: obj{"availabilityZone": "eu-west-1a"}, want: 1, wantText: "default subnet"},
		{name: "default subnet with mapPublicIpOnLaunch false", rule: "subnet-no-public-ip", typ: awstypes.Ec2DefaultSubnet, props: obj{"availabilityZone": "eu-west-1a", "mapPublicIpOnLaunch": false}},
		{name: "default subnet with unknown mapPublicIpOnLaunch", rule: "subnet-no-public-ip", typ: awstypes.Ec2DefaultSubnet, props: obj{"mapPublicIpOnLaunch": unknownValue}},
		{name: "aws-native subnet mapping public IPs", rule: "subnet-no-public-ip", typ: awstypes.NativeEc2Subnet, props: obj{"mapPublicIpOnLaunch": true}, want: 1},
		{name: "aws-native subnet without mapPublicIpOnLaunch", rule: "subnet-no-public-ip", typ: awstypes.NativeEc2Subnet, props: obj{"cidrBlock": "10.0.1.0/24"}},
		{name: "aws-native EIP attached to an instance", rule: "eip-not-attached", typ: awstypes.NativeEc2Eip, props: obj{"domain": "vpc", "instanceId": "i-1"}, want: 1, wantText: "instanceId"},
		{name: "aws-native EIP for a NAT gateway", rule: "eip-not-attached", typ: awstypes.NativeEc2Eip, props: obj{"domain": "vpc"}},
		{name: "aws-native EIP association to an interface", rule: "eip-not-attached", typ: awstypes.NativeEc2EipAssociation, props: obj{"allocationId": "eipalloc-1", "networkInterfaceId": "eni-1"}, want: 1},
		{name: "aws-native EIP association with unknown target", rule: "eip-not-attached", typ: awstypes.NativeEc2EipAssociation, props: obj{"networkInterfaceId": unknownValue}},
		{name: "default security group open to the world", rule: "security-group-no-public-ingress", typ: awstypes.Ec2DefaultSecurityGroup, props: obj{"ingress": arr{obj{"protocol": "-1", "cidrBlocks": []string{"0.0.0.0/0"}}}}, want: 1},
		{name: "locked-down default security group", rule: "security-group-no-public-ingress", typ: awstypes.Ec2DefaultSecurityGroup, props: obj{"vpcId": "vpc-1"}},
		{name: "aws-native security group open to the world", rule: "security-group-no-public-ingress", typ: awstypes.NativeEc2SecurityGroup, props: obj{"securityGroupIngress": arr{obj{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIp": "0.0.0.0/0"}}}, want: 1, wantText: "securityGroupIngress rule #1"},
		{name: "aws-native security group from a private range", rule: "security-group-no-public-ingress", typ: awstypes.NativeEc2SecurityGroup, props: obj{"securityGroupIngress": arr{obj{"ipProtocol": "tcp", "cidrIp": "10.0.0.0/8"}, unknownValue}}},
		{name: "aws-native ingress from ::/0", rule: "security-group-no-public-ingress", typ: awstypes.NativeEc2SecurityGroupIngress, props: obj{"ipProtocol": "-1", "cidrIpv6": "::/0"}, want: 1, wantText: "cidrIpv6"},
		{name: "aws-native ingress with unknown cidr", rule: "security-group-no-public-ingress", typ: awstypes.NativeEc2SecurityGroupIngress, props: obj{"ipProtocol": "tcp", "cidrIp": unknownValue}},
		{name: "aws-native interface endpoint without private DNS", rule: "vpc-endpoint-private-dns", typ: awstypes.NativeEc2VpcEndpoint, props: obj{"vpcEndpointType": "Interface"}, want: 1},
		{name: "aws-native NAT gateway when NAT is forbidden", rule: "nat-gateway-allowed", typ: awstypes.NativeEc2NatGateway, props: obj{"subnetId": "subnet-1"}, cfg: noNat, want: 1},

		// transit-gateway-no-auto-accept (EC2.23)
		{name: "transit gateway with the default", rule: "transit-gateway-no-auto-accept", typ: awstypes.Ec2transitgatewayTransitGateway, props: obj{"description": "hub"}},
		{name: "transit gateway accepting attachments automatically", rule: "transit-gateway-no-auto-accept", typ: awstypes.Ec2transitgatewayTransitGateway, props: obj{"autoAcceptSharedAttachments": "enable"}, want: 1, wantText: "autoAcceptSharedAttachments: disable"},
		{name: "transit gateway with unknown auto-accept", rule: "transit-gateway-no-auto-accept", typ: awstypes.Ec2transitgatewayTransitGateway, props: obj{"autoAcceptSharedAttachments": unknownValue}},

		// client-vpn-connection-logging (EC2.51)
		{name: "Client VPN endpoint logging connections", rule: "client-vpn-connection-logging", typ: awstypes.Ec2clientvpnEndpoint, props: obj{"connectionLogOptions": obj{"enabled": true, "cloudwatchLogGroup": "vpn"}}},
		{name: "Client VPN endpoint without connection logs", rule: "client-vpn-connection-logging", typ: awstypes.Ec2clientvpnEndpoint, props: obj{"connectionLogOptions": obj{"enabled": false}}, want: 1, wantText: "connectionLogOptions.enabled: true"},
		{name: "Client VPN endpoint with unknown logging", rule: "client-vpn-connection-logging", typ: awstypes.Ec2clientvpnEndpoint, props: obj{"connectionLogOptions": unknownValue}},

		// network-acl-no-admin-ingress (EC2.21)
		{name: "NACL allowing HTTPS from anywhere", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACL, props: obj{"ingress": arr{obj{"action": "allow", "protocol": "tcp", "cidrBlock": "0.0.0.0/0", "fromPort": 443, "toPort": 443, "ruleNo": 100}}}},
		{name: "NACL allowing SSH from anywhere", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACL, props: obj{"ingress": arr{obj{"action": "allow", "protocol": "tcp", "cidrBlock": "0.0.0.0/0", "fromPort": 22, "toPort": 22}}}, want: 1, wantText: "port 22 or 3389"},
		{name: "default NACL allowing all traffic", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2DefaultNetworkACL, props: obj{"ingress": arr{obj{"action": "allow", "protocol": "-1", "cidrBlock": "0.0.0.0/0", "fromPort": 0, "toPort": 0}}}, want: 1},
		{name: "NACL rule allowing RDP from ::/0", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACLRule, props: obj{"ruleAction": "allow", "protocol": "6", "ipv6CidrBlock": "::/0", "fromPort": 3000, "toPort": 4000}, want: 1},
		{name: "NACL egress rule is not ingress", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACLRule, props: obj{"egress": true, "ruleAction": "allow", "protocol": "-1", "cidrBlock": "0.0.0.0/0"}},
		{name: "NACL rule denying SSH", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACLRule, props: obj{"ruleAction": "deny", "protocol": "tcp", "cidrBlock": "0.0.0.0/0", "fromPort": 22, "toPort": 22}},
		{name: "NACL rule with unknown egress", rule: "network-acl-no-admin-ingress", typ: awstypes.Ec2NetworkACLRule, props: obj{"egress": unknownValue, "ruleAction": "allow", "protocol": "-1", "cidrBlock": "0.0.0.0/0"}},
	}
}

func TestEipsBackNatGateways(t *testing.T) {
	cases := []struct {
		name    string
		build   func(refMode) *fixture
		modes   []refMode
		wantFor []string
	}{
		{name: "EIP allocated to a NAT gateway", build: natStack, modes: allModes},
		{
			name: "EIP as a secondary allocation", modes: allModes,
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.add(awstypes.Ec2Eip, "nat-eip-b", obj{"domain": "vpc"})
				f.linkList("nat-a", "secondaryAllocationIds", "nat-eip-b")
				return f
			},
		},
		{
			name: "EIP matched through its allocationId output", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.set("nat-eip-a", "allocationId", "eipalloc-0abc")
				f.set("nat-eip-a", "id", nil)
				f.set("nat-a", "allocationId", "eipalloc-0abc")
				return f
			},
		},
		{
			name: "free-standing EIP", modes: allModes, wantFor: []string{"spare-eip"},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.add(awstypes.Ec2Eip, "spare-eip", obj{"domain": "vpc"})
				return f
			},
		},
		{
			name: "EIP of a NAT gateway that is gone", modes: allModes, wantFor: []string{"nat-eip-a"},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.remove("nat-a", "private-a-default")
				return f
			},
		},
		{
			name: "NAT allocation unknown without dependencies leaves EIPs undecided", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := natStack(m)
				f.set("nat-a", "allocationId", unknownValue)
				return f
			},
		},
	}
	for _, tc := range cases {
		for _, mode := range tc.modes {
			t.Run(tc.name+"/"+string(mode), func(t *testing.T) {
				f := tc.build(mode)

				violations := findingsOf(t, "eip-only-for-nat-gateway", f.resources)

				var got []string
				for _, v := range violations {
					got = append(got, v.Resource)
					assert.Contains(t, v.Message, `Elastic IP "`+v.Resource+`"`)
					assert.Contains(t, v.Message, "allocationId to an aws.ec2.NatGateway")
				}
				assert.Equal(t, tc.wantFor, got)
			})
		}
	}
}
