//go:build live

package live

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go/logging"
	"github.com/stretchr/testify/require"
)

// The aws provider plugin the program is written against (go.mod: github.com/pulumi/pulumi-aws/sdk/v6 v6.83.2).
const awsPluginVersion = "6.83.2"

// teardownBudget is kept free before go test's -timeout for destroy, ECR cleanup and the leak check: a test killed
// by its timeout runs no cleanup at all.
const teardownBudget = 45 * time.Minute

// harness is one live run: the account, the stack and the clients.
type harness struct {
	t        *testing.T
	repoRoot string
	region   string
	stack    string
	pulumi   Pulumi
	commands Commands
	// appCommands are the app stack's (AppStackName), in the same project directory and backend.
	appCommands Commands
	// ownsRun says every pulumi command of the run was started, and has exited, in this process (TestLive), so a
	// lock left on the stack is a killed update's and may be cancelled.
	ownsRun bool
	// since is when the run began (a cleanup run: a day earlier); the IAM leak check looks at roles created since.
	since     time.Time
	aws       aws.Config
	ec2       *ec2.Client
	ecs       *ecs.Client
	ecr       *ecr.Client
	elb       *elb.Client
	iam       *iam.Client
	tagging   *tagging.Client
	scheduler *scheduler.Client
	// cloudwatch and eventbridge read the alarms, the dashboard and the jobs' failed-run rules.
	cloudwatch  *cloudwatch.Client
	eventbridge *eventbridge.Client
}

// newHarness skips with one line when a prerequisite is missing, and fails when credentials exist but do not work.
func newHarness(t *testing.T) *harness {
	t.Helper()
	pulumiPath, _ := exec.LookPath("pulumi")
	prerequisites := Prerequisites{Region: os.Getenv("AWS_REGION"), Pulumi: pulumiPath}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	// No SDK log lines (an IMDS fallback warning, say): a skip is one line.
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(prerequisites.Region), awsconfig.WithLogger(logging.Nop{}))
	if err == nil {
		_, credErr := cfg.Credentials.Retrieve(ctx)
		prerequisites.Credentials = credErr == nil
	}
	if message := prerequisites.SkipMessage(); message != "" {
		if os.Getenv(EnvRequire) == "true" {
			t.Fatalf("live test cannot run (%s=true): %s", EnvRequire, strings.TrimPrefix(message, "live test skipped: "))
		}
		t.Skip(message)
	}
	identity, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	require.NoError(t, err, "AWS credentials were found, but STS GetCallerIdentity failed with them")
	require.NoError(t, StandInOnPath(os.Getenv("PATH")))
	require.NoError(t, GoLanguageHost(pulumiPath, os.Getenv("PATH")))

	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	stack := os.Getenv(EnvStack)
	if stack == "" {
		stack = NewStackName()
	}
	require.NoError(t, CheckStackName(stack))
	backend := os.Getenv(EnvBackend)
	if backend == "" {
		dir := filepath.Join(root, ".state", "live", "backend")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		backend = "file://" + dir
	}
	passphrase := os.Getenv("PULUMI_CONFIG_PASSPHRASE")
	if passphrase == "" {
		passphrase = "live-test" // the live stack holds no secrets; the passphrase protects nothing
	}
	t.Logf("live: account %s, region %s, stack %s, backend %s, pulumi %s", aws.ToString(identity.Account),
		prerequisites.Region, stack, backend, pulumiPath)
	since := time.Now().Add(-5 * time.Minute) // AWS's clock may differ from this machine's by a little
	// A named stack may be an earlier run's (a cleanup, or the workflow's always-run step): look back a day.
	if os.Getenv(EnvStack) != "" {
		since = time.Now().Add(-24 * time.Hour)
	}
	return &harness{
		t: t, since: since, repoRoot: root, region: prerequisites.Region, stack: stack, aws: cfg,
		pulumi: Pulumi{Binary: pulumiPath, Dir: filepath.Join(root, ".state", "live", "projects", stack), Out: os.Stdout,
			Env: []string{"PULUMI_BACKEND_URL=" + backend, "PULUMI_CONFIG_PASSPHRASE=" + passphrase,
				"PULUMI_SKIP_UPDATE_CHECK=true", "PULUMI_IGNORE_AMBIENT_PLUGINS=true"}},
		// The live stack is shaped like dev (plain HTTP, no certificate), so it deploys under dev's policy config.
		commands: Commands{Stack: stack, PolicyPack: filepath.Join(root, "policy"),
			PolicyConfig: filepath.Join(root, "Pulumi.dev.policy.json")},
		// The app stack registers no listener, so it deploys under the app stack dev-payments' policy config.
		appCommands: Commands{Stack: AppStackName(stack), PolicyPack: filepath.Join(root, "policy"),
			PolicyConfig: filepath.Join(root, "Pulumi.dev-payments.policy.json")},
		ec2:         ec2.NewFromConfig(cfg),
		ecs:         ecs.NewFromConfig(cfg),
		ecr:         ecr.NewFromConfig(cfg),
		elb:         elb.NewFromConfig(cfg),
		iam:         iam.NewFromConfig(cfg),
		tagging:     tagging.NewFromConfig(cfg),
		scheduler:   scheduler.NewFromConfig(cfg),
		cloudwatch:  cloudwatch.NewFromConfig(cfg),
		eventbridge: eventbridge.NewFromConfig(cfg),
	}
}

