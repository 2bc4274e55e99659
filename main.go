// Command private-fargate is the Pulumi program of the private Fargate platform; all of it lives in
// components.Program so that tests and the offline sandbox run exactly what `pulumi up` runs.
package main

import (
	"github.com/private-fargate/private-fargate/components"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(components.Program)
}
