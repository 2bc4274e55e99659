package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/policy/rules"
)

// serveEnv makes the test binary act as a policy pack binary, so the round-trip tests exercise main() exactly as
// the engine runs it, without a separate `go build`: servePack serves the pack, servePolicyx the same rules as
// policyx served them before the pack had its own server (policyxpack_test.go), to compare the two.
const (
	serveEnv     = "PRIVATE_FARGATE_POLICY_SERVE"
	servePack    = "1"
	servePolicyx = "policyx"
)

func TestMain(m *testing.M) {
	switch os.Getenv(serveEnv) {
	case servePack:
		main()
		return
	case servePolicyx:
		if err := policyx.Main(func(*pulumi.Context) (policyx.PolicyPack, error) { return policyxPack() }); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// analyzer is a running pack process and a client connected to it the way the engine connects.
type analyzer struct {
	client pulumirpc.AnalyzerClient
	cmd    *exec.Cmd
}

// startAnalyzer launches the pack with an engine address argument, reads the port it prints, dials it, and does
// what the engine does before analysing: Handshake, ConfigureStack, GetPluginInfo.
func startAnalyzer(t testing.TB, dryRun bool) *analyzer {
	t.Helper()
	return startServer(t, dryRun, servePack)
}

// startServer is startAnalyzer for the pack (servePack) or its policyx predecessor (servePolicyx).
func startServer(t testing.TB, dryRun bool, serve string) *analyzer {
	t.Helper()
	cmd := exec.Command(os.Args[0], "127.0.0.1:1")
	cmd.Env = append(os.Environ(), serveEnv+"="+serve)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})

	portLine := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		portLine <- strings.TrimSpace(line)
	}()
	var port string
	select {
	case port = <-portLine:
	case <-time.After(30 * time.Second):
		t.Fatal("policy pack did not print its port")
	}
	require.Regexp(t, `^[0-9]+$`, port)

	conn, err := grpc.NewClient("127.0.0.1:"+port, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	a := &analyzer{client: pulumirpc.NewAnalyzerClient(conn), cmd: cmd}

	ctx := context.Background()
	dir := t.TempDir()
	_, err = a.client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{
		EngineAddress: "127.0.0.1:1", RootDirectory: &dir, ProgramDirectory: &dir,
	})
	require.NoError(t, err)
	_, err = a.client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{
		Stack: "dev", Project: "private-fargate", Organization: "organization", DryRun: dryRun,
		Config: map[string]string{"private-fargate:region": "eu-west-1"},
	})
	require.NoError(t, err)
	_, err = a.client.GetPluginInfo(ctx, &emptypb.Empty{})
	require.NoError(t, err)
	return a
}

// configure sends policy config the way the engine does after reconciling --policy-pack-config: every policy's
// level, plus the properties given.
func (a *analyzer) configure(t testing.TB, levels map[string]rules.Level, properties map[string]map[string]any) {
	t.Helper()
	req := &pulumirpc.ConfigureAnalyzerRequest{PolicyConfig: map[string]*pulumirpc.PolicyConfig{}}
	for _, e := range rules.Catalogue() {
		level := e.DefaultLevel
		if l, ok := levels[e.Name]; ok {
			level = l
		}
		props, err := structpb.NewStruct(properties[e.Name])
		require.NoError(t, err)
		req.PolicyConfig[e.Name] = &pulumirpc.PolicyConfig{
			EnforcementLevel: pulumirpc.EnforcementLevel(enforcementLevel(level)),
			Properties:       props,
		}
	}
	_, err := a.client.Configure(context.Background(), req)
	require.NoError(t, err)
}

// marshal encodes properties as the engine does for analyzers (unknowns and secrets kept).
func marshal(t testing.TB, props resource.PropertyMap, outputValues bool) *structpb.Struct {
	t.Helper()
	s, err := plugin.MarshalProperties(props, plugin.MarshalOptions{
		KeepUnknowns: true, KeepSecrets: true, KeepOutputValues: outputValues,
	})
	require.NoError(t, err)
	return s
}

