package rules

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// fsbpStackRules are the stack rules that exist for an FSBP control: what one resource cannot show alone (a VPC's
// default security group, flow logs and endpoints; a stage's logging settings; a bucket's policy and logging).
func fsbpStackRules() []StackRule {
	return []StackRule{
		{
			Name:          "vpc-default-security-group-closed",
			ResourceTypes: concat(vpcTypes, []string{awstypes.Ec2DefaultSecurityGroup}, defaultSGRuleTypes),
			Controls:      []string{"EC2.2"},
			Description:   "Every VPC's default security group is adopted with an `aws:ec2/defaultSecurityGroup` that has no `ingress` or `egress`, and no security group rule resource adds to it.",
			Rationale:     "AWS creates the default group allowing all traffic among its members and all egress; anything launched without a group lands in it.",
			DefaultLevel:  Mandatory,
			Check:         checkDefaultSecurityGroupClosed,
		},
		{
			Name:          "vpc-flow-logs",
			ResourceTypes: vpcTypes,
			Controls:      []string{"EC2.6"},
			Description:   "Every VPC has a flow log (`aws:ec2/flowLog` `vpcId`, aws-native `FlowLog` `resourceId` with resourceType VPC) recording REJECT or ALL traffic.",
			Rationale:     "Flow logs are the only record of which connections were attempted and refused.",
			DefaultLevel:  Advisory,
			Check:         checkVpcFlowLogs,
		},
		{
			Name:          "vpc-service-endpoints",
			ResourceTypes: vpcTypes,
			Controls:      []string{"EC2.10", "EC2.55", "EC2.56", "EC2.57", "EC2.58", "EC2.60"},
			Description:   "Every VPC has interface endpoints for ec2 (EC2.10), ecr.api (EC2.55), ecr.dkr (EC2.56), ssm (EC2.57), ssm-contacts (EC2.58) and ssm-incidents (EC2.60).",
			Rationale:     "Calls to these services then stay on the AWS network instead of crossing the internet through NAT.",
			DefaultLevel:  Advisory,
			Check:         checkVpcServiceEndpoints,
		},
		{
			Name:          "api-gateway-execution-logging",
			ResourceTypes: []string{awstypes.ApigatewayStage, awstypes.Apigatewayv2Stage},
			Controls:      []string{"APIGateway.1"},
			Description:   "REST API stages have method settings for `*/*` with `loggingLevel` ERROR or INFO; WebSocket API stages set `defaultRouteSettings.loggingLevel` ERROR or INFO (HTTP APIs have no execution logs).",
			Rationale:     "Execution logs show why API Gateway rejected or failed a request.",
			DefaultLevel:  Advisory,
			Check:         checkAPIExecutionLogging,
		},
		{
			Name:          "s3-bucket-requires-ssl",
			ResourceTypes: s3BucketTypes,
			Controls:      []string{"S3.5"},
			Description:   "Every bucket has a bucket policy with a Deny statement on `aws:SecureTransport` false.",
			Rationale:     "Without it S3 accepts plain-HTTP requests for the bucket.",
			DefaultLevel:  Advisory,
			Check:         checkBucketsRequireSSL,
		},
		{
			Name:          "s3-bucket-logging",
			ResourceTypes: s3BucketTypes,
			Controls:      []string{"S3.9"},
			Description:   "Every bucket has server access logging (`BucketLogging`/`BucketLoggingV2`, aws-native `loggingConfiguration`).",
			Rationale:     "Access logs record who read or changed which object.",
			DefaultLevel:  Advisory,
			Check:         bucketCompanionCheck("s3-bucket-logging", s3LoggingTypes, "loggingConfiguration", "server access logging", "add an aws.s3.BucketLoggingV2 with a target bucket"),
		},
		{
			Name:          "s3-bucket-lifecycle",
			ResourceTypes: s3BucketTypes,
			Controls:      []string{"S3.10", "S3.13"},
			Description:   "Every bucket has a lifecycle configuration (`BucketLifecycleConfiguration`/`…V2`, aws-native `lifecycleConfiguration`).",
			Rationale:     "Objects without lifecycle rules (and noncurrent versions) are kept and paid for forever.",
			DefaultLevel:  Advisory,
			Check:         bucketCompanionCheck("s3-bucket-lifecycle", s3LifecycleTypes, "lifecycleConfiguration", "lifecycle configuration", "add an aws.s3.BucketLifecycleConfigurationV2 that expires what the bucket no longer needs"),
		},
		{
			Name:          "s3-bucket-replication",
			ResourceTypes: s3BucketTypes,
			Controls:      []string{"S3.7"},
			Description:   "Every bucket replicates to another Region (`BucketReplicationConfig`, aws-native `replicationConfiguration`).",
			Rationale:     "A second Region's copy survives a Regional outage or a deleted bucket.",
			DefaultLevel:  Advisory,
			Check:         bucketCompanionCheck("s3-bucket-replication", []string{awstypes.S3BucketReplicationConfig}, "replicationConfiguration", "cross-Region replication", "add an aws.s3.BucketReplicationConfig, or accept this advisory for data that need not survive a Region"),
		},
		{
			Name:          "s3-bucket-event-notifications",
			ResourceTypes: s3BucketTypes,
			Controls:      []string{"S3.11"},
			Description:   "Every bucket has event notifications (`BucketNotification`, aws-native `notificationConfiguration`).",
			Rationale:     "Notifications let something react to unexpected deletes or writes.",
			DefaultLevel:  Advisory,
			Check:         bucketCompanionCheck("s3-bucket-event-notifications", []string{awstypes.S3BucketNotification}, "notificationConfiguration", "event notifications", "add an aws.s3.BucketNotification (EventBridge is the simplest target)"),
		},
	}
}

