package rules

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/urn"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// unknownValue is a computed value, as the engine sends an output that is not known during preview.
var unknownValue = property.New(property.Computed)

// secret marks a fixture value secret, as the engine sends config-derived or secret outputs.
func secret(v any) property.Value {
	return toValue(v).WithSecret(true)
}

// dependsOn gives a fixture value dependencies, as values built from other resources' outputs carry them.
func dependsOn(v any, urns ...string) property.Value {
	deps := make([]urn.URN, len(urns))
	for i, u := range urns {
		deps[i] = urn.URN(u)
	}
	return toValue(v).WithDependencies(deps)
}

// toValue converts plain Go fixture data into a property.Value.
func toValue(v any) property.Value {
	switch v := v.(type) {
	case nil:
		return property.Value{}
	case property.Value:
		return v
	case bool:
		return property.New(v)
	case string:
		return property.New(v)
	case int:
		return property.New(float64(v))
	case float64:
		return property.New(v)
	case []string:
		items := make([]property.Value, len(v))
		for i, s := range v {
			items[i] = property.New(s)
		}
		return property.New(items)
	case []any:
		items := make([]property.Value, len(v))
		for i, item := range v {
			items[i] = toValue(item)
		}
		return property.New(items)
	case map[string]any:
		return property.New(toMap(v))
	}
	panic(fmt.Sprintf("fixture value of unsupported type %T", v))
}

func toMap(m map[string]any) property.Map {
	values := make(map[string]property.Value, len(m))
	for k, v := range m {
		values[k] = toValue(v)
	}
	return property.NewMap(values)
}

// obj is shorthand for fixture maps.
type obj = map[string]any

// arr is shorthand for fixture lists.
type arr = []any

// urnOf is the URN of a top-level fixture resource of type typ named name.
func urnOf(typ, name string) string {
	return string(urn.New("test", "private-fargate", "", tokens.Type(typ), name))
}

// res builds a fixture resource with a URN.
func res(typ, name string, props obj) Resource {
	return Resource{Type: typ, Name: name, URN: urnOf(typ, name), Properties: toMap(props)}
}
