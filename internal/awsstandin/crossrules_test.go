package awsstandin

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// network creates a dual-stack VPC 10.0.0.0/16 and returns its id and IPv6 block.
func (s *stack) network() (vpcID, ipv6 string) {
	id, out := s.create(awstypes.Ec2Vpc, "vpc", map[string]any{"cidrBlock": "10.0.0.0/16", "assignGeneratedIpv6CidrBlock": true})
	return id, out["ipv6CidrBlock"].StringValue()
}

func (s *stack) subnet(name, vpcID, cidr, az string) string {
	id, _ := s.create(awstypes.Ec2Subnet, name, map[string]any{"vpcId": vpcID, "cidrBlock": cidr, "availabilityZone": az})
	return id
}

// TestCrossResourceShapeContract: rules that need other resources, judged in Check once their values are known.
func TestCrossResourceShapeContract(t *testing.T) {
	tests := []struct {
		name       string
		source     string
		run        func(s *stack) (bad, good plugin.CheckResponse)
		property   string
		wantReason string
	}{
		{name: "subnet outside the VPC CIDR", source: srcSubnetInVPC, property: "cidrBlock", wantReason: "InvalidSubnet.Range",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				vpc, _ := s.network()
				return s.check(awstypes.Ec2Subnet, "a", map[string]any{"vpcId": vpc, "cidrBlock": "10.1.0.0/24"}),
					s.check(awstypes.Ec2Subnet, "a", map[string]any{"vpcId": vpc, "cidrBlock": "10.0.0.0/24"})
			}},
		{name: "subnet IPv6 block outside the VPC's /56", source: srcSubnetInVPC, property: "ipv6CidrBlock", wantReason: "InvalidSubnet.Range",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				vpc, ipv6 := s.network()
				require.NotEmpty(s.t, ipv6)
				inside := resource.NewStringProperty(ipv6[:len(ipv6)-3] + "/64")
				return s.check(awstypes.Ec2Subnet, "a", map[string]any{"vpcId": vpc, "ipv6CidrBlock": "2001:db8::/64"}),
					s.check(awstypes.Ec2Subnet, "a", map[string]any{"vpcId": vpc, "ipv6CidrBlock": inside.StringValue()})
			}},
		{name: "overlapping subnets", source: srcSubnetInVPC, property: "cidrBlock", wantReason: "InvalidSubnet.Conflict",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				vpc, _ := s.network()
				s.subnet("first", vpc, "10.0.0.0/24", "eu-west-1a")
				return s.check(awstypes.Ec2Subnet, "second", map[string]any{"vpcId": vpc, "cidrBlock": "10.0.0.128/25"}),
					s.check(awstypes.Ec2Subnet, "second", map[string]any{"vpcId": vpc, "cidrBlock": "10.0.1.0/24"})
			}},
		{name: "TCP listener on an ALB", source: srcListenerProtocol, property: "protocol", wantReason: "not supported by an application load balancer",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				alb, _ := s.create(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{"subnet-1", "subnet-2"}})
				return s.check(awstypes.LbListener, "l", with(httpListener, "loadBalancerArn", alb, "protocol", "TCP")),
					s.check(awstypes.LbListener, "l", with(httpListener, "loadBalancerArn", alb))
			}},
		{name: "NLB listener forwarding to an HTTP target group", source: srcListenerProtocol, property: "defaultActions", wantReason: "IncompatibleProtocols",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				nlb, _ := s.create(awstypes.LbLoadBalancer, "nlb", map[string]any{"name": "nlb", "loadBalancerType": "network", "subnets": []any{"subnet-1"}})
				httpGroup, _ := s.create(awstypes.LbTargetGroup, "web-http", ipTargetGroup)
				tcpGroup, _ := s.create(awstypes.LbTargetGroup, "web-tcp", map[string]any{"targetType": "alb", "protocol": "TCP", "port": 80, "vpcId": "vpc-1"})
				listener := func(group string) map[string]any {
					return map[string]any{"loadBalancerArn": nlb, "port": 80, "protocol": "TCP",
						"defaultActions": []any{map[string]any{"type": "forward", "targetGroupArn": group}}}
				}
				return s.check(awstypes.LbListener, "l", listener(httpGroup)), s.check(awstypes.LbListener, "l", listener(tcpGroup))
			}},
		{name: "ALB in one Availability Zone", source: srcALBTwoAZs, property: "subnets", wantReason: "At least two subnets in two different Availability Zones",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				vpc, _ := s.network()
				a := s.subnet("a", vpc, "10.0.0.0/24", "eu-west-1a")
				a2 := s.subnet("a2", vpc, "10.0.1.0/24", "eu-west-1a")
				b := s.subnet("b", vpc, "10.0.2.0/24", "eu-west-1b")
				return s.check(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{a, a2}}),
					s.check(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{a, b}})
			}},
		{name: "ALB subnet smaller than /27", source: srcLBSubnetSize, property: "subnets", wantReason: "smaller than /27",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				vpc, _ := s.network()
				small := s.subnet("small", vpc, "10.0.0.0/28", "eu-west-1a")
				a := s.subnet("a", vpc, "10.0.1.0/27", "eu-west-1a")
				b := s.subnet("b", vpc, "10.0.2.0/27", "eu-west-1b")
				return s.check(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{small, b}}),
					s.check(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{a, b}})
			}},
		{name: "NLB subnet with fewer than 8 free addresses", source: srcNLBSubnetFree, property: "subnets", wantReason: "fewer than 8",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				vpc, _ := s.network()
				tiny := s.subnet("tiny", vpc, "10.0.0.0/28", "eu-west-1a")
				for _, service := range []string{"ecr-api", "ecr-dkr", "logs", "sts"} {
					s.create(awstypes.Ec2VpcEndpoint, service, map[string]any{"vpcId": vpc, "vpcEndpointType": "Interface",
						"serviceName": "com.amazonaws.eu-west-1." + service, "subnetIds": []any{tiny}})
				}
				roomy := s.subnet("roomy", vpc, "10.0.1.0/28", "eu-west-1b")
				return s.check(awstypes.LbLoadBalancer, "nlb", map[string]any{"name": "nlb", "loadBalancerType": "network", "subnets": []any{tiny}}),
					s.check(awstypes.LbLoadBalancer, "nlb", map[string]any{"name": "nlb", "loadBalancerType": "network", "subnets": []any{roomy}})
			}},
		{name: "interface endpoint with two subnets in one AZ", source: srcEndpointAZ, property: "subnetIds", wantReason: "Found another VPC endpoint subnet",
			run: func(s *stack) (plugin.CheckResponse, plugin.CheckResponse) {
				vpc, _ := s.network()
				a := s.subnet("a", vpc, "10.0.0.0/24", "eu-west-1a")
				a2 := s.subnet("a2", vpc, "10.0.1.0/24", "eu-west-1a")
				b := s.subnet("b", vpc, "10.0.2.0/24", "eu-west-1b")
				endpoint := func(subnets ...any) map[string]any {
					return map[string]any{"vpcId": vpc, "vpcEndpointType": "Interface", "serviceName": "com.amazonaws.eu-west-1.logs", "subnetIds": subnets}
				}
				return s.check(awstypes.Ec2VpcEndpoint, "logs", endpoint(a, a2)),
					s.check(awstypes.Ec2VpcEndpoint, "logs", endpoint(a, b))
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEmpty(t, tt.source)
			bad, good := tt.run(newStack(t))
			got := failureOn(bad.Failures, tt.property)
			require.NotNil(t, got, "the violating input is refused on %s; failures: %v", tt.property, bad.Failures)
			assert.Contains(t, got.Reason, tt.wantReason)
			assert.Contains(t, got.Reason, tt.source, "the failure cites its source")
			assert.Empty(t, good.Failures, "the compliant input passes")
		})
	}
}

