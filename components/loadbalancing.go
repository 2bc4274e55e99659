package components

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Listener ports of the ALB (and of the NLB in front of it, which forwards each port to the same ALB port).
const (
	httpPort  = 80
	httpsPort = 443
)

// accessLogsPrefix is the key prefix of the ALB's access logs in their bucket.
const accessLogsPrefix = "alb"

// LoadBalancingArgs configures LoadBalancing.
type LoadBalancingArgs struct {
	// Config is the validated loadBalancer config; it shapes the program (listeners, NLB, logs), so it is plain.
	Config LoadBalancerConfig
	// Region is the stack's region; it picks the principal that delivers access logs.
	Region string
	// Services are the stack's services; those with routing get target groups and a listener rule.
	Services map[string]ServiceConfig
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
	// AlbSecurityGroupId is the ALB's security group; services admit traffic from it on their container port.
	AlbSecurityGroupId pulumi.StringOutput
	// Encrypted is true when the ALB terminates TLS (loadBalancer.certificateArn is set).
	Encrypted bool
	// ListenerPort is the port of the listener that carries the service rules: 443 with a certificate, else 80.
	ListenerPort int
	// ListenerArn is the ARN of that listener.
	ListenerArn pulumi.StringOutput
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
		hasAccessLogs:  cfg.AccessLogs.Enabled,
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
		EnableDeletionProtection: pulumi.Bool(cfg.DeletionProtection),
		Tags:                     tags(name + "-alb"),
	}
	albOpts := []pulumi.ResourceOption{parent}
	comp.AccessLogsBucket = pulumi.String("").ToStringOutput()
	if cfg.AccessLogs.Enabled {
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

	listeners, err := newAlbListeners(ctx, name+"-alb", alb, cfg, args.Tags, parent)
	if err != nil {
		return nil, err
	}
	routingListener := listeners[comp.ListenerPort]
	comp.ListenerArn = routingListener.Arn

	for _, service := range sortedKeys(args.Services) {
		svc := args.Services[service]
		if svc.Routing == nil {
			continue
		}
		target, err := newServiceRoute(ctx, name+"-"+service, service, svc, priorities[service], args.VpcId, alb,
			routingListener, args.Tags, parent)
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

// newAlbSecurityGroup creates the ALB's security group: the listener ports from the VPC CIDR (which holds the
// services' callers, the VPC link ENIs and the NLB's private IPs) and from loadBalancer.allowedCidrs; egress only to
// the routed container ports inside the VPC. Every rule is its own resource named after its port and CIDR, so adding
// one never touches another.
func newAlbSecurityGroup(ctx *pulumi.Context, name string, args *LoadBalancingArgs, listenerPorts []int,
	parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	securityGroup, err := ec2.NewSecurityGroup(ctx, name, &ec2.SecurityGroupArgs{
		VpcId:       args.VpcId,
		Description: pulumi.String("Internal ALB: listener ports from inside the VPC only"),
		Tags:        nameTags(args.Tags, name),
	}, parent)
	if err != nil {
		return nil, err
	}
	sources := append([]string{args.VpcCidr}, args.Config.AllowedCidrs...)
	for _, port := range listenerPorts {
		for _, cidr := range uniqueSorted(sources) {
			description := fmt.Sprintf("Listener %d from %s", port, cidr)
			if cidr == args.VpcCidr {
				description = fmt.Sprintf("Listener %d from the VPC", port)
			}
			if err := newIngressRule(ctx, fmt.Sprintf("%s-%d-from-%s", name, port, cidrName(cidr)),
				&vpc.SecurityGroupIngressRuleArgs{
					SecurityGroupId: securityGroup.ID(),
					Description:     pulumi.String(description),
					IpProtocol:      pulumi.String("tcp"),
					FromPort:        pulumi.Int(port),
					ToPort:          pulumi.Int(port),
					CidrIpv4:        pulumi.String(cidr),
				}, args.Tags, parent); err != nil {
				return nil, err
			}
		}
	}
	for _, port := range routedContainerPorts(args.Services) {
		if err := newEgressRule(ctx, fmt.Sprintf("%s-to-%d", name, port), &vpc.SecurityGroupEgressRuleArgs{
			SecurityGroupId: securityGroup.ID(),
			Description:     pulumi.String(fmt.Sprintf("Targets and health checks on %d in the VPC", port)),
			IpProtocol:      pulumi.String("tcp"),
			FromPort:        pulumi.Int(port),
			ToPort:          pulumi.Int(port),
			CidrIpv4:        pulumi.String(args.VpcCidr),
		}, args.Tags, parent); err != nil {
			return nil, err
		}
	}
	return securityGroup, nil
}

// newAlbListeners creates the ALB's listeners, keyed by port. With a certificate: HTTPS 443 and HTTP 80 redirecting
// to it with a 301. Without one: plain HTTP 80. Requests no service rule matches get a fixed 404.
func newAlbListeners(ctx *pulumi.Context, name string, alb *lb.LoadBalancer, cfg LoadBalancerConfig,
	commonTags map[string]string, parent pulumi.ResourceOption) (map[int]*lb.Listener, error) {
	notFound := lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
		Type: pulumi.String("fixed-response"),
		FixedResponse: &lb.ListenerDefaultActionFixedResponseArgs{
			ContentType: pulumi.String("text/plain"),
			MessageBody: pulumi.String("Not Found"),
			StatusCode:  pulumi.String("404"),
		},
	}}
	listeners := map[int]*lb.Listener{}
	httpActions := notFound
	if cfg.CertificateArn != "" {
		https, err := lb.NewListener(ctx, fmt.Sprintf("%s-%d", name, httpsPort), &lb.ListenerArgs{
			LoadBalancerArn: alb.Arn,
			Port:            pulumi.Int(httpsPort),
			Protocol:        pulumi.String("HTTPS"),
			CertificateArn:  pulumi.String(cfg.CertificateArn),
			SslPolicy:       pulumi.String(cfg.SslPolicy),
			DefaultActions:  notFound,
			Tags:            nameTags(commonTags, fmt.Sprintf("%s-%d", name, httpsPort)),
		}, parent)
		if err != nil {
			return nil, err
		}
		listeners[httpsPort] = https
		httpActions = lb.ListenerDefaultActionArray{lb.ListenerDefaultActionArgs{
			Type: pulumi.String("redirect"),
			Redirect: &lb.ListenerDefaultActionRedirectArgs{
				Protocol:   pulumi.String("HTTPS"),
				Port:       pulumi.String(strconv.Itoa(httpsPort)),
				StatusCode: pulumi.String("HTTP_301"),
			},
		}}
	}
	http, err := lb.NewListener(ctx, fmt.Sprintf("%s-%d", name, httpPort), &lb.ListenerArgs{
		LoadBalancerArn: alb.Arn,
		Port:            pulumi.Int(httpPort),
		Protocol:        pulumi.String("HTTP"),
		DefaultActions:  httpActions,
		Tags:            nameTags(commonTags, fmt.Sprintf("%s-%d", name, httpPort)),
	}, parent)
	if err != nil {
		return nil, err
	}
	listeners[httpPort] = http
	return listeners, nil
}

