package live

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

const liveImage = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/live-a1b2c3@" + imageDigest

func liveSettings() StackSettings {
	return StackSettings{Region: "eu-west-1", AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"}, Image: liveImage,
		Stack: "live-a1b2c3"}
}

func TestStackConfigIsTheSmallPrivateStack(t *testing.T) {
	data, err := StackConfig(liveSettings())
	require.NoError(t, err)
	var parsed struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(data, &parsed))
	config := parsed.Config
	assert.Equal(t, "eu-west-1", config["aws:region"])
	assert.Equal(t, map[string]any{"cidr": "10.99.0.0/16", "availabilityZones": []any{"eu-west-1a", "eu-west-1b"},
		"egress": "none"}, config["private-fargate:network"])
	assert.Equal(t, map[string]any{"enabled": true}, config["private-fargate:endpoints"])
	assert.Equal(t, map[string]any{StackTagKey: "live-a1b2c3"}, config["private-fargate:tags"])
	services := config["private-fargate:services"].(map[string]any)
	require.Len(t, services, 1)
	web := services[ServiceName].(map[string]any)
	assert.Equal(t, 2, web["desiredCount"])
	assert.Equal(t, map[string]any{"paths": []any{PlatformPath}}, web["routing"], "the platform's own service leaves the app's paths alone")
	assert.Equal(t, map[string]any{"live-a1b2c3app": map[string]any{
		"pathPrefixes": []any{AppPathPrefix}, "priorities": map[string]any{"first": 20000, "last": 20999},
		"targetPorts": []any{AppPort}, "subnetAddresses": 4,
	}}, config["private-fargate:apps"], "the platform grants its app stack a path, a range and the port")
	app := web["containers"].(map[string]any)[ContainerName].(map[string]any)
	assert.Equal(t, liveImage, app["image"])
	assert.Equal(t, []any{AppPort}, app["ports"])
	assert.Equal(t, []any{"serve"}, app["command"])
	jobs := config["private-fargate:jobs"].(map[string]any)
	require.Len(t, jobs, 2)
	for _, name := range []string{OnDemandJobName, ScheduledJobName} {
		job := jobs[name].(map[string]any)
		assert.Equal(t, map[string]any{ContainerName: map[string]any{"image": liveImage, "command": []any{"offline", OfflineTarget}}},
			job["containers"], name)
		assert.Equal(t, 256, job["cpu"], name)
	}
	assert.NotContains(t, jobs[OnDemandJobName], "schedule")
	assert.Equal(t, map[string]any{"expression": "cron(0 3 * * ? *)", "timezone": "Europe/Berlin"}, jobs[ScheduledJobName].(map[string]any)["schedule"])
	// Plain HTTP like dev, so Pulumi.dev.policy.json applies; a throwaway stack, so destroy needs no teardown steps.
	assert.Equal(t, map[string]any{"deletionProtection": false, "accessLogs": map[string]any{"enabled": false}},
		config["private-fargate:loadBalancer"])
}

func TestStackConfigTakesTheCidrOverride(t *testing.T) {
	settings := liveSettings()
	settings.Cidr = "10.42.0.0/16"
	data, err := StackConfig(settings)
	require.NoError(t, err)
	assert.Contains(t, string(data), "cidr: 10.42.0.0/16")
}

