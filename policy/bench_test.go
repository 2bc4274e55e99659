package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
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

// benchServer is the pack's server over the given resource rules (and the pack's stack rules), configured the way
// the engine configures it, with the given levels.
func benchServer(b *testing.B, resourceRules []rules.ResourceRule, levels map[string]rules.Level) *analyzerServer {
	b.Helper()
	p, err := newPack(resourceRules, rules.StackRules())
	require.NoError(b, err)
	srv := newAnalyzerServer(p)
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for _, policy := range p.metadata.Policies() {
		l := policy.EnforcementLevel()
		if override, ok := levels[policy.Name()]; ok {
			l = enforcementLevel(override)
		}
		req.PolicyConfig[policy.Name()] = &pulumirpc.PolicyConfig{EnforcementLevel: pulumirpc.EnforcementLevel(l)}
	}
	_, err = srv.Configure(context.Background(), req)
	require.NoError(b, err)
	return srv
}

// analyzeRequests is every resource of the mocked stack as the engine sends it to Analyze, grouped by type ("unchecked"
// for the types no rule checks).
func analyzeRequests(b *testing.B, stack []registered) map[string][]*pulumirpc.AnalyzeRequest {
	checked := map[string]bool{}
	for _, typ := range checkedTypes() {
		checked[typ] = true
	}
	byType := map[string][]*pulumirpc.AnalyzeRequest{}
	for _, r := range stack {
		key := r.typ
		if !checked[key] {
			key = "unchecked"
		}
		byType[key] = append(byType[key], &pulumirpc.AnalyzeRequest{
			Type: r.typ, Name: r.name, Urn: r.urn, Properties: marshal(b, r.props, true),
		})
	}
	return byType
}

// BenchmarkAnalyze sends one resource at a time of each type the rules check (the resources of that type in the
// mocked 60-service stack, in turn) through the pack server's Analyze, in process: unpacking the properties once and
// running the rules that apply to the type. "unchecked" is a type no rule reads: no unpacking, no rule.
func BenchmarkAnalyze(b *testing.B) {
	srv := benchServer(b, rules.Rules(), nil)
	samples := analyzeRequests(b, generatedStack(b, benchServices))
	ctx := context.Background()
	for _, typ := range []string{
		awstypes.EcsTaskDefinition, awstypes.EcsService, awstypes.LbListener,
		awstypes.LbLoadBalancer, awstypes.LbTargetGroup, awstypes.Ec2SecurityGroup,
		awstypes.Ec2Subnet, awstypes.Ec2VpcEndpoint, awstypes.CloudwatchLogGroup, "unchecked",
	} {
		require.NotEmpty(b, samples[typ], "the generated stack has a %s", typ)
		b.Run(typ, func(b *testing.B) {
			reqs := samples[typ]
			b.ReportAllocs()
			next := 0
			for b.Loop() {
				if _, err := srv.Analyze(ctx, reqs[next]); err != nil {
					b.Fatal(err)
				}
				next = (next + 1) % len(reqs)
			}
		})
	}
}

// BenchmarkDispatchNonApplyingRules shows that a resource's cost does not grow with rules that do not check its type:
// the pack's rules plus 0, 100 or 1000 rules of other types, over a task definition (the largest resource, checked by
// several rules) and a resource of a type no rule checks. policyx called every enabled policy for every resource,
// unpacking the properties for each.
func BenchmarkDispatchNonApplyingRules(b *testing.B) {
	samples := analyzeRequests(b, generatedStack(b, 1))
	ctx := context.Background()
	for _, extra := range []int{0, 100, 1000} {
		resourceRules := rules.Rules()
		for i := range extra {
			resourceRules = append(resourceRules, rules.ResourceRule{
				Name: fmt.Sprintf("other-type-%d", i), ResourceTypes: []string{fmt.Sprintf("test:index:Other%d", i)},
				Description: "checks another type", DefaultLevel: rules.Mandatory,
				Check: func(rules.Resource, rules.Config) []string { return []string{"never called"} },
			})
		}
		srv := benchServer(b, resourceRules, nil)
		for _, typ := range []string{awstypes.EcsTaskDefinition, "unchecked"} {
			req := samples[typ][0]
			b.Run(fmt.Sprintf("%s/%d-other-rules", typ, extra), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := srv.Analyze(ctx, req); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkAnalyzeStack runs the pack server's AnalyzeStack over every resource of the mocked 60-service stack, with
// the property dependencies the program registered: one unpack per resource, then the stack rules.
func BenchmarkAnalyzeStack(b *testing.B) {
	srv := benchServer(b, rules.Rules(), nil)
	stack := generatedStack(b, benchServices)
	req := &pulumirpc.AnalyzeStackRequest{}
	for _, r := range stack {
		deps := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
		for key, urns := range r.deps {
			deps[key] = &pulumirpc.AnalyzerPropertyDependencies{Urns: urns}
		}
		req.Resources = append(req.Resources, &pulumirpc.AnalyzerResource{
			Type: r.typ, Name: r.name, Urn: r.urn, Properties: marshal(b, r.props, true), PropertyDependencies: deps,
		})
	}
	ctx := context.Background()
	var findings int
	b.ReportAllocs()
	for b.Loop() {
		resp, err := srv.AnalyzeStack(ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		findings = len(resp.GetDiagnostics())
	}
	b.ReportMetric(float64(len(stack)), "resources")
	// Advisory findings (dev has no flow logs, say) are expected; their count shows the rules ran to the end.
	b.ReportMetric(float64(findings), "findings/op")
}

// BenchmarkAnalyzerOverGRPC is the per-resource cost as the engine sees it, over gRPC to the pack process, for the
// pack's server and for policyx serving the same rules: the engine calls Remediate and then Analyze for every
// resource. "all-disabled" configures every policy as disabled, so neither server runs a rule: that is the cost of
// having a pack at all (gRPC, the server's fixed work per call). The task definition is the largest resource of the
// generated stack.
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
	for _, server := range []string{servePack, servePolicyx} {
		for _, variant := range []struct {
			name   string
			levels map[string]rules.Level
		}{{"default-levels", nil}, {"all-disabled", allDisabled}} {
			name := "pack"
			if server == servePolicyx {
				name = "policyx"
			}
			b.Run(name+"/"+variant.name, func(b *testing.B) {
				a := startServer(b, true, server)
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
}
