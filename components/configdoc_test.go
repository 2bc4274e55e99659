package components

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

// The config reference (README.md) and the key descriptions (Pulumi.yaml) are generated from the field doc comments
// of config.go and from the defaults that applyDefaults applies, so the three cannot drift apart.

var update = flag.Bool("update", false, "rewrite the README config reference and the Pulumi.yaml descriptions from config.go")

// configSections are the generated README blocks, in README order: a top-level key, "containers" for the container
// table under services, or "jobs" for what a job adds to the task fields.
var configSections = []string{"roles", "platform", "apps", "network", "endpoints", "tags", "loadBalancer", "ingress",
	"cluster", "alarms", "services", "containers", "jobs"}

// docSources are the files whose struct field comments document config: config.go, and the platform contract's
// grants (the apps key's entries are platformcontract.Grant).
var docSources = []string{"config.go", filepath.Join("..", "internal", "platformcontract", "grants.go")}

func sectionMarkers(section string) (start, end string) {
	return "<!-- config:" + section + ":start -->\n", "<!-- config:" + section + ":end -->"
}

// fieldDocs reads the field doc comments of docSources: type name → Go field name → comment text.
func fieldDocs(t *testing.T) map[string]map[string]string {
	t.Helper()
	docs := map[string]map[string]string{}
	for _, source := range docSources {
		file, err := parser.ParseFile(token.NewFileSet(), source, nil, parser.ParseComments)
		require.NoError(t, err)
		readFieldDocs(file, docs)
	}
	return docs
}

// readFieldDocs adds a parsed file's struct field comments to docs.
func readFieldDocs(file *ast.File, docs map[string]map[string]string) {
	ast.Inspect(file, func(node ast.Node) bool {
		spec, ok := node.(*ast.TypeSpec)
		if !ok {
			return true
		}
		structType, ok := spec.Type.(*ast.StructType)
		if !ok {
			return false
		}
		fields := map[string]string{}
		for _, field := range structType.Fields.List {
			for _, name := range field.Names {
				fields[name.Name] = strings.Join(strings.Fields(field.Doc.Text()), " ")
			}
		}
		docs[spec.Name.Name] = fields
		return false
	})
}

// defaultsProbes returns two defaulted configs: plain has one service with an "app" container and nothing else set;
// filled also has every optional object allocated and every list of objects holding one zero element, so the
// defaults of their fields can be read too.
func defaultsProbes() (plain, filled Config) {
	plain = Config{Services: map[string]ServiceConfig{"probe": {TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{AppContainer: {}}}}}}
	plain.applyDefaults()

	container := ContainerConfig{}
	fillOptional(reflect.ValueOf(&container).Elem())
	service := ServiceConfig{}
	fillOptional(reflect.ValueOf(&service).Elem())
	service.Containers = map[string]ContainerConfig{AppContainer: container}
	fillOptional(reflect.ValueOf(&filled).Elem())
	filled.Services = map[string]ServiceConfig{"probe": service}
	filled.applyDefaults()
	return plain, filled
}

// jobProbes are a defaulted on-demand job (plain) and one with every optional object allocated (filled), so the
// schedule's defaults can be read too.
func jobProbes() (plain, filled reflect.Value) {
	plainJob := JobConfig{}
	plainJob.applyDefaults()
	filledJob := JobConfig{}
	fillOptional(reflect.ValueOf(&filledJob).Elem())
	filledJob.applyDefaults()
	return reflect.ValueOf(plainJob), reflect.ValueOf(filledJob)
}

// fillOptional allocates every pointer to a struct and gives every list of structs one element, recursively.
func fillOptional(v reflect.Value) {
	for i := range v.NumField() {
		field := v.Field(i)
		switch {
		case field.Kind() == reflect.Struct:
			fillOptional(field)
		case field.Kind() == reflect.Pointer && field.Type().Elem().Kind() == reflect.Struct:
			field.Set(reflect.New(field.Type().Elem()))
			fillOptional(field.Elem())
		case field.Kind() == reflect.Slice && field.Type().Elem().Kind() == reflect.Struct:
			field.Set(reflect.MakeSlice(field.Type(), 1, 1))
			fillOptional(field.Index(0))
		}
	}
}

