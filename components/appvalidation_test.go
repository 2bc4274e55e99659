package components

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
	"github.com/private-fargate/private-fargate/internal/platformcontract"
)

const (
	testPlatform = "acme/private-fargate/dev"
	testApp      = "dev-payments"
	ecrImage     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments:1.0"
	testListener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/loadbalancing-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
)

// devContract is what a dev platform (egress none, the default endpoints, FARGATE default) exports with one grant.
func devContract() *platformcontract.Contract {
	return &platformcontract.Contract{
		ContractVersion: platformcontract.Version,
		Region:          "eu-west-1",
		AccountId:       "123456789012",
		Network: platformcontract.Network{
			VpcId:            "vpc-0123456789abcdef0",
			VpcCidr:          "10.0.0.0/16",
			PrivateSubnetIds: []string{"subnet-0123456789abcdef0", "subnet-0123456789abcdef1"},
			Egress:           EgressNone,
		},
		InterfaceEndpoints: []string{"ecr.api", "ecr.dkr", "logs"},
		S3EndpointPolicy:   S3PolicyRestricted,
		Cluster: platformcontract.Cluster{
			Name:              "services-cluster-1234567",
			Arn:               "arn:aws:ecs:eu-west-1:123456789012:cluster/services-cluster-1234567",
			CapacityProviders: []string{"FARGATE", "FARGATE_SPOT"},
			DefaultStrategy:   []platformcontract.StrategyItem{{CapacityProvider: "FARGATE", Weight: 1, Base: 1}},
		},
		LoadBalancer: &platformcontract.LoadBalancer{
			RulesListenerArn: testListener,
			ListenerArns:     map[string]string{"80": testListener},
			SecurityGroupId:  "sg-0123456789abcdef0",
		},
		IngressMode: IngressNone,
		Apps: map[string]platformcontract.Grant{testApp: {
			Hosts: []string{"pay.example.com"}, PathPrefixes: []string{"/billing/"},
			Priorities:  platformcontract.PriorityRange{First: 20000, Last: 20999},
			TargetPorts: []int{8080}, SubnetAddresses: 20,
		}},
	}
}

// paymentsService is a valid routed app service, changed by edit, with defaults applied.
func paymentsService(edit func(*ServiceConfig)) ServiceConfig {
	svc := ServiceConfig{
		TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{AppContainer: {Image: ecrImage, Ports: []int{8080}}}},
		Routing:    &RoutingConfig{Hosts: []string{"pay.example.com"}, Paths: []string{"/billing/*"}},
	}
	if edit != nil {
		edit(&svc)
	}
	svc.applyDefaults()
	return svc
}

func withS3Statement(svc *ServiceConfig) {
	svc.TaskRole.Statements = []PolicyStatementConfig{{Effect: "Allow", Actions: []string{"s3:GetObject"},
		Resources: []string{"arn:aws:s3:::payments-invoices/*"}}}
}

