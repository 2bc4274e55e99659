// Package programrun runs components.Program under recording mocks, outside of tests, so that tools (the diagram
// and cost generators, the sandbox) see exactly what the program registers for a stack without an engine, a
// provider or AWS. It answers like components/mocks_test.go does: inputs back, plus invented ids, ARNs and the few
// computed outputs the program reads.
package programrun

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/mockaws"
)

// Project is the Pulumi project name, which is also the config namespace of the stack files.
const Project = "private-fargate"

// Resource is one resource the program registered.
type Resource struct {
	// Type is the type token, such as aws:ec2/vpc:Vpc or private-fargate:index:Network.
	Type string
	// Name is the logical name the program gave it.
	Name string
	// URN is the resource's URN under the mocks.
	URN string
	// Custom is false for component resources.
	Custom bool
	// Parent is the parent's URN ("" for children of the stack).
	Parent string
	// Dependencies are the URNs of the resources this one depends on.
	Dependencies []string
	// Inputs are the inputs as the program sent them.
	Inputs resource.PropertyMap
}

// Result is everything one run registered, plus its stack outputs.
type Result struct {
	// Stack is the stack name the program ran as.
	Stack string
	// Region is the stack's aws:region.
	Region string
	// Resources are sorted by type, then name, so that output built from them is stable.
	Resources []Resource
}

// Config is a stack's config as the engine hands it to a program: "namespace:key" to a string (objects as JSON).
type Config map[string]string

// LoadStackConfig reads Pulumi.<stack>.yaml from the repository root.
func LoadStackConfig(repoRoot, stack string) (Config, error) {
	file := filepath.Join(repoRoot, "Pulumi."+stack+".yaml")
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("stack %q: %w", stack, err)
	}
	var doc struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	cfg := Config{}
	for key, value := range doc.Config {
		if s, ok := value.(string); ok {
			cfg[key] = s
			continue
		}
		encoded, err := json.Marshal(value)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, key, err)
		}
		cfg[key] = string(encoded)
	}
	return cfg, nil
}

// Stacks lists the stacks that have a Pulumi.<stack>.yaml in the repository root, sorted.
func Stacks(repoRoot string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(repoRoot, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	var stacks []string
	for _, file := range files {
		stacks = append(stacks, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(file), "Pulumi."), ".yaml"))
	}
	sort.Strings(stacks)
	return stacks, nil
}

// Copy returns a copy of the config.
func (c Config) Copy() Config {
	out := Config{}
	for k, v := range c {
		out[k] = v
	}
	return out
}

// WithObjectField returns a copy with one field of an object key (network, endpoints, …) set; the key is given
// without the namespace. The field is added when the object has none.
func (c Config) WithObjectField(key, field string, value any) (Config, error) {
	out := c.Copy()
	full := Project + ":" + key
	object := map[string]any{}
	if raw, ok := out[full]; ok && raw != "" {
		if err := json.Unmarshal([]byte(raw), &object); err != nil {
			return nil, fmt.Errorf("%s: %w", full, err)
		}
	}
	object[field] = value
	encoded, err := json.Marshal(object)
	if err != nil {
		return nil, err
	}
	out[full] = string(encoded)
	return out, nil
}

// Run runs components.Program as stack with cfg under recording mocks and returns what it registered. An app stack's
// platform is read through stacks (nil: it has none).
func Run(stack string, cfg Config, stacks mockaws.StackOutputs) (*Result, error) {
	rec := &recorder{stack: stack, region: cfg["aws:region"], stacks: stacks}
	err := pulumi.RunErr(components.Program, pulumi.WithMocks(Project, stack, rec), func(info *pulumi.RunInfo) {
		info.Config = cfg
	})
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", stack, err)
	}
	resources := rec.resources
	sort.Slice(resources, func(i, j int) bool {
		if resources[i].Type != resources[j].Type {
			return resources[i].Type < resources[j].Type
		}
		return resources[i].Name < resources[j].Name
	})
	return &Result{Stack: stack, Region: rec.region, Resources: resources}, nil
}

// RunStack loads Pulumi.<stack>.yaml from repoRoot and runs the program with it.
func RunStack(repoRoot, stack string) (*Result, error) {
	cfg, err := LoadStackConfig(repoRoot, stack)
	if err != nil {
		return nil, err
	}
	return Run(stack, cfg, ShippedPlatforms(repoRoot))
}

// ShippedPlatforms answers an app stack's StackReference to a platform stack of the repository
// ("<organization>/private-fargate/<stack>") with the contract that platform would export (components.PlatformContract
// of its config), its resources' ids invented in the shapes AWS gives them.
func ShippedPlatforms(repoRoot string) mockaws.StackOutputs {
	return func(name string) (map[string]any, error) {
		parts := strings.Split(name, "/")
		if len(parts) != 3 || parts[1] != Project {
			return nil, fmt.Errorf("stack reference %s: not a stack of project %s", name, Project)
		}
		cfg, err := LoadStackConfig(repoRoot, parts[2])
		if err != nil {
			return nil, fmt.Errorf("stack reference %s: %w", name, err)
		}
		platform, err := LoadConfig(parts[2], cfg)
		if err != nil {
			return nil, err
		}
		contract, err := components.PlatformContract(platform, mockPlatformIds(platform), platform.Apps).Encode()
		if err != nil {
			return nil, err
		}
		return map[string]any{"platform": contract}, nil
	}
}

