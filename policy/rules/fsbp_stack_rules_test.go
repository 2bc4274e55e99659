package rules

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

const sslOnlyBucketPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"TLSOnly","Effect":"Deny","Principal":"*","Action":"s3:*",` +
	`"Resource":["arn:aws:s3:::logs","arn:aws:s3:::logs/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`

// hardenedVpc is a VPC with its default security group adopted and closed, a flow log, and every endpoint FSBP
// asks for.
func hardenedVpc(m refMode) *fixture {
	f := &fixture{mode: m}
	f.add(awstypes.Ec2Vpc, "vpc", obj{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true})
	f.add(awstypes.Ec2DefaultSecurityGroup, "vpc-default-sg", obj{})
	f.link("vpc-default-sg", "vpcId", "vpc")
	f.add(awstypes.Ec2FlowLog, "vpc-flow-log", obj{"trafficType": "ALL", "logDestinationType": "cloud-watch-logs"})
	f.link("vpc-flow-log", "vpcId", "vpc")
	for _, e := range serviceEndpointControls {
		name := "endpoint-" + e.service
		f.add(awstypes.Ec2VpcEndpoint, name, obj{"serviceName": endpointService(e.service), "vpcEndpointType": "Interface", "privateDnsEnabled": true})
		f.link(name, "vpcId", "vpc")
	}
	return f
}

// loggedBucket is a bucket with an SSL-only policy, access logging and a lifecycle configuration.
func loggedBucket(m refMode) *fixture {
	f := &fixture{mode: m}
	f.add(awstypes.S3BucketV2, "logs", obj{})
	f.add(awstypes.S3BucketPolicy, "logs-policy", obj{"policy": sslOnlyBucketPolicy})
	f.link("logs-policy", "bucket", "logs")
	f.add(awstypes.S3BucketLoggingV2, "logs-logging", obj{"targetBucket": "audit", "targetPrefix": "logs/"})
	f.link("logs-logging", "bucket", "logs")
	f.add(awstypes.S3BucketLifecycleConfigurationV2, "logs-lifecycle", obj{"rules": arr{obj{"id": "expire", "status": "Enabled"}}})
	f.link("logs-lifecycle", "bucket", "logs")
	f.add(awstypes.S3BucketReplicationConfig, "logs-replication", obj{"role": "arn:aws:iam::123456789012:role/replication"})
	f.link("logs-replication", "bucket", "logs")
	f.add(awstypes.S3BucketNotification, "logs-notification", obj{"eventbridge": true})
	f.link("logs-notification", "bucket", "logs")
	return f
}

// restAPI is a REST API stage with method settings that log execution.
func restAPI(m refMode) *fixture {
	f := &fixture{mode: m}
	f.add(awstypes.ApigatewayRestAPI, "api", obj{})
	f.add(awstypes.ApigatewayStage, "stage", obj{"stageName": "prod"})
	f.link("stage", "restApi", "api")
	f.add(awstypes.ApigatewayMethodSettings, "stage-settings", obj{"methodPath": "*/*", "settings": obj{"loggingLevel": "ERROR", "metricsEnabled": true}})
	f.link("stage-settings", "restApi", "api")
	f.link("stage-settings", "stageName", "stage")
	return f
}

// stackCase is one FSBP stack rule fixture: want lists the resources with a violation.
type stackCase struct {
	name     string
	rule     string
	build    func(refMode) *fixture
	modes    []refMode
	want     []string
	wantText string
}

func TestFSBPStackRules(t *testing.T) {
	cases := []stackCase{
		{name: "closed default security group", rule: "vpc-default-security-group-closed", build: hardenedVpc, modes: allModes},
		{
			name: "VPC without an adopted default security group", rule: "vpc-default-security-group-closed", modes: allModes,
			build: func(m refMode) *fixture { f := hardenedVpc(m); f.remove("vpc-default-sg"); return f },
			want:  []string{"vpc"}, wantText: "aws.ec2.DefaultSecurityGroup",
		},
		{
			name: "default security group keeping an egress rule", rule: "vpc-default-security-group-closed", modes: allModes,
			build: func(m refMode) *fixture {
				f := hardenedVpc(m)
				f.set("vpc-default-sg", "egress", arr{obj{"protocol": "-1", "cidrBlocks": []string{"0.0.0.0/0"}}})
				return f
			},
			want: []string{"vpc-default-sg"}, wantText: "remove them all",
		},
		{
			name: "ingress rule resource added to the default security group", rule: "vpc-default-security-group-closed", modes: allModes,
			build: func(m refMode) *fixture {
				f := hardenedVpc(m)
				f.add(awstypes.VpcSecurityGroupIngressRule, "into-default", obj{"cidrIpv4": "10.0.0.0/16", "ipProtocol": "-1"})
				f.link("into-default", "securityGroupId", "vpc-default-sg")
				return f
			},
			want: []string{"into-default"}, wantText: "security group of its own",
		},
		{
			name: "default security group with unknown rules is not decided", rule: "vpc-default-security-group-closed", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := hardenedVpc(m)
				f.set("vpc-default-sg", "ingress", unknownValue)
				return f
			},
		},
		{name: "VPC with a flow log", rule: "vpc-flow-logs", build: hardenedVpc, modes: allModes},
		{
			name: "VPC without a flow log", rule: "vpc-flow-logs", modes: allModes, want: []string{"vpc"}, wantText: "aws.ec2.FlowLog",
			build: func(m refMode) *fixture { f := hardenedVpc(m); f.remove("vpc-flow-log"); return f },
		},
		{
			name: "flow log of accepted traffic only", rule: "vpc-flow-logs", modes: allModes, want: []string{"vpc"},
			build: func(m refMode) *fixture {
				f := hardenedVpc(m)
				f.set("vpc-flow-log", "trafficType", "ACCEPT")
				return f
			},
		},
		{
			name: "aws-native flow log of the VPC", rule: "vpc-flow-logs", modes: allModes,
			build: func(m refMode) *fixture {
				f := hardenedVpc(m)
				f.remove("vpc-flow-log")
				f.add(awstypes.NativeEc2FlowLog, "native-flow-log", obj{"resourceType": "VPC", "trafficType": "REJECT"})
				f.link("native-flow-log", "resourceId", "vpc")
				return f
			},
		},
		{
			name: "flow log with unknown traffic type is not decided", rule: "vpc-flow-logs", modes: allModes,
			build: func(m refMode) *fixture {
				f := hardenedVpc(m)
				f.set("vpc-flow-log", "trafficType", unknownValue)
				return f
			},
		},
		{name: "VPC with every FSBP endpoint", rule: "vpc-service-endpoints", build: hardenedVpc, modes: allModes},
		{
			name: "VPC without the ssm endpoints", rule: "vpc-service-endpoints", modes: allModes, want: []string{"vpc"},
			wantText: "ssm (EC2.57), ssm-contacts (EC2.58)",
			build: func(m refMode) *fixture {
				f := hardenedVpc(m)
				f.remove("endpoint-ssm", "endpoint-ssm-contacts")
				return f
			},
		},
		{
			name: "endpoint with unknown service is not decided", rule: "vpc-service-endpoints", modes: allModes,
			build: func(m refMode) *fixture {
				f := hardenedVpc(m)
				f.remove("endpoint-ssm")
				f.set("endpoint-ec2", "serviceName", unknownValue)
				return f
			},
		},
		{name: "REST stage logging execution", rule: "api-gateway-execution-logging", build: restAPI, modes: allModes},
		{
			name: "REST stage without method settings", rule: "api-gateway-execution-logging", modes: allModes, want: []string{"stage"},
			wantText: "loggingLevel ERROR or INFO",
			build:    func(m refMode) *fixture { f := restAPI(m); f.remove("stage-settings"); return f },
		},
		{
			name: "REST stage with logging off", rule: "api-gateway-execution-logging", modes: allModes, want: []string{"stage"},
			build: func(m refMode) *fixture {
				f := restAPI(m)
				f.set("stage-settings", "settings", obj{"loggingLevel": "OFF"})
				return f
			},
		},
		{
			name: "method settings naming the stage by its known name", rule: "api-gateway-execution-logging", modes: []refMode{byID},
			build: func(m refMode) *fixture { f := restAPI(m); f.set("stage-settings", "stageName", "prod"); return f },
		},
		{
			name: "HTTP API stages have no execution logs", rule: "api-gateway-execution-logging", modes: allModes,
			build: func(m refMode) *fixture {
				f := &fixture{mode: m}
				f.add(awstypes.Apigatewayv2API, "http-api", obj{"protocolType": "HTTP"})
				f.add(awstypes.Apigatewayv2Stage, "default", obj{"name": "$default"})
				f.link("default", "apiId", "http-api")
				return f
			},
		},
		{
			name: "WebSocket stage without logging", rule: "api-gateway-execution-logging", modes: allModes, want: []string{"default"},
			build: func(m refMode) *fixture {
				f := &fixture{mode: m}
				f.add(awstypes.Apigatewayv2API, "ws-api", obj{"protocolType": "WEBSOCKET"})
				f.add(awstypes.Apigatewayv2Stage, "default", obj{"name": "prod"})
				f.link("default", "apiId", "ws-api")
				return f
			},
		},
		{
			name: "method settings with unknown logging level are not decided", rule: "api-gateway-execution-logging", modes: allModes,
			build: func(m refMode) *fixture {
				f := restAPI(m)
				f.set("stage-settings", "settings", obj{"loggingLevel": unknownValue})
				return f
			},
		},
		{name: "bucket with an SSL-only policy", rule: "s3-bucket-requires-ssl", build: loggedBucket, modes: allModes},
		{
			name: "bucket without a policy", rule: "s3-bucket-requires-ssl", modes: allModes, want: []string{"logs"}, wantText: "aws:SecureTransport",
			build: func(m refMode) *fixture { f := loggedBucket(m); f.remove("logs-policy"); return f },
		},
		{
			name: "bucket policy without the TLS deny", rule: "s3-bucket-requires-ssl", modes: allModes, want: []string{"logs"},
			build: func(m refMode) *fixture { f := loggedBucket(m); f.set("logs-policy", "policy", scopedPolicy); return f },
		},
		{
			name: "aws-native bucket policy with the TLS deny as an object", rule: "s3-bucket-requires-ssl", modes: allModes,
			build: func(m refMode) *fixture {
				f := loggedBucket(m)
				f.remove("logs-policy")
				f.add(awstypes.NativeS3BucketPolicy, "native-policy", obj{"policyDocument": obj{"Statement": arr{obj{
					"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Condition": obj{"Bool": obj{"aws:SecureTransport": false}},
				}}}})
				f.link("native-policy", "bucket", "logs")
				return f
			},
		},
		{
			name: "bucket policy with an unknown document is not decided", rule: "s3-bucket-requires-ssl", modes: allModes,
			build: func(m refMode) *fixture { f := loggedBucket(m); f.set("logs-policy", "policy", unknownValue); return f },
		},
		{name: "bucket with access logging", rule: "s3-bucket-logging", build: loggedBucket, modes: allModes},
		{
			name: "bucket without access logging", rule: "s3-bucket-logging", modes: allModes, want: []string{"logs"}, wantText: "server access logging",
			build: func(m refMode) *fixture { f := loggedBucket(m); f.remove("logs-logging"); return f },
		},
		{
			name: "aws-native bucket with its own logging configuration", rule: "s3-bucket-logging", modes: allModes,
			build: func(m refMode) *fixture {
				f := &fixture{mode: m}
				f.add(awstypes.NativeS3Bucket, "native", obj{"loggingConfiguration": obj{"destinationBucketName": "audit"}})
				return f
			},
		},
		{
			name: "logging resource with an unknown bucket is not decided", rule: "s3-bucket-logging", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := loggedBucket(m)
				f.set("logs-logging", "bucket", unknownValue)
				return f
			},
		},
		{name: "bucket with a lifecycle configuration", rule: "s3-bucket-lifecycle", build: loggedBucket, modes: allModes},
		{
			name: "bucket without a lifecycle configuration", rule: "s3-bucket-lifecycle", modes: allModes, want: []string{"logs"},
			build: func(m refMode) *fixture { f := loggedBucket(m); f.remove("logs-lifecycle"); return f },
		},
		{
			name: "v7 bucket and lifecycle tokens", rule: "s3-bucket-lifecycle", modes: allModes,
			build: func(m refMode) *fixture {
				f := &fixture{mode: m}
				f.add(awstypes.S3Bucket, "v7", obj{})
				f.add(awstypes.S3BucketLifecycleConfiguration, "v7-lifecycle", obj{})
				f.link("v7-lifecycle", "bucket", "v7")
				return f
			},
		},
		{
			name: "lifecycle with an unknown bucket is not decided", rule: "s3-bucket-lifecycle", modes: []refMode{byID},
			build: func(m refMode) *fixture {
				f := loggedBucket(m)
				f.set("logs-lifecycle", "bucket", unknownValue)
				return f
			},
		},
	}
	for _, companion := range []struct{ rule, resource string }{
		{"s3-bucket-replication", "logs-replication"}, {"s3-bucket-event-notifications", "logs-notification"},
	} {
		resource := companion.resource
		cases = append(cases,
			stackCase{name: "bucket with " + resource, rule: companion.rule, build: loggedBucket, modes: allModes},
			stackCase{name: "bucket without " + resource, rule: companion.rule, modes: allModes, want: []string{"logs"},
				build: func(m refMode) *fixture { f := loggedBucket(m); f.remove(resource); return f }},
			stackCase{name: resource + " with an unknown bucket is not decided", rule: companion.rule, modes: []refMode{byID},
				build: func(m refMode) *fixture { f := loggedBucket(m); f.set(resource, "bucket", unknownValue); return f }},
		)
	}
	covered := map[string]map[string]bool{}
	for _, tc := range cases {
		if covered[tc.rule] == nil {
			covered[tc.rule] = map[string]bool{}
		}
		switch {
		case len(tc.want) > 0:
			covered[tc.rule]["violating"] = true
		case strings.Contains(tc.name, "not decided"):
			covered[tc.rule]["unknown"] = true
		default:
			covered[tc.rule]["compliant"] = true
		}
		for _, mode := range tc.modes {
			t.Run(tc.rule+"/"+tc.name+"/"+string(mode), func(t *testing.T) {
				f := tc.build(mode)

				violations := findingsOf(t, tc.rule, f.resources)

				var got []string
				for _, v := range violations {
					got = append(got, v.Resource)
					assert.Contains(t, v.Message, `"`+v.Resource+`"`)
					assert.Contains(t, v.Message, tc.wantText)
				}
				assert.Equal(t, tc.want, got, "violations: %+v", violations)
				if strings.Contains(tc.name, "not decided") {
					unverified := findingsOf(t, UnverifiedRule, f.resources)
					require.NotEmpty(t, unverified, "an undecided rule says so at preview")
					for _, v := range unverified {
						assert.True(t, strings.HasPrefix(v.Message, tc.rule+" could not verify at preview "),
							"names its rule: %s", v.Message)
					}
				}
			})
		}
	}
	for _, rule := range fsbpStackRules() {
		for _, kind := range []string{"compliant", "violating", "unknown"} {
			require.True(t, covered[rule.Name][kind], "stack rule %s has no %s fixture", rule.Name, kind)
		}
	}
}
