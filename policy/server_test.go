package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/policy/rules"
)

// assertSameAnswer requires the pack's answer to a call to equal policyx's, errors included (gRPC status code and
// message).
func assertSameAnswer(t *testing.T, what string, want proto.Message, wantErr error, got proto.Message, gotErr error) {
	t.Helper()
	if wantErr != nil || gotErr != nil {
		require.Error(t, wantErr, "%s: policyx answered, the pack failed: %v", what, gotErr)
		require.Error(t, gotErr, "%s: policyx failed (%v), the pack answered", what, wantErr)
		assert.Equal(t, status.Convert(wantErr).Proto().String(), status.Convert(gotErr).Proto().String(), what)
		return
	}
	if !proto.Equal(want, got) {
		// The text form shows where they differ; proto.Equal is the judge.
		assert.Equal(t, prototext.Format(want), prototext.Format(got), what)
		assert.Fail(t, what+": answers differ", "policyx:\n%s\npack:\n%s", prototext.Format(want), prototext.Format(got))
	}
}

// askBoth makes the same call to policyx (want) and to the pack (got) at once.
func askBoth[T proto.Message](want, got *analyzer, call func(pulumirpc.AnalyzerClient) (T, error)) (wantResp T, wantErr error, gotResp T, gotErr error) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		wantResp, wantErr = call(want.client)
	}()
	gotResp, gotErr = call(got.client)
	<-done
	return wantResp, wantErr, gotResp, gotErr
}

// answers is what policyx (want) and the pack (got) answered to one call.
type answers[T proto.Message] struct {
	want, got       T
	wantErr, gotErr error
}

// askEach makes call with every request to policyx and to the pack, a few requests at a time (the engine, too, calls
// Analyze for several resources at once), and returns the answers in the order of reqs. The comparison is
// CPU-bound in the policyx server, which unpacks the properties once per policy: one request at a time would leave
// cores idle.
func askEach[R any, T proto.Message](want, got *analyzer, reqs []R, call func(pulumirpc.AnalyzerClient, R) (T, error)) []answers[T] {
	out := make([]answers[T], len(reqs))
	inFlight := make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, req := range reqs {
		inFlight <- struct{}{}
		wg.Go(func() {
			defer func() { <-inFlight }()
			a := &out[i]
			a.want, a.wantErr, a.got, a.gotErr = askBoth(want, got, func(c pulumirpc.AnalyzerClient) (T, error) {
				return call(c, req)
			})
		})
	}
	wg.Wait()
	return out
}

