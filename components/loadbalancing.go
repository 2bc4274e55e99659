package components

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Listener ports of the ALB (and of the NLB in front of it, which forwards each port to the same ALB port).
const (
	httpPort  = 80
	httpsPort = 443
)

// LoadBalancingArgs configures LoadBalancing.
type LoadBalancingArgs struct {
	// Config is the validated loadBalancer config; it shapes the program (listeners, NLB, logs), so it is plain.
	Config LoadBalancerConfig
	// Region is the stack's region; it picks the principal that delivers access logs.
	Region string
	// Services are the stack's services; those with routing get target groups and a listener rule.
	Services map[string]ServiceConfig
	// AppTargetPorts are the container ports the platform grants its app stacks (apps.<stack>.targetPorts): the ALB's
	// security group, which the platform owns, may reach them in the VPC like its own services' ports.
	AppTargetPorts []int
	// VpcId is the VPC of the load balancers and target groups.
	VpcId pulumi.StringInput
	// VpcCidr is admitted on the listener ports and is the only egress destination.
	VpcCidr string
	// SubnetIds are the private subnets the load balancers live in.
	SubnetIds pulumi.StringArrayInput
	// Tags are added to every taggable resource.
	Tags map[string]string
}

// LoadBalancing is an internal ALB with its own security group, HTTPS (or, without a certificate, plain HTTP)
// listeners, an ip target group (or blue/green pair) and a listener rule per routed service, optional access logs and
// an optional internal NLB that forwards TCP 80/443 to the ALB.
type LoadBalancing struct {
	pulumi.ResourceState

	// AlbArn is the ALB's ARN.
	AlbArn pulumi.StringOutput
	// AlbDnsName is the ALB's DNS name.
	AlbDnsName pulumi.StringOutput
	// AlbArnSuffix is the ALB's CloudWatch LoadBalancer dimension value ("app/<name>/<id>").
	AlbArnSuffix pulumi.StringOutput
	// AlbSecurityGroupId is the ALB's security group; services admit traffic from it on their container port.
	AlbSecurityGroupId pulumi.StringOutput
	// Encrypted is true when the ALB terminates TLS (loadBalancer.certificateArn is set).
	Encrypted bool
	// ListenerPort is the port of the listener that carries the service rules: 443 with a certificate, else 80.
	ListenerPort int
	// ListenerArn is the ARN of that listener.
	ListenerArn pulumi.StringOutput
	// ListenerArns are every listener's ARN by port (the platform contract carries them).
	ListenerArns map[int]pulumi.StringOutput
	// NlbArn and NlbDnsName describe the NLB; empty when loadBalancer.nlb is false.
	NlbArn pulumi.StringOutput
	// NlbDnsName is the NLB's DNS name; empty when loadBalancer.nlb is false.
	NlbDnsName pulumi.StringOutput
	// AccessLogsBucket is the access log bucket's name; empty when access logs are off.
	AccessLogsBucket pulumi.StringOutput
	// RulePriorities are the listener rule priorities by service name.
	RulePriorities map[string]int
	// ServiceTargets are what each routed service needs, keyed by service name.
	ServiceTargets map[string]ServiceTarget

	// hasNlb and hasAccessLogs say which optional parts exist, for Exports.
	hasNlb, hasAccessLogs bool
}

// unencryptedWarning is the albWarning stack output of a stack without a certificate.
const unencryptedWarning = "traffic to the ALB is unencrypted plain HTTP; set loadBalancer.certificateArn to serve " +
	"HTTPS on 443 and redirect HTTP to it"

// Exports are the load balancers' stack outputs: albDnsName, albSecurityGroupId, albProtocol ("HTTPS" or "HTTP"),
// listenerRulePriorities (by service), albWarning (only without a certificate: the traffic is unencrypted),
// nlbDnsName (only with the NLB) and albAccessLogsBucket (only with access logs).
func (l *LoadBalancing) Exports() pulumi.Map {
	exports := pulumi.Map{
		"albDnsName":             l.AlbDnsName,
		"albSecurityGroupId":     l.AlbSecurityGroupId,
		"albProtocol":            pulumi.String("HTTPS"),
		"listenerRulePriorities": pulumi.ToIntMap(l.RulePriorities),
	}
	if !l.Encrypted {
		exports["albProtocol"] = pulumi.String("HTTP")
		exports["albWarning"] = pulumi.String(unencryptedWarning)
	}
	if l.hasNlb {
		exports["nlbDnsName"] = l.NlbDnsName
	}
	if l.hasAccessLogs {
		exports["albAccessLogsBucket"] = l.AccessLogsBucket
	}
	return exports
}

