package platformcontract

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Read reads and decodes the contract of the platform stack ("<org>/<project>/<stack>") through a StackReference,
// synchronously (StackReference.GetOutputDetails), so an app stack can validate its config against it before it
// registers any resource. A secret output is read too: the contract holds no secret, but a platform may mark outputs
// secret wholesale.
func Read(ctx *pulumi.Context, platformStack string) (*Contract, error) {
	ref, err := pulumi.NewStackReference(ctx, platformStack, &pulumi.StackReferenceArgs{Name: pulumi.String(platformStack)})
	if err != nil {
		return nil, fmt.Errorf("platform stack %s: %w", platformStack, err)
	}
	details, err := ref.GetOutputDetails(OutputName)
	if err != nil {
		return nil, fmt.Errorf("platform stack %s: reading output %q: %w", platformStack, OutputName, err)
	}
	value := details.Value
	if value == nil {
		value = details.SecretValue
	}
	return Decode(platformStack, value)
}