// analyzeCorpus is the set of resources the comparison sends to Analyze: every custom resource the dev stack
// registers (mocked, with known values) in both wire forms, the violating and secret fixtures of the round-trip tests,
// every type any rule checks with every property it reads unknown (whole and nested), a type no rule checks, and a
// subnet whose properties are malformed on the wire.
func analyzeCorpus(t *testing.T) []*pulumirpc.AnalyzeRequest {
	request := func(typ, name string, props *structpb.Struct) *pulumirpc.AnalyzeRequest {
		return &pulumirpc.AnalyzeRequest{Type: typ, Name: name, Urn: urnOf(typ, name), Properties: props}
	}
	var corpus []*pulumirpc.AnalyzeRequest
	for _, r := range generatedStack(t, 1) {
		for _, outputValues := range []bool{false, true} {
			corpus = append(corpus, &pulumirpc.AnalyzeRequest{
				Type: r.typ, Name: r.name, Urn: r.urn, Properties: marshal(t, r.props, outputValues),
			})
		}
	}
	fixtures := []struct {
		typ, name string
		props     resource.PropertyMap
	}{
		{awstypes.LbLoadBalancer, "internet-facing-alb", resource.NewPropertyMapFromMap(map[string]any{"loadBalancerType": "application"})},
		{awstypes.EcsTaskDefinition, "bad-task", resource.NewPropertyMapFromMap(map[string]any{
			"networkMode": "awsvpc", "requiresCompatibilities": []any{"FARGATE"}, "cpu": "256", "memory": "4096",
			"containerDefinitions": `[{"name":"app","image":"nginx","privileged":true}]`,
		})},
		{awstypes.EcsTaskDefinition, "secret-definitions", resource.PropertyMap{
			"containerDefinitions": resource.MakeSecret(resource.NewStringProperty(`[{"name":"app","image":"nginx","user":"0"}]`)),
		}},
		{awstypes.Ec2Subnet, "secret-public-subnet", resource.PropertyMap{"mapPublicIpOnLaunch": resource.MakeSecret(resource.NewBoolProperty(true))}},
		{awstypes.LbListener, "http-listener", resource.NewPropertyMapFromMap(map[string]any{
			"protocol": "HTTP", "defaultActions": []any{map[string]any{"type": "forward"}},
		})},
		{awstypes.LbTargetGroup, "instance-targets", resource.NewPropertyMapFromMap(map[string]any{"port": 80})},
		{awstypes.LbTargetGroup, "ip-targets", resource.NewPropertyMapFromMap(map[string]any{"targetType": "ip"})},
		{awstypes.Ec2NatGateway, "nat", resource.NewPropertyMapFromMap(map[string]any{"subnetId": "subnet-1"})},
		{awstypes.NativeEc2SecurityGroup, "native-open-security-group", resource.NewPropertyMapFromMap(map[string]any{
			"securityGroupIngress": []any{map[string]any{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIp": "0.0.0.0/0"}},
		})},
		{"aws:s3/bucketObject:BucketObject", "unchecked", resource.NewPropertyMapFromMap(map[string]any{"key": "k"})},
	}
	for _, f := range fixtures {
		corpus = append(corpus, request(f.typ, f.name, marshal(t, f.props, false)))
	}
	for _, typ := range checkedTypes() {
		name := "unknown-" + strings.NewReplacer(":", "-", "/", "-").Replace(typ)
		for _, outputValues := range []bool{false, true} {
			corpus = append(corpus, request(typ, name, marshal(t, unknownEverywhere(ruleReadKeys), outputValues)))
		}
	}
	// A secret without its value: the engine never sends one, but both servers must fail alike on it.
	malformed, err := structpb.NewStruct(map[string]any{
		"mapPublicIpOnLaunch": map[string]any{resource.SigKey: resource.SecretSig},
	})
	require.NoError(t, err)
	return append(corpus, request(awstypes.Ec2Subnet, "malformed", malformed))
}

// checkedTypes lists every type token a catalogue entry names, once each, sorted (many rules check the same type).
func checkedTypes() []string {
	var types []string
	for _, e := range rules.Catalogue() {
		types = append(types, e.ResourceTypes...)
	}
	slices.Sort(types)
	return slices.Compact(types)
}

// stackCorpus is what the comparison sends to AnalyzeStack: the mocked dev stack with the property dependencies the
// program registered, and every checked type with every property unknown and coming from a stack reference (which the
// stack rules cannot decide, so the unverified policy reports them).
func stackCorpus(t *testing.T) [][]*pulumirpc.AnalyzerResource {
	var dev, unknown []*pulumirpc.AnalyzerResource
	for _, r := range generatedStack(t, 1) {
		dev = append(dev, stackResource(t, r.typ, r.name, r.props, r.deps))
	}
	for _, typ := range checkedTypes() {
		props := unknownEverywhere(ruleReadKeys)
		fromElsewhere := map[string][]string{}
		for key := range props {
			fromElsewhere[string(key)] = []string{stackReferenceURN}
		}
		unknown = append(unknown, stackResource(t, typ, "unknown-"+strings.NewReplacer(":", "-", "/", "-").Replace(typ), props, fromElsewhere))
	}
	return [][]*pulumirpc.AnalyzerResource{dev, unknown}
}

// policyConfig is a Configure request the way the engine sends it: every policy's level, plus properties.
func policyConfig(t *testing.T, levels map[string]pulumirpc.EnforcementLevel, properties map[string]map[string]any) *pulumirpc.ConfigureAnalyzerRequest {
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for _, e := range rules.Catalogue() {
		level := pulumirpc.EnforcementLevel(enforcementLevel(e.DefaultLevel))
		if l, ok := levels[e.Name]; ok {
			level = l
		}
		props, err := structpb.NewStruct(properties[e.Name])
		require.NoError(t, err)
		req.PolicyConfig[e.Name] = &pulumirpc.PolicyConfig{EnforcementLevel: level, Properties: props}
	}
	return req
}

// TestServerAnswersAsPolicyxDid serves the pack and, beside it, the same rules as policyx served them before, and
// requires the same answer to every call the engine makes — analyzer and plugin info, Configure, Analyze, Remediate
// and AnalyzeStack — over a corpus of compliant, violating, unknown, secret and malformed resources, under the
// default levels, the engine's reconciled defaults, overridden levels and options, every policy disabled, and an
// option of the wrong type.
func TestServerAnswersAsPolicyxDid(t *testing.T) {
	want := startServer(t, true, servePolicyx)
	got := startServer(t, true, servePack)
	ctx := context.Background()

	wantInfo, wantErr := want.client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	gotInfo, gotErr := got.client.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, wantErr)
	require.Len(t, wantInfo.GetPolicies(), len(rules.Catalogue()), "precondition: policyx lists the whole catalogue")
	assertSameAnswer(t, "GetAnalyzerInfo", wantInfo, wantErr, gotInfo, gotErr)
	wantPlugin, wantErr := want.client.GetPluginInfo(ctx, &emptypb.Empty{})
	gotPlugin, gotErr := got.client.GetPluginInfo(ctx, &emptypb.Empty{})
	assertSameAnswer(t, "GetPluginInfo", wantPlugin, wantErr, gotPlugin, gotErr)

	allDisabled := map[string]pulumirpc.EnforcementLevel{}
	for _, e := range rules.Catalogue() {
		allDisabled[e.Name] = pulumirpc.EnforcementLevel_DISABLED
	}
	configs := []struct {
		name string
		req  *pulumirpc.ConfigureAnalyzerRequest // nil: not configured, as before the engine's first Configure
	}{
		{name: "not configured"},
		{name: "defaults", req: policyConfig(t, nil, map[string]map[string]any{
			"target-group-target-type": {"allowedTargetTypes": []any{"ip", "alb"}},
			"nat-gateway-allowed":      {"allowNatGateways": true},
		})},
		{name: "overrides", req: policyConfig(t,
			map[string]pulumirpc.EnforcementLevel{
				"listener-http-redirects-to-https": advisory,
				"load-balancer-access-logs":        pulumirpc.EnforcementLevel_DISABLED,
				"ecs-container-non-root":           mandatory,
				"ecs-subnet-can-pull-images":       advisory,
				"eip-only-for-nat-gateway":         pulumirpc.EnforcementLevel_DISABLED,
				rules.UnverifiedRule:               mandatory,
			},
			map[string]map[string]any{
				"target-group-target-type": {"allowedTargetTypes": []any{"instance"}},
				"nat-gateway-allowed":      {"allowNatGateways": false},
				"listener-tls-policy":      {"allowedSslPolicies": []any{"ELBSecurityPolicy-TLS13-1-3-2021-06"}},
			})},
		{name: "unverified disabled", req: policyConfig(t, map[string]pulumirpc.EnforcementLevel{
			rules.UnverifiedRule: pulumirpc.EnforcementLevel_DISABLED,
		}, nil)},
		{name: "every policy disabled", req: policyConfig(t, allDisabled, nil)},
		{name: "option of the wrong type", req: policyConfig(t, nil, map[string]map[string]any{
			"target-group-target-type": {"allowedTargetTypes": "ip"},
		})},
	}
	corpus := analyzeCorpus(t)
	stacks := stackCorpus(t)
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			if c.req != nil {
				wantResp, wantErr := want.client.Configure(ctx, c.req)
				gotResp, gotErr := got.client.Configure(ctx, c.req)
				assertSameAnswer(t, "Configure", wantResp, wantErr, gotResp, gotErr)
			}
			var violations, failures int
			analyzed := askEach(want, got, corpus, func(c pulumirpc.AnalyzerClient, req *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
				return c.Analyze(ctx, req)
			})
			for i, a := range analyzed {
				assertSameAnswer(t, "Analyze "+corpus[i].GetUrn(), a.want, a.wantErr, a.got, a.gotErr)
				violations += len(a.want.GetDiagnostics())
				if a.wantErr != nil {
					failures++
				}
			}
			if c.req == nil { // Remediate reads no config: once is enough
				remediated := askEach(want, got, corpus, func(c pulumirpc.AnalyzerClient, req *pulumirpc.AnalyzeRequest) (*pulumirpc.RemediateResponse, error) {
					return c.Remediate(ctx, req)
				})
				for i, a := range remediated {
					if corpus[i].GetName() == "malformed" {
						// policyx unpacks the properties for Remediate and fails on them; the pack, which has nothing
						// to remediate, does not read them.
						assert.Error(t, a.wantErr)
						assert.NoError(t, a.gotErr)
						continue
					}
					assertSameAnswer(t, "Remediate "+corpus[i].GetUrn(), a.want, a.wantErr, a.got, a.gotErr)
				}
			}
			t.Logf("%d resources: %d violations, %d failed calls", len(corpus), violations, failures)
			if c.name != "every policy disabled" {
				assert.NotZero(t, violations, "precondition: the corpus trips rules")
			}
			stackPolicies := map[string]bool{}
			for i, stack := range stacks {
				req := &pulumirpc.AnalyzeStackRequest{Resources: stack}
				wantResp, wantErr, gotResp, gotErr := askBoth(want, got, func(c pulumirpc.AnalyzerClient) (*pulumirpc.AnalyzeResponse, error) {
					return c.AnalyzeStack(ctx, req)
				})
				assertSameAnswer(t, fmt.Sprintf("AnalyzeStack %d", i), wantResp, wantErr, gotResp, gotErr)
				for _, d := range wantResp.GetDiagnostics() {
					stackPolicies[d.GetPolicyName()] = true
				}
			}
			if c.req == nil {
				assert.True(t, stackPolicies[rules.UnverifiedRule], "precondition: the stacks have undecided findings")
				assert.Greater(t, len(stackPolicies), 1, "precondition: the stacks trip stack rules")
			}
		})
	}
}