func TestCrossResourceRulesWaitForUnknowns(t *testing.T) {
	s := newStack(t)
	resp := s.check(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{unknown(), unknown()}})
	assert.Empty(t, resp.Failures, "subnet ids unknown at preview: judged at up")
	resp = s.check(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{"subnet-not-this-stacks"}})
	assert.Empty(t, resp.Failures, "a subnet the stack does not manage is AWS's to judge")
}

// TestOrderingContract: rules judged in Create by what exists at that moment, so a missing dependsOn fails.
func TestOrderingContract(t *testing.T) {
	t.Parallel() // it waits out the stand-in's settle times and retry window
	tests := []struct {
		name       string
		source     string
		run        func(s *stack) (bad, good func() error)
		wantReason string
	}{
		{name: "service before its target group has a listener rule", source: srcServiceTG,
			wantReason: "does not have an associated load balancer",
			run: func(s *stack) (func() error, func() error) {
				tgARN, _ := s.create(awstypes.LbTargetGroup, "web-a", ipTargetGroup)
				service := with(fargateService, "loadBalancers", []any{map[string]any{"targetGroupArn": tgARN, "containerName": "app", "containerPort": 8080}})
				listenerARN, _ := s.create(awstypes.LbListener, "http", httpListener)
				bad := func() error { return s.tryCreate(awstypes.EcsService, "web", service) }
				good := func() error {
					s.create(awstypes.LbListenerRule, "web", map[string]any{"listenerArn": listenerARN, "priority": 1,
						"actions":    []any{map[string]any{"type": "forward", "targetGroupArn": tgARN}},
						"conditions": []any{map[string]any{"pathPattern": map[string]any{"values": []any{"/*"}}}}})
					return s.tryCreate(awstypes.EcsService, "web", service)
				}
				return bad, good
			}},
		{name: "a weighted forward attaches every group it names", source: srcServiceTG,
			wantReason: "does not have an associated load balancer",
			run: func(s *stack) (func() error, func() error) {
				blue, _ := s.create(awstypes.LbTargetGroup, "web-a", ipTargetGroup)
				green, _ := s.create(awstypes.LbTargetGroup, "web-b", ipTargetGroup)
				listenerARN, _ := s.create(awstypes.LbListener, "http", httpListener)
				service := with(fargateService, "loadBalancers", []any{map[string]any{"targetGroupArn": green, "containerName": "app", "containerPort": 8080}})
				bad := func() error { return s.tryCreate(awstypes.EcsService, "web", service) }
				good := func() error {
					s.create(awstypes.LbListenerRule, "web", map[string]any{"listenerArn": listenerARN, "priority": 1,
						"actions": []any{map[string]any{"type": "forward", "forward": map[string]any{"targetGroups": []any{
							map[string]any{"arn": blue, "weight": 100}, map[string]any{"arn": green, "weight": 0}}}}},
						"conditions": []any{map[string]any{"pathPattern": map[string]any{"values": []any{"/*"}}}}})
					return s.tryCreate(awstypes.EcsService, "web", service)
				}
				return bad, good
			}},
		{name: "service with a capacity provider strategy before the cluster has the providers", source: srcServiceCapacityProvider,
			wantReason: "not associated with the cluster",
			run: func(s *stack) (func() error, func() error) {
				clusterID, clusterOut := s.create(awstypes.EcsCluster, "main", map[string]any{"name": "main"})
				clusterARN := clusterID
				if arn, ok := clusterOut["arn"]; ok && arn.IsString() {
					clusterARN = arn.StringValue()
				}
				service := with(fargateService, "cluster", clusterARN, "capacityProviderStrategies", []any{
					map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 1}})
				bad := func() error { return s.tryCreate(awstypes.EcsService, "web", service) }
				good := func() error {
					s.create(awstypes.EcsClusterCapacityProviders, "main", map[string]any{
						"clusterName": "main", "capacityProviders": []any{"FARGATE", "FARGATE_SPOT"}})
					return s.tryCreate(awstypes.EcsService, "web", service)
				}
				return bad, good
			}},
		{name: "NAT gateway before the internet gateway", source: srcNATNeedsIGW, wantReason: "has no Internet gateway attached",
			run: func(s *stack) (func() error, func() error) {
				vpc, _ := s.network()
				public := s.subnet("public", vpc, "10.0.0.0/24", "eu-west-1a")
				eip, _ := s.create(awstypes.Ec2Eip, "nat", map[string]any{"domain": "vpc"})
				nat := map[string]any{"subnetId": public, "allocationId": eip}
				bad := func() error { return s.tryCreate(awstypes.Ec2NatGateway, "nat", nat) }
				good := func() error {
					s.create(awstypes.Ec2InternetGateway, "igw", map[string]any{"vpcId": vpc})
					return s.tryCreate(awstypes.Ec2NatGateway, "nat", nat)
				}
				return bad, good
			}},
		{name: "ALB registered in an alb target group before its listener on the group's port", source: srcALBTargetPort,
			wantReason: "has no listener on the target group's port 443",
			run: func(s *stack) (func() error, func() error) {
				albARN, _ := s.create(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{"subnet-1", "subnet-2"}})
				tgARN, _ := s.create(awstypes.LbTargetGroup, "nlb-443", map[string]any{"targetType": "alb", "protocol": "TCP", "port": 443, "vpcId": "vpc-1"})
				s.create(awstypes.LbListener, "http", with(httpListener, "loadBalancerArn", albARN))
				attachment := map[string]any{"targetGroupArn": tgARN, "targetId": albARN, "port": 443}
				bad := func() error {
					return s.tryCreate(awstypes.LbTargetGroupAttachment, "nlb-443", attachment)
				}
				good := func() error {
					s.create(awstypes.LbListener, "https", with(httpListener, "loadBalancerArn", albARN, "port", 443, "protocol", "HTTPS",
						"certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/1"))
					return s.tryCreate(awstypes.LbTargetGroupAttachment, "nlb-443", attachment)
				}
				return bad, good
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.NotEmpty(t, tt.source)
			bad, good := tt.run(newStack(t))
			err := bad()
			require.Error(t, err, "created too early: refused like AWS")
			assert.Contains(t, err.Error(), tt.wantReason)
			assert.Contains(t, err.Error(), tt.source)
			assert.NoError(t, good(), "created after what it needs: accepted")
		})
	}
}

