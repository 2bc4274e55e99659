package awsstandin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Version is the version the stand-in reports: the pulumi-aws SDK version pinned in go.mod, so the engine sees
// the plugin version the program asks for.
const Version = "6.83.2"

// Provider is the stand-in AWS provider (a test double; see the package documentation). Create one with New and
// serve it with plugin.NewProviderServer.
type Provider struct {
	plugin.UnimplementedProvider

	mu      sync.Mutex
	region  string
	journal io.Writer

	// contract serialises the contract's work: the registry of what this process has seen, and every rule that
	// reads it.
	contract sync.Mutex
	reg      *registry

	// live is what exists in (pretend) AWS, across the stack's operations (livestate.go); faults are the calls to
	// fail (faults.go), nil for none.
	live   *liveSet
	faults *faultPlan
}

// New returns a stand-in provider. When journal is not nil, every create, update and delete that is not a preview
// is appended to it as one JSON line (see JournalEntry), so tests can check what would have happened to AWS.
func New(journal io.Writer) *Provider {
	return &Provider{journal: journal, reg: newRegistry(), live: newLiveSet()}
}

// JournalEntry is one line of the journal: an operation that changed (pretend) AWS.
type JournalEntry struct {
	// Op is "create", "update" or "delete".
	Op string `json:"op"`
	// Type is the resource type token, e.g. aws:ec2/subnet:Subnet.
	Type string `json:"type"`
	// URN is the resource's URN.
	URN string `json:"urn"`
	// ID is the resource's (invented) id.
	ID string `json:"id"`
	// Key is the identity AWS keeps unique among live resources of the type (names.go), "" for none.
	Key string `json:"key,omitempty"`
	// Settings is a digest of the inputs of a create, for the APIs that return an identical resource.
	Settings string `json:"settings,omitempty"`
	// Physical is the id AWS knows the resource by, where the provider's ID is shared (physicalOf).
	Physical string `json:"physical,omitempty"`
}

func (p *Provider) record(entry JournalEntry) error {
	if p.journal == nil {
		return nil
	}
	line, err := json.Marshal(entry)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err = p.journal.Write(append(line, '\n'))
	return err
}

// Close releases nothing: the stand-in holds no connections.
func (p *Provider) Close() error { return nil }

// SignalCancellation is a no-op: every operation returns at once.
func (p *Provider) SignalCancellation(context.Context) error { return nil }

// Handshake accepts secrets and resource references, like the real provider.
func (p *Provider) Handshake(context.Context, plugin.ProviderHandshakeRequest) (*plugin.ProviderHandshakeResponse, error) {
	return &plugin.ProviderHandshakeResponse{AcceptSecrets: true, AcceptResources: true}, nil
}

// GetPluginInfo reports Version.
func (p *Provider) GetPluginInfo(context.Context) (plugin.PluginInfo, error) {
	v := semver.MustParse(Version)
	return plugin.PluginInfo{Version: &v}, nil
}

// GetSchema returns a minimal schema: the stand-in is never used to generate SDKs.
func (p *Provider) GetSchema(context.Context, plugin.GetSchemaRequest) (plugin.GetSchemaResponse, error) {
	return plugin.GetSchemaResponse{Schema: fmt.Appendf(nil, `{"name":"aws","version":%q}`, Version)}, nil
}

// regionOf returns the provider configuration's region, falling back to the environment as the AWS provider does.
func regionOf(config resource.PropertyMap) string {
	if v, ok := config["region"]; ok && v.IsString() && v.StringValue() != "" {
		return v.StringValue()
	}
	for _, name := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if region := os.Getenv(name); region != "" {
			return region
		}
	}
	return ""
}

// CheckConfig returns the configuration unchanged, failing like the AWS provider when no region is set.
func (p *Provider) CheckConfig(_ context.Context, req plugin.CheckConfigRequest) (plugin.CheckConfigResponse, error) {
	resp := plugin.CheckConfigResponse{Properties: req.News}
	if v, ok := req.News["region"]; ok && v.IsComputed() {
		return resp, nil
	}
	if regionOf(req.News) == "" {
		resp.Failures = append(resp.Failures, plugin.CheckFailure{
			Property: "region",
			Reason: "missing required configuration key \"aws:region\": set it in the stack config " +
				"(pulumi config set aws:region <region>) or in AWS_REGION",
		})
	}
	return resp, nil
}

// DiffConfig reports the changed configuration keys; none of them replaces the provider.
func (p *Provider) DiffConfig(_ context.Context, req plugin.DiffConfigRequest) (plugin.DiffConfigResponse, error) {
	return diffInputs("", req.OldInputs, req.NewInputs, req.IgnoreChanges), nil
}

// Configure remembers the region, which every invented ARN carries.
func (p *Provider) Configure(_ context.Context, req plugin.ConfigureRequest) (plugin.ConfigureResponse, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.region = regionOf(req.Inputs)
	if p.region == "" {
		p.region = "us-east-1"
	}
	return plugin.ConfigureResponse{}, nil
}

