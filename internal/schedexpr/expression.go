// Package schedexpr validates EventBridge Scheduler schedule expressions (cron, rate and at) and the IANA time
// zone they are evaluated in, and counts how often a valid expression runs, for the cost estimate.
//
// The grammar follows the EventBridge Scheduler User Guide, "Schedule types in EventBridge Scheduler"
// (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html), whose cron syntax is the EventBridge
// "Cron expressions reference" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html),
// and the Scheduler API reference's ScheduleExpression (at(yyyy-mm-ddThh:mm:ss) | rate(value unit) | cron(fields)).
// Where the documents leave a form open, the package refuses it rather than certify what AWS may reject; each such
// choice is commented where it is made.
package schedexpr

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Kind is the schedule type an expression declares.
type Kind int

const (
	// Cron is a recurring cron(minutes hours day-of-month month day-of-week year) schedule.
	Cron Kind = iota + 1
	// Rate is a recurring rate(value unit) schedule.
	Rate
	// At is a one-time at(yyyy-mm-ddThh:mm:ss) schedule.
	At
)

// String names the kind as it is written in an expression.
func (k Kind) String() string {
	switch k {
	case Cron:
		return "cron"
	case Rate:
		return "rate"
	case At:
		return "at"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Expression is a parsed, valid schedule expression. The zero value is not valid; get one from Parse.
type Expression struct {
	kind Kind
	text string
	// rateMinutes is a rate expression's interval.
	rateMinutes int
	// cron is a cron expression's fields.
	cron *cronSchedule
	// at is a one-time expression's wall-clock time (its zone is the schedule's time zone, held as UTC here).
	at time.Time
}

// Kind is the expression's schedule type.
func (e Expression) Kind() Kind { return e.kind }

// String is the expression as it was written.
func (e Expression) String() string { return e.text }

// maxExpressionLength is CreateSchedule's ScheduleExpression length limit: terraform-provider-aws
// internal/service/scheduler/schedule.go, schedule_expression ValidateFunc StringLenBetween(1, 256).
const maxExpressionLength = 256

// examples are shown with every error so that the fix is one copy away.
const examples = "e.g. cron(0 3 * * ? *) (daily at 03:00), rate(15 minutes) or at(2027-01-31T23:00:00)"

// Parse validates a schedule expression against the Scheduler grammar. Its errors say what is wrong and show a
// correct example; they do not name a config key (the caller prefixes it).
func Parse(expr string) (Expression, error) {
	switch {
	case expr == "":
		return Expression{}, fmt.Errorf("is empty; write a schedule expression, %s", examples)
	case len(expr) > maxExpressionLength:
		return Expression{}, fmt.Errorf("is %d characters long; Scheduler accepts at most %d, %s", len(expr), maxExpressionLength, examples)
	case strings.TrimSpace(expr) != expr:
		return Expression{}, fmt.Errorf("%q has spaces around it; write %q", expr, strings.TrimSpace(expr))
	}
	kind, inner, ok := split(expr)
	if !ok {
		return Expression{}, fmt.Errorf("%q is not a schedule expression; write cron(...), rate(...) or at(...), %s", expr, examples)
	}
	var (
		e   = Expression{kind: kind, text: expr}
		err error
	)
	switch kind {
	case Rate:
		e.rateMinutes, err = parseRate(inner)
	case At:
		e.at, err = parseAt(inner)
	case Cron:
		e.cron, err = parseCron(inner)
	}
	if err != nil {
		return Expression{}, fmt.Errorf("%q: %w", expr, err)
	}
	return e, nil
}

// split takes "kind(inner)" apart. The kinds are lower case in every AWS example and in the API reference.
func split(expr string) (Kind, string, bool) {
	for _, kind := range []Kind{Cron, Rate, At} {
		prefix := kind.String() + "("
		if strings.HasPrefix(expr, prefix) && strings.HasSuffix(expr, ")") {
			return kind, expr[len(prefix) : len(expr)-1], true
		}
	}
	return 0, "", false
}

// rateUnits maps a rate unit to minutes. The API reference's ScheduleExpression lists
// "minute | minutes | hour | hours | day | days"; the user guide's rate-based syntax takes "a positive number".
var rateUnits = map[string]int{"minute": 1, "minutes": 1, "hour": 60, "hours": 60, "day": 24 * 60, "days": 24 * 60}

// parseRate returns a rate expression's interval in minutes.
func parseRate(inner string) (int, error) {
	const example = "e.g. rate(1 hour) or rate(15 minutes)"
	fields := strings.Fields(inner)
	if len(fields) != 2 || strings.Join(fields, " ") != inner {
		return 0, fmt.Errorf("a rate is a value and a unit separated by one space, %s", example)
	}
	value, unit := fields[0], fields[1]
	n, err := strconv.Atoi(value)
	if err != nil || n < 1 || strings.TrimLeft(value, "0123456789") != "" {
		return 0, fmt.Errorf("the value %q is not a positive whole number, %s", value, example)
	}
	perUnit, ok := rateUnits[unit]
	if !ok {
		return 0, fmt.Errorf("the unit %q is not one of minute(s), hour(s), day(s), %s", unit, example)
	}
	// Singular for 1 and plural otherwise: the EventBridge rate-expression rule ("rate(1 hours) and rate(5 hour)
	// are not valid"). For Scheduler, terraform-provider-aws's acceptance test creates "rate(1 hour)" against AWS
	// (internal/service/scheduler/schedule_test.go, TestAccSchedulerSchedule_basic), and every documented value
	// above 1 is plural; the other two forms are left unproven, so they are refused with the form that works.
	singular := strings.TrimSuffix(unit, "s")
	switch {
	case n == 1 && unit != singular:
		return 0, fmt.Errorf("a value of 1 takes the singular unit: write rate(1 %s)", singular)
	case n > 1 && unit == singular:
		return 0, fmt.Errorf("a value above 1 takes the plural unit: write rate(%d %ss)", n, unit)
	}
	const maxMinutes = int(^uint32(0) >> 1)
	if n > maxMinutes/perUnit {
		return 0, fmt.Errorf("the value %d %s is too large, %s", n, unit, example)
	}
	return n * perUnit, nil
}

// atLayout is the one-time schedule's timestamp, yyyy-mm-ddThh:mm:ss with no zone: the schedule's time zone applies
// (user guide, "One-time schedules"). The pattern pins two digits where time.Parse would take one.
const atLayout = "2006-01-02T15:04:05"

var atPattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$`)

func parseAt(inner string) (time.Time, error) {
	const example = "e.g. at(2027-01-31T23:00:00), evaluated in the schedule's time zone"
	if !atPattern.MatchString(inner) {
		return time.Time{}, fmt.Errorf("%q is not yyyy-mm-ddThh:mm:ss, %s", inner, example)
	}
	t, err := time.Parse(atLayout, inner)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date and time (%v), %s", inner, trimParseError(err), example)
	}
	return t, nil
}

// trimParseError keeps the reason of a time.ParseError ("month out of range"), not its restatement of the input.
func trimParseError(err error) string {
	if pe, ok := err.(*time.ParseError); ok && pe.Message != "" {
		return strings.TrimPrefix(pe.Message, ": ")
	}
	return err.Error()
}

// minutesPerMonth is the estimate's 30-day month.
const minutesPerMonth = 30 * 24 * 60

// ReferenceYear is the calendar year cron expressions are counted over (or the first later year their year field
// allows). A fixed year keeps the estimate reproducible; it changes only with this constant.
const ReferenceYear = 2026

// RunsPerMonth is how many times the expression runs in a 30-day month, evaluated in loc (nil means UTC):
//   - rate: exact, 30 days divided by the interval (rate(15 minutes) is 2880);
//   - cron: every occurrence in ReferenceYear (or the first year from it on that the year field allows) is
//     counted in loc, then scaled to 30 days (count × 30 / days in that year), so that schedules limited to some
//     months (quarterly, yearly) are priced at their average, not at one month's luck. Daylight saving time is
//     honoured as Scheduler does it: a wall-clock time skipped when clocks go forward does not run, and one that
//     repeats when they go back runs once (user guide, "Daylight saving time on EventBridge Scheduler"). A year
//     field that allows no year from ReferenceYear on gives 0: the schedule has ended;
//   - at: 0. A one-time schedule has no monthly recurring runs; its single run is priced once, not per month.
func (e Expression) RunsPerMonth(loc *time.Location) float64 {
	if loc == nil {
		loc = time.UTC
	}
	switch e.kind {
	case Rate:
		return float64(minutesPerMonth) / float64(e.rateMinutes)
	case Cron:
		year, ok := e.cron.year.firstFrom(ReferenceYear)
		if !ok {
			return 0
		}
		days := time.Date(year+1, time.January, 1, 0, 0, 0, 0, time.UTC).Sub(time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)).Hours() / 24
		return float64(e.cron.countInYear(year, loc)) * 30 / days
	}
	return 0
}
