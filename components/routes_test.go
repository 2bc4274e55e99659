package components

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func routes(hosts, paths []string) ServiceConfig {
	return ServiceConfig{Routing: &RoutingConfig{Hosts: hosts, Paths: paths}}
}

func TestRouteConflicts(t *testing.T) {
	for name, tc := range map[string]struct {
		services  map[string]ServiceConfig
		conflicts []RouteConflict
	}{
		"distinct hosts": {
			services: map[string]ServiceConfig{"web": routes([]string{"www.example.com"}, nil), "api": routes([]string{"api.example.com"}, nil)},
		},
		"same host, distinct paths": {
			services: map[string]ServiceConfig{
				"web": routes([]string{"example.com"}, []string{"/web/*"}),
				"api": routes([]string{"example.com"}, []string{"/api/*"}),
			},
		},
		"same host": {
			services:  map[string]ServiceConfig{"web": routes([]string{"www.example.com"}, nil), "api": routes([]string{"www.example.com"}, nil)},
			conflicts: []RouteConflict{{Host: "www.example.com", Path: anyValue, Services: []string{"api", "web"}}},
		},
		"hosts compare without case": {
			services:  map[string]ServiceConfig{"web": routes([]string{"WWW.example.com"}, nil), "api": routes([]string{"www.EXAMPLE.com"}, nil)},
			conflicts: []RouteConflict{{Host: "www.example.com", Path: anyValue, Services: []string{"api", "web"}}},
		},
		"paths compare with case": {
			services: map[string]ServiceConfig{"web": routes(nil, []string{"/Api/*"}), "api": routes(nil, []string{"/api/*"})},
		},
		"same path, one overlapping host among several": {
			services: map[string]ServiceConfig{
				"web": routes([]string{"a.example.com", "b.example.com"}, []string{"/x"}),
				"api": routes([]string{"b.example.com", "c.example.com"}, []string{"/x"}),
			},
			conflicts: []RouteConflict{{Host: "b.example.com", Path: "/x", Services: []string{"api", "web"}}},
		},
		"host only and path only do not clash": {
			services: map[string]ServiceConfig{"web": routes([]string{"example.com"}, nil), "api": routes(nil, []string{"/api/*"})},
		},
		"unrouted services are ignored": {
			services: map[string]ServiceConfig{"web": routes([]string{"example.com"}, nil), "worker": {}},
		},
	} {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.conflicts, RouteConflicts(tc.services))
		})
	}
}

func TestPatternProblems(t *testing.T) {
	for _, tc := range []struct {
		host, path string
		ok         bool
	}{
		{host: "www.example.com", path: "/api/*", ok: true},
		{host: "*.example.com", path: "/a?c/~user/$x", ok: true},
		{host: "bad host", path: "api/*"},
		{host: "", path: "/bad path"},
		{host: "under_score.example.com", path: "/" + strings.Repeat("a", maxPatternLength)},
	} {
		hostProblem, pathProblem := hostPatternProblem(tc.host), pathPatternProblem(tc.path)
		if tc.ok {
			assert.Empty(t, hostProblem, tc.host)
			assert.Empty(t, pathProblem, tc.path)
		} else {
			assert.NotEmpty(t, hostProblem, tc.host)
			assert.NotEmpty(t, pathProblem, tc.path)
		}
	}
}
