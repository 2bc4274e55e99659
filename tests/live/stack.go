package live

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"
)

// StackTagKey is the tag the live stack puts on every taggable resource (through the program's `tags` config) and
// on what the test creates itself; its value is the stack name. The leak check looks for it.
const StackTagKey = "live-test-stack"

// ServiceName and ContainerName name the one service of the live stack and its container.
const (
	ServiceName   = "web"
	ContainerName = "app"
	// AppPort is the port liveapp serves on (its default, $PORT unset).
	AppPort = 8080
	// OnDemandJobName and ScheduledJobName name the live stack's two jobs: one without a schedule, which the test
	// runs once with its exported runTask input, and one on a schedule, whose schedule the test looks up.
	OnDemandJobName  = "once"
	ScheduledJobName = "nightly"
	// ScheduledJobTimezone is the scheduled job's time zone: not UTC, so the schedule carries a zone of its own.
	ScheduledJobTimezone = "Europe/Berlin"
)

// The app stack of the live run: one service on the throwaway platform, routed under AppPathPrefix, which the
// platform grants it together with AppPriorities; the platform's own service routes only /health, so the grant
// overlaps nothing and a 200 under AppPathPrefix can only come from the app's tasks.
const (
	AppServiceName = "api"
	AppPathPrefix  = "/app/"
	// AppPrioritiesFirst and AppPrioritiesLast are the app's listener rule priority range.
	AppPrioritiesFirst = 20000
	AppPrioritiesLast  = 20999
	// PlatformPath is the only path the platform's own service routes.
	PlatformPath = "/health"
	// diyOrganization is the organization of every stack in a DIY backend (file://, s3://), which the live run uses:
	// an app stack names its platform "organization/<project>/<stack>" there.
	diyOrganization = "organization"
)

// AppStackName is the name of the app stack of a live platform stack: the platform's name and "app", so the leak
// check's tag and the teardown find both.
func AppStackName(platform string) string { return platform + "app" }

// OfflineTarget is what the jobs' `liveapp offline` must fail to reach: a public name, resolved by the VPC's DNS to
// a public address that the subnets have no route to. A job that reaches it has an internet path.
const OfflineTarget = "aws.amazon.com:443"

var stackNamePattern = regexp.MustCompile(`^live-[a-z0-9]{1,16}$`)

// NewStackName returns "live-" and 6 random hex digits: short, so every name the program derives from it fits
// AWS's limits, and unique enough that parallel runs in one account do not meet.
func NewStackName() string {
	suffix := make([]byte, 3)
	if _, err := rand.Read(suffix); err != nil {
		panic(err) // crypto/rand never fails on Linux (it says so)
	}
	return "live-" + hex.EncodeToString(suffix)
}

// CheckStackName refuses a name that is not a throwaway live stack: teardown destroys whatever it is given.
func CheckStackName(name string) error {
	if !stackNamePattern.MatchString(name) {
		return fmt.Errorf("stack name %q is not a live test stack (want live-<1 to 16 lower-case letters or digits>)", name)
	}
	return nil
}

// StackSettings are the values of the live stack's config that change from run to run.
type StackSettings struct {
	Region string
	// AvailabilityZones are two AZ names of Region.
	AvailabilityZones []string
	// Cidr is the VPC CIDR. Default: 10.99.0.0/16.
	Cidr string
	// Image is the pushed image by digest: <account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:<hex>.
	Image string
	// Stack is the stack name, the value of the StackTagKey tag.
	Stack string
}

