package components

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// jobWith is a valid on-demand job with fields replaced (a nil value deletes the field).
func jobWith(fields map[string]any) map[string]any {
	return replaced(map[string]any{"containers": map[string]any{"app": appWith(map[string]any{"ports": nil,
		"command": []string{"report", "--nightly"}})}}, fields)
}

// scheduledJob is a valid job on a cron schedule in a non-UTC zone, with schedule fields replaced.
func scheduledJob(schedule map[string]any) map[string]any {
	return jobWith(map[string]any{"schedule": replaced(map[string]any{"expression": "cron(30 2 * * ? *)",
		"timezone": "Europe/Berlin"}, schedule)})
}

// jobsConfig is the minimal stack with the given jobs.
func jobsConfig(jobs map[string]any) stackConfig {
	return minimalStack().with("jobs", jobs)
}

func TestJobConfigErrorsNameTheKey(t *testing.T) {
	cases := []struct {
		name    string
		config  stackConfig
		message string
	}{
		{"invalid job name", jobsConfig(map[string]any{"Nightly_Report": jobWith(nil)}),
			`jobs.Nightly_Report: "Nightly_Report" is not a valid job name`},
		{"task fields are validated as a service's", jobsConfig(map[string]any{"nightly": jobWith(map[string]any{"cpu": 300})}),
			"jobs.nightly.cpu: 300 is not a Fargate task CPU size"},
		{"images follow the egress rules", jobsConfig(map[string]any{"nightly": jobWith(map[string]any{
			"containers": map[string]any{"app": map[string]any{"image": "nginx:1.27"}}})}),
			`jobs.nightly.containers.app.image: "nginx:1.27" cannot be pulled with network.egress "none"`},
		{"no app container", jobsConfig(map[string]any{"nightly": jobWith(map[string]any{
			"containers": map[string]any{"worker": appWith(nil)}})}),
			`jobs.nightly.containers: has no "app" container`},
		{"routing is a service setting", jobsConfig(map[string]any{"nightly": jobWith(map[string]any{
			"routing": map[string]any{"paths": []string{"/"}}})}),
			"jobs.nightly.routing: is a service setting; jobs have none"},
		{"desiredCount is a service setting", jobsConfig(map[string]any{"nightly": jobWith(map[string]any{"desiredCount": 1})}),
			"jobs.nightly.desiredCount: is a service setting; jobs have none"},
		{"autoscaling is a service setting", jobsConfig(map[string]any{"nightly": jobWith(map[string]any{
			"autoscaling": map[string]any{"max": 2}})}),
			"jobs.nightly.autoscaling: is a service setting; jobs have none"},
		{"target health check is a service setting", jobsConfig(map[string]any{"nightly": jobWith(map[string]any{
			"targetHealthCheck": map[string]any{"path": "/"}})}),
			"jobs.nightly.targetHealthCheck: is a service setting; jobs have none"},
		{"missing expression", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{"expression": nil})}),
			"jobs.nightly.schedule.expression: is required"},
		{"cron with five fields", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{"expression": "cron(30 2 * * *)"})}),
			"jobs.nightly.schedule.expression: "},
		{"rate with a bad unit", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{"expression": "rate(5 weeks)"})}),
			"jobs.nightly.schedule.expression: "},
		{"unknown time zone", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{"timezone": "Europe/Atlantis"})}),
			"jobs.nightly.schedule.timezone: "},
		{"flexible window too long", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{"flexibleWindowMinutes": 1441})}),
			"jobs.nightly.schedule.flexibleWindowMinutes: 1441 is outside 1–1440"},
		{"negative flexible window", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{"flexibleWindowMinutes": -1})}),
			"jobs.nightly.schedule.flexibleWindowMinutes: -1 is outside 1–1440"},
		{"too many retries", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{
			"retry": map[string]any{"maximumAttempts": 186}})}),
			"jobs.nightly.schedule.retry.maximumAttempts: 186 is outside 0–185"},
		{"event age too short", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{
			"retry": map[string]any{"maximumEventAgeSeconds": 59}})}),
			"jobs.nightly.schedule.retry.maximumEventAgeSeconds: 59 is outside 60–86400"},
		{"event age too long", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{
			"retry": map[string]any{"maximumEventAgeSeconds": 86401}})}),
			"jobs.nightly.schedule.retry.maximumEventAgeSeconds: 86401 is outside 60–86400"},
		{"unknown schedule field with a near miss", jobsConfig(map[string]any{"nightly": scheduledJob(map[string]any{"timzone": "UTC"})}),
			`jobs.nightly.schedule.timzone: unknown field; did you mean "timezone"?`},
		{"negative run length", jobsConfig(map[string]any{"nightly": jobWith(map[string]any{"expectedRunMinutes": -5})}),
			"jobs.nightly.expectedRunMinutes: -5 must be above 0"},
		{"a service's name", servicesConfig(map[string]any{"report": serviceWith(nil)}).with("jobs", map[string]any{"report": jobWith(nil)}),
			`jobs.report: "report" is also a service's name`},
		{"a service's task definition family", servicesConfig(map[string]any{"job-report": serviceWith(nil)}).
			with("jobs", map[string]any{"report": jobWith(nil)}),
			`jobs.report: the job's task definition family "<project>-<stack>-job-report" is also service "job-report"'s`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireInvalid(t, tc.config, tc.message)
		})
	}
}

