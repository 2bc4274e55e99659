package costestimate_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/costestimate"
	"github.com/private-fargate/private-fargate/internal/mockaws"
	"github.com/private-fargate/private-fargate/internal/programrun"
	"github.com/private-fargate/private-fargate/internal/schedexpr"
)

const repoRoot = "../.."

// stackVariant is a shipped stack with fields of its object keys overridden ("network.egress").
func stackVariant(t *testing.T, stack string, overrides map[string]any) programrun.Config {
	t.Helper()
	cfg, err := programrun.LoadStackConfig(repoRoot, stack)
	require.NoError(t, err)
	for path, value := range overrides {
		key, field, ok := strings.Cut(path, ".")
		require.True(t, ok, path)
		cfg, err = cfg.WithObjectField(key, field, value)
		require.NoError(t, err)
	}
	return cfg
}

// webVariant is dev's web service with four tasks and 50 GiB of ephemeral storage, either on ARM64 or on a
// FARGATE/FARGATE_SPOT strategy (Fargate Spot runs X86_64 only, which validation enforces).
func webVariant(t *testing.T, arm bool) map[string]any {
	t.Helper()
	cfg, err := programrun.LoadStackConfig(repoRoot, "dev")
	require.NoError(t, err)
	var services map[string]map[string]any
	require.NoError(t, json.Unmarshal([]byte(cfg["private-fargate:services"]), &services))
	web := services["web"]
	web["desiredCount"] = 4
	web["ephemeralStorageGiB"] = 50
	if arm {
		web["architecture"] = "ARM64"
		return web
	}
	web["capacityProviderStrategy"] = []map[string]any{
		{"capacityProvider": "FARGATE", "weight": 1, "base": 1},
		{"capacityProvider": "FARGATE_SPOT", "weight": 3},
	}
	return web
}

// jobVariant is dev with its nightly-report job edited.
func jobVariant(t *testing.T, edit func(job map[string]any)) programrun.Config {
	t.Helper()
	cfg := stackVariant(t, "dev", nil)
	var jobs map[string]map[string]any
	require.NoError(t, json.Unmarshal([]byte(cfg["private-fargate:jobs"]), &jobs))
	job, ok := jobs["nightly-report"]
	require.True(t, ok, "dev has a nightly-report job")
	edit(job)
	cfg, err := cfg.WithObjectField("jobs", "nightly-report", job)
	require.NoError(t, err)
	return cfg
}

// TestInventoryMatchesWhatTheProgramRegisters prices nothing the program does not create and misses nothing it
// does: the inventory derived from the config is compared with the resources components.Program registers for
// the same config, in every egress mode and with ARM64, Spot and extra ephemeral storage.
func TestInventoryMatchesWhatTheProgramRegisters(t *testing.T) {
	tests := []struct {
		name  string
		stack string
		cfg   func(t *testing.T) programrun.Config
		// webSpotShare is the share of web's tasks on FARGATE_SPOT, by hand: with base 1 on FARGATE and weights
		// 1:3, four tasks put 2.25 on Spot.
		webSpotShare float64
	}{
		{"dev", "dev", func(t *testing.T) programrun.Config { return stackVariant(t, "dev", nil) }, 0},
		{"prod", "prod", func(t *testing.T) programrun.Config { return stackVariant(t, "prod", nil) }, 0},
		{"dev nat-single", "dev", func(t *testing.T) programrun.Config {
			return stackVariant(t, "dev", map[string]any{"network.egress": "nat-single"})
		}, 0},
		{"prod nat-per-az without endpoints", "prod", func(t *testing.T) programrun.Config {
			return stackVariant(t, "prod", map[string]any{"network.egress": "nat-per-az", "endpoints.enabled": false})
		}, 0},
		{"dev on ARM64 with ephemeral storage", "dev", func(t *testing.T) programrun.Config {
			cfg, err := stackVariant(t, "dev", nil).WithObjectField("services", "web", webVariant(t, true))
			require.NoError(t, err)
			return cfg
		}, 0},
		{"dev on FARGATE and FARGATE_SPOT", "dev", func(t *testing.T) programrun.Config {
			cfg, err := stackVariant(t, "dev", nil).WithObjectField("services", "web", webVariant(t, false))
			require.NoError(t, err)
			return cfg
		}, 0.5625},
		{"dev with the nightly job paused", "dev", func(t *testing.T) programrun.Config {
			return jobVariant(t, func(job map[string]any) { job["schedule"].(map[string]any)["enabled"] = false })
		}, 0},
		{"dev with the nightly job on Spot every 6 hours in New York with 30 GiB of ephemeral storage", "dev", func(t *testing.T) programrun.Config {
			return jobVariant(t, func(job map[string]any) {
				job["schedule"] = map[string]any{"expression": "rate(6 hours)", "timezone": "America/New_York"}
				job["capacityProviderStrategy"] = []map[string]any{{"capacityProvider": "FARGATE_SPOT", "weight": 1}}
				job["ephemeralStorageGiB"] = 30
			})
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := tt.cfg(t)
			cfg, err := programrun.LoadConfig(tt.stack, raw)
			require.NoError(t, err)
			inv := components.CostInventory(tt.stack, cfg)
			assert.InDelta(t, tt.webSpotShare, inv.Services[0].SpotShare, 1e-9)
			result, err := programrun.Run(tt.stack, raw, nil)
			require.NoError(t, err)

			assert.Len(t, result.OfType(awstypes.Ec2NatGateway), inv.NatGateways())
			assert.Len(t, result.OfType(awstypes.Ec2Eip), inv.PublicIPv4Addresses())
			var endpoints []string
			for _, endpoint := range result.OfType(awstypes.Ec2VpcEndpoint) {
				if mockaws.StringProp(endpoint.Inputs, "vpcEndpointType") != "Interface" {
					continue
				}
				endpoints = append(endpoints, strings.TrimPrefix(mockaws.StringProp(endpoint.Inputs, "serviceName"), "com.amazonaws."+cfg.Region+"."))
				assert.Len(t, endpoint.Inputs["subnetIds"].ArrayValue(), inv.AvailabilityZones, "an ENI in every AZ")
			}
			if inv.InterfaceEndpoints() == 0 {
				assert.Empty(t, endpoints)
			} else {
				assert.Equal(t, inv.EndpointServices, endpoints)
			}
			types := map[string]int{}
			for _, lb := range result.OfType(awstypes.LbLoadBalancer) {
				types[mockaws.StringProp(lb.Inputs, "loadBalancerType")]++
			}
			assert.Equal(t, map[bool]int{true: 1, false: 0}[inv.ALB], types["application"])
			assert.Equal(t, map[bool]int{true: 1, false: 0}[inv.NLB], types["network"])

			taskDefinitions := map[string]programrun.Resource{}
			for _, task := range result.OfType(awstypes.EcsTaskDefinition) {
				taskDefinitions[task.Name] = task
			}
			services := result.OfType(awstypes.EcsService)
			require.Len(t, inv.Services, len(services))
			for i, service := range services {
				want := inv.Services[i]
				assert.Equal(t, "services-"+want.Name, service.Name)
				task, ok := taskDefinitions[service.Name]
				require.True(t, ok, "service %s has no task definition of its name", service.Name)
				assertTaskSize(t, task, want.VCPU, want.MemoryGB, want.Architecture, want.EphemeralStorageGiB)

				tasks := int(service.Inputs["desiredCount"].NumberValue())
				for _, target := range result.OfType(awstypes.AppautoscalingTarget) {
					if target.Parent == service.Parent {
						tasks = int(target.Inputs["minCapacity"].NumberValue())
						assert.Equal(t, want.MaxTasks, int(target.Inputs["maxCapacity"].NumberValue()))
					}
				}
				assert.Equal(t, want.Tasks, tasks, "steady-state tasks of %s", want.Name)

				strategy := registeredStrategy(service.Inputs, "capacityProviderStrategies")
				assert.InDelta(t, costestimate.SpotShare(want.Tasks, strategy), want.SpotShare, 1e-9, "Spot share of %s", want.Name)
			}
			assertJobsMatch(t, result, taskDefinitions, inv.Jobs)
		})
	}
}

// registeredStrategy is the capacity provider strategy a resource was registered with, at path in its inputs (a
// service's capacityProviderStrategies, a schedule's target.ecsParameters.capacityProviderStrategies).
func registeredStrategy(inputs resource.PropertyMap, path ...string) []costestimate.StrategyItem {
	var strategy []costestimate.StrategyItem
	items, ok := mockaws.Prop(inputs, path...)
	if !ok {
		return nil
	}
	for _, item := range items.ArrayValue() {
		object := item.ObjectValue()
		weight := int(object["weight"].NumberValue())
		strategy = append(strategy, costestimate.StrategyItem{
			CapacityProvider: mockaws.StringProp(object, "capacityProvider"), Weight: &weight, Base: int(object["base"].NumberValue()),
		})
	}
	return strategy
}

// assertTaskSize checks a registered task definition against the size the inventory prices.
func assertTaskSize(t *testing.T, task programrun.Resource, vcpu, memoryGB float64, architecture string, ephemeralGiB int) {
	t.Helper()
	assert.Equal(t, vcpu, atof(t, mockaws.StringProp(task.Inputs, "cpu"))/1024, task.Name)
	assert.Equal(t, memoryGB, atof(t, mockaws.StringProp(task.Inputs, "memory"))/1024, task.Name)
	assert.Equal(t, architecture, mockaws.StringProp(task.Inputs, "runtimePlatform", "cpuArchitecture"), task.Name)
	ephemeral := 0
	if storage, ok := task.Inputs["ephemeralStorage"]; ok {
		ephemeral = int(storage.ObjectValue()["sizeInGib"].NumberValue())
	}
	assert.Equal(t, ephemeralGiB, ephemeral, task.Name)
}

// assertJobsMatch prices every job the program registers and nothing else: each jobs-<name> task definition has an
// inventory job of its size, and the runs a month of a scheduled one are recounted from what its Schedule resource
// says (expression, time zone, state), so a zone or state the inventory reads differently from the program fails.
func assertJobsMatch(t *testing.T, result *programrun.Result, taskDefinitions map[string]programrun.Resource, jobs []costestimate.Job) {
	t.Helper()
	schedules := map[string]programrun.Resource{}
	for _, schedule := range result.OfType(awstypes.SchedulerSchedule) {
		schedules[schedule.Name] = schedule
	}
	registered := 0
	for _, want := range jobs {
		task, ok := taskDefinitions["jobs-"+want.Name]
		if !assert.True(t, ok, "job %s is priced but has no task definition", want.Name) {
			continue
		}
		registered++
		assertTaskSize(t, task, want.VCPU, want.MemoryGB, want.Architecture, want.EphemeralStorageGiB)
		schedule, scheduled := schedules["jobs-"+want.Name]
		if !scheduled {
			assert.Empty(t, want.Expression, "job %s has no schedule", want.Name)
			assert.Zero(t, want.RunsPerMonth, "job %s has no schedule", want.Name)
			continue
		}
		expression := mockaws.StringProp(schedule.Inputs, "scheduleExpression")
		assert.Equal(t, expression, want.Expression, want.Name)
		parsed, err := schedexpr.Parse(expression)
		require.NoError(t, err, want.Name)
		zone := mockaws.StringProp(schedule.Inputs, "scheduleExpressionTimezone")
		if zone == "" {
			zone = "UTC" // the provider's default (terraform-provider-aws scheduler/schedule.go: Default "UTC")
		}
		loc, err := schedexpr.LoadTimezone(zone)
		require.NoError(t, err, want.Name)
		runs := parsed.RunsPerMonth(loc)
		if mockaws.StringProp(schedule.Inputs, "state") == "DISABLED" {
			runs = 0
		}
		assert.InDelta(t, runs, want.RunsPerMonth, 1e-9, "runs a month of job %s", want.Name)
		strategy := registeredStrategy(schedule.Inputs, "target", "ecsParameters", "capacityProviderStrategies")
		assert.InDelta(t, costestimate.SpotShare(1, strategy), want.SpotShare, 1e-9, "Spot share of job %s", want.Name)
	}
	jobTasks := 0
	for name := range taskDefinitions {
		if strings.HasPrefix(name, "jobs-") {
			jobTasks++
		}
	}
	assert.Equal(t, jobTasks, registered, "every registered job is priced")
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	require.NoError(t, err, s)
	return f
}

// TestStackOutputCarriesTheEstimate checks the monthlyCostEstimate output Program exports, for the shipped dev stack.
func TestStackOutputCarriesTheEstimate(t *testing.T) {
	raw, err := programrun.LoadStackConfig(repoRoot, "dev")
	require.NoError(t, err)
	cfg, err := programrun.LoadConfig("dev", raw)
	require.NoError(t, err)
	output := costestimate.StackOutput(components.CostInventory("dev", cfg))
	// The nightly report runs at 02:30 Berlin time: 364 times in 2026 (02:30 does not exist on 29 March), 29.9178 a
	// 30-day month, each 5 min × (0.25 × 0.04048 + 0.5 × 0.004445) / 60 = $0.00102854: $0.0308. Its 29.92 Scheduler
	// invocations cost $0.00003. The migration runs on demand: no line. The alarms read 10 metrics at $0.10 (web's 4
	// target and 4 service metrics, the ALB's 1, the schedules' dead-letter queue's 1), the dashboard $3, the key $1.
	assert.Equal(t, pulumi.Float64(95.47), output["monthlyFixed"])
	assert.Equal(t, pulumi.String("USD"), output["currency"])
	assert.Equal(t, pulumi.Map{"interfaceEndpoints": pulumi.Float64(48.18), "alb": pulumi.Float64(24.24), "service:web": pulumi.Float64(18.02),
		"job:nightly-report": pulumi.Float64(0.03), "schedulerInvocations": pulumi.Float64(0),
		"alarms": pulumi.Float64(1), "dashboards": pulumi.Float64(3), "kmsKeys": pulumi.Float64(1)}, output["lines"])
	assert.Equal(t, pulumi.Map{
		"nat-single": pulumi.Float64(134.16), "nat-single without interface endpoints": pulumi.Float64(85.98),
		"nat-per-az": pulumi.Float64(172.85), "nat-per-az without interface endpoints": pulumi.Float64(124.67),
	}, output["otherEgressModes"])
}
