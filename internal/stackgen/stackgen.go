// Package stackgen generates stack configs of a chosen size for benchmarks: the dev stack's config with services
// added until the stack has n of them. The policy pack's stack-rule benchmark (mocked program) and `make
// bench-engine` (real engine, in a temporary copy of the project) both size their stacks with it, so the two
// measure the same shape. Generated configs are never written next to the shipped stacks.
package stackgen

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// servicesKey is the services config key in the project's namespace (Pulumi.yaml name "private-fargate").
const servicesKey = "private-fargate:services"

// ServiceName is the name of the i-th generated service (1-based): "svc-001", "svc-002", … Sorted names keep the
// order stable.
func ServiceName(i int) string {
	return fmt.Sprintf("svc-%03d", i)
}

// service is a load-balanced single-container service pulling from private ECR of the dev region (dev's egress is
// none, so the image must come through the endpoints). Its listener rule priority is explicit: the derived
// priority is a hash of the name (1000–50000), and 60 hashed names collide now and then; 1–999 never meets a
// derived one.
func service(i int) map[string]any {
	return map[string]any{
		"desiredCount": 1,
		"routing":      map[string]any{"paths": []any{"/" + ServiceName(i) + "/*"}, "priority": i},
		"containers": map[string]any{"app": map[string]any{
			"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/" + ServiceName(i) + ":1.0.0",
			"ports": []any{8080},
		}},
	}
}

// WithServices returns the stack config file devYAML (a Pulumi.<stack>.yaml) with generated services added until
// it has n services in all; the services it already has count. n below the existing count is an error.
func WithServices(devYAML []byte, n int) ([]byte, error) {
	var file map[string]any
	if err := yaml.Unmarshal(devYAML, &file); err != nil {
		return nil, fmt.Errorf("stack config: %w", err)
	}
	config, ok := file["config"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("stack config: no config map")
	}
	services, _ := config[servicesKey].(map[string]any)
	if services == nil {
		services = map[string]any{}
	}
	if n < len(services) {
		return nil, fmt.Errorf("stack config already has %d services, more than %d", len(services), n)
	}
	for i := 1; len(services) < n; i++ {
		if _, taken := services[ServiceName(i)]; !taken {
			services[ServiceName(i)] = service(i)
		}
	}
	config[servicesKey] = services
	return yaml.Marshal(file)
}

// RunInfoConfig renders a stack config file's config the way the engine hands it to a program: namespaced keys,
// strings as they are and every other value as JSON.
func RunInfoConfig(stackYAML []byte) (map[string]string, error) {
	var file struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(stackYAML, &file); err != nil {
		return nil, fmt.Errorf("stack config: %w", err)
	}
	out := map[string]string{}
	for _, key := range slices.Sorted(maps.Keys(file.Config)) {
		if !strings.Contains(key, ":") {
			return nil, fmt.Errorf("stack config key %q has no namespace", key)
		}
		if s, ok := file.Config[key].(string); ok {
			out[key] = s
			continue
		}
		raw, err := json.Marshal(file.Config[key])
		if err != nil {
			return nil, fmt.Errorf("stack config %s: %w", key, err)
		}
		out[key] = string(raw)
	}
	return out, nil
}
