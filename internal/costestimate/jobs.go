package costestimate

import (
	"fmt"
	"math"
	"strings"
)

// fargateBilledMinimumSeconds is Fargate's minimum charge per task: "rounded up to the nearest second ... A minimum
// charge of 1 minute applies" (https://aws.amazon.com/fargate/pricing/).
const fargateBilledMinimumSeconds = 60

// billedSeconds is what Fargate bills for one run of a job: its expected length rounded up to the second, at least a
// minute.
func billedSeconds(expectedRunMinutes float64) int {
	return max(fargateBilledMinimumSeconds, int(math.Ceil(expectedRunMinutes*60)))
}

// jobRun prices one run of a job and says how, in the words the service lines use.
func jobRun(job Job, prices *Prices) (usd float64, detail string) {
	seconds := billedSeconds(job.ExpectedRunMinutes)
	task := priceTask(prices, job.TaskSize)
	return task.hourly * float64(seconds) / 3600, fmt.Sprintf("%s × %s/h, %s", duration(seconds), task.size, task.terms)
}

// duration prints billed seconds as minutes when they are whole minutes.
func duration(seconds int) string {
	if seconds%60 == 0 {
		return fmt.Sprintf("%d min", seconds/60)
	}
	return fmt.Sprintf("%d s", seconds)
}

// isOneTime says whether a schedule expression is a one-time at() schedule (schedexpr's grammar: only at
// expressions start with "at(").
func isOneTime(expression string) bool { return strings.HasPrefix(expression, "at(") }

// jobLines are the monthly lines of the recurring scheduled jobs and one line for their Scheduler invocations.
func jobLines(jobs []Job, prices *Prices) []Line {
	var (
		lines       []Line
		invocations float64
	)
	for _, job := range jobs {
		if job.Expression == "" || isOneTime(job.Expression) {
			continue
		}
		perRun, how := jobRun(job, prices)
		runs := trimFloat(math.Round(job.RunsPerMonth*100) / 100)
		lines = append(lines, Line{
			Key:     "job:" + job.Name,
			Item:    "Fargate job " + job.Name,
			Detail:  fmt.Sprintf("%s runs a month (%s) × %s per run = %s × %s", runs, job.Expression, money(roundRate(perRun)), runs, how),
			Monthly: perRun * job.RunsPerMonth,
		})
		invocations += job.RunsPerMonth
	}
	if len(lines) == 0 {
		return nil
	}
	rate := prices.Rates[SchedulerInvocationMillion]
	lines = append(lines, Line{
		Key:  "schedulerInvocations",
		Item: "EventBridge Scheduler invocations",
		// The free tier is the account's, shared with every other schedule in it, so the stack cannot count on it:
		// the line is the price without it, and says what the allowance is.
		Detail: fmt.Sprintf("%s invocations × %s per million (free tier not subtracted: the account's first %s million a month are free, shared by all its schedules)",
			trimFloat(math.Round(invocations*100)/100), money(rate.USD), trimFloat(rate.FreePerMonth)),
		Monthly: invocations / 1e6 * rate.USD,
	})
	return lines
}

// roundRate keeps a per-run price readable: four significant decimals past the cents are enough to check it.
func roundRate(usd float64) float64 { return math.Round(usd*1e6) / 1e6 }

// jobRates are the jobs that have no monthly figure: on-demand jobs cost per run, a one-time job costs its one run
// once.
func jobRates(jobs []Job, prices *Prices) []string {
	var rates []string
	for _, job := range jobs {
		perRun, how := jobRun(job, prices)
		switch {
		case job.Expression == "":
			rates = append(rates, fmt.Sprintf("Fargate job %s, on demand: %s per run (%s)", job.Name, money(roundRate(perRun)), how))
		case isOneTime(job.Expression):
			rates = append(rates, fmt.Sprintf("Fargate job %s, once at %s: %s for its single run, not monthly (%s)", job.Name, job.Expression, money(roundRate(perRun)), how))
		}
	}
	return rates
}

// jobAssumptions say how the job lines were computed; a stack without jobs states none of them.
func jobAssumptions() []string {
	return []string{
		"jobs: a run lasts jobs.<name>.expectedRunMinutes (image pull included), billed per second with a one-minute minimum (AWS Fargate " +
			"pricing page); rate schedules run exactly over a 30-day month, cron schedules are counted over a year in their time zone (skipped " +
			"and repeated daylight-saving times as Scheduler runs them) and scaled to 30 days; one invocation and one task per run (retries " +
			"not counted)",
	}
}