func TestJobConfigErrorsAreReportedTogether(t *testing.T) {
	keys := problemKeys(t, jobsConfig(map[string]any{"nightly": jobWith(map[string]any{
		"memory": 300,
		"schedule": map[string]any{"expression": "rate(0 minutes)", "timezone": "Mars/Olympus",
			"flexibleWindowMinutes": 2000},
	})}))
	assert.Equal(t, []string{
		"jobs.nightly.memory",
		"jobs.nightly.schedule.expression",
		"jobs.nightly.schedule.flexibleWindowMinutes",
		"jobs.nightly.schedule.timezone",
	}, keys)
}

func TestUnknownTopLevelKeysAreErrors(t *testing.T) {
	cases := []struct {
		name    string
		key     string
		message string
	}{
		{"a transposition", "servcies", "private-fargate:servcies: unknown key; did you mean private-fargate:services?"},
		{"letter case", "Jobs", "private-fargate:Jobs: unknown key; did you mean private-fargate:jobs?"},
		{"nothing near", "scheduler", "private-fargate:scheduler: unknown key; the keys of the private-fargate namespace are " +
			"alarms, apps, cluster, endpoints, ingress, jobs, loadBalancer, network, platform, services, tags"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireInvalid(t, minimalStack().with(tc.key, map[string]any{"web": serviceWith(nil)}), tc.message)
		})
	}
	// Keys of other namespaces (providers, the policy pack) are not this program's to judge.
	mustRunProgram(t, minimalStack().with("aws:skipCredentialsValidation", "true"))
}

func TestValidJobConfigsPass(t *testing.T) {
	cases := map[string]stackConfig{
		"on demand":                 jobsConfig(map[string]any{"migrate": jobWith(nil)}),
		"cron in a non-UTC zone":    jobsConfig(map[string]any{"nightly": scheduledJob(nil)}),
		"rate with every option":    jobsConfig(map[string]any{"drain": scheduledJob(map[string]any{"expression": "rate(15 minutes)", "flexibleWindowMinutes": 1440, "enabled": false, "retry": map[string]any{"maximumAttempts": 0, "maximumEventAgeSeconds": 60}})}),
		"one-time at":               jobsConfig(map[string]any{"once": scheduledJob(map[string]any{"expression": "at(2027-01-01T00:00:00)"})}),
		"spot strategy and storage": jobsConfig(map[string]any{"batch": jobWith(map[string]any{"ephemeralStorageGiB": 50, "capacityProviderStrategy": []any{map[string]any{"capacityProvider": "FARGATE_SPOT", "weight": 1}}})}),
		"beside a service":          servicesConfig(map[string]any{"web": serviceWith(nil)}).with("jobs", map[string]any{"report": jobWith(nil)}),
	}
	for name, cfg := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := runProgram(t, cfg)
			assert.NoError(t, err)
		})
	}
}
