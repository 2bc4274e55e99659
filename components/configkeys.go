package components

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// stackConfigKeys returns every config key the engine handed the program ("<namespace>:<key>"), and false when they
// cannot be listed. The Pulumi Go SDK (v3.259) reads config only key by key (Context.GetConfig); the whole map is
// the context's RunInfo.Config, which the language host fills from $PULUMI_CONFIG and the Automation API's inline
// program server from RunRequest.Config (sdk/go/auto/stack.go). It is read here read-only through reflection, the
// environment being the fallback; TestUnknownTopLevelKeysAreErrors fails if an SDK upgrade moves the map.
func stackConfigKeys(ctx *pulumi.Context) ([]string, bool) {
	state := reflect.ValueOf(ctx).Elem().FieldByName("state")
	if state.IsValid() && state.Kind() == reflect.Pointer && !state.IsNil() {
		if info := state.Elem().FieldByName("info"); info.IsValid() {
			if config := info.FieldByName("Config"); config.IsValid() && config.Kind() == reflect.Map {
				var keys []string
				for _, key := range config.MapKeys() {
					keys = append(keys, key.String())
				}
				sort.Strings(keys)
				return keys, true
			}
		}
	}
	var config map[string]string
	if raw := os.Getenv(pulumi.EnvConfig); raw != "" && json.Unmarshal([]byte(raw), &config) == nil {
		return sortedKeys(config), true
	}
	return nil, false
}

// checkTopLevelKeys reports every key of the project's namespace that Config has no field for: without it a
// misspelt `servcies` would drop every service without a word, and a stack written for a newer version would lose
// what this one does not know.
func checkTopLevelKeys(p *problems, keys []string) {
	var known []string
	for _, field := range configFields(reflect.TypeOf(Config{})) {
		known = append(known, configKey(field))
	}
	sort.Strings(known)
	for _, key := range keys {
		name, ours := strings.CutPrefix(key, configNamespace+":")
		if !ours || containsKey(known, name) {
			continue
		}
		if hint := nearestKey(name, known); hint != "" {
			p.add(key, "unknown key; did you mean %s:%s? The keys of the %s namespace are %s", configNamespace, hint,
				configNamespace, strings.Join(known, ", "))
		} else {
			p.add(key, "unknown key; the keys of the %s namespace are %s", configNamespace, strings.Join(known, ", "))
		}
	}
}

func containsKey(keys []string, key string) bool {
	i := sort.SearchStrings(keys, key)
	return i < len(keys) && keys[i] == key
}

// maxKeyDistance is how many single-character edits (insertions, deletions, substitutions) a near miss may be from
// a known key: "servcies" is two from "services".
const maxKeyDistance = 2

// nearestKey is the known key that k most likely misspells: one equal but for letter case, else the closest within
// maxKeyDistance edits; "" when none is close.
func nearestKey(k string, known []string) string {
	if hint := caseFold(k, known); hint != "" {
		return hint
	}
	best, bestDistance := "", maxKeyDistance+1
	for _, name := range known {
		if d := levenshtein.Distance(k, name, nil); d < bestDistance {
			best, bestDistance = name, d
		}
	}
	return best
}
