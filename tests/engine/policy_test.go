package engine

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
)

// withExtra is a test-only variant of the program: components.Program plus the resources extra registers.
func withExtra(extra func(ctx *pulumi.Context) error) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		if err := components.Program(ctx); err != nil {
			return err
		}
		return extra(ctx)
	}
}

// hasMandatoryViolation reports whether violations hold one of policy on the resource named name.
func hasMandatoryViolation(violations []apitype.PolicyEvent, policy, name string) bool {
	for _, v := range violations {
		if v.PolicyName == policy && strings.HasSuffix(v.ResourceURN, "::"+name) {
			return true
		}
	}
	return false
}

func TestPackBlocksViolationsAtPreview(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		policy   string
		resource string
		extra    func(ctx *pulumi.Context) error
	}{
		{
			name: "subnet mapping public IPs", policy: "subnet-no-public-ip", resource: "leaky-public-subnet",
			extra: func(ctx *pulumi.Context) error {
				_, err := ec2.NewSubnet(ctx, "leaky-public-subnet", &ec2.SubnetArgs{
					VpcId:               pulumi.String("vpc-0123456789abcdef0"),
					CidrBlock:           pulumi.String("10.99.0.0/24"),
					MapPublicIpOnLaunch: pulumi.Bool(true),
				})
				return err
			},
		},
		{
			name: "service assigning public IPs", policy: "ecs-service-no-public-ip", resource: "leaky-public-service",
			extra: func(ctx *pulumi.Context) error {
				_, err := ecs.NewService(ctx, "leaky-public-service", &ecs.ServiceArgs{
					Cluster:        pulumi.String("arn:aws:ecs:eu-west-1:123456789012:cluster/other"),
					TaskDefinition: pulumi.String("arn:aws:ecs:eu-west-1:123456789012:task-definition/other:1"),
					LaunchType:     pulumi.String("FARGATE"),
					NetworkConfiguration: &ecs.ServiceNetworkConfigurationArgs{
						Subnets:        pulumi.StringArray{pulumi.String("subnet-0123456789abcdef0")},
						SecurityGroups: pulumi.StringArray{pulumi.String("sg-0123456789abcdef0")},
						AssignPublicIp: pulumi.Bool(true),
					},
				})
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t, "dev", withExtra(tt.extra), devConfigFile(t))

			_, evts, err := e.preview(t, true)
			require.Error(t, err, "the pack must block the preview")
			assert.Contains(t, err.Error(), tt.policy, "the output names the policy")
			assert.Contains(t, err.Error(), tt.resource, "the output names the resource")
			mandatory := policyViolations(evts, "mandatory")
			assert.True(t, hasMandatoryViolation(mandatory, tt.policy, tt.resource),
				"a mandatory %s violation on %s", tt.policy, tt.resource)
			for _, v := range mandatory {
				assert.True(t, strings.HasSuffix(v.ResourceURN, "::"+tt.resource),
					"only the added resource violates; the dev stack itself must pass (%s on %s)", v.PolicyName, v.ResourceURN)
			}
			assert.Empty(t, e.journalEntries(t), "nothing was created")
			assert.Empty(t, e.resources(t), "the state holds nothing")
		})
	}
}

// TestPackCatchesUnknownViolationAtUp registers a subnet whose mapPublicIpOnLaunch comes from another resource's
// output: unknown at preview, true at up.
func TestPackCatchesUnknownViolationAtUp(t *testing.T) {
	t.Parallel()
	const leaky = "leaky-subnet-from-output"
	e := newEngine(t, "dev", withExtra(func(ctx *pulumi.Context) error {
		source, err := ec2.NewVpc(ctx, "leak-source", &ec2.VpcArgs{
			CidrBlock: pulumi.String("10.98.0.0/16"), EnableDnsHostnames: pulumi.Bool(true)})
		if err != nil {
			return err
		}
		// Adopt the extra VPC's default security group with no rules, as the program does for its own VPC, so the
		// only violation is the one under test (vpc-default-security-group-closed, FSBP EC2.2, is mandatory).
		if _, err := ec2.NewDefaultSecurityGroup(ctx, "leak-source-default-sg", &ec2.DefaultSecurityGroupArgs{
			VpcId: source.ID(),
		}); err != nil {
			return err
		}
		// enableDnsSupport is computed (true) when not set: unknown during preview, known at up.
		_, err = ec2.NewSubnet(ctx, leaky, &ec2.SubnetArgs{
			VpcId:               source.ID(),
			CidrBlock:           pulumi.String("10.98.0.0/24"),
			MapPublicIpOnLaunch: source.EnableDnsSupport,
		})
		return err
	}), devConfigFile(t))

	_, previewEvents, err := e.preview(t, true)
	require.NoError(t, err, "an unknown value neither crashes the pack nor blocks the preview")
	require.Equal(t, unknownInPreview, previewInput(t, previewEvents, leaky, "mapPublicIpOnLaunch"),
		"precondition: the value is unknown during preview")
	assert.False(t, hasMandatoryViolation(policyViolations(previewEvents, "mandatory"), "subnet-no-public-ip", leaky))

	_, upEvents, err := e.up(t, true)
	require.Error(t, err, "the pack must stop the update once the value is known")
	assert.Contains(t, err.Error(), "subnet-no-public-ip", "the output names the policy")
	assert.Contains(t, err.Error(), leaky, "the output names the resource")
	assert.True(t, hasMandatoryViolation(policyViolations(upEvents, "mandatory"), "subnet-no-public-ip", leaky),
		"the pack answered at up with a mandatory violation (it did not crash)")
	sourceCreated := false
	for _, entry := range e.journalEntries(t)["create"] {
		sourceCreated = sourceCreated || strings.HasSuffix(entry.URN, "::leak-source")
		assert.False(t, strings.HasSuffix(entry.URN, "::"+leaky), "the violating subnet must not be created")
	}
	assert.True(t, sourceCreated, "precondition: the source resource was created, so the value was known at up")
}

// unknownInPreview is how engine events show a value that is unknown during preview.
const unknownInPreview = plugin.UnknownStringValue

// previewInput returns the input key of the resource named name, as the preview's events show it.
func previewInput(t *testing.T, evts []events.EngineEvent, name, key string) any {
	t.Helper()
	for _, event := range evts {
		pre := event.ResourcePreEvent
		if pre == nil || !strings.HasSuffix(pre.Metadata.URN, "::"+name) {
			continue
		}
		require.NotNil(t, pre.Metadata.New, "the preview plans %s", name)
		return pre.Metadata.New.Inputs[key]
	}
	t.Fatalf("the preview has no step for %s", name)
	return nil
}
