package awsstandin

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// liveResource is one resource that exists in (pretend) AWS.
type liveResource struct {
	typ tokens.Type
	urn resource.URN
	id  string
	// key is the identity AWS keeps unique (names.go nameKey), "" when the type has none or it is not known.
	key string
	// settings is the digest of the inputs it was created with (settingsOf), for the APIs that are idempotent.
	settings string
}

// liveSet is what exists in (pretend) AWS across the operations of a stack. The engine starts a new stand-in process
// for every preview, up, refresh and destroy, so the set is rebuilt from the journal each process appends to
// (Restore), then kept current by this process's creates, updates and deletes. Without a journal it starts empty and
// also learns, from Diff and Read, the resources of the state the engine shows it: enough to judge a replacement
// within one operation.
type liveSet struct {
	mu sync.Mutex
	// byID is keyed by JournalEntry.physical: type and id.
	byID  map[string]*liveResource
	byKey map[string]*liveResource
	// gone are ids deleted in (pretend) AWS; a Diff or Read of an old state does not bring them back.
	gone map[string]bool
}

func newLiveSet() *liveSet {
	return &liveSet{byID: map[string]*liveResource{}, byKey: map[string]*liveResource{}, gone: map[string]bool{}}
}

// apply folds one journal entry into the set. Callers hold the lock.
func (s *liveSet) apply(entry JournalEntry) {
	at := entry.physical()
	switch entry.Op {
	case "create", "update":
		if old, ok := s.byID[at]; ok && old.key != "" && s.byKey[old.key] == old {
			delete(s.byKey, old.key)
		}
		r := &liveResource{typ: tokens.Type(entry.Type), urn: resource.URN(entry.URN), id: entry.ID, key: entry.Key,
			settings: entry.Settings}
		s.byID[at] = r
		if r.key != "" {
			s.byKey[r.key] = r
		}
		delete(s.gone, at)
	case "delete":
		if old, ok := s.byID[at]; ok && old.key != "" && s.byKey[old.key] == old {
			delete(s.byKey, old.key)
		}
		delete(s.byID, at)
		s.gone[at] = true
	}
}

// withKeyPrefix lists the live resources whose identity key starts with prefix, sorted by URN.
func (s *liveSet) withKeyPrefix(prefix string) []*liveResource {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*liveResource
	for key, r := range s.byKey {
		if strings.HasPrefix(key, prefix) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *liveResource) int { return strings.Compare(string(a.urn), string(b.urn)) })
	return out
}

// Restore rebuilds what exists from a journal of earlier operations of the stack (ReadJournal), so names stay
// taken and faults stay visible across processes. Call it before serving.
func (p *Provider) Restore(entries []JournalEntry) {
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	for _, entry := range entries {
		p.live.apply(entry)
	}
}

