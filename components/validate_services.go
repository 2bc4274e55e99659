package components

// validateServices checks cluster and the task/service part of services.
func (c *Config) validateServices(p *problems) {
	// Filled in by the ECS services work (issue 4).
}
