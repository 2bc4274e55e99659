package live

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	"github.com/aws/aws-sdk-go-v2/service/scheduler"
	"github.com/stretchr/testify/require"
)

// replay answers the real SDK clients' HTTP requests with API responses stored under testdata, so the assertions
// are tested through the SDK's own deserializers (field names, enum spellings, pagination) and not against Go
// values written to suit them. The responses are written in the wire format of the API reference (EC2 and ELBv2:
// XML; ECS, the Tagging API and EventBridge: JSON 1.1; EventBridge Scheduler: REST JSON); none comes from a real
// account. CloudWatch's client (v1.76.0) speaks Smithy RPC v2 CBOR, a binary format: its responses are stored as
// JSON of the same shape and encoded to CBOR here (cborFromJSON), so what the tests assert against stays readable.
//
// A request for action A is answered from the first scenario directory holding A.<n>.<ext> (the n-th call of A,
// for pagination and polling) or A.<ext>. A file starting with "status: <code>" is an error response; lines
// "header: <Name>: <value>" after it are response headers.
type replay struct {
	t    *testing.T
	dirs []string

	mu       sync.Mutex
	calls    map[string]int
	requests map[string][]url.Values // query-protocol requests by action, for assertions on filters
	bodies   map[string][]string     // JSON-protocol request bodies by action (CBOR ones decoded to JSON)
	paths    map[string][]string     // REST-protocol request URIs (path and query) by action
}

// restActions name the REST-protocol operations the assertions call, by method and path prefix (Scheduler API
// reference: GetSchedule is GET /schedules/{Name}).
var restActions = []struct{ method, prefix, action string }{
	{http.MethodGet, "/schedules/", "GetSchedule"},
}

// newReplay answers from the scenarios, in order (e.g. "public-ip" before "passing").
func newReplay(t *testing.T, scenarios ...string) *replay {
	dirs := make([]string, len(scenarios))
	for i, scenario := range scenarios {
		dirs[i] = filepath.Join("testdata", scenario)
		_, err := os.Stat(dirs[i])
		require.NoError(t, err, "scenario %s", scenario)
	}
	return &replay{t: t, dirs: dirs, calls: map[string]int{}, requests: map[string][]url.Values{}, bodies: map[string][]string{},
		paths: map[string][]string{}}
}

// The wire protocols the recorded clients speak.
type protocol int

const (
	protocolQuery    protocol = iota // EC2, ELBv2, IAM: form-encoded request, XML response
	protocolJSON11                   // X-Amz-Target header, JSON 1.1 body
	protocolRESTJSON                 // the action is the method and path (restActions)
	protocolCBOR                     // Smithy RPC v2: POST /service/<service>/operation/<action>, CBOR body
)

// Do implements the SDK's HTTPClient.
func (r *replay) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil { // a GET has none
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
	}
	action, wire, err := r.record(req, body)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.calls[action]++
	call := r.calls[action]
	r.mu.Unlock()

	data, err := r.response(action, call)
	if err != nil {
		return nil, err
	}
	status := http.StatusOK
	header := http.Header{"X-Amzn-Requestid": {"replay"}}
	if rest, ok := bytes.CutPrefix(data, []byte("status: ")); ok {
		line, remainder, _ := bytes.Cut(rest, []byte("\n"))
		if _, err := fmt.Sscanf(string(line), "%d", &status); err != nil {
			return nil, fmt.Errorf("replay %s: bad status line %q", action, line)
		}
		data = remainder
		for {
			field, ok := bytes.CutPrefix(data, []byte("header: "))
			if !ok {
				break
			}
			line, remainder, _ := bytes.Cut(field, []byte("\n"))
			name, value, ok := strings.Cut(string(line), ": ")
			if !ok {
				return nil, fmt.Errorf("replay %s: bad header line %q", action, line)
			}
			header.Add(name, value)
			data = remainder
		}
	}
	switch wire {
	case protocolQuery:
		header.Set("Content-Type", "text/xml;charset=UTF-8")
	case protocolJSON11:
		header.Set("Content-Type", "application/x-amz-json-1.1")
	case protocolRESTJSON:
		header.Set("Content-Type", "application/json")
	case protocolCBOR:
		// Smithy RPC v2 CBOR: a response carries the protocol header and a CBOR body.
		header.Set("Content-Type", "application/cbor")
		header.Set("Smithy-Protocol", "rpc-v2-cbor")
		if data, err = cborFromJSON(data); err != nil {
			return nil, fmt.Errorf("replay %s: %w", action, err)
		}
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1,
		ProtoMinor: 1, Header: header, Body: io.NopCloser(bytes.NewReader(data)), ContentLength: int64(len(data)), Request: req}, nil
}

