package schedexpr

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAcceptsTheDocumentedForms(t *testing.T) {
	tests := []struct {
		expr string
		kind Kind
		// runs is RunsPerMonth in UTC.
		runs float64
	}{
		{"rate(1 minute)", Rate, 43200},
		{"rate(15 minutes)", Rate, 2880},
		{"rate(1 hour)", Rate, 720},
		{"rate(2 hours)", Rate, 360},
		{"rate(1 day)", Rate, 30},
		{"rate(7 days)", Rate, 30.0 / 7},
		{"at(2027-01-31T23:00:00)", At, 0},
		{"at(2024-02-29T00:00:00)", At, 0},
		// 2026 has 365 days; a daily run is 365 × 30/365.
		{"cron(0 3 * * ? *)", Cron, 30},
		{"cron(15 12 * * ? *)", Cron, 30},
		{"cron(0 8 1 * ? *)", Cron, 12 * 30.0 / 365},
		// 2026 starts on a Thursday: 52 whole weeks and one Thursday, 261 weekdays.
		{"cron(0 18 ? * MON-FRI *)", Cron, 261 * 30.0 / 365},
		{"cron(0 18 ? * 2-6 *)", Cron, 261 * 30.0 / 365},
		{"cron(0/15 * * * ? *)", Cron, 4 * 24 * 30},
		{"cron(*/15 * * * ? *)", Cron, 4 * 24 * 30},
		{"cron(0/10 * ? * MON-FRI *)", Cron, 6 * 24 * 261 * 30.0 / 365},
		{"cron(0/5 8-17 ? * MON-FRI *)", Cron, 12 * 10 * 261 * 30.0 / 365},
		{"cron(5,35 14 * * ? *)", Cron, 2 * 30},
		{"cron(0 0-20/10 * * ? *)", Cron, 3 * 30},
		{"cron(0 0 1 JAN,JUL ? *)", Cron, 2 * 30.0 / 365},
		{"cron(0 0 1 1-3 ? *)", Cron, 3 * 30.0 / 365},
		{"cron(0 0 1 */3 ? *)", Cron, 4 * 30.0 / 365},
		{"cron(0 0 L * ? *)", Cron, 12 * 30.0 / 365},
		{"cron(0 0 15W * ? *)", Cron, 12 * 30.0 / 365},
		{"cron(0 0 ? * 2#1 *)", Cron, 12 * 30.0 / 365},
		{"cron(0 0 ? * MON#5 *)", Cron, 4 * 30.0 / 365}, // 2026 has a fifth Monday in March, June, August, November
		{"cron(0 0 ? * L *)", Cron, 52 * 30.0 / 365},    // Saturdays: January 3 to December 26
		{"cron(0 0 ? * SAT,SUN *)", Cron, 104 * 30.0 / 365},
		// A year field counts the first allowed year from 2026 on: 2028 is a leap year.
		{"cron(0 0 1 1 ? 2028)", Cron, 30.0 / 366},
		{"cron(0 0 1 1 ? 2020-2030)", Cron, 30.0 / 365},
		{"cron(0 0 1 1 ? 2020)", Cron, 0},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			e, err := Parse(tt.expr)
			require.NoError(t, err)
			assert.Equal(t, tt.kind, e.Kind())
			assert.Equal(t, tt.expr, e.String())
			assert.InDelta(t, tt.runs, e.RunsPerMonth(nil), 1e-9)
			assert.InDelta(t, tt.runs, e.RunsPerMonth(time.UTC), 1e-9)
		})
	}
}

