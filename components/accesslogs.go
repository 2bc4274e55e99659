package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// accessLogsPrefix is the key prefix of the ALB's access logs in their bucket.
const accessLogsPrefix = "alb"

// putOnceOnTheBucket deletes a bucket's encryption or lifecycle configuration before its replacement is put. The
// bucket holds one of each (PutBucketEncryption and PutBucketLifecycleConfiguration replace it), so a replacement
// created first (expectedBucketOwner changed) would overwrite the old one, and deleting the old one afterwards
// (DeleteBucketEncryption, DeleteBucketLifecycle) would remove the new one with it.
var putOnceOnTheBucket = pulumi.DeleteBeforeReplace(true)

// newAccessLogsBucket creates the ALB access log bucket: public access blocked, SSE-S3 (the only encryption ELB log
// delivery supports), objects expiring after cfg.ExpirationDays, and a policy that lets Elastic Load Balancing in
// region write under the ALB's prefix for accountId and refuses requests without TLS. cfg.ForceDestroy lets destroy
// delete the logs with the bucket (S3 refuses to delete a bucket that holds objects).
func newAccessLogsBucket(ctx *pulumi.Context, name, region string, accountId pulumi.StringOutput, cfg AccessLogsConfig,
	commonTags map[string]string, parent pulumi.ResourceOption) (*s3.BucketV2, *s3.BucketPolicy, error) {
	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		ForceDestroy: pulumi.Bool(cfg.ForceDestroy),
		Tags:         nameTags(commonTags, name),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	publicAccessBlock, err := s3.NewBucketPublicAccessBlock(ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}},
	}, parent, putOnceOnTheBucket); err != nil {
		return nil, nil, err
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("expire-access-logs"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{
				Days: pulumi.Int(cfg.ExpirationDays),
			},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(1),
			},
		}},
	}, parent, putOnceOnTheBucket); err != nil {
		return nil, nil, err
	}
	principal := accessLogsPrincipal(region)
	policyJSON := pulumi.All(bucket.Arn, accountId).ApplyT(func(values []any) (string, error) {
		return accessLogsBucketPolicy(values[0].(string), values[1].(string), principal)
	}).(pulumi.StringOutput)
	// The public access block goes first: with BlockPublicPolicy on, S3 refuses only public policies, and this one
	// is not, but the order keeps the bucket closed at every moment.
	policy, err := s3.NewBucketPolicy(ctx, name, &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policyJSON,
	}, parent, pulumi.DependsOn([]pulumi.Resource{publicAccessBlock}))
	if err != nil {
		return nil, nil, err
	}
	return bucket, policy, nil
}

// accessLogsBucketPolicy lets principal put the ALB's log objects for accountId and denies every request without TLS.
func accessLogsBucketPolicy(bucketArn, accountId string, principal map[string]any) (string, error) {
	return marshalPolicy(policyDocument{
		Version: iamPolicyVersion,
		Statement: []policyStatement{
			{
				Sid:       "ElbAccessLogDelivery",
				Effect:    "Allow",
				Principal: principal,
				Action:    []string{"s3:PutObject"},
				Resource:  []string{bucketArn + "/" + accessLogsPrefix + "/AWSLogs/" + accountId + "/*"},
			},
			{
				Sid:       "DenyInsecureTransport",
				Effect:    "Deny",
				Principal: map[string]any{"AWS": "*"},
				Action:    []string{"s3:*"},
				Resource:  []string{bucketArn, bucketArn + "/*"},
				Condition: map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
			},
		},
	})
}
