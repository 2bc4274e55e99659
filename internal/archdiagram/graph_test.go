package archdiagram

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func tinyGraph() *Graph {
	g := &Graph{
		Title: `stack "t"`,
		Nodes: []Node{{ID: "clients", Label: "clients"}},
		Clusters: []*Cluster{
			{ID: "vpc", Label: "VPC 10.0.0.0/16", Nodes: []Node{{ID: "nat", Label: "NAT\ngateway", Shape: Gateway}},
				Clusters: []*Cluster{{ID: "empty", Label: "drawn only when it has nodes"}}},
			{ID: "logs", Label: "logs", Nodes: []Node{{ID: "lg", Label: `say "hi" | bye`, Shape: Store}, {ID: "role", Label: "IAM role", Shape: Role}}},
		},
		Edges: []Edge{{From: "nat", To: "lg"}, {From: "clients", To: "nat", Label: "0.0.0.0/0"}, {From: "nat", To: "lg"}},
	}
	g.sortEdges()
	return g
}

func TestMermaidRendersClustersShapesAndEscapes(t *testing.T) {
	want := `flowchart LR
  clients["clients"]
  subgraph vpc["VPC 10.0.0.0/16"]
    nat(["NAT<br/>gateway"])
  end
  subgraph logs["logs"]
    lg[("say #quot;hi#quot; #124; bye")]
    role{{"IAM role"}}
  end
  clients -->|0.0.0.0/0| nat
  nat --> lg
`
	assert.Equal(t, want, tinyGraph().Mermaid())
}

func TestDOTRendersClustersShapesAndEscapes(t *testing.T) {
	want := `digraph architecture {
  label="stack \"t\"";
  labelloc=t;
  rankdir=LR;
  newrank=true;
  fontname="Helvetica";
  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];
  edge [fontname="Helvetica", fontsize=9];
  clients [label="clients"];
  subgraph cluster_vpc {
    label="VPC 10.0.0.0/16";
    style="rounded";
    nat [label="NAT\ngateway", shape=box, style="rounded,filled,bold", fillcolor="#e8f1fb"];
  }
  subgraph cluster_logs {
    label="logs";
    style="rounded";
    lg [label="say \"hi\" | bye", shape=cylinder, style=filled, fillcolor="#f4f4f4"];
    role [label="IAM role", shape=hexagon, style=filled, fillcolor="#fdf6e3"];
  }
  clients -> nat [label="0.0.0.0/0"];
  nat -> lg;
}
`
	assert.Equal(t, want, tinyGraph().DOT())
}

func TestLabelHelpers(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"interface endpoint service", endpointService("com.amazonaws.eu-west-1.ecr.api"), "ecr.api"},
		{"gateway endpoint service", endpointService("com.amazonaws.eu-west-1.s3"), "s3"},
		{"not an AWS service name", endpointService("com.example.vpce.svc-1"), "com.example.vpce.svc-1"},
		{"private ECR image", imageName("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0"), "web:1.0.0"},
		{"Docker Hub image", imageName("nginx:1.27"), "nginx:1.27"},
		{"node id keeps letters and digits", nodeID("subnet", "network-private-eu-west-1a"), "subnet_network_private_eu_west_1a"},
		{"half a vCPU", trimFloat(512.0 / 1024), "0.5"},
		{"two GB", trimFloat(2048.0 / 1024), "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, tt.got) })
	}
}
