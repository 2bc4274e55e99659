package awsstandin

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

func TestDiffReportsChangesAndReplacementsPerType(t *testing.T) {
	subnet := map[string]any{"vpcId": "vpc-1", "cidrBlock": "10.0.0.0/24", "availabilityZone": "us-east-1a",
		"tags": map[string]any{"Name": "a"}}
	vpc := map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true}
	targetGroup := map[string]any{"port": 8080, "protocol": "HTTP", "targetType": "ip", "vpcId": "vpc-1",
		"healthCheck": map[string]any{"path": "/health"}}
	loadBalancer := map[string]any{"internal": true, "loadBalancerType": "application", "idleTimeout": 60}
	taskDefinition := map[string]any{"family": "api", "cpu": "256", "memory": "512"}
	endpoint := map[string]any{"vpcId": "vpc-1", "serviceName": "com.amazonaws.us-east-1.ecr.api",
		"vpcEndpointType": "Interface", "privateDnsEnabled": true}
	securityGroup := map[string]any{"vpcId": "vpc-1", "name": "sg", "description": "api", "tags": map[string]any{}}

	with := func(base map[string]any, key string, value any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		if value == nil {
			delete(out, key)
		} else {
			out[key] = value
		}
		return out
	}

	tests := []struct {
		name         string
		typ          tokens.Type
		olds, news   map[string]any
		ignore       []string
		wantChanged  []resource.PropertyKey
		wantReplaced []resource.PropertyKey
		wantKind     plugin.DiffKind // kind of the first changed key
	}{
		{name: "equal subnet inputs are no change", typ: awstypes.Ec2Subnet, olds: subnet, news: subnet},
		{name: "subnet cidrBlock replaces", typ: awstypes.Ec2Subnet, olds: subnet,
			news:        with(subnet, "cidrBlock", "10.0.1.0/24"),
			wantChanged: []resource.PropertyKey{"cidrBlock"}, wantReplaced: []resource.PropertyKey{"cidrBlock"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "subnet availabilityZone replaces", typ: awstypes.Ec2Subnet, olds: subnet,
			news:        with(subnet, "availabilityZone", "us-east-1b"),
			wantChanged: []resource.PropertyKey{"availabilityZone"}, wantReplaced: []resource.PropertyKey{"availabilityZone"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "subnet vpcId replaces", typ: awstypes.Ec2Subnet, olds: subnet, news: with(subnet, "vpcId", "vpc-2"),
			wantChanged: []resource.PropertyKey{"vpcId"}, wantReplaced: []resource.PropertyKey{"vpcId"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "subnet tags update in place", typ: awstypes.Ec2Subnet, olds: subnet,
			news:        with(subnet, "tags", map[string]any{"Name": "b"}),
			wantChanged: []resource.PropertyKey{"tags"}, wantKind: plugin.DiffUpdate},
		{name: "subnet added mapPublicIpOnLaunch updates in place", typ: awstypes.Ec2Subnet, olds: subnet,
			news:        with(subnet, "mapPublicIpOnLaunch", true),
			wantChanged: []resource.PropertyKey{"mapPublicIpOnLaunch"}, wantKind: plugin.DiffAdd},
		{name: "removed subnet tags are a delete", typ: awstypes.Ec2Subnet, olds: subnet,
			news:        with(subnet, "tags", nil),
			wantChanged: []resource.PropertyKey{"tags"}, wantKind: plugin.DiffDelete},
		{name: "ignored changes are not reported", typ: awstypes.Ec2Subnet, olds: subnet,
			news: with(subnet, "cidrBlock", "10.0.9.0/24"), ignore: []string{"cidrBlock"}},
		{name: "vpc cidrBlock replaces", typ: awstypes.Ec2Vpc, olds: vpc, news: with(vpc, "cidrBlock", "10.1.0.0/16"),
			wantChanged: []resource.PropertyKey{"cidrBlock"}, wantReplaced: []resource.PropertyKey{"cidrBlock"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "vpc dns hostnames update in place", typ: awstypes.Ec2Vpc, olds: vpc,
			news:        with(vpc, "enableDnsHostnames", false),
			wantChanged: []resource.PropertyKey{"enableDnsHostnames"}, wantKind: plugin.DiffUpdate},
		{name: "target group port replaces", typ: awstypes.LbTargetGroup, olds: targetGroup,
			news:        with(targetGroup, "port", 9090),
			wantChanged: []resource.PropertyKey{"port"}, wantReplaced: []resource.PropertyKey{"port"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "target group protocol replaces", typ: awstypes.LbTargetGroup, olds: targetGroup,
			news:        with(targetGroup, "protocol", "HTTPS"),
			wantChanged: []resource.PropertyKey{"protocol"}, wantReplaced: []resource.PropertyKey{"protocol"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "target group targetType replaces", typ: awstypes.LbTargetGroup, olds: targetGroup,
			news:        with(targetGroup, "targetType", "instance"),
			wantChanged: []resource.PropertyKey{"targetType"}, wantReplaced: []resource.PropertyKey{"targetType"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "target group vpcId replaces", typ: awstypes.LbTargetGroup, olds: targetGroup,
			news:        with(targetGroup, "vpcId", "vpc-2"),
			wantChanged: []resource.PropertyKey{"vpcId"}, wantReplaced: []resource.PropertyKey{"vpcId"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "target group health check updates in place", typ: awstypes.LbTargetGroup, olds: targetGroup,
			news:        with(targetGroup, "healthCheck", map[string]any{"path": "/ready"}),
			wantChanged: []resource.PropertyKey{"healthCheck"}, wantKind: plugin.DiffUpdate},
		{name: "load balancer internal replaces", typ: awstypes.LbLoadBalancer, olds: loadBalancer,
			news:        with(loadBalancer, "internal", false),
			wantChanged: []resource.PropertyKey{"internal"}, wantReplaced: []resource.PropertyKey{"internal"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "load balancer type replaces", typ: awstypes.LbLoadBalancer, olds: loadBalancer,
			news:        with(loadBalancer, "loadBalancerType", "network"),
			wantChanged: []resource.PropertyKey{"loadBalancerType"}, wantReplaced: []resource.PropertyKey{"loadBalancerType"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "load balancer idle timeout updates in place", typ: awstypes.LbLoadBalancer, olds: loadBalancer,
			news:        with(loadBalancer, "idleTimeout", 120),
			wantChanged: []resource.PropertyKey{"idleTimeout"}, wantKind: plugin.DiffUpdate},
		{name: "task definition cpu replaces", typ: awstypes.EcsTaskDefinition, olds: taskDefinition,
			news:        with(taskDefinition, "cpu", "512"),
			wantChanged: []resource.PropertyKey{"cpu"}, wantReplaced: []resource.PropertyKey{"cpu"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "task definition added key replaces", typ: awstypes.EcsTaskDefinition, olds: taskDefinition,
			news:        with(taskDefinition, "volumes", []any{map[string]any{"name": "cache"}}),
			wantChanged: []resource.PropertyKey{"volumes"}, wantReplaced: []resource.PropertyKey{"volumes"},
			wantKind: plugin.DiffAddReplace},
		{name: "task definition tags update in place", typ: awstypes.EcsTaskDefinition, olds: taskDefinition,
			news:        with(taskDefinition, "tags", map[string]any{"team": "a"}),
			wantChanged: []resource.PropertyKey{"tags"}, wantKind: plugin.DiffAdd},
		{name: "vpc endpoint serviceName replaces", typ: awstypes.Ec2VpcEndpoint, olds: endpoint,
			news:        with(endpoint, "serviceName", "com.amazonaws.us-east-1.ecr.dkr"),
			wantChanged: []resource.PropertyKey{"serviceName"}, wantReplaced: []resource.PropertyKey{"serviceName"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "vpc endpoint type replaces", typ: awstypes.Ec2VpcEndpoint, olds: endpoint,
			news:        with(endpoint, "vpcEndpointType", "Gateway"),
			wantChanged: []resource.PropertyKey{"vpcEndpointType"}, wantReplaced: []resource.PropertyKey{"vpcEndpointType"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "vpc endpoint vpcId replaces", typ: awstypes.Ec2VpcEndpoint, olds: endpoint,
			news:        with(endpoint, "vpcId", "vpc-2"),
			wantChanged: []resource.PropertyKey{"vpcId"}, wantReplaced: []resource.PropertyKey{"vpcId"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "vpc endpoint private dns updates in place", typ: awstypes.Ec2VpcEndpoint, olds: endpoint,
			news:        with(endpoint, "privateDnsEnabled", false),
			wantChanged: []resource.PropertyKey{"privateDnsEnabled"}, wantKind: plugin.DiffUpdate},
		{name: "security group description replaces", typ: awstypes.Ec2SecurityGroup, olds: securityGroup,
			news:        with(securityGroup, "description", "other"),
			wantChanged: []resource.PropertyKey{"description"}, wantReplaced: []resource.PropertyKey{"description"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "security group name replaces", typ: awstypes.Ec2SecurityGroup, olds: securityGroup,
			news:        with(securityGroup, "name", "sg2"),
			wantChanged: []resource.PropertyKey{"name"}, wantReplaced: []resource.PropertyKey{"name"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "security group vpcId replaces", typ: awstypes.Ec2SecurityGroup, olds: securityGroup,
			news:        with(securityGroup, "vpcId", "vpc-2"),
			wantChanged: []resource.PropertyKey{"vpcId"}, wantReplaced: []resource.PropertyKey{"vpcId"},
			wantKind: plugin.DiffUpdateReplace},
		{name: "security group tags update in place", typ: awstypes.Ec2SecurityGroup, olds: securityGroup,
			news:        with(securityGroup, "tags", map[string]any{"a": "b"}),
			wantChanged: []resource.PropertyKey{"tags"}, wantKind: plugin.DiffUpdate},
		{name: "unlisted type updates in place", typ: awstypes.Ec2InternetGateway,
			olds: map[string]any{"vpcId": "vpc-1"}, news: map[string]any{"vpcId": "vpc-2"},
			wantChanged: []resource.PropertyKey{"vpcId"}, wantKind: plugin.DiffUpdate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(nil)
			got, err := p.Diff(context.Background(), plugin.DiffRequest{
				URN: urnOf(tt.typ, "x"), Type: tt.typ, ID: "id-1",
				OldInputs: props(tt.olds), OldOutputs: props(tt.olds), NewInputs: props(tt.news),
				IgnoreChanges: tt.ignore,
			})
			require.NoError(t, err)
			if len(tt.wantChanged) == 0 {
				assert.Equal(t, plugin.DiffNone, got.Changes)
				assert.Empty(t, got.ChangedKeys)
				assert.Empty(t, got.ReplaceKeys)
				return
			}
			assert.Equal(t, plugin.DiffSome, got.Changes)
			assert.Equal(t, tt.wantChanged, got.ChangedKeys)
			assert.Equal(t, tt.wantReplaced, got.ReplaceKeys)
			require.Contains(t, got.DetailedDiff, string(tt.wantChanged[0]))
			assert.Equal(t, tt.wantKind, got.DetailedDiff[string(tt.wantChanged[0])].Kind)
		})
	}
}

func TestDiffTreatsUnknownNewValueAsChange(t *testing.T) {
	tests := []struct {
		name        string
		key         resource.PropertyKey
		wantReplace bool
	}{
		{name: "unknown vpcId replaces the subnet", key: "vpcId", wantReplace: true},
		{name: "unknown tags update the subnet", key: "tags", wantReplace: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			olds := props(map[string]any{"vpcId": "vpc-1", "tags": map[string]any{}})
			news := olds.Copy()
			news[tt.key] = unknown()
			got, err := New(nil).Diff(context.Background(), plugin.DiffRequest{
				URN: urnOf(awstypes.Ec2Subnet, "s"), Type: awstypes.Ec2Subnet,
				OldInputs: olds, OldOutputs: olds, NewInputs: news,
			})
			require.NoError(t, err)
			assert.Equal(t, plugin.DiffSome, got.Changes)
			assert.Equal(t, []resource.PropertyKey{tt.key}, got.ChangedKeys)
			assert.Equal(t, tt.wantReplace, len(got.ReplaceKeys) == 1)
		})
	}
}

// TestDiffReplacementsReachTheEngine checks the gRPC answer the engine reads, not just the Go value.
func TestDiffReplacementsReachTheEngine(t *testing.T) {
	server := plugin.NewProviderServer(New(nil))
	olds, err := plugin.MarshalProperties(props(map[string]any{"cidrBlock": "10.0.0.0/24", "tags": map[string]any{}}),
		plugin.MarshalOptions{})
	require.NoError(t, err)
	news, err := plugin.MarshalProperties(props(map[string]any{"cidrBlock": "10.0.1.0/24", "tags": map[string]any{"a": "b"}}),
		plugin.MarshalOptions{})
	require.NoError(t, err)
	typ := tokens.Type(awstypes.Ec2Subnet)
	resp, err := server.Diff(context.Background(), &pulumirpc.DiffRequest{
		Urn: string(urnOf(typ, "s")), Type: string(typ), Name: "s", Id: "subnet-1",
		OldInputs: olds, Olds: olds, News: news,
	})
	require.NoError(t, err)
	assert.Equal(t, pulumirpc.DiffResponse_DIFF_SOME, resp.Changes)
	assert.Equal(t, []string{"cidrBlock"}, resp.Replaces)
	assert.ElementsMatch(t, []string{"cidrBlock", "tags"}, resp.Diffs)
	assert.Equal(t, pulumirpc.PropertyDiff_UPDATE_REPLACE, resp.DetailedDiff["cidrBlock"].Kind)
	assert.Equal(t, pulumirpc.PropertyDiff_UPDATE, resp.DetailedDiff["tags"].Kind)
}

func TestCreateInPreviewLeavesComputedOutputsUnknown(t *testing.T) {
	tests := []struct {
		name         string
		typ          tokens.Type
		inputs       map[string]any
		wantComputed []resource.PropertyKey
	}{
		{name: "vpc", typ: awstypes.Ec2Vpc,
			inputs:       map[string]any{"cidrBlock": "10.0.0.0/16", "assignGeneratedIpv6CidrBlock": true},
			wantComputed: []resource.PropertyKey{"arn", "ipv6CidrBlock", "defaultSecurityGroupId"}},
		// The name is not computed: pulumi-aws fills the auto-name before the preview, as the stand-in does.
		{name: "load balancer", typ: awstypes.LbLoadBalancer, inputs: map[string]any{"internal": true},
			wantComputed: []resource.PropertyKey{"arn", "arnSuffix", "dnsName"}},
		{name: "target group", typ: awstypes.LbTargetGroup, inputs: map[string]any{"port": 80},
			wantComputed: []resource.PropertyKey{"arn", "arnSuffix"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := New(nil)
			resp, err := p.Create(context.Background(), plugin.CreateRequest{
				URN: urnOf(tt.typ, "main"), Type: tt.typ, Properties: props(tt.inputs), Preview: true,
			})
			require.NoError(t, err)
			assert.Empty(t, resp.ID, "a preview must not invent an id")
			for _, key := range tt.wantComputed {
				require.Contains(t, resp.Properties, key)
				assert.True(t, resp.Properties[key].IsComputed(), "%s must be unknown in a preview", key)
			}
			for key, value := range props(tt.inputs) {
				assert.True(t, value.DeepEquals(resp.Properties[key]), "input %s must pass through", key)
			}
		})
	}
}

func TestCreateInventsStableIdentities(t *testing.T) {
	tests := []struct {
		name     string
		typ      tokens.Type
		inputs   map[string]any
		idPrefix string
		idIsName bool // the id is an input (the family), shared by resources that share it, as in AWS
		check    func(t *testing.T, id resource.ID, out resource.PropertyMap)
	}{
		{name: "vpc with generated ipv6", typ: awstypes.Ec2Vpc, idPrefix: "vpc-",
			inputs: map[string]any{"cidrBlock": "10.0.0.0/16", "assignGeneratedIpv6CidrBlock": true},
			check: func(t *testing.T, id resource.ID, out resource.PropertyMap) {
				_, ipnet, err := net.ParseCIDR(out["ipv6CidrBlock"].StringValue())
				require.NoError(t, err)
				ones, _ := ipnet.Mask.Size()
				assert.Equal(t, 56, ones)
				assert.Equal(t, "arn:aws:ec2:eu-west-1:123456789012:vpc/"+string(id), out["arn"].StringValue())
			}},
		{name: "vpc without ipv6", typ: awstypes.Ec2Vpc, idPrefix: "vpc-",
			inputs: map[string]any{"cidrBlock": "10.0.0.0/16"},
			check: func(t *testing.T, _ resource.ID, out resource.PropertyMap) {
				assert.Empty(t, out["ipv6CidrBlock"].StringValue())
			}},
		{name: "subnet", typ: awstypes.Ec2Subnet, idPrefix: "subnet-",
			inputs: map[string]any{"cidrBlock": "10.0.0.0/24", "availabilityZone": "eu-west-1b"},
			check: func(t *testing.T, _ resource.ID, out resource.PropertyMap) {
				assert.Equal(t, "euw1-az2", out["availabilityZoneId"].StringValue())
				assert.False(t, out["mapPublicIpOnLaunch"].BoolValue())
			}},
		{name: "internal load balancer", typ: awstypes.LbLoadBalancer, idPrefix: "arn:aws:elasticloadbalancing:",
			inputs: map[string]any{"internal": true, "name": "api"},
			check: func(t *testing.T, id resource.ID, out resource.PropertyMap) {
				assert.Equal(t, string(id), out["arn"].StringValue())
				assert.True(t, strings.HasSuffix(string(id), ":loadbalancer/"+out["arnSuffix"].StringValue()))
				assert.True(t, strings.HasPrefix(out["arnSuffix"].StringValue(), "app/api/"))
				assert.True(t, strings.HasPrefix(out["dnsName"].StringValue(), "internal-api-"))
			}},
		{name: "autonamed target group", typ: awstypes.LbTargetGroup, idPrefix: "arn:aws:elasticloadbalancing:",
			inputs: map[string]any{"port": 8080},
			check: func(t *testing.T, id resource.ID, out resource.PropertyMap) {
				name := out["name"].StringValue()
				assert.True(t, strings.HasPrefix(name, "main-"))
				assert.LessOrEqual(t, len(name), 32)
				assert.True(t, strings.HasSuffix(string(id), ":targetgroup/"+name+"/"+afterLast(string(id), "/")))
				assert.True(t, strings.HasPrefix(out["arnSuffix"].StringValue(), "targetgroup/"+name+"/"))
			}},
		{name: "task definition", typ: awstypes.EcsTaskDefinition, idPrefix: "api", idIsName: true,
			inputs: map[string]any{"family": "api", "cpu": "256"},
			check: func(t *testing.T, _ resource.ID, out resource.PropertyMap) {
				assert.Equal(t, "arn:aws:ecs:eu-west-1:123456789012:task-definition/api",
					out["arnWithoutRevision"].StringValue())
				assert.True(t, strings.HasPrefix(out["arn"].StringValue(), out["arnWithoutRevision"].StringValue()+":"))
			}},
		{name: "autonamed bucket", typ: awstypes.S3BucketV2, idPrefix: "main-",
			inputs: map[string]any{"forceDestroy": true},
			check: func(t *testing.T, id resource.ID, out resource.PropertyMap) {
				assert.Equal(t, string(id), out["bucket"].StringValue())
				assert.Equal(t, "arn:aws:s3:::"+string(id), out["arn"].StringValue())
			}},
		{name: "rest api", typ: awstypes.ApigatewayRestAPI, idPrefix: "",
			inputs: map[string]any{"name": "api"},
			check: func(t *testing.T, id resource.ID, out resource.PropertyMap) {
				assert.Len(t, out["rootResourceId"].StringValue(), 10)
				assert.Equal(t, "arn:aws:execute-api:eu-west-1:123456789012:"+string(id), out["executionArn"].StringValue())
			}},
		{name: "rest api stage", typ: awstypes.ApigatewayStage, idPrefix: "ags-abc-", idIsName: true,
			inputs: map[string]any{"restApi": "abc", "stageName": "v1"},
			check: func(t *testing.T, _ resource.ID, out resource.PropertyMap) {
				assert.Equal(t, "https://abc.execute-api.eu-west-1.amazonaws.com/v1", out["invokeUrl"].StringValue())
			}},
		{name: "iam role", typ: awstypes.IamRole, idPrefix: "main-",
			inputs: map[string]any{"assumeRolePolicy": "{}"},
			check: func(t *testing.T, id resource.ID, out resource.PropertyMap) {
				assert.Equal(t, "arn:aws:iam::123456789012:role/"+string(id), out["arn"].StringValue())
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			create := func(urn resource.URN, inputs map[string]any) plugin.CreateResponse {
				p := New(nil)
				_, err := p.Configure(context.Background(), plugin.ConfigureRequest{
					Inputs: props(map[string]any{"region": "eu-west-1"})})
				require.NoError(t, err)
				resp, err := p.Create(context.Background(), plugin.CreateRequest{
					URN: urn, Type: tt.typ, Properties: props(inputs)})
				require.NoError(t, err)
				return resp
			}
			first := create(urnOf(tt.typ, "main"), tt.inputs)
			require.True(t, strings.HasPrefix(string(first.ID), tt.idPrefix), "id %q", first.ID)
			assert.False(t, first.Properties.ContainsUnknowns())
			for key, value := range props(tt.inputs) {
				assert.True(t, value.DeepEquals(first.Properties[key]), "input %s must pass through", key)
			}
			tt.check(t, first.ID, first.Properties)

			again := create(urnOf(tt.typ, "main"), tt.inputs)
			assert.Equal(t, first.ID, again.ID, "a rerun must invent the same id")
			assert.True(t, first.Properties.DeepEquals(again.Properties), "a rerun must invent the same outputs")

			if !tt.idIsName {
				other := create(urnOf(tt.typ, "other"), tt.inputs)
				assert.NotEqual(t, first.ID, other.ID, "another resource must get another id")
			}
		})
	}
}

func TestUpdateKeepsIdentityAndTakesNewInputs(t *testing.T) {
	p := New(nil)
	typ := tokens.Type(awstypes.LbLoadBalancer)
	urn := urnOf(typ, "api")
	oldInputs := props(map[string]any{"internal": true, "idleTimeout": 60})
	created, err := p.Create(context.Background(), plugin.CreateRequest{URN: urn, Type: typ, Properties: oldInputs})
	require.NoError(t, err)
	newInputs := props(map[string]any{"internal": true, "idleTimeout": 120})

	updated, err := p.Update(context.Background(), plugin.UpdateRequest{URN: urn, Type: typ, ID: created.ID,
		OldInputs: oldInputs, OldOutputs: created.Properties, NewInputs: newInputs})
	require.NoError(t, err)
	assert.Equal(t, created.Properties["arn"], updated.Properties["arn"])
	assert.Equal(t, created.Properties["dnsName"], updated.Properties["dnsName"])
	assert.Equal(t, 120.0, updated.Properties["idleTimeout"].NumberValue())
}

func TestReadReturnsRecordedStateOrNothing(t *testing.T) {
	typ := tokens.Type(awstypes.Ec2Vpc)
	state := props(map[string]any{"cidrBlock": "10.0.0.0/16", "arn": "arn:x"})
	tests := []struct {
		name   string
		id     resource.ID
		state  resource.PropertyMap
		wantID resource.ID
	}{
		{name: "refresh returns the state", id: "vpc-1", state: state, wantID: "vpc-1"},
		{name: "import of an unknown id finds nothing", id: "vpc-1", state: nil, wantID: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := New(nil).Read(context.Background(), plugin.ReadRequest{
				URN: urnOf(typ, "v"), Type: typ, ID: tt.id, State: tt.state})
			require.NoError(t, err)
			assert.Equal(t, tt.wantID, resp.ID)
			assert.Equal(t, tt.state, resp.Outputs)
		})
	}
}

func TestCheckConfigRequiresRegion(t *testing.T) {
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	tests := []struct {
		name         string
		config       map[string]any
		wantFailures int
	}{
		{name: "region set", config: map[string]any{"region": "eu-west-1"}, wantFailures: 0},
		{name: "region missing", config: map[string]any{}, wantFailures: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := New(nil).CheckConfig(context.Background(), plugin.CheckConfigRequest{
				URN: urnOf("pulumi:providers:aws", "default"), News: props(tt.config)})
			require.NoError(t, err)
			assert.Len(t, resp.Failures, tt.wantFailures)
			assert.Equal(t, props(tt.config), resp.Properties)
		})
	}
}

func TestInvokeAnswersNothing(t *testing.T) {
	_, err := New(nil).Invoke(context.Background(), plugin.InvokeRequest{Tok: awstypes.IndexGetRegion})
	require.Error(t, err)
	assert.Contains(t, err.Error(), awstypes.IndexGetRegion)
	assert.Contains(t, err.Error(), "stand-in")
}

func TestJournalRecordsOnlyRealChanges(t *testing.T) {
	var journal bytes.Buffer
	p := New(&journal)
	typ := tokens.Type(awstypes.Ec2Vpc)
	urn := urnOf(typ, "v")
	inputs := props(map[string]any{"cidrBlock": "10.0.0.0/16"})
	_, err := p.Create(context.Background(), plugin.CreateRequest{URN: urn, Type: typ, Properties: inputs, Preview: true})
	require.NoError(t, err)
	assert.Empty(t, journal.String(), "a preview changes nothing")

	created, err := p.Create(context.Background(), plugin.CreateRequest{URN: urn, Type: typ, Properties: inputs})
	require.NoError(t, err)
	_, err = p.Delete(context.Background(), plugin.DeleteRequest{URN: urn, Type: typ, ID: created.ID})
	require.NoError(t, err)

	lines := strings.Split(strings.TrimSpace(journal.String()), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], `"op":"create"`)
	assert.Contains(t, lines[0], string(created.ID))
	assert.Contains(t, lines[1], `"op":"delete"`)
}
