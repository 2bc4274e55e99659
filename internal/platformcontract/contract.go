// Package platformcontract is what a platform stack promises its app stacks: one typed, versioned value (the
// platform stack's output "platform") with the network, cluster, load balancer and the grants of every app stack,
// decoded and validated here and nowhere else. The package also holds what follows from a grant alone: the listener
// rule priorities an app stack derives inside its range, the routes it may claim, and its least-privilege deploy
// policy.
package platformcontract

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// OutputName is the platform stack output that carries the contract.
const OutputName = "platform"

// Version is the contract version this program writes and reads. Raise it when a field changes meaning or a field
// an app stack relies on is added; a field an app stack may ignore does not need a new version (decoding ignores
// fields it does not know).
const Version = 1

// Egress modes a platform's private subnets may have (components: network.egress).
const (
	EgressNone      = "none"
	EgressNatSingle = "nat-single"
	EgressNatPerAZ  = "nat-per-az"
)

// Ingress modes of a platform (components: ingress.mode).
const (
	IngressNone    = "none"
	IngressHTTPAPI = "http-api"
	IngressRestAPI = "rest-api"
)

// S3 gateway endpoint policies of a platform (components: endpoints.s3Policy).
const (
	S3PolicyRestricted = "restricted"
	S3PolicyOpen       = "open"
)

// Enumerations the contract accepts; components' config tests check them against the config's own values.
var (
	EgressModes  = []string{EgressNone, EgressNatSingle, EgressNatPerAZ}
	IngressModes = []string{IngressNone, IngressHTTPAPI, IngressRestAPI}
	S3Policies   = []string{S3PolicyRestricted, S3PolicyOpen}
	// CapacityProviders are the Fargate capacity providers (ECS: "FARGATE" and "FARGATE_SPOT").
	CapacityProviders = []string{"FARGATE", "FARGATE_SPOT"}
)

// Contract is the platform stack's promise to its app stacks.
type Contract struct {
	// ContractVersion is Version of the program that wrote it.
	ContractVersion int `json:"contractVersion"`
	// Region is the platform's AWS region; app stacks must deploy to the same one.
	Region string `json:"region"`
	// AccountId is the platform's AWS account.
	AccountId string `json:"accountId"`
	// Network is the VPC the app's tasks run in.
	Network Network `json:"network"`
	// InterfaceEndpoints are the short names of the platform's interface VPC endpoints ("ecr.api", "secretsmanager");
	// empty when endpoints are off.
	InterfaceEndpoints []string `json:"interfaceEndpoints"`
	// S3EndpointPolicy is the S3 gateway endpoint's policy (S3PolicyRestricted or S3PolicyOpen); empty when the
	// platform has no endpoints.
	S3EndpointPolicy string `json:"s3EndpointPolicy"`
	// Cluster is the ECS cluster the app's services join.
	Cluster Cluster `json:"cluster"`
	// LoadBalancer is the internal ALB; nil when the platform has none (loadBalancer.enabled: false).
	LoadBalancer *LoadBalancer `json:"loadBalancer,omitempty"`
	// IngressMode is how traffic from outside reaches the ALB.
	IngressMode string `json:"ingressMode"`
	// Apps are the grants, keyed by app stack name.
	Apps map[string]Grant `json:"apps"`
	// AppPermissionsBoundaryArn is the managed policy every role of an app stack carries as its permissions boundary
	// (the deploy policy admits no role without it); set when Apps is not empty.
	AppPermissionsBoundaryArn string `json:"appPermissionsBoundaryArn,omitempty"`
}

// Network is the platform's VPC as app stacks see it.
type Network struct {
	// VpcId is the VPC.
	VpcId string `json:"vpcId"`
	// VpcCidr is its IPv4 CIDR.
	VpcCidr string `json:"vpcCidr"`
	// PrivateSubnetIds are the private subnets, one per AZ, in AZ order.
	PrivateSubnetIds []string `json:"privateSubnetIds"`
	// Egress is the private subnets' internet egress mode (EgressModes).
	Egress string `json:"egress"`
}

// Cluster is the platform's ECS cluster.
type Cluster struct {
	// Name is the cluster name.
	Name string `json:"name"`
	// Arn is the cluster ARN.
	Arn string `json:"arn"`
	// CapacityProviders are the providers the cluster has (CapacityProviders).
	CapacityProviders []string `json:"capacityProviders"`
	// DefaultStrategy is the cluster's default capacity provider strategy, which a service without its own inherits.
	DefaultStrategy []StrategyItem `json:"defaultStrategy"`
}