func TestParseRefusesWhatSchedulerRejects(t *testing.T) {
	tests := []struct {
		expr string
		// want are fragments the error must contain: what is wrong and the fix.
		want []string
	}{
		{"", []string{"is empty", "cron(0 3 * * ? *)"}},
		{"cron(" + strings.Repeat("0 ", 200) + ")", []string{"at most 256", "rate(15 minutes)"}},
		{" rate(5 minutes)", []string{"spaces around it", `"rate(5 minutes)"`}},
		{"every day", []string{`"every day" is not a schedule expression`, "rate(15 minutes)"}},
		{"Rate(5 minutes)", []string{"not a schedule expression"}},
		{"rate(5 minutes", []string{"not a schedule expression"}},
		{"0 3 * * ? *", []string{"not a schedule expression"}},
		// rate
		{"rate(5)", []string{"value and a unit", "rate(15 minutes)"}},
		{"rate(5  minutes)", []string{"separated by one space"}},
		{"rate(0 minutes)", []string{`"0" is not a positive whole number`}},
		{"rate(-5 minutes)", []string{`"-5" is not a positive whole number`}},
		{"rate(+5 minutes)", []string{`"+5" is not a positive whole number`}},
		{"rate(1.5 hours)", []string{`"1.5" is not a positive whole number`}},
		{"rate(5 seconds)", []string{`unit "seconds"`, "minute(s), hour(s), day(s)"}},
		{"rate(2 weeks)", []string{`unit "weeks"`}},
		{"rate(5 Minutes)", []string{`unit "Minutes"`}},
		{"rate(1 hours)", []string{"write rate(1 hour)"}},
		{"rate(1 minutes)", []string{"write rate(1 minute)"}},
		{"rate(5 minute)", []string{"write rate(5 minutes)"}},
		{"rate(2 day)", []string{"write rate(2 days)"}},
		{"rate(99999999999999999999 days)", []string{"not a positive whole number"}},
		{"rate(99999999999 days)", []string{"too large"}},
		{"rate(9999999 days)", []string{"too large"}},
		// at
		{"at(2027-01-31 23:00:00)", []string{"not yyyy-mm-ddThh:mm:ss", "at(2027-01-31T23:00:00)"}},
		{"at(2027-01-31T23:00)", []string{"not yyyy-mm-ddThh:mm:ss"}},
		{"at(2027-01-31T23:00:00Z)", []string{"not yyyy-mm-ddThh:mm:ss"}},
		{"at(2027-1-31T23:00:00)", []string{"not yyyy-mm-ddThh:mm:ss"}},
		{"at(2027-13-01T00:00:00)", []string{"not a date and time", "month out of range"}},
		{"at(2027-02-29T00:00:00)", []string{"not a date and time", "day out of range"}},
		{"at(2027-01-31T24:00:00)", []string{"not a date and time", "hour out of range"}},
		// cron shape
		{"cron(0 3 * * *)", []string{"6 fields", "found 5", "cron(0 3 * * ? *)"}},
		{"cron(0 0 3 * * ? *)", []string{"found 7"}},
		{"cron(0  3 * * ? *)", []string{"separated by one space"}},
		{"cron(0 3 * * * *)", []string{"both set", "write ? in one of them"}},
		{"cron(0 3 1 * MON *)", []string{"both set"}},
		{"cron(0 3 ? * ? *)", []string{"both ?"}},
		// value ranges
		{"cron(60 3 * * ? *)", []string{`minutes field "60"`, "outside 0-59"}},
		{"cron(0 24 * * ? *)", []string{`hours field "24"`, "outside 0-23"}},
		{"cron(0 3 0 * ? *)", []string{`day-of-month field "0"`, "outside 1-31"}},
		{"cron(0 3 32 * ? *)", []string{"outside 1-31"}},
		{"cron(0 3 1 13 ? *)", []string{`month field "13"`, "outside 1-12"}},
		{"cron(0 3 ? * 0 *)", []string{`day-of-week field "0"`, "outside 1-7"}},
		{"cron(0 3 ? * 8 *)", []string{"outside 1-7"}},
		{"cron(0 3 * * ? 1969)", []string{`year field "1969"`, "outside 1970-2199"}},
		{"cron(0 3 * * ? 2200)", []string{"outside 1970-2199"}},
		// names
		{"cron(0 3 ? * mon-fri *)", []string{`'m' is not allowed here`, "SUN-SAT"}},
		{"cron(0 3 * JANUARY ? *)", []string{`"JANUARY" is not a value`, "JAN-DEC"}},
		{"cron(0 MON * * ? *)", []string{`"MON" is not a value of this field (0-23)`}},
		{"cron(0 3 1 MON ? *)", []string{`"MON" is not a value`}},
		// wildcards each field does not take
		{"cron(0 3 ? * MON/2 *)", []string{`'/' is not allowed here`}},
		{"cron(0 3 1#2 * ? *)", []string{`'#' is not allowed here`}},
		{"cron(? 3 * * ? *)", []string{`'?' is not allowed here`}},
		{"cron(0 L * * ? *)", []string{`"L" is not a value`}},
		{"cron(0 3 * 1W ? *)", []string{`"1W" is not a value`}},
		// lists, ranges, increments
		{"cron(0 3 * 5-1 ? *)", []string{"5-1 runs backwards"}},
		{"cron(0 3 ? * FRI-MON *)", []string{"FRI-MON runs backwards"}},
		{"cron(0/0 3 * * ? *)", []string{"increment after / is a whole number 1-59"}},
		{"cron(0/60 3 * * ? *)", []string{"1-59", `"60"`}},
		{"cron(0 */x * * ? *)", []string{`'x' is not allowed here`}},
		{"cron(0 */X * * ? *)", []string{`increment after / is a whole number 1-23, not "X"`}},
		{"cron(0,,5 3 * * ? *)", []string{`"" is not a value`}},
		{"cron(-5 3 * * ? *)", []string{`"" is not a value`}},
		// L, W and #
		{"cron(0 3 1,L * ? *)", []string{`"L" is not a value`}},
		{"cron(0 3 LW * ? *)", []string{"the W wildcard follows a single day"}},
		{"cron(0 3 32W * ? *)", []string{"the W wildcard follows a single day", "outside 1-31"}},
		{"cron(0 3 1-5W * ? *)", []string{"the W wildcard follows a single day"}},
		{"cron(0 3 ? * 3#1,6#3 *)", []string{"# takes one weekday and its instance, alone"}},
		{"cron(0 3 ? * 3#6 *)", []string{"instance after # is 1-5"}},
		{"cron(0 3 ? * 3#0 *)", []string{"instance after # is 1-5"}},
		{"cron(0 3 ? * 8#1 *)", []string{"# takes one weekday", "outside 1-7"}},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := Parse(tt.expr)
			require.Error(t, err)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestParseReportsEveryBadCronField(t *testing.T) {
	_, err := Parse("cron(60 24 * 13 ? *)")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `minutes field "60"`)
	assert.Contains(t, err.Error(), `hours field "24"`)
	assert.Contains(t, err.Error(), `month field "13"`)
}

func TestRunsPerMonthHonoursDaylightSavingTime(t *testing.T) {
	tests := []struct {
		name, expr, zone string
		runsInYear       int
	}{
		// Clocks go forward at 02:00 on 29 March 2026 in Berlin: 02:30 does not exist that day and is skipped.
		// They go back at 03:00 on 25 October: 02:30 happens twice and runs once.
		{"skipped wall time is not run", "cron(30 2 * * ? *)", "Europe/Berlin", 364},
		{"hourly loses the skipped hour only", "cron(0 * * * ? *)", "Europe/Berlin", 365*24 - 1},
		{"repeated wall time runs once", "cron(30 2 25 OCT ? *)", "Europe/Berlin", 1},
		{"a time outside the gap is untouched", "cron(30 3 * * ? *)", "Europe/Berlin", 365},
		// New York moves forward at 02:00 on 8 March 2026.
		{"new york skips its own day", "cron(30 2 8 MAR ? *)", "America/New_York", 0},
		{"new york keeps berlin's day", "cron(30 2 29 MAR ? *)", "America/New_York", 1},
		// Sydney moves forward at 02:00 on 4 October 2026 (southern spring).
		{"sydney", "cron(30 2 * * ? *)", "Australia/Sydney", 364},
		{"half-hourly in new york loses the skipped hour's two runs", "cron(0/30 * * * ? *)", "America/New_York", 365*48 - 2},
		{"every minute in sydney loses 60", "cron(* * * * ? *)", "Australia/Sydney", 365*1440 - 60},
		{"utc has no gaps", "cron(30 2 * * ? *)", "UTC", 365},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Parse(tt.expr)
			require.NoError(t, err)
			loc, err := LoadTimezone(tt.zone)
			require.NoError(t, err)
			assert.InDelta(t, float64(tt.runsInYear)*30/365, e.RunsPerMonth(loc), 1e-9)
		})
	}
}

