package archdiagram

import (
	"strconv"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/private-fargate/private-fargate/internal/mockaws"
)

// intProp reads a number property (0 when missing).
func intProp(m resource.PropertyMap, path ...string) int {
	value, ok := mockaws.Prop(m, path...)
	if !ok || !value.IsNumber() {
		return 0
	}
	return int(value.NumberValue())
}

// atoiProp reads a number given as a string, as ECS task definitions take cpu and memory.
func atoiProp(m resource.PropertyMap, path ...string) int {
	value, ok := mockaws.Prop(m, path...)
	if !ok {
		return 0
	}
	if value.IsNumber() {
		return int(value.NumberValue())
	}
	n, _ := strconv.Atoi(mockaws.StringProp(m, path...))
	return n
}

// boolProp reads a boolean property (false when missing).
func boolProp(m resource.PropertyMap, path ...string) bool {
	value, ok := mockaws.Prop(m, path...)
	return ok && value.IsBool() && value.BoolValue()
}

// trimFloat prints 0.5 as "0.5" and 2 as "2".
func trimFloat(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
