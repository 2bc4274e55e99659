package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newNlb creates the internal NLB in front of the ALB: per ALB listener port a TCP listener forwarding to a target
// group of type "alb" that holds the ALB. Only TCP is allowed on this path, so TLS passes through to the ALB.
func newNlb(ctx *pulumi.Context, name string, alb *lb.LoadBalancer, albListeners map[int]*lb.Listener,
	ports []int, args *LoadBalancingArgs, parent pulumi.ResourceOption) (*lb.LoadBalancer, error) {
	nlb, err := lb.NewLoadBalancer(ctx, name, &lb.LoadBalancerArgs{
		Internal:                     pulumi.Bool(true),
		LoadBalancerType:             pulumi.String("network"),
		Subnets:                      args.SubnetIds,
		EnableCrossZoneLoadBalancing: pulumi.Bool(true),
		EnableDeletionProtection:     pulumi.Bool(isOn(args.Config.DeletionProtection)),
		Tags:                         nameTags(args.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	for _, port := range ports {
		portName := fmt.Sprintf("%s-%d", name, port)
		healthCheckProtocol := "HTTP"
		if port == httpsPort {
			healthCheckProtocol = "HTTPS"
		}
		group, err := lb.NewTargetGroup(ctx, portName, &lb.TargetGroupArgs{
			TargetType: pulumi.String("alb"),
			Protocol:   pulumi.String("TCP"),
			Port:       pulumi.Int(port),
			VpcId:      args.VpcId,
			// Any answer below 500 proves the ALB is up: "/" meets the default 404 or the HTTP→HTTPS redirect.
			HealthCheck: &lb.TargetGroupHealthCheckArgs{
				Enabled:  pulumi.Bool(true),
				Protocol: pulumi.String(healthCheckProtocol),
				Port:     pulumi.String("traffic-port"),
				Path:     pulumi.String("/"),
				Matcher:  pulumi.String("200-499"),
			},
			Tags: nameTags(args.Tags, portName),
		}, parent)
		if err != nil {
			return nil, err
		}
		// The ALB can join the group only once it listens on the group's port.
		if _, err := lb.NewTargetGroupAttachment(ctx, portName, &lb.TargetGroupAttachmentArgs{
			TargetGroupArn: group.Arn,
			TargetId:       alb.Arn,
			Port:           pulumi.Int(port),
		}, parent, pulumi.DependsOn([]pulumi.Resource{albListeners[port]})); err != nil {
			return nil, err
		}
		if _, err := lb.NewListener(ctx, portName, &lb.ListenerArgs{
			LoadBalancerArn: nlb.Arn,
			Port:            pulumi.Int(port),
			Protocol:        pulumi.String("TCP"),
			DefaultActions: lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
				Type:           pulumi.String("forward"),
				TargetGroupArn: group.Arn,
			}},
			Tags: nameTags(args.Tags, portName),
		}, parent); err != nil {
			return nil, err
		}
	}
	return nlb, nil
}
