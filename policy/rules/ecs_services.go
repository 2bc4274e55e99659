package rules

import (
	"fmt"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// awsvpcConfiguration returns the map that holds a service's or task set's subnets and assignPublicIp, and that
// map's path for messages, from the service's launcher shape (launchers.go): pulumi-aws puts them straight in
// networkConfiguration; aws-native nests them in networkConfiguration.awsvpcConfiguration or, for task sets,
// awsVpcConfiguration. known=false when a level is unknown.
func awsvpcConfiguration(res Resource) (property.Map, string, bool) {
	path := launcherShapes[res.Type].awsvpc
	config, known := object(valueAt(res.Properties, path))
	return config, path, known
}

// assignsPublicIP reports whether a service or task set gives its tasks public IPs: a boolean in pulumi-aws, the
// enum ENABLED/DISABLED in aws-native (enums ecs ServiceAwsVpcConfigurationAssignPublicIp, default DISABLED).
func assignsPublicIP(res Resource) tri {
	config, _, known := awsvpcConfiguration(res)
	if !known {
		return unknown
	}
	return publicIPIn(config, launcherShapes[res.Type].enum)
}

var ecsServiceNoPublicIPRule = ResourceRule{
	Name:          "ecs-service-no-public-ip",
	Controls:      []string{"ECS.2", "ECS.16"},
	ResourceTypes: ecsServiceTypes,
	Description:   "ECS services and task sets do not assign public IPs (`networkConfiguration.assignPublicIp`, default false; aws-native `networkConfiguration.awsvpcConfiguration` / task set `awsVpcConfiguration` `assignPublicIp: ENABLED`).",
	Rationale:     "A public IP puts the task ENI on the internet and bypasses the private ingress path.",
	DefaultLevel:  Mandatory,
	Check:         checkServicePublicIP,
}

func checkServicePublicIP(res Resource, _ Config) []string {
	if assignsPublicIP(res) != yes {
		return nil
	}
	_, path, _ := awsvpcConfiguration(res)
	kind := "ECS service"
	if res.Type == awstypes.EcsTaskSet || res.Type == awstypes.NativeEcsTaskSet {
		kind = "ECS task set"
	}
	return []string{fmt.Sprintf("%s %q sets %s.assignPublicIp, giving its tasks public IPs; "+
		"turn assignPublicIp off and reach the internet through NAT or VPC endpoints", kind, res.Name, path)}
}

var ecsServiceNetworkConfigurationRule = ResourceRule{
	Name:          "ecs-service-network-configuration",
	ResourceTypes: []string{awstypes.EcsService, awstypes.NativeEcsService},
	Description:   "ECS services set a `networkConfiguration` (subnets and security groups).",
	Rationale:     "awsvpc services need it; it pins the tasks to the private subnets and their security groups.",
	DefaultLevel:  Mandatory,
	Check:         checkServiceNetworkConfiguration,
}

func checkServiceNetworkConfiguration(res Resource, _ Config) []string {
	if isSet(res.Properties, "networkConfiguration") != no {
		if !isNative(res.Type) {
			return nil
		}
		config, known := object(res.Properties.Get("networkConfiguration"))
		if !known || isSet(config, "awsvpcConfiguration") != no {
			return nil
		}
	}
	return []string{fmt.Sprintf("ECS service %q has no networkConfiguration; set networkConfiguration with the private "+
		"subnets and the service's security groups", res.Name)}
}

var ecsClusterContainerInsightsRule = ResourceRule{
	Name:          "ecs-cluster-container-insights",
	Controls:      []string{"ECS.12"},
	ResourceTypes: []string{awstypes.EcsCluster},
	Description:   "ECS clusters turn on Container Insights (`settings` containerInsights = enabled or enhanced).",
	Rationale:     "Task-level CPU, memory and restart metrics are how capacity problems show up.",
	DefaultLevel:  Advisory,
	Check:         checkClusterContainerInsights,
}

func checkClusterContainerInsights(res Resource, _ Config) []string {
	settings, known := list(res.Properties.Get("settings"))
	if !known {
		return nil
	}
	for _, s := range settings {
		setting, settingKnown := object(s)
		if !settingKnown {
			return nil
		}
		name, nameKnown := str(setting, "name", "")
		if !nameKnown {
			return nil
		}
		if name != "containerInsights" {
			continue
		}
		value, valueKnown := str(setting, "value", "")
		if !valueKnown || value == "enabled" || value == "enhanced" {
			return nil
		}
	}
	return []string{fmt.Sprintf("ECS cluster %q does not enable Container Insights; add settings "+
		"[{name: containerInsights, value: enabled}] (or enhanced)", res.Name)}
}

var ecsFargatePlatformVersionRule = ResourceRule{
	Name:          "ecs-fargate-platform-version",
	ResourceTypes: ecsPlatformTypes,
	Controls:      []string{"ECS.10"},
	Description:   "Fargate services and task sets run the latest platform version (`platformVersion` unset, LATEST, 1.4.0 on Linux or 1.0.0 on Windows — AWS Config ecs-fargate-latest-platform-version).",
	Rationale:     "Older platform versions miss security patches and features such as ephemeral storage encryption.",
	DefaultLevel:  Advisory,
	Check:         checkFargatePlatformVersion,
}

func checkFargatePlatformVersion(res Resource, _ Config) []string {
	version, known := str(res.Properties, "platformVersion", "LATEST")
	if !known {
		return nil
	}
	switch strings.ToUpper(version) {
	case "LATEST", "1.4.0", "1.0.0":
		return nil
	}
	return []string{fmt.Sprintf("ECS %q pins Fargate platformVersion %q; leave it unset (LATEST) or set 1.4.0", res.Name, version)}
}

var ecsCapacityProviderTerminationProtectionRule = ResourceRule{
	Name:          "ecs-capacity-provider-termination-protection",
	ResourceTypes: []string{awstypes.EcsCapacityProvider},
	Controls:      []string{"ECS.19"},
	Description:   "EC2 capacity providers enable `autoScalingGroupProvider.managedTerminationProtection` (default DISABLED).",
	Rationale:     "Without it scale-in can terminate instances that still run tasks.",
	DefaultLevel:  Advisory,
	Check:         checkCapacityProviderTerminationProtection,
}

func checkCapacityProviderTerminationProtection(res Resource, _ Config) []string {
	provider, known := object(res.Properties.Get("autoScalingGroupProvider"))
	if !known || provider.Len() == 0 {
		return nil
	}
	if mode, modeKnown := str(provider, "managedTerminationProtection", "DISABLED"); !modeKnown || mode == "ENABLED" {
		return nil
	}
	return []string{fmt.Sprintf("capacity provider %q has managed termination protection off; set "+
		"autoScalingGroupProvider.managedTerminationProtection: ENABLED", res.Name)}
}
