package archdiagram

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/mockaws"
	"github.com/private-fargate/private-fargate/internal/programrun"
)

// monitoring draws the alarm topic and what feeds it: per watched resource (a target group, an ECS service, the ALB)
// one node listing its alarms, an edge from the resource ("metrics") and one to the topic ("ALARM, OK"); job rules
// to the topic; the deployment alarms back to their ECS service ("roll back"); the dashboard.
func (b *builder) monitoring() {
	idx := b.idx
	alarms := idx.ofType(awstypes.CloudwatchMetricAlarm)
	rules := idx.ofType(awstypes.CloudwatchEventRule)
	if len(alarms) == 0 && len(rules) == 0 {
		return
	}
	cluster := &Cluster{ID: "monitoring", Label: "alarms (CloudWatch, SNS: regional, outside the VPC)"}
	topicID := "alarm-topic"
	topicLabel := "alarm topic (existing, alarms.topicArn)"
	for _, topic := range idx.ofType(awstypes.SnsTopic) {
		topicID = idx.id(topic)
		topicLabel = "SNS topic " + mockaws.StringProp(topic.Inputs, "name")
		if len(idx.deps(topic, awstypes.KmsKey)) > 0 {
			topicLabel += "\nencrypted with the stack's KMS key"
		} else if key := mockaws.StringProp(topic.Inputs, "kmsMasterKeyId"); key != "" {
			topicLabel += "\nencrypted with " + key
		}
	}
	protocols := map[string]int{}
	for _, sub := range idx.ofType(awstypes.SnsTopicSubscription) {
		protocols[mockaws.StringProp(sub.Inputs, "protocol")]++
	}
	for _, protocol := range []string{"email", "https"} {
		if n := protocols[protocol]; n > 0 {
			topicLabel += fmt.Sprintf("\n→ %d %s subscription(s)", n, protocol)
		}
	}
	cluster.Nodes = append(cluster.Nodes, Node{ID: topicID, Label: topicLabel, Shape: Gateway})

	// One node per watched resource, in the order the alarms were registered (sorted by name by programrun).
	type watched struct {
		id, source string
		lines      []string
		names      []string
	}
	var order []string
	byWatched := map[string]*watched{}
	for _, alarm := range alarms {
		source := alarmSource(idx, alarm)
		key := source
		if key == "" {
			key = "alarm:" + alarm.Name
		}
		w, ok := byWatched[key]
		if !ok {
			w = &watched{id: nodeID("alarms", strings.ReplaceAll(key, ":", "-")), source: source}
			byWatched[key] = w
			order = append(order, key)
		}
		w.lines = append(w.lines, alarmCondition(alarm))
		w.names = append(w.names, mockaws.StringProp(alarm.Inputs, "name"))
	}
	for _, key := range order {
		w := byWatched[key]
		cluster.Nodes = append(cluster.Nodes, Node{ID: w.id, Label: "alarms\n" + strings.Join(w.lines, "\n")})
		if w.source != "" {
			b.edge(w.source, w.id, "metrics")
		}
		b.edge(w.id, topicID, "ALARM, OK")
		for _, service := range idx.ofType(awstypes.EcsService) {
			deployment := mockaws.StringsProp(service.Inputs, "alarms", "alarmNames")
			for _, name := range w.names {
				if name != "" && slices.Contains(deployment, name) {
					b.edge(w.id, idx.id(service), "roll back a deployment")
					break
				}
			}
		}
	}
	for _, rule := range rules {
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(rule), Label: "EventBridge rule\n" + mockaws.StringProp(rule.Inputs, "description")})
		if task, ok := ruleTaskDefinition(idx, rule); ok {
			b.edge(idx.id(task), idx.id(rule), "task stopped: non-zero exit or failed to start")
		}
		b.edge(idx.id(rule), topicID, "failed run")
	}
	for _, dashboard := range idx.ofType(awstypes.CloudwatchDashboard) {
		cluster.Nodes = append(cluster.Nodes, Node{ID: idx.id(dashboard), Label: "dashboard " + mockaws.StringProp(dashboard.Inputs, "dashboardName")})
	}
	b.g.Clusters = append(b.g.Clusters, cluster)
}

// ruleTaskDefinition is the task definition whose task group ("family:<family>") a job's failed-run rule matches.
func ruleTaskDefinition(idx *index, rule programrun.Resource) (programrun.Resource, bool) {
	var pattern struct {
		Detail struct {
			Group []string `json:"group"`
		} `json:"detail"`
	}
	if json.Unmarshal([]byte(mockaws.StringProp(rule.Inputs, "eventPattern")), &pattern) != nil {
		return programrun.Resource{}, false
	}
	for _, task := range idx.ofType(awstypes.EcsTaskDefinition) {
		if slices.Contains(pattern.Detail.Group, "family:"+mockaws.StringProp(task.Inputs, "family")) {
			return task, true
		}
	}
	return programrun.Resource{}, false
}

// alarmSource is the node of the resource an alarm watches: its ECS service, else its target group, else its load
// balancer, else its SQS queue; "" when the diagram does not draw it.
func alarmSource(idx *index, alarm programrun.Resource) string {
	for _, token := range []string{awstypes.EcsService, awstypes.LbTargetGroup, awstypes.LbLoadBalancer, awstypes.SqsQueue} {
		if dep, ok := idx.dep(alarm, token); ok {
			return idx.id(dep)
		}
	}
	return ""
}

// alarmCondition says when an alarm fires: "UnHealthyHostCount Maximum > 0", or the label of a metric-math alarm's
// expression.
func alarmCondition(alarm programrun.Resource) string {
	what := mockaws.StringProp(alarm.Inputs, "metricName")
	if stat := mockaws.StringProp(alarm.Inputs, "extendedStatistic"); stat != "" {
		what += " " + stat
	}
	if queries, ok := mockaws.Prop(alarm.Inputs, "metricQueries"); ok && queries.IsArray() {
		for _, query := range queries.ArrayValue() {
			if query.IsObject() && boolProp(query.ObjectValue(), "returnData") {
				what = mockaws.StringProp(query.ObjectValue(), "label")
			}
		}
	}
	threshold, _ := mockaws.Prop(alarm.Inputs, "threshold")
	value := ""
	if threshold.IsNumber() {
		value = trimFloat(threshold.NumberValue())
	}
	return what + " > " + value
}