// StackConfig renders Pulumi.<stack>.yaml of the live stack: two AZs, egress none (endpoints only), the internal ALB
// without a certificate (like dev, so it deploys under Pulumi.dev.policy.json), one service of two tasks running
// liveapp from private ECR behind the ALB, and two jobs running `liveapp offline` from the same image: one on demand,
// one on a daily cron schedule in a non-UTC time zone.
func StackConfig(s StackSettings) ([]byte, error) {
	var problems []error
	if s.Region == "" {
		problems = append(problems, errors.New("region is empty"))
	}
	if len(s.AvailabilityZones) != 2 {
		problems = append(problems, fmt.Errorf("want 2 availability zones, got %d (%v)", len(s.AvailabilityZones), s.AvailabilityZones))
	}
	if !strings.Contains(s.Image, "@sha256:") {
		problems = append(problems, fmt.Errorf("image %q is not pinned by digest", s.Image))
	}
	if err := CheckStackName(s.Stack); err != nil {
		problems = append(problems, err)
	}
	if err := errors.Join(problems...); err != nil {
		return nil, err
	}
	cidr := s.Cidr
	if cidr == "" {
		cidr = "10.99.0.0/16"
	}
	config := map[string]any{
		"aws:region": s.Region,
		"private-fargate:network": map[string]any{
			"cidr": cidr, "availabilityZones": s.AvailabilityZones, "egress": "none",
		},
		"private-fargate:endpoints": map[string]any{"enabled": true},
		// Throwaway: destroy must work without the teardown steps, and no log bucket is left behind.
		"private-fargate:loadBalancer": map[string]any{"deletionProtection": false, "accessLogs": map[string]any{"enabled": false}},
		"private-fargate:services": map[string]any{
			ServiceName: map[string]any{
				"cpu": 256, "memory": 512, "desiredCount": 2,
				"routing":           map[string]any{"paths": []string{PlatformPath}},
				"targetHealthCheck": map[string]any{"path": PlatformPath},
				"containers": map[string]any{
					ContainerName: map[string]any{"image": s.Image, "ports": []int{AppPort}, "command": []string{"serve"}},
				},
			},
		},
		"private-fargate:jobs": map[string]any{
			OnDemandJobName: job(s.Image, nil),
			// 03:00 in Berlin: the test only looks the schedule up; should a run start during it, it stops by itself.
			ScheduledJobName: job(s.Image, map[string]any{"expression": "cron(0 3 * * ? *)", "timezone": ScheduledJobTimezone}),
		},
		"private-fargate:tags": map[string]any{StackTagKey: s.Stack},
		"private-fargate:apps": map[string]any{AppStackName(s.Stack): map[string]any{
			"pathPrefixes":    []string{AppPathPrefix},
			"priorities":      map[string]any{"first": AppPrioritiesFirst, "last": AppPrioritiesLast},
			"targetPorts":     []int{AppPort},
			"subnetAddresses": 4,
		}},
	}
	return renderStackConfig("# Throwaway stack of the live acceptance test (tests/live); destroyed at the end of the run.\n", config)
}

// AppStackConfig renders Pulumi.<app>.yaml of the live run's app stack (AppStackName): one service of one task
// running liveapp from the same image, routed under AppPathPrefix on the platform stack s.Stack's ALB, tagged like
// the platform so the leak check covers it.
func AppStackConfig(s StackSettings) ([]byte, error) {
	if err := CheckStackName(AppStackName(s.Stack)); err != nil {
		return nil, fmt.Errorf("app stack of %s: %w", s.Stack, err)
	}
	if !strings.Contains(s.Image, "@sha256:") {
		return nil, fmt.Errorf("image %q is not pinned by digest", s.Image)
	}
	config := map[string]any{
		"aws:region":               s.Region,
		"private-fargate:platform": diyOrganization + "/private-fargate/" + s.Stack,
		"private-fargate:services": map[string]any{
			AppServiceName: map[string]any{
				"cpu": 256, "memory": 512, "desiredCount": 1,
				"routing":           map[string]any{"paths": []string{AppPathPrefix + "*"}},
				"targetHealthCheck": map[string]any{"path": AppPathPrefix + "health"},
				"containers": map[string]any{
					ContainerName: map[string]any{"image": s.Image, "ports": []int{AppPort}, "command": []string{"serve"}},
				},
			},
		},
		"private-fargate:tags": map[string]any{StackTagKey: s.Stack},
	}
	return renderStackConfig("# App stack of the live acceptance test (tests/live) on its throwaway platform; destroyed first.\n", config)
}

// renderStackConfig renders a stack config file: the heading comment, then config.
func renderStackConfig(heading string, config map[string]any) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(heading)
	encoder := yaml.NewEncoder(&out)
	encoder.SetIndent(2)
	if err := encoder.Encode(map[string]any{"config": config}); err != nil {
		return nil, err
	}
	return out.Bytes(), encoder.Close()
}

