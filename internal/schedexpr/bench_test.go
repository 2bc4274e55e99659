package schedexpr

import "testing"

// BenchmarkRunsPerMonth measures the cron count, which walks every minute a schedule allows in its reference year:
// a daily cron is the common case, every minute of every day the worst.
func BenchmarkRunsPerMonth(b *testing.B) {
	berlin, err := LoadTimezone("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	for _, expr := range []string{"cron(30 2 * * ? *)", "cron(0/5 8-17 ? * MON-FRI *)", "cron(* * * * ? *)"} {
		e, err := Parse(expr)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(expr, func(b *testing.B) {
			for b.Loop() {
				e.RunsPerMonth(berlin)
			}
		})
	}
}
