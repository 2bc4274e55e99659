package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// RunTaskAPI is the part of the ECS client RunProbe calls.
type RunTaskAPI interface {
	RunTask(ctx context.Context, in *ecs.RunTaskInput, optFns ...func(*ecs.Options)) (*ecs.RunTaskOutput, error)
	DescribeTasks(ctx context.Context, in *ecs.DescribeTasksInput, optFns ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error)
}

// Probe is a one-off Fargate task that requests the service through the ALB from inside the VPC. It reuses the
// service's task definition (so its execution role may pull the image and write the logs), subnets and security
// group (admitted by the ALB's group), with the container's command replaced by Command.
type Probe struct {
	Cluster        string
	TaskDefinition string
	Container      string
	Command        []string
	SubnetIDs      []string
	SecurityGroups []string
	// Tags mark the task for the leak check.
	Tags map[string]string
	// Poll is the interval between DescribeTasks calls. Default: 10 s.
	Poll time.Duration
}

// RunProbe starts the probe task without a public IP and waits until it stops; it fails unless the probe container
// exited with 0. The error carries ECS's stop reason and the container's exit code and reason.
func RunProbe(ctx context.Context, api RunTaskAPI, probe Probe) error {
	poll := probe.Poll
	if poll == 0 {
		poll = 10 * time.Second
	}
	var tags []ecstypes.Tag
	for _, key := range sortedKeys(probe.Tags) {
		tags = append(tags, ecstypes.Tag{Key: aws.String(key), Value: aws.String(probe.Tags[key])})
	}
	task, err := runOneTask(ctx, api, &ecs.RunTaskInput{
		Cluster:        aws.String(probe.Cluster),
		TaskDefinition: aws.String(probe.TaskDefinition),
		LaunchType:     ecstypes.LaunchTypeFargate,
		Count:          aws.Int32(1),
		NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
			Subnets:        probe.SubnetIDs,
			SecurityGroups: probe.SecurityGroups,
			AssignPublicIp: ecstypes.AssignPublicIpDisabled,
		}},
		Overrides: &ecstypes.TaskOverride{ContainerOverrides: []ecstypes.ContainerOverride{{
			Name: aws.String(probe.Container), Command: probe.Command,
		}}},
		Tags: tags,
	}, "probe task", poll)
	if err != nil {
		return err
	}
	return probeResult(task, probe.Container)
}

// runOneTask starts one task with in and waits until it stops, asking DescribeTasks every poll; what names the task
// in errors ("probe task", "job nightly").
func runOneTask(ctx context.Context, api RunTaskAPI, in *ecs.RunTaskInput, what string, poll time.Duration) (ecstypes.Task, error) {
	started, err := api.RunTask(ctx, in)
	if err != nil {
		return ecstypes.Task{}, fmt.Errorf("run %s: %w", what, err)
	}
	if len(started.Failures) > 0 {
		var problems []error
		for _, failure := range started.Failures {
			problems = append(problems, fmt.Errorf("run %s: %s %s", what, aws.ToString(failure.Reason), aws.ToString(failure.Detail)))
		}
		return ecstypes.Task{}, errors.Join(problems...)
	}
	if len(started.Tasks) != 1 {
		return ecstypes.Task{}, fmt.Errorf("run %s: ECS started %d tasks, want 1", what, len(started.Tasks))
	}
	taskArn := aws.ToString(started.Tasks[0].TaskArn)
	for {
		out, err := api.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: in.Cluster, Tasks: []string{taskArn}})
		if err != nil && ctx.Err() != nil {
			return ecstypes.Task{}, fmt.Errorf("%s %s did not stop: %w", what, taskArn, ctx.Err())
		}
		if err != nil {
			return ecstypes.Task{}, fmt.Errorf("describe %s %s: %w", what, taskArn, err)
		}
		if len(out.Tasks) == 1 && aws.ToString(out.Tasks[0].LastStatus) == "STOPPED" {
			return out.Tasks[0], nil
		}
		select {
		case <-ctx.Done():
			return ecstypes.Task{}, fmt.Errorf("%s %s did not stop: %w", what, taskArn, ctx.Err())
		case <-time.After(poll):
		}
	}
}

func probeResult(task ecstypes.Task, containerName string) error {
	id := aws.ToString(task.TaskArn)
	for _, container := range task.Containers {
		if aws.ToString(container.Name) != containerName {
			continue
		}
		if container.ExitCode == nil {
			return fmt.Errorf("probe task %s stopped before container %s ran (%s: %s; container: %s)", id, containerName,
				task.StopCode, aws.ToString(task.StoppedReason), aws.ToString(container.Reason))
		}
		if code := aws.ToInt32(container.ExitCode); code != 0 {
			return fmt.Errorf("probe task %s: container %s exited with %d (%s; see its log stream): the ALB did not "+
				"answer from inside the VPC", id, containerName, code, aws.ToString(task.StoppedReason))
		}
		return nil
	}
	return fmt.Errorf("probe task %s has no container %s", id, containerName)
}

// Eventually calls check until it returns nil or timeout passes, waiting interval between calls, and returns the
// last error. AWS settles after an update (target health, endpoint state, the tagging index): a check that is still
// failing at the deadline fails. An error check marks Final ends the wait at once.
func Eventually(ctx context.Context, timeout, interval time.Duration, check func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		err := check(ctx)
		if err == nil {
			return nil
		}
		var final *finalError
		if errors.As(err, &final) {
			return final.err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("still failing after %s: %w", timeout, err)
		case <-time.After(interval):
		}
	}
}

// Final marks an error that waiting cannot cure, so Eventually returns it (unwrapped) without waiting further.
func Final(err error) error { return &finalError{err: err} }

type finalError struct{ err error }

func (e *finalError) Error() string { return e.err.Error() }
func (e *finalError) Unwrap() error { return e.err }
