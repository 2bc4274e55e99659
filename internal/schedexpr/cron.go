package schedexpr

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// fieldSpec is one cron field's value range, names and wildcards, from the EventBridge "Cron expressions reference"
// table (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html), which the Scheduler user
// guide's cron-based syntax repeats.
type fieldSpec struct {
	name     string
	min, max int
	// names are the field's named values (JAN-DEC, SUN-SAT), upper case as in every AWS example.
	names []string
	// wildcards are the field's allowed special characters.
	wildcards string
	example   string
}

var (
	minutesSpec = fieldSpec{name: "minutes", min: 0, max: 59, wildcards: ",-*/", example: "0, 0/15 or 5,35"}
	hoursSpec   = fieldSpec{name: "hours", min: 0, max: 23, wildcards: ",-*/", example: "3, 8-17 or */6"}
	domSpec     = fieldSpec{name: "day-of-month", min: 1, max: 31, wildcards: ",-*?/LW", example: "1, 1-15, L, 15W or ?"}
	monthSpec   = fieldSpec{name: "month", min: 1, max: 12, wildcards: ",-*/", example: "*, 1-6 or JAN,JUL",
		names: []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}}
	dowSpec = fieldSpec{name: "day-of-week", min: 1, max: 7, wildcards: ",-*?L#", example: "MON-FRI, 2#1 or ?",
		names: []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}}
	yearSpec = fieldSpec{name: "year", min: 1970, max: 2199, wildcards: ",-*/", example: "* or 2027"}

	cronSpecs = [...]*fieldSpec{&minutesSpec, &hoursSpec, &domSpec, &monthSpec, &dowSpec, &yearSpec}
)

// cronField is one parsed field.
type cronField struct {
	// any is "?": no constraint from this field (the other day field decides).
	any bool
	// values are the listed values, indexed from the field's minimum.
	min    int
	values []bool
	// lastDayOfMonth is day-of-month "L".
	lastDayOfMonth bool
	// nearestWeekday is day-of-month "nW": the weekday closest to day n within the month (0: unused).
	nearestWeekday int
	// nthWeekday is day-of-week "d#n": the n-th weekday d of the month (nthWeekday.n 0: unused).
	nthWeekday struct{ day, n int }
}

func (f *cronField) has(v int) bool {
	i := v - f.min
	return i >= 0 && i < len(f.values) && f.values[i]
}

// firstFrom is the smallest listed value at or above from.
func (f *cronField) firstFrom(from int) (int, bool) {
	for v := max(from, f.min); v < f.min+len(f.values); v++ {
		if f.has(v) {
			return v, true
		}
	}
	return 0, false
}

// cronSchedule is a parsed cron expression.
type cronSchedule struct {
	minutes, hours, dom, month, dow, year cronField
}

const cronExample = "e.g. cron(0 3 * * ? *) (daily at 03:00) or cron(0/15 8-17 ? * MON-FRI *)"

func parseCron(inner string) (*cronSchedule, error) {
	fields := strings.Fields(inner)
	if strings.Join(fields, " ") != inner || len(fields) != len(cronSpecs) {
		return nil, fmt.Errorf("cron takes 6 fields separated by one space, minutes hours day-of-month month day-of-week year; found %d, %s",
			len(fields), cronExample)
	}
	var (
		c        cronSchedule
		parsed   = [...]*cronField{&c.minutes, &c.hours, &c.dom, &c.month, &c.dow, &c.year}
		problems []string
	)
	for i, spec := range cronSpecs {
		field, err := parseField(fields[i], spec)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s field %q: %v (e.g. %s)", spec.name, fields[i], err, spec.example))
			continue
		}
		*parsed[i] = field
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s; %s", strings.Join(problems, "; "), cronExample)
	}
	// "You can't specify the Day-of-month and Day-of-week fields in the same cron expression. If you specify a value
	// or a * (asterisk) in one of the fields, you must use a ? (question mark) in the other." (cron reference,
	// Restrictions). Hence exactly one of the two is "?".
	switch {
	case c.dom.any && c.dow.any:
		return nil, fmt.Errorf("day-of-month and day-of-week are both ?; one of them must say which days, %s", cronExample)
	case !c.dom.any && !c.dow.any:
		return nil, fmt.Errorf("day-of-month %q and day-of-week %q are both set; write ? in one of them, %s",
			fields[2], fields[4], cronExample)
	}
	return &c, nil
}

