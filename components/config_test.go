package components

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

func TestNetworkConfigErrorsNameTheKeyAndValue(t *testing.T) {
	cases := []struct {
		name    string
		config  stackConfig
		message string
	}{
		{"invalid CIDR", networkWith(map[string]any{"cidr": "10.0.0.0/33"}),
			`network.cidr: "10.0.0.0/33" is not an IPv4 CIDR`},
		{"IPv6 CIDR", networkWith(map[string]any{"cidr": "fd00::/56"}),
			`network.cidr: "fd00::/56" is not an IPv4 CIDR`},
		{"prefix too short", networkWith(map[string]any{"cidr": "10.0.0.0/8"}),
			`network.cidr: "10.0.0.0/8" has prefix /8; AWS allows VPC prefixes from /16 to /28`},
		{"prefix too long", networkWith(map[string]any{"cidr": "10.0.0.0/29"}),
			`network.cidr: "10.0.0.0/29" has prefix /29`},
		{"host bits", networkWith(map[string]any{"cidr": "10.0.0.1/16"}),
			`network.cidr: "10.0.0.1/16" has host bits set; did you mean "10.0.0.0/16"?`},
		{"empty AZ list", networkWith(map[string]any{"availabilityZones": []string{}}),
			"network.availabilityZones: is empty"},
		{"duplicate AZ", networkWith(map[string]any{"availabilityZones": []string{"eu-west-1a", "eu-west-1a"}}),
			`network.availabilityZones[1]: "eu-west-1a" is listed twice`},
		{"AZ of another region", networkWith(map[string]any{"availabilityZones": []string{"us-east-1a"}}),
			`network.availabilityZones[0]: "us-east-1a" is not in region "eu-west-1"`},
		{"not an AZ", networkWith(map[string]any{"availabilityZones": []string{"eu-west-1"}}),
			`network.availabilityZones[0]: "eu-west-1" is not an availability zone name`},
		{"subnets do not fit", networkWith(map[string]any{"cidr": "10.0.0.0/24", "subnetPrefixLength": 26,
			"availabilityZones": []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}}),
			"network.subnetPrefixLength: subnets do not fit: /26 subnets leave room for 2 AZs"},
		{"subnet prefix not longer than VPC", networkWith(map[string]any{"subnetPrefixLength": 16}),
			"network.subnetPrefixLength: 16 must be longer than the VPC prefix /16"},
		{"unknown egress mode", networkWith(map[string]any{"egress": "internet"}),
			`network.egress: "internet" is not an egress mode; use "none", "nat-single" or "nat-per-az"`},
		{"flow log retention", networkWith(map[string]any{"flowLogs": map[string]any{"enabled": true, "retentionDays": 10}}),
			"network.flowLogs.retentionDays: 10 is not a CloudWatch Logs retention"},
		{"flow log traffic type", networkWith(map[string]any{"flowLogs": map[string]any{"trafficType": "SOME"}}),
			`network.flowLogs.trafficType: "SOME" is not ACCEPT, REJECT or ALL`},
		{"misspelt field", networkWith(map[string]any{"egres": "none"}),
			`network.egres: unknown field; did you mean "egress"? The fields here are availabilityZones, cidr, defaultNetworkAcl, egress, flowLogs, ipv6, subnetPrefixLength`},
		{"field in the wrong letter case", networkWith(map[string]any{"Egress": "nat-single"}),
			`network.Egress: unknown field; keys are case-sensitive: did you mean "egress"?`},
		{"wrong type", networkWith(map[string]any{"ipv6": "yes"}),
			`network.ipv6: expected true or false, got the string "yes"`},
		{"fraction for a whole number", networkWith(map[string]any{"subnetPrefixLength": 20.5}),
			"network.subnetPrefixLength: expected a whole number, got 20.5"},
		{"load balancer in one AZ", networkWith(map[string]any{"availabilityZones": []string{"eu-west-1a"}}),
			"network.availabilityZones: lists 1 availability zone, but the internal Application Load Balancer needs subnets in at least 2"},
		{"load balancer subnets below /27", networkWith(map[string]any{"cidr": "10.0.0.0/24", "subnetPrefixLength": 28}),
			"network.subnetPrefixLength: /28 is too small for the load balancer: an Application Load Balancer needs subnets of at least /27"},
		{"endpoint that names the same resource as a built-in one", minimalStack().with("endpoints", map[string]any{"extra": []string{"ecr-api"}}),
			`endpoints.extra[0]: "ecr-api" would name the same endpoint resource ("ecr-api") as "ecr.api"`},
		{"two extra endpoints with the same resource name", minimalStack().with("endpoints", map[string]any{"extra": []string{"foo.bar", "foo-bar"}}),
			`endpoints.extra[1]: "foo-bar" would name the same endpoint resource ("foo-bar") as "foo.bar"`},
		{"no region", networkWith(nil).with("aws:region", ""),
			"aws:region: is required"},
		{"extra endpoint twice", minimalStack().with("endpoints", map[string]any{"extra": []string{"kms", "kms"}}),
			`endpoints.extra[1]: "kms" is listed twice`},
		{"default endpoint in extra", minimalStack().with("endpoints", map[string]any{"extra": []string{"logs"}}),
			`endpoints.extra[0]: "logs" is listed twice`},
		{"s3 as interface endpoint", minimalStack().with("endpoints", map[string]any{"extra": []string{"s3"}}),
			`endpoints.extra[0]: "s3" is always created as a gateway endpoint`},
		{"bad endpoint name", minimalStack().with("endpoints", map[string]any{"extra": []string{"Secrets Manager"}}),
			`endpoints.extra[0]: "Secrets Manager" is not an endpoint service short name`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { requireInvalid(t, c.config, c.message) })
	}
}