// StrategyItem is one entry of a capacity provider strategy.
type StrategyItem struct {
	// CapacityProvider is one of CapacityProviders.
	CapacityProvider string `json:"capacityProvider"`
	// Weight is the relative share of tasks.
	Weight int `json:"weight"`
	// Base is the number of tasks placed first on this provider.
	Base int `json:"base"`
}

// LoadBalancer is the platform's internal ALB as app stacks see it.
type LoadBalancer struct {
	// RulesListenerArn is the listener that carries the service rules (HTTPS 443 with a certificate, else HTTP 80).
	RulesListenerArn string `json:"rulesListenerArn"`
	// ListenerArns are every listener of the ALB keyed by port ("80", "443").
	ListenerArns map[string]string `json:"listenerArns"`
	// SecurityGroupId is the ALB's security group: app task groups admit it, and only it, on their container port.
	SecurityGroupId string `json:"securityGroupId"`
}

// DecodeError lists every problem of a contract, each naming its field.
type DecodeError struct {
	// Stack is the platform stack that exported the contract.
	Stack string
	// Problems are "field: message" lines, sorted.
	Problems []string
}

// Error implements error.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("platform stack %s: output %q is not a usable platform contract:\n  - %s", e.Stack, OutputName,
		strings.Join(e.Problems, "\n  - "))
}

// Encode turns the contract into the plain value the platform stack exports (maps, lists, strings and numbers,
// as a stack output holds them).
func (c Contract) Encode() (map[string]any, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	var value map[string]any
	err = json.Unmarshal(raw, &value)
	return value, err
}

// Decode reads the contract from the value of the platform stack's output (as StackReference returns it: nil when
// the output does not exist) and validates it. stack names the platform stack in messages. A version this program
// does not know is refused first, saying which side to upgrade; then every missing or bad field is named at once.
func Decode(stack string, value any) (*Contract, error) {
	fail := func(format string, args ...any) error {
		return &DecodeError{Stack: stack, Problems: []string{fmt.Sprintf(format, args...)}}
	}
	object, ok := value.(map[string]any)
	if !ok {
		if value == nil {
			return nil, fail("the output does not exist: the platform stack predates platform contracts or has not "+
				"been deployed; run `pulumi up` on %s with this program's version first", stack)
		}
		return nil, fail("is a %T, not an object", value)
	}
	version, ok := object["contractVersion"].(float64)
	switch {
	case !ok:
		return nil, fail("contractVersion: is missing or not a number; upgrade the platform stack %s to a program "+
			"version that writes contract version %d", stack, Version)
	case version > Version:
		return nil, fail("contractVersion: %v is newer than this program understands (%d); upgrade the app stack's "+
			"program to the platform's version", version, Version)
	case version < Version:
		return nil, fail("contractVersion: %v is older than this program understands (%d); upgrade the platform stack "+
			"%s to this program's version and run `pulumi up` on it first", version, Version, stack)
	}
	raw, err := json.Marshal(object)
	if err != nil {
		return nil, fail("%v", err)
	}
	var c Contract
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fail("does not have the contract's shape: %v", err)
	}
	if problems := c.Problems(); len(problems) > 0 {
		return nil, &DecodeError{Stack: stack, Problems: problems}
	}
	return &c, nil
}

