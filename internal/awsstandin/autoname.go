package awsstandin

import (
	"crypto/sha256"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// The sources of the auto-name limits, for the contract tests that cite them.
const srcAutonameDefault = awstypes.DefaultAutoNameSource

var (
	srcAutonameTG   = awstypes.AutoNames[awstypes.LbTargetGroup].Generated.Source
	srcAutonameRole = awstypes.AutoNames[awstypes.IamRole].Generated.Source
)

// autoname says how pulumi-aws fills a resource's physical name when the program gives none.
type autoname struct {
	// prop is the name property ("name", or "bucket" for S3).
	prop resource.PropertyKey
	// conflicts are properties that, when set, switch autonaming off (ConflictsWith in the schema).
	conflicts []resource.PropertyKey
	// maxLen is the longest name pulumi-aws generates; a longer one is an error, never truncated.
	maxLen int
	// lower lower-cases the resource name first (AutoNameTransform strings.ToLower).
	lower bool
	// source is where pulumi-aws sets maxLen.
	source string
}

// autonames is the one auto-name table (internal/awstypes/autonames.go) keyed for the provider. Maximum lengths are
// pulumi-aws's; the provider's own name validation (inputRules) then applies to generated and explicit names alike,
// so a load balancer auto-name that fits pulumi-aws's 255 still fails elbv2 validName's 32.
var autonames = func() map[tokens.Type]autoname {
	byType := make(map[tokens.Type]autoname, len(awstypes.AutoNames))
	for typ, rule := range awstypes.AutoNames {
		conflicts := make([]resource.PropertyKey, 0, len(rule.ConflictsWith))
		for _, prop := range rule.ConflictsWith {
			conflicts = append(conflicts, resource.PropertyKey(prop))
		}
		byType[tokens.Type(typ)] = autoname{prop: resource.PropertyKey(rule.Property), conflicts: conflicts,
			maxLen: rule.Generated.Max, lower: rule.Lower, source: rule.Generated.Source}
	}
	return byType
}()

// applyAutoname fills the name property of news the way pulumi-aws does in Check: an explicit name (or a
// conflicting prefix) wins; else the name of the old inputs is kept, so an update never renames; else
// "<resource name>-<7 hex>" is generated, and an error comes back when that is longer than the type allows. The
// hex derives from the engine's random seed when it sends one (a replacement's fresh Check gets a fresh name) and
// from the URN otherwise, so unit tests are deterministic.
func applyAutoname(typ tokens.Type, urn resource.URN, olds, news resource.PropertyMap, seed []byte) *plugin.CheckFailure {
	rule, ok := autonames[typ]
	if !ok {
		return nil
	}
	if v, has := news[rule.prop]; has && present(v) {
		return nil
	}
	for _, conflict := range rule.conflicts {
		if v, has := news[conflict]; has && present(v) {
			return nil
		}
	}
	if old, has := olds[rule.prop]; has {
		if plain, ok := known(old); ok && plain.IsString() && plain.StringValue() != "" {
			news[rule.prop] = plain
			return nil
		}
	}
	prefix := urn.Name()
	if rule.lower {
		prefix = strings.ToLower(prefix)
	}
	if len(seed) == 0 {
		sum := sha256.Sum256([]byte(urn))
		seed = sum[:]
	}
	name, err := resource.NewUniqueName(seed, prefix+"-", awstypes.AutoNameRandomLength, rule.maxLen, nil)
	if err != nil {
		return &plugin.CheckFailure{Property: rule.prop, Reason: err.Error() + " (" + rule.source + ")"}
	}
	news[rule.prop] = resource.NewStringProperty(name)
	return nil
}
