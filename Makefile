# Build, test and sandbox targets. Everything runs offline: the only downloads are Go modules from the Go module
# proxy. `make sandbox` and `make test` are the two commands for a fresh machine (see README).
#
#   make test      gofmt check, go vet, staticcheck, actionlint, go test ./... (engine tests included: they need the
#                  three binaries below; the Go benchmarks run once each in the same go test)
#   make lint      staticcheck and actionlint alone
#   make sandbox   preview (with the policy pack), up and outputs of the dev stack on local state, with the
#                  stand-in AWS provider (a test double) instead of AWS; STACK=<name> picks another stack
#                  (after `make sandbox`, STACK=dev-payments runs the app stack on the dev platform)
#   make sandbox-destroy   destroy the sandbox stack (app stacks before their platform: ECS refuses otherwise)
#   make diagram   docs/architecture-$(STACK).md (Mermaid), .dot and .svg, drawn from components.Program run under
#                  recording mocks (installs the Debian package graphviz for the SVG where dot is missing);
#                  `make diagrams` does every stack
#   make cost      the fixed monthly cost estimate of $(STACK), line by line, with the other egress modes
#   make live-test the live acceptance test on a real AWS account (tests/live; needs credentials, AWS_REGION and a
#                  stock pulumi, else it skips); `make live-clean LIVE_TEST_STACK=live-…` tears a left-over stack down
#   make bench     the policy pack's Go benchmarks (make test runs them once each)
#   make bench-engine  the pack's cost on a preview through the engine at 1/10/30/60 services, interleaved A/B
#   make bench-scale   preview time and memory at 10/60/200 services, with and without the pack, interleaved, and
#                  the growth per resource (README "Tests", scale figures)
#
# Binaries go to .bin/ (git-ignored); sandbox state to .state/ and .pulumi-home/ (git-ignored).

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
BIN := .bin
STACK ?= dev
PULUMI_VERSION := v3.259.0
# The engine tests take a few minutes; the default 10-minute go test timeout is too tight on a busy 2-core machine.
TEST_TIMEOUT ?= 45m

.PHONY: test fmt-check vet lint go-test binaries sandbox sandbox-destroy FORCE
.DEFAULT_GOAL := test

# The Pulumi CLI: reused from PATH if it is exactly $(PULUMI_VERSION), else built from the Go module proxy
# (about 5 minutes cold on 2 cores). The script is idempotent and prints progress.
$(BIN)/pulumi: FORCE
	@PULUMI_VERSION=$(PULUMI_VERSION) ./scripts/pulumi-cli.sh

# The stand-in AWS provider (internal/awsstandin, a test double), under the real provider's plugin name.
$(BIN)/pulumi-resource-aws: FORCE
	@echo "build: $@ (stand-in AWS provider, a test double) ($$(date +%T))"
	@$(GO) build -o $@ ./internal/awsstandin/cmd/pulumi-resource-aws

# The policy pack as an executable, usable as `--policy-pack <binary>`.
$(BIN)/private-fargate-policy: FORCE
	@echo "build: $@ (policy pack) ($$(date +%T))"
	@$(GO) build -o $@ ./policy

$(BIN)/sandbox: FORCE
	@echo "build: $@ (sandbox runner; the first build compiles the AWS SDK packages the program uses)"
	@$(GO) build -o $@ ./cmd/sandbox

# Linters, pinned in tools/lint (staticcheck v0.6.1, actionlint v1.7.9) and built from the Go module proxy.
$(BIN)/staticcheck: FORCE
	@echo "build: $@ (staticcheck, pinned in tools/lint)"
	@cd tools/lint && $(GO) build -o ../../$@ honnef.co/go/tools/cmd/staticcheck

$(BIN)/actionlint: FORCE
	@echo "build: $@ (actionlint, pinned in tools/lint)"
	@cd tools/lint && $(GO) build -o ../../$@ github.com/rhysd/actionlint/cmd/actionlint

lint: $(BIN)/staticcheck $(BIN)/actionlint
	@echo "test: staticcheck ./..."
	@$(BIN)/staticcheck ./...
	@echo "test: actionlint .github/workflows"
	@$(BIN)/actionlint

binaries: $(BIN)/pulumi $(BIN)/pulumi-resource-aws $(BIN)/private-fargate-policy

fmt-check:
	@echo "test: gofmt check ($$(date +%T))"
	@unformatted="$$(gofmt -l $$(find . -name '*.go' -not -path './.git/*' -not -path './.state/*' -not -path './.pulumi-home/*'))"; \
	if [[ -n "$$unformatted" ]]; then echo "gofmt: these files are not formatted (run gofmt -w on them):"; echo "$$unformatted"; exit 1; fi

vet:
	@echo "test: go vet ./... ($$(date +%T))"
	@$(GO) vet ./...

# How go test runs in `make test` (README "Tests", test time):
#   -ldflags=-w   test binaries without DWARF: linking the ~100 MB binaries of the packages that import the pulumi-aws
#                 SDK is a third of go test's CPU, and DWARF about a third of each link (components: 9-12 CPU-s -> 7).
#                 Only debuggers read DWARF; panics and stack traces come from the pclntab, which is kept.
#   -parallel 4   the engine tests wait on the CLI, the stand-in's settle times and the Automation API's 10 s before
#                 it kills a cancelled CLI: more tests than cores in flight keep both cores busy.
# No -bench here: -bench is not one of go test's cacheable flags, so with it no package's result is ever reused and a
# warm `make test` reruns everything (measured 167 s against 110 s); bench-smoke runs the benchmarks on their own.
GO_TEST_FLAGS ?= -ldflags=-w -parallel 4

