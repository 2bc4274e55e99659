package programrun

import (
	"fmt"

	"github.com/private-fargate/private-fargate/components"
	"github.com/private-fargate/private-fargate/internal/costestimate"
	"github.com/private-fargate/private-fargate/internal/platformcontract"
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
	if cfg.Platform == "" {
		return costestimate.EstimateInventory(components.CostInventory(stack, cfg))
	}
	// An app stack: its tasks on the platform its contract describes, as the repository's platform stack would
	// export it.
	outputs, err := ShippedPlatforms(repoRoot)(cfg.Platform)
	if err != nil {
		return nil, fmt.Errorf("app stack %s: no cost estimate without its platform's contract: %w", stack, err)
	}
	contract, err := platformcontract.Decode(cfg.Platform, outputs[platformcontract.OutputName])
	if err != nil {
		return nil, err
	}
	return costestimate.EstimateInventory(components.AppCostInventory(stack, cfg, contract))
}
