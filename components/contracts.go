package components

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// ServiceTarget is what the LoadBalancing component hands to a routed service: where the service registers its
// tasks and what it must wait for.
type ServiceTarget struct {
	// TargetGroupArn is the service's ip target group.
	TargetGroupArn pulumi.StringOutput
	// ContainerName and ContainerPort receive the traffic.
	ContainerName string
	// ContainerPort is the container port that receives the traffic.
	ContainerPort int
	// RequestCountResourceLabel is "<alb arn suffix>/<target group arn suffix>", the resource label of the
	// ALBRequestCountPerTarget scaling metric.
	RequestCountResourceLabel pulumi.StringOutput
	// ListenerRules must exist before the service registers targets (ECS refuses a target group without a listener).
	ListenerRules []pulumi.Resource
}
