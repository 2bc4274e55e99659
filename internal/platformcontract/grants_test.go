package platformcontract

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func keysOf(problems []Problem) []string {
	var keys []string
	for _, p := range problems {
		keys = append(keys, p.Key)
	}
	return keys
}

func TestGrantProblems(t *testing.T) {
	payments := Grant{Hosts: []string{"pay.example.com"}, PathPrefixes: []string{"/billing/"},
		Priorities: PriorityRange{First: 20000, Last: 20999}, TargetPorts: []int{8080}}
	for _, tc := range []struct {
		name     string
		apps     map[string]Grant
		wantKeys []string
		want     string
	}{
		{"disjoint grants", map[string]Grant{
			"payments": payments,
			"search":   {Hosts: []string{"search.example.com"}, Priorities: PriorityRange{First: 21000, Last: 21999}},
			"shop":     {Hosts: []string{"pay.example.com"}, PathPrefixes: []string{"/shop/"}, Priorities: PriorityRange{First: 1, Last: 999}},
		}, nil, ""},
		{"overlapping ranges", map[string]Grant{
			"payments": payments,
			"search":   {Hosts: []string{"search.example.com"}, Priorities: PriorityRange{First: 20999, Last: 21999}},
		}, []string{"search.priorities"}, "overlaps 20000–20999, the range of app payments"},
		{"same host and prefix", map[string]Grant{
			"payments": payments,
			"thief":    {Hosts: []string{"pay.example.com"}, PathPrefixes: []string{"/billing/"}, Priorities: PriorityRange{First: 1, Last: 2}},
		}, []string{"thief"}, "grants host pay.example.com with path prefix /billing/, which app payments is granted too"},
		{"a prefix inside another app's", map[string]Grant{
			"payments": payments,
			"thief":    {Hosts: []string{"pay.example.com"}, PathPrefixes: []string{"/billing/admin/"}, Priorities: PriorityRange{First: 1, Last: 2}},
		}, []string{"thief"}, "path prefix /billing/admin/"},
		{"every host overlaps a named host", map[string]Grant{
			"payments": payments,
			"thief":    {PathPrefixes: []string{"/"}, Priorities: PriorityRange{First: 1, Last: 2}},
		}, []string{"thief"}, "grants host pay.example.com with path prefix /billing/"},
		{"ranges outside the ALB's priorities", map[string]Grant{
			"a": {Hosts: []string{"a.example.com"}, Priorities: PriorityRange{First: 0, Last: 10}},
			"b": {Hosts: []string{"b.example.com"}, Priorities: PriorityRange{First: 49000, Last: 50001}},
			"c": {Hosts: []string{"c.example.com"}, Priorities: PriorityRange{First: 30, Last: 20}},
			"d": {Hosts: []string{"d.example.com"}},
		}, []string{"a.priorities", "b.priorities", "c.priorities", "d.priorities"}, "inside 1–50000"},
		{"bad hosts, prefixes and ports", map[string]Grant{
			"a": {Hosts: []string{"*.example.com", "A.example.com", "ok.example.com", "ok.example.com"},
				PathPrefixes: []string{"/billing", "/b*/", "/x/", "/x/"}, TargetPorts: []int{0, 80, 70000},
				SubnetAddresses: -1, Priorities: PriorityRange{First: 1, Last: 2}},
		}, []string{"a.hosts[0]", "a.hosts[1]", "a.hosts[3]", "a.pathPrefixes[0]", "a.pathPrefixes[1]",
			"a.pathPrefixes[3]", "a.targetPorts[0]", "a.targetPorts[2]", "a.subnetAddresses"}, ""},
		{"neither hosts nor prefixes", map[string]Grant{"a": {Priorities: PriorityRange{First: 1, Last: 2}}},
			[]string{"a"}, "the whole listener"},
		{"not a stack name", map[string]Grant{"pay/ments": {Hosts: []string{"a.example.com"}, Priorities: PriorityRange{First: 1, Last: 2}}},
			[]string{"pay/ments"}, "is not a stack name"},
		{"one app's name prefix starts another's", map[string]Grant{
			"pay":    {Hosts: []string{"a.example.com"}, Priorities: PriorityRange{First: 1, Last: 2}},
			"pay-eu": {Hosts: []string{"b.example.com"}, Priorities: PriorityRange{First: 3, Last: 4}},
		}, []string{"pay-eu"}, `start with "pay-eu-", which also starts every name of app pay ("pay-")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			problems := GrantProblems(tc.apps)
			assert.Equal(t, tc.wantKeys, keysOf(problems))
			if tc.want != "" && len(problems) > 0 {
				assert.Contains(t, problems[0].Message, tc.want)
			}
		})
	}
}

func TestCoversRoute(t *testing.T) {
	billing := Grant{Hosts: []string{"pay.example.com"}, PathPrefixes: []string{"/billing/"}}
	anyHost := Grant{PathPrefixes: []string{"/search/"}}
	wholeHost := Grant{Hosts: []string{"pay.example.com"}}
	for _, tc := range []struct {
		name        string
		grant       Grant
		hosts       []string
		paths       []string
		wantOutside int
	}{
		{"granted host and path", billing, []string{"pay.example.com"}, []string{"/billing/*"}, 0},
		{"host case does not matter", billing, []string{"Pay.Example.COM"}, []string{"/billing/v1/*"}, 0},
		{"the prefix itself without its slash", billing, []string{"pay.example.com"}, []string{"/billing"}, 0},
		{"another host", billing, []string{"shop.example.com"}, []string{"/billing/*"}, 1},
		{"a wildcard host", billing, []string{"*.example.com"}, []string{"/billing/*"}, 1},
		{"no host is every host", billing, nil, []string{"/billing/*"}, 1},
		{"no path is every path", billing, []string{"pay.example.com"}, nil, 1},
		{"a wildcard escaping the prefix", billing, []string{"pay.example.com"}, []string{"/billing*"}, 1},
		{"path case matters", billing, []string{"pay.example.com"}, []string{"/Billing/*"}, 1},
		{"a sibling prefix", billing, []string{"pay.example.com"}, []string{"/billingadmin/*"}, 1},
		{"every host granted: any host may be named", anyHost, []string{"*.example.com"}, []string{"/search/*"}, 0},
		{"every host granted: no host", anyHost, nil, []string{"/search/*"}, 0},
		{"every path granted: no path", wholeHost, []string{"pay.example.com"}, nil, 0},
		{"everything outside", billing, []string{"a.example.com", "b.example.com"}, []string{"/a/*", "/b/*"}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Len(t, tc.grant.CoversRoute(tc.hosts, tc.paths), tc.wantOutside)
		})
	}
}

func TestMayMatchRoute(t *testing.T) {
	billing := Grant{Hosts: []string{"pay.example.com"}, PathPrefixes: []string{"/billing/"}}
	for _, tc := range []struct {
		name  string
		hosts []string
		paths []string
		want  bool
	}{
		{"every host and path", nil, nil, true},
		{"a catch-all path", []string{"pay.example.com"}, []string{"/*"}, true},
		{"a wildcard host that matches", []string{"*.example.com"}, []string{"/billing/x"}, true},
		{"a one-letter wildcard host", []string{"pa?.example.com"}, nil, true},
		{"a wildcard host that does not", []string{"*.example.org"}, nil, false},
		{"a pattern reaching into the prefix", []string{"pay.example.com"}, []string{"/b*"}, true},
		{"another path", []string{"pay.example.com"}, []string{"/api/*"}, false},
		{"the prefix's parent without a wildcard", []string{"pay.example.com"}, []string{"/billing"}, false},
		{"a path under the prefix on another host", []string{"shop.example.com"}, []string{"/billing/*"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, billing.MayMatchRoute(tc.hosts, tc.paths))
		})
	}
}

func TestGlobMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true}, {"*.a.com", "x.a.com", true}, {"*.a.com", "a.com", false}, {"?.a.com", "xy.a.com", false},
		{"x*y", "xabcy", true}, {"x*y", "xabc", false}, {"abc", "abc", true}, {"abc", "abcd", false},
	} {
		t.Run(fmt.Sprintf("%s~%s", tc.pattern, tc.s), func(t *testing.T) {
			assert.Equal(t, tc.want, globMatch(tc.pattern, tc.s))
		})
	}
}
