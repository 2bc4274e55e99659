package components

import (
	"encoding/json"
	"path"
	"regexp"
	"sort"
	"strings"
)

// containerDefinition is the part of the ECS ContainerDefinition API shape that the platform sets. It is marshalled
// with encoding/json, so values never need escaping and the JSON always parses.
type containerDefinition struct {
	Name                   string               `json:"name"`
	Image                  string               `json:"image"`
	Essential              bool                 `json:"essential"`
	Cpu                    int                  `json:"cpu,omitempty"`
	Memory                 int                  `json:"memory,omitempty"`
	MemoryReservation      int                  `json:"memoryReservation,omitempty"`
	PortMappings           []portMapping        `json:"portMappings,omitempty"`
	Command                []string             `json:"command,omitempty"`
	Environment            []keyValuePair       `json:"environment,omitempty"`
	Secrets                []containerSecret    `json:"secrets,omitempty"`
	HealthCheck            *containerHealth     `json:"healthCheck,omitempty"`
	ReadonlyRootFilesystem bool                 `json:"readonlyRootFilesystem"`
	MountPoints            []mountPoint         `json:"mountPoints,omitempty"`
	User                   string               `json:"user,omitempty"`
	LogConfiguration       containerLogSettings `json:"logConfiguration"`
}

// portMapping is a static container port. In awsvpc mode the host port is the container port; setting it
// explicitly keeps the provider from seeing a difference after ECS fills it in.
type portMapping struct {
	ContainerPort int    `json:"containerPort"`
	HostPort      int    `json:"hostPort"`
	Protocol      string `json:"protocol"`
}

type keyValuePair struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// containerSecret injects a Secrets Manager secret or SSM parameter as an environment variable.
type containerSecret struct {
	Name      string `json:"name"`
	ValueFrom string `json:"valueFrom"`
}

type containerHealth struct {
	Command     []string `json:"command"`
	Interval    int      `json:"interval"`
	Timeout     int      `json:"timeout"`
	Retries     int      `json:"retries"`
	StartPeriod int      `json:"startPeriod,omitempty"`
}

type mountPoint struct {
	SourceVolume  string `json:"sourceVolume"`
	ContainerPath string `json:"containerPath"`
	ReadOnly      bool   `json:"readOnly"`
}

type containerLogSettings struct {
	LogDriver string            `json:"logDriver"`
	Options   map[string]string `json:"options"`
}

// taskContainers is what one task's container definitions need besides the service config.
type taskContainers struct {
	// Definitions are the containers, "app" first, then the sidecars in name order.
	Definitions []containerDefinition
	// Volumes are the task-scoped (ephemeral) volumes that back the writable paths, sorted.
	Volumes []string
}

// buildContainerDefinitions turns a validated service config into typed container definitions that log with awslogs
// to logGroup in region, one stream prefix per container.
func buildContainerDefinitions(svc TaskConfig, logGroup, region string) taskContainers {
	var result taskContainers
	for _, name := range containerOrder(svc.Containers) {
		ctr := svc.Containers[name]
		def := containerDefinition{
			Name:                   name,
			Image:                  ctr.Image,
			Essential:              ctr.Essential == nil || *ctr.Essential,
			Cpu:                    ctr.Cpu,
			Memory:                 ctr.Memory,
			MemoryReservation:      ctr.MemoryReservation,
			Command:                ctr.Command,
			User:                   ctr.User,
			ReadonlyRootFilesystem: ctr.ReadonlyRootFilesystem == nil || *ctr.ReadonlyRootFilesystem,
			LogConfiguration: containerLogSettings{
				LogDriver: "awslogs",
				Options: map[string]string{
					"awslogs-group":         logGroup,
					"awslogs-region":        region,
					"awslogs-stream-prefix": name,
				},
			},
		}
		for _, port := range ctr.Ports {
			def.PortMappings = append(def.PortMappings, portMapping{ContainerPort: port, HostPort: port, Protocol: "tcp"})
		}
		for _, key := range sortedKeys(ctr.Environment) {
			def.Environment = append(def.Environment, keyValuePair{Name: key, Value: ctr.Environment[key]})
		}
		for _, key := range sortedKeys(ctr.Secrets) {
			def.Secrets = append(def.Secrets, containerSecret{Name: key, ValueFrom: ctr.Secrets[key]})
		}
		if hc := ctr.HealthCheck; hc != nil {
			def.HealthCheck = &containerHealth{
				Command:     hc.Command,
				Interval:    hc.IntervalSeconds,
				Timeout:     hc.TimeoutSeconds,
				Retries:     hc.Retries,
				StartPeriod: hc.StartPeriodSeconds,
			}
		}
		for _, writable := range ctr.WritablePaths {
			volume := writableVolumeName(name, writable)
			def.MountPoints = append(def.MountPoints, mountPoint{SourceVolume: volume, ContainerPath: path.Clean(writable)})
			result.Volumes = append(result.Volumes, volume)
		}
		result.Definitions = append(result.Definitions, def)
	}
	sort.Strings(result.Volumes)
	return result
}

// marshalContainerDefinitions renders container definitions as the JSON array ECS expects.
func marshalContainerDefinitions(defs []containerDefinition) (string, error) {
	out, err := json.Marshal(defs)
	return string(out), err
}

// containerOrder lists container names with the essential "app" container first and the sidecars after it in name
// order, so the JSON is the same on every run.
func containerOrder(containers map[string]ContainerConfig) []string {
	names := sortedKeys(containers)
	sort.SliceStable(names, func(i, j int) bool { return names[i] == AppContainer && names[j] != AppContainer })
	return names
}

var volumeNameUnsafe = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// writableVolumeName names the task volume behind one container's writable path: "app" and "/var/cache/nginx" give
// "app-var-cache-nginx". Each container gets its own volume, so sidecars never share scratch space by accident.
func writableVolumeName(container, writablePath string) string {
	cleaned := strings.Trim(volumeNameUnsafe.ReplaceAllString(path.Clean(writablePath), "-"), "-")
	return container + "-" + cleaned
}
