package components

// validateLoadBalancing checks loadBalancer, ingress and the routing part of services.
func (c *Config) validateLoadBalancing(p *problems) {
	// Filled in by the load-balancing work (issue 3).
}
