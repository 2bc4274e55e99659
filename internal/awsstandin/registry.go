package awsstandin

import (
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// record is what the stand-in knows of one resource in this process: the engine starts one provider process per
// operation (preview, up, destroy) and sends it every resource of the stack through Check, Diff, Create, Read,
// Update and Delete, so the records of one process are the stack as that operation sees it.
type record struct {
	typ tokens.Type
	urn resource.URN
	// inputs are the latest checked inputs.
	inputs resource.PropertyMap
	// id and outputs are set once the resource exists (created here, or found in the state through Diff/Read).
	id      resource.ID
	outputs resource.PropertyMap
	// live is true while the resource exists in (pretend) AWS; deleted is true once Delete ran for its id.
	live, deleted bool
}

// prop returns the property of the record's outputs, falling back to its inputs.
func (r *record) prop(key string) (resource.PropertyValue, bool) {
	if v, ok := r.outputs[resource.PropertyKey(key)]; ok && present(v) {
		return v, true
	}
	v, ok := r.inputs[resource.PropertyKey(key)]
	return v, ok
}

// str returns a known string property of the record (outputs first).
func (r *record) str(key string) (string, bool) {
	v, ok := r.prop(key)
	if !ok {
		return "", false
	}
	return knownString(v)
}

// props returns the outputs layered over the inputs, for rules that read nested values.
func (r *record) props() resource.PropertyMap {
	merged := resource.PropertyMap{}
	for k, v := range r.inputs {
		merged[k] = v
	}
	for k, v := range r.outputs {
		if present(v) {
			merged[k] = v
		}
	}
	return merged
}

// registry indexes the records of this process by URN (the resource the program declares now) and by id and ARN
// (every physical resource, including an old one a replacement has not deleted yet).
type registry struct {
	mu     sync.Mutex
	byURN  map[resource.URN]*record
	byID   map[string]*record
	byType map[tokens.Type][]*record
}

func newRegistry() *registry {
	return &registry{byURN: map[resource.URN]*record{}, byID: map[string]*record{}, byType: map[tokens.Type][]*record{}}
}

// checked records the checked inputs of the resource the program declares at urn.
func (g *registry) checked(typ tokens.Type, urn resource.URN, inputs resource.PropertyMap) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r, ok := g.byURN[urn]; ok && r.id == "" {
		r.inputs = inputs
		return
	}
	r := &record{typ: typ, urn: urn, inputs: inputs}
	g.byURN[urn] = r
	g.byType[typ] = append(g.byType[typ], r)
}

// exists records a physical resource: created here (Create, Update) or found in the state (Diff, Read).
func (g *registry) exists(typ tokens.Type, urn resource.URN, id resource.ID, inputs, outputs resource.PropertyMap) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if r, ok := g.byID[string(id)]; ok {
		if inputs != nil {
			r.inputs = inputs
		}
		if outputs != nil {
			r.outputs = outputs
		}
		r.live, r.deleted = true, false
		g.byURN[urn] = r
		return
	}
	r, ok := g.byURN[urn]
	if !ok || r.id != "" {
		r = &record{typ: typ, urn: urn}
		g.byType[typ] = append(g.byType[typ], r)
	}
	if inputs != nil {
		r.inputs = inputs
	}
	r.id, r.outputs, r.live, r.deleted = id, outputs, true, false
	g.byURN[urn] = r
	g.index(r)
}

// index makes r findable by its id and ARN. Callers hold the lock.
func (g *registry) index(r *record) {
	g.byID[string(r.id)] = r
	if arn, ok := r.str("arn"); ok && arn != "" {
		g.byID[arn] = r
	}
}

// deleted marks the physical resource id as gone, remembering what it was (an access-log bucket stays "written to").
func (g *registry) deleted(typ tokens.Type, urn resource.URN, id resource.ID, inputs, outputs resource.PropertyMap) {
	g.mu.Lock()
	defer g.mu.Unlock()
	r, ok := g.byID[string(id)]
	if !ok {
		r = &record{typ: typ, urn: urn, id: id, inputs: inputs, outputs: outputs}
		g.byType[typ] = append(g.byType[typ], r)
		g.index(r)
	}
	r.live, r.deleted = false, true
}

// find returns the record whose id or ARN is ref.
func (g *registry) find(ref string) *record {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.byID[ref]
}

// all returns the records of typ (declared, live or deleted).
func (g *registry) all(typ tokens.Type) []*record {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]*record(nil), g.byType[typ]...)
}

// everything returns every record.
func (g *registry) everything() []*record {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []*record
	for _, records := range g.byType {
		out = append(out, records...)
	}
	return out
}
