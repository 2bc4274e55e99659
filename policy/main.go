// Command policy is the private-fargate-guardrails policy pack: the deploy-time guard rails of the private Fargate
// platform, served over the Pulumi analyzer protocol by the official policyx SDK.
//
// Run it as a directory pack (`pulumi preview --policy-pack ./policy`, needs the Go language host of a stock Pulumi
// install) or build it and pass the binary (`go build -o .bin/private-fargate-policy ./policy`, then
// `--policy-pack .bin/private-fargate-policy`). The engine starts the binary with its own address as the only
// argument; policyx.Main serves the analyzer and prints the port it listens on.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

func main() {
	if err := policyx.Main(func(*pulumi.Context) (policyx.PolicyPack, error) { return newPolicyPack() }); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
