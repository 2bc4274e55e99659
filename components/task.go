package components

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// TaskArgs configures what a task is: the part a FargateService and a Job share.
type TaskArgs struct {
	// Kind is "service" or "job", for descriptions.
	Kind string
	// Key is the service's or job's key in config.
	Key string
	// Config is the validated, defaulted task config.
	Config TaskConfig
	// EcsExec grants the task role the ECS Exec channel actions (services only).
	EcsExec bool
	// LogGroupName is the task's log group, fixed so that the container definitions are plain JSON known at preview.
	LogGroupName string
	// Family is the task definition family.
	Family string
	// SecurityGroupDescription describes the tasks' own security group (ForceNew: it never changes for a resource).
	SecurityGroupDescription string
	// Region is the awslogs region and picks the ARN partition.
	Region string
	// AccountId is the stack's AWS account; the roles' trust policies admit ECS only on its behalf.
	AccountId pulumi.StringInput
	// VpcId is the VPC of the tasks' security group.
	VpcId pulumi.StringInput
	// VpcCidr is where the tasks may connect to on any TCP port (other services, endpoints, the ALB).
	VpcCidr string
	// Roles places the task's roles (an app stack's under its role path, with the platform's permissions boundary).
	Roles RoleScope
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// RoleScope is where the roles a stack creates live. A platform stack leaves it empty (path "/", no boundary); an app
// stack puts every role under platformcontract.RolePath with the platform's permissions boundary, which its deploy
// policy requires (iam:PermissionsBoundary on CreateRole, role ARNs by path).
type RoleScope struct {
	// Path is the roles' IAM path; "" keeps "/".
	Path string
	// PermissionsBoundary is the managed policy ARN every role carries as its permissions boundary; "" for none.
	PermissionsBoundary string
}

// roleArgs returns args with the scope's path and boundary set.
func (r RoleScope) roleArgs(args *iam.RoleArgs) *iam.RoleArgs {
	if r.Path != "" {
		args.Path = pulumi.String(r.Path)
	}
	if r.PermissionsBoundary != "" {
		args.PermissionsBoundary = pulumi.String(r.PermissionsBoundary)
	}
	return args
}

// Task is what a task is, registered under its owner (a FargateService or a Job) with names derived from the owner's:
// the log group, the execution role with its grants, the task role, the task definition and the tasks' own security
// group with its egress rules. It is not a component of its own, so the resources keep the URNs they had before
// services and jobs shared it.
type Task struct {
	// LogGroup is the task's log group.
	LogGroup *cloudwatch.LogGroup
	// ExecutionRole is the role ECS uses to pull images, write logs and read secrets.
	ExecutionRole *iam.Role
	// ExecutionGrants are the execution role's policies, which anything that starts tasks must wait for.
	ExecutionGrants []pulumi.Resource
	// TaskRole is the role the containers run as.
	TaskRole *iam.Role
	// TaskDefinition is the task definition.
	TaskDefinition *ecs.TaskDefinition
	// SecurityGroup is the tasks' own security group.
	SecurityGroup *ec2.SecurityGroup
	// SecurityGroupIds are the tasks' own group followed by the configured extra groups.
	SecurityGroupIds pulumi.StringArray
}

// newTask registers the task's resources under parent, named after name.
func newTask(ctx *pulumi.Context, name string, args *TaskArgs, parent pulumi.ResourceOption) (*Task, error) {
	cfg := args.Config
	tags := func(resourceName string) pulumi.StringMap { return nameTags(args.Tags, resourceName) }
	task := &Task{}
	var err error
	// The log group name is fixed and readable, so a replacement (a new logGroupClass) must delete the old group
	// first: created first, the new one would meet the old name still live (CreateLogGroup:
	// ResourceAlreadyExistsException). The old group's events go with it either way: a replaced resource is deleted.
	task.LogGroup, err = cloudwatch.NewLogGroup(ctx, name+"-logs", &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(args.LogGroupName),
		RetentionInDays: pulumi.Int(cfg.LogRetentionDays),
		Tags:            tags(name + "-logs"),
	}, parent, pulumi.DeleteBeforeReplace(true))
	if err != nil {
		return nil, err
	}
	if err := task.newExecutionRole(ctx, name+"-execution", args, tags, parent); err != nil {
		return nil, err
	}
	if task.TaskRole, err = newTaskRole(ctx, name+"-task", args, tags, parent); err != nil {
		return nil, err
	}

	containers := buildContainerDefinitions(cfg, args.LogGroupName, args.Region)
	containerJSON, err := marshalContainerDefinitions(containers.Definitions)
	if err != nil {
		return nil, err
	}
	var volumes ecs.TaskDefinitionVolumeArray
	for _, volume := range containers.Volumes {
		volumes = append(volumes, ecs.TaskDefinitionVolumeArgs{Name: pulumi.String(volume)})
	}
	var ephemeralStorage ecs.TaskDefinitionEphemeralStoragePtrInput
	if cfg.EphemeralStorageGiB > 0 {
		ephemeralStorage = &ecs.TaskDefinitionEphemeralStorageArgs{SizeInGib: pulumi.Int(cfg.EphemeralStorageGiB)}
	}
	task.TaskDefinition, err = ecs.NewTaskDefinition(ctx, name, &ecs.TaskDefinitionArgs{
		Family:                  pulumi.String(args.Family),
		RequiresCompatibilities: pulumi.StringArray{pulumi.String("FARGATE")},
		NetworkMode:             pulumi.String("awsvpc"),
		Cpu:                     pulumi.String(strconv.Itoa(cfg.Cpu)),
		Memory:                  pulumi.String(strconv.Itoa(cfg.Memory)),
		RuntimePlatform: &ecs.TaskDefinitionRuntimePlatformArgs{
			CpuArchitecture:       pulumi.String(cfg.Architecture),
			OperatingSystemFamily: pulumi.String("LINUX"),
		},
		EphemeralStorage:     ephemeralStorage,
		ContainerDefinitions: pulumi.String(containerJSON),
		Volumes:              volumes,
		ExecutionRoleArn:     task.ExecutionRole.Arn,
		TaskRoleArn:          task.TaskRole.Arn,
		Tags:                 tags(name),
	}, parent, pulumi.DependsOn([]pulumi.Resource{task.LogGroup}))
	if err != nil {
		return nil, err
	}

	if task.SecurityGroup, err = newTaskSecurityGroup(ctx, name+"-sg", args, tags, parent); err != nil {
		return nil, err
	}
	task.SecurityGroupIds = pulumi.StringArray{task.SecurityGroup.ID().ToStringOutput()}
	for _, id := range cfg.SecurityGroupIds {
		task.SecurityGroupIds = append(task.SecurityGroupIds, pulumi.String(id))
	}
	return task, nil
}

