package components

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

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
	// The app stacks' granted ports too: app stacks never modify the platform's groups.
	targetPorts := append(routedContainerPorts(args.Services), args.AppTargetPorts...)
	slices.Sort(targetPorts)
	for _, port := range slices.Compact(targetPorts) {
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
