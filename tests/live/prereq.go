package live

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Environment variables of the live test (README "Proving it on AWS").
const (
	// EnvBackend is the Pulumi state backend URL (s3://bucket/prefix?region=…, file:///dir). Default: a local
	// directory, .state/live/backend in the repository.
	EnvBackend = "LIVE_TEST_BACKEND"
	// EnvStack names the stack (live-<suffix>); default a new random name. The workflow sets it, so its always-run
	// cleanup step knows what to destroy.
	EnvStack = "LIVE_TEST_STACK"
	// EnvAZs overrides the two availability zones (comma-separated); default the region's first two zones.
	EnvAZs = "LIVE_TEST_AZS"
	// EnvCidr overrides the VPC CIDR. Default: 10.99.0.0/16.
	EnvCidr = "LIVE_TEST_CIDR"
	// EnvRequire set to "true" turns the skip into a failure: a scheduled run that silently skipped would look green.
	EnvRequire = "LIVE_TEST_REQUIRE"
)

// Prerequisites are what the live test needs before it creates anything.
type Prerequisites struct {
	// Region is $AWS_REGION.
	Region string
	// Credentials says whether the AWS SDK's default chain resolved credentials.
	Credentials bool
	// Pulumi is the path of `pulumi` on PATH, "" when there is none.
	Pulumi string
}

// Missing lists what is missing, in words.
func (p Prerequisites) Missing() []string {
	var missing []string
	if !p.Credentials {
		missing = append(missing, "AWS credentials")
	}
	if p.Region == "" {
		missing = append(missing, "AWS_REGION")
	}
	if p.Pulumi == "" {
		missing = append(missing, "pulumi on PATH")
	}
	return missing
}

// SkipMessage is the one line the live test skips with, "" when nothing is missing.
func (p Prerequisites) SkipMessage() string {
	missing := p.Missing()
	if len(missing) == 0 {
		return ""
	}
	return "live test skipped: it deploys to a real AWS account and needs AWS credentials (environment, profile, SSO " +
		"or an assumed role), AWS_REGION and a stock `pulumi` CLI on PATH; missing here: " + strings.Join(missing, ", ") +
		` (README "Proving it on AWS")`
}

// StandInOnPath fails when a pulumi-resource-aws executable is on PATH: the engine prefers such an ambient plugin
// over the installed provider (pulumi sdk go/common/workspace/plugins.go), so the repository's stand-in (a test
// double in .bin) would silently replace AWS. The live test also sets PULUMI_IGNORE_AMBIENT_PLUGINS.
func StandInOnPath(path string) error {
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		candidate := filepath.Join(dir, "pulumi-resource-aws")
		if info, err := os.Stat(candidate); err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
			return fmt.Errorf("%s is on PATH: the Pulumi engine would use it instead of the real aws provider "+
				"(the repository's .bin holds the stand-in test double); remove %s from PATH", candidate, dir)
		}
	}
	return nil
}

// GoLanguageHost fails unless pulumi-language-go is next to the pulumi executable (where stock installs put it, and
// where the CLI looks for it: pulumi sdk go/common/workspace/plugins.go, IsPluginBundled) or on path. Without it
// the program cannot run; better to say so before anything is created.
func GoLanguageHost(pulumiPath, path string) error {
	dirs := filepath.SplitList(path)
	if resolved, err := filepath.EvalSymlinks(pulumiPath); err == nil {
		dirs = append([]string{filepath.Dir(resolved)}, dirs...)
	}
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		info, err := os.Stat(filepath.Join(dir, "pulumi-language-go"))
		if err == nil && !info.IsDir() && info.Mode()&0o111 != 0 {
			return nil
		}
	}
	return fmt.Errorf("no pulumi-language-go next to %s or on PATH: the live test needs a stock Pulumi install, "+
		"which has the Go language host (this repository's .bin/pulumi, built from source, does not)", pulumiPath)
}