# ENGINE_TEST_* tell tests/engine where the binaries are; with them set, a missing binary fails the tests
# instead of skipping them.
go-test: binaries
	@echo "test: go test ./... (engine tests included) ($$(date +%T))"
	@ENGINE_TEST_BIN_DIR=$(abspath $(BIN)) ENGINE_TEST_POLICY_PACK=$(abspath $(BIN))/private-fargate-policy \
		$(GO) test -timeout $(TEST_TIMEOUT) $(GO_TEST_FLAGS) ./...

test: binaries fmt-check vet lint go-test live-unit bench-smoke
	@echo "test: all passed ($$(date +%T))"

# Every benchmark once (policy/bench_test.go, internal/schedexpr), so they cannot rot: `make test` runs this after
# its go test; `make bench` measures (compare runs with benchstat, or A/B builds in one run: the machine is shared).
bench-smoke:
	@echo "test: benchmarks, one iteration each ($$(date +%T))"
	@$(GO) test -ldflags=-w -run '^$$' -bench . -benchtime=1x ./policy/ ./internal/schedexpr/

bench:
	@$(GO) test -run '^$$' -bench . -benchmem -count 5 ./policy/

# What the policy pack adds to a preview through the real engine at 1, 10, 30 and 60 services, interleaved with
# previews without it (cmd/bench-engine; stacks generated in a temporary copy). BENCH_ENGINE_FLAGS=-rounds 9, say.
bench-engine: binaries
	@$(GO) build -o $(BIN)/bench-engine ./cmd/bench-engine
	@$(BIN)/bench-engine $(BENCH_ENGINE_FLAGS)

# Preview time and memory as the stack grows (cmd/bench-scale): 10, 60 and 200 services, with and without the pack,
# interleaved; BENCH_SCALE_FLAGS=-rounds 5, say. Minutes long: never part of `make test`.
bench-scale: binaries
	@$(GO) build -o $(BIN)/bench-scale ./cmd/bench-scale
	@$(BIN)/bench-scale $(BENCH_SCALE_FLAGS)

.PHONY: bench-smoke bench bench-engine bench-scale

sandbox: binaries $(BIN)/sandbox
	@$(BIN)/sandbox -stack $(STACK) preview
	@$(BIN)/sandbox -stack $(STACK) up
	@$(BIN)/sandbox -stack $(STACK) outputs

sandbox-destroy: binaries $(BIN)/sandbox
	@$(BIN)/sandbox -stack $(STACK) destroy

# Architecture diagrams (internal/archdiagram, cmd/archdiagram). A test fails when docs/ differs from the program.
diagram:
	@./scripts/ensure-graphviz.sh
	@$(GO) run ./cmd/archdiagram -stack $(STACK) -svg

diagrams:
	@./scripts/ensure-graphviz.sh
	@$(GO) run ./cmd/archdiagram -all -svg

# Monthly cost estimate (internal/costestimate, cmd/costestimate), from the stack's validated config.
cost:
	@$(GO) run ./cmd/costestimate -stack $(STACK)

.PHONY: diagram diagrams cost

# tests/live is a Go module of its own, so the AWS SDK for Go v2 never weighs on the program's compile. `make test`
# vets it (with and without the `live` build tag), runs staticcheck on it and unit-tests its assertions offline,
# through the real SDK clients against API responses written in the API's wire format (tests/live/testdata); the
# live test itself needs -tags live and never runs here.
live-unit: $(BIN)/pulumi $(BIN)/staticcheck
	@echo "test: tests/live: go vet, staticcheck, go test ./... (assertions offline; no AWS) ($$(date +%T))"
	@cd tests/live && $(GO) vet ./... && $(GO) vet -tags live ./... && \
		../../$(BIN)/staticcheck ./... && ../../$(BIN)/staticcheck -tags live ./... && \
		ENGINE_TEST_BIN_DIR=$(abspath $(BIN)) $(GO) test -ldflags=-w -timeout $(TEST_TIMEOUT) ./...

# The live acceptance test on a real AWS account (README "Proving it on AWS"): needs AWS credentials, AWS_REGION
# and a stock pulumi CLI on PATH (it runs `pulumi plugin install resource aws 6.83.2` itself); without them it skips
# with one line. It always destroys its stack; `make live-clean LIVE_TEST_STACK=live-…` destroys one a killed run left.
# The timeout leaves the test 45 minutes of its own for teardown: go test's timeout kills without cleanup.
LIVE_TEST_TIMEOUT ?= 150m
live-test:
	@cd tests/live && $(GO) test -tags live -count=1 -v -timeout $(LIVE_TEST_TIMEOUT) -run '^TestLive$$' .

live-clean:
	@cd tests/live && $(GO) test -tags live -count=1 -v -timeout 60m -run '^TestCleanupLiveStack$$' .

.PHONY: live-unit live-test live-clean

FORCE:
