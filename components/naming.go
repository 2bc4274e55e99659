package components

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// autoNameSuffixLength is what pulumi-aws appends to a logical name when it auto-names a resource: a hyphen and
// awstypes.AutoNameRandomLength hex characters; it fails rather than truncate a name that does not fit.
const autoNameSuffixLength = 1 + awstypes.AutoNameRandomLength

// autoNamedTypes is the one auto-name table (internal/awstypes/autonames.go): per type, the property pulumi-aws fills
// and the tighter of pulumi-aws's and AWS's maximum length, each with its source.
var autoNamedTypes = awstypes.AutoNames

// autoNameProblem says why pulumi-aws would refuse to name a resource of type typ with logical name, or "" when the
// name fits: an explicit name is checked as it is, a namePrefix with the provider's 26-character unique id after it,
// and an absent one as "<logical name>-<7 hex>".
func autoNameProblem(typ, logicalName, explicit, prefix string) string {
	rule, ok := autoNamedTypes[typ]
	if !ok {
		return ""
	}
	maxLength, source := rule.MaxLength(), rule.MaxLengthSource()
	if prefix != "" {
		if n := len(prefix) + awstypes.PrefixedUniqueIDLength; n > maxLength {
			return fmt.Sprintf("%s %q: namePrefix %q plus the provider's %d-character unique id has %d characters; the "+
				"maximum is %d (%s)", typ, logicalName, prefix, awstypes.PrefixedUniqueIDLength, n, maxLength, source)
		}
		return ""
	}
	if explicit != "" {
		if len(explicit) > maxLength {
			return fmt.Sprintf("%s %q: %s %q has %d characters; the maximum is %d (%s)", typ, logicalName, rule.Property,
				explicit, len(explicit), maxLength, source)
		}
		return ""
	}
	if n := len(logicalName) + autoNameSuffixLength; n > maxLength {
		return fmt.Sprintf("%s %q: the generated %s \"%s-<7 hex>\" has %d characters; the maximum is %d (%s)", typ,
			logicalName, rule.Property, logicalName, n, maxLength, source)
	}
	return ""
}

// nameTags returns the common tags plus a Name tag.
func nameTags(common map[string]string, name string) pulumi.StringMap {
	tags := pulumi.StringMap{"Name": pulumi.String(name)}
	for k, v := range common {
		tags[k] = pulumi.String(v)
	}
	return tags
}
