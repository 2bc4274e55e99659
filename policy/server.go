package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/private-fargate/private-fargate/policy/rules"
)

// analyzerServer serves the pack over the engine's analyzer protocol. It answers every call the way policyx's
// server (sdk v3.259 go/pulumi/policyx/server.go) answers it for this pack — same diagnostics, messages, levels and
// errors — but unpacks a resource's properties once per call instead of once per enabled policy, runs only the rules
// that apply to the resource's type, and answers Remediate (the pack has no remediations) without unpacking at all.
type analyzerServer struct {
	pulumirpc.UnimplementedAnalyzerServer

	pack       *pack
	config     atomic.Pointer[configuration]
	handshaken atomic.Bool
	// unpack decodes a request's properties: unmarshal, or in tests a wrapper that counts the calls.
	unpack func(props *structpb.Struct, label string) (property.Map, error)
}

// newAnalyzerServer serves p with every policy at its default level until the engine configures it.
func newAnalyzerServer(p *pack) *analyzerServer {
	srv := &analyzerServer{pack: p, unpack: unmarshal}
	srv.config.Store(p.configure(nil))
	return srv
}

// unmarshalOptions are policyx's: unknowns, secrets, resource references and output values are kept for the rules
// to judge.
func unmarshalOptions(label string) plugin.MarshalOptions {
	return plugin.MarshalOptions{
		Label: label, KeepUnknowns: true, KeepSecrets: true, KeepResources: true, KeepOutputValues: true,
	}
}

// unmarshal decodes a request's properties into the property.Map the rules read.
func unmarshal(props *structpb.Struct, label string) (property.Map, error) {
	pm, err := plugin.UnmarshalProperties(props, unmarshalOptions(label))
	if err != nil {
		return property.Map{}, err
	}
	return resource.FromResourcePropertyMap(pm), nil
}

// Handshake records that the engine has introduced itself; policyx refuses ConfigureStack before it.
func (srv *analyzerServer) Handshake(context.Context, *pulumirpc.AnalyzerHandshakeRequest) (*pulumirpc.AnalyzerHandshakeResponse, error) {
	srv.handshaken.Store(true)
	return &pulumirpc.AnalyzerHandshakeResponse{}, nil
}

// ConfigureStack is where policyx built the pack. This one is built at startup (so `pulumi policy publish`, which
// skips this call, can read it too); the stack's config, tags and dry-run flag are not read by any rule.
func (srv *analyzerServer) ConfigureStack(context.Context, *pulumirpc.AnalyzerStackConfigureRequest) (*pulumirpc.AnalyzerStackConfigureResponse, error) {
	if !srv.handshaken.Load() {
		return nil, errors.New("analyzer has not had handshake called")
	}
	return &pulumirpc.AnalyzerStackConfigureResponse{}, nil
}

// GetPluginInfo reports the pack's version.
func (srv *analyzerServer) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: srv.pack.info.GetVersion()}, nil
}

// GetAnalyzerInfo lists the policies, their default levels and config schemas.
func (srv *analyzerServer) GetAnalyzerInfo(context.Context, *emptypb.Empty) (*pulumirpc.AnalyzerInfo, error) {
	return srv.pack.info, nil
}

// Configure takes the engine's policy config (after it has merged `--policy-pack-config` with the schemas' defaults
// and checked it) and resolves every policy's level and options once, for all the calls that follow.
func (srv *analyzerServer) Configure(_ context.Context, req *pulumirpc.ConfigureAnalyzerRequest) (*emptypb.Empty, error) {
	conf := map[string]policyx.PolicyConfig{}
	for name, c := range req.GetPolicyConfig() {
		// Through JSON, as policyx does, so the rules see the same Go types (float64 numbers, []any lists).
		data, err := c.GetProperties().MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("failed to marshal properties for policy %q: %w", name, err)
		}
		var props map[string]any
		if err := json.Unmarshal(data, &props); err != nil {
			return nil, fmt.Errorf("failed to unmarshal properties for policy %q: %w", name, err)
		}
		conf[name] = policyx.PolicyConfig{EnforcementLevel: policyx.EnforcementLevel(c.GetEnforcementLevel()), Properties: props}
	}
	srv.config.Store(srv.pack.configure(conf))
	return &emptypb.Empty{}, nil
}

// Analyze runs the enabled rules that apply to the resource's type over its properties, unpacked once, and reports
// each violation under the rule's policy name and effective level. A resource no enabled rule checks is not unpacked.
func (srv *analyzerServer) Analyze(_ context.Context, req *pulumirpc.AnalyzeRequest) (*pulumirpc.AnalyzeResponse, error) {
	conf := srv.config.Load()
	var diagnostics []*pulumirpc.AnalyzeDiagnostic
	var res rules.Resource
	unpacked := false
	for _, i := range srv.pack.byType.lookup(req.GetType()) {
		rule, rc := srv.pack.resourceRules[i], conf.resource[i]
		if rc.level == policyx.EnforcementLevelDisabled {
			continue
		}
		if !unpacked {
			props, err := srv.unpack(req.GetProperties(), packName+".analyze")
			if err != nil {
				return nil, fmt.Errorf("failed to unmarshal properties for policy %q: %w", rule.Name, err)
			}
			res = rules.Resource{Type: req.GetType(), Name: req.GetName(), URN: req.GetUrn(), Properties: props}
			unpacked = true
		}
		messages, err := checkResource(rule, res, rc)
		if err != nil {
			return nil, fmt.Errorf("failed to validate resource %q with policy %q: %w", req.GetUrn(), rule.Name, err)
		}
		for _, message := range messages {
			diagnostics = append(diagnostics, srv.diagnostic(rule.Name, rule.Description, rc.level, message, req.GetUrn()))
		}
	}
	return &pulumirpc.AnalyzeResponse{Diagnostics: diagnostics}, nil
}