func (p *Provider) currentRegion() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.region == "" {
		return "us-east-1"
	}
	return p.region
}

// Check validates the inputs the way pulumi-aws does at preview and fills the auto-name: the field and resource
// rules of the type (contract.go), the auto-name (autoname.go) and the cross-resource shape rules that the
// resources seen so far make decidable (crossrules.go). Every failure names its property and its source.
func (p *Provider) Check(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	news := req.News.Copy()
	typ := req.Type
	if typ == "" {
		typ = req.URN.Type()
	}
	p.contract.Lock()
	defer p.contract.Unlock()
	var failures []plugin.CheckFailure
	if failure := applyAutoname(typ, req.URN, req.Olds, news, req.RandomSeed); failure != nil {
		failures = append(failures, *failure)
	}
	failures = append(failures, checkInputs(typ, news)...)
	if rule, ok := shapeRules[typ]; ok {
		failures = append(failures, rule(p, req.URN, news)...)
	}
	p.reg.checked(typ, req.URN, news)
	return plugin.CheckResponse{Properties: news, Failures: failures}, nil
}

// Diff compares old and new inputs (see diffInputs).
func (p *Provider) Diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResponse, error) {
	olds := req.OldInputs
	if olds == nil {
		olds = req.OldOutputs
	}
	if req.ID != "" {
		p.contract.Lock()
		p.reg.exists(req.Type, req.URN, req.ID, olds, req.OldOutputs)
		p.contract.Unlock()
		p.seen(req.Type, req.URN, req.ID, layered(olds, req.OldOutputs))
	}
	return diffInputs(string(req.Type), olds, req.NewInputs, req.IgnoreChanges), nil
}

// diffInputs compares two input maps key by key. Equal maps are no change; otherwise every added, deleted or
// updated top-level key is reported, as a replacement when replaceOnChange says AWS cannot update it in place.
// An unknown new value counts as a change, as it does for the real provider.
func diffInputs(typ string, olds, news resource.PropertyMap, ignoreChanges []string) plugin.DiffResult {
	keys := map[resource.PropertyKey]bool{}
	for k := range olds {
		keys[k] = true
	}
	for k := range news {
		keys[k] = true
	}
	sorted := make([]resource.PropertyKey, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)

	result := plugin.DiffResult{Changes: plugin.DiffNone}
	detailed := map[string]plugin.PropertyDiff{}
	for _, key := range sorted {
		if slices.Contains(ignoreChanges, string(key)) {
			continue
		}
		oldValue, hasOld := olds[key]
		newValue, hasNew := news[key]
		hasOld = hasOld && oldValue.HasValue()
		hasNew = hasNew && newValue.HasValue()
		replace := typ != "" && replacesOn(tokens.Type(typ), string(key), olds, news)
		var kind plugin.DiffKind
		switch {
		case !hasOld && !hasNew:
			continue
		case !hasOld:
			kind = pick(replace, plugin.DiffAddReplace, plugin.DiffAdd)
		case !hasNew:
			kind = pick(replace, plugin.DiffDeleteReplace, plugin.DiffDelete)
		case oldValue.DeepEquals(newValue):
			continue
		default:
			kind = pick(replace, plugin.DiffUpdateReplace, plugin.DiffUpdate)
		}
		detailed[string(key)] = plugin.PropertyDiff{Kind: kind, InputDiff: true}
		result.ChangedKeys = append(result.ChangedKeys, key)
		if replace {
			result.ReplaceKeys = append(result.ReplaceKeys, key)
		}
	}
	if len(detailed) > 0 {
		result.Changes = plugin.DiffSome
		result.DetailedDiff = detailed
	}
	return result
}

func pick(cond bool, ifTrue, ifFalse plugin.DiffKind) plugin.DiffKind {
	if cond {
		return ifTrue
	}
	return ifFalse
}

// Create invents the resource. During a preview it returns no id and marks every computed output unknown, as a
// real provider does; otherwise it first applies the ordering rules (crossrules.go: what must exist before this
// resource can be created) and returns an invented id and the inputs layered over the computed outputs.
func (p *Provider) Create(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	inputs := req.Properties
	if _, autonamed := autonames[req.Type]; autonamed {
		inputs = inputs.Copy()
		if failure := applyAutoname(req.Type, req.URN, nil, inputs, nil); failure != nil {
			return plugin.CreateResponse{}, fmt.Errorf("%s: %s", failure.Property, failure.Reason)
		}
	}
	if !req.Preview {
		if err := p.fault("create", req.Type, req.URN, ""); err != nil {
			return plugin.CreateResponse{}, err
		}
	}
	if rules, ok := orderRules[req.Type]; ok && !req.Preview {
		if err := p.judge(req.Type, rules, inputs); err != nil {
			return plugin.CreateResponse{}, err
		}
	}
	f := newFacts(req.Type, req.URN, p.currentRegion(), inputs)
	id, computed := invent(f)
	if !req.Preview {
		id, computed = p.freshIdentity(f, id, computed)
	}
	outputs := resource.PropertyMap{}
	for key, value := range computed {
		if req.Preview {
			value = resource.MakeComputed(resource.NewStringProperty(""))
		}
		outputs[key] = value
	}
	for key, value := range inputs {
		outputs[key] = value
	}
	if req.Preview {
		return plugin.CreateResponse{Properties: outputs, Status: resource.StatusOK}, nil
	}
	entry, err := p.claim(req.Type, req.URN, id, inputs, outputs)
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	id = resource.ID(entry.ID)
	if err := p.record(entry); err != nil {
		return plugin.CreateResponse{}, err
	}
	// A prerequisite exists only once its creation settles, so a dependent created without waiting for it (a
	// missing dependsOn) meets it missing, as on AWS, instead of winning the race by luck.
	time.Sleep(settleTime[req.Type])
	p.contract.Lock()
	p.reg.exists(req.Type, req.URN, id, inputs, outputs)
	p.contract.Unlock()
	return plugin.CreateResponse{ID: id, Properties: outputs, Status: resource.StatusOK}, nil
}

