package main

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/private-fargate/private-fargate/policy/rules"
)

var update = flag.Bool("update", false, "rewrite the README rule catalogue from the code")

const (
	catalogueStart = "<!-- catalogue:start -->\n"
	catalogueEnd   = "<!-- catalogue:end -->"
)

// catalogueRow matches a catalogue table row: rule name in the first cell, level in the last.
var catalogueRow = regexp.MustCompile("^\\| `([a-z0-9-]+)` \\|.*\\| ([a-z]+) \\|$")

func TestReadmeCatalogueMatchesTheRules(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	text := string(readme)
	start := strings.Index(text, catalogueStart)
	end := strings.Index(text, catalogueEnd)
	require.True(t, start >= 0 && end > start, "README.md must contain the catalogue markers")
	table := text[start+len(catalogueStart) : end]

	if *update {
		text = text[:start+len(catalogueStart)] + rules.CatalogueMarkdown() + text[end:]
		require.NoError(t, os.WriteFile("README.md", []byte(text), 0o644))
		table = rules.CatalogueMarkdown()
	}

	documented := map[string]string{}
	var order []string
	for _, line := range strings.Split(table, "\n") {
		if m := catalogueRow.FindStringSubmatch(line); m != nil {
			documented[m[1]] = m[2]
			order = append(order, m[1])
		}
	}
	want := map[string]string{}
	var wantOrder []string
	for _, e := range rules.Catalogue() {
		want[e.Name] = string(e.DefaultLevel)
		wantOrder = append(wantOrder, e.Name)
	}
	assert.Equal(t, want, documented, "README catalogue names/levels differ from the code; run go test ./policy -run TestReadmeCatalogue -update")
	assert.Equal(t, wantOrder, order, "README catalogue order differs from the code")
	assert.Equal(t, rules.CatalogueMarkdown(), table, "README catalogue text differs from the code; run go test ./policy -run TestReadmeCatalogue -update")
}

const (
	fsbpStart = "<!-- fsbp:start -->\n"
	fsbpEnd   = "<!-- fsbp:end -->"
)

func TestReadmeFSBPTableMatchesTheControls(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	text := string(readme)
	start := strings.Index(text, fsbpStart)
	end := strings.Index(text, fsbpEnd)
	require.True(t, start >= 0 && end > start, "README.md must contain the fsbp markers")
	if *update {
		text = text[:start+len(fsbpStart)] + rules.FSBPMarkdown() + text[end:]
		require.NoError(t, os.WriteFile("README.md", []byte(text), 0o644))
		return
	}
	assert.Equal(t, rules.FSBPMarkdown(), text[start+len(fsbpStart):end],
		"README FSBP table differs from rules.FSBPControls(); run go test ./policy -run TestReadme -update")
}

func TestPulumiPolicyYAMLMatchesThePack(t *testing.T) {
	path, err := filepath.Abs("PulumiPolicy.yaml")
	require.NoError(t, err)
	project, err := workspace.LoadPolicyPack(path)
	require.NoError(t, err, "the engine must be able to load PulumiPolicy.yaml")
	assert.Equal(t, "go", project.Runtime.Name())
	assert.Equal(t, packVersion, project.Version)
	require.NotNil(t, project.Description)
	assert.NotEmpty(t, *project.Description)

	// The engine's project type has no name field, so read it directly.
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var named struct {
		Name string `yaml:"name"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &named))
	assert.Equal(t, packName, named.Name)

	pack, err := newPack(rules.Rules(), rules.StackRules())
	require.NoError(t, err)
	assert.Equal(t, packName, pack.metadata.Name())
	assert.Equal(t, packVersion, pack.metadata.Version().String())
}