func TestOrderingRulesDoNotFailAPreview(t *testing.T) {
	s := newStack(t)
	tgARN, _ := s.create(awstypes.LbTargetGroup, "web-a", ipTargetGroup)
	service := with(fargateService, "loadBalancers", []any{map[string]any{"targetGroupArn": tgARN, "containerName": "app", "containerPort": 8080}})
	_, err := s.p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(awstypes.EcsService, "web"), Type: awstypes.EcsService,
		Properties: props(service), Preview: true})
	assert.NoError(t, err, "a preview creates nothing, so nothing is out of order yet")
}

// TestDeleteContract: what AWS refuses to delete.
func TestDeleteContract(t *testing.T) {
	tests := []struct {
		name       string
		source     string
		run        func(s *stack) (bad, good func() error)
		wantReason string
	}{
		{name: "load balancer with deletion protection", source: srcDeletionProtection, wantReason: "deletion protection is enabled",
			run: func(s *stack) (func() error, func() error) {
				inputs := map[string]any{"name": "alb", "subnets": []any{"subnet-1", "subnet-2"}, "enableDeletionProtection": true}
				id, out := s.create(awstypes.LbLoadBalancer, "alb", inputs)
				bad := func() error { return s.delete(awstypes.LbLoadBalancer, "alb", id, out) }
				good := func() error {
					unprotected := out.Copy()
					unprotected["enableDeletionProtection"] = resource.NewBoolProperty(false)
					return s.delete(awstypes.LbLoadBalancer, "alb", id, unprotected)
				}
				return bad, good
			}},
		{name: "access-log bucket without forceDestroy", source: srcBucketNotEmpty, wantReason: "BucketNotEmpty",
			run: func(s *stack) (func() error, func() error) {
				bucket, out := s.create(awstypes.S3BucketV2, "logs", map[string]any{})
				albID, albOut := s.create(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{"subnet-1", "subnet-2"},
					"accessLogs": map[string]any{"bucket": bucket, "enabled": true, "prefix": "alb"}})
				require.NoError(s.t, s.delete(awstypes.LbLoadBalancer, "alb", albID, albOut), "precondition: the ALB goes first (it wrote the logs)")
				bad := func() error { return s.delete(awstypes.S3BucketV2, "logs", bucket, out) }
				good := func() error {
					forced := out.Copy()
					forced["forceDestroy"] = resource.NewBoolProperty(true)
					return s.delete(awstypes.S3BucketV2, "logs", bucket, forced)
				}
				return bad, good
			}},
		{name: "security group a live load balancer uses", source: srcSGDependency, wantReason: "DependencyViolation",
			run: func(s *stack) (func() error, func() error) {
				sg, sgOut := s.create(awstypes.Ec2SecurityGroup, "alb", map[string]any{"vpcId": "vpc-1", "description": "ALB"})
				albID, albOut := s.create(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{"subnet-1", "subnet-2"},
					"securityGroups": []any{sg}})
				bad := func() error { return s.delete(awstypes.Ec2SecurityGroup, "alb", sg, sgOut) }
				good := func() error {
					require.NoError(s.t, s.delete(awstypes.LbLoadBalancer, "alb", albID, albOut))
					return s.delete(awstypes.Ec2SecurityGroup, "alb", sg, sgOut)
				}
				return bad, good
			}},
		{name: "security group another group's rule references", source: srcSGDependency, wantReason: "referencedSecurityGroupId",
			run: func(s *stack) (func() error, func() error) {
				alb, albOut := s.create(awstypes.Ec2SecurityGroup, "alb", map[string]any{"vpcId": "vpc-1", "description": "ALB"})
				service, _ := s.create(awstypes.Ec2SecurityGroup, "service", map[string]any{"vpcId": "vpc-1", "description": "service"})
				ruleID, ruleOut := s.create(awstypes.VpcSecurityGroupIngressRule, "from-alb", map[string]any{"securityGroupId": service, "ipProtocol": "tcp",
					"fromPort": 8080, "toPort": 8080, "referencedSecurityGroupId": alb})
				bad := func() error { return s.delete(awstypes.Ec2SecurityGroup, "alb", alb, albOut) }
				good := func() error {
					require.NoError(s.t, s.delete(awstypes.VpcSecurityGroupIngressRule, "from-alb", ruleID, ruleOut))
					return s.delete(awstypes.Ec2SecurityGroup, "alb", alb, albOut)
				}
				return bad, good
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEmpty(t, tt.source)
			bad, good := tt.run(newStack(t))
			err := bad()
			require.Error(t, err, "refused like AWS")
			assert.Contains(t, err.Error(), tt.wantReason)
			assert.Contains(t, err.Error(), tt.source)
			assert.NoError(t, good(), "accepted once nothing stands in the way")
		})
	}
}

