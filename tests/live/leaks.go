package live

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	taggingtypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"
)

// TaggedResourcesAPI is the part of the Resource Groups Tagging API client FindLeftovers calls.
type TaggedResourcesAPI interface {
	GetResources(ctx context.Context, in *tagging.GetResourcesInput, optFns ...func(*tagging.Options)) (*tagging.GetResourcesOutput, error)
}

// RetiredECSAPI is the part of the ECS client FindLeftovers calls to tell what ECS keeps after a delete from what
// was left behind.
type RetiredECSAPI interface {
	DescribeTaskDefinition(ctx context.Context, in *ecs.DescribeTaskDefinitionInput, optFns ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error)
	DescribeTasks(ctx context.Context, in *ecs.DescribeTasksInput, optFns ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error)
}

// FindLeftovers lists the ARNs of the resources in the client's region that still carry the tag key=value after a
// destroy. Two kinds are not leftovers, because ECS keeps them by design and they cost nothing: a task definition
// revision that is INACTIVE or DELETE_IN_PROGRESS (deregistering is how a task definition is deleted) and a STOPPED
// task (ECS forgets it about an hour later). The Tagging API answers for one region, and its GetResources does not
// list IAM roles ("Services that support the Resource Groups Tagging API"): FindLeftoverRoles covers those.
func FindLeftovers(ctx context.Context, api TaggedResourcesAPI, ecsAPI RetiredECSAPI, key, value string) ([]string, error) {
	var leftovers []string
	pages := tagging.NewGetResourcesPaginator(api, &tagging.GetResourcesInput{
		TagFilters: []taggingtypes.TagFilter{{Key: aws.String(key), Values: []string{value}}},
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("get resources tagged %s=%s: %w", key, value, err)
		}
		for _, resource := range page.ResourceTagMappingList {
			arn := aws.ToString(resource.ResourceARN)
			retired, err := retiredECS(ctx, ecsAPI, arn)
			if err != nil {
				return nil, err
			}
			if !retired {
				leftovers = append(leftovers, arn)
			}
		}
	}
	sort.Strings(leftovers)
	return leftovers, nil
}

// retiredECS says whether arn is an ECS task definition or task in a state ECS keeps after a delete or stop.
func retiredECS(ctx context.Context, api RetiredECSAPI, arn string) (bool, error) {
	// ARN formats: arn:<partition>:ecs:<region>:<account>:task-definition/<family>:<revision> and
	// arn:<partition>:ecs:<region>:<account>:task/<cluster>/<id> (ECS developer guide, "Amazon Resource Names").
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[2] != "ecs" {
		return false, nil
	}
	resource := parts[5]
	switch {
	case strings.HasPrefix(resource, "task-definition/"):
		out, err := api.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(arn)})
		// ECS answers a ClientException for a revision it has finished deleting.
		var deleted *ecstypes.ClientException
		if errors.As(err, &deleted) {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("describe task definition %s: %w", arn, err)
		}
		if out.TaskDefinition == nil {
			return true, nil
		}
		status := string(out.TaskDefinition.Status)
		return status == "INACTIVE" || status == "DELETE_IN_PROGRESS", nil
	case strings.HasPrefix(resource, "task/"):
		path := strings.Split(strings.TrimPrefix(resource, "task/"), "/")
		if len(path) != 2 {
			return false, nil
		}
		out, err := api.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(path[0]), Tasks: []string{arn}})
		// The destroy deleted the cluster: its tasks are gone with it.
		var noCluster *ecstypes.ClusterNotFoundException
		if errors.As(err, &noCluster) {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("describe task %s: %w", arn, err)
		}
		// A task ECS no longer knows (a failure "MISSING") is gone.
		if len(out.Tasks) == 0 {
			return true, nil
		}
		return aws.ToString(out.Tasks[0].LastStatus) == "STOPPED", nil
	}
	return false, nil
}

// RolesAPI is the part of the IAM client FindLeftoverRoles calls.
type RolesAPI interface {
	ListRoles(ctx context.Context, in *iam.ListRolesInput, optFns ...func(*iam.Options)) (*iam.ListRolesOutput, error)
	ListRoleTags(ctx context.Context, in *iam.ListRoleTagsInput, optFns ...func(*iam.Options)) (*iam.ListRoleTagsOutput, error)
}

// FindLeftoverRoles lists the ARNs of IAM roles created at or after since that carry the tag key=value. ListRoles
// does not return tags (IAM API reference, ListRoles), so the tags of each role created since the run began are read
// one by one; since keeps that to the roles of the last run or few.
func FindLeftoverRoles(ctx context.Context, api RolesAPI, key, value string, since time.Time) ([]string, error) {
	var leftovers []string
	pages := iam.NewListRolesPaginator(api, &iam.ListRolesInput{})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list IAM roles: %w", err)
		}
		for _, role := range page.Roles {
			if role.CreateDate == nil || role.CreateDate.Before(since) {
				continue
			}
			tagged, err := roleTagged(ctx, api, aws.ToString(role.RoleName), key, value)
			if err != nil {
				return nil, err
			}
			if tagged {
				leftovers = append(leftovers, aws.ToString(role.Arn))
			}
		}
	}
	sort.Strings(leftovers)
	return leftovers, nil
}

func roleTagged(ctx context.Context, api RolesAPI, roleName, key, value string) (bool, error) {
	pages := iam.NewListRoleTagsPaginator(api, &iam.ListRoleTagsInput{RoleName: aws.String(roleName)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		// A role deleted between ListRoles and ListRoleTags is gone.
		var gone *iamtypes.NoSuchEntityException
		if errors.As(err, &gone) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("list tags of IAM role %s: %w", roleName, err)
		}
		for _, tag := range page.Tags {
			if aws.ToString(tag.Key) == key && aws.ToString(tag.Value) == value {
				return true, nil
			}
		}
	}
	return false, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}