func TestStackConfigRefusesWhatWouldNotBeALiveStack(t *testing.T) {
	settings := StackSettings{Region: "", AvailabilityZones: []string{"eu-west-1a"},
		Image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/live-a1b2c3:latest", Stack: "prod"}
	_, err := StackConfig(settings)
	requireProblems(t, err, "region is empty", "want 2 availability zones, got 1", `image "123456789012.dkr.ecr.eu-west-1.amazonaws.com/live-a1b2c3:latest" is not pinned by digest`,
		`stack name "prod" is not a live test stack`)
}

func TestStackNames(t *testing.T) {
	seen := map[string]bool{}
	for range 20 {
		name := NewStackName()
		require.NoError(t, CheckStackName(name))
		assert.Len(t, name, len("live-")+6)
		seen[name] = true
	}
	assert.Greater(t, len(seen), 1, "names are random")
	for _, bad := range []string{"dev", "prod", "live-", "live-ABC", "live-a b", "xlive-abc", "live-abc/../dev"} {
		assert.Error(t, CheckStackName(bad), bad)
	}
}

func TestWriteProjectPointsMainAtTheRepository(t *testing.T) {
	repo := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(repo, "Pulumi.yaml"), []byte("name: private-fargate\nruntime: go\nconfig:\n  tags:\n    type: object\n    default: {}\n"), 0o644))
	dir := filepath.Join(t.TempDir(), "projects", "live-a1b2c3")
	require.NoError(t, WriteProject(repo, dir, "live-a1b2c3", []byte("config:\n  aws:region: eu-west-1\n")))

	data, err := os.ReadFile(filepath.Join(dir, "Pulumi.yaml"))
	require.NoError(t, err)
	var project map[string]any
	require.NoError(t, yaml.Unmarshal(data, &project))
	assert.Equal(t, repo, project["main"])
	assert.Equal(t, "private-fargate", project["name"])
	assert.Equal(t, map[string]any{"tags": map[string]any{"type": "object", "default": map[string]any{}}}, project["config"],
		"the project's config declarations are kept")
	stackConfig, err := os.ReadFile(filepath.Join(dir, "Pulumi.live-a1b2c3.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "config:\n  aws:region: eu-west-1\n", string(stackConfig))
	_, err = os.Stat(filepath.Join(repo, "Pulumi.live-a1b2c3.yaml"))
	assert.True(t, os.IsNotExist(err), "the repository gets no stack file")
}

func TestWriteProjectWorksOnTheRepositorysPulumiYaml(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, WriteProject(filepath.Join("..", ".."), dir, "live-a1b2c3", []byte("config: {}\n")))
	data, err := os.ReadFile(filepath.Join(dir, "Pulumi.yaml"))
	require.NoError(t, err)
	var project map[string]any
	require.NoError(t, yaml.Unmarshal(data, &project))
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	assert.Equal(t, root, project["main"])
	assert.Equal(t, "private-fargate", project["name"])
	assert.Equal(t, "go", project["runtime"])
}

func TestWriteProjectRefusesAProjectThatSetsMain(t *testing.T) {
	repo := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(repo, "Pulumi.yaml"), []byte("name: p\nruntime: go\nmain: cmd/\n"), 0o644))
	assert.Error(t, WriteProject(repo, t.TempDir(), "live-a1b2c3", nil))
}

const recordedOutputs = `{
  "albDnsName": "internal-loadbalancing-alb-1a2b3c4-1234567890.eu-west-1.elb.amazonaws.com",
  "albProtocol": "HTTP",
  "clusterName": "services-cluster-9a8b7c6",
  "egressMode": "none",
  "interfaceEndpoints": ["ecr.api", "ecr.dkr", "logs"],
  "privateSubnetIds": ["subnet-0aaa000000000001", "subnet-0bbb000000000002"],
  "services": {"web": {"serviceName": "web-1f2e3d4", "taskDefinitionArn": "arn:aws:ecs:eu-west-1:123456789012:task-definition/private-fargate-live-a1b2c3-web:1",
    "securityGroupId": "sg-0123456789abcdef0", "logGroupName": "/ecs/private-fargate/live-a1b2c3/web"}},
  "jobs": {
    "once": {"runTask": ` + onceRunTask + `, "logGroupName": "/ecs/private-fargate/live-a1b2c3/jobs/once",
      "taskDefinitionFamily": "private-fargate-live-a1b2c3-job-once"},
    "nightly": {"runTask": {"cluster": "services-cluster-9a8b7c6", "taskDefinition": "private-fargate-live-a1b2c3-job-nightly"},
      "scheduleName": "nightly", "scheduleGroupName": "jobs-schedules-1a2b3c4",
      "logGroupName": "/ecs/private-fargate/live-a1b2c3/jobs/nightly", "taskDefinitionFamily": "private-fargate-live-a1b2c3-job-nightly"}
  },
  "alarms": {
    "topicArn": "arn:aws:sns:eu-west-1:123456789012:private-fargate-live-a1b2c3-alarms",
    "alarmNames": {
      "alb/elb-5xx": "private-fargate-live-a1b2c3-alb-elb-5xx",
      "jobs/dead-letters": "private-fargate-live-a1b2c3-jobs-dead-letters",
      "web/cpu-high": "private-fargate-live-a1b2c3-web-cpu-high",
      "web/memory-high": "private-fargate-live-a1b2c3-web-memory-high",
      "web/response-time-p99": "private-fargate-live-a1b2c3-web-response-time-p99",
      "web/target-5xx-rate": "private-fargate-live-a1b2c3-web-target-5xx-rate",
      "web/tasks-below-desired": "private-fargate-live-a1b2c3-web-tasks-below-desired",
      "web/unhealthy-hosts": "private-fargate-live-a1b2c3-web-unhealthy-hosts"
    },
    "jobFailedRules": {"nightly": "alarms-job-nightly-failed-5d6e7f8", "once": "alarms-job-once-failed-1a2b3c4"},
    "dashboardName": "private-fargate-live-a1b2c3"
  },
  "vpcId": "vpc-0a1b2c3d4e5f60001"
}`

