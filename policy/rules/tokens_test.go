package rules

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestEveryTokenExistsInItsProvider keeps the rules from matching type tokens no provider registers: every token a
// rule checks or a stack rule follows must be in testdata/provider-tokens.txt, the tokens and aliases of
// @pulumi/aws 7.12.0 and @pulumi/aws-native 1.79.0 for the modules the rules read. It was generated with
//
//	npm pack @pulumi/aws@7.12.0 @pulumi/aws-native@1.79.0 (unpacked), then
//	grep -rhoE "__pulumiType = '[^']*'|type: \"aws:[^\"]*\"" --include=*.js
//
// (pulumi-aws v6 registers the same tokens: the v6 Go SDK's <module>/<resource>.go).
func TestEveryTokenExistsInItsProvider(t *testing.T) {
	raw, err := os.ReadFile("testdata/provider-tokens.txt")
	require.NoError(t, err)
	registered := map[string]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			registered[line] = true
		}
	}
	used := map[string]bool{}
	for _, e := range Catalogue() {
		for _, typ := range e.ResourceTypes {
			used[typ] = true
		}
	}
	followed := concat(routeTypes, routeTableTypes, routeTableAssociationTypes, internetGatewayTypes, natGatewayTypes,
		vpcEndpointTypes, s3BucketPolicyTypes, s3LoggingTypes, s3LifecycleTypes, subnetTypes, vpcTypes,
		[]string{awstypes.Ec2VpcEndpointRouteTableAssociation, awstypes.EcsTaskDefinition, awstypes.ApigatewayMethodSettings, awstypes.Apigatewayv2API,
			awstypes.ApigatewayRestAPI, awstypes.S3BucketReplicationConfig, awstypes.S3BucketNotification, awstypes.Ec2FlowLog, awstypes.NativeEc2FlowLog})
	for typ := range privateDNSConsumers {
		followed = append(followed, typ)
	}
	for _, typ := range followed {
		used[typ] = true
	}
	delete(used, "(any)")
	for typ := range used {
		assert.True(t, registered[typ], "%s is not a token either provider registers", typ)
	}
}