// TestRevokeRulesOnDeleteClearsRuleReferencesOnly: with revokeRulesOnDelete the provider revokes the rules that
// reference the group (forceRevokeSecurityGroupRules), so another group's rule no longer blocks; a load balancer
// using the group still does.
func TestRevokeRulesOnDeleteClearsRuleReferencesOnly(t *testing.T) {
	s := newStack(t)
	alb, albOut := s.create(awstypes.Ec2SecurityGroup, "alb", map[string]any{"vpcId": "vpc-1", "description": "ALB", "revokeRulesOnDelete": true})
	service, _ := s.create(awstypes.Ec2SecurityGroup, "service", map[string]any{"vpcId": "vpc-1", "description": "service"})
	s.create(awstypes.VpcSecurityGroupIngressRule, "from-alb", map[string]any{"securityGroupId": service,
		"ipProtocol": "tcp", "fromPort": 8080, "toPort": 8080, "referencedSecurityGroupId": alb})
	lbID, lbOut := s.create(awstypes.LbLoadBalancer, "alb", map[string]any{"name": "alb", "subnets": []any{"subnet-1", "subnet-2"},
		"securityGroups": []any{alb}})
	err := s.delete(awstypes.Ec2SecurityGroup, "alb", alb, albOut)
	require.Error(t, err, "the load balancer's network interfaces still use the group")
	assert.Contains(t, err.Error(), "securityGroups")
	require.NoError(t, s.delete(awstypes.LbLoadBalancer, "alb", lbID, lbOut))
	assert.NoError(t, s.delete(awstypes.Ec2SecurityGroup, "alb", alb, albOut), "the other group's rule is revoked with the group")
}

