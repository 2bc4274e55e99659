package archdiagram

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/programrun"
)

// TestCommittedDiagramsMatchTheProgram fails when docs/architecture-<stack>.{md,dot,svg} of a shipped stack differ
// from what the program generates today. The SVG is checked through the DOT hash that `make diagram` stamps into it,
// so the test does not depend on the Graphviz version that drew it.
func TestCommittedDiagramsMatchTheProgram(t *testing.T) {
	stacks, err := programrun.Stacks(repoRoot)
	require.NoError(t, err)
	require.Contains(t, stacks, "dev")
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			files, err := Generate(repoRoot, stack)
			require.NoError(t, err)
			fix := "regenerate with `make diagram STACK=" + stack + "` and commit docs/"
			for path, want := range map[string]string{MarkdownPath(stack): files.Markdown, DOTPath(stack): files.DOT} {
				got, err := os.ReadFile(filepath.Join(repoRoot, path))
				require.NoError(t, err, "%s is missing: %s", path, fix)
				assert.Equal(t, want, string(got), "%s differs from what the program generates: %s", path, fix)
			}
			svg, err := os.ReadFile(filepath.Join(repoRoot, SVGPath(stack)))
			require.NoError(t, err, "%s is missing: %s", SVGPath(stack), fix)
			assert.True(t, strings.Contains(string(svg), SourceStamp(files.DOT)),
				"%s was not rendered from the current DOT source: %s", SVGPath(stack), fix)
			if stack == "dev" || stack == "prod" {
				readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
				require.NoError(t, err)
				assert.Contains(t, string(readme), "]("+filepath.ToSlash(SVGPath(stack))+")", "README embeds the %s diagram", stack)
			}
		})
	}
}