func TestRateRunsPerMonthIgnoresTheZone(t *testing.T) {
	e, err := Parse("rate(30 minutes)")
	require.NoError(t, err)
	berlin, err := LoadTimezone("Europe/Berlin")
	require.NoError(t, err)
	assert.InDelta(t, 1440.0, e.RunsPerMonth(berlin), 1e-9)
}

func TestNearestWeekdayStaysInTheMonth(t *testing.T) {
	tests := []struct {
		name      string
		month     time.Month
		day, want int
	}{
		{"weekday is itself", time.January, 1, 1},              // Thursday
		{"saturday moves back to friday", time.August, 15, 14}, // Saturday
		{"sunday moves on to monday", time.August, 16, 17},
		{"saturday the 1st moves on to monday the 3rd", time.August, 1, 3},
		{"sunday the 1st moves on to monday", time.February, 1, 2},
		{"sunday the last moves back to friday", time.May, 31, 29},
		{"a day past the month's end is its last day", time.February, 31, 27}, // 28 February is a Saturday
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, nearestWeekday(2026, tt.month, tt.day))
		})
	}
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "cron", Cron.String())
	assert.Equal(t, "rate", Rate.String())
	assert.Equal(t, "at", At.String())
	assert.Equal(t, "Kind(0)", Kind(0).String())
}
