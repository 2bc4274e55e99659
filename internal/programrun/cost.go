package programrun

import (
	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/costestimate"
)

// CostReport estimates a stack's fixed monthly cost from its Pulumi.<stack>.yaml, validated and defaulted exactly as
// the program does (`make cost`, the sandbox and the PR preview use it).
func CostReport(repoRoot, stack string) (*costestimate.Report, error) {
	raw, err := LoadStackConfig(repoRoot, stack)
	if err != nil {
		return nil, err
	}
	cfg, err := LoadConfig(stack, raw)
	if err != nil {
		return nil, err
	}
	return costestimate.EstimateInventory(components.CostInventory(stack, cfg))
}
