package awsstandin

import (
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// The package's test helpers: the one URN builder and the property builders the requests are made of.

// urnOf is the URN of a top-level resource of type typ named name in the dev stack.
func urnOf(typ tokens.Type, name string) resource.URN {
	return resource.NewURN("dev", "private-fargate", "", typ, name)
}

// props turns plain Go values into a property map.
func props(m map[string]any) resource.PropertyMap { return resource.NewPropertyMapFromMap(m) }

// unknown is a value the engine does not know yet (a preview's computed output).
func unknown() resource.PropertyValue {
	return resource.MakeComputed(resource.NewStringProperty(""))
}
