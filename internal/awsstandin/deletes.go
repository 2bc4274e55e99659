package awsstandin

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// Sources of the delete refusals.
const (
	srcDeletionProtection = "AWS ELBv2 API Reference, DeleteLoadBalancer: OperationNotPermitted when deletion " +
		"protection is enabled; terraform-provider-aws internal/service/elbv2/load_balancer.go enable_deletion_protection"
	srcBucketNotEmpty = "AWS S3 API Reference, DeleteBucket: BucketNotEmpty (\"All objects (including all object " +
		"versions and delete markers) in the bucket must be deleted before the bucket itself can be deleted\"); " +
		"terraform-provider-aws internal/service/s3/bucket.go force_destroy empties it first"
	srcSGDependency = "AWS EC2 API Reference, DeleteSecurityGroup: DependencyViolation while a network interface or " +
		"another group's rule still references the group; terraform-provider-aws internal/service/ec2/vpc_security_group.go " +
		"retries it until the delete timeout, and with revoke_rules_on_delete revokes the rules that reference the group"
	srcClusterContainsServices = "AWS ECS API Reference, DeleteCluster: ClusterContainsServicesException (\"You can't " +
		"delete a cluster that contains services. First, update the service to reduce its desired task count to 0, and " +
		"then delete the service\"), https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeleteCluster.html"
)

// deleteRules refuse what AWS refuses to delete.
var deleteRules = map[tokens.Type]func(p *Provider, id resource.ID, state resource.PropertyMap) error{
	awstypes.LbLoadBalancer:   refuseProtectedLoadBalancer,
	awstypes.S3BucketV2:       refuseNonEmptyBucket,
	awstypes.S3Bucket:         refuseNonEmptyBucket,
	awstypes.Ec2SecurityGroup: refuseReferencedSecurityGroup,
	awstypes.EcsCluster:       refuseClusterWithServices,
}

// refuseClusterWithServices: a cluster that still has a service is not deleted. The stand-in knows the services of
// the stack it serves and, through the journal every stack of one (pretend) account appends to (livestate.go), the
// live services of other stacks in the cluster, such as an app stack's: AWS refuses both, so platform and app stacks
// must be torn down apps first.
func refuseClusterWithServices(p *Provider, id resource.ID, state resource.PropertyMap) error {
	arn, _ := str(state, "arn")
	name, _ := str(state, "name")
	if name == "" {
		name = afterLast(arn, "/")
	}
	// An ECS service's identity is its cluster's name and its own (names.go), so the live services of the cluster are
	// the keys under the cluster's.
	if name != "" {
		for _, service := range p.live.withKeyPrefix(string(awstypes.EcsService) + "|" + name + "|") {
			return fmt.Errorf("deleting ECS Cluster (%s): ClusterContainsServicesException: The Cluster cannot be "+
				"deleted while Services are active (service %s of %s still runs in it; destroy it first) [%s]",
				id, service.urn.Name(), service.urn.Stack(), srcClusterContainsServices)
		}
	}
	for _, service := range p.reg.all(awstypes.EcsService) {
		cluster, ok := service.str("cluster")
		if !service.live || !ok {
			continue
		}
		if cluster == string(id) || (arn != "" && cluster == arn) || (name != "" && (cluster == name ||
			strings.HasSuffix(cluster, ":cluster/"+name))) {
			return fmt.Errorf("deleting ECS Cluster (%s): ClusterContainsServicesException: The Cluster cannot be "+
				"deleted while Services are active (service %s still runs in it; delete it first) [%s]",
				id, service.urn.Name(), srcClusterContainsServices)
		}
	}
	return nil
}

// refuseProtectedLoadBalancer: a load balancer with deletion protection on is not deleted.
func refuseProtectedLoadBalancer(_ *Provider, id resource.ID, state resource.PropertyMap) error {
	if on, _ := boolean(state, "enableDeletionProtection", false); !on {
		return nil
	}
	return fmt.Errorf("deleting ELBv2 Load Balancer (%s): OperationNotPermitted: Load balancer '%s' cannot be "+
		"deleted because deletion protection is enabled (set enableDeletionProtection to false and update first) [%s]",
		id, id, srcDeletionProtection)
}

// refuseNonEmptyBucket: a bucket that holds objects is deleted only with forceDestroy. The stand-in stores no
// objects, so a bucket counts as holding objects when a load balancer of this stack delivered access logs to it.
func refuseNonEmptyBucket(p *Provider, id resource.ID, state resource.PropertyMap) error {
	if force, _ := boolean(state, "forceDestroy", false); force {
		return nil
	}
	bucket, _ := str(state, "bucket")
	if bucket == "" {
		bucket = string(id)
	}
	writer := p.accessLogWriter(bucket)
	if writer == "" {
		return nil
	}
	return fmt.Errorf("deleting S3 Bucket (%s): BucketNotEmpty: The bucket you tried to delete is not empty "+
		"(load balancer %s delivers its access logs to it; set forceDestroy to true, or empty it, before deleting) [%s]",
		bucket, writer, srcBucketNotEmpty)
}

// accessLogWriter names a load balancer of this stack, live now or deleted during this operation, that had access
// logs on in bucket, or "" when there is none.
func (p *Provider) accessLogWriter(bucket string) string {
	for _, lb := range p.reg.all(awstypes.LbLoadBalancer) {
		if !lb.live && !lb.deleted {
			continue // declared only: never created, so it never wrote
		}
		props := lb.props()
		target, ok := strAt(props, "accessLogs.bucket")
		enabled, _ := boolAt(props, "accessLogs.enabled")
		if ok && enabled && target == bucket {
			return lb.urn.Name()
		}
	}
	return ""
}

// boolAt returns the known bool at a dotted path.
func boolAt(props resource.PropertyMap, path string) (bool, bool) {
	for _, at := range lookup(props, path) {
		if plain, ok := known(at.value); ok && plain.IsBool() {
			return plain.BoolValue(), true
		}
	}
	return false, false
}

// refuseReferencedSecurityGroup: a group another live resource still uses (its securityGroups, or a rule of another
// group referencing it) is not deleted. A rule resource of the group itself goes with the group.
//
// The provider retries DependencyViolation until the delete timeout, so what fails is a reference that outlives
// it: a referencing resource this operation does not delete first. With revokeRulesOnDelete the provider revokes
// every rule touching the group (forceRevokeSecurityGroupRules with searchAll), so only network interfaces
// (services, load balancers, endpoints, VPC links) still block.
func refuseReferencedSecurityGroup(p *Provider, id resource.ID, state resource.PropertyMap) error {
	group := string(id)
	revoke, _ := boolean(state, "revokeRulesOnDelete", false)
	for _, r := range p.reg.everything() {
		if !r.live || r.id == id {
			continue
		}
		if revoke && isSecurityGroupRuleHolder(r.typ) {
			continue
		}
		if path := referencePath(r.typ, r.props(), group, ""); path != "" {
			return fmt.Errorf("deleting Security Group (%s): DependencyViolation: resource %s has a dependent object "+
				"(%s %s still references it at %s; delete or update it first) [%s]",
				group, group, r.typ, r.urn.Name(), path, srcSGDependency)
		}
	}
	return nil
}

// isSecurityGroupRuleHolder reports whether resources of typ reference groups only through security group rules.
func isSecurityGroupRuleHolder(typ tokens.Type) bool {
	return typ == awstypes.Ec2SecurityGroup || typ == awstypes.Ec2SecurityGroupRule ||
		strings.HasPrefix(string(typ), "aws:vpc/securityGroup")
}

// referencePath returns the path of the first property of props whose value is target, or "". The own group of a
// security group rule (securityGroupId) is not a reference: AWS deletes a group's rules with it.
func referencePath(typ tokens.Type, props resource.PropertyMap, target, prefix string) string {
	ownGroupKey := strings.HasPrefix(string(typ), "aws:vpc/securityGroup") || typ == awstypes.Ec2SecurityGroupRule
	for key, value := range props {
		path := join(prefix, string(key))
		if prefix == "" && ownGroupKey && key == "securityGroupId" {
			continue
		}
		if found := valuePath(value, target, path); found != "" {
			return found
		}
	}
	return ""
}

func valuePath(value resource.PropertyValue, target, path string) string {
	plain, ok := known(value)
	if !ok {
		return ""
	}
	switch {
	case plain.IsString():
		if plain.StringValue() == target {
			return path
		}
	case plain.IsArray():
		for i, element := range plain.ArrayValue() {
			if found := valuePath(element, target, fmt.Sprintf("%s[%d]", path, i)); found != "" {
				return found
			}
		}
	case plain.IsObject():
		for key, element := range plain.ObjectValue() {
			if found := valuePath(element, target, join(path, string(key))); found != "" {
				return found
			}
		}
	}
	return ""
}
