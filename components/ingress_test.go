package components

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// Resource type tokens of the ingress tests.
const (
	ingressBackendHost    = "api.internal.example.com"
	ingressPrivateSubnetA = "network-private-eu-west-1a-id"
	ingressPrivateSubnetB = "network-private-eu-west-1b-id"
)

func TestNoIngressByDefault(t *testing.T) {
	rec := mustRunProgram(t, lbStack(map[string]any{"nlb": true}, nil, lbTwoServices()))
	for _, res := range rec.all() {
		assert.False(t, strings.HasPrefix(res.Type, "aws:apigateway"), "mode none creates no API, found %s %s", res.Type, res.Name)
	}
}

func TestHTTPAPIWiresVpcLinkToTheAlbListener(t *testing.T) {
	for name, tc := range map[string]struct {
		loadBalancer map[string]any
		ingress      map[string]any
		listener     string
		port         float64
		serverName   string
	}{
		"plain HTTP": {ingress: map[string]any{"mode": IngressHTTPAPI}, listener: "loadbalancing-alb-80", port: 80},
		"HTTPS with a hostname to verify": {
			loadBalancer: map[string]any{"certificateArn": lbCertificate},
			ingress:      map[string]any{"mode": IngressHTTPAPI, "backendHostname": ingressBackendHost, "accessLogRetentionDays": 90},
			listener:     "loadbalancing-alb-443", port: 443, serverName: ingressBackendHost,
		},
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(tc.loadBalancer, tc.ingress, lbTwoServices()))

			vpcLink := rec.named(t, awstypes.Apigatewayv2VpcLink, "ingress-vpc-link")
			assert.Equal(t, []string{ingressPrivateSubnetA, ingressPrivateSubnetB}, stringsProp(vpcLink.Inputs, "subnetIds"))
			linkGroup := rec.named(t, awstypes.Ec2SecurityGroup, "ingress-vpc-link")
			assert.Equal(t, []string{linkGroup.ID}, stringsProp(vpcLink.Inputs, "securityGroupIds"))
			assert.Equal(t, "network-vpc-id", stringProp(linkGroup.Inputs, "vpcId"))

			albGroup := rec.named(t, awstypes.Ec2SecurityGroup, "loadbalancing-alb")
			var linkEgress []recordedResource
			for _, rule := range rec.ofType(awstypes.VpcSecurityGroupEgressRule) {
				if stringProp(rule.Inputs, "securityGroupId") == linkGroup.ID {
					linkEgress = append(linkEgress, rule)
				}
			}
			require.Len(t, linkEgress, 1, "the VPC link may reach the ALB listener and nothing else")
			assert.Equal(t, albGroup.ID, stringProp(linkEgress[0].Inputs, "referencedSecurityGroupId"))
			assert.Equal(t, tc.port, number(t, linkEgress[0].Inputs, "fromPort"))
			assert.Equal(t, tc.port, number(t, linkEgress[0].Inputs, "toPort"))
			for _, rule := range rec.ofType(awstypes.VpcSecurityGroupIngressRule) {
				assert.NotEqual(t, linkGroup.ID, stringProp(rule.Inputs, "securityGroupId"), "the VPC link admits nothing")
			}

			api := rec.named(t, awstypes.Apigatewayv2API, "ingress-api")
			assert.Equal(t, "HTTP", stringProp(api.Inputs, "protocolType"))
			integration := rec.named(t, awstypes.Apigatewayv2Integration, "ingress-alb")
			assert.Equal(t, api.ID, stringProp(integration.Inputs, "apiId"))
			assert.Equal(t, "HTTP_PROXY", stringProp(integration.Inputs, "integrationType"))
			assert.Equal(t, "VPC_LINK", stringProp(integration.Inputs, "connectionType"))
			assert.Equal(t, vpcLink.ID, stringProp(integration.Inputs, "connectionId"))
			listener := rec.named(t, awstypes.LbListener, tc.listener)
			assert.Equal(t, stringProp(listener.Outputs, "arn"), stringProp(integration.Inputs, "integrationUri"),
				"the integration forwards to the listener that carries the service rules")
			assert.Equal(t, tc.serverName, stringProp(integration.Inputs, "tlsConfig", "serverNameToVerify"))

			route := rec.named(t, awstypes.Apigatewayv2Route, "ingress-default")
			assert.Equal(t, "$default", stringProp(route.Inputs, "routeKey"))
			assert.Equal(t, "integrations/"+integration.ID, stringProp(route.Inputs, "target"))

			stage := rec.named(t, awstypes.Apigatewayv2Stage, "ingress-default")
			assert.Equal(t, "$default", stringProp(stage.Inputs, "name"))
			assert.True(t, boolProp(t, stage.Inputs, "autoDeploy"))
			logGroup := rec.named(t, awstypes.CloudwatchLogGroup, "ingress-access-logs")
			assert.Equal(t, stringProp(logGroup.Outputs, "arn"), stringProp(stage.Inputs, "accessLogSettings", "destinationArn"))
			assert.Contains(t, stringProp(stage.Inputs, "accessLogSettings", "format"), "$context.requestId")
			wantRetention := 30.0
			if days, ok := tc.ingress["accessLogRetentionDays"]; ok {
				wantRetention = float64(days.(int))
			}
			assert.Equal(t, wantRetention, number(t, logGroup.Inputs, "retentionInDays"))
			assert.Empty(t, rec.ofType(awstypes.ApigatewayRestAPI))
		})
	}
}

