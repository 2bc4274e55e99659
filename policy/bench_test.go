package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/programrun"
	"github.com/private-fargate/private-fargate/internal/stackgen"
	"github.com/private-fargate/private-fargate/policy/rules"
)

// benchStack is the stack the benchmarks' mocked program runs as.
const benchStack = "bench"

// benchServices is the stack size the benchmarks measure: the size of the largest platform stacks (808 resources).
const benchServices = 60

// registered is one resource the mocked program registered, with the URN the engine would give it.
type registered struct {
	typ, name, urn string
	props          resource.PropertyMap
	deps           map[string][]string
}

// mockStack records what components.Program registers; the SDK registers concurrently, hence the mutex.
type mockStack struct {
	mu        sync.Mutex
	resources []registered
}

func (m *mockStack) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	id := args.Name + "-id"
	outputs := args.Inputs.Copy()
	if args.Custom {
		outputs["id"] = resource.NewProperty(id)
		outputs["arn"] = resource.NewProperty("arn:aws:bench:eu-west-1:123456789012:" + args.Name)
	}
	parent := ""
	deps := map[string][]string{}
	if rpc := args.RegisterRPC; rpc != nil {
		parent = rpc.GetParent()
		for key, d := range rpc.GetPropertyDependencies() {
			if len(d.GetUrns()) > 0 {
				deps[key] = d.GetUrns()
			}
		}
	}
	urn := programrun.MockURN(benchStack, parent, args.TypeToken, args.Name)
	if args.Custom {
		m.mu.Lock()
		m.resources = append(m.resources, registered{
			typ: args.TypeToken, name: args.Name, urn: urn, props: outputs, deps: deps,
		})
		m.mu.Unlock()
	}
	return id, outputs, nil
}

func (m *mockStack) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected invoke %s", args.Token)
}

// generatedStack runs components.Program under mocks with the dev stack grown to n services and returns the custom
// resources it registered, in registration order.
func generatedStack(tb testing.TB, n int) []registered {
	tb.Helper()
	dev, err := os.ReadFile(filepath.Join("..", "Pulumi.dev.yaml"))
	require.NoError(tb, err)
	grown, err := stackgen.WithServices(dev, n)
	require.NoError(tb, err)
	config, err := stackgen.RunInfoConfig(grown)
	require.NoError(tb, err)
	mock := &mockStack{}
	err = pulumi.RunErr(components.Program, pulumi.WithMocks(programrun.Project, benchStack, mock),
		func(info *pulumi.RunInfo) { info.Config = config })
	require.NoError(tb, err, "the generated %d-service stack runs", n)
	return mock.resources
}

// countingManager counts violations, standing in for the SDK's policy manager.
type countingManager struct{ violations int }

func (m *countingManager) ReportViolation(string, string) { m.violations++ }

// BenchmarkResourcePolicies sends one resource at a time of each type the rules check (the resources of that type in
// the mocked 60-service stack, in turn) through every resource policy of the pack, the way policyx's Analyze calls them: each policy's Validate in
// catalogue order, with the rule's config. This is the pack's own per-resource cost; policyx's per-policy property
// unpacking comes on top (BenchmarkUpstreamUnpack). "unchecked" is a type no rule reads.
func BenchmarkResourcePolicies(b *testing.B) {
	pack, err := newPolicyPack()
	require.NoError(b, err)
	var policies []policyx.ResourceValidationPolicy
	for _, p := range pack.Policies() {
		if rp, ok := p.(policyx.ResourceValidationPolicy); ok {
			policies = append(policies, rp)
		}
	}
	checked := map[string]bool{}
	for _, e := range rules.Catalogue() {
		for _, typ := range e.ResourceTypes {
			checked[typ] = true
		}
	}
	samples := map[string][]registered{}
	for _, r := range generatedStack(b, benchServices) {
		key := r.typ
		if !checked[key] {
			key = "unchecked"
		}
		samples[key] = append(samples[key], r)
	}
	ctx := context.Background()
	for _, typ := range []string{
		awstypes.EcsTaskDefinition, awstypes.EcsService, awstypes.LbListener,
		awstypes.LbLoadBalancer, awstypes.LbTargetGroup, awstypes.Ec2SecurityGroup,
		awstypes.Ec2Subnet, awstypes.Ec2VpcEndpoint, awstypes.CloudwatchLogGroup, "unchecked",
	} {
		require.NotEmpty(b, samples[typ], "the generated stack has a %s", typ)
		b.Run(typ, func(b *testing.B) {
			manager := &countingManager{}
			// Each op takes the next resource of the type, as the engine sends a new resource each time.
			args := make([]policyx.ResourceValidationArgs, len(samples[typ]))
			for i, sample := range samples[typ] {
				args[i] = policyx.ResourceValidationArgs{
					Manager: manager,
					Resource: policyx.AnalyzerResource{
						Type: sample.typ, Name: sample.name, URN: sample.urn,
						Properties: resource.FromResourcePropertyMap(sample.props),
					},
				}
			}
			b.ReportAllocs()
			next := 0
			for b.Loop() {
				for _, p := range policies {
					if err := p.Validate(ctx, args[next]); err != nil {
						b.Fatal(err)
					}
				}
				next = (next + 1) % len(args)
			}
		})
	}
}

