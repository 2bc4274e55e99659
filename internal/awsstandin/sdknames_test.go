package awsstandin

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// sdkModule is the pulumi-aws Go SDK the program uses (go.mod pins v6.83.2).
const sdkModule = "github.com/pulumi/pulumi-aws/sdk/v6"

// sdkInputs reads the pulumi-aws Go SDK source from the module cache: per package, per struct, the pulumi tag of
// each field and the name of the field's (element) type. It reads source, not compiled packages, so the test costs
// no SDK compilation.
type sdkInputs struct {
	dir      string
	mu       sync.Mutex
	packages map[string]map[string]map[string]string // package -> struct -> pulumi tag -> element type name
}

var (
	sdkOnce sync.Once
	sdk     *sdkInputs
	sdkErr  error
)

func loadSDK(t *testing.T) *sdkInputs {
	t.Helper()
	sdkOnce.Do(func() {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", sdkModule).Output()
		if err != nil {
			sdkErr = err
			return
		}
		sdk = &sdkInputs{dir: strings.TrimSpace(string(out)), packages: map[string]map[string]map[string]string{}}
	})
	require.NoError(t, sdkErr, "locate %s in the module cache (go list -m)", sdkModule)
	return sdk
}

// structs parses one SDK package directory (go/aws/<pkg>).
func (s *sdkInputs) structs(t *testing.T, pkg string) map[string]map[string]string {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if parsed, ok := s.packages[pkg]; ok {
		return parsed
	}
	dir := filepath.Join(s.dir, "go", "aws", pkg)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err, "SDK package %s", pkg)
	parsed := map[string]map[string]string{}
	fset := token.NewFileSet()
	for _, entry := range entries {
		if !strings.HasSuffix(entry.Name(), ".go") {
			continue
		}
		file, err := parser.ParseFile(fset, filepath.Join(dir, entry.Name()), nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				typeSpec := spec.(*ast.TypeSpec)
				st, ok := typeSpec.Type.(*ast.StructType)
				if !ok {
					continue
				}
				fields := map[string]string{}
				for _, f := range st.Fields.List {
					if f.Tag == nil {
						continue
					}
					tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("pulumi")
					if tag != "" {
						fields[tag] = elementType(f.Type)
					}
				}
				parsed[typeSpec.Name.Name] = fields
			}
		}
	}
	s.packages[pkg] = parsed
	return parsed
}

// elementType strips pointers, slices and maps down to a type name.
func elementType(expr ast.Expr) string {
	switch e := expr.(type) {
	case *ast.StarExpr:
		return elementType(e.X)
	case *ast.ArrayType:
		return elementType(e.Elt)
	case *ast.MapType:
		return elementType(e.Value)
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

// hasInput reports whether the property path (Pulumi names, "[]" marks array elements) is an input of the type's
// Args struct in the SDK, following nested input types.
func (s *sdkInputs) hasInput(t *testing.T, typ tokens.Type, path string) bool {
	t.Helper()
	module := string(typ.Module().Name()) // e.g. "ec2/subnet"
	pkg, _, _ := strings.Cut(module, "/")
	structs := s.structs(t, pkg)
	name := string(typ.Name())
	current := strings.ToLower(name[:1]) + name[1:] + "Args"
	for _, segment := range strings.Split(path, ".") {
		fields, ok := structs[current]
		if !ok {
			return false
		}
		next, ok := fields[strings.TrimSuffix(segment, "[]")]
		if !ok {
			return false
		}
		current = next
	}
	return true
}

// TestReplaceOnChangeNamesAreSDKInputs proves every property of the replace-on-change table is an input the
// pulumi-aws SDK knows, so a misspelt name (the old table's targetArns) cannot silently never match.
func TestReplaceOnChangeNamesAreSDKInputs(t *testing.T) {
	s := loadSDK(t)
	for typ, rules := range replaceOnChange {
		for _, rule := range rules {
			if rule.prop == anyChange {
				for _, except := range rule.except {
					assert.True(t, s.hasInput(t, typ, except), "%s: exception %q is not an SDK input", typ, except)
				}
				continue
			}
			assert.True(t, s.hasInput(t, typ, rule.prop), "%s: %q is not an input of the pulumi-aws SDK (%s)", typ, rule.prop, rule.source)
			assert.NotEmpty(t, rule.source, "%s %s cites its source", typ, rule.prop)
		}
	}
}

// TestContractPathsAreSDKInputs does the same for the Check rules and the auto-name table.
func TestContractPathsAreSDKInputs(t *testing.T) {
	s := loadSDK(t)
	for typ, rules := range inputRules {
		for _, rule := range rules {
			assert.True(t, s.hasInput(t, typ, rule.path), "%s: %q is not an input of the pulumi-aws SDK (%s)", typ, rule.path, rule.source)
			assert.NotEmpty(t, rule.source)
		}
	}
	for typ, rule := range autonames {
		for _, prop := range append([]string{string(rule.prop)}, propertyNames(rule.conflicts)...) {
			assert.True(t, s.hasInput(t, typ, prop), "%s: auto-name property %q is not an SDK input", typ, prop)
		}
	}
}

// TestSDKNameCheckCatchesAMisspeltProperty keeps the two tests above honest: the old table's name fails.
func TestSDKNameCheckCatchesAMisspeltProperty(t *testing.T) {
	s := loadSDK(t)
	assert.False(t, s.hasInput(t, awstypes.ApigatewayVpcLink, "targetArns"), "the REST VPC link has no targetArns")
	assert.True(t, s.hasInput(t, awstypes.ApigatewayVpcLink, "targetArn"))
	assert.True(t, s.hasInput(t, awstypes.LbTargetGroup, "healthCheck.interval"), "nested inputs resolve")
	assert.False(t, s.hasInput(t, awstypes.LbTargetGroup, "healthCheck.intervalSeconds"))
}

func propertyNames[K ~string](keys []K) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, string(k))
	}
	slices.Sort(out)
	return out
}
