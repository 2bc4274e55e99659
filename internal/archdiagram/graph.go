// Package archdiagram draws the architecture of a stack from what components.Program registers (a run under
// recording mocks, see internal/programrun): VPC → AZs → subnets, route tables and egress, endpoints, load
// balancers with listeners, rules and target groups, services with containers, ports and IAM roles, and the API
// Gateway ingress. It renders the same graph as Mermaid (for GitHub markdown and PR comments) and as Graphviz DOT
// (rendered to SVG by `make diagram`). Labels use config names (AZ, service, container, endpoint), never URNs.
package archdiagram

import (
	"fmt"
	"sort"
	"strings"
)

// Shape is how a node is drawn.
type Shape int

const (
	// Box is the default: a resource.
	Box Shape = iota
	// Gateway is a stadium: a way in or out of the VPC (gateways, NAT, endpoints, VPC links).
	Gateway
	// Store is a cylinder: logs and buckets.
	Store
	// Role is a hexagon: IAM roles.
	Role
)

// Node is one box of the diagram.
type Node struct {
	ID    string
	Label string
	Shape Shape
}

// Edge is an arrow between two nodes.
type Edge struct {
	From, To string
	Label    string
}

// Cluster is a labelled group of nodes and nested clusters (VPC, AZ, a service).
type Cluster struct {
	ID       string
	Label    string
	Nodes    []Node
	Clusters []*Cluster
}

// Graph is the whole diagram: top-level nodes and clusters, and the edges between any nodes.
type Graph struct {
	Title    string
	Nodes    []Node
	Clusters []*Cluster
	Edges    []Edge
}

// Empty reports whether the cluster has nothing to draw.
func (c *Cluster) Empty() bool {
	if len(c.Nodes) > 0 {
		return false
	}
	for _, child := range c.Clusters {
		if !child.Empty() {
			return false
		}
	}
	return true
}

// sortEdges orders edges so that output never depends on map iteration or registration order.
func (g *Graph) sortEdges() {
	sort.Slice(g.Edges, func(i, j int) bool {
		a, b := g.Edges[i], g.Edges[j]
		if a.From != b.From {
			return a.From < b.From
		}
		if a.To != b.To {
			return a.To < b.To
		}
		return a.Label < b.Label
	})
	// A dependency can be recorded twice (an input and dependsOn); draw it once.
	out := g.Edges[:0]
	for i, e := range g.Edges {
		if i > 0 && e == g.Edges[i-1] {
			continue
		}
		out = append(out, e)
	}
	g.Edges = out
}

// Mermaid renders the graph as a Mermaid flowchart (left to right).
func (g *Graph) Mermaid() string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	for _, n := range g.Nodes {
		writeMermaidNode(&b, "  ", n)
	}
	for _, c := range g.Clusters {
		writeMermaidCluster(&b, "  ", c)
	}
	for _, e := range g.Edges {
		if e.Label == "" {
			fmt.Fprintf(&b, "  %s --> %s\n", e.From, e.To)
			continue
		}
		fmt.Fprintf(&b, "  %s -->|%s| %s\n", e.From, mermaidText(e.Label), e.To)
	}
	return b.String()
}

func writeMermaidCluster(b *strings.Builder, indent string, c *Cluster) {
	if c.Empty() {
		return
	}
	fmt.Fprintf(b, "%ssubgraph %s[\"%s\"]\n", indent, c.ID, mermaidText(c.Label))
	for _, n := range c.Nodes {
		writeMermaidNode(b, indent+"  ", n)
	}
	for _, child := range c.Clusters {
		writeMermaidCluster(b, indent+"  ", child)
	}
	fmt.Fprintf(b, "%send\n", indent)
}

func writeMermaidNode(b *strings.Builder, indent string, n Node) {
	open, closing := "[\"", "\"]"
	switch n.Shape {
	case Gateway:
		open, closing = "([\"", "\"])"
	case Store:
		open, closing = "[(\"", "\")]"
	case Role:
		open, closing = "{{\"", "\"}}"
	}
	fmt.Fprintf(b, "%s%s%s%s%s\n", indent, n.ID, open, mermaidText(n.Label), closing)
}

// mermaidText escapes a label for Mermaid: quotes and pipes become entity codes, newlines <br/>.
func mermaidText(s string) string {
	s = strings.ReplaceAll(s, "\"", "#quot;")
	s = strings.ReplaceAll(s, "|", "#124;")
	return strings.ReplaceAll(s, "\n", "<br/>")
}

// DOT renders the graph as Graphviz DOT (left to right, one cluster per group).
func (g *Graph) DOT() string {
	var b strings.Builder
	b.WriteString("digraph architecture {\n")
	fmt.Fprintf(&b, "  label=%s;\n  labelloc=t;\n", dotQuote(g.Title))
	b.WriteString("  rankdir=LR;\n  newrank=true;\n  fontname=\"Helvetica\";\n")
	b.WriteString("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	for _, n := range g.Nodes {
		writeDOTNode(&b, "  ", n)
	}
	for _, c := range g.Clusters {
		writeDOTCluster(&b, "  ", c)
	}
	for _, e := range g.Edges {
		if e.Label == "" {
			fmt.Fprintf(&b, "  %s -> %s;\n", e.From, e.To)
			continue
		}
		fmt.Fprintf(&b, "  %s -> %s [label=%s];\n", e.From, e.To, dotQuote(e.Label))
	}
	b.WriteString("}\n")
	return b.String()
}

func writeDOTCluster(b *strings.Builder, indent string, c *Cluster) {
	if c.Empty() {
		return
	}
	fmt.Fprintf(b, "%ssubgraph cluster_%s {\n", indent, c.ID)
	fmt.Fprintf(b, "%s  label=%s;\n%s  style=\"rounded\";\n", indent, dotQuote(c.Label), indent)
	for _, n := range c.Nodes {
		writeDOTNode(b, indent+"  ", n)
	}
	for _, child := range c.Clusters {
		writeDOTCluster(b, indent+"  ", child)
	}
	fmt.Fprintf(b, "%s}\n", indent)
}

func writeDOTNode(b *strings.Builder, indent string, n Node) {
	attrs := ""
	switch n.Shape {
	case Gateway:
		attrs = ", shape=box, style=\"rounded,filled,bold\", fillcolor=\"#e8f1fb\""
	case Store:
		attrs = ", shape=cylinder, style=filled, fillcolor=\"#f4f4f4\""
	case Role:
		attrs = ", shape=hexagon, style=filled, fillcolor=\"#fdf6e3\""
	}
	fmt.Fprintf(b, "%s%s [label=%s%s];\n", indent, n.ID, dotQuote(n.Label), attrs)
}

// dotQuote quotes a DOT string; newlines become centred line breaks.
func dotQuote(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "\"", "\\\"")
	return "\"" + strings.ReplaceAll(s, "\n", "\\n") + "\""
}

// nodeID makes a Mermaid- and DOT-safe identifier from parts: letters, digits and underscores only.
func nodeID(parts ...string) string {
	var b strings.Builder
	for i, part := range parts {
		if i > 0 {
			b.WriteByte('_')
		}
		for _, r := range part {
			switch {
			case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
				b.WriteRune(r)
			default:
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}
