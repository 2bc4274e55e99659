package components

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

func TestRequiredInterfaceEndpointsWithPrivateDns(t *testing.T) {
	rec := mustRunProgram(t, minimalStack())
	privateSubnets := []string{
		rec.named(t, awstypes.Ec2Subnet, "network-private-eu-west-1a").ID,
		rec.named(t, awstypes.Ec2Subnet, "network-private-eu-west-1b").ID,
	}
	securityGroup := rec.named(t, awstypes.Ec2SecurityGroup, "endpoints-sg")
	for _, service := range []string{"ecr.api", "ecr.dkr", "logs"} {
		t.Run(service, func(t *testing.T) {
			var found *recordedResource
			for _, endpoint := range rec.ofType(awstypes.Ec2VpcEndpoint) {
				if stringProp(endpoint.Inputs, "serviceName") == "com.amazonaws.eu-west-1."+service {
					found = &endpoint
				}
			}
			require.NotNil(t, found, "no %s endpoint", service)
			assert.Equal(t, "Interface", stringProp(found.Inputs, "vpcEndpointType"))
			dns, ok := prop(found.Inputs, "privateDnsEnabled")
			require.True(t, ok)
			assert.True(t, dns.BoolValue())
			assert.Equal(t, privateSubnets, stringsProp(found.Inputs, "subnetIds"))
			assert.Equal(t, []string{securityGroup.ID}, stringsProp(found.Inputs, "securityGroupIds"))
			assert.Equal(t, rec.ofType(awstypes.Ec2Vpc)[0].ID, stringProp(found.Inputs, "vpcId"))
		})
	}
}

func TestEndpointSecurityGroupAdmitsOnlyHttpsFromTheVpc(t *testing.T) {
	for _, ipv6 := range []bool{false, true} {
		rec := mustRunProgram(t, networkWith(map[string]any{"ipv6": ipv6}))
		securityGroup := rec.named(t, awstypes.Ec2SecurityGroup, "endpoints-sg")
		_, hasInline := prop(securityGroup.Inputs, "ingress")
		assert.False(t, hasInline, "rules are separate resources")
		var rules []recordedResource
		for _, rule := range rec.ofType(awstypes.VpcSecurityGroupIngressRule) {
			if stringProp(rule.Inputs, "securityGroupId") == securityGroup.ID {
				rules = append(rules, rule)
			}
		}
		if ipv6 {
			require.Len(t, rules, 2)
		} else {
			require.Len(t, rules, 1)
		}
		for _, rule := range rules {
			assert.Equal(t, "tcp", stringProp(rule.Inputs, "ipProtocol"))
			assert.Equal(t, float64(443), number(t, rule.Inputs, "fromPort"))
			assert.Equal(t, float64(443), number(t, rule.Inputs, "toPort"))
			cidr := stringProp(rule.Inputs, "cidrIpv4") + stringProp(rule.Inputs, "cidrIpv6")
			assert.Contains(t, []string{"10.20.0.0/16", "2600:1f18:abc:de00::/56"}, cidr)
		}
		assertNoOpenIngress(t, rec)
	}
}

func TestS3GatewayEndpointOnEveryPrivateRouteTable(t *testing.T) {
	azs := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	for _, egress := range []string{EgressNone, EgressNatPerAZ} {
		rec := mustRunProgram(t, networkWith(map[string]any{"availabilityZones": azs, "egress": egress}))
		s3 := rec.named(t, awstypes.Ec2VpcEndpoint, "endpoints-s3")
		assert.Equal(t, "com.amazonaws.eu-west-1.s3", stringProp(s3.Inputs, "serviceName"))
		assert.Equal(t, "Gateway", stringProp(s3.Inputs, "vpcEndpointType"))
		associated := map[string]bool{}
		for _, assoc := range rec.ofType(awstypes.Ec2VpcEndpointRouteTableAssociation) {
			assert.Equal(t, s3.ID, stringProp(assoc.Inputs, "vpcEndpointId"))
			associated[stringProp(assoc.Inputs, "routeTableId")] = true
		}
		for _, az := range azs {
			assert.True(t, associated[rec.named(t, awstypes.Ec2RouteTable, "network-private-"+az).ID], "%s route table lacks S3", az)
		}
		assert.Len(t, associated, len(azs))
	}
}

func TestExtraEndpointsAreAddedWithoutTouchingOthers(t *testing.T) {
	before := mustRunProgram(t, minimalStack())
	after := mustRunProgram(t, minimalStack().with("endpoints", map[string]any{"extra": []string{"secretsmanager", "kms"}}))
	assertNothingExistingChanged(t, before, after)
	services := map[string]bool{}
	for _, endpoint := range after.ofType(awstypes.Ec2VpcEndpoint) {
		services[stringProp(endpoint.Inputs, "serviceName")] = true
	}
	for _, service := range []string{"secretsmanager", "kms", "ecr.api", "ecr.dkr", "logs", "s3"} {
		assert.True(t, services["com.amazonaws.eu-west-1."+service], service)
	}
	assert.Len(t, services, 6)
	assert.Equal(t, "endpoints-secretsmanager", after.named(t, awstypes.Ec2VpcEndpoint, "endpoints-secretsmanager").Name)
}

func TestEndpointsCanBeTurnedOffOnlyWithNat(t *testing.T) {
	rec := mustRunProgram(t, networkWith(map[string]any{"egress": EgressNatSingle}).with("endpoints", map[string]any{"enabled": false}))
	assert.Empty(t, rec.ofType(awstypes.Ec2VpcEndpoint))

	_, err := runProgram(t, minimalStack().with("endpoints", map[string]any{"enabled": false}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "endpoints.enabled: is false while network.egress is \"none\"")
}

func TestInterfaceEndpointServicesFollowWhatServicesNeed(t *testing.T) {
	cfg := &Config{
		Endpoints: EndpointsConfig{Extra: []string{"kms"}},
		Services: map[string]ServiceConfig{
			"api": {EcsExec: true, TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{
				"app": {Secrets: map[string]string{
					"DB":  "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
					"KEY": "arn:aws:ssm:eu-west-1:123456789012:parameter/key",
				}},
			}}},
		},
	}
	assert.Equal(t, []string{"ecr.api", "ecr.dkr", "kms", "logs", "secretsmanager", "ssm", "ssmmessages"},
		InterfaceEndpointServices(cfg))
	assert.Equal(t, []string{"ecr.api", "ecr.dkr", "logs"}, InterfaceEndpointServices(&Config{}))
}