func TestParseOutputs(t *testing.T) {
	outputs, err := ParseOutputs([]byte(recordedOutputs))
	require.NoError(t, err)
	assert.Equal(t, vpcID, outputs.VpcID)
	assert.Equal(t, subnetIDs, outputs.PrivateSubnetIDs)
	assert.Equal(t, []string{"ecr.api", "ecr.dkr", "logs"}, outputs.InterfaceEndpoints)
	assert.Equal(t, albDNSName, outputs.AlbDNSName)
	assert.Equal(t, "sg-0123456789abcdef0", outputs.Services[ServiceName].SecurityGroupID)

	assert.JSONEq(t, onceRunTask, string(outputs.Jobs[OnDemandJobName].RunTask))
	assert.Empty(t, outputs.Jobs[OnDemandJobName].ScheduleName)
	assert.Equal(t, "jobs-schedules-1a2b3c4", outputs.Jobs[ScheduledJobName].ScheduleGroupName)
	assert.Equal(t, "private-fargate-live-a1b2c3-web-tasks-below-desired", outputs.Alarms.AlarmNames["web/tasks-below-desired"])
	assert.Equal(t, "alarms-job-once-failed-1a2b3c4", outputs.Alarms.JobFailedRules[OnDemandJobName])
	assert.Equal(t, "private-fargate-live-a1b2c3", outputs.Alarms.DashboardName)

	_, err = ParseOutputs([]byte(`{"egressMode": "none", "services": {}}`))
	requireProblems(t, err, "stack output vpcId is missing", "stack output albDnsName is missing",
		"stack output clusterName is missing", "stack output privateSubnetIds is missing", "services.web is missing",
		"jobs.once is missing or incomplete", "jobs.nightly is missing or incomplete", "jobs.nightly has no scheduleName",
		"alarms has no topicArn or no dashboardName", "alarmNames has no alb/elb-5xx", "alarmNames has no jobs/dead-letters",
		"alarmNames has no web/target-5xx-rate", "alarmNames has no web/unhealthy-hosts", "alarmNames has no web/response-time-p99",
		"alarmNames has no web/cpu-high", "alarmNames has no web/memory-high", "alarmNames has no web/tasks-below-desired",
		"jobFailedRules has no once", "jobFailedRules has no nightly")

	withoutCPUAlarm := strings.Replace(recordedOutputs, `"web/cpu-high": "private-fargate-live-a1b2c3-web-cpu-high",`, "", 1)
	require.NotEqual(t, recordedOutputs, withoutCPUAlarm)
	_, err = ParseOutputs([]byte(withoutCPUAlarm))
	requireProblems(t, err, "stack output alarms.alarmNames has no web/cpu-high")

	swapped := strings.NewReplacer(`"once"`, `"nightly"`, `"nightly"`, `"once"`).Replace(recordedOutputs)
	_, err = ParseOutputs([]byte(swapped))
	requireProblems(t, err, "jobs.nightly has no scheduleName or scheduleGroupName", "jobs.once has a schedule, but the job has none")
}

// fakePulumi writes an executable that stands for the pulumi CLI.
func fakePulumi(t *testing.T, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pulumi")
	require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"+script), 0o755))
	return path
}

