package live

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	schedulertypes "github.com/aws/aws-sdk-go-v2/service/scheduler/types"
)

// JobOutputs is one job's entry of the `jobs` stack output.
type JobOutputs struct {
	// RunTask is the complete RunTask input, camelCase as `aws ecs run-task --cli-input-json` takes it.
	RunTask json.RawMessage `json:"runTask"`
	// ScheduleName and ScheduleGroupName are absent for a job that runs only on demand.
	ScheduleName         string `json:"scheduleName"`
	ScheduleGroupName    string `json:"scheduleGroupName"`
	LogGroupName         string `json:"logGroupName"`
	TaskDefinitionFamily string `json:"taskDefinitionFamily"`
}

// runTaskJSON is RunTask's request as the ECS API reference spells its members (the JSON 1.1 body, which
// `--cli-input-json` takes too). Only the members a job's export may carry are here; RunTaskInput refuses any other
// key rather than drop it, so the task started is the one `aws ecs run-task` would start.
type runTaskJSON struct {
	Cluster                  *string `json:"cluster"`
	TaskDefinition           *string `json:"taskDefinition"`
	Count                    *int32  `json:"count"`
	Group                    *string `json:"group"`
	LaunchType               string  `json:"launchType"`
	PlatformVersion          *string `json:"platformVersion"`
	StartedBy                *string `json:"startedBy"`
	PropagateTags            string  `json:"propagateTags"`
	EnableECSManagedTags     *bool   `json:"enableECSManagedTags"`
	EnableExecuteCommand     *bool   `json:"enableExecuteCommand"`
	ReferenceID              *string `json:"referenceId"`
	CapacityProviderStrategy []struct {
		CapacityProvider *string `json:"capacityProvider"`
		Weight           int32   `json:"weight"`
		Base             int32   `json:"base"`
	} `json:"capacityProviderStrategy"`
	NetworkConfiguration *struct {
		AwsvpcConfiguration *struct {
			Subnets        []string `json:"subnets"`
			SecurityGroups []string `json:"securityGroups"`
			AssignPublicIP string   `json:"assignPublicIp"`
		} `json:"awsvpcConfiguration"`
	} `json:"networkConfiguration"`
	Tags []struct {
		Key   *string `json:"key"`
		Value *string `json:"value"`
	} `json:"tags"`
}

// RunTaskInput decodes a job's exported runTask into the SDK's input. An unknown key, or a network configuration
// that could give the task a public IP, is an error: the export is the promise under test.
func RunTaskInput(raw json.RawMessage) (*ecs.RunTaskInput, error) {
	var in runTaskJSON
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&in); err != nil {
		return nil, fmt.Errorf("runTask: %w", err)
	}
	var problems []error
	if aws.ToString(in.Cluster) == "" || aws.ToString(in.TaskDefinition) == "" {
		problems = append(problems, errors.New("runTask has no cluster or no taskDefinition"))
	}
	// RunTask's default is the cluster's default capacity provider strategy, which this stack does not promise.
	if in.LaunchType == "" && len(in.CapacityProviderStrategy) == 0 {
		problems = append(problems, errors.New("runTask names neither a launchType nor a capacityProviderStrategy"))
	}
	out := &ecs.RunTaskInput{
		Cluster: in.Cluster, TaskDefinition: in.TaskDefinition, Count: in.Count, Group: in.Group,
		LaunchType: ecstypes.LaunchType(in.LaunchType), PlatformVersion: in.PlatformVersion, StartedBy: in.StartedBy,
		PropagateTags: ecstypes.PropagateTags(in.PropagateTags), EnableECSManagedTags: aws.ToBool(in.EnableECSManagedTags),
		EnableExecuteCommand: aws.ToBool(in.EnableExecuteCommand), ReferenceId: in.ReferenceID,
	}
	for _, item := range in.CapacityProviderStrategy {
		out.CapacityProviderStrategy = append(out.CapacityProviderStrategy, ecstypes.CapacityProviderStrategyItem{
			CapacityProvider: item.CapacityProvider, Weight: item.Weight, Base: item.Base})
	}
	for _, tag := range in.Tags {
		out.Tags = append(out.Tags, ecstypes.Tag{Key: tag.Key, Value: tag.Value})
	}
	if in.NetworkConfiguration == nil || in.NetworkConfiguration.AwsvpcConfiguration == nil {
		problems = append(problems, errors.New("runTask has no networkConfiguration.awsvpcConfiguration"))
	} else {
		vpc := in.NetworkConfiguration.AwsvpcConfiguration
		// Absent, assignPublicIp is DISABLED (ECS API reference, AwsVpcConfiguration); the export says so outright.
		if vpc.AssignPublicIP != string(ecstypes.AssignPublicIpDisabled) {
			problems = append(problems, fmt.Errorf("runTask networkConfiguration.awsvpcConfiguration.assignPublicIp is %q, want DISABLED", vpc.AssignPublicIP))
		}
		if len(vpc.Subnets) == 0 {
			problems = append(problems, errors.New("runTask networkConfiguration.awsvpcConfiguration.subnets is empty"))
		}
		out.NetworkConfiguration = &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets: vpc.Subnets, SecurityGroups: vpc.SecurityGroups, AssignPublicIp: ecstypes.AssignPublicIp(vpc.AssignPublicIP)}}
	}
	return out, errors.Join(problems...)
}

