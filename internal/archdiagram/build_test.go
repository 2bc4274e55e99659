package archdiagram

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/programrun"
)

// repoRoot is the repository root, seen from this package.
const repoRoot = "../.."

// variant runs the dev stack with one object field overridden per entry ("network.egress" → "nat-per-az").
func variant(t *testing.T, overrides map[string]any) *Graph {
	t.Helper()
	cfg, err := programrun.LoadStackConfig(repoRoot, "dev")
	require.NoError(t, err)
	for path, value := range overrides {
		key, field, ok := strings.Cut(path, ".")
		require.True(t, ok, path)
		cfg, err = cfg.WithObjectField(key, field, value)
		require.NoError(t, err)
	}
	result, err := programrun.Run("dev", cfg, nil)
	require.NoError(t, err)
	return Build("dev", result.Resources)
}

func labels(g *Graph) []string {
	var out []string
	var walk func(c *Cluster)
	walk = func(c *Cluster) {
		out = append(out, "cluster: "+c.Label)
		for _, n := range c.Nodes {
			out = append(out, n.Label)
		}
		for _, child := range c.Clusters {
			walk(child)
		}
	}
	for _, n := range g.Nodes {
		out = append(out, n.Label)
	}
	for _, c := range g.Clusters {
		walk(c)
	}
	return out
}

func hasEdge(g *Graph, from, to, label string) bool {
	return slices.Contains(g.Edges, Edge{From: from, To: to, Label: label})
}

func TestBuildDrawsWhatTheProgramRegisters(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[string]any
		// labels that must appear, and labels that must not.
		want, wantNot []string
		edges         []Edge
	}{
		{
			name:    "dev: private subnets only, endpoints, ALB to the service's app container",
			want:    []string{"cluster: AZ eu-west-1a", "private subnet\n10.20.0.0/20", "ecr.api\ninterface endpoint × 2 AZ", "s3\ngateway endpoint", "container app :80\nweb:1.0.0", "container api :8080\napi:1.0.0", "IAM execution role", "IAM task role", "listener HTTP :80\ndefault: 404"},
			wantNot: []string{"internet", "NAT gateway\n+ Elastic IP", "public subnet\n10.20.128.0/20"},
			edges: []Edge{
				{From: "routeTable_network_private_eu_west_1a", To: "vpcEndpoint_endpoints_s3", Label: "S3 prefix list"},
				{From: "targetGroup_loadbalancing_web_tg", To: "ctr_web_app", Label: ":80"},
				{From: "clients", To: "loadBalancer_loadbalancing_alb"},
			},
		},
		{
			name:      "nat-single: one NAT in the first AZ, every private route table through it",
			overrides: map[string]any{"network.egress": "nat-single"},
			want:      []string{"NAT gateway\n+ Elastic IP", "internet gateway", "route table\n(public)", "public subnet\n10.20.128.0/20", "internet"},
			edges: []Edge{
				{From: "routeTable_network_private_eu_west_1a", To: "natGateway_network_nat_eu_west_1a", Label: "0.0.0.0/0"},
				{From: "routeTable_network_private_eu_west_1b", To: "natGateway_network_nat_eu_west_1a", Label: "0.0.0.0/0"},
				{From: "subnet_network_public_eu_west_1a", To: "natGateway_network_nat_eu_west_1a", Label: "hosts"},
				{From: "natGateway_network_nat_eu_west_1a", To: "internetGateway_network_igw"},
			},
		},
		{
			name:      "nat-per-az with IPv6: a NAT per AZ and ::/0 through the egress-only gateway",
			overrides: map[string]any{"network.egress": "nat-per-az", "network.ipv6": true},
			want:      []string{"egress-only internet gateway\n(IPv6 out only)"},
			edges: []Edge{
				{From: "routeTable_network_private_eu_west_1b", To: "natGateway_network_nat_eu_west_1b", Label: "0.0.0.0/0"},
				{From: "routeTable_network_private_eu_west_1a", To: "egressOnlyInternetGateway_network_eigw", Label: "::/0"},
			},
		},
		{
			name:      "http-api: clients reach the HTTP API, whose VPC link targets the ALB listener",
			overrides: map[string]any{"ingress.mode": "http-api"},
			want:      []string{"HTTP API", "VPC link (v2)\nin the first two AZs"},
			edges: []Edge{
				{From: "clients", To: "api_ingress_api", Label: "HTTPS"},
				{From: "vpcLink_ingress_vpc_link", To: "listener_loadbalancing_alb_80"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := variant(t, tt.overrides)
			got := labels(g)
			for _, label := range tt.want {
				assert.Contains(t, got, label)
			}
			for _, label := range tt.wantNot {
				assert.NotContains(t, got, label)
			}
			for _, e := range tt.edges {
				assert.True(t, hasEdge(g, e.From, e.To, e.Label), "missing edge %+v in %+v", e, g.Edges)
			}
		})
	}
}

