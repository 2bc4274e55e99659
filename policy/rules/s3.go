package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

var publicCannedACLs = []string{"public-read", "public-read-write", "authenticated-read"}

var s3BucketNotPublicRule = ResourceRule{
	Name:          "s3-bucket-not-public",
	ResourceTypes: []string{awstypes.S3Bucket, awstypes.S3BucketACL, awstypes.S3BucketACLV2, awstypes.S3BucketPolicy, awstypes.NativeS3Bucket, awstypes.NativeS3BucketPolicy},
	Controls:      []string{"S3.2", "S3.3"},
	Description:   "Buckets grant no public read or write: no public canned ACL (`acl` public-read, public-read-write, authenticated-read) and no bucket policy statement that allows `Principal: \"*\"` without a condition.",
	Rationale:     "A public bucket publishes its objects to anyone on the internet.",
	DefaultLevel:  Mandatory,
	Check:         checkBucketNotPublic,
}

func checkBucketNotPublic(res Resource, _ Config) []string {
	switch res.Type {
	case awstypes.S3Bucket, awstypes.S3BucketACL, awstypes.S3BucketACLV2, awstypes.NativeS3Bucket:
		key := "acl"
		if res.Type == awstypes.NativeS3Bucket {
			key = "accessControl"
		}
		acl, known := str(res.Properties, key, "private")
		// pulumi-aws canned ACL names, and aws-native's AccessControl enum (s3 BucketAccessControl).
		if known && (slices.Contains(publicCannedACLs, acl) || slices.Contains([]string{"PublicRead", "PublicReadWrite", "AuthenticatedRead"}, acl)) {
			return []string{fmt.Sprintf("bucket %q uses the public canned ACL %q; remove it (ACLs disabled, private)", res.Name, acl)}
		}
		if res.Type == awstypes.S3Bucket {
			return checkPolicies(res, publicStatement)
		}
		return nil
	}
	return checkPolicies(res, publicStatement)
}

func publicStatement(st statement) string {
	if !st.public() {
		return ""
	}
	return "allows Principal \"*\" without a condition, making the bucket public; name the principals or add a condition " +
		"such as aws:SourceAccount or aws:SourceVpce"
}

var s3PublicAccessBlockRule = ResourceRule{
	Name:          "s3-public-access-block",
	ResourceTypes: []string{awstypes.S3BucketPublicAccessBlock, awstypes.S3AccountPublicAccessBlock, awstypes.S3AccessPoint, awstypes.NativeS3Bucket},
	Controls:      []string{"S3.1", "S3.8", "S3.19"},
	Description:   "Public access blocks that a program sets keep all four flags on (a flag left unset in a `BucketPublicAccessBlock`, `AccountPublicAccessBlock`, access point or aws-native bucket configuration is false). A bucket without one keeps AWS's default for new buckets, all on.",
	Rationale:     "Block Public Access is what stops a later ACL or policy from making data public.",
	DefaultLevel:  Mandatory,
	Check:         checkPublicAccessBlock,
}

func checkPublicAccessBlock(res Resource, _ Config) []string {
	props := res.Properties
	kind := "bucket public access block"
	switch res.Type {
	case awstypes.S3AccountPublicAccessBlock:
		kind = "account public access block"
	case awstypes.S3AccessPoint:
		// An access point without a configuration blocks everything (CreateAccessPoint defaults all four to true).
		configuration, known := object(props.Get("publicAccessBlockConfiguration"))
		if !known || configuration.Len() == 0 {
			return nil
		}
		props, kind = configuration, "access point"
	case awstypes.NativeS3Bucket:
		configuration, known := object(props.Get("publicAccessBlockConfiguration"))
		if !known || configuration.Len() == 0 {
			return nil
		}
		props, kind = configuration, "bucket"
	}
	var off []string
	for _, key := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		def := res.Type == awstypes.S3AccessPoint // access point flags default to true
		if boolTri(props, key, def) == no {
			off = append(off, key)
		}
	}
	if len(off) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%s %q leaves %s off (unset is false); set all four flags to true", kind, res.Name, strings.Join(off, ", "))}
}

var s3ACLsDisabledRule = ResourceRule{
	Name:          "s3-acls-disabled",
	ResourceTypes: []string{awstypes.S3BucketOwnershipControls, awstypes.S3BucketACL, awstypes.S3BucketACLV2, awstypes.NativeS3Bucket},
	Controls:      []string{"S3.12"},
	Description:   "Buckets keep ACLs disabled (object ownership BucketOwnerEnforced, the default for new buckets) and set no ACL grants.",
	Rationale:     "ACLs are a second, hard-to-audit access path beside IAM and bucket policies.",
	DefaultLevel:  Advisory,
	Check:         checkBucketACLsDisabled,
}