func (h *harness) run(ctx context.Context, args []string) []byte {
	h.t.Helper()
	out, err := h.pulumi.Run(ctx, args...)
	require.NoError(h.t, err)
	return out
}

// TestLive deploys the live stack, checks it against AWS, checks that a second preview is empty, and always tears
// it down (t.Cleanup, also after a failure or an interrupt), failing on anything left tagged with the stack name.
func TestLive(t *testing.T) {
	h := newHarness(t)
	h.ownsRun = true

	// Ctrl-C or SIGTERM ends the main phase (the running pulumi gets one SIGINT and stops cleanly); teardown
	// still runs. The main phase also ends teardownBudget before go test's own deadline.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-teardownBudget))
		defer cancel()
	}
	t.Cleanup(h.teardown)

	_, err := h.pulumi.Run(ctx, "version")
	require.NoError(t, err)
	_, err = h.pulumi.Run(ctx, "plugin", "install", "resource", "aws", awsPluginVersion)
	require.NoError(t, err)

	image := h.pushImage(ctx)
	zones := h.availabilityZones(ctx)
	stackConfig, err := StackConfig(StackSettings{Region: h.region, AvailabilityZones: zones,
		Cidr: os.Getenv(EnvCidr), Image: image.ref, Stack: h.stack})
	require.NoError(t, err)
	require.NoError(t, WriteProject(h.repoRoot, h.pulumi.Dir, h.stack, stackConfig))
	t.Logf("live: stack config\n%s", stackConfig)

	h.run(ctx, h.commands.Init())
	h.run(ctx, h.commands.Preview())
	// The services wait for steady state (waitForSteadyState defaults to true), so up ends when tasks serve.
	h.run(ctx, h.commands.Up())
	outputs, err := ParseOutputs(h.run(ctx, h.commands.Outputs()))
	require.NoError(t, err)
	require.Equal(t, "none", outputs.EgressMode)
	service := outputs.Services[ServiceName]

	t.Run("no network interface in the VPC has a public IPv4", func(t *testing.T) {
		require.NoError(t, CheckNoPublicIPv4(ctx, h.ec2, outputs.VpcID))
	})
	var albArn string
	t.Run("every load balancer in the VPC is internal", func(t *testing.T) {
		arn, err := CheckLoadBalancersInternal(ctx, h.elb, outputs.VpcID, outputs.AlbDNSName)
		albArn = arn
		require.NoError(t, err)
	})
	t.Run("every target of every target group is healthy", func(t *testing.T) {
		require.NotEmpty(t, albArn, "the ALB was not found")
		require.NoError(t, Eventually(ctx, 5*time.Minute, 15*time.Second, func(ctx context.Context) error {
			return CheckTargetsHealthy(ctx, h.elb, albArn)
		}))
	})
	t.Run("tasks run the pushed image", func(t *testing.T) {
		require.NoError(t, Eventually(ctx, 5*time.Minute, 15*time.Second, func(ctx context.Context) error {
			return CheckTasksRunning(ctx, h.ecs, ServiceTasks{Cluster: outputs.ClusterName, Service: service.ServiceName,
				Count: 2, Container: ContainerName, Digest: image.digest})
		}))
	})
	t.Run("interface endpoints are available with private DNS", func(t *testing.T) {
		require.NoError(t, Eventually(ctx, 5*time.Minute, 15*time.Second, func(ctx context.Context) error {
			return CheckEndpoints(ctx, h.ec2, Endpoints{VpcID: outputs.VpcID, Region: h.region,
				Interface: outputs.InterfaceEndpoints, SubnetIDs: outputs.PrivateSubnetIDs})
		}))
	})
	t.Run("no private route table routes 0.0.0.0/0", func(t *testing.T) {
		require.NoError(t, CheckNoDefaultRoute(ctx, h.ec2, outputs.VpcID, outputs.PrivateSubnetIDs))
	})
	t.Run("no network ACL admits ports 22 and 3389 from the internet", func(t *testing.T) {
		require.NoError(t, CheckNoAdminPortsFromInternet(ctx, h.ec2, outputs.VpcID, outputs.PrivateSubnetIDs))
	})
	t.Run("a task inside the VPC reaches the service through the ALB", func(t *testing.T) {
		probeCtx, cancel := context.WithTimeout(ctx, 15*time.Minute)
		defer cancel()
		require.NoError(t, RunProbe(probeCtx, h.ecs, Probe{
			Cluster: outputs.ClusterName, TaskDefinition: service.TaskDefinitionArn, Container: ContainerName,
			Command:   []string{"probe", "http://" + outputs.AlbDNSName + "/health"},
			SubnetIDs: outputs.PrivateSubnetIDs, SecurityGroups: []string{service.SecurityGroupID},
			Tags: map[string]string{StackTagKey: h.stack},
		}))
	})
	t.Run("each on-demand job runs once with its exported runTask input, pulls its image and exits 0", func(t *testing.T) {
		ran := 0
		for _, name := range sortedKeys(outputs.Jobs) {
			job := outputs.Jobs[name]
			if job.ScheduleName != "" {
				continue
			}
			ran++
			t.Run(name, func(t *testing.T) {
				in, err := RunTaskInput(job.RunTask)
				require.NoError(t, err)
				jobCtx, cancel := context.WithTimeout(ctx, 15*time.Minute)
				defer cancel()
				require.NoError(t, RunJob(jobCtx, h.ecs, name, in, 10*time.Second))
			})
		}
		require.NotZero(t, ran, "the live stack has no on-demand job")
	})
	t.Run("each scheduled job's schedule is in its group and starts the job privately", func(t *testing.T) {
		checked := 0
		for _, name := range sortedKeys(outputs.Jobs) {
			job := outputs.Jobs[name]
			if job.ScheduleName == "" {
				continue
			}
			checked++
			require.NoError(t, CheckSchedule(ctx, h.scheduler, Schedule{Job: name, Name: job.ScheduleName,
				Group: job.ScheduleGroupName, ClusterName: outputs.ClusterName, SubnetIDs: outputs.PrivateSubnetIDs,
				TaskDefinitionFamily: job.TaskDefinitionFamily}))
		}
		require.NotZero(t, checked, "the live stack has no scheduled job")
	})
	// Last among the checks of the deployed stack: the services have been steady for the minutes the probe and the
	// job took, so an alarm raised while the first tasks started has had time to clear (AlarmsSettle).
	t.Run("every alarm exists, notifies the topic on ALARM and OK, and is not in ALARM once the services are steady", func(t *testing.T) {
		require.NoError(t, WaitForAlarms(ctx, h.cloudwatch, outputs.Alarms, AlarmsSettle, 30*time.Second))
	})
	t.Run("the dashboard exists with widgets", func(t *testing.T) {
		require.NoError(t, CheckDashboard(ctx, h.cloudwatch, outputs.Alarms.DashboardName))
	})
	t.Run("each job's failed-run rule is enabled and targets the topic", func(t *testing.T) {
		require.NoError(t, CheckJobRules(ctx, h.eventbridge, outputs.Alarms))
	})
	t.Run("an app stack on the platform answers through the platform's ALB", func(t *testing.T) {
		settings := StackSettings{Region: h.region, Image: image.ref, Stack: h.stack}
		appConfig, err := AppStackConfig(settings)
		require.NoError(t, err)
		require.NoError(t, WriteProject(h.repoRoot, h.pulumi.Dir, h.appCommands.Stack, appConfig))
		h.run(ctx, h.appCommands.Init())
		h.run(ctx, h.appCommands.Preview())
		h.run(ctx, h.appCommands.Up())
		probeCtx, cancel := context.WithTimeout(ctx, 15*time.Minute)
		defer cancel()
		// From a task in the platform's VPC (the platform service's task definition and group, which may reach the
		// ALB), a path under the app's grant: only the app's rule forwards it, to the app's tasks.
		require.NoError(t, RunProbe(probeCtx, h.ecs, Probe{
			Cluster: outputs.ClusterName, TaskDefinition: service.TaskDefinitionArn, Container: ContainerName,
			Command:   []string{"probe", "http://" + outputs.AlbDNSName + AppPathPrefix + "health"},
			SubnetIDs: outputs.PrivateSubnetIDs, SecurityGroups: []string{service.SecurityGroupID},
			Tags: map[string]string{StackTagKey: h.stack},
		}))
	})
	t.Run("a second preview proposes no changes", func(t *testing.T) {
		_, err := h.pulumi.Run(ctx, h.commands.PreviewNoChanges()...)
		require.NoError(t, err)
	})
}

