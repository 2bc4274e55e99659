package components

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// decodeConfig decodes one config key's JSON into target. Before decoding it walks the JSON against target's type and
// reports every problem with its full key path (services.web.containers.app.imagee: unknown field), because
// encoding/json alone names no map keys in its errors and matches field names case-insensitively, so "Egress" would
// silently land in egress or be dropped. Nothing is decoded when there is a problem.
func decodeConfig(p *problems, key, raw string, target any) {
	decoder := json.NewDecoder(strings.NewReader(raw))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		p.add(key, "is not valid JSON: %v", strings.TrimPrefix(err.Error(), "json: "))
		return
	}
	before := len(*p)
	checkShape(p, key, value, reflect.TypeOf(target).Elem())
	if len(*p) > before {
		return
	}
	strict := json.NewDecoder(bytes.NewReader([]byte(raw)))
	strict.DisallowUnknownFields()
	if err := strict.Decode(target); err != nil {
		// checkShape mirrors the decoder, so this is a bug in it, reported rather than hidden.
		p.add(key, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
}

// checkShape reports where value (decoded with UseNumber) does not fit typ: unknown fields (with a hint when only the
// letter case differs), wrong JSON kinds and non-integral numbers for integers.
func checkShape(p *problems, path string, value any, typ reflect.Type) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if value == nil {
		return // null leaves the zero value, which the defaults fill in
	}
	switch typ.Kind() {
	case reflect.Struct:
		object, ok := value.(map[string]any)
		if !ok {
			p.add(path, "expected an object, got %s", jsonKind(value))
			return
		}
		fields := map[string]reflect.Type{}
		var names []string
		for _, field := range configFields(typ) {
			name := configKey(field)
			fields[name] = field.Type
			names = append(names, name)
		}
		sort.Strings(names)
		for _, k := range sortedKeys(object) {
			fieldType, known := fields[k]
			if known {
				checkShape(p, path+"."+k, object[k], fieldType)
				continue
			}
			if reason, retired := retiredFields[typ.Name()+"."+k]; retired {
				p.add(path+"."+k, "%s", reason)
			} else if typ == jobConfigType && serviceOnlyKeys()[k] {
				p.add(path+"."+k, "is a service setting; jobs have none: a job's tasks run to completion, with no load "+
					"balancer, desired count, deployments or autoscaling. Remove it, or make this a service")
			} else if hint := caseFold(k, names); hint != "" {
				p.add(path+"."+k, "unknown field; keys are case-sensitive: did you mean %q?", hint)
			} else if hint := nearestKey(k, names); hint != "" {
				p.add(path+"."+k, "unknown field; did you mean %q? The fields here are %s", hint, strings.Join(names, ", "))
			} else {
				p.add(path+"."+k, "unknown field; the fields here are %s", strings.Join(names, ", "))
			}
		}
	case reflect.Map:
		object, ok := value.(map[string]any)
		if !ok {
			p.add(path, "expected an object (a map keyed by name), got %s", jsonKind(value))
			return
		}
		for _, k := range sortedKeys(object) {
			checkShape(p, path+"."+k, object[k], typ.Elem())
		}
	case reflect.Slice:
		list, ok := value.([]any)
		if !ok {
			p.add(path, "expected a list, got %s", jsonKind(value))
			return
		}
		for i, element := range list {
			checkShape(p, fmt.Sprintf("%s[%d]", path, i), element, typ.Elem())
		}
	case reflect.String:
		if _, ok := value.(string); !ok {
			p.add(path, "expected a string, got %s", jsonKind(value))
		}
	case reflect.Bool:
		if _, ok := value.(bool); !ok {
			p.add(path, "expected true or false, got %s", jsonKind(value))
		}
	case reflect.Int:
		number, ok := value.(json.Number)
		if !ok {
			p.add(path, "expected a whole number, got %s", jsonKind(value))
		} else if _, err := strconv.Atoi(number.String()); err != nil {
			p.add(path, "expected a whole number, got %s", number)
		}
	case reflect.Float64:
		if _, ok := value.(json.Number); !ok {
			p.add(path, "expected a number, got %s", jsonKind(value))
		}
	default:
		p.add(path, "has a type the config reader does not handle (%s)", typ)
	}
}

// configFields are the config keys of a config struct in declaration order, with the fields of an embedded struct
// (TaskConfig in ServiceConfig and JobConfig) in its place, as encoding/json promotes them.
func configFields(typ reflect.Type) []reflect.StructField {
	var fields []reflect.StructField
	for _, field := range reflect.VisibleFields(typ) {
		if field.Anonymous || !field.IsExported() {
			continue
		}
		if name := configKey(field); name != "" && name != "-" {
			fields = append(fields, field)
		}
	}
	return fields
}

// configKey is a config struct field's key, its json tag name.
func configKey(field reflect.StructField) string {
	name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
	return name
}

// jobConfigType is JobConfig's type, whose service-only keys get their own message.
var jobConfigType = reflect.TypeOf(JobConfig{})

// serviceOnlyKeys are the keys ServiceConfig has beyond its TaskConfig: what a service is besides its task.
func serviceOnlyKeys() map[string]bool {
	keys := map[string]bool{}
	for _, field := range configFields(reflect.TypeOf(ServiceConfig{})) {
		if len(field.Index) == 1 {
			keys[configKey(field)] = true
		}
	}
	return keys
}

// retiredFields explain config keys that earlier versions accepted, keyed by "<Go struct>.<key>", so an upgrade
// meets a way forward instead of a bare "unknown field".
var retiredFields = map[string]string{
	"ServiceConfig.healthCheck": "was renamed to targetHealthCheck (the target group's health check; a container's " +
		"healthCheck is Docker's)",
	"ServiceConfig.ecrRepositoryArns": "is no longer used: the execution role's pull grant is derived from the containers' " +
		"images; remove it",
	"ServiceConfig.blueGreen": "was removed: its second target group never received traffic; a real blue/green needs the " +
		"CODE_DEPLOY deployment controller, which this program does not offer yet",
}

// caseFold returns the known name that equals k apart from letter case, or "".
func caseFold(k string, names []string) string {
	for _, name := range names {
		if strings.EqualFold(k, name) {
			return name
		}
	}
	return ""
}

// jsonKind describes a decoded JSON value for messages.
func jsonKind(value any) string {
	switch v := value.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%v", value)
}