// LiveResources folds a journal into what still exists in (pretend) AWS: one entry per live id, the last create or
// update of it, sorted by URN then id. After a destroy it must be empty; a resource here that the stack's state does
// not hold has leaked.
func LiveResources(entries []JournalEntry) []JournalEntry {
	last := map[string]JournalEntry{}
	for _, entry := range entries {
		if entry.Op == "delete" {
			delete(last, entry.physical())
			continue
		}
		last[entry.physical()] = entry
	}
	out := make([]JournalEntry, 0, len(last))
	for _, entry := range last {
		out = append(out, entry)
	}
	slices.SortFunc(out, func(a, b JournalEntry) int {
		if c := strings.Compare(a.URN, b.URN); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

// freshIdentity re-invents an id (and the name generated from a prefix) that a live resource already has: AWS never
// hands out a live id twice, while the invention is a function of type, URN and inputs, which a forced replacement
// (`pulumi up --replace`) leaves as they were. An id that is the resource's own identity (a log group's name, a
// role's) does not change with the seed; the identity rule (claim) judges it.
func (p *Provider) freshIdentity(f facts, id resource.ID, computed resource.PropertyMap) (resource.ID, resource.PropertyMap) {
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	// A task definition's id is its family; what must be fresh is the revision its arn names (physicalOf).
	key := func(id resource.ID, computed resource.PropertyMap) string {
		return JournalEntry{Type: string(f.typ), ID: string(id), Physical: physicalOf(f.typ, computed)}.physical()
	}
	// A re-derived seed may invent the taken identity again: by chance where it has few values (a task definition's
	// revision has nine), always where the seed is not part of it (a log group's name); either way draw again, and
	// after 64 draws leave the identity to the identity rule.
	for range 64 {
		if _, live := p.live.byID[key(id, computed)]; !live {
			return id, computed
		}
		sum := sha256.Sum256([]byte(f.seed + "|taken"))
		f.seed = hex.EncodeToString(sum[:])
		id, computed = invent(f)
	}
	return id, computed
}

// claim takes the identity of a resource being created with id, inputs and outputs (which hold the name AWS
// generates from a prefix), the way the type's create API judges duplicates (names.go): it returns the journal
// entry to record, whose id is the one the create ends with (the live resource's, when the API returns or
// overwrites it), or the API's duplicate error.
func (p *Provider) claim(typ tokens.Type, urn resource.URN, id resource.ID, inputs, outputs resource.PropertyMap) (JournalEntry, error) {
	entry := JournalEntry{Op: "create", Type: string(typ), URN: string(urn), ID: string(id),
		Physical: physicalOf(typ, outputs)}
	rule, ok := uniqueNames[typ]
	if !ok {
		p.live.mu.Lock()
		p.live.apply(entry)
		p.live.mu.Unlock()
		return entry, nil
	}
	key, shown, hasKey := nameKey(typ, rule, outputs)
	if hasKey {
		entry.Key = key
	}
	entry.Settings = settingsOf(inputs)
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	if holder, taken := p.live.byKey[key]; hasKey && taken {
		switch {
		case rule.on == overwrites || sameBucketInUSEast1(typ, p.currentRegion()),
			rule.on == sameSettingsReturnIt && holder.settings == entry.Settings:
			entry.ID = holder.id
		default:
			return JournalEntry{}, duplicateError(rule, shown, holder)
		}
	}
	p.live.apply(entry)
	return entry, nil
}

// rekey checks an update that changes a resource's identity (a listener's port, a rule's priority) against the
// others, and returns the journal entry to record.
func (p *Provider) rekey(typ tokens.Type, urn resource.URN, id resource.ID, inputs, outputs resource.PropertyMap) (JournalEntry, error) {
	entry := JournalEntry{Op: "update", Type: string(typ), URN: string(urn), ID: string(id),
		Physical: physicalOf(typ, outputs)}
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	if old, ok := p.live.byID[entry.physical()]; ok {
		entry.Settings = old.settings
	}
	if rule, ok := uniqueNames[typ]; ok {
		if key, shown, hasKey := nameKey(typ, rule, inputs); hasKey {
			entry.Key = key
			if holder, taken := p.live.byKey[key]; taken && holder.id != string(id) && rule.on != overwrites {
				return JournalEntry{}, duplicateError(rule, shown, holder)
			}
		}
	}
	p.live.apply(entry)
	return entry, nil
}

// release records that id no longer exists.
func (p *Provider) release(typ tokens.Type, urn resource.URN, id resource.ID, state resource.PropertyMap) JournalEntry {
	entry := JournalEntry{Op: "delete", Type: string(typ), URN: string(urn), ID: string(id),
		Physical: physicalOf(typ, state)}
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	p.live.apply(entry)
	return entry
}

// seen learns, from a Diff or Read of the stack's state, a resource that exists: the state is the truth where the
// journal says nothing (no journal, or a stack deployed before it), but an id the journal saw deleted stays gone.
func (p *Provider) seen(typ tokens.Type, urn resource.URN, id resource.ID, props resource.PropertyMap) {
	p.live.mu.Lock()
	defer p.live.mu.Unlock()
	entry := JournalEntry{Op: "create", Type: string(typ), URN: string(urn), ID: string(id),
		Physical: physicalOf(typ, props)}
	if _, known := p.live.byID[entry.physical()]; known || p.live.gone[entry.physical()] {
		return
	}
	if rule, ok := uniqueNames[typ]; ok {
		if key, _, hasKey := nameKey(typ, rule, props); hasKey {
			if _, taken := p.live.byKey[key]; !taken {
				entry.Key = key
			}
		}
	}
	p.live.apply(entry)
}

// layered returns outputs laid over inputs: a resource's state as the engine keeps it.
func layered(inputs, outputs resource.PropertyMap) resource.PropertyMap {
	state := make(resource.PropertyMap, len(inputs)+len(outputs))
	for key, value := range inputs {
		state[key] = value
	}
	for key, value := range outputs {
		state[key] = value
	}
	return state
}

// physicalOf returns the id AWS knows a resource by where the provider's id is shared: terraform-provider-aws gives a
// task definition its family as id (internal/service/ecs/task_definition.go, d.SetId(family)) and deregisters the
// revision its arn names, so each revision is its own resource. "" elsewhere: the id is the resource.
func physicalOf(typ tokens.Type, props resource.PropertyMap) string {
	if typ != awstypes.EcsTaskDefinition {
		return ""
	}
	arn, _ := str(props, "arn")
	return arn
}

// physical is the key of the entry's resource: its type and its physical id, else its id (ids are unique per type
// only: a bucket and its policy share the bucket's name).
func (e JournalEntry) physical() string {
	if e.Physical != "" {
		return e.Type + " " + e.Physical
	}
	return e.Type + " " + e.ID
}
