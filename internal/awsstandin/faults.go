package awsstandin

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// FaultsEnv names the environment variable that makes the stand-in fail chosen calls, as AWS does now and then: a
// list of faults separated by ";", each a list of key=value separated by ",":
//
//	op=create,target=aws:ecs/service:Service,nth=2,code=ThrottlingException
//
// op is create, update, delete or read; target a resource type token or a URN; nth which matching call of this
// provider process fails (default 1; the engine starts one process per preview, up, refresh or destroy); code the AWS
// error code. hang=<Go duration> holds the call that long before it fails, ignoring cancellation, as a request AWS
// has not answered yet does. A failed call changes nothing in (pretend) AWS. Previews call no AWS API and are never
// failed. Unset, nothing fails.
const FaultsEnv = "AWS_STANDIN_FAULTS"

// faultOps are the operations a fault can name, with the verb terraform-provider-aws puts before the resource in
// its errors.
var faultOps = map[string]string{"create": "creating", "update": "updating", "delete": "deleting", "read": "reading"}

// retriedCodes are the error codes the AWS SDK for Go v2 retries on its own before it returns them (aws/retry:
// DefaultThrottleErrorCodes and DefaultRetryableErrorCodes; 5xx status codes are retried too).
var retriedCodes = []string{"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
	"TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
	"RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
	"PriorRequestNotComplete", "EC2ThrottledException", "RequestTimeout", "RequestTimeoutException",
	"InternalError", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException"}

// maxAttempts is how many times terraform-provider-aws sends a retryable request before it gives up
// (terraform-provider-aws website/docs/index.html.markdown, max_retries: "If omitted, the default value is 25").
const maxAttempts = 25

// Fault is one call the stand-in fails.
type Fault struct {
	// Op is create, update, delete or read.
	Op string
	// Target is a resource type token or a URN.
	Target string
	// Nth is which matching call fails, from 1.
	Nth int
	// Code is the AWS error code the call fails with.
	Code string
	// Hang holds the call this long before it fails.
	Hang time.Duration
}

// String renders the fault in FaultsEnv's syntax.
func (f Fault) String() string {
	s := fmt.Sprintf("op=%s,target=%s,nth=%d,code=%s", f.Op, f.Target, f.Nth, f.Code)
	if f.Hang > 0 {
		s += ",hang=" + f.Hang.String()
	}
	return s
}

// FormatFaults renders faults as FaultsEnv's value.
func FormatFaults(faults ...Fault) string {
	parts := make([]string, 0, len(faults))
	for _, f := range faults {
		parts = append(parts, f.String())
	}
	return strings.Join(parts, ";")
}

// ParseFaults reads FaultsEnv's value, reporting every malformed fault at once.
func ParseFaults(spec string) ([]Fault, error) {
	var faults []Fault
	var problems []error
	for i, item := range strings.Split(spec, ";") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		f := Fault{Nth: 1}
		for _, field := range strings.Split(item, ",") {
			key, value, ok := strings.Cut(strings.TrimSpace(field), "=")
			var err error
			switch {
			case !ok:
				err = fmt.Errorf("%q is not key=value", field)
			case key == "op":
				f.Op = value
				if _, known := faultOps[value]; !known {
					err = fmt.Errorf("op %q is not create, update, delete or read", value)
				}
			case key == "target":
				f.Target = value
			case key == "nth":
				f.Nth, err = strconv.Atoi(value)
				if err == nil && f.Nth < 1 {
					err = fmt.Errorf("nth %d is not 1 or more", f.Nth)
				}
			case key == "code":
				f.Code = value
			case key == "hang":
				f.Hang, err = time.ParseDuration(value)
			default:
				err = fmt.Errorf("unknown key %q (op, target, nth, code, hang)", key)
			}
			if err != nil {
				problems = append(problems, fmt.Errorf("%s fault %d (%q): %w", FaultsEnv, i+1, item, err))
			}
		}
		if f.Op == "" || f.Target == "" || f.Code == "" {
			problems = append(problems, fmt.Errorf("%s fault %d (%q): op, target and code are required", FaultsEnv, i+1, item))
		}
		faults = append(faults, f)
	}
	return faults, errors.Join(problems...)
}

// faultPlan counts the calls each fault watches and fails the one it names.
type faultPlan struct {
	mu     sync.Mutex
	faults []Fault
	calls  []int
}

// InjectFaults makes the provider fail the calls faults name (see FaultsEnv). Call it before serving.
func (p *Provider) InjectFaults(faults []Fault) {
	p.faults = &faultPlan{faults: slices.Clone(faults), calls: make([]int, len(faults))}
}

// fault returns the error of the fault that names this call, after its hang, or nil.
func (p *Provider) fault(op string, typ tokens.Type, urn resource.URN, id resource.ID) error {
	plan := p.faults
	if plan == nil {
		return nil
	}
	plan.mu.Lock()
	var fired *Fault
	for i, f := range plan.faults {
		if f.Op != op || (f.Target != string(typ) && f.Target != string(urn)) {
			continue
		}
		plan.calls[i]++
		if plan.calls[i] == f.Nth && fired == nil {
			fired = &plan.faults[i]
		}
	}
	plan.mu.Unlock()
	if fired == nil {
		return nil
	}
	time.Sleep(fired.Hang)
	return faultError(*fired, typ, urn, id)
}

// faultError is the error terraform-provider-aws returns when the AWS SDK gives up: a retried code after the last
// attempt, any other code at once.
func faultError(f Fault, typ tokens.Type, urn resource.URN, id resource.ID) error {
	what := urn.Name()
	if id != "" {
		what = string(id)
	}
	service := typ.Module().Name().String()
	if i := strings.Index(service, "/"); i >= 0 {
		service = service[:i]
	}
	operation := strings.ToUpper(f.Op[:1]) + f.Op[1:] + typ.Name().String()
	attempts := ""
	if slices.Contains(retriedCodes, f.Code) {
		attempts = fmt.Sprintf(" exceeded maximum number of attempts, %d,", maxAttempts)
	}
	return fmt.Errorf("%s %s (%s): operation error %s: %s,%s https response error StatusCode: 400, RequestID: %s, "+
		"api error %s: injected by the stand-in (%s=%q)", faultOps[f.Op], typ.Name(), what, service, operation,
		attempts, requestID(f.String()), f.Code, FaultsEnv, f.String())
}
