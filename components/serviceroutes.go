package components

import (
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// targetGroupNamePrefix is the namePrefix of a service's target group: up to five characters of the service name and
// a hyphen. A target group name has at most 32 characters (terraform-provider-aws internal/service/elbv2/validate.go,
// validTargetGroupName), too few for "<component>-<service>-<7 hex>" with service names of useful length; with a
// namePrefix the provider appends a 26-character unique id instead (validTargetGroupNamePrefix: at most
// 32-26 = 6 characters, letters, digits and hyphens, not starting with a hyphen), so every service name fits, and
// a change that replaces the group still creates the new one before deleting the old (no fixed name to collide with;
// pulumi-terraform-bridge skips autonaming when a ConflictsWith field such as namePrefix is set). The Name tag
// carries the readable name.
func targetGroupNamePrefix(service string) string {
	return strings.TrimRight(service[:min(len(service), targetGroupPrefixServiceChars)], "-") + "-"
}

// targetGroupPrefixServiceChars is how much of the service name the prefix holds: the name limit less the unique id
// and the hyphen (32 - 26 - 1 = 5).
var targetGroupPrefixServiceChars = awstypes.AutoNames[awstypes.LbTargetGroup].MaxLength() - awstypes.PrefixedUniqueIDLength - 1

// newServiceRoute creates a routed service's ip target group and its listener rule on listenerArn, a listener of the
// ALB whose ARN suffix ("app/<name>/<id>") is albArnSuffix: the stack's own ALB, or in an app stack the platform's.
func newServiceRoute(ctx *pulumi.Context, name, service string, svc ServiceConfig, priority int, vpcId pulumi.StringInput,
	albArnSuffix, listenerArn pulumi.StringInput, commonTags map[string]string, parent pulumi.ResourceOption) (ServiceTarget, error) {
	routing := svc.Routing
	// "-tg" keeps a service's group apart from the NLB's groups ("<component>-nlb-<port>"): a service named "nlb-80"
	// would otherwise give a second target group of the same name, a duplicate URN.
	groupName := name + "-tg"
	group, err := lb.NewTargetGroup(ctx, groupName, &lb.TargetGroupArgs{
		NamePrefix:          pulumi.String(targetGroupNamePrefix(service)),
		TargetType:          pulumi.String("ip"),
		Protocol:            pulumi.String("HTTP"),
		Port:                pulumi.Int(routing.Port),
		VpcId:               vpcId,
		DeregistrationDelay: pulumi.Int(*svc.DeregistrationDelaySeconds),
		SlowStart:           pulumi.Int(svc.SlowStartSeconds),
		HealthCheck: &lb.TargetGroupHealthCheckArgs{
			Enabled:            pulumi.Bool(true),
			Protocol:           pulumi.String("HTTP"),
			Port:               pulumi.String("traffic-port"),
			Path:               pulumi.String(svc.TargetHealthCheck.Path),
			Matcher:            pulumi.String(svc.TargetHealthCheck.Matcher),
			Interval:           pulumi.Int(svc.TargetHealthCheck.IntervalSeconds),
			Timeout:            pulumi.Int(svc.TargetHealthCheck.TimeoutSeconds),
			HealthyThreshold:   pulumi.Int(svc.TargetHealthCheck.HealthyThreshold),
			UnhealthyThreshold: pulumi.Int(svc.TargetHealthCheck.UnhealthyThreshold),
		},
		// Always explicit: removing the block would leave stickiness as it was instead of turning it off.
		Stickiness: &lb.TargetGroupStickinessArgs{
			Type:           pulumi.String("lb_cookie"),
			Enabled:        pulumi.Bool(svc.Stickiness.Enabled),
			CookieDuration: pulumi.Int(svc.Stickiness.DurationSeconds),
		},
		Tags: nameTags(commonTags, groupName),
	}, parent)
	if err != nil {
		return ServiceTarget{}, err
	}

	var conditions lb.ListenerRuleConditionArray
	if len(routing.Hosts) > 0 {
		conditions = append(conditions, lb.ListenerRuleConditionArgs{
			HostHeader: &lb.ListenerRuleConditionHostHeaderArgs{Values: pulumi.ToStringArray(routing.Hosts)},
		})
	}
	if len(routing.Paths) > 0 {
		conditions = append(conditions, lb.ListenerRuleConditionArgs{
			PathPattern: &lb.ListenerRuleConditionPathPatternArgs{Values: pulumi.ToStringArray(routing.Paths)},
		})
	}
	rule, err := lb.NewListenerRule(ctx, name, &lb.ListenerRuleArgs{
		ListenerArn: listenerArn,
		Priority:    pulumi.Int(priority),
		Conditions:  conditions,
		Actions: lb.ListenerRuleActionArray{lb.ListenerRuleActionArgs{
			Type:           pulumi.String("forward"),
			TargetGroupArn: group.Arn,
		}},
		Tags: nameTags(commonTags, name),
	}, parent)
	if err != nil {
		return ServiceTarget{}, err
	}

	return ServiceTarget{
		TargetGroupArn:            group.Arn,
		ContainerName:             routing.Container,
		ContainerPort:             routing.Port,
		RequestCountResourceLabel: pulumi.Sprintf("%s/%s", albArnSuffix, group.ArnSuffix),
		ListenerRules:             []pulumi.Resource{rule},
	}, nil
}
