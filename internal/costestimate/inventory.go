package costestimate

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Egress modes, as in network.egress.
const (
	egressNone      = "none"
	egressNatSingle = "nat-single"
	egressNatPerAZ  = "nat-per-az"
)

// Inventory is what a stack pays for by the hour: the billable resources that its config makes the program create.
type Inventory struct {
	// Stack is the stack name (for headings only).
	Stack string
	// Region is aws:region.
	Region string
	// AvailabilityZones is the number of AZs (one private subnet each).
	AvailabilityZones int
	// Egress is network.egress.
	Egress string
	// EndpointsEnabled is endpoints.enabled.
	EndpointsEnabled bool
	// EndpointServices are the interface endpoints the program creates when endpoints are enabled (the defaults,
	// endpoints.extra and the ones services need), each with an ENI in every AZ. The S3 gateway endpoint is free.
	EndpointServices []string
	// ALB and NLB say whether the load balancers exist.
	ALB, NLB bool
	// Services are the Fargate services, sorted by name.
	Services []Service
}

// Service is one Fargate service's billable size.
type Service struct {
	// Name is the service's key in config.
	Name string
	// VCPU and MemoryGB are the task size (cpu/1024, memory/1024).
	VCPU, MemoryGB float64
	// Architecture is X86_64 or ARM64.
	Architecture string
	// EphemeralStorageGiB is the task's ephemeral storage; 0 or up to 20 costs nothing extra.
	EphemeralStorageGiB int
	// Tasks is the steady-state task count: autoscaling.min when autoscaling is on (App Auto Scaling keeps at least
	// that many), else desiredCount.
	Tasks int
	// MaxTasks is autoscaling.max (0 without autoscaling): the ceiling the estimate mentions.
	MaxTasks int
	// SpotShare is the fraction of tasks the capacity provider strategy places on FARGATE_SPOT.
	SpotShare float64
}

// NatGateways is how many NAT gateways the egress mode creates: one, one per AZ, or none.
func (inv Inventory) NatGateways() int {
	switch inv.Egress {
	case egressNatSingle:
		return 1
	case egressNatPerAZ:
		return inv.AvailabilityZones
	}
	return 0
}

// PublicIPv4Addresses counts the public IPv4 addresses: each NAT gateway's Elastic IP. The load balancers are
// internal and tasks never get a public IP, so nothing else has one.
func (inv Inventory) PublicIPv4Addresses() int { return inv.NatGateways() }

// InterfaceEndpoints is how many interface endpoints exist.
func (inv Inventory) InterfaceEndpoints() int {
	if !inv.EndpointsEnabled {
		return 0
	}
	return len(inv.EndpointServices)
}

// WithEgress is the same stack in another egress mode, with or without the interface endpoints.
func (inv Inventory) WithEgress(egress string, endpoints bool) Inventory {
	inv.Egress = egress
	inv.EndpointsEnabled = endpoints
	return inv
}

// stackConfig mirrors the fields of components.Config (its JSON names) that shape the bill; the program's config is
// handed over as JSON so that this package does not import components (which exports the estimate as an output).
type stackConfig struct {
	Network struct {
		AvailabilityZones []string `json:"availabilityZones"`
		Egress            string   `json:"egress"`
	} `json:"network"`
	Endpoints struct {
		Enabled *bool `json:"enabled"`
	} `json:"endpoints"`
	LoadBalancer struct {
		Enabled *bool `json:"enabled"`
		Nlb     bool  `json:"nlb"`
	} `json:"loadBalancer"`
	Cluster struct {
		CapacityProviderStrategy []strategyItem `json:"capacityProviderStrategy"`
	} `json:"cluster"`
	Services map[string]struct {
		Cpu                      int            `json:"cpu"`
		Memory                   int            `json:"memory"`
		Architecture             string         `json:"architecture"`
		EphemeralStorageGiB      int            `json:"ephemeralStorageGiB"`
		DesiredCount             *int           `json:"desiredCount"`
		LaunchType               string         `json:"launchType"`
		CapacityProviderStrategy []strategyItem `json:"capacityProviderStrategy"`
		Autoscaling              *struct {
			Min int `json:"min"`
			Max int `json:"max"`
		} `json:"autoscaling"`
	} `json:"services"`
}