func checkDefaultSecurityGroupClosed(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	defaults := s.ofType(awstypes.Ec2DefaultSecurityGroup)
	var findings []StackFinding
	for _, group := range defaults {
		open := or(isSet(resources[group].Properties, "ingress"), isSet(resources[group].Properties, "egress"))
		switch open {
		case yes:
			findings = append(findings, StackFinding{Resource: group, Message: fmt.Sprintf(
				"default security group %q keeps ingress or egress rules; remove them all, so that nothing which lands in "+
					"the default group can talk to anything", resources[group].Name)})
		case unknown:
			findings = append(findings, couldNotVerify(group, "vpc-default-security-group-closed", fmt.Sprintf(
				"that default security group %q has no rules (they are unknown)", resources[group].Name)))
		}
	}
	for _, rule := range s.ofType(defaultSGRuleTypes...) {
		if s.resolve(rule, "securityGroupId", awstypes.Ec2DefaultSecurityGroup).overlaps(allOf(defaults)) == yes {
			findings = append(findings, StackFinding{Resource: rule, Message: fmt.Sprintf(
				"security group rule %q adds a rule to a VPC's default security group; attach it to a security group of "+
					"its own instead", resources[rule].Name)})
		}
	}
	for _, vpc := range s.ofType(vpcTypes...) {
		adopted := anyOf(defaults, func(group int) tri { return s.resolve(group, "vpcId", vpcTypes...).contains(vpc) })
		switch adopted {
		case no:
			findings = append(findings, StackFinding{Resource: vpc, Message: fmt.Sprintf(
				"VPC %q leaves its default security group with AWS's rules (all traffic among members, all egress); add an "+
					"aws.ec2.DefaultSecurityGroup with vpcId set to this VPC and no ingress or egress", resources[vpc].Name)})
		case unknown:
			findings = append(findings, couldNotVerify(vpc, "vpc-default-security-group-closed", fmt.Sprintf(
				"that VPC %q adopts its default security group (a default group's vpcId is unknown)", resources[vpc].Name)))
		}
	}
	return findings
}

// allOf is a reference to every resource in indexes.
func allOf(indexes []int) ref {
	r := newRef()
	for _, i := range indexes {
		r.targets[i] = true
	}
	return r
}

// inVpcWith reports, for one VPC, whether some resource among candidates lives in it (through key) and passes test.
func (s *stack) inVpcWith(vpc int, candidates []int, key string, test func(int) tri) tri {
	return anyOf(candidates, func(c int) tri {
		return and(s.resolve(c, key, vpcTypes...).contains(vpc), test(c))
	})
}

func checkVpcFlowLogs(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	var findings []StackFinding
	for _, vpc := range s.ofType(vpcTypes...) {
		records := func(flowLog int) tri {
			props := resources[flowLog].Properties
			traffic, known := str(props, "trafficType", "ALL")
			if !known {
				return unknown
			}
			if resources[flowLog].Type == awstypes.NativeEc2FlowLog {
				kind, kindKnown := str(props, "resourceType", "")
				if !kindKnown {
					return unknown
				}
				if kind != "VPC" {
					return no
				}
			}
			return triOf(traffic != "ACCEPT")
		}
		logged := or(s.inVpcWith(vpc, s.ofType(awstypes.Ec2FlowLog), "vpcId", records),
			s.inVpcWith(vpc, s.ofType(awstypes.NativeEc2FlowLog), "resourceId", records))
		switch logged {
		case no:
			findings = append(findings, StackFinding{Resource: vpc, Message: fmt.Sprintf(
				"VPC %q has no flow log recording rejected traffic; add an aws.ec2.FlowLog with vpcId set to it and "+
					"trafficType ALL or REJECT", resources[vpc].Name)})
		case unknown:
			findings = append(findings, couldNotVerify(vpc, "vpc-flow-logs", fmt.Sprintf(
				"that VPC %q has a flow log (a flow log's VPC or traffic type is unknown)", resources[vpc].Name)))
		}
	}
	return findings
}

