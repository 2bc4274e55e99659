package engine

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awsstandin"
)

// TestReplacementsNeverCollide replaces every resource of the deployed program whose replacement can keep its
// physical identity — a type with a unique name or scope in AWS (the stand-in's identity table) and an input that
// replaces it without being part of that identity (the stand-in's replace table), as awsstandin.
// ReplacementsKeepingIdentity derives it — and shows each update succeeds and leaves exactly the state alive: each
// resource either takes a new name with its replacement or is deleted before it is replaced. Types other work
// registers are covered once they are in both tables, without a change here.
//
// The replacements are forced with `up --replace`, which runs the engine's replacement exactly as a change of such an
// input does (Check again without the old inputs, so an auto-name is drawn anew; create-before-delete unless
// deleteBeforeReplace) but needs no valid new value for each input. A replaced resource hands new ids and names to
// the resources that depend on it, which would then change identity too and hide their own collisions, so no update
// replaces a resource together with one it depends on: the targets go in layers, each independent of the others.
func TestReplacementsNeverCollide(t *testing.T) {
	t.Parallel()
	prodFile := filepath.Join(repoRoot(t), "Pulumi.prod.yaml")
	// prod holds every type the dev stack and the HTTP API add that has a replacement keeping its identity, and more:
	// the NLB, the REST API, access and flow logs, autoscaling. Its teardown steps are applied up front.
	e := newEngine(t, "prod", components.Program, stackConfigWith(t, prodFile, func(c map[string]any) {
		loadBalancer := object(t, c, "private-fargate:loadBalancer")
		loadBalancer["deletionProtection"] = false
		object(t, loadBalancer, "accessLogs")["forceDestroy"] = true
	}))
	_, _, err := e.up(t, false)
	require.NoError(t, err, "up")
	before := e.resources(t)

	var targets []string
	for urn, id := range before {
		typ := string(resource.URN(urn).Type())
		if inputs := awsstandin.ReplacementsKeepingIdentity(typ); id != "" && len(inputs) > 0 {
			targets = append(targets, urn)
			t.Logf("replacing %s (stands for a change of %v)", resource.URN(urn).Name(), inputs)
		}
	}
	require.NotEmpty(t, targets, "the program has resources whose replacement can keep their identity")

	layers := independentLayers(targets, e.dependencies(t))
	t.Logf("%d resources in %d updates", len(targets), len(layers))
	for i, layer := range layers {
		earlier := len(e.journalEntries(t)["create"])
		_, err = e.stack.Up(context.Background(), optup.Replace(layer))
		require.NoError(t, err, "update %d, replacing %v", i+1, layer)
		created := map[string]bool{}
		for _, entry := range e.journalEntries(t)["create"][earlier:] {
			created[entry.URN] = true
		}
		for _, urn := range layer {
			assert.True(t, created[urn], "%s was created anew", urn)
		}
		e.requireStateIsWhatLives(t)
	}

	_, err = e.stack.Preview(context.Background(), optpreview.ExpectNoChanges())
	require.NoError(t, err, "the replaced stack previews without changes")
	_, err = e.stack.Destroy(context.Background())
	require.NoError(t, err, "destroy")
	assert.Empty(t, e.live(t), "destroy leaves nothing alive in the stand-in")
}

// live is what the stand-in says still exists (its journal folded by awsstandin.LiveResources), as sorted
// "URN id" lines: a resource alive twice under one URN shows twice.
func (e *engine) live(t *testing.T) []string {
	t.Helper()
	entries, err := awsstandin.ReadJournal(e.journal)
	require.NoError(t, err)
	var out []string
	for _, entry := range awsstandin.LiveResources(entries) {
		out = append(out, entry.URN+" "+entry.ID)
	}
	slices.Sort(out)
	return out
}

// requireStateIsWhatLives fails unless the stack's state holds exactly the resources the stand-in says exist, under
// their ids: nothing leaked (alive, unknown to Pulumi) and nothing lost (in the state, gone from AWS).
func (e *engine) requireStateIsWhatLives(t *testing.T) {
	t.Helper()
	var inState []string
	for urn, id := range e.resources(t) {
		if id != "" {
			inState = append(inState, urn+" "+id)
		}
	}
	slices.Sort(inState)
	alive := e.live(t)
	lost, leaked := difference(inState, alive), difference(alive, inState)
	require.Empty(t, lost, "in the state but no longer alive in the stand-in (lost)")
	require.Empty(t, leaked, "alive in the stand-in but not in the state (leaked)")
}

// difference returns the elements of a that are not in b.
func difference(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// dependencies maps each resource of the stack's state to the resources it depends on, directly.
func (e *engine) dependencies(t *testing.T) map[string][]string {
	t.Helper()
	deps := map[string][]string{}
	for _, res := range e.deployment(t).Resources {
		for _, dep := range res.Dependencies {
			deps[string(res.URN)] = append(deps[string(res.URN)], string(dep))
		}
		for _, propertyDeps := range res.PropertyDependencies {
			for _, dep := range propertyDeps {
				deps[string(res.URN)] = append(deps[string(res.URN)], string(dep))
			}
		}
	}
	return deps
}

// independentLayers splits targets into layers, in dependency order, such that no target depends, directly or
// through other resources, on a target of its own layer.
func independentLayers(targets []string, deps map[string][]string) [][]string {
	ancestors := map[string]map[string]bool{}
	var walk func(urn string) map[string]bool
	walk = func(urn string) map[string]bool {
		if found, ok := ancestors[urn]; ok {
			return found
		}
		found := map[string]bool{}
		ancestors[urn] = found
		for _, dep := range deps[urn] {
			found[dep] = true
			for above := range walk(dep) {
				found[above] = true
			}
		}
		return found
	}
	remaining := slices.Clone(targets)
	slices.Sort(remaining)
	var layers [][]string
	for len(remaining) > 0 {
		var layer, later []string
		for _, urn := range remaining {
			blocked := false
			for _, other := range remaining {
				if other != urn && walk(urn)[other] {
					blocked = true
					break
				}
			}
			if blocked {
				later = append(later, urn)
			} else {
				layer = append(layer, urn)
			}
		}
		layers = append(layers, layer)
		remaining = later
	}
	return layers
}