func jsonKey(field reflect.StructField) string {
	return strings.Split(field.Tag.Get("json"), ",")[0]
}

// configTypeName is how the README names a Go type.
func configTypeName(typ reflect.Type) string {
	switch typ.Kind() {
	case reflect.Pointer:
		return configTypeName(typ.Elem())
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Struct:
		return "object"
	case reflect.Slice:
		if typ.Elem().Kind() == reflect.Struct {
			return "list of `" + fieldList(typ.Elem(), false) + "`"
		}
		return "list of " + configTypeName(typ.Elem()) + "s"
	case reflect.Map:
		if typ.Elem().Kind() == reflect.Struct {
			return "map of objects"
		}
		return "map of " + configTypeName(typ.Elem()) + "s"
	}
	panic("no README name for " + typ.String())
}

// fieldList names a struct's config fields: "{a, b, c}", with nested objects spelled out when nested is set.
func fieldList(typ reflect.Type, nested bool) string {
	var keys []string
	for _, field := range configFields(typ) {
		key := jsonKey(field)
		if inner := structBehind(field.Type); nested && inner != nil {
			if field.Type.Kind() == reflect.Slice {
				key += " [" + fieldList(inner, nested) + "]"
			} else {
				key += " " + fieldList(inner, nested)
			}
		}
		keys = append(keys, key)
	}
	return "{" + strings.Join(keys, ", ") + "}"
}

// structBehind is the struct type of an object, optional object, list of objects or map of objects, or nil.
func structBehind(typ reflect.Type) reflect.Type {
	switch typ.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		typ = typ.Elem()
	}
	if typ.Kind() == reflect.Struct {
		return typ
	}
	return nil
}

// renderValue writes a defaulted value the way the README shows it: strings bare ("" when empty), lists and objects
// in YAML flow style with their JSON keys.
func renderValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return "none"
		}
		return renderValue(v.Elem())
	case reflect.String:
		if v.String() == "" {
			return `""`
		}
		return v.String()
	case reflect.Slice:
		items := make([]string, v.Len())
		for i := range items {
			items[i] = renderValue(v.Index(i))
		}
		return "[" + strings.Join(items, ", ") + "]"
	case reflect.Map:
		if v.Len() == 0 {
			return "{}"
		}
	case reflect.Struct:
		var fields []string
		for _, field := range configFields(v.Type()) {
			fields = append(fields, jsonKey(field)+": "+renderValue(v.FieldByIndex(field.Index)))
		}
		return "{" + strings.Join(fields, ", ") + "}"
	}
	return fmt.Sprint(v.Interface())
}

// literalDefault matches a default that starts with a literal value: a quoted string, a number, a boolean, or a
// list in flow style.
var literalDefault = regexp.MustCompile(`^("(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?|true|false|\[.*?\])(.*)$`)

// splitDoc cuts a field comment into its meaning and the text of its trailing "Default: …" sentence.
func splitDoc(doc string) (meaning, def string) {
	meaning = strings.TrimSpace(strings.ReplaceAll(doc, "Defaults per field.", ""))
	if i := strings.LastIndex(meaning, "Default: "); i >= 0 {
		def = strings.TrimSuffix(strings.TrimSpace(meaning[i+len("Default: "):]), ".")
		meaning = strings.TrimSpace(meaning[:i])
	}
	return meaning, def
}

// defaultCell is the README's default for a field: the value applyDefaults gives it, followed by the comment's
// explanation. A comment default that names a value must name the applied one; a mismatch is returned as a problem.
func defaultCell(path string, typ reflect.Type, def string, applied reflect.Value) (cell string, problem string) {
	if def == "" {
		if typ.Kind() == reflect.Struct {
			return "per field", ""
		}
		return "—", ""
	}
	shown := renderValue(applied)
	if m := literalDefault.FindStringSubmatch(def); m != nil {
		literal, rest := m[1], m[2]
		if unquoted, err := strconv.Unquote(literal); err == nil {
			literal = unquoted
			if literal == "" {
				literal = `""`
			}
		}
		if literal != shown {
			problem = fmt.Sprintf("%s: the comment says the default is %s, applyDefaults gives %s", path, m[1], shown)
		}
		return "`" + shown + "`" + rest, problem
	}
	if rest, ok := strings.CutPrefix(def, "none"); ok {
		if empty := applied.IsZero() || (applied.Kind() == reflect.Slice || applied.Kind() == reflect.Map) && applied.Len() == 0; !empty {
			problem = fmt.Sprintf("%s: the comment says the default is none, applyDefaults gives %s", path, shown)
		}
		switch applied.Kind() {
		case reflect.Slice, reflect.Map:
			shown = "`" + shown + "`"
		default:
			shown = "none"
		}
		return shown + rest, problem
	}
	return def, ""
}