// stackReferenceURN stands for a resource outside the checked types that unknown values come from.
var stackReferenceURN = urnOf("pulumi:pulumi:StackReference", "network")

// urnOf is the URN of a top-level resource of type typ named name in the dev stack.
func urnOf(typ, name string) string {
	return string(resource.NewURN("dev", "private-fargate", "", tokens.Type(typ), name))
}

func (a *analyzer) analyze(t *testing.T, typ, name string, props resource.PropertyMap, outputValues bool) []*pulumirpc.AnalyzeDiagnostic {
	t.Helper()
	resp, err := a.client.Analyze(context.Background(), &pulumirpc.AnalyzeRequest{
		Type: typ, Name: name, Urn: urnOf(typ, name), Properties: marshal(t, props, outputValues),
	})
	require.NoError(t, err)
	return resp.GetDiagnostics()
}

// policyLevels summarises diagnostics as policy name -> level.
func policyLevels(diags []*pulumirpc.AnalyzeDiagnostic) map[string]pulumirpc.EnforcementLevel {
	out := map[string]pulumirpc.EnforcementLevel{}
	for _, d := range diags {
		out[d.GetPolicyName()] = d.GetEnforcementLevel()
	}
	return out
}

const (
	mandatory = pulumirpc.EnforcementLevel_MANDATORY
	advisory  = pulumirpc.EnforcementLevel_ADVISORY
)

func TestAnalyzerInfoListsTheCatalogue(t *testing.T) {
	a := startAnalyzer(t, true)

	info, err := a.client.GetAnalyzerInfo(context.Background(), &emptypb.Empty{})

	require.NoError(t, err)
	assert.Equal(t, packName, info.GetName())
	assert.Equal(t, packVersion, info.GetVersion())
	assert.True(t, info.GetSupportsConfig())
	catalogue := rules.Catalogue()
	require.Len(t, info.GetPolicies(), len(catalogue))
	for i, p := range info.GetPolicies() {
		assert.Equal(t, catalogue[i].Name, p.GetName())
		assert.Equal(t, catalogue[i].Description, p.GetDescription())
		assert.Equal(t, pulumirpc.EnforcementLevel(enforcementLevel(catalogue[i].DefaultLevel)), p.GetEnforcementLevel(), p.GetName())
		if len(catalogue[i].Options) == 0 {
			assert.Nil(t, p.GetConfigSchema(), p.GetName())
			continue
		}
		require.NotNil(t, p.GetConfigSchema(), p.GetName())
		for _, key := range catalogue[i].Options {
			assert.Contains(t, p.GetConfigSchema().GetProperties().GetFields(), key)
		}
	}
}

func TestAnalyzeReportsViolationsOverGRPC(t *testing.T) {
	a := startAnalyzer(t, false)
	a.configure(t, nil, nil)

	cases := []struct {
		name  string
		typ   string
		props resource.PropertyMap
		want  map[string]pulumirpc.EnforcementLevel
	}{
		{
			name: "internet-facing-alb", typ: awstypes.LbLoadBalancer,
			props: resource.NewPropertyMapFromMap(map[string]any{"loadBalancerType": "application"}),
			want: map[string]pulumirpc.EnforcementLevel{
				"load-balancer-internal": mandatory, "load-balancer-access-logs": advisory,
				"load-balancer-deletion-protection": advisory, "load-balancer-drop-invalid-headers": advisory,
			},
		},
		{
			name: "compliant-alb", typ: awstypes.LbLoadBalancer,
			props: resource.NewPropertyMapFromMap(map[string]any{
				"internal": true, "enableDeletionProtection": true, "dropInvalidHeaderFields": true,
				"accessLogs": map[string]any{"bucket": "logs", "enabled": true},
			}),
			want: map[string]pulumirpc.EnforcementLevel{},
		},
		{
			name: "bad-task", typ: awstypes.EcsTaskDefinition,
			props: resource.NewPropertyMapFromMap(map[string]any{
				"networkMode": "awsvpc", "requiresCompatibilities": []any{"FARGATE"}, "cpu": "256", "memory": "4096",
				"containerDefinitions": `[{"name":"app","image":"nginx","privileged":true}]`,
			}),
			want: map[string]pulumirpc.EnforcementLevel{
				"ecs-task-fargate-size": mandatory, "ecs-container-logging": mandatory,
				"ecs-container-not-privileged": mandatory, "ecs-container-readonly-root": mandatory,
				"ecs-container-non-root": advisory,
			},
		},
		{
			name: "secret-public-subnet", typ: awstypes.Ec2Subnet,
			props: resource.PropertyMap{"mapPublicIpOnLaunch": resource.MakeSecret(resource.NewBoolProperty(true))},
			want:  map[string]pulumirpc.EnforcementLevel{"subnet-no-public-ip": mandatory},
		},
		// aws-native (Cloud Control) resources, with the property names of @pulumi/aws-native 1.79.0.
		{
			name: "native-public-service", typ: awstypes.NativeEcsService,
			props: resource.NewPropertyMapFromMap(map[string]any{"networkConfiguration": map[string]any{
				"awsvpcConfiguration": map[string]any{"assignPublicIp": "ENABLED", "subnets": []any{"subnet-1"}},
			}}),
			want: map[string]pulumirpc.EnforcementLevel{"ecs-service-no-public-ip": mandatory},
		},
		{
			name: "native-open-security-group", typ: awstypes.NativeEc2SecurityGroup,
			props: resource.NewPropertyMapFromMap(map[string]any{"securityGroupIngress": []any{
				map[string]any{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIp": "0.0.0.0/0"},
			}}),
			want: map[string]pulumirpc.EnforcementLevel{"security-group-no-public-ingress": mandatory},
		},
		{
			name: "native-gateway-lb", typ: awstypes.NativeElasticloadbalancingv2LoadBalancer,
			props: resource.NewPropertyMapFromMap(map[string]any{"type": "gateway", "loadBalancerAttributes": []any{
				map[string]any{"key": "deletion_protection.enabled", "value": "true"},
				map[string]any{"key": "access_logs.s3.enabled", "value": "true"},
			}}),
			want: map[string]pulumirpc.EnforcementLevel{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := a.analyze(t, tc.typ, tc.name, tc.props, false)

			assert.Equal(t, tc.want, policyLevels(diags))
			for _, d := range diags {
				assert.Equal(t, urnOf(tc.typ, tc.name), d.GetUrn())
				assert.Equal(t, packName, d.GetPolicyPackName())
				assert.Contains(t, d.GetMessage(), `"`+tc.name+`"`)
			}
		})
	}
}

func TestConfigureOverridesLevelsAndOptions(t *testing.T) {
	a := startAnalyzer(t, false)
	a.configure(t,
		map[string]rules.Level{
			"listener-http-redirects-to-https": rules.Advisory,
			"load-balancer-access-logs":        rules.Disabled,
			// The FSBP rules these fixtures would also trip, out of the way of what this test is about.
			"listener-secure-protocol":           rules.Disabled,
			"target-group-encrypted-protocols":   rules.Disabled,
			"load-balancer-drop-invalid-headers": rules.Disabled,
		},
		map[string]map[string]any{
			"target-group-target-type": {"allowedTargetTypes": []any{"instance"}},
			"nat-gateway-allowed":      {"allowNatGateways": false},
		})

	cases := []struct {
		name  string
		typ   string
		props map[string]any
		want  map[string]pulumirpc.EnforcementLevel
	}{
		{
			name: "http-listener", typ: awstypes.LbListener,
			props: map[string]any{"protocol": "HTTP", "defaultActions": []any{map[string]any{"type": "forward"}}},
			want:  map[string]pulumirpc.EnforcementLevel{"listener-http-redirects-to-https": advisory},
		},
		{
			name: "instance-targets", typ: awstypes.LbTargetGroup,
			props: map[string]any{"port": 80},
			want:  map[string]pulumirpc.EnforcementLevel{},
		},
		{
			name: "ip-targets-now-disallowed", typ: awstypes.LbTargetGroup,
			props: map[string]any{"targetType": "ip"},
			want:  map[string]pulumirpc.EnforcementLevel{"target-group-target-type": mandatory},
		},
		{
			name: "nat", typ: awstypes.Ec2NatGateway,
			props: map[string]any{"subnetId": "subnet-1"},
			want:  map[string]pulumirpc.EnforcementLevel{"nat-gateway-allowed": mandatory},
		},
		{
			name: "internal-lb-without-logs", typ: awstypes.LbLoadBalancer,
			props: map[string]any{"internal": true, "enableDeletionProtection": true},
			want:  map[string]pulumirpc.EnforcementLevel{},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			diags := a.analyze(t, tc.typ, tc.name, resource.NewPropertyMapFromMap(tc.props), false)

			assert.Equal(t, tc.want, policyLevels(diags))
		})
	}
}

// unknownEverywhere sets every property any rule reads for typ to an unknown value, alternating between the three
// ways the engine can say "unknown": a computed value, a secret computed value and an unknown output value.
func unknownEverywhere(keys []string) resource.PropertyMap {
	props := resource.PropertyMap{}
	for i, key := range keys {
		switch i % 3 {
		case 0:
			props[resource.PropertyKey(key)] = resource.MakeComputed(resource.NewStringProperty(""))
		case 1:
			props[resource.PropertyKey(key)] = resource.MakeSecret(resource.MakeComputed(resource.NewStringProperty("")))
		default:
			props[resource.PropertyKey(key)] = resource.NewOutputProperty(resource.Output{Known: false, Secret: true})
		}
	}
	return props
}

// ruleReadKeys are the property names the rules read, for tests that make each of them unknown.
var ruleReadKeys = []string{
	"mapPublicIpOnLaunch", "networkConfiguration", "associatePublicIpAddress", "networkInterfaces", "instance",
	"networkInterface", "instanceId", "networkInterfaceId", "connectivityType", "internal", "targetType", "ingress",
	"type", "cidrBlocks", "ipv6CidrBlocks", "cidrIpv4", "cidrIpv6", "networkMode", "requiresCompatibilities",
	"cpu", "memory", "containerDefinitions", "protocol", "defaultActions", "sslPolicy", "vpcEndpointType",
	"privateDnsEnabled", "enableDnsSupport", "enableDnsHostnames", "accessLogs", "enableDeletionProtection",
	"settings", "retentionInDays", "allocationId", "subnetId", "routeTableId", "vpcId", "serviceName",
	// aws-native property names (@pulumi/aws-native 1.79.0).
	"scheme", "loadBalancerType", "securityGroupIngress", "cidrIp", "launchTemplateData", "loadBalancerAttributes",
	"vpcs", "vpc",
	// What the FSBP rules read.
	"metadataOptions", "pidMode", "platformVersion", "runtimePlatform", "volumes", "autoScalingGroupProvider",
	"dropInvalidHeaderFields", "desyncMitigationMode", "subnets", "subnetMappings", "availabilityZones", "healthCheck",
	"listeners", "connectionDraining", "crossZoneLoadBalancing", "clientCertificateId", "xrayTracingEnabled",
	"authorizationType", "accessLogSettings", "connectionType", "tlsConfig", "policy", "policyDocument",
	"inlinePolicies", "policies", "users", "policyArn", "managedPolicyArns", "minimumPasswordLength",
	"requireUppercaseCharacters", "requireLowercaseCharacters", "requireNumbers", "requireSymbols", "acl",
	"accessControl", "publicAccessBlockConfiguration", "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls",
	"restrictPublicBuckets", "rule", "ownershipControls", "egress", "ruleAction", "cidrBlock", "portRange",
	"fromPort", "toPort", "trafficType", "resourceId", "resourceType", "methodPath", "settings", "stageName",
	"restApi", "apiId", "defaultRouteSettings", "protocolType", "bucket", "securityGroupId",
	// What the monitoring rules read.
	"alarmActions", "actionsEnabled", "kmsMasterKeyId", "enableKeyRotation", "customerMasterKeySpec", "keyUsage",
	// What the SQS rules read.
	"sqsManagedSseEnabled",
}

// TestUnknownValuesDoNotCrashTheAnalyzer is the regression test for pulumi/pulumi#24654 (policyx crashing on unknown
// values): every resource type the pack checks is analysed with every property unknown — whole values, nested values
// and list elements — over gRPC, and the server must answer each call without a mandatory violation and stay up.
func TestUnknownValuesDoNotCrashTheAnalyzer(t *testing.T) {
	a := startAnalyzer(t, true)
	a.configure(t, nil, nil)
	keys := ruleReadKeys
	// The same, with the unknowns one level down: inside objects and list elements.
	nestedUnknown := unknownEverywhere(keys)
	for key, value := range (resource.PropertyMap{
		"networkConfiguration": resource.NewObjectProperty(resource.PropertyMap{
			"assignPublicIp":      resource.MakeComputed(resource.NewStringProperty("")),
			"subnets":             resource.NewArrayProperty([]resource.PropertyValue{resource.MakeComputed(resource.NewStringProperty(""))}),
			"awsvpcConfiguration": resource.MakeComputed(resource.NewStringProperty("")),
			"awsVpcConfiguration": resource.MakeComputed(resource.NewStringProperty("")),
		}),
		"ingress": resource.NewArrayProperty([]resource.PropertyValue{
			resource.MakeComputed(resource.NewStringProperty("")),
			resource.NewObjectProperty(resource.PropertyMap{
				"cidrBlocks": resource.NewArrayProperty([]resource.PropertyValue{resource.MakeComputed(resource.NewStringProperty(""))}),
			}),
		}),
		"networkInterfaces": resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(resource.PropertyMap{
			"associatePublicIpAddress": resource.MakeSecret(resource.MakeComputed(resource.NewStringProperty(""))),
		})}),
		"defaultActions": resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(resource.PropertyMap{
			"type": resource.NewStringProperty("redirect"), "redirect": resource.MakeComputed(resource.NewStringProperty("")),
			"redirectConfig": resource.MakeComputed(resource.NewStringProperty("")),
		})}),
		"protocol": resource.NewStringProperty("HTTP"),
		"type":     resource.NewStringProperty("ingress"),
	}) {
		nestedUnknown[key] = value
	}

	types := checkedTypes()
	var stackResources []*pulumirpc.AnalyzerResource
	for _, outputValues := range []bool{false, true} {
		for _, variant := range []resource.PropertyMap{unknownEverywhere(keys), nestedUnknown} {
			for _, typ := range types {
				name := "unknown-" + strings.NewReplacer(":", "-", "/", "-").Replace(typ)
				diags := a.analyze(t, typ, name, variant, outputValues)
				for _, d := range diags {
					assert.NotEqual(t, mandatory, d.GetEnforcementLevel(),
						"%s with unknown values got mandatory %s: %s", typ, d.GetPolicyName(), d.GetMessage())
				}
				// In stack analysis the engine says where each program-set value comes from; here every
				// unknown comes from a stack reference, so no rule can tell what it points at.
				fromElsewhere := map[string]*pulumirpc.AnalyzerPropertyDependencies{}
				for key := range variant {
					fromElsewhere[string(key)] = &pulumirpc.AnalyzerPropertyDependencies{Urns: []string{stackReferenceURN}}
				}
				stackResources = append(stackResources, &pulumirpc.AnalyzerResource{
					Type: typ, Name: name, Urn: urnOf(typ, name), Properties: marshal(t, variant, outputValues),
					PropertyDependencies: fromElsewhere,
				})
			}
		}
	}

	resp, err := a.client.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: stackResources})
	require.NoError(t, err)
	for _, d := range resp.GetDiagnostics() {
		// The nested variant gives the default security group a known ingress list with two entries: whatever
		// their unknown contents, those are rules, which EC2.2 forbids on the default group.
		if d.GetPolicyName() == "vpc-default-security-group-closed" &&
			d.GetUrn() == urnOf(awstypes.Ec2DefaultSecurityGroup, "unknown-aws-ec2-defaultSecurityGroup-DefaultSecurityGroup") {
			continue
		}
		assert.NotEqual(t, mandatory, d.GetEnforcementLevel(), "stack: %s: %s", d.GetPolicyName(), d.GetMessage())
	}
	// Without any dependency information the same resources must still not crash the stack rules.
	for _, r := range stackResources {
		r.PropertyDependencies = nil
	}
	_, err = a.client.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: stackResources})
	require.NoError(t, err)

	_, err = a.client.GetAnalyzerInfo(context.Background(), &emptypb.Empty{})
	assert.NoError(t, err, "the analyzer must still answer after the unknown values")
	assert.Nil(t, a.cmd.ProcessState, "the analyzer process must still be running")
}

