// Package awsstandin is a TEST DOUBLE for the Pulumi AWS provider (pulumi-resource-aws).
//
// It exists because the build and CI machines have no AWS account, no internet and cannot download the real
// provider plugin, yet the program and its policy pack must still run through the real Pulumi engine. It talks
// to no cloud: it keeps no state of its own, invents deterministic ids and ARNs, and only models what the engine
// and this program rely on:
//
//   - Check returns the inputs unchanged.
//   - Diff compares old and new inputs key by key and marks as replacements the properties AWS cannot update in
//     place (see replaceOnChange); a task definition is replaced on any change.
//   - Create during a preview returns no id, so computed outputs stay unknown; otherwise it returns the inputs
//     plus the computed outputs the program reads (id, arn, arnSuffix, dnsName, ...), derived from the type,
//     URN and inputs so reruns are stable.
//   - Read returns the recorded state, Update merges new inputs over the old computed outputs, Delete succeeds.
//   - Invoke answers nothing: any data-source call fails with an error naming the function.
//
// It is built as .bin/pulumi-resource-aws and put first on PATH only by the sandbox runner and the engine tests;
// it must never be used against, or mistaken for, AWS.
package awsstandin