// Patterns of the identifiers a contract carries. Sources: the EC2 API reference's resource ids (vpc-, subnet-, sg-
// followed by 8 or 17 hex digits, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html), ARN format
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html), 12-digit account ids
// (https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html), ECS cluster names ("Up to 255
// letters (uppercase and lowercase), numbers, underscores, and hyphens", API_CreateCluster.html).
var (
	regionPattern        = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)
	accountPattern       = regexp.MustCompile(`^\d{12}$`)
	vpcIdPattern         = regexp.MustCompile(`^vpc-[0-9a-f]{8}([0-9a-f]{9})?$`)
	subnetIdPattern      = regexp.MustCompile(`^subnet-[0-9a-f]{8}([0-9a-f]{9})?$`)
	securityGroupPattern = regexp.MustCompile(`^sg-[0-9a-f]{8}([0-9a-f]{9})?$`)
	clusterNamePattern   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)
	clusterArnPattern    = regexp.MustCompile(`^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster/([A-Za-z0-9_-]{1,255})$`)
	policyArnPattern     = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:policy/[A-Za-z0-9+=,.@_/-]+$`)
	listenerArnPattern   = regexp.MustCompile(`^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener/app/[A-Za-z0-9-]+/[0-9a-f]+/[0-9a-f]+$`)
	endpointPattern      = regexp.MustCompile(`^[a-z0-9]+([.-][a-z0-9]+)*$`)
)

// Problems returns every problem of the contract, "field: message", sorted; none for a usable contract.
func (c Contract) Problems() []string {
	var p []string
	add := func(field, format string, args ...any) { p = append(p, field+": "+fmt.Sprintf(format, args...)) }
	match := func(field, value string, pattern *regexp.Regexp, what string) {
		if !pattern.MatchString(value) {
			add(field, "%q is not %s", value, what)
		}
	}
	match("region", c.Region, regionPattern, "an AWS region")
	match("accountId", c.AccountId, accountPattern, "a 12-digit account id")
	match("network.vpcId", c.Network.VpcId, vpcIdPattern, "a VPC id (vpc-…)")
	if prefix, err := netip.ParsePrefix(c.Network.VpcCidr); err != nil || !prefix.Addr().Is4() || prefix.Masked() != prefix {
		add("network.vpcCidr", "%q is not an IPv4 CIDR", c.Network.VpcCidr)
	}
	if len(c.Network.PrivateSubnetIds) == 0 {
		add("network.privateSubnetIds", "is empty")
	}
	for i, id := range c.Network.PrivateSubnetIds {
		match(fmt.Sprintf("network.privateSubnetIds[%d]", i), id, subnetIdPattern, "a subnet id (subnet-…)")
	}
	if !slices.Contains(EgressModes, c.Network.Egress) {
		add("network.egress", "%q is not one of %s", c.Network.Egress, strings.Join(EgressModes, ", "))
	}
	for i, service := range c.InterfaceEndpoints {
		match(fmt.Sprintf("interfaceEndpoints[%d]", i), service, endpointPattern, "an endpoint service short name")
	}
	switch {
	case len(c.InterfaceEndpoints) == 0 && c.S3EndpointPolicy != "":
		add("s3EndpointPolicy", "%q is set, but the platform lists no endpoints", c.S3EndpointPolicy)
	case len(c.InterfaceEndpoints) > 0 && !slices.Contains(S3Policies, c.S3EndpointPolicy):
		add("s3EndpointPolicy", "%q is not one of %s", c.S3EndpointPolicy, strings.Join(S3Policies, ", "))
	}
	match("cluster.name", c.Cluster.Name, clusterNamePattern, "an ECS cluster name")
	if m := clusterArnPattern.FindStringSubmatch(c.Cluster.Arn); m == nil {
		add("cluster.arn", "%q is not an ECS cluster ARN", c.Cluster.Arn)
	} else if m[1] != c.Cluster.Name {
		add("cluster.arn", "%q names cluster %q, not cluster.name %q", c.Cluster.Arn, m[1], c.Cluster.Name)
	}
	for i, provider := range c.Cluster.CapacityProviders {
		if !slices.Contains(CapacityProviders, provider) {
			add(fmt.Sprintf("cluster.capacityProviders[%d]", i), "%q is not one of %s", provider, strings.Join(CapacityProviders, ", "))
		}
	}
	if len(c.Cluster.DefaultStrategy) == 0 {
		add("cluster.defaultStrategy", "is empty")
	}
	for i, item := range c.Cluster.DefaultStrategy {
		if !slices.Contains(c.Cluster.CapacityProviders, item.CapacityProvider) {
			add(fmt.Sprintf("cluster.defaultStrategy[%d].capacityProvider", i), "%q is not one of the cluster's "+
				"capacityProviders %v", item.CapacityProvider, c.Cluster.CapacityProviders)
		}
	}
	if lb := c.LoadBalancer; lb != nil {
		match("loadBalancer.rulesListenerArn", lb.RulesListenerArn, listenerArnPattern, "an ALB listener ARN")
		if len(lb.ListenerArns) == 0 {
			add("loadBalancer.listenerArns", "is empty")
		}
		found := false
		for _, port := range slices.Sorted(maps.Keys(lb.ListenerArns)) {
			match("loadBalancer.listenerArns."+port, lb.ListenerArns[port], listenerArnPattern, "an ALB listener ARN")
			found = found || lb.ListenerArns[port] == lb.RulesListenerArn
		}
		if !found {
			add("loadBalancer.rulesListenerArn", "%q is not one of listenerArns", lb.RulesListenerArn)
		}
		match("loadBalancer.securityGroupId", lb.SecurityGroupId, securityGroupPattern, "a security group id (sg-…)")
	}
	if !slices.Contains(IngressModes, c.IngressMode) {
		add("ingressMode", "%q is not one of %s", c.IngressMode, strings.Join(IngressModes, ", "))
	}
	if len(c.Apps) > 0 || c.AppPermissionsBoundaryArn != "" {
		match("appPermissionsBoundaryArn", c.AppPermissionsBoundaryArn, policyArnPattern, "an IAM managed policy ARN")
	}
	for _, problem := range GrantProblems(c.Apps) {
		p = append(p, "apps."+problem.Key+": "+problem.Message)
	}
	sort.Strings(p)
	return p
}