// countingServer is the pack's server over the given rules with its unpacking counted.
func countingServer(t *testing.T, resourceRules []rules.ResourceRule) (*analyzerServer, *atomic.Int64) {
	p, err := newPack(resourceRules, rules.StackRules())
	require.NoError(t, err)
	srv := newAnalyzerServer(p)
	unpacks := &atomic.Int64{}
	srv.unpack = func(props *structpb.Struct, label string) (property.Map, error) {
		unpacks.Add(1)
		return unmarshal(props, label)
	}
	return srv, unpacks
}

// TestAnalyzeUnpacksOnceAndRunsOnlyTheRulesThatApply checks the dispatch: a resource's properties are unpacked once
// however many rules check its type, not at all when none does or for Remediate, once per resource in AnalyzeStack;
// and a rule is never called for a type it does not check.
func TestAnalyzeUnpacksOnceAndRunsOnlyTheRulesThatApply(t *testing.T) {
	called := map[string]int{}
	probe := func(name, typ string) rules.ResourceRule {
		return rules.ResourceRule{
			Name: name, ResourceTypes: []string{typ}, Description: "probe", DefaultLevel: rules.Advisory,
			Check: func(res rules.Resource, _ rules.Config) []string {
				called[name+" on "+res.Type]++
				return []string{"probed " + res.Name}
			},
		}
	}
	resourceRules := append(rules.Rules(), probe("probe-task", awstypes.EcsTaskDefinition), probe("probe-other", "test:index:Other"))
	srv, unpacks := countingServer(t, resourceRules)
	applying := 0
	for _, rule := range resourceRules {
		if rule.Applies(awstypes.EcsTaskDefinition) {
			applying++
		}
	}
	require.Greater(t, applying, 2, "precondition: several rules check task definitions")

	ctx := context.Background()
	task := &pulumirpc.AnalyzeRequest{
		Type: awstypes.EcsTaskDefinition, Name: "task", Urn: urnOf(awstypes.EcsTaskDefinition, "task"),
		Properties: marshal(t, resource.NewPropertyMapFromMap(map[string]any{"containerDefinitions": "[]"}), false),
	}
	resp, err := srv.Analyze(ctx, task)
	require.NoError(t, err)
	assert.Equal(t, int64(1), unpacks.Load(), "one unpack for %d rules", applying)
	assert.Equal(t, map[string]int{"probe-task on " + awstypes.EcsTaskDefinition: 1}, called)
	require.NotEmpty(t, resp.GetDiagnostics())
	last := resp.GetDiagnostics()[len(resp.GetDiagnostics())-1]
	assert.Equal(t, "probe-task", last.GetPolicyName(), "violations in catalogue order, under their own policy")
	assert.Equal(t, "probe\nprobed task", last.GetMessage())

	_, err = srv.Analyze(ctx, &pulumirpc.AnalyzeRequest{Type: "test:index:Unchecked", Name: "u", Properties: task.GetProperties()})
	require.NoError(t, err)
	_, err = srv.Remediate(ctx, task)
	require.NoError(t, err)
	assert.Equal(t, int64(1), unpacks.Load(), "no unpack for a type no rule checks, nor for Remediate")

	// A rule the config disables is not called, and a type only it checks is not unpacked.
	_, err = srv.Configure(ctx, &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{
		"probe-other": {EnforcementLevel: pulumirpc.EnforcementLevel_DISABLED},
	}})
	require.NoError(t, err)
	_, err = srv.Analyze(ctx, &pulumirpc.AnalyzeRequest{Type: "test:index:Other", Name: "o", Properties: task.GetProperties()})
	require.NoError(t, err)
	assert.Equal(t, int64(1), unpacks.Load())
	assert.NotContains(t, called, "probe-other on test:index:Other")

	stack := []*pulumirpc.AnalyzerResource{
		{Type: awstypes.EcsTaskDefinition, Name: "a", Urn: "urn:a", Properties: task.GetProperties()},
		{Type: awstypes.Ec2Vpc, Name: "b", Urn: "urn:b", Properties: task.GetProperties()},
		{Type: "test:index:Unchecked", Name: "c", Urn: "urn:c", Properties: task.GetProperties()},
	}
	_, err = srv.AnalyzeStack(ctx, &pulumirpc.AnalyzeStackRequest{Resources: stack})
	require.NoError(t, err)
	assert.Equal(t, int64(1+len(stack)), unpacks.Load(), "AnalyzeStack unpacks each resource once")
}

