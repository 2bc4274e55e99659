package rules

import "github.com/private-fargate/private-fargate/internal/awstypes"

// ecsServiceRuleCases are the fixtures of the rules in ecs_services.go; resourceRuleCases includes them.
func ecsServiceRuleCases() []ruleCase {
	return []ruleCase{
		// ecs-service-no-public-ip
		{name: "service with assignPublicIp false", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"assignPublicIp": false, "subnets": []string{"s"}}}},
		{name: "service without assignPublicIp", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"subnets": []string{"s"}}}},
		{name: "service with assignPublicIp true", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"assignPublicIp": true}}, want: 1, wantText: "networkConfiguration.assignPublicIp"},
		{name: "service with secret assignPublicIp true", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"assignPublicIp": secret(true)}}, want: 1},
		{name: "service with unknown networkConfiguration", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": unknownValue}},
		{name: "service with unknown assignPublicIp", rule: "ecs-service-no-public-ip", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"assignPublicIp": unknownValue}}},

		// ecs-service-network-configuration
		{name: "service with networkConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.EcsService, props: obj{"networkConfiguration": obj{"subnets": []string{"subnet-1"}}}},
		{name: "service without networkConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.EcsService, props: obj{"cluster": "c"}, want: 1, wantText: "set networkConfiguration"},
		{name: "service with unknown networkConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.EcsService, props: obj{"networkConfiguration": unknownValue}},

		// ecs-cluster-container-insights
		{name: "cluster with Container Insights", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{"settings": arr{obj{"name": "containerInsights", "value": "enabled"}}}},
		{name: "cluster with enhanced Container Insights", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{"settings": arr{obj{"name": "containerInsights", "value": "enhanced"}}}},
		{name: "cluster without settings", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{}, want: 1, wantText: "containerInsights"},
		{name: "cluster with Container Insights disabled", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{"settings": arr{obj{"name": "containerInsights", "value": "disabled"}}}, want: 1},
		{name: "cluster with unknown setting value", rule: "ecs-cluster-container-insights", typ: awstypes.EcsCluster, props: obj{"settings": arr{obj{"name": "containerInsights", "value": unknownValue}}}},

		// aws-native, default resources, task sets and legacy tokens: no way around the guarantees.
		{name: "task set with assignPublicIp true", rule: "ecs-service-no-public-ip", typ: awstypes.EcsTaskSet, props: obj{"networkConfiguration": obj{"assignPublicIp": true, "subnets": []string{"s"}}}, want: 1, wantText: "ECS task set"},
		{name: "task set without assignPublicIp", rule: "ecs-service-no-public-ip", typ: awstypes.EcsTaskSet, props: obj{"networkConfiguration": obj{"subnets": []string{"s"}}}},
		{name: "aws-native service with assignPublicIp ENABLED", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": obj{"assignPublicIp": "ENABLED"}}}, want: 1, wantText: "networkConfiguration.awsvpcConfiguration.assignPublicIp"},
		{name: "aws-native service with secret assignPublicIp ENABLED", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": obj{"assignPublicIp": secret("ENABLED")}}}, want: 1},
		{name: "aws-native service with assignPublicIp DISABLED", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": obj{"assignPublicIp": "DISABLED"}}}},
		{name: "aws-native service with unknown awsvpcConfiguration", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": unknownValue}}},
		{name: "aws-native task set with assignPublicIp ENABLED under awsVpcConfiguration", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsTaskSet, props: obj{"networkConfiguration": obj{"awsVpcConfiguration": obj{"assignPublicIp": "ENABLED"}}}, want: 1, wantText: "awsVpcConfiguration"},
		{name: "aws-native task set ignores the service spelling", rule: "ecs-service-no-public-ip", typ: awstypes.NativeEcsTaskSet, props: obj{"networkConfiguration": obj{"awsVpcConfiguration": obj{"assignPublicIp": "DISABLED"}}}},
		{name: "aws-native service without awsvpcConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{}}, want: 1},
		{name: "aws-native service with awsvpcConfiguration", rule: "ecs-service-network-configuration", typ: awstypes.NativeEcsService, props: obj{"networkConfiguration": obj{"awsvpcConfiguration": obj{"subnets": []string{"s"}}}}},

		// ecs-fargate-platform-version (ECS.10)
		{name: "service without platformVersion runs LATEST", rule: "ecs-fargate-platform-version", typ: awstypes.EcsService, props: obj{"launchType": "FARGATE"}},
		{name: "service on platform 1.4.0", rule: "ecs-fargate-platform-version", typ: awstypes.EcsService, props: obj{"platformVersion": "1.4.0"}},
		{name: "service pinned to platform 1.3.0", rule: "ecs-fargate-platform-version", typ: awstypes.EcsService, props: obj{"platformVersion": "1.3.0"}, want: 1, wantText: "1.3.0"},
		{name: "aws-native task set pinned to platform 1.3.0", rule: "ecs-fargate-platform-version", typ: awstypes.NativeEcsTaskSet, props: obj{"platformVersion": "1.3.0"}, want: 1},
		{name: "service with unknown platformVersion", rule: "ecs-fargate-platform-version", typ: awstypes.EcsService, props: obj{"platformVersion": unknownValue}},

		// ecs-capacity-provider-termination-protection (ECS.19)
		{name: "capacity provider with termination protection", rule: "ecs-capacity-provider-termination-protection", typ: awstypes.EcsCapacityProvider, props: obj{"autoScalingGroupProvider": obj{"autoScalingGroupArn": "arn", "managedTerminationProtection": "ENABLED"}}},
		{name: "capacity provider without termination protection", rule: "ecs-capacity-provider-termination-protection", typ: awstypes.EcsCapacityProvider, props: obj{"autoScalingGroupProvider": obj{"autoScalingGroupArn": "arn"}}, want: 1},
		{name: "capacity provider with unknown protection", rule: "ecs-capacity-provider-termination-protection", typ: awstypes.EcsCapacityProvider, props: obj{"autoScalingGroupProvider": obj{"managedTerminationProtection": unknownValue}}},
	}
}
