package offlinestack

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStackSettingsCopiesConfigAndKeepsTheSandboxSalt(t *testing.T) {
	project := &workspace.Project{Name: "private-fargate", Runtime: workspace.NewProjectRuntimeInfo("go", nil)}
	regionKey := config.MustMakeKey("aws", "region")
	tests := []struct {
		name         string
		repoFile     string
		previousFile string // the workspace copy an earlier run left, "" for none
		wantSalt     string
		wantErr      string
	}{
		{
			name:     "first run takes the config and drops the repository's secrets settings",
			repoFile: "secretsprovider: awskms://alias/x\nencryptedkey: abc\nconfig:\n  aws:region: eu-west-1\n",
			wantSalt: "",
		},
		{
			name:         "a later run keeps the salt the CLI wrote into the workspace copy",
			repoFile:     "encryptionsalt: v1:repo-salt\nconfig:\n  aws:region: eu-west-1\n",
			previousFile: "encryptionsalt: v1:sandbox-salt\nconfig:\n  aws:region: us-east-1\n",
			wantSalt:     "v1:sandbox-salt",
		},
		{
			name:     "secure values of another backend are refused, naming the key",
			repoFile: "config:\n  aws:region: eu-west-1\n  private-fargate:token:\n    secure: AAABAC==\n",
			wantErr:  "private-fargate:token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			repoFile := filepath.Join(dir, "Pulumi.dev.yaml")
			require.NoError(t, os.WriteFile(repoFile, []byte(tt.repoFile), 0o644))
			workspaceFile := filepath.Join(dir, "workspace", "Pulumi.dev.yaml")
			if tt.previousFile != "" {
				require.NoError(t, os.MkdirAll(filepath.Dir(workspaceFile), 0o755))
				require.NoError(t, os.WriteFile(workspaceFile, []byte(tt.previousFile), 0o644))
			}

			settings, err := stackSettings(project, repoFile, workspaceFile)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantSalt, settings.EncryptionSalt)
			assert.Empty(t, settings.EncryptedKey)
			assert.Empty(t, settings.SecretsProvider)
			region, ok := settings.Config[regionKey]
			require.True(t, ok)
			value, err := region.Value(config.NopDecrypter)
			require.NoError(t, err)
			assert.Equal(t, "eu-west-1", value, "the repository's config wins over the workspace copy")
		})
	}
}

func TestStackSettingsNeedsTheStackConfigFile(t *testing.T) {
	project := &workspace.Project{Name: "private-fargate", Runtime: workspace.NewProjectRuntimeInfo("go", nil)}
	_, err := stackSettings(project, filepath.Join(t.TempDir(), "Pulumi.prod.yaml"), filepath.Join(t.TempDir(), "x.yaml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Pulumi.prod.yaml")
}

func TestPolicyConfigFileIsOptional(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.dev.policy.json"), []byte("{}"), 0o644))
	tests := []struct {
		stack  string
		wantOK bool
	}{
		{stack: "dev", wantOK: true},
		{stack: "prod", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.stack, func(t *testing.T) {
			path, ok := PolicyConfigFile(dir, tt.stack)
			assert.Equal(t, tt.wantOK, ok)
			assert.Equal(t, filepath.Join(dir, "Pulumi."+tt.stack+".policy.json"), path)
		})
	}
}
