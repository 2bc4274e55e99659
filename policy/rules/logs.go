package rules

import (
	"fmt"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

var logGroupRetentionRule = ResourceRule{
	Name:          "log-group-retention",
	ResourceTypes: []string{awstypes.CloudwatchLogGroup},
	Description:   "Log groups set `retentionInDays` (missing or 0 means kept forever).",
	Rationale:     "Unbounded retention grows cost without bound and keeps data longer than needed.",
	DefaultLevel:  Advisory,
	Check:         checkLogGroupRetention,
}

func checkLogGroupRetention(res Resource, _ Config) []string {
	days := res.Properties.Get("retentionInDays")
	if days.IsComputed() {
		return nil
	}
	if days.IsNumber() && days.AsNumber() > 0 {
		return nil
	}
	if text, _ := stringValue(days, "0"); text != "0" {
		return nil
	}
	return []string{fmt.Sprintf("log group %q keeps logs forever (retentionInDays unset or 0); set retentionInDays, e.g. 30", res.Name)}
}