// newExecutionRole creates the role ECS uses to start the tasks, and the grants anything that starts them must wait
// for, so the first tasks can pull, log and read secrets.
func (task *Task) newExecutionRole(ctx *pulumi.Context, name string, args *TaskArgs, tags func(string) pulumi.StringMap,
	parent pulumi.ResourceOption) error {
	role, err := iam.NewRole(ctx, name, args.Roles.roleArgs(&iam.RoleArgs{
		Description:      pulumi.String("ECS task execution role of " + args.Kind + " " + args.Key),
		AssumeRolePolicy: ecsTasksTrust(args),
		Tags:             tags(name),
	}), parent)
	if err != nil {
		return err
	}
	cfg := args.Config
	policy, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
		Role: role.ID(),
		Policy: task.LogGroup.Arn.ApplyT(func(groupArn string) (string, error) {
			return marshalPolicy(executionRolePolicy(cfg, groupArn))
		}).(pulumi.StringOutput),
	}, parent)
	if err != nil {
		return err
	}
	task.ExecutionRole, task.ExecutionGrants = role, []pulumi.Resource{policy}
	return nil
}

// ecsTasksTrust is the trust policy of a task's roles: ECS tasks of the stack's account and region only.
func ecsTasksTrust(args *TaskArgs) pulumi.StringOutput {
	return args.AccountId.ToStringOutput().ApplyT(func(accountId string) (string, error) {
		return marshalPolicy(ecsTasksAssumeRolePolicy(args.Region, accountId))
	}).(pulumi.StringOutput)
}