// JobTasksAPI is the part of the ECS client RunJob calls.
type JobTasksAPI interface {
	RunTaskAPI
	DescribeTaskDefinition(ctx context.Context, in *ecs.DescribeTaskDefinitionInput, optFns ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error)
}

// RunJob runs a job once with its runTask input and waits until the task stops. It fails unless the task reached
// RUNNING with every container's image pulled — in subnets with no internet path, only the endpoints can serve the
// pull — and every essential container exited with 0. poll is the interval between DescribeTasks calls.
func RunJob(ctx context.Context, api JobTasksAPI, name string, in *ecs.RunTaskInput, poll time.Duration) error {
	what := "job " + name
	task, err := runOneTask(ctx, api, in, what, poll)
	if err != nil {
		return err
	}
	definition, err := api.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: task.TaskDefinitionArn})
	if err != nil {
		return fmt.Errorf("%s: describe task definition %s: %w", what, aws.ToString(task.TaskDefinitionArn), err)
	}
	return jobResult(what, task, definition.TaskDefinition)
}

// pullFailures are the stop reasons of a task whose image could not be pulled (Amazon ECS Developer Guide,
// "Amazon ECS stopped task error messages": CannotPullContainerError, and the ECR auth failure before it).
var pullFailures = []string{"CannotPullContainerError", "ResourceInitializationError"}

func jobResult(what string, task ecstypes.Task, definition *ecstypes.TaskDefinition) error {
	id := aws.ToString(task.TaskArn)
	reason := aws.ToString(task.StoppedReason)
	for _, failure := range pullFailures {
		if strings.Contains(reason, failure) {
			return fmt.Errorf("%s: task %s could not pull its image or secrets through the endpoints (%s: %s)", what, id, task.StopCode, reason)
		}
	}
	// StartedAt is when the task moved to RUNNING (ECS API reference, Task): after every image was pulled.
	if task.StartedAt == nil || task.StopCode == ecstypes.TaskStopCodeTaskFailedToStart {
		return fmt.Errorf("%s: task %s never reached RUNNING (%s: %s)", what, id, task.StopCode, reason)
	}
	if definition == nil {
		return fmt.Errorf("%s: task %s has no task definition to tell its essential containers", what, id)
	}
	essential := map[string]bool{}
	for _, container := range definition.ContainerDefinitions {
		// A container definition without essential is essential (ECS API reference, ContainerDefinition).
		essential[aws.ToString(container.Name)] = container.Essential == nil || *container.Essential
	}
	var problems []error
	ran := 0
	for _, container := range task.Containers {
		name := aws.ToString(container.Name)
		if aws.ToString(container.ImageDigest) == "" {
			problems = append(problems, fmt.Errorf("%s: task %s: container %s has no image digest: its image was not pulled", what, id, name))
		}
		if !essential[name] {
			continue
		}
		ran++
		switch {
		case container.ExitCode == nil:
			problems = append(problems, fmt.Errorf("%s: task %s: essential container %s has no exit code (%s; %s)", what, id, name,
				reason, aws.ToString(container.Reason)))
		case aws.ToInt32(container.ExitCode) != 0:
			problems = append(problems, fmt.Errorf("%s: task %s: essential container %s exited with %d (%s; see its log stream)", what, id,
				name, aws.ToInt32(container.ExitCode), reason))
		}
	}
	if ran == 0 {
		problems = append(problems, fmt.Errorf("%s: task %s has no essential container", what, id))
	}
	return errors.Join(problems...)
}

// SchedulesAPI is the part of the EventBridge Scheduler client CheckSchedule calls.
type SchedulesAPI interface {
	GetSchedule(ctx context.Context, in *scheduler.GetScheduleInput, optFns ...func(*scheduler.Options)) (*scheduler.GetScheduleOutput, error)
}