func TestPulumiRunPassesArgsDirAndEnv(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	p := Pulumi{Binary: fakePulumi(t, `echo "args=$* dir=$(pwd) backend=$PULUMI_BACKEND_URL"`), Dir: dir,
		Env: []string{"PULUMI_BACKEND_URL=file:///state"}, Out: &log}
	out, err := p.Run(context.Background(), "stack", "output", "--json")
	require.NoError(t, err)
	assert.Equal(t, "args=stack output --json dir="+dir+" backend=file:///state\n", string(out))
	assert.Contains(t, log.String(), "live: pulumi stack output --json")
}

func TestPulumiRunReportsFailure(t *testing.T) {
	p := Pulumi{Binary: fakePulumi(t, "echo 'error: no changes were expected but changes were proposed' >&2; exit 255"), Dir: t.TempDir()}
	_, err := p.Run(context.Background(), "preview", "--expect-no-changes")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "pulumi preview --expect-no-changes: exit status 255")
}

func TestPulumiRunInterruptsOnceOnCancel(t *testing.T) {
	// The fake CLI stops cleanly on its first SIGINT, the way pulumi ends an update and releases the lock.
	marker := filepath.Join(t.TempDir(), "interrupted")
	script := `trap 'echo once > ` + marker + `; exit 3' INT
echo started
while true; do sleep 0.05; done
`
	var log syncBuffer
	p := Pulumi{Binary: fakePulumi(t, script), Dir: t.TempDir(), Out: &log, GracePeriod: 10 * time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := p.Run(ctx, "up", "--yes")
		done <- err
	}()
	require.Eventually(t, func() bool { return strings.Contains(log.String(), "started") }, 10*time.Second, 10*time.Millisecond)
	cancel()
	select {
	case err := <-done:
		require.Error(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("pulumi did not stop after its SIGINT")
	}
	data, err := os.ReadFile(marker)
	require.NoError(t, err, "the CLI got SIGINT, not SIGKILL")
	assert.Equal(t, "once\n", string(data))
}

// syncBuffer is a bytes.Buffer safe for the command's writer goroutine and the test reading it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// scriptedPulumi is a fake CLI that answers its n-th call with the n-th line of answers ("ok", "fail" or "locked")
// and logs every call's arguments.
func scriptedPulumi(t *testing.T, answers ...string) (binary, calls string) {
	t.Helper()
	dir := t.TempDir()
	calls = filepath.Join(dir, "calls")
	answersFile := filepath.Join(dir, "answers")
	require.NoError(t, os.WriteFile(answersFile, []byte(strings.Join(answers, "\n")+"\n"), 0o644))
	script := `echo "$*" >> ` + calls + `
n=$(wc -l < ` + calls + `)
answer=$(sed -n "${n}p" ` + answersFile + `)
case "$answer" in
ok) exit 0 ;;
locked) echo "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with ` + "`pulumi cancel`" + `." >&2; exit 255 ;;
*) echo "error: deleting security group sg-0123: DependencyViolation" >&2; exit 255 ;;
esac
`
	return fakePulumi(t, script), calls
}

func callLines(t *testing.T, calls string) []string {
	t.Helper()
	data, err := os.ReadFile(calls)
	require.NoError(t, err)
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

func TestDestroyStackRetriesUntilDestroySucceeds(t *testing.T) {
	binary, calls := scriptedPulumi(t, "fail", "fail", "ok")
	var waits []time.Duration
	c := Commands{Stack: "live-a1b2c3"}
	err := DestroyStack(context.Background(), Pulumi{Binary: binary, Dir: t.TempDir()}, c, true,
		func(_ context.Context, d time.Duration) { waits = append(waits, d) })
	require.NoError(t, err)
	destroy := strings.Join(c.Destroy(), " ")
	assert.Equal(t, []string{destroy, destroy, destroy}, callLines(t, calls))
	assert.Equal(t, []time.Duration{30 * time.Second, 30 * time.Second}, waits)
	assert.Contains(t, destroy, "--continue-on-error")
	assert.Contains(t, destroy, "--remove")
}

func TestDestroyStackCancelsALockOnlyWhenTheRunIsItsOwn(t *testing.T) {
	c := Commands{Stack: "live-a1b2c3"}
	destroy, cancel := strings.Join(c.Destroy(), " "), strings.Join(c.Cancel(), " ")

	binary, calls := scriptedPulumi(t, "locked", "ok", "ok")
	require.NoError(t, DestroyStack(context.Background(), Pulumi{Binary: binary, Dir: t.TempDir()}, c, true,
		func(context.Context, time.Duration) { t.Fatal("no wait: the lock is cancelled") }))
	assert.Equal(t, []string{destroy, cancel, destroy}, callLines(t, calls))

	// A cleanup run cannot know whether the test's pulumi still runs somewhere: it waits for the lock instead.
	binary, calls = scriptedPulumi(t, "locked", "ok")
	var waits []time.Duration
	require.NoError(t, DestroyStack(context.Background(), Pulumi{Binary: binary, Dir: t.TempDir()}, c, false,
		func(_ context.Context, d time.Duration) { waits = append(waits, d) }))
	assert.Equal(t, []string{destroy, destroy}, callLines(t, calls))
	assert.Equal(t, []time.Duration{2 * time.Minute}, waits)
}

func TestDestroyStackGivesUpWithTheLastError(t *testing.T) {
	binary, calls := scriptedPulumi(t, "fail", "fail", "fail", "fail", "fail", "ok")
	err := DestroyStack(context.Background(), Pulumi{Binary: binary, Dir: t.TempDir()}, Commands{Stack: "live-a1b2c3"}, true,
		func(context.Context, time.Duration) {})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "destroy of live-a1b2c3 failed 5 times")
	assert.Contains(t, err.Error(), "DependencyViolation", "the error carries the end of pulumi's output")
	assert.Len(t, callLines(t, calls), DestroyAttempts)
}

func TestAppStackConfigJoinsTheLivePlatform(t *testing.T) {
	data, err := AppStackConfig(liveSettings())
	require.NoError(t, err)
	var parsed struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(data, &parsed))
	config := parsed.Config
	assert.Equal(t, "organization/private-fargate/live-a1b2c3", config["private-fargate:platform"],
		"a DIY backend's fully qualified name of the platform stack")
	assert.Equal(t, "eu-west-1", config["aws:region"])
	assert.Equal(t, map[string]any{StackTagKey: "live-a1b2c3"}, config["private-fargate:tags"], "the leak check finds it")
	for _, platformOnly := range []string{"network", "endpoints", "loadBalancer", "ingress", "cluster", "apps", "jobs"} {
		assert.NotContains(t, config, "private-fargate:"+platformOnly)
	}
	services := config["private-fargate:services"].(map[string]any)
	require.Len(t, services, 1)
	api := services[AppServiceName].(map[string]any)
	assert.Equal(t, map[string]any{"paths": []any{"/app/*"}}, api["routing"])
	assert.Equal(t, map[string]any{"path": "/app/health"}, api["targetHealthCheck"])
	app := api["containers"].(map[string]any)[ContainerName].(map[string]any)
	assert.Equal(t, liveImage, app["image"])
	assert.Equal(t, []any{AppPort}, app["ports"])

	long := liveSettings()
	long.Stack = "live-" + strings.Repeat("a", 16)
	_, err = AppStackConfig(long)
	assert.ErrorContains(t, err, "app stack of live-aaaaaaaaaaaaaaaa", "its app stack's name would not be a live stack name")
}

// TestDestroyInOrder: the app stack goes before its platform, and a failed app destroy neither stops the platform's
// attempt nor hides its error.
func TestDestroyInOrder(t *testing.T) {
	platform, app := Commands{Stack: "live-a1b2c3"}, Commands{Stack: "live-a1b2c3app"}
	var order []string
	err := DestroyInOrder([]Commands{app}, platform, func(c Commands) error {
		order = append(order, c.Stack)
		if c.Stack == app.Stack {
			return errors.New("app destroy failed")
		}
		return nil
	})
	assert.Equal(t, []string{"live-a1b2c3app", "live-a1b2c3"}, order)
	assert.ErrorContains(t, err, "app destroy failed")

	order = nil
	require.NoError(t, DestroyInOrder([]Commands{app}, platform, func(c Commands) error {
		order = append(order, c.Stack)
		return nil
	}))
	assert.Equal(t, []string{"live-a1b2c3app", "live-a1b2c3"}, order)
}
