package awsstandin

import (
	"encoding/json"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// located is one value found at a property path, with the concrete path (array indexes filled in) for messages.
type located struct {
	path  string
	value resource.PropertyValue
}

// unwrap strips secrets, so a secret value is checked like a plain one.
func unwrap(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	return v
}

// isUnknown reports whether v is not known yet (a preview's computed value or an unresolved output).
func isUnknown(v resource.PropertyValue) bool {
	v = unwrap(v)
	if v.IsComputed() {
		return true
	}
	if v.IsOutput() {
		return !v.OutputValue().Known
	}
	return false
}

// known returns v's plain value: outputs are opened, secrets unwrapped. ok is false when v is unknown.
func known(v resource.PropertyValue) (resource.PropertyValue, bool) {
	v = unwrap(v)
	if v.IsOutput() {
		if !v.OutputValue().Known {
			return v, false
		}
		return known(v.OutputValue().Element)
	}
	if v.IsComputed() {
		return v, false
	}
	return v, true
}

// present reports whether v holds something: a missing or null property is absent, an unknown one is present.
func present(v resource.PropertyValue) bool {
	if isUnknown(v) {
		return true
	}
	plain, _ := known(v)
	return !plain.IsNull()
}

// lookup returns the values at a dotted path such as "healthCheck.interval" or "loadBalancers[].containerPort";
// a segment ending in "[]" walks every element of an array. Missing intermediate objects yield nothing, an
// unknown intermediate value yields one unknown value.
func lookup(props resource.PropertyMap, path string) []located {
	segments := strings.Split(path, ".")
	current := []located{{path: "", value: resource.NewObjectProperty(props)}}
	for _, segment := range segments {
		each := strings.HasSuffix(segment, "[]")
		key := strings.TrimSuffix(segment, "[]")
		var next []located
		for _, at := range current {
			plain, ok := known(at.value)
			if !ok {
				next = append(next, located{path: join(at.path, key), value: at.value})
				continue
			}
			if !plain.IsObject() {
				continue
			}
			value, has := plain.ObjectValue()[resource.PropertyKey(key)]
			if !has {
				if !each {
					next = append(next, located{path: join(at.path, key), value: resource.NewNullProperty()})
				}
				continue
			}
			if !each {
				next = append(next, located{path: join(at.path, key), value: value})
				continue
			}
			array, ok := known(value)
			if !ok {
				next = append(next, located{path: join(at.path, key) + "[]", value: value})
				continue
			}
			if !array.IsArray() {
				continue
			}
			for i, element := range array.ArrayValue() {
				next = append(next, located{path: fmt.Sprintf("%s[%d]", join(at.path, key), i), value: element})
			}
		}
		current = next
	}
	return current
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// str returns a known string at a top-level key, or "" and false.
func str(props resource.PropertyMap, key string) (string, bool) {
	v, ok := props[resource.PropertyKey(key)]
	if !ok {
		return "", false
	}
	return knownString(v)
}

// knownString returns v as a string when it is a known string (secrets and outputs unwrapped), or "" and false.
func knownString(v resource.PropertyValue) (string, bool) {
	plain, ok := known(v)
	if !ok || !plain.IsString() {
		return "", false
	}
	return plain.StringValue(), true
}

// strAt returns the known string at a dotted path (the first match), or "" and false.
func strAt(props resource.PropertyMap, path string) (string, bool) {
	for _, at := range lookup(props, path) {
		plain, ok := known(at.value)
		if ok && plain.IsString() {
			return plain.StringValue(), true
		}
	}
	return "", false
}

// boolean returns a known bool at a top-level key, or def when it is missing; known is false when it is unknown.
func boolean(props resource.PropertyMap, key string, def bool) (value, isKnown bool) {
	v, ok := props[resource.PropertyKey(key)]
	if !ok {
		return def, true
	}
	plain, ok := known(v)
	if !ok {
		return def, false
	}
	if !plain.IsBool() {
		return def, true
	}
	return plain.BoolValue(), true
}

// number returns a known number at a dotted path, or 0 and false.
func number(props resource.PropertyMap, path string) (float64, bool) {
	for _, at := range lookup(props, path) {
		plain, ok := known(at.value)
		if ok && plain.IsNumber() {
			return plain.NumberValue(), true
		}
	}
	return 0, false
}

// strings returns the known strings of an array at a top-level key. allKnown is false when the array or any
// element is unknown.
func stringList(props resource.PropertyMap, key string) (values []string, allKnown bool) {
	v, ok := props[resource.PropertyKey(key)]
	if !ok {
		return nil, true
	}
	plain, ok := known(v)
	if !ok {
		return nil, false
	}
	if !plain.IsArray() {
		return nil, true
	}
	allKnown = true
	for _, element := range plain.ArrayValue() {
		e, ok := known(element)
		if !ok {
			allKnown = false
			continue
		}
		if e.IsString() {
			values = append(values, e.StringValue())
		}
	}
	return values, allKnown
}

// checker says what is wrong with a known, non-null value, or "" when it is acceptable. violation, when not null, is
// a value of the right type the checker refuses: TestEveryFieldRuleRefusesItsViolation feeds it to every field rule.
type checker struct {
	judge     func(v resource.PropertyValue) string
	violation resource.PropertyValue
}

func str2v(s string) resource.PropertyValue { return resource.NewStringProperty(s) }

// oneOf accepts the listed strings only (case-sensitive, as the provider's StringInSlice(..., false)).
func oneOf(values ...string) checker {
	return checker{violation: str2v("not-" + strings.Join(values, "-or-")), judge: func(v resource.PropertyValue) string {
		if !v.IsString() {
			return fmt.Sprintf("must be one of %s", strings.Join(values, ", "))
		}
		if !slices.Contains(values, v.StringValue()) {
			return fmt.Sprintf("expected to be one of [%s], got %s", strings.Join(values, " "), v.StringValue())
		}
		return ""
	}}
}

// oneOfFold accepts the listed strings in any case (StringInSlice(..., true)).
func oneOfFold(values ...string) checker {
	return checker{violation: str2v("not-" + strings.Join(values, "-or-")), judge: func(v resource.PropertyValue) string {
		if v.IsString() {
			for _, allowed := range values {
				if strings.EqualFold(allowed, v.StringValue()) {
					return ""
				}
			}
		}
		return fmt.Sprintf("expected to be one of [%s], got %v", strings.Join(values, " "), v.V)
	}}
}

// asInt reads a number or a numeric string (the provider accepts both for nullable ints).
func asInt(v resource.PropertyValue) (int, bool) {
	switch {
	case v.IsNumber():
		f := v.NumberValue()
		if f != float64(int(f)) {
			return 0, false
		}
		return int(f), true
	case v.IsString():
		n, err := strconv.Atoi(v.StringValue())
		return n, err == nil
	}
	return 0, false
}

// intBetween accepts whole numbers in [lo, hi] (validation.IntBetween).
func intBetween(lo, hi int) checker {
	outside := hi + 1
	if hi == math.MaxInt32 {
		outside = lo - 1
	}
	return checker{violation: resource.NewNumberProperty(float64(outside)), judge: func(v resource.PropertyValue) string {
		n, ok := asInt(v)
		if !ok {
			return fmt.Sprintf("expected a whole number, got %v", v.V)
		}
		if n < lo || n > hi {
			return fmt.Sprintf("expected to be in the range (%d - %d), got %d", lo, hi, n)
		}
		return ""
	}}
}

// intIn accepts the listed whole numbers only (validation.IntInSlice).
func intIn(values ...int) checker {
	return checker{violation: resource.NewNumberProperty(float64(slices.Max(values) + 1)), judge: func(v resource.PropertyValue) string {
		n, ok := asInt(v)
		if !ok || !slices.Contains(values, n) {
			return fmt.Sprintf("expected to be one of %v, got %v", values, v.V)
		}
		return ""
	}}
}

// anyOf accepts what at least one checker accepts (validation.Any), reporting every reason otherwise.
func anyOf(checkers ...checker) checker {
	judge := func(v resource.PropertyValue) string {
		var reasons []string
		for _, c := range checkers {
			reason := c.judge(v)
			if reason == "" {
				return ""
			}
			reasons = append(reasons, reason)
		}
		return strings.Join(reasons, "; or ")
	}
	c := checker{judge: judge, violation: resource.NewNullProperty()}
	for _, sub := range checkers {
		if !sub.violation.IsNull() && judge(sub.violation) != "" {
			c.violation = sub.violation
			break
		}
	}
	return c
}

// allOf accepts what every checker accepts (validation.All), reporting the first reason.
func allOf(checkers ...checker) checker {
	c := checker{violation: resource.NewNullProperty(), judge: func(v resource.PropertyValue) string {
		for _, c := range checkers {
			if reason := c.judge(v); reason != "" {
				return reason
			}
		}
		return ""
	}}
	for _, sub := range checkers {
		if !sub.violation.IsNull() {
			c.violation = sub.violation
			break
		}
	}
	return c
}

// lenBetween accepts strings of lo to hi characters (validation.StringLenBetween).
func lenBetween(lo, hi int) checker {
	violation := str2v(strings.Repeat("a", hi+1))
	if lo > 0 {
		violation = str2v("")
	}
	return checker{violation: violation, judge: func(v resource.PropertyValue) string {
		if !v.IsString() {
			return "expected a string"
		}
		if n := len(v.StringValue()); n < lo || n > hi {
			return fmt.Sprintf("expected length to be in the range (%d - %d), got %d (%q)", lo, hi, n, v.StringValue())
		}
		return ""
	}}
}

// matches accepts strings matching pattern; what says in words what the pattern allows.
func matches(pattern, what string) checker {
	re := regexp.MustCompile(pattern)
	violation := resource.NewNullProperty()
	for _, candidate := range []string{"!", " ", "a b!", "-", "A_B.C/D"} {
		if !re.MatchString(candidate) {
			violation = str2v(candidate)
			break
		}
	}
	return checker{violation: violation, judge: func(v resource.PropertyValue) string {
		if !v.IsString() || !re.MatchString(v.StringValue()) {
			return fmt.Sprintf("%s, got %q", what, v.V)
		}
		return ""
	}}
}

// notMatches refuses strings matching pattern (validation.StringDoesNotMatch).
func notMatches(pattern, what string) checker {
	re := regexp.MustCompile(pattern)
	violation := resource.NewNullProperty()
	for _, candidate := range []string{"-a", "a-", "internal-a", "xn--a", "a--s3alias", "a-s3alias", "a--ol-s3", "sthree-a", "a..b", "192.168.0.1", "aws:a", "a_"} {
		if re.MatchString(candidate) {
			violation = str2v(candidate)
			break
		}
	}
	return checker{violation: violation, judge: func(v resource.PropertyValue) string {
		if v.IsString() && re.MatchString(v.StringValue()) {
			return fmt.Sprintf("%s, got %q", what, v.StringValue())
		}
		return ""
	}}
}

// cidrV4 accepts an IPv4 network address (no host bits) whose prefix is in [minPrefix, maxPrefix]
// (verify.ValidIPv4CIDRNetworkAddress, validation.IsCIDRNetwork).
func cidrV4(minPrefix, maxPrefix int) checker {
	return checker{violation: str2v("10.0.0.1/24"), judge: func(v resource.PropertyValue) string {
		if !v.IsString() {
			return "expected an IPv4 CIDR"
		}
		prefix, err := netip.ParsePrefix(v.StringValue())
		if err != nil || !prefix.Addr().Is4() {
			return fmt.Sprintf("%q is not a valid IPv4 CIDR", v.StringValue())
		}
		if prefix.Masked() != prefix {
			return fmt.Sprintf("%q is not a valid IPv4 CIDR network address (expected %s)", v.StringValue(), prefix.Masked())
		}
		if prefix.Bits() < minPrefix || prefix.Bits() > maxPrefix {
			return fmt.Sprintf("expected %q to contain a network value with between %d and %d significant bits",
				v.StringValue(), minPrefix, maxPrefix)
		}
		return ""
	}}
}

// cidrV6 accepts an IPv6 network address whose prefix is in [minPrefix, maxPrefix] (verify.ValidIPv6CIDRNetworkAddress).
func cidrV6(minPrefix, maxPrefix int) checker {
	return checker{violation: str2v("2600:1f18::1/64"), judge: func(v resource.PropertyValue) string {
		if !v.IsString() {
			return "expected an IPv6 CIDR"
		}
		prefix, err := netip.ParsePrefix(v.StringValue())
		if err != nil || !prefix.Addr().Is6() {
			return fmt.Sprintf("%q is not a valid IPv6 CIDR", v.StringValue())
		}
		if prefix.Masked() != prefix {
			return fmt.Sprintf("%q is not a valid IPv6 CIDR network address (expected %s)", v.StringValue(), prefix.Masked())
		}
		if prefix.Bits() < minPrefix || prefix.Bits() > maxPrefix {
			return fmt.Sprintf("expected %q to have a prefix length between %d and %d", v.StringValue(), minPrefix, maxPrefix)
		}
		return ""
	}}
}

// arnPattern is the shape verify.ValidARN accepts: arn:partition:service:region:account:resource.
var arnPattern = regexp.MustCompile(`^arn:[\w-]+:[\w-]+:[\w-]*:(\d{12}|aws)?:.+$`)

// validARN accepts ARNs (verify.ValidARN).
func validARN() checker {
	return checker{violation: str2v("not-an-arn"), judge: func(v resource.PropertyValue) string {
		if !v.IsString() || !arnPattern.MatchString(v.StringValue()) {
			return fmt.Sprintf("%q is an invalid ARN", v.V)
		}
		return ""
	}}
}

// jsonDocument accepts a string holding a JSON object (verify.ValidIAMPolicyJSON and friends).
func jsonDocument() checker {
	return checker{violation: str2v(`{"Version": `), judge: func(v resource.PropertyValue) string {
		if !v.IsString() {
			return "expected a JSON document string"
		}
		var doc any
		if err := json.Unmarshal([]byte(v.StringValue()), &doc); err != nil {
			return fmt.Sprintf("invalid JSON: %v", err)
		}
		return ""
	}}
}

// prefixed accepts strings starting with prefix (verify.StringHasPrefix).
func prefixed(prefix string) checker {
	return checker{violation: str2v("x" + prefix), judge: func(v resource.PropertyValue) string {
		if !v.IsString() || !strings.HasPrefix(v.StringValue(), prefix) {
			return fmt.Sprintf("expected value to have prefix %q, got %v", prefix, v.V)
		}
		return ""
	}}
}

// maxItems accepts arrays of at most n elements.
func maxItems(n int) checker {
	items := make([]resource.PropertyValue, n+1)
	for i := range items {
		items[i] = str2v(fmt.Sprintf("item-%d", i))
	}
	return checker{violation: resource.NewArrayProperty(items), judge: func(v resource.PropertyValue) string {
		if v.IsArray() && len(v.ArrayValue()) > n {
			return fmt.Sprintf("attribute supports %d item maximum, but config has %d declared", n, len(v.ArrayValue()))
		}
		return ""
	}}
}

// minItems accepts arrays of at least n elements.
func minItems(n int) checker {
	violation := resource.NewNullProperty()
	if n > 0 {
		violation = resource.NewArrayProperty(make([]resource.PropertyValue, n-1))
	}
	return checker{violation: violation, judge: func(v resource.PropertyValue) string {
		if v.IsArray() && len(v.ArrayValue()) < n {
			return fmt.Sprintf("attribute requires %d item minimum, but config has only %d declared", n, len(v.ArrayValue()))
		}
		return ""
	}}
}