// checkResource runs one resource rule with its options, turning a bad option or a panic into an error for this call.
func checkResource(rule rules.ResourceRule, res rules.Resource, rc resourceConfig) (messages []string, err error) {
	defer recoverAsError(rule.Name, &err)
	if rc.err != nil {
		return nil, fmt.Errorf("policy %s config: %w", rule.Name, rc.err)
	}
	return rule.Check(res, rc.options), nil
}

// Remediate answers that nothing needs changing: the pack has no remediation policies, so, unlike policyx, it does
// not unpack the properties to find that out.
func (srv *analyzerServer) Remediate(context.Context, *pulumirpc.AnalyzeRequest) (*pulumirpc.RemediateResponse, error) {
	return &pulumirpc.RemediateResponse{}, nil
}

// AnalyzeStack unpacks every resource once and runs the enabled stack rules over them, in catalogue order. What a
// stack rule could not decide because a value is unknown is reported by the unverified policy, after all of them and
// only for the rules that ran. Stack rules run with the default options: policyx passed stack policies no config, and
// their schemas accept none.
func (srv *analyzerServer) AnalyzeStack(_ context.Context, req *pulumirpc.AnalyzeStackRequest) (*pulumirpc.AnalyzeResponse, error) {
	conf := srv.config.Load()
	resources := make([]rules.Resource, 0, len(req.GetResources()))
	for _, r := range req.GetResources() {
		props, err := srv.unpack(r.GetProperties(), packName+".analyzeStack")
		if err != nil {
			return nil, fmt.Errorf("failed to unmarshal properties for resource %q: %w", r.GetUrn(), err)
		}
		deps := map[string][]string{}
		for key, d := range r.GetPropertyDependencies() {
			if len(d.GetUrns()) > 0 {
				deps[key] = d.GetUrns()
			}
		}
		resources = append(resources, rules.Resource{
			Type: r.GetType(), Name: r.GetName(), URN: r.GetUrn(), Properties: props, PropertyDependencies: deps,
		})
	}

	var diagnostics, unverified []*pulumirpc.AnalyzeDiagnostic
	for i, rule := range srv.pack.stackRules {
		level := conf.stack[i]
		if level == policyx.EnforcementLevelDisabled {
			continue
		}
		findings, err := checkStack(rule, resources)
		if err != nil {
			return nil, fmt.Errorf("failed to validate stack with policy %q: %w", rule.Name, err)
		}
		for _, f := range findings {
			urn := resources[f.Resource].URN
			if f.Unverified {
				unverified = append(unverified, srv.diagnostic(srv.pack.unverified.Name, srv.pack.unverified.Description,
					conf.unverified, f.Message, urn))
				continue
			}
			diagnostics = append(diagnostics, srv.diagnostic(rule.Name, rule.Description, level, f.Message, urn))
		}
	}
	if conf.unverified != policyx.EnforcementLevelDisabled {
		diagnostics = append(diagnostics, unverified...)
	}
	return &pulumirpc.AnalyzeResponse{Diagnostics: diagnostics}, nil
}

// checkStack runs one stack rule, turning a panic into an error for this call.
func checkStack(rule rules.StackRule, resources []rules.Resource) (findings []rules.StackFinding, err error) {
	defer recoverAsError(rule.Name, &err)
	return rule.Check(resources, rules.DefaultConfig()), nil
}

// Cancel has nothing to stop: every call runs to its end.
func (srv *analyzerServer) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// diagnostic is one violation as policyx reports it: the message is the policy's description, then the rule's
// message on its own line.
func (srv *analyzerServer) diagnostic(policy, description string, level policyx.EnforcementLevel, message, urn string) *pulumirpc.AnalyzeDiagnostic {
	text := description
	if message != "" {
		text += "\n" + message
	}
	return &pulumirpc.AnalyzeDiagnostic{
		PolicyName:        policy,
		PolicyPackName:    srv.pack.info.GetName(),
		PolicyPackVersion: srv.pack.info.GetVersion(),
		Description:       description,
		Message:           text,
		EnforcementLevel:  pulumirpc.EnforcementLevel(level),
		Urn:               urn,
	}
}

// recoverAsError turns a panic in a rule into an error for that one call: a gRPC handler that panics takes the whole
// analyzer process down, and the engine then reports a crashed plugin instead of which rule failed on what.
func recoverAsError(rule string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("policy %s panicked: %v", rule, r)
	}
}