// parseField parses one field against its spec.
func parseField(text string, spec *fieldSpec) (cronField, error) {
	f := cronField{min: spec.min, values: make([]bool, spec.max-spec.min+1)}
	for _, r := range text {
		if !strings.ContainsRune("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", r) && !strings.ContainsRune(spec.wildcards, r) {
			return f, fmt.Errorf("%q is not allowed here; this field takes values %d-%d%s and the wildcards %s",
				r, spec.min, spec.max, namesHint(spec), spellWildcards(spec.wildcards))
		}
	}
	// ?, L, nW and d#n stand alone: the cron reference allows only one # expression in day-of-week ("3#1,6#3" is
	// invalid), and gives L and W as whole-field forms only.
	switch {
	case text == "?":
		f.any = true
		return f, nil
	case text == "L" && spec == &domSpec:
		f.lastDayOfMonth = true
		return f, nil
	case text == "L" && spec == &dowSpec:
		// "L" in day-of-week is the last day of the week: Saturday (7).
		f.values[7-spec.min] = true
		return f, nil
	case strings.HasSuffix(text, "W") && spec == &domSpec:
		day, err := parseValue(strings.TrimSuffix(text, "W"), spec)
		if err != nil {
			return f, fmt.Errorf("the W wildcard follows a single day (15W is the weekday nearest the 15th): %v", err)
		}
		f.nearestWeekday = day
		return f, nil
	case strings.Contains(text, "#") && spec == &dowSpec:
		if strings.Contains(text, ",") {
			return f, fmt.Errorf("# takes one weekday and its instance, alone: %s lists more than one expression", text)
		}
		day, nth, _ := strings.Cut(text, "#")
		d, err := parseValue(day, spec)
		if err != nil {
			return f, fmt.Errorf("# takes one weekday and its instance (2#1 is the first Monday): %v", err)
		}
		n, err := strconv.Atoi(nth)
		// A month has at most five of any weekday.
		if err != nil || n < 1 || n > 5 {
			return f, fmt.Errorf("the instance after # is 1-5 (2#1 is the first Monday), not %q", nth)
		}
		f.nthWeekday.day, f.nthWeekday.n = d, n
		return f, nil
	}
	for _, item := range strings.Split(text, ",") {
		if err := parseItem(item, spec, &f); err != nil {
			return f, err
		}
	}
	return f, nil
}

// parseItem adds one list item: *, a value, a range a-b, or any of those with an increment /n.
func parseItem(item string, spec *fieldSpec, f *cronField) error {
	base, stepText, stepped := strings.Cut(item, "/")
	step := 1
	if stepped {
		n, err := strconv.Atoi(stepText)
		// An increment wider than the field's span would only ever match its start.
		if err != nil || n < 1 || n > spec.max-spec.min {
			return fmt.Errorf("the increment after / is a whole number 1-%d, not %q", spec.max-spec.min, stepText)
		}
		step = n
	}
	from, to := spec.min, spec.max
	switch {
	case base == "*":
	case strings.Contains(base, "-"):
		lo, hi, _ := strings.Cut(base, "-")
		a, err := parseValue(lo, spec)
		if err != nil {
			return err
		}
		b, err := parseValue(hi, spec)
		if err != nil {
			return err
		}
		// The reference documents ranges low to high ("1-15"); a wrapping range is not documented, so it is refused.
		if a > b {
			return fmt.Errorf("the range %s runs backwards; write it low to high or as a list", base)
		}
		from, to = a, b
	default:
		a, err := parseValue(base, spec)
		if err != nil {
			return err
		}
		from = a
		if !stepped {
			to = a
		}
	}
	for v := from; v <= to; v += step {
		f.values[v-spec.min] = true
	}
	return nil
}

// parseValue reads one number or name and checks it against the field's range.
func parseValue(text string, spec *fieldSpec) (int, error) {
	for i, name := range spec.names {
		if text == name {
			return spec.min + i, nil
		}
	}
	n, err := strconv.Atoi(text)
	if err != nil || strings.TrimLeft(text, "0123456789") != "" {
		return 0, fmt.Errorf("%q is not a value of this field (%d-%d%s)", text, spec.min, spec.max, namesHint(spec))
	}
	if n < spec.min || n > spec.max {
		return 0, fmt.Errorf("%d is outside %d-%d", n, spec.min, spec.max)
	}
	return n, nil
}

