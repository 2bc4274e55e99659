package live

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The account the recorded responses describe (testdata/passing).
const (
	vpcID       = "vpc-0a1b2c3d4e5f60001"
	albDNSName  = "internal-loadbalancing-alb-1a2b3c4-1234567890.eu-west-1.elb.amazonaws.com"
	albArn      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/loadbalancing-alb-1a2b3c4/0123456789abcdef"
	cluster     = "services-cluster-9a8b7c6"
	imageDigest = "sha256:5a4dfd88173f4ba9c6143d0f866d91b278dadad9ee7969e9a0cb68ba23e09e2d"
)

var (
	subnetIDs     = []string{"subnet-0aaa000000000001", "subnet-0bbb000000000002"}
	wantTasks     = ServiceTasks{Cluster: cluster, Service: "web-1f2e3d4", Count: 2, Container: "app", Digest: imageDigest}
	wantEndpoints = Endpoints{VpcID: vpcID, Region: "eu-west-1", Interface: []string{"ecr.api", "ecr.dkr", "logs"}, SubnetIDs: subnetIDs}
)

// requireProblems asserts that err reports exactly the given problems (each a substring of one line of it).
func requireProblems(t *testing.T, err error, problems ...string) {
	t.Helper()
	require.Error(t, err)
	var joined interface{ Unwrap() []error }
	count := 1
	if errors.As(err, &joined) {
		count = len(joined.Unwrap())
	}
	assert.Equal(t, len(problems), count, "number of problems in: %v", err)
	for _, problem := range problems {
		assert.Contains(t, err.Error(), problem)
	}
}

func TestCheckNoPublicIPv4(t *testing.T) {
	ctx := context.Background()
	t.Run("passes when no interface of the VPC has a public address, over every page", func(t *testing.T) {
		replay := newReplay(t, "passing")
		require.NoError(t, CheckNoPublicIPv4(ctx, replay.ec2(), vpcID))
		assert.Equal(t, 2, replay.callsOf("DescribeNetworkInterfaces"), "both pages read")
		request := replay.requests["DescribeNetworkInterfaces"][0]
		assert.Equal(t, "vpc-id", request.Get("Filter.1.Name"))
		assert.Equal(t, vpcID, request.Get("Filter.1.Value.1"))
	})
	t.Run("fails on a primary and on a secondary public address", func(t *testing.T) {
		replay := newReplay(t, "public-ip")
		requireProblems(t, CheckNoPublicIPv4(ctx, replay.ec2(), vpcID),
			"network interface eni-0e1000000000000a1 (vpc_endpoint, \"VPC Endpoint Interface vpce-0ec4a000000000001\") has public IPv4 203.0.113.10",
			"network interface eni-0e1000000000000a3 (interface, \"arn:aws:ecs:eu-west-1:123456789012:attachment/4f5e6d7c-0000-4000-8000-000000000001\") has public IPv4 198.51.100.7")
	})
	t.Run("fails when the VPC has no interfaces at all", func(t *testing.T) {
		replay := newReplay(t, "no-enis")
		requireProblems(t, CheckNoPublicIPv4(ctx, replay.ec2(), vpcID), "VPC "+vpcID+" has no network interfaces")
	})
}

func TestCheckLoadBalancersInternal(t *testing.T) {
	ctx := context.Background()
	t.Run("passes with an internal ALB and ignores other VPCs' load balancers", func(t *testing.T) {
		arn, err := CheckLoadBalancersInternal(ctx, newReplay(t, "passing").elb(), vpcID, albDNSName)
		require.NoError(t, err)
		assert.Equal(t, albArn, arn)
	})
	t.Run("fails on an internet-facing load balancer in the VPC", func(t *testing.T) {
		_, err := CheckLoadBalancersInternal(ctx, newReplay(t, "internet-facing").elb(), vpcID, albDNSName)
		requireProblems(t, err, `load balancer loadbalancing-alb-1a2b3c4 has scheme "internet-facing", want "internal"`)
	})
	t.Run("fails when the stack's ALB is not in the VPC", func(t *testing.T) {
		_, err := CheckLoadBalancersInternal(ctx, newReplay(t, "passing").elb(), vpcID, "internal-gone-1.eu-west-1.elb.amazonaws.com")
		requireProblems(t, err, "no load balancer in VPC "+vpcID+" has the DNS name internal-gone-1.eu-west-1.elb.amazonaws.com")
	})
}

