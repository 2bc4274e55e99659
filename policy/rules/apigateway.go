package rules

import (
	"fmt"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

var apiGatewayRestStageHardeningRule = ResourceRule{
	Name:          "api-gateway-rest-stage-hardening",
	ResourceTypes: []string{awstypes.ApigatewayStage},
	Controls:      []string{"APIGateway.2", "APIGateway.3"},
	Description:   "REST API stages authenticate to the backend with a client certificate (`clientCertificateId`) and trace with X-Ray (`xrayTracingEnabled`).",
	Rationale:     "The certificate lets the backend refuse calls that did not come through API Gateway; traces show where requests go.",
	DefaultLevel:  Advisory,
	Check:         checkRestStage,
}

func checkRestStage(res Resource, _ Config) []string {
	var messages []string
	if isSet(res.Properties, "clientCertificateId") == no {
		messages = append(messages, fmt.Sprintf("REST API stage %q has no client certificate for backend authentication; "+
			"set clientCertificateId (aws.apigateway.ClientCertificate) and verify it in the backend", res.Name))
	}
	if boolTri(res.Properties, "xrayTracingEnabled", false) == no {
		messages = append(messages, fmt.Sprintf("REST API stage %q does not trace with X-Ray; set xrayTracingEnabled: true", res.Name))
	}
	return messages
}

var apiGatewayCacheEncryptedRule = ResourceRule{
	Name:          "api-gateway-cache-encrypted",
	ResourceTypes: []string{awstypes.ApigatewayMethodSettings},
	Controls:      []string{"APIGateway.5"},
	Description:   "REST API method settings that enable caching encrypt the cache (`settings.cacheDataEncrypted: true`).",
	Rationale:     "Cached responses hold API data at rest.",
	DefaultLevel:  Advisory,
	Check:         checkRestCacheEncryption,
}

func checkRestCacheEncryption(res Resource, _ Config) []string {
	settings, known := object(res.Properties.Get("settings"))
	if !known || boolTri(settings, "cachingEnabled", false) != yes || boolTri(settings, "cacheDataEncrypted", false) != no {
		return nil
	}
	return []string{fmt.Sprintf("REST API method settings %q cache responses unencrypted; set settings.cacheDataEncrypted: true", res.Name)}
}

var apiGatewayRouteAuthorizationRule = ResourceRule{
	Name:          "api-gateway-route-authorization",
	ResourceTypes: apiV2RouteTypes,
	Controls:      []string{"APIGateway.8"},
	Description:   "HTTP and WebSocket API routes name an authorization type (`authorizationType` AWS_IAM, JWT or CUSTOM; unset means NONE).",
	Rationale:     "NONE is the default, so an open route is usually an oversight rather than a decision.",
	DefaultLevel:  Advisory,
	Check:         checkRouteAuthorization,
}

func checkRouteAuthorization(res Resource, _ Config) []string {
	authorization, known := str(res.Properties, "authorizationType", "NONE")
	if !known || !strings.EqualFold(authorization, "NONE") {
		return nil
	}
	return []string{fmt.Sprintf("API route %q has no authorization (authorizationType NONE or unset); set authorizationType "+
		"AWS_IAM, JWT (with an authorizer) or CUSTOM", res.Name)}
}

var apiGatewayV2AccessLoggingRule = ResourceRule{
	Name:          "api-gateway-v2-access-logging",
	ResourceTypes: []string{awstypes.Apigatewayv2Stage},
	Controls:      []string{"APIGateway.9"},
	Description:   "HTTP and WebSocket API stages ship access logs (`accessLogSettings.destinationArn`).",
	Rationale:     "Access logs are the record of who called the API.",
	DefaultLevel:  Advisory,
	Check:         checkV2StageAccessLogs,
}

func checkV2StageAccessLogs(res Resource, _ Config) []string {
	settings, known := object(res.Properties.Get("accessLogSettings"))
	if !known || isSet(settings, "destinationArn") != no {
		return nil
	}
	return []string{fmt.Sprintf("API stage %q ships no access logs; set accessLogSettings with a log group destinationArn and a format", res.Name)}
}

var apiGatewayPrivateIntegrationTLSRule = ResourceRule{
	Name:          "api-gateway-private-integration-tls",
	ResourceTypes: []string{awstypes.Apigatewayv2Integration},
	Controls:      []string{"APIGateway.10"},
	Description:   "HTTP API integrations through a VPC link use TLS (`tlsConfig.serverNameToVerify`).",
	Rationale:     "Otherwise requests travel from API Gateway to the private backend in clear text.",
	DefaultLevel:  Advisory,
	Check:         checkPrivateIntegrationTLS,
}

func checkPrivateIntegrationTLS(res Resource, _ Config) []string {
	connection, known := str(res.Properties, "connectionType", "INTERNET")
	if !known || connection != "VPC_LINK" {
		return nil
	}
	tls, known := object(res.Properties.Get("tlsConfig"))
	if !known || isSet(tls, "serverNameToVerify") != no {
		return nil
	}
	return []string{fmt.Sprintf("API integration %q reaches its private backend through a VPC link without TLS; set "+
		"tlsConfig.serverNameToVerify and an HTTPS listener on the backend", res.Name)}
}

// logsExecution reports whether a method settings map logs execution (loggingLevel ERROR or INFO).
func logsExecution(settings property.Map) tri {
	level, known := str(settings, "loggingLevel", "OFF")
	if !known {
		return unknown
	}
	return triOf(level == "ERROR" || level == "INFO")
}

var apiGatewayExecutionLoggingRule = StackRule{
	Name:          "api-gateway-execution-logging",
	ResourceTypes: []string{awstypes.ApigatewayStage, awstypes.Apigatewayv2Stage},
	Controls:      []string{"APIGateway.1"},
	Description:   "REST API stages have method settings for `*/*` with `loggingLevel` ERROR or INFO; WebSocket API stages set `defaultRouteSettings.loggingLevel` ERROR or INFO (HTTP APIs have no execution logs).",
	Rationale:     "Execution logs show why API Gateway rejected or failed a request.",
	DefaultLevel:  Advisory,
	Check:         checkAPIExecutionLogging,
}

func checkAPIExecutionLogging(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	var findings []StackFinding
	methodSettings := s.ofType(awstypes.ApigatewayMethodSettings)
	for _, stage := range s.ofType(awstypes.ApigatewayStage, awstypes.Apigatewayv2Stage) {
		props := resources[stage].Properties
		var logged tri
		if resources[stage].Type == awstypes.ApigatewayStage {
			stageName, nameKnown := str(props, "stageName", "")
			restAPI := s.resolve(stage, "restApi", awstypes.ApigatewayRestAPI)
			logged = anyOf(methodSettings, func(m int) tri {
				settingsProps := resources[m].Properties
				forStage := s.resolve(m, "stageName", awstypes.ApigatewayStage).contains(stage)
				if forStage == no {
					otherName, otherKnown := str(settingsProps, "stageName", "")
					sameAPI := s.resolve(m, "restApi", awstypes.ApigatewayRestAPI).overlaps(restAPI)
					switch {
					case !nameKnown || !otherKnown:
						forStage = and(sameAPI, unknown)
					default:
						forStage = and(sameAPI, triOf(otherName == stageName))
					}
				}
				path, pathKnown := str(settingsProps, "methodPath", "")
				allMethods := unknown
				if pathKnown {
					allMethods = triOf(path == "*/*")
				}
				settings, settingsKnown := object(settingsProps.Get("settings"))
				if !settingsKnown {
					return and(forStage, allMethods, unknown)
				}
				return and(forStage, allMethods, logsExecution(settings))
			})
		} else {
			api := s.resolve(stage, "apiId", awstypes.Apigatewayv2API)
			websocket := anyOf(sortedTargets(api), func(a int) tri {
				protocol, known := str(resources[a].Properties, "protocolType", "")
				if !known {
					return unknown
				}
				return triOf(protocol == "WEBSOCKET")
			})
			if websocket == no || len(api.targets) == 0 {
				continue // HTTP APIs have no execution logging; an API outside the stack is not judged
			}
			settings, known := object(props.Get("defaultRouteSettings"))
			logged = or(not(websocket), unknown)
			if known {
				logged = or(not(websocket), logsExecution(settings))
			}
		}
		switch logged {
		case no:
			findings = append(findings, StackFinding{Resource: stage, Message: fmt.Sprintf(
				"API stage %q does not log execution; add aws.apigateway.MethodSettings for methodPath */* with "+
					"settings.loggingLevel ERROR or INFO (WebSocket: defaultRouteSettings.loggingLevel)", resources[stage].Name)})
		case unknown:
			findings = append(findings, couldNotVerify(stage, "api-gateway-execution-logging", fmt.Sprintf(
				"that API stage %q logs execution (its method settings are unknown)", resources[stage].Name)))
		}
	}
	return findings
}