func TestRestAPIWiresVpcLinkToTheNlbToTheAlb(t *testing.T) {
	for name, tc := range map[string]struct {
		loadBalancer map[string]any
		ingress      map[string]any
		// uriPrefix is the integration URI without the path; "{nlb}" stands for the NLB's DNS name.
		uriPrefix    string
		endpointType string
	}{
		"plain HTTP to the NLB's name": {
			loadBalancer: map[string]any{"nlb": true},
			ingress:      map[string]any{"mode": IngressRestAPI, "cloudWatchRole": CloudWatchRoleExisting},
			uriPrefix:    "http://{nlb}:80", endpointType: "REGIONAL",
		},
		"HTTPS to the certificate's name": {
			loadBalancer: map[string]any{"nlb": true, "certificateArn": lbCertificate},
			ingress:      map[string]any{"mode": IngressRestAPI, "backendHostname": ingressBackendHost, "cloudWatchRole": CloudWatchRoleCreate},
			uriPrefix:    "https://" + ingressBackendHost + ":443", endpointType: "REGIONAL",
		},
	} {
		t.Run(name, func(t *testing.T) {
			rec := mustRunProgram(t, lbStack(tc.loadBalancer, tc.ingress, lbTwoServices()))
			alb := rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-alb")
			nlb := rec.named(t, awstypes.LbLoadBalancer, "loadbalancing-nlb")

			// API → VPC link → NLB.
			vpcLink := rec.named(t, awstypes.ApigatewayVpcLink, "ingress-vpc-link")
			assert.Equal(t, stringProp(nlb.Outputs, "arn"), stringProp(vpcLink.Inputs, "targetArn"))
			// NLB → alb target group → ALB.
			reachesAlb := 0
			for _, listener := range rec.ofType(awstypes.LbListener) {
				if stringProp(listener.Inputs, "loadBalancerArn") != stringProp(nlb.Outputs, "arn") {
					continue
				}
				groupArn := stringProp(objects(t, listener.Inputs, "defaultActions")[0], "targetGroupArn")
				for _, attachment := range rec.ofType(awstypes.LbTargetGroupAttachment) {
					if stringProp(attachment.Inputs, "targetGroupArn") == groupArn &&
						stringProp(attachment.Inputs, "targetId") == stringProp(alb.Outputs, "arn") {
						reachesAlb++
					}
				}
			}
			assert.Positive(t, reachesAlb, "an NLB listener forwards to a target group holding the ALB")

			api := rec.named(t, awstypes.ApigatewayRestAPI, "ingress-api")
			assert.Equal(t, tc.endpointType, stringProp(api.Inputs, "endpointConfiguration", "types"))
			proxy := rec.named(t, awstypes.ApigatewayResource, "ingress-proxy")
			assert.Equal(t, "{proxy+}", stringProp(proxy.Inputs, "pathPart"))
			assert.Equal(t, api.ID, stringProp(proxy.Inputs, "restApi"))

			uriPrefix := strings.ReplaceAll(tc.uriPrefix, "{nlb}", stringProp(nlb.Outputs, "dnsName"))
			for _, route := range []struct{ name, resourceId, path string }{
				{name: "ingress-proxy-any", resourceId: proxy.ID, path: "/{proxy}"},
				{name: "ingress-root-any", path: "/"},
			} {
				method := rec.named(t, awstypes.ApigatewayMethod, route.name)
				assert.Equal(t, "ANY", stringProp(method.Inputs, "httpMethod"), route.name)
				integration := rec.named(t, awstypes.ApigatewayIntegration, route.name)
				assert.Equal(t, "HTTP_PROXY", stringProp(integration.Inputs, "type"), route.name)
				assert.Equal(t, "VPC_LINK", stringProp(integration.Inputs, "connectionType"), route.name)
				assert.Equal(t, vpcLink.ID, stringProp(integration.Inputs, "connectionId"), route.name)
				assert.Equal(t, uriPrefix+route.path, stringProp(integration.Inputs, "uri"), route.name)
				if route.resourceId != "" {
					assert.Equal(t, route.resourceId, stringProp(integration.Inputs, "resourceId"), route.name)
					assert.Equal(t, "method.request.path.proxy", stringProp(integration.Inputs, "requestParameters", "integration.request.path.proxy"))
				}
			}

			deployment := rec.named(t, awstypes.ApigatewayDeployment, "ingress-deployment")
			for _, dependency := range []string{"ingress-proxy-any", "ingress-root-any"} {
				assert.True(t, dependsOn(deployment, awstypes.ApigatewayIntegration, dependency), "the deployment must snapshot %s", dependency)
			}
			stage := rec.named(t, awstypes.ApigatewayStage, "ingress-stage")
			assert.Equal(t, deployment.ID, stringProp(stage.Inputs, "deployment"))
			assert.Equal(t, stringProp(rec.named(t, awstypes.CloudwatchLogGroup, "ingress-access-logs").Outputs, "arn"),
				stringProp(stage.Inputs, "accessLogSettings", "destinationArn"))
			assert.Empty(t, rec.ofType(awstypes.Apigatewayv2API))
		})
	}
}

