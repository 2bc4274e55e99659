// Package awsstandin is a TEST DOUBLE for the Pulumi AWS provider (pulumi-resource-aws): a contract double that
// refuses what pulumi-aws v6.83.2, the terraform-provider-aws v5 schemas it wraps, and AWS refuse.
//
// It exists because the build and CI machines have no AWS account, no internet and cannot download the real
// provider plugin, yet the program and its policy pack must still run through the real Pulumi engine. It talks
// to no cloud; within one provider process (one preview, up or destroy) it keeps a registry of every resource the
// engine showed it (registry.go), and across processes it knows what exists from the journal it appends to when
// AWS_STANDIN_JOURNAL names one (livestate.go). Every constraint carries a one-line citation
// (a terraform-provider-aws schema file, pulumi-aws provider source or an AWS API/guide page) in a table in code:
//
//   - Check fills auto-names as pulumi-aws does, "<resource name>-<7 hex>", and fails when that is longer than the
//     type allows, never truncating (autoname.go); it applies the Required, enumeration, range, length and pattern
//     constraints of every input the program sets, and cross-input rules such as ExactlyOneOf (contract.go); and it
//     judges the shape rules that need other resources once their values are known: subnets inside their VPC and
//     not overlapping, ALBs in two AZs on /27 subnets, one interface-endpoint subnet per AZ, listener and target
//     group protocols that fit the load balancer type (crossrules.go). AWS tag limits apply to every resource.
//     Failures are CheckFailures naming the property. Unknown values are not judged until they are known.
//   - Diff reports replacements from a table of ForceNew attributes and CustomizeDiff conditions
//     (replacements.go), whose property names a test proves against the pulumi-aws SDK.
//   - Create during a preview returns no id, so computed outputs stay unknown; otherwise it applies the ordering
//     rules (a service after its target group is forwarded to and after its cluster has the capacity providers of
//     its strategy, a NAT gateway after an internet gateway, an ALB target after the ALB listens on the group's
//     port), judged by what exists at that moment, and invents ids and ARNs derived from the type, URN and inputs
//     so reruns are stable (identity.go). Internet gateways, listeners, listener rules and cluster capacity
//     providers settle 250 ms after creation, so a missing dependsOn meets them missing every run: a NAT gateway
//     or a service naming an unassociated capacity provider then fails, while a service whose target group is not
//     forwarded to yet is retried for a scaled-down window, as terraform-provider-aws retries CreateService, and
//     fails only if no listener or rule forwards to the group by then.
//   - Create and Update refuse a physical identity a live resource of the type already holds (a name in its scope,
//     a listener port, a rule priority), as each API does: AlreadyExists / Duplicate errors, or the existing
//     resource for the idempotent APIs and the Put APIs that overwrite (names.go). The live resources span the
//     stack's operations, so a create-before-delete replacement meets its predecessor.
//   - AWS_STANDIN_FAULTS fails chosen calls with an AWS error code, as the SDK returns it after its retries
//     (faults.go); off unless set.
//   - Read returns the recorded state; Update merges new inputs over the old computed outputs.
//   - Delete refuses a load balancer with deletion protection, a bucket a load balancer wrote access logs to
//     without forceDestroy, and a security group another live resource references (deletes.go).
//   - Invoke answers nothing: any data-source call fails with an error naming the function.
//
// What only AWS can judge (IAM policy evaluation, service quotas, capacity, image pulls) is out of its reach.
// It is built as .bin/pulumi-resource-aws and put first on PATH only by the sandbox runner and the engine tests;
// it must never be used against, or mistaken for, AWS.
package awsstandin