// NewLoadBalancing registers the load balancers. The config must already be validated.
func NewLoadBalancing(ctx *pulumi.Context, name string, args *LoadBalancingArgs, opts ...pulumi.ResourceOption) (*LoadBalancing, error) {
	cfg := args.Config
	comp := &LoadBalancing{
		Encrypted:      cfg.CertificateArn != "",
		ListenerPort:   httpPort,
		ServiceTargets: map[string]ServiceTarget{},
		hasNlb:         cfg.Nlb,
		hasAccessLogs:  isOn(cfg.AccessLogs.Enabled),
	}
	if comp.Encrypted {
		comp.ListenerPort = httpsPort
	}
	if err := ctx.RegisterComponentResource("private-fargate:index:LoadBalancing", name, comp, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(comp)
	tags := func(resourceName string) pulumi.StringMap { return nameTags(args.Tags, resourceName) }

	priorities, collisions := RulePriorities(args.Services)
	if len(collisions) > 0 {
		return nil, fmt.Errorf("%s: %s", name, collisions[0])
	}
	comp.RulePriorities = priorities

	listenerPorts := []int{httpPort}
	if comp.Encrypted {
		listenerPorts = append(listenerPorts, httpsPort)
	}

	securityGroup, err := newAlbSecurityGroup(ctx, name+"-alb", args, listenerPorts, parent)
	if err != nil {
		return nil, err
	}
	comp.AlbSecurityGroupId = securityGroup.ID().ToStringOutput()

	albArgs := &lb.LoadBalancerArgs{
		Internal:                 pulumi.Bool(true),
		LoadBalancerType:         pulumi.String("application"),
		SecurityGroups:           pulumi.StringArray{securityGroup.ID()},
		Subnets:                  args.SubnetIds,
		DropInvalidHeaderFields:  pulumi.Bool(true), // FSBP ELB.4
		DesyncMitigationMode:     pulumi.String(cfg.DesyncMitigationMode),
		IdleTimeout:              pulumi.Int(cfg.IdleTimeoutSeconds),
		EnableDeletionProtection: pulumi.Bool(isOn(cfg.DeletionProtection)),
		Tags:                     tags(name + "-alb"),
	}
	albOpts := []pulumi.ResourceOption{parent}
	comp.AccessLogsBucket = pulumi.String("").ToStringOutput()
	if isOn(cfg.AccessLogs.Enabled) {
		// The bucket policy names the account the logs belong to; the security group's owner is that account, read
		// without a data-source call so that a preview needs no AWS credentials.
		bucket, policy, err := newAccessLogsBucket(ctx, name+"-access-logs", args.Region, securityGroup.OwnerId,
			cfg.AccessLogs, args.Tags, parent)
		if err != nil {
			return nil, err
		}
		albArgs.AccessLogs = &lb.LoadBalancerAccessLogsArgs{
			Bucket:  bucket.ID(),
			Prefix:  pulumi.String(accessLogsPrefix),
			Enabled: pulumi.Bool(true),
		}
		// ELB checks that it may write to the bucket when access logs are turned on.
		albOpts = append(albOpts, pulumi.DependsOn([]pulumi.Resource{policy}))
		comp.AccessLogsBucket = bucket.ID().ToStringOutput()
	}
	alb, err := lb.NewLoadBalancer(ctx, name+"-alb", albArgs, albOpts...)
	if err != nil {
		return nil, err
	}
	comp.AlbArn = alb.Arn
	comp.AlbDnsName = alb.DnsName
	comp.AlbArnSuffix = alb.ArnSuffix

	listeners, err := newAlbListeners(ctx, name+"-alb", alb, cfg, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	routingListener := listeners[comp.ListenerPort]
	comp.ListenerArn = routingListener.Arn
	comp.ListenerArns = map[int]pulumi.StringOutput{}
	for port, listener := range listeners {
		comp.ListenerArns[port] = listener.Arn
	}

	for _, service := range sortedKeys(args.Services) {
		svc := args.Services[service]
		if svc.Routing == nil {
			continue
		}
		target, err := newServiceRoute(ctx, name+"-"+service, service, svc, priorities[service], args.VpcId, alb.ArnSuffix,
			routingListener.Arn, args.Tags, parent)
		if err != nil {
			return nil, err
		}
		comp.ServiceTargets[service] = target
	}

	comp.NlbArn = pulumi.String("").ToStringOutput()
	comp.NlbDnsName = pulumi.String("").ToStringOutput()
	if cfg.Nlb {
		nlb, err := newNlb(ctx, name+"-nlb", alb, listeners, listenerPorts, args, parent)
		if err != nil {
			return nil, err
		}
		comp.NlbArn = nlb.Arn
		comp.NlbDnsName = nlb.DnsName
	}

	if err := ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"albArn":             comp.AlbArn,
		"albDnsName":         comp.AlbDnsName,
		"albSecurityGroupId": comp.AlbSecurityGroupId,
		"listenerArn":        comp.ListenerArn,
		"nlbDnsName":         comp.NlbDnsName,
		"accessLogsBucket":   comp.AccessLogsBucket,
	}); err != nil {
		return nil, err
	}
	return comp, nil
}
