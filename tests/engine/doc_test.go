// Package engine holds the engine tests: they run components.Program through the real Pulumi engine (the pinned
// CLI, inline through the Automation API) with the policy pack binary and the stand-in AWS provider (a test
// double), on throw-away local state. They need the binaries `make test` builds and skip without them.
package engine