// mockPlatformIds are a platform's ids as a run under mocks invents them, in the formats AWS uses.
func mockPlatformIds(cfg *components.Config) components.PlatformIds {
	ids := components.PlatformIds{
		AccountId:                 mockaws.Account,
		VpcId:                     "vpc-0123456789abcdef0",
		ClusterName:               "services-cluster-0a1b2c3",
		ClusterArn:                "arn:aws:ecs:" + cfg.Region + ":" + mockaws.Account + ":cluster/services-cluster-0a1b2c3",
		AlbSecurityGroupId:        "sg-0123456789abcdef0",
		AppPermissionsBoundaryArn: "arn:aws:iam::" + mockaws.Account + ":policy/app-permissions-boundary-0a1b2c3",
		ListenerArns:              map[int]string{},
	}
	listener := func(port int) string {
		return fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:listener/app/loadbalancing-alb/0123456789abcdef/%016d",
			cfg.Region, mockaws.Account, port)
	}
	ids.ListenerArns[80] = listener(80)
	if cfg.LoadBalancer.CertificateArn != "" {
		ids.ListenerArns[443] = listener(443)
	}
	for i := range cfg.Network.AvailabilityZones {
		ids.PrivateSubnetIds = append(ids.PrivateSubnetIds, fmt.Sprintf("subnet-0123456789abcde%02x", i))
	}
	return ids
}

// OfType returns the resources of one type, sorted by name.
func (r *Result) OfType(token string) []Resource {
	var out []Resource
	for _, res := range r.Resources {
		if res.Type == token {
			out = append(out, res)
		}
	}
	return out
}

// recorder is a pulumi.MockResourceMonitor that records every registration; the SDK registers concurrently.
type recorder struct {
	mu        sync.Mutex
	stack     string
	region    string
	stacks    mockaws.StackOutputs
	resources []Resource
}

// NewResource records the registration and answers like a provider: inputs plus invented ids, ARNs and the computed
// outputs the program reads (internal/mockaws, shared with the mocked tests in components).
func (r *recorder) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	if args.TypeToken == mockaws.StackReferenceType {
		return mockaws.AnswerStackReference(args, r.stacks)
	}
	id, outputs := mockaws.Answer(args, r.region)
	res := Resource{Type: args.TypeToken, Name: args.Name, Custom: args.Custom, Inputs: args.Inputs}
	if rpc := args.RegisterRPC; rpc != nil {
		res.Parent = rpc.GetParent()
		res.Dependencies = rpc.GetDependencies()
	}
	res.URN = MockURN(r.stack, res.Parent, res.Type, res.Name)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.resources = append(r.resources, res)
	return id, outputs, nil
}

// MockURN is the URN pulumi's mock monitor gives a resource of type typ named name, registered under parent (a URN,
// "" for the stack) in stack (pulumi's mocks.go newURN), so that Parent and Dependencies resolve to recorded resources.
func MockURN(stack, parent, typ, name string) string {
	parentType := tokens.Type("")
	if parentURN := resource.URN(parent); parentURN != "" && parentURN.QualifiedType() != resource.RootStackType {
		parentType = parentURN.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(stack), tokens.PackageName(Project), parentType, tokens.Type(typ), name))
}

// Call fails: the program makes no AWS call.
func (r *recorder) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected invoke %s: the program must not call AWS data sources", args.Token)
}

// FindRepoRoot walks up from the working directory to the directory holding Pulumi.yaml and go.mod.
func FindRepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		_, projectErr := os.Stat(filepath.Join(dir, "Pulumi.yaml"))
		_, modErr := os.Stat(filepath.Join(dir, "go.mod"))
		if projectErr == nil && modErr == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no directory holding Pulumi.yaml and go.mod above the working directory; use -repo")
		}
		dir = parent
	}
}

// LoadConfig loads, defaults and validates a stack's config the way Program does (components.LoadConfig), without
// registering anything.
func LoadConfig(stack string, cfg Config) (*components.Config, error) {
	var loaded *components.Config
	err := pulumi.RunErr(func(ctx *pulumi.Context) error {
		var err error
		loaded, err = components.LoadConfig(ctx)
		return err
	}, pulumi.WithMocks(Project, stack, &recorder{stack: stack, region: cfg["aws:region"]}), func(info *pulumi.RunInfo) {
		info.Config = cfg
	})
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", stack, err)
	}
	return loaded, nil
}