func checkBucketACLsDisabled(res Resource, _ Config) []string {
	switch res.Type {
	case awstypes.S3BucketOwnershipControls:
		rule, known := object(res.Properties.Get("rule"))
		if !known {
			return nil
		}
		ownership, known := str(rule, "objectOwnership", "BucketOwnerEnforced")
		if !known || ownership == "BucketOwnerEnforced" {
			return nil
		}
		return []string{fmt.Sprintf("bucket ownership controls %q set objectOwnership %s, which enables ACLs; set BucketOwnerEnforced", res.Name, ownership)}
	case awstypes.NativeS3Bucket:
		controls, known := object(res.Properties.Get("ownershipControls"))
		rules, rulesKnown := list(controls.Get("rules"))
		if !known || !rulesKnown {
			return nil
		}
		for _, r := range rules {
			rule, _ := object(r)
			if ownership, ok := str(rule, "objectOwnership", "BucketOwnerEnforced"); ok && ownership != "BucketOwnerEnforced" {
				return []string{fmt.Sprintf("bucket %q sets objectOwnership %s, which enables ACLs; set BucketOwnerEnforced", res.Name, ownership)}
			}
		}
		return nil
	}
	return []string{fmt.Sprintf("bucket ACL %q manages access with an ACL; remove it and grant access with IAM or the bucket policy", res.Name)}
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

var s3BucketRequiresSSLRule = StackRule{
	Name:          "s3-bucket-requires-ssl",
	ResourceTypes: s3BucketTypes,
	Controls:      []string{"S3.5"},
	Description:   "Every bucket has a bucket policy with a Deny statement on `aws:SecureTransport` false.",
	Rationale:     "Without it S3 accepts plain-HTTP requests for the bucket.",
	DefaultLevel:  Advisory,
	Check:         checkBucketsRequireSSL,
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

var s3BucketLoggingRule = StackRule{
	Name:          "s3-bucket-logging",
	ResourceTypes: s3BucketTypes,
	Controls:      []string{"S3.9"},
	Description:   "Every bucket has server access logging (`BucketLogging`/`BucketLoggingV2`, aws-native `loggingConfiguration`).",
	Rationale:     "Access logs record who read or changed which object.",
	DefaultLevel:  Advisory,
	Check:         bucketCompanionCheck("s3-bucket-logging", s3LoggingTypes, "loggingConfiguration", "server access logging", "add an aws.s3.BucketLoggingV2 with a target bucket"),
}

var s3BucketLifecycleRule = StackRule{
	Name:          "s3-bucket-lifecycle",
	ResourceTypes: s3BucketTypes,
	Controls:      []string{"S3.10", "S3.13"},
	Description:   "Every bucket has a lifecycle configuration (`BucketLifecycleConfiguration`/`…V2`, aws-native `lifecycleConfiguration`).",
	Rationale:     "Objects without lifecycle rules (and noncurrent versions) are kept and paid for forever.",
	DefaultLevel:  Advisory,
	Check:         bucketCompanionCheck("s3-bucket-lifecycle", s3LifecycleTypes, "lifecycleConfiguration", "lifecycle configuration", "add an aws.s3.BucketLifecycleConfigurationV2 that expires what the bucket no longer needs"),
}

var s3BucketReplicationRule = StackRule{
	Name:          "s3-bucket-replication",
	ResourceTypes: s3BucketTypes,
	Controls:      []string{"S3.7"},
	Description:   "Every bucket replicates to another Region (`BucketReplicationConfig`, aws-native `replicationConfiguration`).",
	Rationale:     "A second Region's copy survives a Regional outage or a deleted bucket.",
	DefaultLevel:  Advisory,
	Check:         bucketCompanionCheck("s3-bucket-replication", []string{awstypes.S3BucketReplicationConfig}, "replicationConfiguration", "cross-Region replication", "add an aws.s3.BucketReplicationConfig, or accept this advisory for data that need not survive a Region"),
}

var s3BucketEventNotificationsRule = StackRule{
	Name:          "s3-bucket-event-notifications",
	ResourceTypes: s3BucketTypes,
	Controls:      []string{"S3.11"},
	Description:   "Every bucket has event notifications (`BucketNotification`, aws-native `notificationConfiguration`).",
	Rationale:     "Notifications let something react to unexpected deletes or writes.",
	DefaultLevel:  Advisory,
	Check:         bucketCompanionCheck("s3-bucket-event-notifications", []string{awstypes.S3BucketNotification}, "notificationConfiguration", "event notifications", "add an aws.s3.BucketNotification (EventBridge is the simplest target)"),
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