// newTaskRole creates the containers' own role with the configured managed policies and inline statements.
func newTaskRole(ctx *pulumi.Context, name string, args *TaskArgs, tags func(string) pulumi.StringMap,
	parent pulumi.ResourceOption) (*iam.Role, error) {
	role, err := iam.NewRole(ctx, name, args.Roles.roleArgs(&iam.RoleArgs{
		Description:      pulumi.String("ECS task role (the containers' permissions)"),
		AssumeRolePolicy: ecsTasksTrust(args),
		Tags:             tags(name),
	}), parent)
	if err != nil {
		return nil, err
	}
	// Named after the policy, not its position, so removing one attachment leaves the others alone.
	for _, arn := range uniqueSorted(args.Config.TaskRole.ManagedPolicyArns) {
		if _, err := iam.NewRolePolicyAttachment(ctx, name+"-"+managedPolicyName(arn), &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(arn),
		}, parent); err != nil {
			return nil, err
		}
	}
	if doc, ok := taskRolePolicy(args.Config, args.EcsExec); ok {
		policyJSON, err := marshalPolicy(doc)
		if err != nil {
			return nil, err
		}
		if _, err := iam.NewRolePolicy(ctx, name, &iam.RolePolicyArgs{
			Role:   role.ID(),
			Policy: pulumi.String(policyJSON),
		}, parent); err != nil {
			return nil, err
		}
	}
	return role, nil
}

// managedPolicyName turns a policy ARN into a resource-name fragment: the account part and path are kept so that two
// policies with the same name in different accounts or paths stay distinct.
func managedPolicyName(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	resource := parts[len(parts)-1]
	account := ""
	if len(parts) == 6 {
		account = parts[4]
	}
	resource = strings.TrimPrefix(resource, "policy/")
	return strings.ReplaceAll(account+"-"+resource, "/", "-")
}

// newTaskSecurityGroup creates the tasks' own group with no ingress (a service adds its ALB rule) and the egress every
// task has: HTTPS anywhere (ECR, S3 through its gateway endpoint, AWS APIs through NAT) and TCP within the VPC.
func newTaskSecurityGroup(ctx *pulumi.Context, name string, args *TaskArgs, tags func(string) pulumi.StringMap,
	parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	securityGroup, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String(args.SecurityGroupDescription),
		Tags:        tags(name),
	}, parent)
	if err != nil {
		return nil, err
	}
	if err := newEgressRule(ctx, name+"-https", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: securityGroup.ID(),
		Description:     pulumi.String("HTTPS to AWS APIs, ECR and S3"),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(443),
		ToPort:          pulumi.Int(443),
		CidrIpv4:        pulumi.String("0.0.0.0/0"),
	}, args.Tags, parent); err != nil {
		return nil, err
	}
	if err := newEgressRule(ctx, name+"-vpc", &vpc.SecurityGroupEgressRuleArgs{
		SecurityGroupId: securityGroup.ID(),
		Description:     pulumi.String("TCP within the VPC"),
		IpProtocol:      pulumi.String("tcp"),
		FromPort:        pulumi.Int(0),
		ToPort:          pulumi.Int(65535),
		CidrIpv4:        pulumi.String(args.VpcCidr),
	}, args.Tags, parent); err != nil {
		return nil, err
	}
	return securityGroup, nil
}

// taskStrategy is the capacity provider strategy a task runs with: its own, else the cluster default; nil with a
// launch type.
func taskStrategy(task TaskConfig, cluster []CapacityProviderStrategyItem) []CapacityProviderStrategyItem {
	switch {
	case task.LaunchType != "":
		return nil
	case len(task.CapacityProviderStrategy) > 0:
		return task.CapacityProviderStrategy
	}
	return cluster
}

// taskFamilyUnsafe are the characters a task definition family may not contain. Source: ECS API reference,
// RegisterTaskDefinition (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html):
// "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed". Stack names may also
// hold periods, which become hyphens.
var taskFamilyUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// taskFamily is the task definition family of a service: "<project>-<stack>-<service>", readable and unique per
// stack; a job's is "<project>-<stack>-job-<job>" (jobFamily). It always fits the 255 characters: project and stack
// names have at most 100 characters each (pulumi sdk go/common/tokens project.go and stack_name.go), service and job
// names at most maxServiceNameLength.
func taskFamily(project, stack, service string) string {
	return taskFamilyUnsafe.ReplaceAllString(project+"-"+stack+"-"+service, "-")
}