// job is a live stack job running `liveapp offline` with the pushed image, on schedule when it is not nil.
func job(image string, schedule map[string]any) map[string]any {
	config := map[string]any{
		"cpu": 256, "memory": 512, "expectedRunMinutes": 1,
		"containers": map[string]any{
			ContainerName: map[string]any{"image": image, "command": []string{"offline", OfflineTarget}},
		},
	}
	if schedule != nil {
		config["schedule"] = schedule
	}
	return config
}

// WriteProject makes dir a Pulumi project directory for the live stack: the repository's Pulumi.yaml with `main`
// pointing at the repository (so the stock Go language host builds the program there) and the stack's config file.
// The repository itself gets no Pulumi.<stack>.yaml.
func WriteProject(repoRoot, dir, stack string, stackConfig []byte) error {
	project, err := os.ReadFile(filepath.Join(repoRoot, "Pulumi.yaml"))
	if err != nil {
		return err
	}
	var parsed map[string]any
	if err := yaml.Unmarshal(project, &parsed); err != nil {
		return fmt.Errorf("project file %s: %w", filepath.Join(repoRoot, "Pulumi.yaml"), err)
	}
	if _, ok := parsed["main"]; ok {
		return errors.New("the project file Pulumi.yaml already sets main; the live test cannot point it at the repository")
	}
	absRoot, err := filepath.Abs(repoRoot)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// `main` may be absolute (pulumi pkg/engine/project.go getPwdMain); the program then runs in that directory.
	project = append(bytes.TrimRight(project, "\n"), []byte("\n# Added by the live test: the program is the repository.\nmain: "+absRoot+"\n")...)
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), project, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), stackConfig, 0o644)
}

// Outputs are the stack outputs the assertions read.
type Outputs struct {
	VpcID              string                    `json:"vpcId"`
	PrivateSubnetIDs   []string                  `json:"privateSubnetIds"`
	EgressMode         string                    `json:"egressMode"`
	InterfaceEndpoints []string                  `json:"interfaceEndpoints"`
	AlbDNSName         string                    `json:"albDnsName"`
	ClusterName        string                    `json:"clusterName"`
	Services           map[string]ServiceOutputs `json:"services"`
	Jobs               map[string]JobOutputs     `json:"jobs"`
	Alarms             AlarmsOutputs             `json:"alarms"`
}

// ServiceOutputs are one service's entry of the `services` output.
type ServiceOutputs struct {
	ServiceName       string `json:"serviceName"`
	TaskDefinitionArn string `json:"taskDefinitionArn"`
	SecurityGroupID   string `json:"securityGroupId"`
}

// ParseOutputs reads `pulumi stack output --json` and fails when an output the assertions need is missing.
func ParseOutputs(data []byte) (Outputs, error) {
	var out Outputs
	if err := json.Unmarshal(data, &out); err != nil {
		return out, fmt.Errorf("stack outputs: %w", err)
	}
	var problems []error
	for name, value := range map[string]string{"vpcId": out.VpcID, "albDnsName": out.AlbDNSName, "clusterName": out.ClusterName} {
		if value == "" {
			problems = append(problems, fmt.Errorf("stack output %s is missing", name))
		}
	}
	if len(out.PrivateSubnetIDs) == 0 {
		problems = append(problems, errors.New("stack output privateSubnetIds is missing"))
	}
	service, ok := out.Services[ServiceName]
	if !ok || service.ServiceName == "" || service.TaskDefinitionArn == "" || service.SecurityGroupID == "" {
		problems = append(problems, fmt.Errorf("stack output services.%s is missing or incomplete", ServiceName))
	}
	for _, name := range []string{OnDemandJobName, ScheduledJobName} {
		job, ok := out.Jobs[name]
		if !ok || len(job.RunTask) == 0 || job.LogGroupName == "" || job.TaskDefinitionFamily == "" {
			problems = append(problems, fmt.Errorf("stack output jobs.%s is missing or incomplete", name))
		}
	}
	if job := out.Jobs[ScheduledJobName]; job.ScheduleName == "" || job.ScheduleGroupName == "" {
		problems = append(problems, fmt.Errorf("stack output jobs.%s has no scheduleName or scheduleGroupName", ScheduledJobName))
	}
	if job := out.Jobs[OnDemandJobName]; job.ScheduleName != "" || job.ScheduleGroupName != "" {
		problems = append(problems, fmt.Errorf("stack output jobs.%s has a schedule, but the job has none", OnDemandJobName))
	}
	problems = append(problems, liveStackAlarmsProblems(out.Alarms)...)
	return out, errors.Join(problems...)
}

