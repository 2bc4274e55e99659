package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/mockaws"
)

// The package's test helpers: the one URN builder and the readers of recorded properties.

// mockStack is the stack the mocked program runs are named after.
const mockStack = "test"

// The readers of recorded properties are mockaws's, the ones the diagram builder reads a mocked run with.
var (
	prop        = mockaws.Prop
	stringProp  = mockaws.StringProp
	stringsProp = mockaws.StringsProp
)

// urnOf is the URN of a top-level resource of type typ named name in a mocked run.
func urnOf(typ, name string) string {
	return string(resource.NewURN(mockStack, configNamespace, "", tokens.Type(typ), name))
}

// mustProp reads a property the test needs, failing the test when it is missing.
func mustProp(t *testing.T, m resource.PropertyMap, path ...string) resource.PropertyValue {
	t.Helper()
	value, ok := prop(m, path...)
	require.True(t, ok, "missing %v", path)
	return value
}

// number reads a numeric property.
func number(t *testing.T, m resource.PropertyMap, path ...string) float64 {
	t.Helper()
	value := mustProp(t, m, path...)
	require.True(t, value.IsNumber(), "%v is %v, not a number", path, value)
	return value.NumberValue()
}

// boolProp reads a boolean property, failing the test when it is missing or not a boolean.
func boolProp(t *testing.T, m resource.PropertyMap, path ...string) bool {
	t.Helper()
	value := mustProp(t, m, path...)
	require.True(t, value.IsBool(), "%v is %v, not a boolean", path, value)
	return value.BoolValue()
}

// objects reads a list-of-objects property.
func objects(t *testing.T, m resource.PropertyMap, path ...string) []resource.PropertyMap {
	t.Helper()
	value := mustProp(t, m, path...)
	require.True(t, value.IsArray(), "%v is %v, not a list", path, value)
	var out []resource.PropertyMap
	for _, item := range value.ArrayValue() {
		require.True(t, item.IsObject(), "%v holds %v, not an object", path, item)
		out = append(out, item.ObjectValue())
	}
	return out
}
