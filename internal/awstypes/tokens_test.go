package awstypes

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sdkModule is the pulumi-aws Go SDK the program uses (go.mod pins it); its sources register every pulumi-aws token.
const sdkModule = "github.com/pulumi/pulumi-aws/sdk/v6"

// declaredTokens parses tokens.go and returns each constant's name and token.
func declaredTokens(t *testing.T) map[string]string {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "tokens.go", nil, 0)
	require.NoError(t, err)
	declared := map[string]string{}
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range spec.Names {
			lit, ok := spec.Values[i].(*ast.BasicLit)
			require.True(t, ok, "%s is not a string literal", name.Name)
			value, err := strconv.Unquote(lit.Value)
			require.NoError(t, err)
			declared[name.Name] = value
		}
		return false
	})
	require.NotEmpty(t, declared)
	return declared
}

// initialisms are the Go initialisms a constant's name spells in capitals (Api -> API) where a token uses them.
var initialisms = regexp.MustCompile(`(Api|Acl|Dns)([A-Z0-9]|$)`)

// constantName derives a constant's name from its token, as the package doc comment describes.
func constantName(tok string) string {
	parts := strings.Split(tok, ":")
	if len(parts) != 3 {
		return ""
	}
	module, kind := strings.Split(parts[1], "/")[0], parts[2]
	kind = initialisms.ReplaceAllStringFunc(kind, func(s string) string {
		return strings.ToUpper(s[:3]) + s[3:]
	})
	kind = strings.ToUpper(kind[:1]) + kind[1:]
	name := strings.ToUpper(module[:1]) + module[1:] + kind
	if parts[0] == "aws-native" {
		name = "Native" + name
	}
	return name
}

func TestConstantNamesFollowFromTheirTokens(t *testing.T) {
	seen := map[string]string{}
	for name, tok := range declaredTokens(t) {
		assert.Equal(t, constantName(tok), name, "the constant for %q", tok)
		if other, dup := seen[tok]; dup {
			t.Errorf("%s and %s both spell %q", name, other, tok)
		}
		seen[tok] = name
	}
}

// sdkTokens collects every quoted pulumi-aws token (registered type, alias, invoke) in the SDK's sources of the given
// modules (go/aws/<module>; "index" is go/aws itself).
func sdkTokens(t *testing.T, modules map[string]bool) map[string]bool {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", sdkModule).Output()
	require.NoError(t, err, "locate %s in the module cache (go list -m)", sdkModule)
	root := filepath.Join(strings.TrimSpace(string(out)), "go", "aws")
	quoted := regexp.MustCompile(`"(aws:[A-Za-z0-9]+/[A-Za-z0-9]+:[A-Za-z0-9]+)"`)
	found := map[string]bool{}
	for module := range modules {
		dir := filepath.Join(root, module)
		if module == "index" {
			dir = root
		}
		sources, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		require.NotEmpty(t, sources, "no SDK sources in %s", dir)
		for _, source := range sources {
			text, err := os.ReadFile(source)
			require.NoError(t, err)
			for _, match := range quoted.FindAllStringSubmatch(string(text), -1) {
				found[match[1]] = true
			}
		}
	}
	return found
}

// npmTokens reads the tokens the policy rules keep from @pulumi/aws 7.12.0 and @pulumi/aws-native 1.79.0
// (policy/rules/testdata/provider-tokens.txt; its header says how it was made).
func npmTokens(t *testing.T) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "policy", "rules", "testdata", "provider-tokens.txt"))
	require.NoError(t, err)
	registered := map[string]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			registered[line] = true
		}
	}
	return registered
}

// TestEveryTokenIsRegisteredByItsProvider keeps a misspelt token out: each constant must be a token the pinned
// pulumi-aws Go SDK registers, declares as an alias or invokes, or one the npm packages of pulumi-aws v7 (which
// renamed the S3 V2 resources) or aws-native register. The legacy load balancer modules have no SDK package of their
// own, so their aliases are looked up in lb, alb and elb.
func TestEveryTokenIsRegisteredByItsProvider(t *testing.T) {
	declared := declaredTokens(t)
	modules := map[string]bool{"lb": true, "alb": true, "elb": true}
	legacy := map[string]bool{"applicationloadbalancing": true, "elasticloadbalancingv2": true, "elasticloadbalancing": true}
	for _, tok := range declared {
		if module := strings.Split(strings.Split(tok, ":")[1], "/")[0]; strings.HasPrefix(tok, "aws:") && !legacy[module] {
			modules[module] = true
		}
	}
	inSDK, inNpm := sdkTokens(t, modules), npmTokens(t)
	for name, tok := range declared {
		assert.True(t, inSDK[tok] || inNpm[tok], "%s (%s) is not a token its provider registers", name, tok)
	}
}