func TestPrivateRestAPIAdmitsOnlyItsVpc(t *testing.T) {
	cfg := lbStack(map[string]any{"nlb": true}, map[string]any{"mode": IngressRestAPI, "restEndpointType": "PRIVATE", "cloudWatchRole": CloudWatchRoleExisting}, lbTwoServices()).
		with("endpoints", map[string]any{"extra": []string{"execute-api"}})
	rec := mustRunProgram(t, cfg)
	api := rec.named(t, awstypes.ApigatewayRestAPI, "ingress-api")
	assert.Equal(t, "PRIVATE", stringProp(api.Inputs, "endpointConfiguration", "types"))
	doc := parsePolicy(t, stringProp(api.Inputs, "policy"))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []string{"execute-api:Invoke"}, doc.Statement[0].Action)
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceVpc": "network-vpc-id"}}, doc.Statement[0].Condition)
}

func TestRegionalRestAPIHasNoResourcePolicy(t *testing.T) {
	rec := mustRunProgram(t, lbStack(map[string]any{"nlb": true}, map[string]any{"mode": IngressRestAPI, "cloudWatchRole": CloudWatchRoleExisting}, nil))
	_, ok := prop(rec.named(t, awstypes.ApigatewayRestAPI, "ingress-api").Inputs, "policy")
	assert.False(t, ok)
}
