// Package live is the opt-in acceptance test of private-fargate on a real AWS account (`make live-test`): it deploys
// a throwaway stack with a stock Pulumi install, checks what only AWS can show (no public IPv4 anywhere in the VPC,
// an internal ALB with healthy targets, tasks running the pushed image, endpoints with private DNS, no default route,
// traffic from inside the VPC through the ALB, an on-demand job run with its exported runTask input that pulls its
// image through the endpoints and exits 0 without reaching the internet, a scheduled job's schedule in the stack's
// group starting its task without a public IP, every exported alarm present with its actions on the stack's topic and
// not in ALARM once the services are steady, the dashboard, the jobs' failed-run rules), checks idempotency, then
// always destroys the stack and fails on any resource left tagged with its name.
//
// The assertions are plain functions over small interfaces of the AWS SDK for Go v2 clients, unit-tested offline
// (`make test`) through the real SDK clients against hand-written API responses. The live test itself is in
// live_test.go behind the `live` build tag, so `go test ./...` never runs it.
//
// This is a Go module of its own, so the AWS SDK never weighs on the program's compile.
package live
