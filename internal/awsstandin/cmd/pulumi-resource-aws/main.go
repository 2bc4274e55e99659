// Command pulumi-resource-aws serves the stand-in AWS provider (a TEST DOUBLE, see package awsstandin) under the
// real provider's plugin name, so the Pulumi engine picks it up from PATH. It is built into .bin/ and put on PATH
// only by the sandbox runner and the engine tests. When AWS_STANDIN_JOURNAL names a file, every create, update
// and delete is appended to it as a JSON line, and what it says still exists is live for this process (names stay
// taken across operations). AWS_STANDIN_FAULTS fails chosen calls (awsstandin.FaultsEnv).
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
	var earlier []awsstandin.JournalEntry
	if path := os.Getenv(awsstandin.JournalEnv); path != "" {
		var err error
		if earlier, err = awsstandin.ReadJournal(path); err != nil {
			fail("cannot read journal", err)
		}
		file, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			fail("cannot open journal", err)
		}
		defer file.Close()
		journal = file
	}
	faults, err := awsstandin.ParseFaults(os.Getenv(awsstandin.FaultsEnv))
	if err != nil {
		fail("bad faults", err)
	}
	stub := awsstandin.New(journal)
	stub.Restore(earlier)
	if len(faults) > 0 {
		stub.InjectFaults(faults)
	}
	err = provider.Main("aws", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return plugin.NewProviderServer(stub), nil
	})
	if err != nil {
		fail("", err)
	}
}

func fail(what string, err error) {
	if what != "" {
		what += ": "
	}
	fmt.Fprintf(os.Stderr, "pulumi-resource-aws (stand-in): %s%v\n", what, err)
	os.Exit(1)
}
