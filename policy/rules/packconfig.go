package rules

import (
	"encoding/json"
	"fmt"
	"sort"
)

// ParsePackConfig reads a `--policy-pack-config` file (a JSON object keyed by policy name whose values are a level,
// "advisory", or an object with "enforcementLevel" and the rule's options) into a Config. Tests use it to run the
// rules with exactly the config a stack deploys with. Unknown policies, levels and options are errors.
func ParsePackConfig(raw []byte) (Config, error) {
	cfg := DefaultConfig()
	var entries map[string]json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		return cfg, fmt.Errorf("policy pack config: %w", err)
	}
	options := map[string][]Option{}
	for _, rule := range Rules() {
		options[rule.Name] = rule.Options
	}
	for _, rule := range StackRules() {
		options[rule.Name] = nil
	}
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		ruleOptions, known := options[name]
		if !known {
			return cfg, fmt.Errorf("policy pack config: no policy named %q", name)
		}
		var level string
		if err := json.Unmarshal(entries[name], &level); err == nil {
			if !Level(level).Valid() {
				return cfg, fmt.Errorf("policy pack config: %s: %q is not mandatory, advisory or disabled", name, level)
			}
			cfg.Levels[name] = Level(level)
			continue
		}
		var props map[string]any
		if err := json.Unmarshal(entries[name], &props); err != nil {
			return cfg, fmt.Errorf("policy pack config: %s: want a level or an object", name)
		}
		if raw, ok := props["enforcementLevel"]; ok {
			level, isString := raw.(string)
			if !isString || !Level(level).Valid() {
				return cfg, fmt.Errorf("policy pack config: %s: enforcementLevel %v is not mandatory, advisory or disabled", name, raw)
			}
			cfg.Levels[name] = Level(level)
		}
		for key := range props {
			if key != "enforcementLevel" && !hasOption(ruleOptions, key) {
				return cfg, fmt.Errorf("policy pack config: %s has no option %q", name, key)
			}
		}
		var err error
		if cfg, err = WithOptions(cfg, ruleOptions, props); err != nil {
			return cfg, fmt.Errorf("policy pack config: %s: %w", name, err)
		}
	}
	return cfg, nil
}

func hasOption(options []Option, key string) bool {
	for _, o := range options {
		if o.Key == key {
			return true
		}
	}
	return false
}