func namesHint(spec *fieldSpec) string {
	if len(spec.names) == 0 {
		return ""
	}
	return " or " + spec.names[0] + "-" + spec.names[len(spec.names)-1]
}

func spellWildcards(w string) string {
	parts := make([]string, 0, len(w))
	for _, r := range w {
		parts = append(parts, string(r))
	}
	return strings.Join(parts, " ")
}

// matchesDay says whether the schedule runs on a calendar day (its hours and minutes aside).
func (c *cronSchedule) matchesDay(year int, month time.Month, day int) bool {
	if !c.year.has(year) || !c.month.has(int(month)) {
		return false
	}
	if !c.dom.any {
		last := daysIn(year, month)
		return c.dom.has(day) ||
			(c.dom.lastDayOfMonth && day == last) ||
			(c.dom.nearestWeekday > 0 && day == nearestWeekday(year, month, c.dom.nearestWeekday))
	}
	weekday := int(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Weekday()) + 1 // SUN is 1
	if c.dow.nthWeekday.n > 0 {
		return weekday == c.dow.nthWeekday.day && (day-1)/7+1 == c.dow.nthWeekday.n
	}
	return c.dow.has(weekday)
}

// countInYear counts the schedule's runs in a calendar year, in loc's wall clock. A wall-clock time that does not
// exist (clocks go forward) is skipped; one that exists twice (clocks go back) is one instant from time.Date, so it
// counts once: both as Scheduler's daylight-saving rules say. Each allowed time is looked up in loc when a day has at
// most two; otherwise only a day whose length is not 24 hours, or whose offset changes, is walked minute by minute,
// and on every other day each allowed time exists once (BenchmarkRunsPerMonth: every minute of a year in ~6 ms).
func (c *cronSchedule) countInYear(year int, loc *time.Location) int {
	perDay := 0
	for h := range 24 {
		for m := range 60 {
			if c.hours.has(h) && c.minutes.has(m) {
				perDay++
			}
		}
	}
	count := 0
	for day := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC); day.Year() == year; day = day.AddDate(0, 0, 1) {
		if !c.matchesDay(year, day.Month(), day.Day()) {
			continue
		}
		if perDay <= 2 { // no dearer than the two look-ups that tell a transition day
			count += c.countInDay(year, day.Month(), day.Day(), loc)
			continue
		}
		start := time.Date(year, day.Month(), day.Day(), 0, 0, 0, 0, loc)
		end := time.Date(year, day.Month(), day.Day()+1, 0, 0, 0, 0, loc)
		_, startOffset := start.Zone()
		_, endOffset := end.Zone()
		if end.Sub(start) == 24*time.Hour && startOffset == endOffset && start.Hour() == 0 {
			count += perDay
			continue
		}
		count += c.countInDay(year, day.Month(), day.Day(), loc)
	}
	return count
}

// countInDay counts the allowed wall-clock times of a day that exist in loc, minute by minute.
func (c *cronSchedule) countInDay(year int, month time.Month, day int, loc *time.Location) int {
	count := 0
	for h := range 24 {
		if !c.hours.has(h) {
			continue
		}
		for m := range 60 {
			if !c.minutes.has(m) {
				continue
			}
			t := time.Date(year, month, day, h, m, 0, 0, loc)
			if t.Day() == day && t.Hour() == h && t.Minute() == m {
				count++
			}
		}
	}
	return count
}

func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// nearestWeekday is the Monday-Friday day closest to day within the month, never crossing into another month
// (the W wildcard: "3W specifies the weekday closest to the third day of the month"). A day past the month's end
// means its last day.
func nearestWeekday(year int, month time.Month, day int) int {
	last := daysIn(year, month)
	day = min(day, last)
	switch time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Weekday() {
	case time.Saturday:
		if day == 1 {
			return 3 // Monday the 3rd: Friday would be last month
		}
		return day - 1
	case time.Sunday:
		if day == last {
			return day - 2 // Friday: Monday would be next month
		}
		return day + 1
	}
	return day
}