func withSecret(svc *ServiceConfig) {
	app := svc.Containers[AppContainer]
	app.Secrets = map[string]string{"DB_URL": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"}
	svc.Containers[AppContainer] = app
}

// appProblems validates services against the contract and returns the problems (none when valid).
func appProblems(t *testing.T, contract *platformcontract.Contract, region string, services map[string]ServiceConfig) []string {
	t.Helper()
	_, err := ValidateApp(testPlatform, testApp, contract, &Config{Region: region, Services: services})
	if err == nil {
		return nil
	}
	var configErr *ConfigError
	require.True(t, errors.As(err, &configErr), "want a *ConfigError, got %v", err)
	return configErr.Problems
}

func TestValidateAppServicesDerivesPrioritiesInsideTheGrant(t *testing.T) {
	services := map[string]ServiceConfig{"billing": paymentsService(nil), "worker": paymentsService(func(s *ServiceConfig) {
		s.Routing = nil
	})}
	priorities, err := ValidateApp(testPlatform, testApp, devContract(), &Config{Region: "eu-west-1", Services: services})
	require.NoError(t, err)
	grant := devContract().Apps[testApp].Priorities
	assert.Equal(t, map[string]int{"billing": platformcontract.DerivedPriority("billing", grant)}, priorities)
	assert.True(t, grant.Contains(priorities["billing"]))
}

func TestValidateAppServicesNamesThePlatformKeyToChange(t *testing.T) {
	for _, tc := range []struct {
		name     string
		contract func(*platformcontract.Contract)
		region   string
		service  func(*ServiceConfig)
		key      string
		message  string
	}{
		{"a secret without the platform's secretsmanager endpoint", nil, "eu-west-1", withSecret,
			"services.billing.containers.app.secrets.DB_URL",
			`needs the secretsmanager interface endpoint: the platform has network.egress "none" and no secretsmanager endpoint, so the task cannot reach it; ask the platform team to add "secretsmanager" to endpoints.extra of platform stack ` + testPlatform},
		{"ECS Exec without the platform's ssmmessages endpoint", nil, "eu-west-1", func(s *ServiceConfig) {
			s.EcsExec = true
			app := s.Containers[AppContainer]
			app.ReadonlyRootFilesystem = boolPtr(false)
			s.Containers[AppContainer] = app
		}, "services.billing.ecsExec", `"ssmmessages" to endpoints.extra of platform stack ` + testPlatform},
		{"an image from Docker Hub under the platform's egress none", nil, "eu-west-1", func(s *ServiceConfig) {
			s.Containers[AppContainer] = ContainerConfig{Image: "nginx:1.27", Ports: []int{8080}}
		}, "services.billing.containers.app.image",
			`cannot be pulled with network.egress of platform stack ` + testPlatform + ` "none"`},
		{"private ECR of another region", nil, "eu-west-1", func(s *ServiceConfig) {
			s.Containers[AppContainer] = ContainerConfig{Image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/payments:1.0", Ports: []int{8080}}
		}, "services.billing.containers.app.image", "private ECR in eu-west-1"},
		{"ARM64 inheriting the platform's Spot default", func(c *platformcontract.Contract) {
			c.Cluster.DefaultStrategy = []platformcontract.StrategyItem{{CapacityProvider: "FARGATE_SPOT", Weight: 1}}
		}, "eu-west-1", func(s *ServiceConfig) { s.Architecture = "ARM64" }, "services.billing.architecture",
			"which cluster.capacityProviderStrategy of platform stack " + testPlatform + " (the default it inherits) lists"},
		{"a capacity provider the platform's cluster lacks", func(c *platformcontract.Contract) {
			c.Cluster.CapacityProviders = []string{"FARGATE"}
		}, "eu-west-1", func(s *ServiceConfig) {
			s.CapacityProviderStrategy = []CapacityProviderStrategyItem{{CapacityProvider: "FARGATE_SPOT"}}
		}, "services.billing.capacityProviderStrategy[0].capacityProvider", `"FARGATE_SPOT" is not a capacity provider of the platform's cluster`},
		{"the platform has no endpoints under egress none", func(c *platformcontract.Contract) {
			c.InterfaceEndpoints = nil
		}, "eu-west-1", nil, "services.billing", "no ecr.api, ecr.dkr, logs endpoint"},
		{"another app's path", nil, "eu-west-1", func(s *ServiceConfig) { s.Routing.Paths = []string{"/shop/*"} },
			"services.billing.routing", `path "/shop/*" is not under the granted prefixes /billing/ (apps.dev-payments.hosts of platform stack ` + testPlatform},
		{"another host", nil, "eu-west-1", func(s *ServiceConfig) { s.Routing.Hosts = []string{"shop.example.com"} },
			"services.billing.routing", `host "shop.example.com" is not one of the granted hosts pay.example.com`},
		{"a priority outside the range", nil, "eu-west-1", func(s *ServiceConfig) { s.Routing.Priority = 100 },
			"services.billing.routing.priority", "100 is outside 20000–20999, the range the platform grants this stack (apps.dev-payments.priorities of platform stack " + testPlatform + ")"},
		{"a port the ALB may not reach", nil, "eu-west-1", func(s *ServiceConfig) {
			s.Containers[AppContainer] = ContainerConfig{Image: ecrImage, Ports: []int{9090}}
		}, "services.billing.routing.port", "apps.dev-payments.targetPorts of platform stack " + testPlatform},
		{"more tasks than the granted addresses", nil, "eu-west-1", func(s *ServiceConfig) {
			s.Autoscaling = &AutoscalingConfig{Max: 30}
		}, "services", "the platform grants this stack 20 (apps.dev-payments.subnetAddresses of platform stack " + testPlatform + ")"},
		{"routing on a platform without an ALB", func(c *platformcontract.Contract) { c.LoadBalancer = nil }, "eu-west-1", nil,
			"services.billing.routing", "loadBalancer.enabled of platform stack " + testPlatform + " is false"},
		{"an S3 statement under the platform's restricted S3 endpoint policy", nil, "eu-west-1", withS3Statement,
			"services.billing.taskRole.statements[0]", `allows s3:GetObject on S3, but the platform's S3 gateway endpoint ` +
				`policy is "restricted": it admits only the platform's own task roles' S3 requests, so this role's would be ` +
				`denied at the endpoint; ask the platform team to set endpoints.s3Policy of platform stack ` + testPlatform + ` to "open"`},
		{"another region", nil, "us-east-1", nil, "aws:region", `"us-east-1" is not the platform's region "eu-west-1"`},
		{"no region", nil, "", nil, "aws:region", `set it to the platform's region "eu-west-1"`},
		{"a stack the platform does not grant", func(c *platformcontract.Contract) {
			c.Apps = map[string]platformcontract.Grant{"dev-search": c.Apps[testApp]}
		}, "eu-west-1", nil, "platform", `grants nothing to stack "dev-payments"; the platform team adds apps.dev-payments`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			contract := devContract()
			if tc.contract != nil {
				tc.contract(contract)
			}
			problems := appProblems(t, contract, tc.region, map[string]ServiceConfig{"billing": paymentsService(tc.service)})
			want := tc.key + ": "
			assert.True(t, slices.ContainsFunc(problems, func(p string) bool {
				return strings.HasPrefix(p, want) && strings.Contains(p, tc.message)
			}), "no problem %q…%q in:\n%s", want, tc.message, strings.Join(problems, "\n"))
		})
	}
}

func TestValidateAppServicesPassesWhatThePlatformProvides(t *testing.T) {
	contract := devContract()
	contract.InterfaceEndpoints = append(contract.InterfaceEndpoints, "secretsmanager")
	assert.Empty(t, appProblems(t, contract, "eu-west-1", map[string]ServiceConfig{"billing": paymentsService(withSecret)}))

	contract = devContract()
	contract.S3EndpointPolicy = S3PolicyOpen
	assert.Empty(t, appProblems(t, contract, "eu-west-1", map[string]ServiceConfig{"billing": paymentsService(withS3Statement)}),
		"an open S3 endpoint policy admits the app's S3 requests")

	contract = devContract()
	contract.Network.Egress = EgressNatSingle
	assert.Empty(t, appProblems(t, contract, "eu-west-1", map[string]ServiceConfig{"billing": paymentsService(func(s *ServiceConfig) {
		withSecret(s)
		s.Containers[AppContainer] = ContainerConfig{Image: "nginx:1.27", Ports: []int{8080}, Secrets: s.Containers[AppContainer].Secrets}
	})}), "with NAT egress, public images and secrets need no endpoint")
}

func TestValidateAppServicesReportsEveryProblemAtOnce(t *testing.T) {
	contract := devContract()
	problems := appProblems(t, contract, "us-east-1", map[string]ServiceConfig{
		"billing": paymentsService(func(s *ServiceConfig) { withSecret(s); s.Routing.Paths = []string{"/shop/*"} }),
		"api":     paymentsService(func(s *ServiceConfig) { s.Routing.Priority = 7; s.Routing.Paths = []string{"/billing/api/*"} }),
	})
	keys := map[string]bool{}
	for _, problem := range problems {
		key, _, _ := strings.Cut(problem, ": ")
		keys[key] = true
	}
	assert.Equal(t, map[string]bool{"aws:region": true, "services.billing.containers.app.secrets.DB_URL": true,
		"services.billing.routing": true, "services.api.routing.priority": true}, keys)
}

// TestContractEnumerationsMatchTheConfig: the contract accepts exactly the values the platform's config does.
func TestContractEnumerationsMatchTheConfig(t *testing.T) {
	assert.Equal(t, []string{EgressNone, EgressNatSingle, EgressNatPerAZ}, platformcontract.EgressModes)
	assert.Equal(t, []string{IngressNone, IngressHTTPAPI, IngressRestAPI}, platformcontract.IngressModes)
	assert.Equal(t, capacityProviders, platformcontract.CapacityProviders)
	assert.Equal(t, []string{S3PolicyRestricted, S3PolicyOpen}, platformcontract.S3Policies)
}

// platformWith is a defaulted platform config (two AZs, /20 subnets) with the given services.
func platformWith(services map[string]ServiceConfig) *Config {
	cfg := &Config{Region: "eu-west-1", Network: NetworkConfig{AvailabilityZones: []string{"eu-west-1a", "eu-west-1b"}},
		Services: services}
	cfg.applyDefaults()
	return cfg
}

func TestValidateAppGrants(t *testing.T) {
	web := func(edit func(*RoutingConfig)) map[string]ServiceConfig {
		routing := &RoutingConfig{Hosts: []string{"www.example.com"}}
		if edit != nil {
			edit(routing)
		}
		return map[string]ServiceConfig{"web": {TaskConfig: TaskConfig{Containers: map[string]ContainerConfig{
			AppContainer: {Image: ecrImage, Ports: []int{80}}}}, Routing: routing}}
	}
	webPriority := DerivedRulePriority("web")
	payments := platformcontract.Grant{Hosts: []string{"pay.example.com"}, Priorities: platformcontract.PriorityRange{
		First: 20000, Last: 20999}, TargetPorts: []int{8080}, SubnetAddresses: 100}
	for _, tc := range []struct {
		name     string
		cfg      *Config
		apps     map[string]platformcontract.Grant
		wantKeys []string
		message  string
	}{
		{"grants that avoid the platform's own rules", platformWith(web(nil)), map[string]platformcontract.Grant{
			testApp: payments}, nil, ""},
		{"a range over a platform service's derived priority", platformWith(web(nil)), map[string]platformcontract.Grant{
			testApp: {Hosts: payments.Hosts, Priorities: platformcontract.PriorityRange{First: webPriority, Last: webPriority + 10}}},
			[]string{"services.web.routing.priority"}, "(derived from the service name) is inside"},
		{"a platform rule that may take the app's traffic", platformWith(web(func(r *RoutingConfig) {
			r.Hosts = []string{"*.example.com"}
		})), map[string]platformcontract.Grant{testApp: payments}, []string{"services.web.routing"},
			"may match requests granted to app dev-payments"},
		{"a platform service named into the app's prefix", platformWith(map[string]ServiceConfig{"payments-api": {}}), map[string]platformcontract.Grant{testApp: payments},
			[]string{"services.payments-api"}, `start with "dev-payments-api", inside app dev-payments's prefix "dev-payments-"`},
		{"more addresses than the subnets hold", platformWith(nil), map[string]platformcontract.Grant{
			testApp: {Hosts: payments.Hosts, Priorities: payments.Priorities, SubnetAddresses: 4096}},
			[]string{"apps"}, "grant 4096 addresses per private subnet to app tasks, but /20 subnets have 4096"},
		{"target ports without an ALB", func() *Config {
			cfg := platformWith(nil)
			cfg.LoadBalancer.Enabled = boolPtr(false)
			return cfg
		}(), map[string]platformcontract.Grant{testApp: payments}, []string{"apps"}, "loadBalancer.enabled is false"},
		{"the platform granting itself", platformWith(nil), map[string]platformcontract.Grant{"dev": payments},
			[]string{"apps.dev"}, "is this platform stack itself"},
		{"grant problems are keyed under apps", platformWith(nil), map[string]platformcontract.Grant{
			testApp: {Hosts: []string{"Pay"}, Priorities: payments.Priorities}}, []string{"apps.dev-payments.hosts[0]"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p problems
			tc.cfg.validateAppGrants(&p, "dev", tc.apps)
			var keys []string
			for _, problem := range p {
				key, _, _ := strings.Cut(problem, ": ")
				keys = append(keys, key)
			}
			assert.Equal(t, tc.wantKeys, keys, strings.Join(p, "\n"))
			if tc.message != "" && len(p) > 0 {
				assert.Contains(t, p[0], tc.message)
			}
		})
	}
}

// TestValidateAppRefusesRoleNamesIAMCannotHold: an app stack's roles are auto-named after the stack and the service
// or job ("<app>-<service>-execution-<7 hex>"); a long pair is refused before any resource, naming the key.
func TestValidateAppRefusesRoleNamesIAMCannotHold(t *testing.T) {
	longApp := "dev-payments-settlements" // 24 characters
	contract := devContract()
	contract.Apps[longApp] = contract.Apps[testApp]
	delete(contract.Apps, testApp)
	long := strings.Repeat("s", 30)
	_, err := ValidateApp(testPlatform, longApp, contract, &Config{Region: "eu-west-1",
		Services: map[string]ServiceConfig{long: paymentsService(nil), "api": paymentsService(func(s *ServiceConfig) {
			s.Routing.Paths = []string{"/billing/api/*"}
		})}})
	var configErr *ConfigError
	require.ErrorAs(t, err, &configErr)
	require.Len(t, configErr.Problems, 1, "only the long service: %v", configErr.Problems)
	assert.True(t, strings.HasPrefix(configErr.Problems[0], "services."+long+": "+awstypes.IamRole), configErr.Problems[0])
	assert.Contains(t, configErr.Problems[0], "shorten the name or the app stack's name")
}