// targetGroupNamePrefix is the namePrefix of a service's target group: up to five characters of the service name and
// a hyphen. A target group name has at most 32 characters (terraform-provider-aws internal/service/elbv2/validate.go,
// validTargetGroupName), too few for "<component>-<service>-<7 hex>" with service names of useful length; with a
// namePrefix the provider appends a 26-character unique id instead (validTargetGroupNamePrefix: at most
// 32-26 = 6 characters, letters, digits and hyphens, not starting with a hyphen), so every service name fits, and
// a change that replaces the group still creates the new one before deleting the old (no fixed name to collide with;
// pulumi-terraform-bridge skips autonaming when a ConflictsWith field such as namePrefix is set). The Name tag
// carries the readable name.
func targetGroupNamePrefix(service string) string {
	return strings.TrimRight(service[:min(len(service), 5)], "-") + "-"
}

// newServiceRoute creates a routed service's ip target group and its listener rule.
func newServiceRoute(ctx *pulumi.Context, name, service string, svc ServiceConfig, priority int, vpcId pulumi.StringInput,
	alb *lb.LoadBalancer, listener *lb.Listener, commonTags map[string]string, parent pulumi.ResourceOption) (ServiceTarget, error) {
	routing := svc.Routing
	// "-tg" keeps a service's group apart from the NLB's groups ("<component>-nlb-<port>"): a service named "nlb-80"
	// would otherwise give a second target group of the same name, a duplicate URN.
	groupName := name + "-tg"
	group, err := lb.NewTargetGroup(ctx, groupName, &lb.TargetGroupArgs{
		NamePrefix:          pulumi.String(targetGroupNamePrefix(service)),
		TargetType:          pulumi.String("ip"),
		Protocol:            pulumi.String("HTTP"),
		Port:                pulumi.Int(routing.Port),
		VpcId:               vpcId,
		DeregistrationDelay: pulumi.Int(*svc.DeregistrationDelaySeconds),
		SlowStart:           pulumi.Int(svc.SlowStartSeconds),
		HealthCheck: &lb.TargetGroupHealthCheckArgs{
			Enabled:            pulumi.Bool(true),
			Protocol:           pulumi.String("HTTP"),
			Port:               pulumi.String("traffic-port"),
			Path:               pulumi.String(svc.HealthCheck.Path),
			Matcher:            pulumi.String(svc.HealthCheck.Matcher),
			Interval:           pulumi.Int(svc.HealthCheck.IntervalSeconds),
			Timeout:            pulumi.Int(svc.HealthCheck.TimeoutSeconds),
			HealthyThreshold:   pulumi.Int(svc.HealthCheck.HealthyThreshold),
			UnhealthyThreshold: pulumi.Int(svc.HealthCheck.UnhealthyThreshold),
		},
		// Always explicit: removing the block would leave stickiness as it was instead of turning it off.
		Stickiness: &lb.TargetGroupStickinessArgs{
			Type:           pulumi.String("lb_cookie"),
			Enabled:        pulumi.Bool(svc.Stickiness.Enabled),
			CookieDuration: pulumi.Int(svc.Stickiness.DurationSeconds),
		},
		Tags: nameTags(commonTags, groupName),
	}, parent)
	if err != nil {
		return ServiceTarget{}, err
	}

	var conditions lb.ListenerRuleConditionArray
	if len(routing.Hosts) > 0 {
		conditions = append(conditions, lb.ListenerRuleConditionArgs{
			HostHeader: &lb.ListenerRuleConditionHostHeaderArgs{Values: pulumi.ToStringArray(routing.Hosts)},
		})
	}
	if len(routing.Paths) > 0 {
		conditions = append(conditions, lb.ListenerRuleConditionArgs{
			PathPattern: &lb.ListenerRuleConditionPathPatternArgs{Values: pulumi.ToStringArray(routing.Paths)},
		})
	}
	rule, err := lb.NewListenerRule(ctx, name, &lb.ListenerRuleArgs{
		ListenerArn: listener.Arn,
		Priority:    pulumi.Int(priority),
		Conditions:  conditions,
		Actions: lb.ListenerRuleActionArray{lb.ListenerRuleActionArgs{
			Type:           pulumi.String("forward"),
			TargetGroupArn: group.Arn,
		}},
		Tags: nameTags(commonTags, name),
	}, parent)
	if err != nil {
		return ServiceTarget{}, err
	}

	return ServiceTarget{
		TargetGroupArn:            group.Arn,
		ContainerName:             routing.Container,
		ContainerPort:             routing.Port,
		RequestCountResourceLabel: pulumi.Sprintf("%s/%s", alb.ArnSuffix, group.ArnSuffix),
		ListenerRules:             []pulumi.Resource{rule},
	}, nil
}