func TestConfigErrorsAreReportedTogether(t *testing.T) {
	_, err := runProgram(t, networkWith(map[string]any{
		"cidr": "10.0.0.0/8", "egress": "internet", "availabilityZones": []string{},
	}))
	var configErr *ConfigError
	require.True(t, errors.As(err, &configErr), "want a *ConfigError, got %v", err)
	keys := make([]string, len(configErr.Problems))
	for i, problem := range configErr.Problems {
		keys[i], _, _ = strings.Cut(problem, ":")
	}
	assert.Equal(t, []string{"network.availabilityZones", "network.cidr", "network.egress"}, keys)
}

// projectFile is the part of Pulumi.yaml the tests read.
type projectFile struct {
	Name    string `yaml:"name"`
	Runtime string `yaml:"runtime"`
	Config  map[string]struct {
		Type        string `yaml:"type"`
		Description string `yaml:"description"`
		Default     any    `yaml:"default"`
	} `yaml:"config"`
}

func readProjectFile(t *testing.T) projectFile {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "Pulumi.yaml"))
	require.NoError(t, err)
	var project projectFile
	require.NoError(t, yaml.Unmarshal(raw, &project))
	return project
}

// TestProjectFileDeclaresEveryKeyWithTheProgramsDefaults keeps Pulumi.yaml and applyDefaults in step: every config key
// is declared with a type, a description and a default, and that default means what the program's default means.
func TestProjectFileDeclaresEveryKeyWithTheProgramsDefaults(t *testing.T) {
	project := readProjectFile(t)
	assert.Equal(t, configNamespace, project.Name)
	assert.Equal(t, "go", project.Runtime)

	configType := reflect.TypeOf(Config{})
	declared := 0
	for i := range configType.NumField() {
		key := strings.Split(configType.Field(i).Tag.Get("json"), ",")[0]
		if key == "-" {
			continue
		}
		declared++
		declaration, ok := project.Config[key]
		if !assert.True(t, ok, "Pulumi.yaml does not declare %q", key) {
			continue
		}
		wantType := "object"
		if configType.Field(i).Type.Kind() == reflect.String {
			wantType = "string"
		}
		assert.Equal(t, wantType, declaration.Type, key)
		assert.NotEmpty(t, declaration.Description, key)
		require.NotNil(t, declaration.Default, "%s has no default", key)

		raw, err := json.Marshal(declaration.Default)
		require.NoError(t, err)
		fromYaml, fromGo := Config{}, Config{}
		field := reflect.ValueOf(&fromYaml).Elem().Field(i).Addr().Interface()
		var decodeProblems problems
		decodeConfig(&decodeProblems, key, string(raw), field)
		require.Empty(t, decodeProblems, "default of %s", key)
		fromYaml.applyDefaults()
		fromGo.applyDefaults()
		assert.Equal(t, withoutEmpties(t, reflect.ValueOf(fromGo).Field(i).Interface()),
			withoutEmpties(t, reflect.ValueOf(fromYaml).Field(i).Interface()),
			"Pulumi.yaml default of %q differs from the program's", key)
	}
	assert.Len(t, project.Config, declared, "Pulumi.yaml declares keys the program does not read")
}

// withoutEmpties renders a value as JSON data with null, empty lists and empty objects dropped, so a documented
// empty default ("extra: []") equals the program's nil.
func withoutEmpties(t *testing.T, value any) any {
	t.Helper()
	raw, err := json.Marshal(value)
	require.NoError(t, err)
	var data any
	require.NoError(t, json.Unmarshal(raw, &data))
	var prune func(any) any
	prune = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, item := range v {
				if item = prune(item); item == nil {
					delete(v, k)
				} else {
					v[k] = item
				}
			}
			if len(v) == 0 {
				return nil
			}
		case []any:
			if len(v) == 0 {
				return nil
			}
			for i := range v {
				v[i] = prune(v[i])
			}
		}
		return v
	}
	return prune(data)
}