// liveAlarmKinds are the alarms the program gives a routed service (components/alarms.go: the target group's three,
// then ECS's three); the live stack's one service is routed and keeps alarms at their default, on.
var liveAlarmKinds = []string{"target-5xx-rate", "unhealthy-hosts", "response-time-p99", "cpu-high", "memory-high",
	"tasks-below-desired"}

// liveStackAlarmsProblems are the alarms the live stack must export, so that CheckAlarms cannot pass over an alarm
// the program stopped creating: every kind for the service, the ALB's elb-5xx, the dead-letter alarm of the
// scheduled job's queue, each job's failed-run rule, the topic and the dashboard.
func liveStackAlarmsProblems(alarms AlarmsOutputs) []error {
	var problems []error
	if alarms.TopicArn == "" || alarms.DashboardName == "" {
		problems = append(problems, errors.New("stack output alarms has no topicArn or no dashboardName"))
	}
	want := []string{"alb/elb-5xx", "jobs/dead-letters"}
	for _, kind := range liveAlarmKinds {
		want = append(want, ServiceName+"/"+kind)
	}
	for _, key := range want {
		if alarms.AlarmNames[key] == "" {
			problems = append(problems, fmt.Errorf("stack output alarms.alarmNames has no %s", key))
		}
	}
	for _, job := range []string{OnDemandJobName, ScheduledJobName} {
		if alarms.JobFailedRules[job] == "" {
			problems = append(problems, fmt.Errorf("stack output alarms.jobFailedRules has no %s", job))
		}
	}
	return problems
}

// Pulumi runs the pulumi CLI in a project directory with an environment of its own.
type Pulumi struct {
	// Binary is the pulumi executable (a stock install: it has the Go language host).
	Binary string
	// Dir is the project directory (WriteProject).
	Dir string
	// Env is added to the process environment (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, …).
	Env []string
	// Out receives the CLI's output as it runs.
	Out io.Writer
	// GracePeriod is how long a cancelled command may take to stop after its SIGINT. Default: 5 minutes.
	GracePeriod time.Duration
}

// Run runs pulumi with args and returns its standard output. When ctx ends, pulumi gets one SIGINT — the CLI then
// stops the update cleanly and releases the stack's lock — and is killed only after GracePeriod. It runs in a
// process group of its own, so a terminal's Ctrl-C reaches it once, through ctx, and not twice (a second SIGINT
// makes pulumi abandon the update at once).
func (p Pulumi) Run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, p.Binary, args...)
	cmd.Dir = p.Dir
	cmd.Env = append(os.Environ(), p.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = p.GracePeriod
	if cmd.WaitDelay == 0 {
		cmd.WaitDelay = 5 * time.Minute
	}
	var stdout bytes.Buffer
	out := p.Out
	if out == nil {
		out = io.Discard
	}
	tail := &tailBuffer{max: 2048}
	cmd.Stdout = io.MultiWriter(&stdout, out, tail)
	cmd.Stderr = io.MultiWriter(out, tail)
	fmt.Fprintf(out, "live: pulumi %s (in %s)\n", strings.Join(args, " "), p.Dir)
	err := cmd.Run()
	if err != nil {
		return stdout.Bytes(), fmt.Errorf("pulumi %s: %w; its output ended with:\n%s", strings.Join(args, " "), err, tail)
	}
	return stdout.Bytes(), nil
}

// tailBuffer keeps the last max bytes written to it: the end of a failed command's output goes into its error.
type tailBuffer struct {
	max  int
	data []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.data = append(b.data, p...)
	if len(b.data) > b.max {
		b.data = b.data[len(b.data)-b.max:]
	}
	return len(p), nil
}

func (b *tailBuffer) String() string { return string(b.data) }

// DestroyInOrder destroys the app stacks, then the platform, as AWS requires (ECS refuses to delete a cluster that
// still has services: ClusterContainsServicesException). A failed app destroy does not stop the platform's attempt,
// which then fails for what the app left; every error is returned.
func DestroyInOrder(apps []Commands, platform Commands, destroy func(Commands) error) error {
	var errs []error
	for _, app := range apps {
		errs = append(errs, destroy(app))
	}
	errs = append(errs, destroy(platform))
	return errors.Join(errs...)
}