func TestCheckTargetsHealthy(t *testing.T) {
	ctx := context.Background()
	t.Run("passes when every target is healthy", func(t *testing.T) {
		replay := newReplay(t, "passing")
		require.NoError(t, CheckTargetsHealthy(ctx, replay.elb(), albArn))
		assert.Equal(t, albArn, replay.requests["DescribeTargetGroups"][0].Get("LoadBalancerArn"))
	})
	t.Run("fails on an unhealthy target with AWS's reason", func(t *testing.T) {
		requireProblems(t, CheckTargetsHealthy(ctx, newReplay(t, "unhealthy", "passing").elb(), albArn),
			"target group loadbalancing-web-tg-5d6e7f8: target 10.99.16.31:8080 is unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [404])")
	})
	t.Run("fails on a target group without targets", func(t *testing.T) {
		requireProblems(t, CheckTargetsHealthy(ctx, newReplay(t, "no-targets", "passing").elb(), albArn),
			"target group loadbalancing-web-tg-5d6e7f8 has no targets")
	})
	t.Run("fails on a load balancer without target groups", func(t *testing.T) {
		requireProblems(t, CheckTargetsHealthy(ctx, newReplay(t, "no-target-groups", "passing").elb(), albArn),
			"has no target groups")
	})
}

func TestCheckTasksRunning(t *testing.T) {
	ctx := context.Background()
	t.Run("passes when the desired tasks run the pushed digest", func(t *testing.T) {
		replay := newReplay(t, "passing")
		require.NoError(t, CheckTasksRunning(ctx, replay.ecs(), wantTasks))
		assert.Contains(t, replay.bodies["ListTasks"][0], `"desiredStatus":"RUNNING"`)
		assert.Contains(t, replay.bodies["ListTasks"][0], `"serviceName":"web-1f2e3d4"`)
	})
	t.Run("fails on a task running another digest", func(t *testing.T) {
		requireProblems(t, CheckTasksRunning(ctx, newReplay(t, "wrong-digest", "passing").ecs(), wantTasks),
			`container app runs image digest "sha256:d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa", want `+imageDigest)
	})
	t.Run("fails on a task that is not running yet", func(t *testing.T) {
		requireProblems(t, CheckTasksRunning(ctx, newReplay(t, "task-pending", "passing").ecs(), wantTasks),
			"0b1c2d3e4f5a4b6c8d9e0f1a2b3c4d5e is PENDING, want RUNNING",
			"service web-1f2e3d4 has 1 RUNNING tasks, want 2")
	})
	t.Run("fails when fewer tasks than desired run", func(t *testing.T) {
		requireProblems(t, CheckTasksRunning(ctx, newReplay(t, "one-task", "passing").ecs(), wantTasks),
			"service web-1f2e3d4 has 1 RUNNING tasks, want 2")
	})
	t.Run("fails when the container is not in the task", func(t *testing.T) {
		other := wantTasks
		other.Container = "sidecar"
		requireProblems(t, CheckTasksRunning(ctx, newReplay(t, "passing").ecs(), other),
			"0b1c2d3e4f5a4b6c8d9e0f1a2b3c4d5e has no container sidecar", "1c2d3e4f5a6b4c7d9e0f1a2b3c4d5e6f has no container sidecar")
	})
}

