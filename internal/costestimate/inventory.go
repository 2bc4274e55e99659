package costestimate

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
	// Jobs are the Fargate jobs (scheduled and on demand), sorted by name.
	Jobs []Job
	// Platform is, for an app stack, the platform stack whose network, endpoints and load balancers its tasks use
	// ("<organization>/<project>/<stack>"): they are priced in the platform's estimate, and the app has no egress mode
	// to compare. "" for a platform stack.
	Platform string
	// Monitoring is what the alarms bill; nil with alarms off.
	Monitoring *Monitoring
}

// Service is one Fargate service's billable size.
type Service struct {
	// Name is the service's key in config.
	Name string
	// TaskSize is what one of its tasks bills; its SpotShare is the fraction of tasks on FARGATE_SPOT.
	TaskSize
	// Tasks is the steady-state task count: autoscaling.min when autoscaling is on (App Auto Scaling keeps at least
	// that many), else desiredCount.
	Tasks int
	// MaxTasks is autoscaling.max (0 without autoscaling): the ceiling the estimate mentions.
	MaxTasks int
}

// TaskSize is what a Fargate task bills per hour, for a service's tasks and a job's runs alike.
type TaskSize struct {
	// VCPU and MemoryGB are the task size (cpu/1024, memory/1024).
	VCPU, MemoryGB float64
	// Architecture is X86_64 or ARM64.
	Architecture string
	// EphemeralStorageGiB is the task's ephemeral storage; 0 or up to 20 costs nothing extra.
	EphemeralStorageGiB int
	// SpotShare is the fraction of the tasks (of a service) or of a run (of a job) the capacity provider strategy
	// places on FARGATE_SPOT.
	SpotShare float64
}

// Job is one Fargate job's billable size and how often it runs. A job costs only while a run's task exists.
type Job struct {
	// Name is the job's key in config.
	Name string
	// TaskSize is what one run's task bills.
	TaskSize
	// Expression is jobs.<name>.schedule.expression, empty for a job that runs only on demand.
	Expression string
	// RunsPerMonth is how often the expression runs in a 30-day month in its time zone
	// (schedexpr.Expression.RunsPerMonth); 0 for an on-demand job, a one-time at() job or a disabled schedule.
	RunsPerMonth float64
	// ExpectedRunMinutes is jobs.<name>.expectedRunMinutes: how long one run's task lasts, image pull included.
	ExpectedRunMinutes float64
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

// StrategyItem is one entry of a capacity provider strategy, as components.CapacityProviderStrategyItem has it.
type StrategyItem struct {
	// CapacityProvider is FARGATE or FARGATE_SPOT.
	CapacityProvider string
	// Weight is the relative share; nil counts as 1.
	Weight *int
	// Base is the number of tasks placed first on this provider.
	Base int
}

// SpotShare is the fraction of tasks a capacity provider strategy places on FARGATE_SPOT: the base tasks go first
// to the provider that has a base, the rest are split by weight (ECS capacity provider strategy rules:
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html).
func SpotShare(tasks int, strategy []StrategyItem) float64 {
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