// configTable generates the README table of one config object; documented holds the object types already
// described in an earlier table (their lists are not described twice).
type configTable struct {
	// ownFieldsOnly leaves out promoted fields (a job's TaskConfig fields, documented with the services').
	ownFieldsOnly bool
	docs          map[string]map[string]string
	documented    map[reflect.Type]bool
	rows          []string
	problems      []string
}

func (ct *configTable) addFields(typ reflect.Type, prefix string, plain, filled reflect.Value) {
	ct.documented[typ] = true
	for _, field := range configFields(typ) {
		if ct.ownFieldsOnly && len(field.Index) > 1 {
			continue
		}
		key := jsonKey(field)
		path := prefix + key
		// A promoted field (TaskConfig's in ServiceConfig) is documented on the struct that declares it.
		owner := typ
		if len(field.Index) > 1 {
			owner = typ.FieldByIndex(field.Index[:len(field.Index)-1]).Type
		}
		doc := ct.docs[owner.Name()][field.Name]
		if doc == "" {
			ct.problems = append(ct.problems, path+": config.go has no doc comment for "+owner.Name()+"."+field.Name)
		}
		meaning, def := splitDoc(doc)
		if rest, ok := strings.CutPrefix(meaning, field.Name); ok && (strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, ",")) {
			meaning = "`" + key + "`" + rest
		}
		plainField, filledField := plain.FieldByIndex(field.Index), filled.FieldByIndex(field.Index)
		cell, problem := defaultCell(path, field.Type, def, plainField)
		if problem != "" {
			ct.problems = append(ct.problems, problem)
		}
		ct.rows = append(ct.rows, fmt.Sprintf("| `%s` | %s | %s | %s |", path, configTypeName(field.Type),
			strings.ReplaceAll(cell, "|", `\|`), strings.ReplaceAll(meaning, "|", `\|`)))

		inner := structBehind(field.Type)
		if inner == nil || field.Type.Kind() == reflect.Map || ct.documented[inner] {
			continue
		}
		switch field.Type.Kind() {
		case reflect.Struct:
			ct.addFields(inner, path+".", plainField, filledField)
		case reflect.Pointer:
			ct.addFields(inner, path+".", filledField.Elem(), filledField.Elem())
		case reflect.Slice:
			ct.addFields(inner, path+"[].", filledField.Index(0), filledField.Index(0))
		}
	}
}

// keySummary is a top-level key's doc comment without its default and its "(config key …)" note, the Go name
// replaced by name.
func keySummary(docs map[string]map[string]string, field reflect.StructField, name string) string {
	key := jsonKey(field)
	meaning, _ := splitDoc(docs["Config"][field.Name])
	meaning = strings.ReplaceAll(meaning, " (config key "+key+")", "")
	if rest, ok := strings.CutPrefix(meaning, field.Name+" "); ok {
		meaning = name + " " + rest
	}
	return meaning
}

// projectDescription is the Pulumi.yaml description of a top-level key: its summary and the names of its fields.
func projectDescription(docs map[string]map[string]string, field reflect.StructField) string {
	text := strings.ReplaceAll(keySummary(docs, field, jsonKey(field)), "`", "")
	inner := structBehind(field.Type)
	if inner == nil {
		return text
	}
	fields := fieldList(inner, true)
	fields = fields[1 : len(fields)-1]
	if field.Type.Kind() == reflect.Map {
		return text + " Fields per entry: " + fields + ". README \"Config reference\" documents every field and default."
	}
	return text + " Fields: " + fields + ". README \"Config reference\" documents every field and default."
}

