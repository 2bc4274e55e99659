package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// s3RuleCases are the fixtures of the rules in s3.go; resourceRuleCases includes them.
func s3RuleCases() []ruleCase {
	return []ruleCase{
		// s3-bucket-not-public (S3.2, S3.3)
		{name: "private bucket ACL", rule: "s3-bucket-not-public", typ: awstypes.S3BucketACLV2, props: obj{"acl": "private"}},
		{name: "public-read bucket ACL", rule: "s3-bucket-not-public", typ: awstypes.S3BucketACLV2, props: obj{"acl": "public-read"}, want: 1, wantText: "public canned ACL"},
		{name: "v7 bucket ACL public-read-write", rule: "s3-bucket-not-public", typ: awstypes.S3BucketACL, props: obj{"acl": secret("public-read-write")}, want: 1},
		{name: "aws-native bucket with PublicRead", rule: "s3-bucket-not-public", typ: awstypes.NativeS3Bucket, props: obj{"accessControl": "PublicRead"}, want: 1},
		{name: "bucket policy granting everyone", rule: "s3-bucket-not-public", typ: awstypes.S3BucketPolicy, props: obj{"policy": publicBucketPolicy}, want: 1, wantText: `Principal "*"`},
		{name: "bucket policy granting everyone through one VPC endpoint", rule: "s3-bucket-not-public", typ: awstypes.S3BucketPolicy, props: obj{"policy": conditionalPublic}},
		{name: "aws-native bucket policy granting everyone", rule: "s3-bucket-not-public", typ: awstypes.NativeS3BucketPolicy, props: obj{"policyDocument": obj{"Statement": arr{obj{"Effect": "Allow", "Principal": obj{"AWS": "*"}, "Action": "s3:GetObject"}}}}, want: 1},
		{name: "bucket policy with unknown document", rule: "s3-bucket-not-public", typ: awstypes.S3BucketPolicy, props: obj{"policy": unknownValue}},

		// s3-public-access-block (S3.1, S3.8, S3.19)
		{name: "bucket public access block with all flags", rule: "s3-public-access-block", typ: awstypes.S3BucketPublicAccessBlock, props: obj{"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}},
		{name: "bucket public access block leaving two flags unset", rule: "s3-public-access-block", typ: awstypes.S3BucketPublicAccessBlock, props: obj{"blockPublicAcls": true, "blockPublicPolicy": true}, want: 1, wantText: "ignorePublicAcls, restrictPublicBuckets"},
		{name: "account public access block with policy off", rule: "s3-public-access-block", typ: awstypes.S3AccountPublicAccessBlock, props: obj{"blockPublicAcls": true, "blockPublicPolicy": false, "ignorePublicAcls": true, "restrictPublicBuckets": true}, want: 1, wantText: "account public access block"},
		{name: "access point without a configuration blocks everything", rule: "s3-public-access-block", typ: awstypes.S3AccessPoint, props: obj{"bucket": "b"}},
		{name: "access point turning a flag off", rule: "s3-public-access-block", typ: awstypes.S3AccessPoint, props: obj{"publicAccessBlockConfiguration": obj{"blockPublicPolicy": false}}, want: 1},
		{name: "aws-native bucket without a configuration keeps the default", rule: "s3-public-access-block", typ: awstypes.NativeS3Bucket, props: obj{}},
		{name: "aws-native bucket with a partial configuration", rule: "s3-public-access-block", typ: awstypes.NativeS3Bucket, props: obj{"publicAccessBlockConfiguration": obj{"blockPublicAcls": true}}, want: 1},
		{name: "public access block with unknown flags", rule: "s3-public-access-block", typ: awstypes.S3BucketPublicAccessBlock, props: obj{"blockPublicAcls": unknownValue, "blockPublicPolicy": unknownValue, "ignorePublicAcls": unknownValue, "restrictPublicBuckets": unknownValue}},

		// s3-acls-disabled (S3.12)
		{name: "bucket owner enforced", rule: "s3-acls-disabled", typ: awstypes.S3BucketOwnershipControls, props: obj{"rule": obj{"objectOwnership": "BucketOwnerEnforced"}}},
		{name: "object writer ownership enables ACLs", rule: "s3-acls-disabled", typ: awstypes.S3BucketOwnershipControls, props: obj{"rule": obj{"objectOwnership": "ObjectWriter"}}, want: 1, wantText: "BucketOwnerEnforced"},
		{name: "bucket ACL resource", rule: "s3-acls-disabled", typ: awstypes.S3BucketACLV2, props: obj{"acl": "private"}, want: 1, wantText: "with an ACL"},
		{name: "aws-native bucket with ObjectWriter", rule: "s3-acls-disabled", typ: awstypes.NativeS3Bucket, props: obj{"ownershipControls": obj{"rules": arr{obj{"objectOwnership": "ObjectWriter"}}}}, want: 1},
		{name: "aws-native bucket without ownership controls", rule: "s3-acls-disabled", typ: awstypes.NativeS3Bucket, props: obj{}},
		{name: "ownership controls with unknown rule", rule: "s3-acls-disabled", typ: awstypes.S3BucketOwnershipControls, props: obj{"rule": unknownValue}},
	}
}

const (
	publicBucketPolicy = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}`
	conditionalPublic  = `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}`
)