func TestProdDiagramShowsTheIngressChain(t *testing.T) {
	result, err := programrun.RunStack(repoRoot, "prod")
	require.NoError(t, err)
	g := Build("prod", result.Resources)
	for _, e := range []Edge{
		{From: "clients", To: "restApi_ingress_api", Label: "HTTPS"},
		{From: "restApi_ingress_api", To: "vpcLink_ingress_vpc_link", Label: "integrations"},
		{From: "vpcLink_ingress_vpc_link", To: "loadBalancer_loadbalancing_nlb"},
		{From: "listener_loadbalancing_nlb_443", To: "targetGroup_loadbalancing_nlb_443", Label: "forward"},
		{From: "targetGroup_loadbalancing_nlb_443", To: "loadBalancer_loadbalancing_alb"},
		{From: "listener_loadbalancing_alb_443", To: "listenerRule_loadbalancing_web"},
		{From: "listenerRule_loadbalancing_web", To: "targetGroup_loadbalancing_web_tg", Label: "forward"},
		{From: "targetGroup_loadbalancing_web_tg", To: "ctr_web_app", Label: ":80"},
		{From: "flowLog_network_flow_logs", To: "logGroup_network_flow_logs"},
	} {
		assert.True(t, hasEdge(g, e.From, e.To, e.Label), "missing edge %+v", e)
	}
	got := labels(g)
	assert.Contains(t, got, "rule (priority 49399)\nhost app.example.com\npath /*")
	assert.Contains(t, got, "ECS service web\n2 × 1 vCPU / 2 GB X86_64\nautoscaling 3–12\nFARGATE weight 1 base 2")
	assert.Contains(t, got, "secretsmanager\ninterface endpoint × 3 AZ", "the endpoint the service's secret needs")
	for _, label := range got {
		assert.NotContains(t, label, "urn:pulumi", "labels use config names, not URNs")
	}
}

func TestEveryEdgeJoinsDrawnNodes(t *testing.T) {
	for _, stack := range []string{"dev", "prod", "dev-payments"} {
		result, err := programrun.RunStack(repoRoot, stack)
		require.NoError(t, err)
		g := Build(stack, result.Resources)
		ids := map[string]bool{}
		var walk func(c *Cluster)
		walk = func(c *Cluster) {
			for _, n := range c.Nodes {
				assert.False(t, ids[n.ID], "node %s drawn twice", n.ID)
				ids[n.ID] = true
			}
			for _, child := range c.Clusters {
				walk(child)
			}
		}
		for _, n := range g.Nodes {
			ids[n.ID] = true
		}
		for _, c := range g.Clusters {
			walk(c)
		}
		for _, e := range g.Edges {
			assert.True(t, ids[e.From] && ids[e.To], "%s: edge %s → %s joins a node that is not drawn", stack, e.From, e.To)
		}
	}
}

func TestGenerationIsDeterministic(t *testing.T) {
	first, err := Generate(repoRoot, "prod")
	require.NoError(t, err)
	for range 3 {
		again, err := Generate(repoRoot, "prod")
		require.NoError(t, err)
		require.Equal(t, first, again)
	}
}

// TestJobsAreDrawnWithTheirSchedule: the dev stack's scheduled job hangs off its schedule (expression, zone, retries),
// which sends failed invocations to the dead-letter queue; the on-demand job says so and has no schedule.
func TestJobsAreDrawnWithTheirSchedule(t *testing.T) {
	g := variant(t, nil)
	all := labels(g)
	assert.Contains(t, all, "cluster: EventBridge Scheduler (regional, outside the VPC)")
	assert.Contains(t, all, "schedule nightly-report\ncron(30 2 * * ? *) Europe/Berlin\nstate ENABLED, retries 2")
	assert.Contains(t, all, "job migrate (task definition)\n1 × 0.25 vCPU / 0.5 GB X86_64\non demand (RunTask input exported)")
	assert.Contains(t, all, "SQS dead-letter queue\nSSE, 14 days")
	assert.True(t, hasEdge(g, "schedule_jobs_nightly_report", "taskDefinition_jobs_nightly_report", "RunTask, no public IP"))
	assert.True(t, hasEdge(g, "schedule_jobs_nightly_report", "queue_jobs_dlq", "failed invocations"))
	assert.True(t, hasEdge(g, "taskDefinition_jobs_migrate", "logGroup_jobs_migrate_logs", "awslogs"))
	assert.False(t, slices.ContainsFunc(g.Edges, func(e Edge) bool { return e.To == "taskDefinition_jobs_migrate" }),
		"nothing starts the on-demand job")
}

// TestAppStackIsDrawnInsideItsPlatform: the app stack's service, job and route are drawn inside the platform's VPC,
// cluster and rules listener, which are labelled as the platform's, and no network of its own is drawn.
func TestAppStackIsDrawnInsideItsPlatform(t *testing.T) {
	result, err := programrun.RunStack(repoRoot, "dev-payments")
	require.NoError(t, err)
	g := Build("dev-payments", result.Resources)
	require.Len(t, g.Clusters, 4, "the platform's VPC, scheduler, monitoring and logs")
	vpc := g.Clusters[0]
	assert.Contains(t, vpc.Label, "the platform stack's VPC")
	require.NotEmpty(t, vpc.Clusters)
	assert.Contains(t, vpc.Clusters[0].Label, "the platform's ECS cluster")
	got := labels(g)
	assert.Contains(t, got, "ECS service billing\n1 × 0.25 vCPU / 0.5 GB X86_64\nFARGATE weight 1 base 1")
	assert.Contains(t, got, "rule (priority 20292)\nhost payments.dev.internal\npath /billing/*")
	for _, label := range got {
		assert.NotContains(t, label, "private subnet\n", "no subnet node: the platform's subnets are not this stack's")
		assert.NotContains(t, label, "internal ALB", "nor is its ALB")
	}
	assert.Contains(t, g.Edges, Edge{From: platformListenerID, To: "listenerRule_dev_payments_routes_billing"})
}