// foldedLines wraps text into the lines of a YAML folded block scalar (">-"), which joins them with single spaces.
func foldedLines(text, indent string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line != "" && len(indent)+len(line)+1+len(word) > width {
			lines = append(lines, indent+line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, indent+line)
}

// TestProjectFileDescriptionsComeFromConfigGo keeps each Pulumi.yaml key description equal to what config.go says
// about the key; `go test ./components -run TestProjectFileDescriptionsComeFromConfigGo -update` rewrites them.
func TestProjectFileDescriptionsComeFromConfigGo(t *testing.T) {
	docs := fieldDocs(t)
	want := map[string]string{}
	configType := reflect.TypeOf(Config{})
	for i := range configType.NumField() {
		if field := configType.Field(i); jsonKey(field) != "-" {
			want[jsonKey(field)] = projectDescription(docs, field)
		}
	}
	if *update {
		path := filepath.Join("..", "Pulumi.yaml")
		raw, err := os.ReadFile(path)
		require.NoError(t, err)
		var out []string
		key := ""
		lines := strings.Split(string(raw), "\n")
		for i := 0; i < len(lines); i++ {
			line := lines[i]
			if strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") && strings.HasSuffix(line, ":") {
				key = strings.TrimSuffix(strings.TrimSpace(line), ":")
			}
			out = append(out, line)
			if description, ok := want[key]; ok && line == "    description: >-" {
				for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "      ") {
					i++
				}
				out = append(out, foldedLines(description, "      ", 120)...)
			}
		}
		require.NoError(t, os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o644))
	}
	project := readProjectFile(t)
	for key, description := range want {
		assert.Equal(t, description, project.Config[key].Description,
			"Pulumi.yaml description of %s differs from config.go; run go test ./components -run TestProjectFileDescriptionsComeFromConfigGo -update", key)
	}
}

// configReference generates every README block, keyed by section, and the problems found on the way.
func configReference(t *testing.T) (map[string]string, []string) {
	t.Helper()
	ct := &configTable{docs: fieldDocs(t), documented: map[reflect.Type]bool{}}
	plain, filled := defaultsProbes()
	plainV, filledV := reflect.ValueOf(plain), reflect.ValueOf(filled)
	configType := plainV.Type()
	header := "| field | type | default | meaning |\n|---|---|---|---|\n"
	blocks := map[string]string{}
	for i := range configType.NumField() {
		field := configType.Field(i)
		key := jsonKey(field)
		switch field.Type.Kind() {
		case reflect.Struct:
			ct.rows = nil
			ct.addFields(field.Type, "", plainV.Field(i), filledV.Field(i))
			blocks[key] = header + strings.Join(ct.rows, "\n") + "\n"
		case reflect.Map:
			if field.Type.Elem().Kind() != reflect.Struct {
				_, def := splitDoc(ct.docs[configType.Name()][field.Name])
				blocks[key] = keySummary(ct.docs, field, "`"+key+"`") + " Default: " + def + ".\n"
			}
		case reflect.String:
			_, def := splitDoc(ct.docs[configType.Name()][field.Name])
			blocks[key] = keySummary(ct.docs, field, "`"+key+"`") + " Default: " + def + ".\n"
		}
	}
	// The fields of one entry of apps (an app stack's grant); a grant has no defaults applied, so plain and filled
	// are its zero value.
	ct.rows = nil
	grant := reflect.ValueOf(platformcontract.Grant{})
	ct.addFields(grant.Type(), "", grant, grant)
	blocks["apps"] = header + strings.Join(ct.rows, "\n") + "\n"
	blocks["roles"] = rolesTable(configType)
	service := reflect.TypeOf(ServiceConfig{})
	ct.rows = nil
	ct.addFields(service, "", plainV.FieldByName("Services").MapIndex(reflect.ValueOf("probe")),
		filledV.FieldByName("Services").MapIndex(reflect.ValueOf("probe")))
	blocks["services"] = header + strings.Join(ct.rows, "\n") + "\n"
	ct.rows = nil
	app := reflect.ValueOf(AppContainer)
	ct.addFields(reflect.TypeOf(ContainerConfig{}), "",
		plainV.FieldByName("Services").MapIndex(reflect.ValueOf("probe")).FieldByName("Containers").MapIndex(app),
		filledV.FieldByName("Services").MapIndex(reflect.ValueOf("probe")).FieldByName("Containers").MapIndex(app))
	blocks["containers"] = header + strings.Join(ct.rows, "\n") + "\n"
	// A job's task fields are the services' (documented above); the table lists what a job adds.
	ct.rows = nil
	ct.ownFieldsOnly = true
	plainJob, filledJob := jobProbes()
	ct.addFields(reflect.TypeOf(JobConfig{}), "", plainJob, filledJob)
	blocks["jobs"] = header + strings.Join(ct.rows, "\n") + "\n"
	return blocks, ct.problems
}