func TestDeletingAGroupDeletesItsOwnRules(t *testing.T) {
	s := newStack(t)
	sg, sgOut := s.create(awstypes.Ec2SecurityGroup, "service", map[string]any{"vpcId": "vpc-1", "description": "service"})
	s.create(awstypes.VpcSecurityGroupEgressRule, "https", map[string]any{"securityGroupId": sg,
		"ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0"})
	assert.NoError(t, s.delete(awstypes.Ec2SecurityGroup, "service", sg, sgOut), "a group's own rules are no dependency")
}

// TestAMissingDependsOnLosesTheRace: a prerequisite counts as existing only once its creation settles, so a
// dependent created concurrently (what a missing dependsOn amounts to under the engine) fails every time.
func TestAMissingDependsOnLosesTheRace(t *testing.T) {
	t.Parallel() // it waits out the stand-in's settle times and retry window
	s := newStack(t)
	vpc, _ := s.network()
	public := s.subnet("public", vpc, "10.0.0.0/24", "eu-west-1a")
	eip, _ := s.create(awstypes.Ec2Eip, "nat", map[string]any{"domain": "vpc"})
	igwType := tokens.Type(awstypes.Ec2InternetGateway)
	checked := s.check(igwType, "igw", map[string]any{"vpcId": vpc})
	igwDone := make(chan error, 1)
	go func() {
		_, err := s.p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(igwType, "igw"), Type: igwType, Properties: checked.Properties})
		igwDone <- err
	}()
	err := s.tryCreate(awstypes.Ec2NatGateway, "nat", map[string]any{"subnetId": public, "allocationId": eip})
	require.Error(t, err, "the NAT gateway did not wait for the internet gateway")
	assert.Contains(t, err.Error(), "has no Internet gateway attached")
	require.NoError(t, <-igwDone)
	assert.NoError(t, s.tryCreate(awstypes.Ec2NatGateway, "nat", map[string]any{"subnetId": public, "allocationId": eip}),
		"waiting for it (dependsOn) succeeds")
}