// newNlb creates the internal NLB in front of the ALB: per ALB listener port a TCP listener forwarding to a target
// group of type "alb" that holds the ALB. Only TCP is allowed on this path, so TLS passes through to the ALB.
func newNlb(ctx *pulumi.Context, name string, alb *lb.LoadBalancer, albListeners map[int]*lb.Listener,
	ports []int, args *LoadBalancingArgs, parent pulumi.ResourceOption) (*lb.LoadBalancer, error) {
	nlb, err := lb.NewLoadBalancer(ctx, name, &lb.LoadBalancerArgs{
		Internal:                     pulumi.Bool(true),
		LoadBalancerType:             pulumi.String("network"),
		Subnets:                      args.SubnetIds,
		EnableCrossZoneLoadBalancing: pulumi.Bool(true),
		EnableDeletionProtection:     pulumi.Bool(args.Config.DeletionProtection),
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

// newAccessLogsBucket creates the ALB access log bucket: public access blocked, SSE-S3 (the only encryption ELB log
// delivery supports), objects expiring after cfg.ExpirationDays, and a policy that lets Elastic Load Balancing in
// region write under the ALB's prefix for accountId and refuses requests without TLS. cfg.ForceDestroy lets destroy
// delete the logs with the bucket (S3 refuses to delete a bucket that holds objects).
func newAccessLogsBucket(ctx *pulumi.Context, name, region string, accountId pulumi.StringOutput, cfg AccessLogsConfig,
	commonTags map[string]string, parent pulumi.ResourceOption) (*s3.BucketV2, *s3.BucketPolicy, error) {
	bucket, err := s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		ForceDestroy: pulumi.Bool(cfg.ForceDestroy),
		Tags:         nameTags(commonTags, name),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	publicAccessBlock, err := s3.NewBucketPublicAccessBlock(ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return nil, nil, err
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm: pulumi.String("AES256"),
			},
		}},
	}, parent); err != nil {
		return nil, nil, err
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name, &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{s3.BucketLifecycleConfigurationV2RuleArgs{
			Id:     pulumi.String("expire-access-logs"),
			Status: pulumi.String("Enabled"),
			Filter: &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String("")},
			Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{
				Days: pulumi.Int(cfg.ExpirationDays),
			},
			AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
				DaysAfterInitiation: pulumi.Int(1),
			},
		}},
	}, parent); err != nil {
		return nil, nil, err
	}
	principal := accessLogsPrincipal(region)
	policyJSON := pulumi.All(bucket.Arn, accountId).ApplyT(func(values []any) (string, error) {
		return accessLogsBucketPolicy(values[0].(string), values[1].(string), principal)
	}).(pulumi.StringOutput)
	// The public access block goes first: with BlockPublicPolicy on, S3 refuses only public policies, and this one
	// is not, but the order keeps the bucket closed at every moment.
	policy, err := s3.NewBucketPolicy(ctx, name, &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: policyJSON,
	}, parent, pulumi.DependsOn([]pulumi.Resource{publicAccessBlock}))
	if err != nil {
		return nil, nil, err
	}
	return bucket, policy, nil
}