// record tells the request's action and protocol and keeps what the tests assert on: the form of a query request,
// the body of a JSON or CBOR one (CBOR as JSON), the URI of a REST one.
func (r *replay) record(req *http.Request, body []byte) (string, protocol, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if req.Header.Get("Smithy-Protocol") == "rpc-v2-cbor" {
		_, action, ok := strings.Cut(req.URL.Path, "/operation/")
		if !ok {
			return "", 0, fmt.Errorf("replay: RPC v2 request to %s names no operation", req.URL.Path)
		}
		document, err := jsonFromCBOR(body)
		if err != nil {
			return "", 0, fmt.Errorf("replay %s: request body: %w", action, err)
		}
		r.bodies[action] = append(r.bodies[action], document)
		return action, protocolCBOR, nil
	}
	if target := req.Header.Get("X-Amz-Target"); target != "" {
		action := target[strings.LastIndex(target, ".")+1:]
		r.bodies[action] = append(r.bodies[action], string(body))
		return action, protocolJSON11, nil
	}
	for _, rest := range restActions {
		if req.Method == rest.method && strings.HasPrefix(req.URL.Path, rest.prefix) {
			r.paths[rest.action] = append(r.paths[rest.action], req.URL.RequestURI())
			return rest.action, protocolRESTJSON, nil
		}
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return "", 0, err
	}
	action := form.Get("Action")
	r.requests[action] = append(r.requests[action], form)
	return action, protocolQuery, nil
}

func (r *replay) response(action string, call int) ([]byte, error) {
	for _, dir := range r.dirs {
		for _, ext := range []string{".xml", ".json"} {
			for _, name := range []string{fmt.Sprintf("%s.%d%s", action, call, ext), action + ext} {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err == nil {
					return data, nil
				}
			}
		}
	}
	return nil, fmt.Errorf("replay: no recorded response for %s (call %d) in %v", action, call, r.dirs)
}

// pathsOf are the URIs action was requested at (REST protocol).
func (r *replay) pathsOf(action string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.paths[action]
}

// callsOf is how many times action was requested.
func (r *replay) callsOf(action string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[action]
}

// The clients under test: the real SDK clients with the replay as their HTTP client, no retries and no credentials
// (anonymous requests are not signed).
func (r *replay) ec2() *ec2.Client {
	return ec2.New(ec2.Options{Region: "eu-west-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}

func (r *replay) elb() *elb.Client {
	return elb.New(elb.Options{Region: "eu-west-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}

func (r *replay) ecs() *ecs.Client {
	return ecs.New(ecs.Options{Region: "eu-west-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}

func (r *replay) iam() *iam.Client {
	return iam.New(iam.Options{Region: "us-east-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}

func (r *replay) scheduler() *scheduler.Client {
	return scheduler.New(scheduler.Options{Region: "eu-west-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}

func (r *replay) tagging() *tagging.Client {
	return tagging.New(tagging.Options{Region: "eu-west-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}

func (r *replay) cloudwatch() *cloudwatch.Client {
	return cloudwatch.New(cloudwatch.Options{Region: "eu-west-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}

func (r *replay) eventbridge() *eventbridge.Client {
	return eventbridge.New(eventbridge.Options{Region: "eu-west-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}