// TestReadmeConfigReference keeps README.md's config reference equal to what config.go documents and applyDefaults
// applies; `go test ./components -run TestReadmeConfigReference -update` rewrites it.
func TestReadmeConfigReference(t *testing.T) {
	blocks, problems := configReference(t)
	assert.Empty(t, problems, "config.go's field comments disagree with applyDefaults")

	readmePath := filepath.Join("..", "README.md")
	raw, err := os.ReadFile(readmePath)
	require.NoError(t, err)
	text := string(raw)
	for _, section := range configSections {
		want, ok := blocks[section]
		require.True(t, ok, "no generated block for %s", section)
		startMarker, endMarker := sectionMarkers(section)
		start := strings.Index(text, startMarker)
		end := strings.Index(text, endMarker)
		require.True(t, start >= 0 && end > start, "README.md must contain the %s config markers", section)
		if *update {
			text = text[:start+len(startMarker)] + want + text[end:]
			continue
		}
		assert.Equal(t, want, text[start+len(startMarker):end],
			"README config reference for %s differs from config.go; run go test ./components -run TestReadmeConfigReference -update", section)
	}
	if *update {
		require.NoError(t, os.WriteFile(readmePath, []byte(text), 0o644))
	}
}

func TestConfigDocDefaultsMustBeTheAppliedOnes(t *testing.T) {
	cases := []struct {
		name    string
		typ     reflect.Type
		def     string
		applied any
		cell    string
		problem bool
	}{
		{"number that agrees", reflect.TypeOf(0), "90", 90, "`90`", false},
		{"number that disagrees", reflect.TypeOf(0), "90", 30, "`30`", true},
		{"quoted string with an explanation", reflect.TypeOf(""), `"" (no HTTPS)`, "", "`\"\"` (no HTTPS)", false},
		{"quoted string that disagrees", reflect.TypeOf(""), `"ALL"`, "REJECT", "`REJECT`", true},
		{"none for an empty list", reflect.TypeOf([]string{}), "none", []string(nil), "`[]`", false},
		{"none for a list with a default", reflect.TypeOf([]string{}), "none", []string{"a"}, "`[a]`", true},
		{"none for a number that has a default", reflect.TypeOf(0), "none", 5, "none", true},
		{"a default in words is shown as written", reflect.TypeOf(0), "the container's first port", 0, "the container's first port", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cell, problem := defaultCell("key", tc.typ, tc.def, reflect.ValueOf(tc.applied))
			assert.Equal(t, tc.cell, cell)
			assert.Equal(t, tc.problem, problem != "", problem)
		})
	}
}

// rolesTable is the README table of which top-level keys each role accepts: a platform stack every key, an app stack
// only those not in platformOnlyKeys, and platform only in an app stack (it makes the stack one).
func rolesTable(configType reflect.Type) string {
	rows := []string{"| key | platform stack | app stack |", "|---|---|---|", "| `aws:region` | yes | yes (the platform's) |"}
	for _, field := range configFields(configType) {
		key := jsonKey(field)
		platform, app := "yes", "yes"
		switch {
		case key == "platform":
			platform, app = "no (it makes the stack an app stack)", "yes (required)"
		case slices.Contains(platformOnlyKeys, key):
			app = "no: an error naming the key"
		}
		rows = append(rows, fmt.Sprintf("| `%s` | %s | %s |", key, platform, app))
	}
	return strings.Join(rows, "\n") + "\n"
}