func TestCheckEndpoints(t *testing.T) {
	ctx := context.Background()
	t.Run("passes with every endpoint available, private DNS on, in every subnet", func(t *testing.T) {
		replay := newReplay(t, "passing")
		require.NoError(t, CheckEndpoints(ctx, replay.ec2(), wantEndpoints))
		assert.Equal(t, vpcID, replay.requests["DescribeVpcEndpoints"][0].Get("Filter.1.Value.1"))
	})
	t.Run("fails on an endpoint that is still pending", func(t *testing.T) {
		requireProblems(t, CheckEndpoints(ctx, newReplay(t, "endpoint-pending").ec2(), wantEndpoints),
			`endpoint vpce-0ec4a000000000003 (com.amazonaws.eu-west-1.logs) is "pending", want available`)
	})
	t.Run("fails on private DNS off", func(t *testing.T) {
		requireProblems(t, CheckEndpoints(ctx, newReplay(t, "private-dns-off").ec2(), wantEndpoints),
			"endpoint vpce-0ec4a000000000002 (com.amazonaws.eu-west-1.ecr.dkr) has private DNS off")
	})
	t.Run("fails on missing interface and gateway endpoints", func(t *testing.T) {
		requireProblems(t, CheckEndpoints(ctx, newReplay(t, "endpoint-missing").ec2(), wantEndpoints),
			"has 0 Interface endpoints for com.amazonaws.eu-west-1.logs, want 1",
			"has 0 Gateway endpoints for com.amazonaws.eu-west-1.s3, want 1")
	})
	t.Run("fails on an endpoint missing from a private subnet", func(t *testing.T) {
		more := wantEndpoints
		more.SubnetIDs = append(slicesClone(subnetIDs), "subnet-0ccc000000000003")
		err := CheckEndpoints(ctx, newReplay(t, "passing").ec2(), more)
		requireProblems(t, err,
			"endpoint vpce-0ec4a000000000001 (com.amazonaws.eu-west-1.ecr.api) is not in private subnet subnet-0ccc000000000003",
			"endpoint vpce-0ec4a000000000002 (com.amazonaws.eu-west-1.ecr.dkr) is not in private subnet subnet-0ccc000000000003",
			"endpoint vpce-0ec4a000000000003 (com.amazonaws.eu-west-1.logs) is not in private subnet subnet-0ccc000000000003")
	})
	t.Run("fails when no interface endpoint is expected", func(t *testing.T) {
		none := wantEndpoints
		none.Interface = nil
		requireProblems(t, CheckEndpoints(ctx, newReplay(t, "passing").ec2(), none), "the stack output interfaceEndpoints is empty")
	})
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

func TestCheckNoDefaultRoute(t *testing.T) {
	ctx := context.Background()
	t.Run("passes with local and S3 prefix list routes only", func(t *testing.T) {
		require.NoError(t, CheckNoDefaultRoute(ctx, newReplay(t, "passing").ec2(), vpcID, subnetIDs))
	})
	t.Run("fails on a default route in a subnet's own table and in the main table it falls back to", func(t *testing.T) {
		requireProblems(t, CheckNoDefaultRoute(ctx, newReplay(t, "default-route").ec2(), vpcID, subnetIDs),
			"route table rtb-0aaa000000000001 of subnet subnet-0aaa000000000001 routes 0.0.0.0/0 to igw-0123456789abcdef0",
			"route table rtb-0main00000000000 of subnet subnet-0bbb000000000002 routes 0.0.0.0/0 to nat-0123456789abcdef0")
	})
	t.Run("fails without subnets to check", func(t *testing.T) {
		requireProblems(t, CheckNoDefaultRoute(ctx, newReplay(t, "passing").ec2(), vpcID, nil), "privateSubnetIds is empty")
	})
}

func TestCheckNoAdminPortsFromInternet(t *testing.T) {
	ctx := context.Background()
	t.Run("passes on the default ACL as network.defaultNetworkAcl restricted leaves it", func(t *testing.T) {
		replay := newReplay(t, "passing")
		require.NoError(t, CheckNoAdminPortsFromInternet(ctx, replay.ec2(), vpcID, subnetIDs))
		assert.Equal(t, []string{vpcID}, replay.requests["DescribeNetworkAcls"][0]["Filter.1.Value.1"])
	})
	t.Run("fails on AWS's allow-all default ACL, and on a deny of TCP 22 alone, in rule order", func(t *testing.T) {
		requireProblems(t, CheckNoAdminPortsFromInternet(ctx, newReplay(t, "admin-open").ec2(), vpcID, subnetIDs),
			"network ACL acl-0def000000000000 of subnet subnet-0aaa000000000001 admits TCP port 22 from 198.51.100.7 (rule 100)",
			"network ACL acl-0def000000000000 of subnet subnet-0aaa000000000001 admits TCP port 3389 from 198.51.100.7 (rule 100)",
			"network ACL acl-0def000000000000 of subnet subnet-0aaa000000000001 admits UDP port 22 from 198.51.100.7 (rule 100)",
			"network ACL acl-0def000000000000 of subnet subnet-0aaa000000000001 admits UDP port 3389 from 198.51.100.7 (rule 100)",
			"network ACL acl-0bbb000000000000 of subnet subnet-0bbb000000000002 admits TCP port 3389 from 198.51.100.7 (rule 100)",
			"network ACL acl-0bbb000000000000 of subnet subnet-0bbb000000000002 admits UDP port 22 from 198.51.100.7 (rule 100)",
			"network ACL acl-0bbb000000000000 of subnet subnet-0bbb000000000002 admits UDP port 3389 from 198.51.100.7 (rule 100)")
	})
	t.Run("fails for a subnet no ACL lists", func(t *testing.T) {
		requireProblems(t, CheckNoAdminPortsFromInternet(ctx, newReplay(t, "passing").ec2(), vpcID,
			[]string{"subnet-0ccc000000000003"}), "subnet subnet-0ccc000000000003 has no network ACL association in VPC "+vpcID)
	})
}

func probeSpec() Probe {
	return Probe{Cluster: cluster, TaskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/private-fargate-live-a1b2c3-web:1",
		Container: "app", Command: []string{"probe", "http://" + albDNSName + "/health"}, SubnetIDs: subnetIDs,
		SecurityGroups: []string{"sg-0123456789abcdef0"}, Tags: map[string]string{StackTagKey: "live-a1b2c3"}, Poll: time.Millisecond}
}

func TestRunProbe(t *testing.T) {
	ctx := context.Background()
	t.Run("passes when the probe container exits 0", func(t *testing.T) {
		replay := newReplay(t, "probe-passes")
		require.NoError(t, RunProbe(ctx, replay.ecs(), probeSpec()))
		assert.Equal(t, 3, replay.callsOf("DescribeTasks"), "polled until STOPPED")
		request := replay.bodies["RunTask"][0]
		for _, want := range []string{`"assignPublicIp":"DISABLED"`, `"launchType":"FARGATE"`,
			`"command":["probe","http://` + albDNSName + `/health"]`, `"securityGroups":["sg-0123456789abcdef0"]`,
			`"key":"live-test-stack","value":"live-a1b2c3"`} {
			assert.Contains(t, request, want)
		}
	})
	t.Run("fails when the probe container exits 1", func(t *testing.T) {
		requireProblems(t, RunProbe(ctx, newReplay(t, "probe-fails").ecs(), probeSpec()),
			"container app exited with 1 (Essential container in task exited; see its log stream): the ALB did not answer from inside the VPC")
	})
	t.Run("fails when the task never ran its container", func(t *testing.T) {
		requireProblems(t, RunProbe(ctx, newReplay(t, "probe-cannot-pull").ecs(), probeSpec()),
			"stopped before container app ran (TaskFailedToStart: CannotPullContainerError")
	})
	t.Run("fails when ECS refuses to start the task", func(t *testing.T) {
		requireProblems(t, RunProbe(ctx, newReplay(t, "probe-refused").ecs(), probeSpec()),
			"run probe task: MISSING The specified cluster is inactive.")
	})
	t.Run("fails when the task does not stop in time", func(t *testing.T) {
		replay := newReplay(t, "probe-hangs") // RUNNING at every call
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		err := RunProbe(short, replay.ecs(), probeSpec())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "did not stop")
	})
}

