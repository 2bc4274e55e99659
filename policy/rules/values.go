package rules

import (
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// tri is a three-valued truth: what a rule knows about a fact during preview, when some values are unknown.
type tri int

const (
	no tri = iota
	unknown
	yes
)

func triOf(b bool) tri {
	if b {
		return yes
	}
	return no
}

// and is Kleene conjunction: no wins, then unknown.
func and(values ...tri) tri {
	result := yes
	for _, v := range values {
		if v < result {
			result = v
		}
	}
	return result
}

// not is Kleene negation: unknown stays unknown.
func not(v tri) tri {
	return yes - v
}

// or is Kleene disjunction: yes wins, then unknown.
func or(values ...tri) tri {
	result := no
	for _, v := range values {
		if v > result {
			result = v
		}
	}
	return result
}

// boolValue reads a boolean that may be sent as a bool or as a "true"/"false" string (launch templates use
// strings). A missing value yields def; an unknown value yields known=false.
func boolValue(v property.Value, def bool) (value, known bool) {
	switch {
	case v.IsComputed():
		return false, false
	case v.IsNull():
		return def, true
	case v.IsBool():
		return v.AsBool(), true
	case v.IsString():
		switch strings.ToLower(strings.TrimSpace(v.AsString())) {
		case "true":
			return true, true
		case "false":
			return false, true
		case "":
			return def, true
		}
	}
	return def, true
}

// boolTri reads a boolean property as yes/no/unknown.
func boolTri(m property.Map, key string, def bool) tri {
	b, known := boolValue(m.Get(key), def)
	if !known {
		return unknown
	}
	return triOf(b)
}

// stringValue reads a string (a number reads as its decimal text). Missing or empty yields def.
func stringValue(v property.Value, def string) (value string, known bool) {
	switch {
	case v.IsComputed():
		return "", false
	case v.IsString():
		if v.AsString() == "" {
			return def, true
		}
		return v.AsString(), true
	case v.IsNumber():
		return strconv.FormatFloat(v.AsNumber(), 'f', -1, 64), true
	case v.IsBool():
		return strconv.FormatBool(v.AsBool()), true
	}
	return def, true
}

// str reads a string property with a default.
func str(m property.Map, key, def string) (string, bool) {
	return stringValue(m.Get(key), def)
}

// isSet reports whether a property holds a non-empty value: unknown means it is set to something not known yet.
func isSet(m property.Map, key string) tri {
	v := m.Get(key)
	switch {
	case v.IsComputed():
		return unknown
	case v.IsNull():
		return no
	case v.IsString():
		return triOf(v.AsString() != "")
	case v.IsArray():
		return triOf(v.AsArray().Len() > 0)
	case v.IsMap():
		return triOf(v.AsMap().Len() > 0)
	}
	return yes
}

// list returns the elements of an array property; a missing value is an empty list and an unknown array reports
// known=false. Elements may themselves be unknown.
func list(v property.Value) (items []property.Value, known bool) {
	switch {
	case v.IsComputed():
		return nil, false
	case v.IsArray():
		return v.AsArray().AsSlice(), true
	}
	return nil, true
}

// object returns a map value, or an empty map when missing; known=false when unknown.
func object(v property.Value) (property.Map, bool) {
	switch {
	case v.IsComputed():
		return property.Map{}, false
	case v.IsMap():
		return v.AsMap(), true
	}
	return property.Map{}, true
}

// isOpenCIDR reports whether cidr is a /0 (0.0.0.0/0, ::/0 or any spelling of them).
func isOpenCIDR(cidr string) bool {
	_, network, err := net.ParseCIDR(strings.TrimSpace(cidr))
	if err != nil {
		return false
	}
	ones, _ := network.Mask.Size()
	return ones == 0
}

// container is the part of an ECS container definition the rules read.
type container struct {
	Name                   string          `json:"name"`
	Image                  string          `json:"image"`
	Privileged             *bool           `json:"privileged"`
	ReadonlyRootFilesystem *bool           `json:"readonlyRootFilesystem"`
	LogConfiguration       *logConfigField `json:"logConfiguration"`
	User                   string          `json:"user"`
	Environment            []struct {
		Name string `json:"name"`
	} `json:"environment"`
}

type logConfigField struct {
	LogDriver string `json:"logDriver"`
}

// label names a container in messages.
func (c container) label(index int) string {
	if c.Name != "" {
		return fmt.Sprintf("container %q", c.Name)
	}
	return fmt.Sprintf("container #%d", index+1)
}

// containerDefinitions parses a task definition's containerDefinitions, a JSON string in the engine (possibly
// secret). known=false when the string is unknown; err is set when it is not a JSON array of objects.
func containerDefinitions(props property.Map) (containers []container, known bool, err error) {
	v := props.Get("containerDefinitions")
	switch {
	case v.IsComputed():
		return nil, false, nil
	case v.IsNull():
		return nil, true, nil
	case v.IsString():
		containers, err := parseContainerDefinitions(v.AsString())
		return containers, true, err
	case v.IsArray():
		// aws-native sends the definitions as objects with the same field names (@pulumi/aws-native 1.79.0
		// ecs TaskDefinitionContainerDefinitionArgs); as JSON they parse like pulumi-aws's string.
		raw, rawKnown := plain(v)
		if !rawKnown {
			return nil, false, nil
		}
		text, err := json.Marshal(raw)
		if err != nil {
			return nil, true, fmt.Errorf("containerDefinitions: %w", err)
		}
		containers, err := parseContainerDefinitions(string(text))
		return containers, true, err
	}
	return nil, true, fmt.Errorf("containerDefinitions is not a JSON string or a list of container definitions")
}

// lastContainerDefinitions is the most recent parse: the task definition rules run one after the other on the same
// resource, each asking for the same JSON, so it is parsed once per resource instead of once per rule.
var lastContainerDefinitions atomic.Pointer[parsedContainers]

type parsedContainers struct {
	text       string
	containers []container
	err        error
}

// parseContainerDefinitions parses containerDefinitions JSON. Callers only read the result, so it may be shared.
func parseContainerDefinitions(text string) ([]container, error) {
	if last := lastContainerDefinitions.Load(); last != nil && last.text == text {
		return last.containers, last.err
	}
	var containers []container
	var err error
	if jsonErr := json.Unmarshal([]byte(text), &containers); jsonErr != nil {
		containers, err = nil, fmt.Errorf("containerDefinitions is not a JSON array of container definitions: %w", jsonErr)
	}
	lastContainerDefinitions.Store(&parsedContainers{text: text, containers: containers, err: err})
	return containers, err
}

// usesAwslogs reports whether a task definition sends any container's logs with the awslogs driver.
func usesAwslogs(props property.Map) tri {
	containers, known, err := containerDefinitions(props)
	if !known {
		return unknown
	}
	if err != nil {
		return no
	}
	for _, c := range containers {
		if c.LogConfiguration != nil && c.LogConfiguration.LogDriver == "awslogs" {
			return yes
		}
	}
	return no
}

// parseTaskCPU reads task-level cpu: CPU units ("256") or vCPU ("0.25 vCPU", "1 vcpu").
func parseTaskCPU(text string) (int, error) {
	return parseTaskSize(text, "vcpu")
}

// parseTaskMemory reads task-level memory: MiB ("512") or GB ("0.5 GB", "2GB").
func parseTaskMemory(text string) (int, error) {
	return parseTaskSize(text, "gb")
}

func parseTaskSize(text, unit string) (int, error) {
	normalized := strings.ToLower(strings.TrimSpace(text))
	scale := 1.0
	if strings.HasSuffix(normalized, unit) {
		normalized = strings.TrimSpace(strings.TrimSuffix(normalized, unit))
		scale = 1024
	}
	n, err := strconv.ParseFloat(normalized, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a number", text)
	}
	scaled := n * scale
	if scaled != float64(int(scaled)) {
		return 0, fmt.Errorf("%q is not a whole number of units", text)
	}
	return int(scaled), nil
}

func number(m property.Map, key string) float64 {
	v := m.Get(key)
	if v.IsNumber() {
		return v.AsNumber()
	}
	text, _ := stringValue(v, "0")
	var n float64
	_, _ = fmt.Sscan(text, &n)
	return n
}
