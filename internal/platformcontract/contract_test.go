package platformcontract

import (
	"errors"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testStack    = "acme/private-fargate/dev"
	testListener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/loadbalancing-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
)

// validContract is a contract a dev platform with one app grant would export.
func validContract() Contract {
	return Contract{
		ContractVersion: Version,
		Region:          "eu-west-1",
		AccountId:       "123456789012",
		Network: Network{
			VpcId:            "vpc-0123456789abcdef0",
			VpcCidr:          "10.0.0.0/16",
			PrivateSubnetIds: []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"},
			Egress:           EgressNone,
		},
		InterfaceEndpoints: []string{"ecr.api", "ecr.dkr", "logs", "secretsmanager"},
		S3EndpointPolicy:   S3PolicyRestricted,
		Cluster: Cluster{
			Name:              "services-cluster-1234567",
			Arn:               "arn:aws:ecs:eu-west-1:123456789012:cluster/services-cluster-1234567",
			CapacityProviders: []string{"FARGATE", "FARGATE_SPOT"},
			DefaultStrategy:   []StrategyItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}},
		},
		LoadBalancer: &LoadBalancer{
			RulesListenerArn: testListener,
			ListenerArns:     map[string]string{"80": testListener},
			SecurityGroupId:  "sg-0123456789abcdef0",
		},
		IngressMode: IngressNone,
		Apps: map[string]Grant{
			"dev-payments": {Hosts: []string{"pay.example.com"}, PathPrefixes: []string{"/billing/"},
				Priorities: PriorityRange{First: 20000, Last: 20999}, TargetPorts: []int{8080}, SubnetAddresses: 40},
		},
		AppPermissionsBoundaryArn: boundaryArn,
	}
}

func encoded(t *testing.T, c Contract) map[string]any {
	t.Helper()
	value, err := c.Encode()
	require.NoError(t, err)
	return value
}

func TestDecodeRoundTripsTheEncodedContract(t *testing.T) {
	want := validContract()
	got, err := Decode(testStack, encoded(t, want))
	require.NoError(t, err)
	assert.Equal(t, want, *got)
}

func TestDecodeIgnoresFieldsItDoesNotKnow(t *testing.T) {
	value := encoded(t, validContract())
	value["addedLater"] = "a field a newer platform of the same version may add"
	_, err := Decode(testStack, value)
	assert.NoError(t, err)
}

func TestDecodeSaysWhichSideToUpgrade(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version any
		want    string
	}{
		{"newer platform", float64(Version + 1), "upgrade the app stack's program"},
		{"older platform", float64(Version - 1), "upgrade the platform stack " + testStack},
		{"no version", nil, "upgrade the platform stack " + testStack},
		{"version not a number", "1", "upgrade the platform stack " + testStack},
	} {
		t.Run(tc.name, func(t *testing.T) {
			value := encoded(t, validContract())
			value["contractVersion"] = tc.version
			if tc.version == nil {
				delete(value, "contractVersion")
			}
			_, err := Decode(testStack, value)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "contractVersion")
		})
	}
}

func TestDecodeRefusesAMissingOrMalformedOutput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		value any
		want  string
	}{
		{"missing output", nil, "the output does not exist"},
		{"a string", "platform", "is a string, not an object"},
		{"wrong shape", map[string]any{"contractVersion": float64(Version), "region": []any{"eu-west-1"}},
			"does not have the contract's shape"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(testStack, tc.value)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), testStack)
		})
	}
}