// TestServiceCreatedAlongsideItsListenerRuleIsRetried: terraform-provider-aws retries CreateService on "does not
// have an associated load balancer" (retryServiceCreate), so a service created while the rule forwarding to its
// target group is still being created (no dependsOn between them) succeeds once the rule exists, as on AWS.
func TestServiceCreatedAlongsideItsListenerRuleIsRetried(t *testing.T) {
	t.Parallel() // it waits out the stand-in's settle times and retry window
	s := newStack(t)
	tgARN, _ := s.create(awstypes.LbTargetGroup, "web-a", ipTargetGroup)
	listenerARN, _ := s.create(awstypes.LbListener, "http", httpListener)
	checked := s.check(awstypes.LbListenerRule, "web", map[string]any{"listenerArn": listenerARN, "priority": 1,
		"actions":    []any{map[string]any{"type": "forward", "targetGroupArn": tgARN}},
		"conditions": []any{map[string]any{"pathPattern": map[string]any{"values": []any{"/*"}}}}})
	ruleDone := make(chan error, 1)
	go func() {
		_, err := s.p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(awstypes.LbListenerRule, "web"), Type: awstypes.LbListenerRule, Properties: checked.Properties})
		ruleDone <- err
	}()
	err := s.tryCreate(awstypes.EcsService, "web", with(fargateService, "loadBalancers",
		[]any{map[string]any{"targetGroupArn": tgARN, "containerName": "app", "containerPort": 8080}}))
	assert.NoError(t, err, "the provider retries until the listener rule exists")
	require.NoError(t, <-ruleDone)
}

// TestServiceUpdateToAnUnattachedTargetGroupFails: UpdateService with new loadBalancers meets the same rule.
func TestServiceUpdateToAnUnattachedTargetGroupFails(t *testing.T) {
	t.Parallel() // it waits out the stand-in's settle times and retry window
	s := newStack(t)
	blue, _ := s.create(awstypes.LbTargetGroup, "web-a", ipTargetGroup)
	listenerARN, _ := s.create(awstypes.LbListener, "http", httpListener)
	s.create(awstypes.LbListenerRule, "web", map[string]any{"listenerArn": listenerARN, "priority": 1,
		"actions":    []any{map[string]any{"type": "forward", "targetGroupArn": blue}},
		"conditions": []any{map[string]any{"pathPattern": map[string]any{"values": []any{"/*"}}}}})
	serviceWith := func(arn string) resource.PropertyMap {
		return props(with(fargateService, "loadBalancers", []any{map[string]any{"targetGroupArn": arn, "containerName": "app", "containerPort": 8080}}))
	}
	id, out := s.create(awstypes.EcsService, "web", with(fargateService, "loadBalancers", []any{map[string]any{"targetGroupArn": blue, "containerName": "app", "containerPort": 8080}}))
	green, _ := s.create(awstypes.LbTargetGroup, "web-b", ipTargetGroup)
	update := func(p resource.PropertyMap) error {
		_, err := s.p.Update(context.Background(), plugin.UpdateRequest{URN: urnOf(awstypes.EcsService, "web"), Type: awstypes.EcsService,
			ID: resource.ID(id), OldInputs: serviceWith(blue), OldOutputs: out, NewInputs: p})
		return err
	}
	err := update(serviceWith(green))
	require.Error(t, err, "the green group is forwarded to by nothing yet")
	assert.Contains(t, err.Error(), "does not have an associated load balancer")
	assert.NoError(t, update(serviceWith(blue)), "an update that keeps an attached group passes")
}