// Schedule says what CheckSchedule expects of a scheduled job's schedule.
type Schedule struct {
	Job, Name, Group string
	// ClusterName is the stack's cluster (the stack output clusterName), SubnetIDs its private subnets.
	ClusterName string
	SubnetIDs   []string
	// TaskDefinitionFamily is the job's family (the job's taskDefinitionFamily output).
	TaskDefinitionFamily string
}

// CheckSchedule fails unless the job's schedule exists in its group, is ENABLED, targets RunTask on the stack's
// cluster with the job's task definition, in the private subnets without a public IP, and sends failures to a
// dead-letter queue.
func CheckSchedule(ctx context.Context, api SchedulesAPI, want Schedule) error {
	if want.Name == "" || want.Group == "" {
		return fmt.Errorf("job %s: the stack output gives no scheduleName or scheduleGroupName", want.Job)
	}
	out, err := api.GetSchedule(ctx, &scheduler.GetScheduleInput{Name: aws.String(want.Name), GroupName: aws.String(want.Group)})
	if err != nil {
		return fmt.Errorf("job %s: get schedule %s in group %s: %w", want.Job, want.Name, want.Group, err)
	}
	what := fmt.Sprintf("job %s: schedule %s", want.Job, want.Name)
	var problems []error
	if group := aws.ToString(out.GroupName); group != want.Group {
		problems = append(problems, fmt.Errorf("%s is in group %q, want %q", what, group, want.Group))
	}
	if out.State != schedulertypes.ScheduleStateEnabled {
		problems = append(problems, fmt.Errorf("%s is %s, want ENABLED", what, out.State))
	}
	target := out.Target
	if target == nil {
		return errors.Join(append(problems, fmt.Errorf("%s has no target", what))...)
	}
	if !isClusterARN(aws.ToString(target.Arn), want.ClusterName) {
		problems = append(problems, fmt.Errorf("%s targets %q, want the ARN of cluster %s", what, aws.ToString(target.Arn), want.ClusterName))
	}
	if target.DeadLetterConfig == nil || aws.ToString(target.DeadLetterConfig.Arn) == "" {
		problems = append(problems, fmt.Errorf("%s has no dead-letter queue", what))
	}
	ecsParameters := target.EcsParameters
	if ecsParameters == nil {
		return errors.Join(append(problems, fmt.Errorf("%s has no ECS parameters: it does not start a task", what))...)
	}
	if family := taskDefinitionFamily(aws.ToString(ecsParameters.TaskDefinitionArn)); family != want.TaskDefinitionFamily {
		problems = append(problems, fmt.Errorf("%s runs task definition %q, want family %s", what, aws.ToString(ecsParameters.TaskDefinitionArn),
			want.TaskDefinitionFamily))
	}
	var vpc *schedulertypes.AwsVpcConfiguration
	if ecsParameters.NetworkConfiguration != nil {
		vpc = ecsParameters.NetworkConfiguration.AwsvpcConfiguration
	}
	if vpc == nil {
		return errors.Join(append(problems, fmt.Errorf("%s has no awsvpc network configuration", what))...)
	}
	// Scheduler's AwsVpcConfiguration: AssignPublicIp ENABLED | DISABLED (Scheduler API reference).
	if vpc.AssignPublicIp != schedulertypes.AssignPublicIpDisabled {
		problems = append(problems, fmt.Errorf("%s starts tasks with assignPublicIp %q, want DISABLED", what, vpc.AssignPublicIp))
	}
	if got, wanted := sortedCopy(vpc.Subnets), sortedCopy(want.SubnetIDs); !slices.Equal(got, wanted) {
		problems = append(problems, fmt.Errorf("%s starts tasks in subnets %v, want the private subnets %v", what, got, wanted))
	}
	return errors.Join(problems...)
}

// isClusterARN says whether s is the ARN of the ECS cluster name: arn:<partition>:ecs:<region>:<account>:cluster/<name>.
func isClusterARN(s, name string) bool {
	parsed, err := arn.Parse(s)
	return err == nil && parsed.Service == "ecs" && parsed.Resource == "cluster/"+name
}

// taskDefinitionFamily is the family of a task definition ARN (…:task-definition/<family>:<revision>), or "".
func taskDefinitionFamily(s string) string {
	parsed, err := arn.Parse(s)
	if err != nil || parsed.Service != "ecs" {
		return ""
	}
	family, ok := strings.CutPrefix(parsed.Resource, "task-definition/")
	if !ok {
		return ""
	}
	family, _, _ = strings.Cut(family, ":")
	return family
}

func sortedCopy(values []string) []string {
	out := slices.Clone(values)
	slices.Sort(out)
	return out
}
