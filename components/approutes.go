package components

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AppRoutesArgs configures AppRoutes.
type AppRoutesArgs struct {
	// Services are the app stack's validated services; those with routing get a target group and a listener rule.
	Services map[string]ServiceConfig
	// Priorities are the rule priorities inside the app's grant (ValidateApp), by service.
	Priorities map[string]int
	// ListenerArn is the platform's rules listener and AlbArnSuffix its ALB's ARN suffix.
	ListenerArn, AlbArnSuffix string
	// VpcId is the platform's VPC, where the target groups live.
	VpcId string
	// Tags are added to every taggable resource (the app tag among them).
	Tags map[string]string
}

// AppRoutes are an app stack's target groups and listener rules on the platform's ALB listener: what LoadBalancing
// registers for a platform's own routed services, without the load balancer, which is the platform's.
type AppRoutes struct {
	pulumi.ResourceState

	// ServiceTargets are what each routed service needs, keyed by service name.
	ServiceTargets map[string]ServiceTarget
}

// NewAppRoutes registers the routes of the app's routed services in sorted order, each named after its service.
func NewAppRoutes(ctx *pulumi.Context, name string, args *AppRoutesArgs, opts ...pulumi.ResourceOption) (*AppRoutes, error) {
	routes := &AppRoutes{ServiceTargets: map[string]ServiceTarget{}}
	if err := ctx.RegisterComponentResource("private-fargate:index:AppRoutes", name, routes, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(routes)
	for _, service := range sortedKeys(args.Services) {
		svc := args.Services[service]
		if svc.Routing == nil {
			continue
		}
		target, err := newServiceRoute(ctx, name+"-"+service, service, svc, args.Priorities[service],
			pulumi.String(args.VpcId), pulumi.String(args.AlbArnSuffix), pulumi.String(args.ListenerArn), args.Tags, parent)
		if err != nil {
			return nil, err
		}
		routes.ServiceTargets[service] = target
	}
	if err := ctx.RegisterResourceOutputs(routes, pulumi.Map{"priorities": pulumi.ToIntMap(args.Priorities)}); err != nil {
		return nil, err
	}
	return routes, nil
}
