package components

import (
	"slices"
	"sort"
)

// sortedKeys returns a map's keys in sorted order, so resources are registered in a stable order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
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
