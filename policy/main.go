// Command policy is the private-fargate-guardrails policy pack: the deploy-time guard rails of the private Fargate
// platform, served over the Pulumi analyzer protocol.
//
// Run it as a directory pack (`pulumi preview --policy-pack ./policy`, needs the Go language host of a stock Pulumi
// install) or build it and pass the binary (`go build -o .bin/private-fargate-policy ./policy`, then
// `--policy-pack .bin/private-fargate-policy`). The engine starts the binary with its own address as the only
// argument; it serves the analyzer and prints the port it listens on, as policyx.Main does. The server
// (server.go) is the pack's own: policyx's unpacks every resource once per policy, which made the pack's cost grow
// with resources × policies; the policy metadata are still policyx's types.
package main

import (
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"

	"github.com/private-fargate/private-fargate/policy/rules"
)

func main() {
	if err := serve(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// serve starts the analyzer the way policyx.Main does (sdk v3.259 go/pulumi/policyx/server.go): a gRPC server on a
// port the kernel picks, the port on stdout as the protocol requires, then serving until the engine stops the
// process.
func serve() error {
	p, err := newPack(rules.Rules(), rules.StackRules())
	if err != nil {
		return fmt.Errorf("fatal: %w", err)
	}
	srv := newAnalyzerServer(p)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(s *grpc.Server) error {
			pulumirpc.RegisterAnalyzerServer(s, srv)
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("fatal: %v", err)
	}
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		return fmt.Errorf("fatal: %v", err)
	}
	return nil
}