func TestDecodeNamesEveryBadFieldAtOnce(t *testing.T) {
	c := validContract()
	c.Region = ""
	c.AccountId = "1234"
	c.Network.VpcId = "vpc-1"
	c.Network.VpcCidr = "10.0.0.1/16"
	c.Network.PrivateSubnetIds = []string{"subnet-0123456789abcdef0", "sub-1"}
	c.Network.Egress = "nat"
	c.InterfaceEndpoints = []string{"Secrets Manager"}
	c.S3EndpointPolicy = "closed"
	c.Cluster.Arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/other"
	c.Cluster.CapacityProviders = []string{"FARGATE", "EC2"}
	c.Cluster.DefaultStrategy = []StrategyItem{{CapacityProvider: "FARGATE_SPOT"}, {CapacityProvider: "EC2"}}
	c.Cluster.CapacityProviders = []string{"FARGATE"}
	c.LoadBalancer.RulesListenerArn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/x/1/2"
	c.LoadBalancer.SecurityGroupId = "sg-x"
	c.IngressMode = "public"
	c.Apps["dev-payments"] = Grant{Priorities: PriorityRange{First: 0, Last: 60000}}
	c.AppPermissionsBoundaryArn = ""

	_, err := Decode(testStack, encoded(t, c))
	var decodeErr *DecodeError
	require.True(t, errors.As(err, &decodeErr), "want a *DecodeError, got %v", err)
	fields := map[string]bool{}
	for _, problem := range decodeErr.Problems {
		field, _, _ := strings.Cut(problem, ": ")
		fields[field] = true
	}
	assert.Equal(t, map[string]bool{
		"region": true, "accountId": true, "network.vpcId": true, "network.vpcCidr": true,
		"network.privateSubnetIds[1]": true, "network.egress": true, "interfaceEndpoints[0]": true,
		"s3EndpointPolicy": true,
		"cluster.arn":      true, "cluster.defaultStrategy[0].capacityProvider": true,
		"cluster.defaultStrategy[1].capacityProvider": true, "loadBalancer.rulesListenerArn": true,
		"loadBalancer.securityGroupId": true, "ingressMode": true, "apps.dev-payments": true,
		"apps.dev-payments.priorities": true, "appPermissionsBoundaryArn": true,
	}, fields)
	assert.IsIncreasing(t, decodeErr.Problems, "problems are sorted")
}

func TestDecodeAcceptsAPlatformWithoutLoadBalancer(t *testing.T) {
	c := validContract()
	c.LoadBalancer = nil
	got, err := Decode(testStack, encoded(t, c))
	require.NoError(t, err)
	assert.Nil(t, got.LoadBalancer)
}

// contractMocks answer the StackReference read with the given stack outputs.
type contractMocks struct{ outputs resource.PropertyMap }

func (m contractMocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.TypeToken != "pulumi:pulumi:StackReference" {
		return "", nil, errors.New("unexpected resource " + args.TypeToken)
	}
	return args.ID, resource.PropertyMap{
		"name":    resource.NewProperty(args.ID),
		"outputs": resource.NewProperty(m.outputs),
	}, nil
}

func (contractMocks) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// readThroughMocks runs Read in a mocked program whose platform stack has outputs, as an app stack would.
func readThroughMocks(t *testing.T, outputs resource.PropertyMap) (*Contract, error) {
	t.Helper()
	var got *Contract
	var readErr error
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		got, readErr = Read(ctx, testStack)
		return nil
	}, pulumi.WithMocks("private-fargate", "dev-payments", contractMocks{outputs}))
	require.NoError(t, err)
	return got, readErr
}

func TestReadDecodesThePlatformOutputSynchronously(t *testing.T) {
	want := validContract()
	got, err := readThroughMocks(t, resource.PropertyMap{
		OutputName: resource.NewProperty(resource.NewPropertyMapFromMap(encoded(t, want))),
	})
	require.NoError(t, err)
	assert.Equal(t, want, *got)
}

func TestReadDecodesASecretPlatformOutput(t *testing.T) {
	want := validContract()
	got, err := readThroughMocks(t, resource.PropertyMap{
		OutputName: resource.MakeSecret(resource.NewProperty(resource.NewPropertyMapFromMap(encoded(t, want)))),
	})
	require.NoError(t, err)
	assert.Equal(t, want, *got)
}

func TestReadRefusesAPlatformWithoutTheOutput(t *testing.T) {
	_, err := readThroughMocks(t, resource.PropertyMap{"vpcId": resource.NewProperty("vpc-0123456789abcdef0")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the output does not exist")
	assert.Contains(t, err.Error(), testStack)
}