// BenchmarkUpstreamUnpack measures what policyx v3.259 does per enabled resource policy before it calls the policy:
// unmarshal the request's properties and convert them to a property.Map. The SDK does this once per policy (24
// times per resource), not once per resource; "once" is the cost of doing it one time, "per-policy" of the SDK's
// 24. The task definition is the largest resource of the generated stack.
func BenchmarkUpstreamUnpack(b *testing.B) {
	var sample registered
	for _, r := range generatedStack(b, benchServices) {
		if r.typ == awstypes.EcsTaskDefinition {
			sample = r
			break
		}
	}
	require.NotEmpty(b, sample.urn)
	opts := plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true}
	wire, err := plugin.MarshalProperties(sample.props, opts)
	require.NoError(b, err)
	unpack := func() {
		pm, err := plugin.UnmarshalProperties(wire, opts)
		if err != nil {
			b.Fatal(err)
		}
		_ = resource.FromResourcePropertyMap(pm)
	}
	resourcePolicies := len(rules.Rules())
	b.Run("once", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			unpack()
		}
	})
	b.Run("per-policy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for range resourcePolicies {
				unpack()
			}
		}
	})
}

// BenchmarkStackPolicies runs the pack's stack policies over every resource of the mocked 60-service stack, with
// the property dependencies the program registered, as policyx's AnalyzeStack calls them.
func BenchmarkStackPolicies(b *testing.B) {
	pack, err := newPolicyPack()
	require.NoError(b, err)
	stack := generatedStack(b, benchServices)
	resources := make([]policyx.AnalyzerResource, len(stack))
	for i, r := range stack {
		resources[i] = policyx.AnalyzerResource{
			Type: r.typ, Name: r.name, URN: r.urn, Properties: resource.FromResourcePropertyMap(r.props),
			PropertyDependencies: r.deps,
		}
	}
	ctx := context.Background()
	manager := &countingManager{}
	b.ReportAllocs()
	for b.Loop() {
		// policyx builds a new slice for every AnalyzeStack call; the pack shares work between its stack policies
		// within one call only, so each op must be a new call.
		call := slices.Clone(resources)
		for _, p := range pack.Policies() {
			if sp, ok := p.(policyx.StackValidationPolicy); ok {
				if err := sp.Validate(ctx, policyx.StackValidationArgs{Manager: manager, Resources: call}); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.ReportMetric(float64(len(resources)), "resources")
	// Advisory findings (dev has no flow logs, say) are expected; their count shows the rules ran to the end.
	b.ReportMetric(float64(manager.violations)/float64(b.N), "findings/op")
}

// BenchmarkAnalyzerOverGRPC is the pack's whole per-resource cost as the engine sees it, over gRPC to the pack
// process: the engine calls Remediate and then Analyze for every resource. Remediate runs no policy of this pack (it
// has no remediations) but policyx still unmarshals the properties for it. "all-disabled" configures every policy
// as disabled, so policyx skips them in Analyze: the difference to "default-levels" is the per-policy work (the
// SDK's unpacking for each policy plus the rules), the rest is gRPC and the SDK's fixed cost per call.
func BenchmarkAnalyzerOverGRPC(b *testing.B) {
	var sample registered
	for _, r := range generatedStack(b, benchServices) {
		if r.typ == awstypes.EcsTaskDefinition {
			sample = r
			break
		}
	}
	require.NotEmpty(b, sample.urn)
	allDisabled := map[string]rules.Level{}
	for _, e := range rules.Catalogue() {
		allDisabled[e.Name] = rules.Disabled
	}
	for _, variant := range []struct {
		name   string
		levels map[string]rules.Level
	}{{"default-levels", nil}, {"all-disabled", allDisabled}} {
		b.Run(variant.name, func(b *testing.B) {
			a := startAnalyzer(b, true)
			a.configure(b, variant.levels, nil)
			req := &pulumirpc.AnalyzeRequest{
				Type: sample.typ, Name: sample.name, Urn: sample.urn, Properties: marshal(b, sample.props, true),
			}
			ctx := context.Background()
			b.Run("remediate", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.client.Remediate(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("analyze", func(b *testing.B) {
				for b.Loop() {
					if _, err := a.client.Analyze(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