// accessLogsBucketPolicy lets principal put the ALB's log objects for accountId and denies every request without TLS.
func accessLogsBucketPolicy(bucketArn, accountId string, principal map[string]any) (string, error) {
	return marshalPolicy(policyDocument{
		Version: iamPolicyVersion,
		Statement: []policyStatement{
			{
				Sid:       "ElbAccessLogDelivery",
				Effect:    "Allow",
				Principal: principal,
				Action:    []string{"s3:PutObject"},
				Resource:  []string{bucketArn + "/" + accessLogsPrefix + "/AWSLogs/" + accountId + "/*"},
			},
			{
				Sid:       "DenyInsecureTransport",
				Effect:    "Deny",
				Principal: map[string]any{"AWS": "*"},
				Action:    []string{"s3:*"},
				Resource:  []string{bucketArn, bucketArn + "/*"},
				Condition: map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
			},
		},
	})
}

// routedContainerPorts are the distinct container ports of the routed services, sorted.
func routedContainerPorts(services map[string]ServiceConfig) []int {
	seen := map[int]bool{}
	var ports []int
	for _, name := range sortedKeys(services) {
		if routing := services[name].Routing; routing != nil && !seen[routing.Port] {
			seen[routing.Port] = true
			ports = append(ports, routing.Port)
		}
	}
	slices.Sort(ports)
	return ports
}

// cidrName turns a CIDR into a resource-name fragment: "10.1.0.0/16" becomes "10-1-0-0-16".
func cidrName(cidr string) string {
	return strings.NewReplacer(".", "-", "/", "-", ":", "-").Replace(cidr)
}