// TestCleanupLiveStack tears down the stack named by LIVE_TEST_STACK (what TestLive's teardown does): for a run
// that was killed before its own teardown, and for the workflow's always-run step. A stack that is already gone
// only gets the ECR and leak checks.
func TestCleanupLiveStack(t *testing.T) {
	if os.Getenv(EnvStack) == "" {
		t.Skipf("cleanup needs %s=<the live-… stack to destroy>", EnvStack)
	}
	h := newHarness(t)
	h.teardown()
}

type pushedImage struct{ ref, digest string }

// pushImage builds liveapp for linux/amd64, packs it into an image and pushes it to a new ECR repository named
// after the stack (tagged like the stack, deleted by teardown).
func (h *harness) pushImage(ctx context.Context) pushedImage {
	t := h.t
	binary := filepath.Join(t.TempDir(), "liveapp")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", binary, "./cmd/liveapp")
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	require.NoError(t, build.Run(), "build liveapp")
	data, err := os.ReadFile(binary)
	require.NoError(t, err)
	image, err := BuildImage(data, []string{"serve"})
	require.NoError(t, err)

	repo, err := h.ecr.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(h.stack),
		Tags: []ecrtypes.Tag{{Key: aws.String(StackTagKey), Value: aws.String(h.stack)}}})
	require.NoError(t, err, "create ECR repository %s", h.stack)
	require.NoError(t, PushImage(ctx, h.ecr, h.stack, "live", image))
	ref := aws.ToString(repo.Repository.RepositoryUri) + "@" + image.Digest
	t.Logf("live: pushed %s", ref)
	return pushedImage{ref: ref, digest: image.Digest}
}