// DestroyAttempts is how many times DestroyStack runs destroy before it gives up.
const DestroyAttempts = 5

// DestroyStack runs destroy (which also removes the stack) until it succeeds, at most DestroyAttempts times, waiting
// between attempts: deleting security groups and subnets fails while AWS still detaches the ALB's and the tasks'
// network interfaces, and a second destroy picks up what is left. A stack locked by an update that was killed is
// unlocked with `pulumi cancel` only when mayCancelLock says that no pulumi of this run can still be running (the
// test's own teardown, whose commands have all exited); otherwise DestroyStack waits for the lock to go.
func DestroyStack(ctx context.Context, p Pulumi, c Commands, mayCancelLock bool, wait func(context.Context, time.Duration)) error {
	var err error
	for attempt := 1; attempt <= DestroyAttempts; attempt++ {
		if _, err = p.Run(ctx, c.Destroy()...); err == nil {
			return nil
		}
		if ctx.Err() != nil {
			break
		}
		pause := 30 * time.Second
		if strings.Contains(err.Error(), "currently locked") {
			if mayCancelLock {
				if _, cancelErr := p.Run(ctx, c.Cancel()...); cancelErr != nil {
					return errors.Join(err, cancelErr)
				}
				continue
			}
			pause = 2 * time.Minute
		}
		if attempt < DestroyAttempts {
			wait(ctx, pause)
		}
	}
	return fmt.Errorf("destroy of %s failed %d times: %w", c.Stack, DestroyAttempts, err)
}

// Sleep waits d or until ctx ends; DestroyStack's wait in a live run.
func Sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// StackListed says whether `pulumi stack ls --json` lists stack (by its name, or a fully qualified
// <org>/<project>/<stack>).
func StackListed(stackLsJSON []byte, stack string) (bool, error) {
	var stacks []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(stackLsJSON, &stacks); err != nil {
		return false, fmt.Errorf("pulumi stack ls --json: %w", err)
	}
	for _, listed := range stacks {
		if listed.Name == stack || strings.HasSuffix(listed.Name, "/"+stack) {
			return true, nil
		}
	}
	return false, nil
}

// Commands are the pulumi command lines of the live run, one place for the live test and for the offline test that
// runs them against a real CLI.
type Commands struct {
	Stack string
	// PolicyPack is the pack's directory (policy/, runtime go) and PolicyConfig its config file.
	PolicyPack, PolicyConfig string
}

func (c Commands) stackArgs(args ...string) []string {
	return append(args, "--stack", c.Stack, "--non-interactive")
}

func (c Commands) policyArgs(args ...string) []string {
	return c.stackArgs(append(args, "--policy-pack", c.PolicyPack, "--policy-pack-config", c.PolicyConfig)...)
}

// Init creates the stack with the passphrase secrets provider (it holds no secrets).
func (c Commands) Init() []string {
	return []string{"stack", "init", c.Stack, "--secrets-provider", "passphrase", "--non-interactive"}
}

// Preview previews with the policy pack.
func (c Commands) Preview() []string { return c.policyArgs("preview", "--diff") }

// Up updates with the policy pack, without a second preview.
func (c Commands) Up() []string { return c.policyArgs("up", "--yes", "--skip-preview") }

// Outputs prints the stack outputs as JSON.
func (c Commands) Outputs() []string { return c.stackArgs("stack", "output", "--json") }

// PreviewNoChanges fails unless the preview proposes no change.
func (c Commands) PreviewNoChanges() []string {
	return c.policyArgs("preview", "--expect-no-changes", "--diff")
}

// Destroy deletes every resource, goes on past a failed delete, and removes the stack once nothing is left.
func (c Commands) Destroy() []string {
	return c.stackArgs("destroy", "--yes", "--skip-preview", "--continue-on-error", "--remove")
}

// Cancel removes the lock an update left on the stack (for a DIY backend: its lock files).
func (c Commands) Cancel() []string { return c.stackArgs("cancel", "--yes") }

// List lists the project's stacks as JSON (StackListed reads it).
func (c Commands) List() []string { return []string{"stack", "ls", "--json", "--non-interactive"} }