// stackResource builds an AnalyzeStack resource with engine-style property dependencies.
func stackResource(t *testing.T, typ, name string, props resource.PropertyMap, deps map[string][]string) *pulumirpc.AnalyzerResource {
	t.Helper()
	r := &pulumirpc.AnalyzerResource{
		Type: typ, Name: name, Urn: urnOf(typ, name), Properties: marshal(t, props, false),
		PropertyDependencies: map[string]*pulumirpc.AnalyzerPropertyDependencies{},
	}
	for key, targets := range deps {
		r.PropertyDependencies[key] = &pulumirpc.AnalyzerPropertyDependencies{Urns: targets}
	}
	return r
}

func TestAnalyzeStackCorrelatesThroughPropertyDependencies(t *testing.T) {
	unknown := resource.MakeComputed(resource.NewStringProperty(""))
	vpcURN := urnOf(awstypes.Ec2Vpc, "vpc")
	subnetURN := urnOf(awstypes.Ec2Subnet, "private-a")
	routeTableURN := urnOf(awstypes.Ec2RouteTable, "private-rt-a")
	eipURN := urnOf(awstypes.Ec2Eip, "nat-eip")
	natURN := urnOf(awstypes.Ec2NatGateway, "nat")

	// A preview of the NAT-based private network: every id is unknown; only the engine's property dependencies
	// say what refers to what.
	previewStack := func(withNatRoute bool) []*pulumirpc.AnalyzerResource {
		resources := []*pulumirpc.AnalyzerResource{
			stackResource(t, awstypes.Ec2Vpc, "vpc", resource.PropertyMap{"enableDnsHostnames": resource.NewBoolProperty(true)}, nil),
			stackResource(t, awstypes.Ec2Subnet, "private-a", resource.PropertyMap{"vpcId": unknown}, map[string][]string{"vpcId": {vpcURN}}),
			// routes is computed by the provider when the program leaves it unset, so it is unknown in preview.
			stackResource(t, awstypes.Ec2RouteTable, "private-rt-a", resource.PropertyMap{"vpcId": unknown, "routes": unknown},
				map[string][]string{"vpcId": {vpcURN}}),
			stackResource(t, awstypes.Ec2RouteTableAssociation, "private-a", resource.PropertyMap{
				"subnetId": unknown, "routeTableId": unknown,
			}, map[string][]string{"subnetId": {subnetURN}, "routeTableId": {routeTableURN}}),
			stackResource(t, awstypes.Ec2Eip, "nat-eip", resource.PropertyMap{"domain": resource.NewStringProperty("vpc")}, nil),
			stackResource(t, awstypes.Ec2NatGateway, "nat", resource.PropertyMap{"allocationId": unknown}, map[string][]string{"allocationId": {eipURN}}),
			stackResource(t, awstypes.EcsService, "app", resource.PropertyMap{
				"networkConfiguration": resource.NewObjectProperty(resource.PropertyMap{
					"subnets": resource.NewArrayProperty([]resource.PropertyValue{unknown}),
				}),
			}, map[string][]string{"networkConfiguration": {subnetURN}}),
		}
		if withNatRoute {
			resources = append(resources, stackResource(t, awstypes.Ec2Route, "private-a-default", resource.PropertyMap{
				"routeTableId": unknown, "natGatewayId": unknown,
				"destinationCidrBlock": resource.NewStringProperty("0.0.0.0/0"),
			}, map[string][]string{"routeTableId": {routeTableURN}, "natGatewayId": {natURN}}))
		}
		return resources
	}

	cases := []struct {
		name      string
		resources []*pulumirpc.AnalyzerResource
		want      map[string]string // policy -> URN it is reported on
	}{
		{name: "NAT route present", resources: previewStack(true), want: map[string]string{}},
		{
			name: "NAT route missing", resources: previewStack(false),
			want: map[string]string{"ecs-subnet-can-pull-images": urnOf(awstypes.EcsService, "app")},
		},
		{
			name: "spare EIP",
			resources: append(previewStack(true), stackResource(t, awstypes.Ec2Eip, "spare",
				resource.PropertyMap{"domain": resource.NewStringProperty("vpc")}, nil)),
			want: map[string]string{"eip-only-for-nat-gateway": urnOf(awstypes.Ec2Eip, "spare")},
		},
		{
			name: "aws-native spare EIP",
			resources: append(previewStack(true), stackResource(t, awstypes.NativeEc2Eip, "native-spare",
				resource.PropertyMap{"domain": resource.NewStringProperty("vpc")}, nil)),
			want: map[string]string{"eip-only-for-nat-gateway": urnOf(awstypes.NativeEc2Eip, "native-spare")},
		},
		{
			name: "aws-native task set without a path to the images",
			resources: append(previewStack(false)[:6], stackResource(t, awstypes.NativeEcsTaskSet, "native-app", resource.PropertyMap{
				"networkConfiguration": resource.NewObjectProperty(resource.PropertyMap{
					"awsVpcConfiguration": resource.NewObjectProperty(resource.PropertyMap{
						"subnets": resource.NewArrayProperty([]resource.PropertyValue{unknown}),
					}),
				}),
			}, map[string][]string{"networkConfiguration": {subnetURN}})),
			want: map[string]string{"ecs-subnet-can-pull-images": urnOf(awstypes.NativeEcsTaskSet, "native-app")},
		},
	}
	a := startAnalyzer(t, true)
	// The FSBP stack rules about the VPC (default security group, flow logs, endpoints) have their own tests; these
	// stacks are about correlating references.
	a.configure(t, map[string]rules.Level{
		"vpc-default-security-group-closed": rules.Disabled, "vpc-flow-logs": rules.Disabled,
		"vpc-service-endpoints": rules.Disabled,
	}, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := a.client.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: tc.resources})

			require.NoError(t, err)
			got := map[string]string{}
			for _, d := range resp.GetDiagnostics() {
				got[d.GetPolicyName()] = d.GetUrn()
				assert.Equal(t, mandatory, d.GetEnforcementLevel())
			}
			assert.Equal(t, tc.want, got)
		})
	}

	// Subnets that come from outside the stack and are unknown at preview: the rule cannot decide, and says so as
	// an advisory instead of passing silently; at up it runs again with known values.
	t.Run("unknown subnets are reported as not verified", func(t *testing.T) {
		resources := previewStack(true)
		resources[6] = stackResource(t, awstypes.EcsService, "app", resource.PropertyMap{
			"networkConfiguration": resource.NewObjectProperty(resource.PropertyMap{
				"subnets": resource.NewArrayProperty([]resource.PropertyValue{unknown}),
			}),
		}, map[string][]string{"networkConfiguration": {urnOf("pulumi:pulumi:StackReference", "network")}})

		resp, err := a.client.AnalyzeStack(context.Background(), &pulumirpc.AnalyzeStackRequest{Resources: resources})

		require.NoError(t, err)
		require.Len(t, resp.GetDiagnostics(), 1)
		d := resp.GetDiagnostics()[0]
		assert.Equal(t, rules.UnverifiedRule, d.GetPolicyName())
		assert.Equal(t, advisory, d.GetEnforcementLevel())
		assert.Equal(t, urnOf(awstypes.EcsService, "app"), d.GetUrn())
		assert.Contains(t, d.GetMessage(), "could not verify at preview")
	})
}
