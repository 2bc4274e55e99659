package components

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/mockaws"
	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// loadShipped loads, defaults and validates a shipped stack's config as the program does.
func loadShipped(t *testing.T, stack string) *Config {
	t.Helper()
	var cfg *Config
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		var err error
		cfg, err = LoadConfig(ctx)
		return err
	}, pulumi.WithMocks(configNamespace, stack, newRecorder("eu-west-1")), func(info *pulumi.RunInfo) {
		info.Config = shippedStacks(t)[stack].runInfoConfig(t)
	})
	require.NoError(t, err)
	return cfg
}

const httpsListener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/loadbalancing-alb/50dc6c495c0c9188/0aaaaaaaaaaaaaaa"

func shippedIds() PlatformIds {
	return PlatformIds{
		AccountId:          "123456789012",
		VpcId:              "vpc-0123456789abcdef0",
		PrivateSubnetIds:   []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"},
		ClusterName:        "services-cluster-1234567",
		ClusterArn:         "arn:aws:ecs:eu-west-1:123456789012:cluster/services-cluster-1234567",
		ListenerArns:       map[int]string{httpPort: testListener, httpsPort: httpsListener},
		AlbSecurityGroupId: "sg-0123456789abcdef0",
		// The program registers it when the platform grants to apps.
		AppPermissionsBoundaryArn: "arn:aws:iam::123456789012:policy/app-permissions-boundary-1234567",
	}
}

// TestShippedPlatformsWriteContractsAppStacksDecode: what a shipped platform stack would export passes the app side's
// one decoder, and carries the facts the cross-stack rules read.
func TestShippedPlatformsWriteContractsAppStacksDecode(t *testing.T) {
	grants := map[string]platformcontract.Grant{testApp: {Hosts: []string{"pay.example.com"},
		Priorities: platformcontract.PriorityRange{First: 20000, Last: 20999}, TargetPorts: []int{8080}, SubnetAddresses: 20}}
	for _, tc := range []struct {
		stack         string
		rulesListener string
		endpoints     []string
	}{
		{"dev", testListener, []string{"ecr.api", "ecr.dkr", "logs"}},
		{"prod", httpsListener, nil},
	} {
		t.Run(tc.stack, func(t *testing.T) {
			cfg := loadShipped(t, tc.stack)
			value, err := PlatformContract(cfg, shippedIds(), grants).Encode()
			require.NoError(t, err)
			contract, err := platformcontract.Decode(testPlatform, value)
			require.NoError(t, err)
			assert.Equal(t, cfg.Region, contract.Region)
			assert.Equal(t, cfg.Network.Cidr, contract.Network.VpcCidr)
			assert.Equal(t, cfg.Network.Egress, contract.Network.Egress)
			assert.Equal(t, InterfaceEndpointServices(cfg), contract.InterfaceEndpoints)
			assert.Equal(t, cfg.Endpoints.S3Policy, contract.S3EndpointPolicy)
			if tc.endpoints != nil {
				assert.Subset(t, contract.InterfaceEndpoints, tc.endpoints)
			}
			require.NotNil(t, contract.LoadBalancer)
			assert.Equal(t, tc.rulesListener, contract.LoadBalancer.RulesListenerArn)
			assert.Equal(t, cfg.Ingress.Mode, contract.IngressMode)
			assert.Equal(t, grants, contract.Apps)
			require.Len(t, contract.Cluster.DefaultStrategy, len(cfg.Cluster.CapacityProviderStrategy))
			assert.Equal(t, cfg.Cluster.CapacityProviderStrategy[0].CapacityProvider, contract.Cluster.DefaultStrategy[0].CapacityProvider)
		})
	}
}

func TestPlatformContractWithoutLoadBalancerHasNone(t *testing.T) {
	cfg := platformWith(nil)
	cfg.LoadBalancer.Enabled = boolPtr(false)
	ids := shippedIds()
	ids.ListenerArns, ids.AlbSecurityGroupId = nil, ""
	value, err := PlatformContract(cfg, ids, nil).Encode()
	require.NoError(t, err)
	contract, err := platformcontract.Decode(testPlatform, value)
	require.NoError(t, err)
	assert.Nil(t, contract.LoadBalancer)
}

func TestPlatformContractWithEndpointsOffListsNone(t *testing.T) {
	cfg := platformWith(nil)
	cfg.Network.Egress = EgressNatSingle
	cfg.Endpoints.Enabled = boolPtr(false)
	contract := PlatformContract(cfg, shippedIds(), nil)
	assert.Empty(t, contract.InterfaceEndpoints)
	assert.Empty(t, contract.S3EndpointPolicy)
	problems := appProblems(t, &contract, "eu-west-1", map[string]ServiceConfig{"billing": paymentsService(withSecret)})
	assert.Contains(t, problems, `platform: platform stack `+testPlatform+` grants nothing to stack "dev-payments"; the platform team adds apps.dev-payments (hosts, pathPrefixes, priorities, targetPorts, subnetAddresses) to its config and runs `+"`pulumi up`"+` on it`,
		"with NAT egress the secret needs no endpoint; only the missing grant is reported")
	assert.Len(t, problems, 1)
}

// shippedPlatforms answers a StackReference to "<organization>/private-fargate/<shipped stack>" with the contract that
// platform would export, its ids shippedIds.
func shippedPlatforms(t *testing.T) mockaws.StackOutputs {
	return func(name string) (map[string]any, error) {
		parts := strings.Split(name, "/")
		if len(parts) != 3 || parts[1] != configNamespace {
			return nil, fmt.Errorf("stack reference %s: not a stack of this project", name)
		}
		if _, shipped := shippedStacks(t)[parts[2]]; !shipped {
			return nil, fmt.Errorf("stack reference %s: no such stack", name)
		}
		cfg := loadShipped(t, parts[2])
		ids := shippedIds()
		ids.PrivateSubnetIds = ids.PrivateSubnetIds[:len(cfg.Network.AvailabilityZones)]
		contract, err := PlatformContract(cfg, ids, cfg.Apps).Encode()
		return map[string]any{"platform": contract}, err
	}
}