// availabilityZones are $LIVE_TEST_AZS, else the region's first two default (not opt-in) zones.
func (h *harness) availabilityZones(ctx context.Context) []string {
	if zones := os.Getenv(EnvAZs); zones != "" {
		return strings.Split(zones, ",")
	}
	out, err := h.ec2.DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{Filters: []ec2types.Filter{
		{Name: aws.String("state"), Values: []string{"available"}},
		{Name: aws.String("zone-type"), Values: []string{"availability-zone"}},
		{Name: aws.String("opt-in-status"), Values: []string{"opt-in-not-required"}},
	}})
	require.NoError(h.t, err)
	var names []string
	for _, zone := range out.AvailabilityZones {
		names = append(names, aws.ToString(zone.ZoneName))
	}
	sort.Strings(names)
	require.GreaterOrEqual(h.t, len(names), 2, "region %s has fewer than two availability zones", h.region)
	return names[:2]
}

// teardown destroys and removes the stack, deletes the ECR repository and fails on anything still tagged with the
// stack name. It runs on a context of its own: the main phase's may be cancelled.
func (h *harness) teardown() {
	t := h.t
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		for range signals {
			fmt.Fprintf(os.Stderr, "live: teardown of %s continues (an interrupted destroy leaves resources behind; "+
				"README \"Proving it on AWS\" says how to clean up by hand)\n", h.stack)
		}
	}()
	// Until a minute before go test's own deadline at the latest: its timeout kills without running anything.
	deadline := time.Now().Add(teardownBudget - time.Minute)
	if testDeadline, ok := t.Deadline(); ok && testDeadline.Add(-time.Minute).Before(deadline) {
		deadline = testDeadline.Add(-time.Minute)
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()

	// The app stack first: ECS refuses to delete the platform's cluster while the app's service runs in it.
	err := DestroyInOrder([]Commands{h.appCommands}, h.commands, func(c Commands) error {
		if !h.stackExists(ctx, c.Stack) {
			t.Logf("live: stack %s is not in the backend; nothing to destroy", c.Stack)
			return nil
		}
		return DestroyStack(ctx, h.pulumi, c, h.ownsRun, Sleep)
	})
	if err != nil {
		t.Errorf("%v (clean up by hand: README \"Proving it on AWS\")", err)
	}

	_, err = h.ecr.DeleteRepository(ctx, &ecr.DeleteRepositoryInput{RepositoryName: aws.String(h.stack), Force: true})
	var missing *ecrtypes.RepositoryNotFoundException
	if err != nil && !errors.As(err, &missing) {
		t.Errorf("delete ECR repository %s: %v", h.stack, err)
	}

	// The Tagging API lags behind deletes by minutes; only what is still there after 15 minutes is a leak. It does
	// not list IAM roles, so they are looked up in IAM.
	var leftovers []string
	err = Eventually(ctx, 15*time.Minute, 30*time.Second, func(ctx context.Context) error {
		found, err := FindLeftovers(ctx, h.tagging, h.ecs, StackTagKey, h.stack)
		if err != nil {
			return err
		}
		roles, err := FindLeftoverRoles(ctx, h.iam, StackTagKey, h.stack, h.since)
		if err != nil {
			return err
		}
		leftovers = append(found, roles...)
		if len(leftovers) > 0 {
			return fmt.Errorf("%d resources still tagged %s=%s", len(leftovers), StackTagKey, h.stack)
		}
		return nil
	})
	if err != nil {
		t.Errorf("leak check: %v:\n  %s", err, strings.Join(leftovers, "\n  "))
	} else {
		t.Logf("live: leak check: nothing tagged %s=%s is left in %s or in IAM", StackTagKey, h.stack, h.region)
	}
}

// stackExists asks the backend whether stack (the platform or its app stack) exists. When it cannot tell, it says
// yes: destroy then reports.
func (h *harness) stackExists(ctx context.Context, stack string) bool {
	if _, err := os.Stat(filepath.Join(h.pulumi.Dir, "Pulumi.yaml")); err != nil {
		// A cleanup after a killed run on another machine: the project directory is rebuilt from the repository.
		config, err := os.ReadFile(filepath.Join(h.pulumi.Dir, "Pulumi."+h.stack+".yaml"))
		if err != nil {
			config = []byte("config:\n  aws:region: " + h.region + "\n")
		}
		if err := WriteProject(h.repoRoot, h.pulumi.Dir, h.stack, config); err != nil {
			h.t.Logf("live: cannot write the project directory: %v", err)
			return true
		}
	}
	out, err := h.pulumi.Run(ctx, h.commands.List()...)
	if err != nil {
		return true
	}
	listed, err := StackListed(out, stack)
	return listed || err != nil
}
