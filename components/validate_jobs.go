package components

import (
	"fmt"

	"github.com/private-fargate/private-fargate/internal/schedexpr"
)

// Limits of a job's schedule, as terraform-provider-aws internal/service/scheduler/schedule.go validates them (the
// Scheduler API reference, CreateSchedule, gives the same ranges).
const (
	// maxFlexibleWindowMinutes: flexible_time_window.maximum_window_in_minutes IntBetween(1, 1440).
	maxFlexibleWindowMinutes = 1440
	// maxRetryAttempts: retry_policy.maximum_retry_attempts IntBetween(0, 185).
	maxRetryAttempts = 185
	// minEventAgeSeconds, maxEventAgeSeconds: retry_policy.maximum_event_age_in_seconds IntBetween(60, 86400).
	minEventAgeSeconds = 60
	maxEventAgeSeconds = 86400
)

// validateJobs checks every job: its name, its task (as services' are checked), its schedule, and that its
// resources cannot collide with a service's.
func (c *Config) validateJobs(p *problems) {
	for _, name := range sortedKeys(c.Jobs) {
		c.ownFacts().validateJob(p, name, c.Jobs[name], c.Services)
	}
}

// validateJob checks one job against the platform facts it runs on (f: the stack's own, or an app stack's platform
// contract) and against the services of its stack.
func (f platformFacts) validateJob(p *problems, name string, job JobConfig, services map[string]ServiceConfig) {
	key := "jobs." + name
	validateTaskName(p, key, name, "job")
	f.validateTask(p, key, job.TaskConfig)
	if _, taken := services[name]; taken {
		p.add(key, "%q is also a service's name; services and jobs share one namespace (the task's startedBy, exports and "+
			"diagrams name it), so rename the job", name)
	}
	// A service's family is "<project>-<stack>-<service>", so service "job-<name>" would share the job's.
	if _, taken := services[jobFamilyName(name)]; taken {
		p.add(key, "the job's task definition family \"<project>-<stack>-%s\" is also service %q's; rename the job or "+
			"the service", jobFamilyName(name), jobFamilyName(name))
	}
	if job.ExpectedRunMinutes <= 0 {
		p.add(key+".expectedRunMinutes", "%g must be above 0 (the minutes one run is assumed to take, for the cost estimate)",
			job.ExpectedRunMinutes)
	}
	if job.Schedule != nil {
		validateSchedule(p, key+".schedule", *job.Schedule)
	}
}

// validateSchedule checks a job's schedule against the Scheduler grammar and limits.
func validateSchedule(p *problems, key string, s ScheduleConfig) {
	if s.Expression == "" {
		p.add(key+".expression", "is required; for example \"cron(30 2 * * ? *)\" (02:30 every day) or \"rate(1 hour)\"")
	} else if _, err := schedexpr.Parse(s.Expression); err != nil {
		p.add(key+".expression", "%v", err)
	}
	if _, err := schedexpr.LoadTimezone(s.Timezone); err != nil {
		p.add(key+".timezone", "%v", err)
	}
	if w := s.FlexibleWindowMinutes; w < 0 || w > maxFlexibleWindowMinutes {
		p.add(key+".flexibleWindowMinutes", "%d is outside 1–%d (0 turns the flexible window off)", w, maxFlexibleWindowMinutes)
	}
	if a := s.Retry.MaximumAttempts; a != nil && (*a < 0 || *a > maxRetryAttempts) {
		p.add(key+".retry.maximumAttempts", "%d is outside 0–%d", *a, maxRetryAttempts)
	}
	if age := s.Retry.MaximumEventAgeSeconds; age < minEventAgeSeconds || age > maxEventAgeSeconds {
		p.add(key+".retry.maximumEventAgeSeconds", "%d is outside %d–%d", age, minEventAgeSeconds, maxEventAgeSeconds)
	}
}

// jobFamilyName is the name a job's task definition family is built from: "job-<name>", so that the family says
// what it is.
func jobFamilyName(job string) string { return "job-" + job }

// jobFamily is a job's task definition family, "<project>-<stack>-job-<job>".
func jobFamily(project, stack, job string) string {
	return taskFamily(project, stack, jobFamilyName(job))
}

// jobLogGroupName is a job's log group, beside the services' and apart from them.
func jobLogGroupName(project, stack, job string) string {
	return fmt.Sprintf("/ecs/%s/%s/jobs/%s", project, stack, job)
}
