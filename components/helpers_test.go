package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/require"
)

// The package's test helpers: the one URN builder and the readers of recorded properties.

// mockStack is the stack the mocked program runs are named after.
const mockStack = "test"

// urnOf is the URN of a top-level resource of type typ named name in a mocked run.
func urnOf(typ, name string) string {
	return string(resource.NewURN(mockStack, configNamespace, "", tokens.Type(typ), name))
}

// prop reads a nested property by path ("networkConfiguration", "assignPublicIp"), unwrapping secrets.
// The second result is false when the path does not exist.
func prop(m resource.PropertyMap, path ...string) (resource.PropertyValue, bool) {
	value := resource.NewObjectProperty(m)
	for _, key := range path {
		for value.IsSecret() {
			value = value.SecretValue().Element
		}
		if !value.IsObject() {
			return resource.PropertyValue{}, false
		}
		next, ok := value.ObjectValue()[resource.PropertyKey(key)]
		if !ok {
			return resource.PropertyValue{}, false
		}
		value = next
	}
	for value.IsSecret() {
		value = value.SecretValue().Element
	}
	return value, true
}

// stringProp reads a string property ("" when missing or not a string).
func stringProp(m resource.PropertyMap, path ...string) string {
	value, ok := prop(m, path...)
	if !ok || !value.IsString() {
		return ""
	}
	return value.StringValue()
}

// stringsProp reads a list-of-strings property.
func stringsProp(m resource.PropertyMap, path ...string) []string {
	value, ok := prop(m, path...)
	if !ok || !value.IsArray() {
		return nil
	}
	var out []string
	for _, item := range value.ArrayValue() {
		if item.IsString() {
			out = append(out, item.StringValue())
		}
	}
	return out
}

// number reads a numeric property.
func number(t *testing.T, m resource.PropertyMap, path ...string) float64 {
	t.Helper()
	value, ok := prop(m, path...)
	require.True(t, ok, "missing %v", path)
	require.True(t, value.IsNumber(), "%v is %v, not a number", path, value)
	return value.NumberValue()
}

// boolProp reads a boolean property, failing the test when it is missing or not a boolean.
func boolProp(t *testing.T, m resource.PropertyMap, path ...string) bool {
	t.Helper()
	value, ok := prop(m, path...)
	require.True(t, ok, "missing %v", path)
	require.True(t, value.IsBool(), "%v is %v, not a boolean", path, value)
	return value.BoolValue()
}

// objects reads a list-of-objects property.
func objects(t *testing.T, m resource.PropertyMap, path ...string) []resource.PropertyMap {
	t.Helper()
	value, ok := prop(m, path...)
	require.True(t, ok, "missing %v", path)
	require.True(t, value.IsArray(), "%v is %v, not a list", path, value)
	var out []resource.PropertyMap
	for _, item := range value.ArrayValue() {
		require.True(t, item.IsObject(), "%v holds %v, not an object", path, item)
		out = append(out, item.ObjectValue())
	}
	return out
}
