package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// apiGatewayRuleCases are the fixtures of the rules in apigateway.go; resourceRuleCases includes them.
func apiGatewayRuleCases() []ruleCase {
	return []ruleCase{
		// api-gateway-rest-stage-hardening (APIGateway.2, APIGateway.3)
		{name: "REST stage with client certificate and X-Ray", rule: "api-gateway-rest-stage-hardening", typ: awstypes.ApigatewayStage, props: obj{"clientCertificateId": "cert-1", "xrayTracingEnabled": true}},
		{name: "REST stage without either", rule: "api-gateway-rest-stage-hardening", typ: awstypes.ApigatewayStage, props: obj{"stageName": "prod"}, want: 2, wantText: "REST API stage"},
		{name: "REST stage with unknown settings", rule: "api-gateway-rest-stage-hardening", typ: awstypes.ApigatewayStage, props: obj{"clientCertificateId": unknownValue, "xrayTracingEnabled": unknownValue}},

		// api-gateway-cache-encrypted (APIGateway.5)
		{name: "cache off", rule: "api-gateway-cache-encrypted", typ: awstypes.ApigatewayMethodSettings, props: obj{"settings": obj{"loggingLevel": "ERROR"}}},
		{name: "encrypted cache", rule: "api-gateway-cache-encrypted", typ: awstypes.ApigatewayMethodSettings, props: obj{"settings": obj{"cachingEnabled": true, "cacheDataEncrypted": true}}},
		{name: "unencrypted cache", rule: "api-gateway-cache-encrypted", typ: awstypes.ApigatewayMethodSettings, props: obj{"settings": obj{"cachingEnabled": true}}, want: 1, wantText: "cacheDataEncrypted"},
		{name: "cache with unknown encryption", rule: "api-gateway-cache-encrypted", typ: awstypes.ApigatewayMethodSettings, props: obj{"settings": obj{"cachingEnabled": true, "cacheDataEncrypted": unknownValue}}},

		// api-gateway-route-authorization (APIGateway.8)
		{name: "IAM-authorized route", rule: "api-gateway-route-authorization", typ: awstypes.Apigatewayv2Route, props: obj{"routeKey": "ANY /{proxy+}", "authorizationType": "AWS_IAM"}},
		{name: "route without authorization", rule: "api-gateway-route-authorization", typ: awstypes.Apigatewayv2Route, props: obj{"routeKey": "ANY /{proxy+}"}, want: 1, wantText: "authorizationType"},
		{name: "aws-native route with NONE", rule: "api-gateway-route-authorization", typ: awstypes.NativeApigatewayv2Route, props: obj{"authorizationType": "NONE"}, want: 1},
		{name: "route with unknown authorization", rule: "api-gateway-route-authorization", typ: awstypes.Apigatewayv2Route, props: obj{"authorizationType": unknownValue}},

		// api-gateway-v2-access-logging (APIGateway.9)
		{name: "stage with access logs", rule: "api-gateway-v2-access-logging", typ: awstypes.Apigatewayv2Stage, props: obj{"accessLogSettings": obj{"destinationArn": "arn:aws:logs:eu-west-1:1:log-group:api", "format": "$context.requestId"}}},
		{name: "stage without access logs", rule: "api-gateway-v2-access-logging", typ: awstypes.Apigatewayv2Stage, props: obj{"name": "$default"}, want: 1, wantText: "accessLogSettings"},
		{name: "stage with unknown access logs", rule: "api-gateway-v2-access-logging", typ: awstypes.Apigatewayv2Stage, props: obj{"accessLogSettings": unknownValue}},

		// api-gateway-private-integration-tls (APIGateway.10)
		{name: "VPC link integration with TLS", rule: "api-gateway-private-integration-tls", typ: awstypes.Apigatewayv2Integration, props: obj{"connectionType": "VPC_LINK", "tlsConfig": obj{"serverNameToVerify": "api.internal"}}},
		{name: "internet integration", rule: "api-gateway-private-integration-tls", typ: awstypes.Apigatewayv2Integration, props: obj{"integrationType": "HTTP_PROXY"}},
		{name: "VPC link integration without TLS", rule: "api-gateway-private-integration-tls", typ: awstypes.Apigatewayv2Integration, props: obj{"connectionType": "VPC_LINK"}, want: 1, wantText: "serverNameToVerify"},
		{name: "VPC link integration with unknown TLS", rule: "api-gateway-private-integration-tls", typ: awstypes.Apigatewayv2Integration, props: obj{"connectionType": "VPC_LINK", "tlsConfig": unknownValue}},
	}
}