// Read returns the recorded state: with no cloud behind it, the engine's state is the truth. A read without state
// (an import or a get of an unknown id) finds nothing.
func (p *Provider) Read(_ context.Context, req plugin.ReadRequest) (plugin.ReadResponse, error) {
	if req.ID == "" || len(req.State) == 0 {
		return plugin.ReadResponse{Status: resource.StatusOK}, nil
	}
	if err := p.fault("read", req.Type, req.URN, req.ID); err != nil {
		return plugin.ReadResponse{}, err
	}
	p.contract.Lock()
	p.reg.exists(req.Type, req.URN, req.ID, req.Inputs, req.State)
	p.contract.Unlock()
	p.seen(req.Type, req.URN, req.ID, layered(req.Inputs, req.State))
	return plugin.ReadResponse{
		ReadResult: plugin.ReadResult{ID: req.ID, Inputs: req.Inputs, Outputs: req.State},
		Status:     resource.StatusOK,
	}, nil
}

// Update applies the ordering rules that also hold for updates (crossrules.go updateRules), keeps the computed
// outputs (the id and ARN do not change in place) and takes the new inputs.
func (p *Provider) Update(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	outputs := resource.PropertyMap{}
	for key, value := range req.OldOutputs {
		if _, wasInput := req.OldInputs[key]; !wasInput {
			outputs[key] = value
		}
	}
	for key, value := range req.NewInputs {
		outputs[key] = value
	}
	if tags, ok := req.NewInputs["tags"]; ok {
		outputs["tagsAll"] = tags
	} else if _, had := req.OldOutputs["tagsAll"]; had {
		outputs["tagsAll"] = resource.NewObjectProperty(resource.PropertyMap{})
	}
	if !req.Preview {
		if err := p.fault("update", req.Type, req.URN, req.ID); err != nil {
			return plugin.UpdateResponse{}, err
		}
	}
	if rules, ok := updateRules[req.Type]; ok && !req.Preview {
		if err := p.judge(req.Type, rules, req.NewInputs); err != nil {
			return plugin.UpdateResponse{}, err
		}
	}
	if !req.Preview {
		entry, err := p.rekey(req.Type, req.URN, req.ID, req.NewInputs, outputs)
		if err != nil {
			return plugin.UpdateResponse{}, err
		}
		if err := p.record(entry); err != nil {
			return plugin.UpdateResponse{}, err
		}
		p.contract.Lock()
		p.reg.exists(req.Type, req.URN, req.ID, req.NewInputs, outputs)
		p.contract.Unlock()
	}
	return plugin.UpdateResponse{Properties: outputs, Status: resource.StatusOK}, nil
}

// Delete refuses what AWS refuses to delete (deletes.go: a protected load balancer, a bucket holding objects, a
// security group still in use, a cluster with services) and otherwise succeeds.
func (p *Provider) Delete(_ context.Context, req plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	if err := p.fault("delete", req.Type, req.URN, req.ID); err != nil {
		return plugin.DeleteResponse{}, err
	}
	state := layered(req.Inputs, req.Outputs)
	p.contract.Lock()
	defer p.contract.Unlock()
	if rule, ok := deleteRules[req.Type]; ok {
		if err := rule(p, req.ID, state); err != nil {
			return plugin.DeleteResponse{}, err
		}
	}
	if err := p.record(p.release(req.Type, req.URN, req.ID, state)); err != nil {
		return plugin.DeleteResponse{}, err
	}
	p.reg.deleted(req.Type, req.URN, req.ID, req.Inputs, state)
	return plugin.DeleteResponse{Status: resource.StatusOK}, nil
}

// Invoke answers no data source: an offline program must not depend on AWS lookups.
func (p *Provider) Invoke(_ context.Context, req plugin.InvokeRequest) (plugin.InvokeResponse, error) {
	return plugin.InvokeResponse{}, fmt.Errorf(
		"the stand-in AWS provider (an offline test double) does not answer %s: the program must not call AWS "+
			"data sources when it runs in the sandbox or the engine tests", req.Tok)
}
