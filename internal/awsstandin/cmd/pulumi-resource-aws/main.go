// Command pulumi-resource-aws serves the stand-in AWS provider (a TEST DOUBLE, see package awsstandin) under the
// real provider's plugin name, so the Pulumi engine picks it up from PATH. It is built into .bin/ and put on PATH
// only by the sandbox runner and the engine tests. When AWS_STANDIN_JOURNAL names a file, every create, update
// and delete is appended to it as a JSON line.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"

	"github.com/private-fargate/private-fargate/internal/awsstandin"
)

func main() {
	var journal io.Writer
	if path := os.Getenv(awsstandin.JournalEnv); path != "" {
		file, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fmt.Fprintf(os.Stderr, "pulumi-resource-aws (stand-in): cannot open journal: %v\n", err)
			os.Exit(1)
		}
		defer file.Close()
		journal = file
	}
	err := provider.Main("aws", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return plugin.NewProviderServer(awsstandin.New(journal)), nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-resource-aws (stand-in): %v\n", err)
		os.Exit(1)
	}
}
