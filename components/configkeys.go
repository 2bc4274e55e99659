package components

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
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

// platformOnlyKeys are the top-level keys only a platform stack accepts: an app stack's network, endpoints, load
// balancer, ingress and cluster are the platform's, and only a platform grants to apps.
var platformOnlyKeys = []string{"network", "endpoints", "loadBalancer", "ingress", "cluster", "apps"}

// checkAppStackKeys checks an app stack's top-level keys (present, those set) and its platform key: a platform-only key
// is an error naming it, and platform must name another stack fully. Pulumi's own parsing of a fully qualified stack
// name is the source of its form (sdk/go/common/tokens/stack_name.go, ParseStackName: "a stack name may only contain
// alphanumeric, hyphens, underscores, or periods", at most 100 characters; organization and project likewise).
func checkAppStackKeys(p *problems, platform, stack string, present []string) {
	for _, key := range present {
		if slices.Contains(platformOnlyKeys, key) {
			p.add(key, "is a platform stack key, but this stack is an app stack (platform: %s): its "+
				"%s is the platform's. Remove it here; the platform team changes it in the platform stack's config", platform, key)
		}
	}
	parts := strings.Split(platform, "/")
	valid := len(parts) == 3
	for _, part := range parts {
		if _, err := tokens.ParseStackName(part); err != nil {
			valid = false
		}
	}
	switch {
	case !valid:
		p.add("platform", "%q is not a fully qualified stack name <organization>/<project>/<stack> "+
			"(letters, digits, hyphens, underscores and periods; for a local backend the organization is "+
			"\"organization\")", platform)
	case parts[2] == stack:
		p.add("platform", "%q names this stack itself; name the platform stack this app joins", platform)
	}
}

// isDefaultValue reports whether raw, the value of top-level key, is what the program uses when the key is not set:
// equal after defaults to a config without it (Pulumi.yaml declares these defaults, and the engine passes them on).
func isDefaultValue(key, raw string) bool {
	var given, unset Config
	var p problems
	for _, field := range configFields(reflect.TypeOf(Config{})) {
		if configKey(field) != key {
			continue
		}
		decodeConfig(&p, key, raw, reflect.ValueOf(&given).Elem().FieldByIndex(field.Index).Addr().Interface())
		if len(p) > 0 {
			return false
		}
		given.applyDefaults()
		unset.applyDefaults()
		return canonicalJSON(reflect.ValueOf(given).FieldByIndex(field.Index)) ==
			canonicalJSON(reflect.ValueOf(unset).FieldByIndex(field.Index))
	}
	return false
}

// canonicalJSON renders a config value as JSON with null, empty lists and empty objects left out at every depth, so
// a declared empty default ("availabilityZones: []") equals the program's nil.
func canonicalJSON(v reflect.Value) string {
	raw, err := json.Marshal(v.Interface())
	if err != nil {
		return err.Error()
	}
	var data any
	if err := json.Unmarshal(raw, &data); err != nil {
		return err.Error()
	}
	raw, err = json.Marshal(pruneEmpty(data))
	if err != nil {
		return err.Error()
	}
	return string(raw)
}

// pruneEmpty drops null, empty lists and empty objects from decoded JSON; nil when nothing is left.
func pruneEmpty(value any) any {
	switch v := value.(type) {
	case map[string]any:
		out := map[string]any{}
		for key, element := range v {
			if pruned := pruneEmpty(element); pruned != nil {
				out[key] = pruned
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case []any:
		if len(v) == 0 {
			return nil
		}
		out := make([]any, len(v))
		for i, element := range v {
			out[i] = pruneEmpty(element)
		}
		return out
	}
	return value
}
