package rules

import (
	"fmt"

	"github.com/private-fargate/private-fargate/internal/fargate"
)

var ecsTaskAwsvpcRule = ResourceRule{
	Name:          "ecs-task-awsvpc",
	Controls:      []string{"ECS.1", "ECS.17"},
	ResourceTypes: ecsTaskDefTypes,
	Description:   "Task definitions use `networkMode: awsvpc` (AWS default is bridge).",
	Rationale:     "Fargate requires awsvpc; it gives each task its own ENI and security group.",
	DefaultLevel:  Mandatory,
	Check:         checkTaskNetworkMode,
}

func checkTaskNetworkMode(res Resource, _ Config) []string {
	mode, known := str(res.Properties, "networkMode", "bridge")
	if !known || mode == "awsvpc" {
		return nil
	}
	return []string{fmt.Sprintf("task definition %q uses networkMode %q (unset means bridge); set networkMode: awsvpc, "+
		"which Fargate requires", res.Name, mode)}
}

var ecsTaskFargateRule = ResourceRule{
	Name:          "ecs-task-fargate",
	ResourceTypes: ecsTaskDefTypes,
	Description:   "Task definitions list FARGATE in `requiresCompatibilities`.",
	Rationale:     "The platform runs on Fargate only; without it ECS rejects the task for a Fargate service.",
	DefaultLevel:  Mandatory,
	Check:         checkTaskFargateCompatible,
}

func checkTaskFargateCompatible(res Resource, _ Config) []string {
	compatibilities, known := list(res.Properties.Get("requiresCompatibilities"))
	if !known {
		return nil
	}
	sawUnknown := false
	for _, c := range compatibilities {
		value, isKnown := stringValue(c, "")
		if !isKnown {
			sawUnknown = true
			continue
		}
		if value == "FARGATE" {
			return nil
		}
	}
	if sawUnknown {
		return nil
	}
	return []string{fmt.Sprintf("task definition %q does not list FARGATE in requiresCompatibilities; "+
		"set requiresCompatibilities: [\"FARGATE\"]", res.Name)}
}

var ecsTaskFargateSizeRule = ResourceRule{
	Name:          "ecs-task-fargate-size",
	ResourceTypes: ecsTaskDefTypes,
	Description:   "Task-level `cpu` and `memory` are set and form a valid Fargate pair.",
	Rationale:     "An invalid pair fails at registration time, after the rest of the stack is already deployed.",
	DefaultLevel:  Mandatory,
	Check:         checkTaskFargateSize,
}

func checkTaskFargateSize(res Resource, _ Config) []string {
	cpuText, cpuKnown := str(res.Properties, "cpu", "")
	memoryText, memoryKnown := str(res.Properties, "memory", "")
	var messages []string
	if cpuKnown && cpuText == "" {
		messages = append(messages, fmt.Sprintf("task definition %q has no task-level cpu, which Fargate requires; "+
			"set cpu to one of %s (CPU units)", res.Name, fargate.Describe(0)))
	}
	if memoryKnown && memoryText == "" {
		messages = append(messages, fmt.Sprintf("task definition %q has no task-level memory, which Fargate requires; "+
			"set memory in MiB to a value valid for its cpu", res.Name))
	}
	if !cpuKnown || !memoryKnown || len(messages) > 0 {
		return messages
	}
	cpu, err := parseTaskCPU(cpuText)
	if err != nil {
		return []string{fmt.Sprintf("task definition %q cpu %s; set cpu to one of %s (CPU units)",
			res.Name, err, fargate.Describe(0))}
	}
	memory, err := parseTaskMemory(memoryText)
	if err != nil {
		return []string{fmt.Sprintf("task definition %q memory %s; set memory in MiB, e.g. %q", res.Name, err, "2048")}
	}
	if fargate.ValidMemories(cpu) == nil {
		return []string{fmt.Sprintf("task definition %q cpu %d is not a Fargate size; set cpu to one of %s",
			res.Name, cpu, fargate.Describe(cpu))}
	}
	if !fargate.IsValid(cpu, memory) {
		return []string{fmt.Sprintf("task definition %q memory %d MiB is not valid with cpu %d on Fargate; "+
			"set memory to %s", res.Name, memory, cpu, fargate.Describe(cpu))}
	}
	return nil
}

var ecsTaskNoHostPIDRule = ResourceRule{
	Name:          "ecs-task-no-host-pid",
	ResourceTypes: ecsTaskDefTypes,
	Controls:      []string{"ECS.3"},
	Description:   "Task definitions do not share the host's process namespace (`pidMode: host`).",
	Rationale:     "A container in the host PID namespace sees and can signal every process on the host.",
	DefaultLevel:  Mandatory,
	Check:         checkTaskHostPID,
}

func checkTaskHostPID(res Resource, _ Config) []string {
	mode, known := str(res.Properties, "pidMode", "")
	if !known || mode != "host" {
		return nil
	}
	return []string{fmt.Sprintf("task definition %q sets pidMode: host, sharing the host's process namespace; remove "+
		"pidMode or set it to task", res.Name)}
}

var ecsEFSTransitEncryptionRule = ResourceRule{
	Name:          "ecs-efs-transit-encryption",
	ResourceTypes: ecsTaskDefTypes,
	Controls:      []string{"ECS.18"},
	Description:   "EFS volumes of task definitions set `efsVolumeConfiguration.transitEncryption: ENABLED` (default DISABLED).",
	Rationale:     "Without it NFS traffic between the task and EFS crosses the VPC unencrypted.",
	DefaultLevel:  Advisory,
	Check:         checkEFSTransitEncryption,
}

func checkEFSTransitEncryption(res Resource, _ Config) []string {
	volumes, _ := list(res.Properties.Get("volumes"))
	var messages []string
	for i, v := range volumes {
		volume, known := object(v)
		if !known {
			continue
		}
		efs, known := object(volume.Get("efsVolumeConfiguration"))
		if !known || efs.Len() == 0 {
			continue
		}
		if mode, modeKnown := str(efs, "transitEncryption", "DISABLED"); modeKnown && mode != "ENABLED" {
			messages = append(messages, fmt.Sprintf("task definition %q volume #%d mounts EFS without transit encryption; "+
				"set efsVolumeConfiguration.transitEncryption: ENABLED", res.Name, i+1))
		}
	}
	return messages
}