// TestTypeIndexFollowsApplies checks the index against ResourceRule.Applies for every checked type and a type no
// rule checks, first lookup and cached.
func TestTypeIndexFollowsApplies(t *testing.T) {
	ix := &typeIndex{rules: rules.Rules()}
	for _, typ := range append(checkedTypes(), "test:index:Unchecked") {
		var want []int
		for i, rule := range rules.Rules() {
			if rule.Applies(typ) {
				want = append(want, i)
			}
		}
		assert.Equal(t, want, ix.lookup(typ), typ)
		assert.Equal(t, want, ix.lookup(typ), "%s, cached", typ)
	}
}

// TestPackStopsOnInterrupt checks the shutdown the engine does (it closes the connection and interrupts the plugin
// process) ends the pack as it ended policyx's.
func TestPackStopsOnInterrupt(t *testing.T) {
	for name, serve := range map[string]string{"policyx": servePolicyx, "pack": servePack} {
		t.Run(name, func(t *testing.T) {
			a := startServer(t, true, serve)
			exited := make(chan error, 1)
			go func() { exited <- a.cmd.Wait() }()
			require.NoError(t, a.cmd.Process.Signal(os.Interrupt))
			select {
			case err := <-exited:
				var exitErr interface{ Sys() any }
				require.ErrorAs(t, err, &exitErr, "the process ends on the interrupt")
				ws, ok := exitErr.Sys().(syscall.WaitStatus)
				require.True(t, ok)
				assert.Equal(t, syscall.SIGINT, ws.Signal(), "ended by the signal, as a Go program without a handler")
			case <-time.After(10 * time.Second):
				t.Fatal("the pack did not stop on an interrupt")
			}
		})
	}
}

// TestAnalyzerInfoNeedsNoStack checks that the policies can be listed before (and without) ConfigureStack, which
// `pulumi policy publish` never calls, and that ConfigureStack still needs the handshake first, as under policyx.
func TestAnalyzerInfoNeedsNoStack(t *testing.T) {
	p, err := newPack(rules.Rules(), rules.StackRules())
	require.NoError(t, err)
	srv := newAnalyzerServer(p)
	ctx := context.Background()

	info, err := srv.GetAnalyzerInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	assert.Len(t, info.GetPolicies(), len(rules.Catalogue()))
	plugin, err := srv.GetPluginInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	assert.Equal(t, packVersion, plugin.GetVersion())

	_, err = srv.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev"})
	assert.EqualError(t, err, "analyzer has not had handshake called")
	_, err = srv.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{EngineAddress: "127.0.0.1:1"})
	require.NoError(t, err)
	_, err = srv.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{Stack: "dev"})
	assert.NoError(t, err)
}
