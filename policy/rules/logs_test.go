package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// logRuleCases are the fixtures of the rules in logs.go; resourceRuleCases includes them.
func logRuleCases() []ruleCase {
	return []ruleCase{
		// log-group-retention
		{name: "log group with retention", rule: "log-group-retention", typ: awstypes.CloudwatchLogGroup, props: obj{"retentionInDays": 30}},
		{name: "log group without retention", rule: "log-group-retention", typ: awstypes.CloudwatchLogGroup, props: obj{"name": "/ecs/app"}, want: 1, wantText: "retentionInDays"},
		{name: "log group with retention 0", rule: "log-group-retention", typ: awstypes.CloudwatchLogGroup, props: obj{"retentionInDays": 0}, want: 1},
		{name: "log group with unknown retention", rule: "log-group-retention", typ: awstypes.CloudwatchLogGroup, props: obj{"retentionInDays": unknownValue}},
	}
}
