package rules

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// providerInputs knows the input types of both providers: per type, each input's name and the type it holds ("-" for
// a scalar). pulumi-aws types are read from the pinned v6 Go SDK's source in the module cache (the pulumi tags of
// its structs; nothing is compiled); aws-native types from testdata/aws-native-launcher-inputs.txt, extracted from
// @pulumi/aws-native 1.79.0 types/input.d.ts by testdata/aws-native-launcher-inputs.py.
type providerInputs map[string]map[string]string

func loadProviderInputs(t *testing.T, sdkPackages ...string) providerInputs {
	t.Helper()
	inputs := providerInputs{}
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi-aws/sdk/v6").Output()
	require.NoError(t, err, "locate the pulumi-aws SDK in the module cache")
	for _, pkg := range sdkPackages {
		files, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(dir)), "go", "aws", pkg, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, files, "SDK package %s", pkg)
		for _, path := range files {
			file, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
			require.NoError(t, err)
			ast.Inspect(file, func(n ast.Node) bool {
				spec, ok := n.(*ast.TypeSpec)
				if !ok {
					return true
				}
				if st, isStruct := spec.Type.(*ast.StructType); isStruct {
					inputs[pkg+"."+spec.Name.Name] = structInputs(st)
				}
				return false
			})
		}
	}
	native, err := os.Open("testdata/aws-native-launcher-inputs.txt")
	require.NoError(t, err)
	defer native.Close()
	var current map[string]string
	for lines := bufio.NewScanner(native); lines.Scan(); {
		line := lines.Text()
		if name, isType := strings.CutPrefix(line, "type "); isType {
			current = map[string]string{}
			inputs[name] = current
		} else if field, target, ok := strings.Cut(line, " "); ok && !strings.HasPrefix(line, "#") {
			current[field] = target
		}
	}
	return inputs
}

// structInputs maps a Go SDK struct's pulumi tags to their package-qualified element type names.
func structInputs(st *ast.StructType) map[string]string {
	fields := map[string]string{}
	for _, f := range st.Fields.List {
		if f.Tag == nil {
			continue
		}
		tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("pulumi")
		expr := f.Type
		for {
			switch e := expr.(type) {
			case *ast.StarExpr:
				expr = e.X
				continue
			case *ast.ArrayType:
				expr = e.Elt
				continue
			case *ast.MapType:
				expr = e.Value
				continue
			}
			break
		}
		name := "-"
		if ident, ok := expr.(*ast.Ident); ok {
			name = ident.Name
		}
		if tag != "" {
			fields[tag] = name
		}
	}
	return fields
}

// has reports whether path (dotted input names, "[]" marking list elements) is an input of resource type token.
func (p providerInputs) has(token, path string) bool {
	parts := strings.Split(token, ":")
	pkg, name := strings.Split(parts[1], "/")[0], parts[2]
	current := token
	prefix := ""
	if parts[0] == "aws" {
		current, prefix = pkg+"."+strings.ToLower(name[:1])+name[1:]+"Args", pkg+"."
	}
	for _, segment := range strings.Split(path, ".") {
		next, ok := p[current][strings.TrimSuffix(segment, "[]")]
		if !ok {
			return false
		}
		current = next
		if parts[0] == "aws" {
			current = prefix + next
		}
	}
	return true
}

// launcherPaths are the input paths a shape names.
func launcherPaths(shape launcherShape) []string {
	if shape.documents != nil {
		paths := shape.documentInputs
		if shape.role != "" {
			paths = append(paths, shape.role)
		}
		return paths
	}
	ecs := joinPath(shape.targets, shape.ecs)
	paths := []string{joinPath(ecs, shape.awsvpc, "assignPublicIp"), joinPath(ecs, "launchType"),
		joinPath(ecs, shape.capacityProviders+"[]", "capacityProvider")}
	if shape.role != "" {
		paths = append(paths, joinPath(shape.targets, shape.role))
	}
	return paths
}

// TestLauncherPathsAreProviderInputs proves every property path of launcherShapes is an input of its provider's type,
// so a misspelt name cannot silently never match.
func TestLauncherPathsAreProviderInputs(t *testing.T) {
	inputs := loadProviderInputs(t, "cloudwatch", "scheduler", "pipes", "batch", "sfn", "ecs")
	for token, shape := range launcherShapes {
		require.NotEmpty(t, shape.source, "%s cites its source", token)
		for _, path := range launcherPaths(shape) {
			assert.True(t, inputs.has(token, path), "%s: %q is not an input of the provider's schema (%s)", token, path, shape.source)
		}
	}
}

// TestProviderInputCheckCatchesMisspeltPaths keeps the test above honest, in both providers.
func TestProviderInputCheckCatchesMisspeltPaths(t *testing.T) {
	inputs := loadProviderInputs(t, "pipes", "scheduler")
	assert.True(t, inputs.has(awstypes.PipesPipe, "targetParameters.ecsTaskParameters.networkConfiguration.awsVpcConfiguration.assignPublicIp"))
	assert.False(t, inputs.has(awstypes.PipesPipe, "targetParameters.ecsTaskParameters.networkConfiguration.awsvpcConfiguration.assignPublicIp"),
		"pulumi-aws spells the pipe's awsVpcConfiguration with a capital V")
	assert.True(t, inputs.has(awstypes.NativePipesPipe, "targetParameters.ecsTaskParameters.networkConfiguration.awsvpcConfiguration.assignPublicIp"))
	assert.False(t, inputs.has(awstypes.NativePipesPipe, "targetParameters.ecsTaskParameters.networkConfiguration.awsVpcConfiguration.assignPublicIp"),
		"aws-native spells it awsvpcConfiguration")
	assert.False(t, inputs.has(awstypes.SchedulerSchedule, "target.ecsParameters.capacityProviderStrategy[].capacityProvider"),
		"pulumi-aws's list is capacityProviderStrategies")
}
