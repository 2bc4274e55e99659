// Command costestimate prints a stack's fixed monthly cost estimate (internal/costestimate): one line per NAT
// gateway set, public IPv4, interface endpoints, load balancer and Fargate service, the usage rates left out of the
// total, the stated assumptions, and what the same stack would cost in the other egress modes.
//
// Usage:
//
//	costestimate [-repo dir] [-stack dev] [-format text|markdown]
//
// `make cost STACK=dev` runs it; the sandbox prints it after the outputs and the PR preview adds the markdown.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/private-fargate/private-fargate/internal/programrun"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("costestimate", flag.ContinueOnError)
	flags.SetOutput(stderr)
	stackFlags := programrun.NewStackFlags(flags, programrun.StackFlagUsage)
	format := flags.String("format", "text", "text or markdown")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(stderr, "costestimate: -format %q: want text or markdown\n", *format)
		return 2
	}
	root, err := stackFlags.RepoRoot()
	if err != nil {
		fmt.Fprintf(stderr, "costestimate: %v\n", err)
		return 1
	}
	report, err := programrun.CostReport(root, stackFlags.Stack())
	if err != nil {
		fmt.Fprintf(stderr, "costestimate: %v\n", err)
		return 1
	}
	if *format == "markdown" {
		fmt.Fprint(stdout, report.Markdown())
	} else {
		fmt.Fprint(stdout, report.Text())
	}
	return 0
}
