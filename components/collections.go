package components

import (
	"cmp"
	"maps"
	"slices"
	"strings"
)

// sortedKeys returns a map's keys in sorted order, so resources are registered in a stable order.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}

// uniqueSorted returns values sorted, each once (nil for none): the one dedup helper of the package.
func uniqueSorted(values []string) []string {
	if len(values) == 0 {
		return nil
	}
	sorted := slices.Clone(values)
	slices.Sort(sorted)
	return slices.Compact(sorted)
}

// keyedTask is one service's or job's task config with where it comes from.
type keyedTask struct {
	// Kind is "service" or "job".
	Kind string
	// Name is the service's or job's key in config.
	Name string
	// Config is its task config.
	Config TaskConfig
}

// tasks lists every task the stack defines: the services' in name order, then the jobs' in name order.
func (c *Config) tasks() []keyedTask {
	var out []keyedTask
	for _, name := range sortedKeys(c.Services) {
		out = append(out, keyedTask{Kind: "service", Name: name, Config: c.Services[name].TaskConfig})
	}
	for _, name := range sortedKeys(c.Jobs) {
		out = append(out, keyedTask{Kind: "job", Name: name, Config: c.Jobs[name].TaskConfig})
	}
	return out
}

// sidFragment is the task's part of a policy statement id (letters and digits only): the service's name without
// hyphens, as it was before jobs, or "Job" and the job's.
func (t keyedTask) sidFragment() string {
	fragment := strings.ReplaceAll(t.Name, "-", "")
	if t.Kind == "job" {
		return "Job" + fragment
	}
	return fragment
}
