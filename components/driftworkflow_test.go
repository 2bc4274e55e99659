package components

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestEveryStackIsCheckedForDriftDaily keeps drift.yml in step with the stacks: it runs on a schedule, checks every
// Pulumi.<stack>.yaml with a refreshing preview that expects no changes, assumes its AWS role by OIDC and may write
// issues.
func TestEveryStackIsCheckedForDriftDaily(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", ".github", "workflows", "drift.yml"))
	require.NoError(t, err)
	var workflow struct {
		On struct {
			Schedule []struct {
				Cron string `yaml:"cron"`
			} `yaml:"schedule"`
		} `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			Strategy struct {
				Matrix struct {
					Stack []string `yaml:"stack"`
				} `yaml:"matrix"`
			} `yaml:"strategy"`
			Steps []struct {
				Uses string            `yaml:"uses"`
				With map[string]string `yaml:"with"`
				Run  string            `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &workflow))
	require.Len(t, workflow.On.Schedule, 1)
	assert.Equal(t, map[string]string{"contents": "read", "id-token": "write", "issues": "write"}, workflow.Permissions)

	job := workflow.Jobs["drift"]
	var stacks []string
	for name := range shippedStacks(t) {
		stacks = append(stacks, name)
	}
	assert.ElementsMatch(t, stacks, job.Strategy.Matrix.Stack)
	var oidcRole, preview, issues bool
	for _, step := range job.Steps {
		oidcRole = oidcRole || step.Uses == "aws-actions/configure-aws-credentials@v4" && step.With["role-to-assume"] != ""
		preview = preview || containsAll(step.Run, "pulumi preview", "--refresh", "--expect-no-changes")
		issues = issues || containsAll(step.Run, "gh issue create", "gh issue comment", "gh issue close")
	}
	assert.True(t, oidcRole, "credentials by OIDC role assumption")
	assert.True(t, preview, "a refreshing preview that expects no changes")
	assert.True(t, issues, "opens, updates and closes the drift issue")
}

func containsAll(text string, parts ...string) bool {
	for _, part := range parts {
		if !strings.Contains(text, part) {
			return false
		}
	}
	return true
}