// serviceEndpointControls are the interface endpoints FSBP expects in every VPC, by control.
var serviceEndpointControls = []struct{ control, service string }{
	{"EC2.10", "ec2"}, {"EC2.55", "ecr.api"}, {"EC2.56", "ecr.dkr"}, {"EC2.57", "ssm"}, {"EC2.58", "ssm-contacts"},
	{"EC2.60", "ssm-incidents"},
}

func checkVpcServiceEndpoints(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	var findings []StackFinding
	for _, vpc := range s.ofType(vpcTypes...) {
		vpcRef := newRef()
		vpcRef.targets[vpc] = true
		inVpc := func(endpoint int) tri { return s.resolve(endpoint, "vpcId", vpcTypes...).overlaps(vpcRef) }
		var missing []string
		undecided := false
		for _, e := range serviceEndpointControls {
			switch s.hasInterfaceEndpoint("."+e.service, inVpc) {
			case no:
				missing = append(missing, fmt.Sprintf("%s (%s)", e.service, e.control))
			case unknown:
				undecided = true
			}
		}
		switch {
		case len(missing) > 0:
			findings = append(findings, StackFinding{Resource: vpc, Message: fmt.Sprintf(
				"VPC %q has no interface endpoints for %s; add them with privateDnsEnabled: true", resources[vpc].Name,
				strings.Join(missing, ", "))})
		case undecided:
			findings = append(findings, couldNotVerify(vpc, "vpc-service-endpoints", fmt.Sprintf(
				"which endpoints VPC %q has (an endpoint's VPC or service is unknown)", resources[vpc].Name)))
		}
	}
	return findings
}

// logsExecution reports whether a method settings map logs execution (loggingLevel ERROR or INFO).
func logsExecution(settings property.Map) tri {
	level, known := str(settings, "loggingLevel", "OFF")
	if !known {
		return unknown
	}
	return triOf(level == "ERROR" || level == "INFO")
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

// deniesInsecureTransport reports whether a statement denies requests with aws:SecureTransport false.
func deniesInsecureTransport(st statement) bool {
	if st.Effect != "Deny" {
		return false
	}
	for operator, values := range st.Condition {
		if !strings.HasPrefix(operator, "Bool") {
			continue
		}
		conditions, _ := values.(map[string]any)
		for key, value := range conditions {
			if strings.EqualFold(key, "aws:SecureTransport") && strings.EqualFold(fmt.Sprint(value), "false") {
				return true
			}
		}
	}
	return false
}

func checkBucketsRequireSSL(resources []Resource, _ Config) []StackFinding {
	s := newStack(resources)
	policies := s.ofType(s3BucketPolicyTypes...)
	var findings []StackFinding
	for _, bucket := range s.ofType(s3BucketTypes...) {
		enforced := anyOf(policies, func(p int) tri {
			onBucket := s.resolve(p, "bucket", s3BucketTypes...).contains(bucket)
			if onBucket == no {
				return no
			}
			statements, known, _ := policyStatements(policyDocuments(resources[p])[0].value)
			if !known {
				return and(onBucket, unknown)
			}
			for _, st := range statements {
				if deniesInsecureTransport(st) {
					return onBucket
				}
			}
			return no
		})
		switch enforced {
		case no:
			findings = append(findings, StackFinding{Resource: bucket, Message: fmt.Sprintf(
				"bucket %q accepts plain-HTTP requests; give it a bucket policy statement that denies s3:* when "+
					"aws:SecureTransport is false", resources[bucket].Name)})
		case unknown:
			findings = append(findings, couldNotVerify(bucket, "s3-bucket-requires-ssl", fmt.Sprintf(
				"that bucket %q denies plain HTTP (its policy is unknown)", resources[bucket].Name)))
		}
	}
	return findings
}

// bucketCompanionCheck is rule's check that every bucket has one of companionTypes pointing at it through `bucket`
// (or, for an aws-native bucket, its own nativeKey property).
func bucketCompanionCheck(rule string, companionTypes []string, nativeKey, what, fix string,
) func([]Resource, Config) []StackFinding {
	return func(resources []Resource, _ Config) []StackFinding {
		s := newStack(resources)
		companions := s.ofType(companionTypes...)
		var findings []StackFinding
		for _, bucket := range s.ofType(s3BucketTypes...) {
			has := anyOf(companions, func(c int) tri { return s.resolve(c, "bucket", s3BucketTypes...).contains(bucket) })
			if resources[bucket].Type == awstypes.NativeS3Bucket {
				has = or(has, isSet(resources[bucket].Properties, nativeKey))
			}
			switch has {
			case no:
				findings = append(findings, StackFinding{Resource: bucket, Message: fmt.Sprintf(
					"bucket %q has no %s; %s", resources[bucket].Name, what, fix)})
			case unknown:
				findings = append(findings, couldNotVerify(bucket, rule, fmt.Sprintf(
					"that bucket %q has %s (a reference is unknown)", resources[bucket].Name, what)))
			}
		}
		return findings
	}
}