type strategyItem struct {
	CapacityProvider string `json:"capacityProvider"`
	Weight           *int   `json:"weight"`
	Base             int    `json:"base"`
}

// FromConfig builds the inventory from a validated, defaulted components.Config (passed as any, marshalled to JSON)
// and the interface endpoint services the program derives from it (components.InterfaceEndpointServices).
func FromConfig(stack, region string, cfg any, endpointServices []string) (Inventory, error) {
	raw, err := json.Marshal(cfg)
	if err != nil {
		return Inventory{}, fmt.Errorf("cost estimate: %w", err)
	}
	var c stackConfig
	if err := json.Unmarshal(raw, &c); err != nil {
		return Inventory{}, fmt.Errorf("cost estimate: %w", err)
	}
	inv := Inventory{
		Stack:             stack,
		Region:            region,
		AvailabilityZones: len(c.Network.AvailabilityZones),
		Egress:            c.Network.Egress,
		EndpointsEnabled:  c.Endpoints.Enabled == nil || *c.Endpoints.Enabled,
		EndpointServices:  append([]string(nil), endpointServices...),
		ALB:               c.LoadBalancer.Enabled == nil || *c.LoadBalancer.Enabled,
	}
	if inv.Egress == "" {
		inv.Egress = egressNone
	}
	inv.NLB = inv.ALB && c.LoadBalancer.Nlb
	sort.Strings(inv.EndpointServices)
	for name, svc := range c.Services {
		service := Service{
			Name:                name,
			VCPU:                float64(svc.Cpu) / 1024,
			MemoryGB:            float64(svc.Memory) / 1024,
			Architecture:        svc.Architecture,
			EphemeralStorageGiB: svc.EphemeralStorageGiB,
		}
		if service.Architecture == "" {
			service.Architecture = "X86_64"
		}
		if svc.DesiredCount != nil {
			service.Tasks = *svc.DesiredCount
		}
		if svc.Autoscaling != nil {
			service.Tasks, service.MaxTasks = svc.Autoscaling.Min, svc.Autoscaling.Max
		}
		strategy := svc.CapacityProviderStrategy
		if len(strategy) == 0 {
			strategy = c.Cluster.CapacityProviderStrategy
		}
		if svc.LaunchType == "" {
			service.SpotShare = spotShare(service.Tasks, strategy)
		}
		inv.Services = append(inv.Services, service)
	}
	sort.Slice(inv.Services, func(i, j int) bool { return inv.Services[i].Name < inv.Services[j].Name })
	return inv, nil
}

// spotShare is the fraction of tasks a capacity provider strategy places on FARGATE_SPOT: the base tasks go first
// to the provider that has a base, the rest are split by weight (ECS capacity provider strategy rules:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html).
func spotShare(tasks int, strategy []strategyItem) float64 {
	if tasks <= 0 {
		return 0
	}
	remaining := float64(tasks)
	spot := 0.0
	totalWeight, spotWeight := 0, 0
	for _, item := range strategy {
		isSpot := item.CapacityProvider == "FARGATE_SPOT"
		if item.Base > 0 {
			base := min(float64(item.Base), remaining)
			if isSpot {
				spot += base
			}
			remaining -= base
		}
		weight := 1
		if item.Weight != nil {
			weight = *item.Weight
		}
		totalWeight += weight
		if isSpot {
			spotWeight += weight
		}
	}
	if totalWeight > 0 {
		spot += remaining * float64(spotWeight) / float64(totalWeight)
	}
	return spot / float64(tasks)
}