func TestFindLeftovers(t *testing.T) {
	ctx := context.Background()
	t.Run("an INACTIVE task definition and a task of the deleted cluster are not leftovers", func(t *testing.T) {
		replay := newReplay(t, "leaks-none")
		leftovers, err := FindLeftovers(ctx, replay.tagging(), replay.ecs(), StackTagKey, "live-a1b2c3")
		require.NoError(t, err)
		assert.Empty(t, leftovers)
		assert.Contains(t, replay.bodies["GetResources"][0], `"TagFilters":[{"Key":"live-test-stack","Values":["live-a1b2c3"]}]`)
	})
	t.Run("a load balancer and an ACTIVE task definition are, over every page", func(t *testing.T) {
		replay := newReplay(t, "leaks-found")
		leftovers, err := FindLeftovers(ctx, replay.tagging(), replay.ecs(), StackTagKey, "live-a1b2c3")
		require.NoError(t, err)
		assert.Equal(t, []string{
			"arn:aws:ecs:eu-west-1:123456789012:task-definition/private-fargate-live-a1b2c3-web:1",
			"arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/loadbalancing-alb-1a2b3c4/0123456789abcdef",
		}, leftovers)
	})
}

func TestFindLeftoverRoles(t *testing.T) {
	ctx := context.Background()
	runStart := time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)
	t.Run("roles of another stack, deleted meanwhile, or older than the run are not leftovers", func(t *testing.T) {
		replay := newReplay(t, "roles-none")
		leftovers, err := FindLeftoverRoles(ctx, replay.iam(), StackTagKey, "live-a1b2c3", runStart)
		require.NoError(t, err)
		assert.Empty(t, leftovers)
		require.Equal(t, 2, replay.callsOf("ListRoleTags"), "only the roles created since the run began")
		assert.Equal(t, "services-web-execution-1111111", replay.requests["ListRoleTags"][0].Get("RoleName"))
		assert.Equal(t, "services-web-task-2222222", replay.requests["ListRoleTags"][1].Get("RoleName"))
	})
	t.Run("roles tagged with the stack are, over every page", func(t *testing.T) {
		replay := newReplay(t, "roles-found")
		leftovers, err := FindLeftoverRoles(ctx, replay.iam(), StackTagKey, "live-a1b2c3", runStart)
		require.NoError(t, err)
		assert.Equal(t, []string{
			"arn:aws:iam::123456789012:role/services-web-execution-741a1f6",
			"arn:aws:iam::123456789012:role/services-web-task-f522e02",
		}, leftovers)
		assert.Equal(t, "page-2", replay.requests["ListRoles"][1].Get("Marker"))
	})
}

func TestEventually(t *testing.T) {
	ctx := context.Background()
	t.Run("returns once the check passes", func(t *testing.T) {
		calls := 0
		require.NoError(t, Eventually(ctx, time.Second, time.Millisecond, func(context.Context) error {
			calls++
			if calls < 3 {
				return errors.New("not yet")
			}
			return nil
		}))
		assert.Equal(t, 3, calls)
	})
	t.Run("returns the last failure at the deadline", func(t *testing.T) {
		err := Eventually(ctx, 20*time.Millisecond, time.Millisecond, func(context.Context) error {
			return errors.New("target 10.99.0.30:8080 is unhealthy")
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "target 10.99.0.30:8080 is unhealthy")
	})
	t.Run("returns a final failure at once, unwrapped", func(t *testing.T) {
		calls := 0
		missing := errors.New("alarm web/cpu-high does not exist")
		err := Eventually(ctx, time.Minute, time.Millisecond, func(context.Context) error {
			calls++
			return Final(missing)
		})
		assert.Same(t, missing, err)
		assert.Equal(t, 1, calls)
	})
}
