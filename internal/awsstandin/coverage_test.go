package awsstandin

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// programSources are the directories, relative to this package, whose Go files register AWS resources: the
// program's components, main.go, and the engine tests' own fixtures (policy tests register leaky subnets and
// services). Their resource types are the ones the contract must cover.
var programSources = []string{"../../components", "../..", "../../tests/engine"}

var registerPattern = regexp.MustCompile(`(?s)func (New\w+)\(ctx \*pulumi\.Context.*?ctx\.RegisterResource\("(aws:[^"]+)"`)

// sdkConstructors maps "<pkg>.New<Resource>" to the resource type token it registers, read from the SDK source.
func (s *sdkInputs) constructors(t *testing.T, pkg string) map[string]tokens.Type {
	t.Helper()
	dir := filepath.Join(s.dir, "go", "aws", pkg)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := map[string]tokens.Type{}
	for _, entry := range entries {
		if !strings.HasSuffix(entry.Name(), ".go") {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, entry.Name()))
		require.NoError(t, err)
		for _, m := range registerPattern.FindAllStringSubmatch(string(text), -1) {
			out[m[1]] = tokens.Type(m[2])
		}
	}
	return out
}

// registeredTypes parses the program's sources for calls of pulumi-aws constructors (pkg.NewX(ctx, ...)) and
// returns the resource types they register, with one place each is registered.
func registeredTypes(t *testing.T, s *sdkInputs) map[tokens.Type]string {
	t.Helper()
	const sdkPrefix = sdkModule + "/go/aws/"
	found := map[tokens.Type]string{}
	byPkg := map[string]map[string]tokens.Type{}
	fset := token.NewFileSet()
	for _, dir := range programSources {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, path := range files {
			file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			require.NoError(t, err)
			imports := map[string]string{} // local name -> SDK package
			for _, imp := range file.Imports {
				importPath, _ := strconv.Unquote(imp.Path.Value)
				if !strings.HasPrefix(importPath, sdkPrefix) {
					continue
				}
				pkg := strings.TrimPrefix(importPath, sdkPrefix)
				local := filepath.Base(pkg)
				if imp.Name != nil {
					local = imp.Name.Name
				}
				imports[local] = pkg
			}
			ast.Inspect(file, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok || !strings.HasPrefix(sel.Sel.Name, "New") {
					return true
				}
				ident, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				pkg, ok := imports[ident.Name]
				if !ok {
					return true
				}
				if byPkg[pkg] == nil {
					byPkg[pkg] = s.constructors(t, pkg)
				}
				if typ, ok := byPkg[pkg][sel.Sel.Name]; ok {
					if _, seen := found[typ]; !seen {
						found[typ] = fset.Position(call.Pos()).String()
					}
				}
				return true
			})
		}
	}
	return found
}

// TestEveryRegisteredTypeHasAContract proves the contract covers every resource type the program and the engine
// tests register: each has cited Check rules (field or resource rules) and a replace-on-change entry, or is listed
// in schemasWithoutValidators / schemasWithoutForceNew with the schema that shows it has none.
func TestEveryRegisteredTypeHasAContract(t *testing.T) {
	s := loadSDK(t)
	types := registeredTypes(t, s)
	require.Contains(t, types, tokens.Type(awstypes.Ec2Vpc), "the scan finds the program's VPC")
	require.Contains(t, types, tokens.Type(awstypes.LbTargetGroup))
	var names []string
	for typ := range types {
		names = append(names, string(typ))
	}
	slices.Sort(names)
	for _, name := range names {
		typ := tokens.Type(name)
		where := types[typ]
		_, noValidators := schemasWithoutValidators[typ]
		assert.True(t, len(inputRules[typ]) > 0 || len(resourceRules[typ]) > 0 || noValidators,
			"%s (registered at %s) has no Check rules in contract.go", typ, where)
		_, noForceNew := schemasWithoutForceNew[typ]
		assert.True(t, len(replaceOnChange[typ]) > 0 || noForceNew,
			"%s (registered at %s) has no replace-on-change entry in replacements.go", typ, where)
		assert.False(t, len(replaceOnChange[typ]) > 0 && noForceNew, "%s is both in replaceOnChange and schemasWithoutForceNew", typ)
	}
}

// TestEveryRegisteredNamedTypeIsAutonamed: pulumi-aws's setAutonaming gives every resource whose schema has an input
// "name" an auto-name, so each registered type whose SDK Args has a name input must be in the autonames table.
func TestEveryRegisteredNamedTypeIsAutonamed(t *testing.T) {
	s := loadSDK(t)
	for typ, where := range registeredTypes(t, s) {
		if !s.hasInput(t, typ, "name") {
			continue
		}
		rule, ok := autonames[typ]
		if assert.True(t, ok, "%s (registered at %s) has a name input, so pulumi-aws auto-names it (%s)", typ, where, srcAutonameDefault) {
			assert.Equal(t, resource.PropertyKey("name"), rule.prop, "%s", typ)
		}
	}
}