// shippedStacks are the stack files in the repository.
func shippedStacks(t *testing.T) map[string]stackConfig {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "Pulumi.*.yaml"))
	require.NoError(t, err)
	stacks := map[string]stackConfig{}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		require.NoError(t, err)
		var stack struct {
			Config map[string]any `yaml:"config"`
		}
		require.NoError(t, yaml.Unmarshal(raw, &stack))
		cfg := stackConfig{}
		for key, value := range stack.Config {
			cfg[strings.TrimPrefix(key, configNamespace+":")] = value
		}
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "Pulumi."), ".yaml")
		stacks[name] = cfg
	}
	require.Contains(t, stacks, "dev")
	return stacks
}

func TestShippedStacksAreValid(t *testing.T) {
	for name, cfg := range shippedStacks(t) {
		t.Run(name, func(t *testing.T) {
			rec, err := runProgramAs(t, name, cfg)
			require.NoError(t, err)
			if _, app := cfg["platform"]; app {
				// An app stack registers no network of its own: its tasks join the platform's.
				assert.Empty(t, rec.ofType(awstypes.Ec2Vpc))
				assert.NotEmpty(t, rec.ofType(awstypes.EcsService))
				return
			}
			assert.NotEmpty(t, rec.ofType(awstypes.Ec2Vpc))
		})
	}
}

func TestDevStackIsPrivateWithEndpoints(t *testing.T) {
	rec := mustRunProgram(t, shippedStacks(t)["dev"])
	assert.Empty(t, rec.ofType(awstypes.Ec2NatGateway))
	assert.Empty(t, rec.ofType(awstypes.Ec2InternetGateway))
	assert.Len(t, rec.ofType(awstypes.Ec2Subnet), 2)
	assert.GreaterOrEqual(t, len(rec.ofType(awstypes.Ec2VpcEndpoint)), 4)
}

// TestReadmeServicesExampleRuns keeps the README's two-container example (article 001) working: it must load,
// validate and produce one task with web on 80 and api on 8080.
func TestReadmeServicesExampleRuns(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	readme := string(raw)
	start := strings.Index(readme, "```yaml\n  private-fargate:services:")
	require.GreaterOrEqual(t, start, 0, "README lost its services example")
	block := readme[start+len("```yaml\n"):]
	block = block[:strings.Index(block, "```")]
	var example map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(block), &example))

	rec := mustRunProgram(t, minimalStack().with("services", example["private-fargate:services"]))
	taskDefinitions := rec.ofType(awstypes.EcsTaskDefinition)
	require.Len(t, taskDefinitions, 1)
	var containers []struct {
		Name         string `json:"name"`
		PortMappings []struct {
			ContainerPort int `json:"containerPort"`
		} `json:"portMappings"`
	}
	require.NoError(t, json.Unmarshal([]byte(stringProp(taskDefinitions[0].Inputs, "containerDefinitions")), &containers))
	ports := map[string][]int{}
	for _, c := range containers {
		for _, m := range c.PortMappings {
			ports[c.Name] = append(ports[c.Name], m.ContainerPort)
		}
	}
	assert.Equal(t, map[string][]int{"app": {80}, "api": {8080}}, ports)
	assert.Equal(t, "awsvpc", stringProp(taskDefinitions[0].Inputs, "networkMode"))
}

// TestValidateIsSafeOnAnyConfig: Validate reports problems, never panics, on a Config that has not been through the
// defaults, including services and containers whose optional fields are unset.
func TestValidateIsSafeOnAnyConfig(t *testing.T) {
	for name, cfg := range map[string]*Config{
		"zero": {},
		"services without defaults": {Region: "eu-west-1", Services: map[string]ServiceConfig{
			"web": {Routing: &RoutingConfig{Paths: []string{"/"}}, Autoscaling: &AutoscalingConfig{},
				TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{AppContainer: {HealthCheck: &ContainerHealthCheckConfig{}}}}}}},
		"objects without defaults": {Region: "eu-west-1", Ingress: IngressConfig{Mode: IngressRestAPI},
			Cluster: ClusterConfig{CapacityProviderStrategy: []CapacityProviderStrategyItem{{CapacityProvider: "FARGATE"}}}},
	} {
		t.Run(name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = cfg.Validate() })
			var configErr *ConfigError
			require.ErrorAs(t, err, &configErr)
			assert.NotEmpty(t, configErr.Problems)
		})
	}
}
