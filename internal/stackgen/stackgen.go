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

// servicesKey and jobsKey are the services and jobs config keys in the project's namespace (Pulumi.yaml name
// "private-fargate").
const (
	servicesKey = "private-fargate:services"
	jobsKey     = "private-fargate:jobs"
)

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

// JobName is the name of the i-th generated job (1-based): "job-001", "job-002", …
func JobName(i int) string {
	return fmt.Sprintf("job-%03d", i)
}

// job is a one-container job pulling from private ECR of the dev region; odd ones run on a schedule (each at its own
// minute past 03:00 UTC, so no two start together), even ones only on demand.
func job(i int) map[string]any {
	cfg := map[string]any{
		"expectedRunMinutes": 1,
		"containers": map[string]any{"app": map[string]any{
			"image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/" + JobName(i) + ":1.0.0",
			"user":  "1000:1000",
		}},
	}
	if i%2 == 1 {
		cfg["schedule"] = map[string]any{"expression": fmt.Sprintf("cron(%d 3 * * ? *)", i%60)}
	}
	return cfg
}

// Size is how many workloads of each kind a generated stack has in all, the stack's own included. A kind left at 0
// keeps what the stack has.
type Size struct {
	// Services is the number of services.
	Services int
	// Jobs is the number of jobs.
	Jobs int
}

// workload is one kind of workload the generator adds: its config key, how many a Size asks for, its names and its
// config.
type workload struct {
	key   string
	what  string
	count func(Size) int
	name  func(i int) string
	make  func(i int) map[string]any
}

var workloads = []workload{
	{key: servicesKey, what: "services", count: func(s Size) int { return s.Services }, name: ServiceName, make: service},
	{key: jobsKey, what: "jobs", count: func(s Size) int { return s.Jobs }, name: JobName, make: job},
}

// Grow returns the stack config file stackYAML (a Pulumi.<stack>.yaml) with generated workloads added until it has
// as many of each kind as size asks; the ones it already has count. Fewer than it has is an error; 0 leaves the kind as
// it is.
func Grow(stackYAML []byte, size Size) ([]byte, error) {
	var file map[string]any
	if err := yaml.Unmarshal(stackYAML, &file); err != nil {
		return nil, fmt.Errorf("stack config: %w", err)
	}
	config, ok := file["config"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("stack config: no config map")
	}
	for _, kind := range workloads {
		existing, _ := config[kind.key].(map[string]any)
		if existing == nil {
			existing = map[string]any{}
		}
		n := kind.count(size)
		if n == 0 {
			continue
		}
		if n < len(existing) {
			return nil, fmt.Errorf("stack config already has %d %s, more than %d", len(existing), kind.what, n)
		}
		for i := 1; len(existing) < n; i++ {
			if _, taken := existing[kind.name(i)]; !taken {
				existing[kind.name(i)] = kind.make(i)
			}
		}
		config[kind.key] = existing
	}
	return yaml.Marshal(file)
}

// WithServices returns the stack config file devYAML with generated services added until it has n services in all
// (Grow with Size{Services: n}).
func WithServices(devYAML []byte, n int) ([]byte, error) {
	return Grow(devYAML, Size{Services: n})
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
