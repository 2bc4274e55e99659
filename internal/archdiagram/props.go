package archdiagram

import (
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// prop reads a nested property by path, unwrapping secrets and outputs. The second result is false when the path
// does not exist.
func prop(m resource.PropertyMap, path ...string) (resource.PropertyValue, bool) {
	value := resource.NewObjectProperty(m)
	for _, key := range path {
		value = unwrap(value)
		if !value.IsObject() {
			return resource.PropertyValue{}, false
		}
		next, ok := value.ObjectValue()[resource.PropertyKey(key)]
		if !ok {
			return resource.PropertyValue{}, false
		}
		value = next
	}
	return unwrap(value), true
}

func unwrap(value resource.PropertyValue) resource.PropertyValue {
	for {
		switch {
		case value.IsSecret():
			value = value.SecretValue().Element
		case value.IsOutput() && value.OutputValue().Known:
			value = value.OutputValue().Element
		default:
			return value
		}
	}
}

// stringProp reads a string property ("" when missing or not a string).
func stringProp(m resource.PropertyMap, path ...string) string {
	value, ok := prop(m, path...)
	if !ok || !value.IsString() {
		return ""
	}
	return value.StringValue()
}

// intProp reads a number property (0 when missing).
func intProp(m resource.PropertyMap, path ...string) int {
	value, ok := prop(m, path...)
	if !ok || !value.IsNumber() {
		return 0
	}
	return int(value.NumberValue())
}

// atoiProp reads a number given as a string, as ECS task definitions take cpu and memory.
func atoiProp(m resource.PropertyMap, path ...string) int {
	value, ok := prop(m, path...)
	if !ok {
		return 0
	}
	if value.IsNumber() {
		return int(value.NumberValue())
	}
	n, _ := strconv.Atoi(stringProp(m, path...))
	return n
}

// boolProp reads a boolean property (false when missing).
func boolProp(m resource.PropertyMap, path ...string) bool {
	value, ok := prop(m, path...)
	return ok && value.IsBool() && value.BoolValue()
}

// stringsProp reads a list-of-strings property.
func stringsProp(m resource.PropertyMap, path ...string) []string {
	value, ok := prop(m, path...)
	if !ok || !value.IsArray() {
		return nil
	}
	var out []string
	for _, item := range value.ArrayValue() {
		if item = unwrap(item); item.IsString() {
			out = append(out, item.StringValue())
		}
	}
	return out
}

// trimFloat prints 0.5 as "0.5" and 2 as "2".
func trimFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
