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
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	tagging "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	"github.com/stretchr/testify/require"
)

// replay answers the real SDK clients' HTTP requests with API responses stored under testdata, so the assertions
// are tested through the SDK's own deserializers (field names, enum spellings, pagination) and not against Go
// values written to suit them. The responses are written in the wire format of the API reference (EC2 and ELBv2:
// XML; ECS and the Tagging API: JSON 1.1); none comes from a real account.
//
// A request for action A is answered from the first scenario directory holding A.<n>.<ext> (the n-th call of A,
// for pagination and polling) or A.<ext>. A file starting with "status: <code>" is an error response.
type replay struct {
	t    *testing.T
	dirs []string

	mu       sync.Mutex
	calls    map[string]int
	requests map[string][]url.Values // query-protocol requests by action, for assertions on filters
	bodies   map[string][]string     // JSON-protocol request bodies by action
}

// newReplay answers from the scenarios, in order (e.g. "public-ip" before "passing").
func newReplay(t *testing.T, scenarios ...string) *replay {
	dirs := make([]string, len(scenarios))
	for i, scenario := range scenarios {
		dirs[i] = filepath.Join("testdata", scenario)
		_, err := os.Stat(dirs[i])
		require.NoError(t, err, "scenario %s", scenario)
	}
	return &replay{t: t, dirs: dirs, calls: map[string]int{}, requests: map[string][]url.Values{}, bodies: map[string][]string{}}
}

// Do implements the SDK's HTTPClient.
func (r *replay) Do(req *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	action := ""
	if target := req.Header.Get("X-Amz-Target"); target != "" {
		action = target[strings.LastIndex(target, ".")+1:]
	} else {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		action = form.Get("Action")
		r.mu.Lock()
		r.requests[action] = append(r.requests[action], form)
		r.mu.Unlock()
	}
	r.mu.Lock()
	r.calls[action]++
	call := r.calls[action]
	if req.Header.Get("X-Amz-Target") != "" {
		r.bodies[action] = append(r.bodies[action], string(body))
	}
	r.mu.Unlock()

	data, ext, err := r.response(action, call)
	if err != nil {
		return nil, err
	}
	status := http.StatusOK
	if rest, ok := bytes.CutPrefix(data, []byte("status: ")); ok {
		line, remainder, _ := bytes.Cut(rest, []byte("\n"))
		if _, err := fmt.Sscanf(string(line), "%d", &status); err != nil {
			return nil, fmt.Errorf("replay %s: bad status line %q", action, line)
		}
		data = remainder
	}
	contentType := "text/xml;charset=UTF-8"
	if ext == ".json" {
		contentType = "application/x-amz-json-1.1"
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Proto: "HTTP/1.1", ProtoMajor: 1,
		ProtoMinor: 1, Header: http.Header{"Content-Type": {contentType}, "X-Amzn-Requestid": {"replay"}},
		Body: io.NopCloser(bytes.NewReader(data)), ContentLength: int64(len(data)), Request: req}, nil
}

func (r *replay) response(action string, call int) ([]byte, string, error) {
	for _, dir := range r.dirs {
		for _, ext := range []string{".xml", ".json"} {
			for _, name := range []string{fmt.Sprintf("%s.%d%s", action, call, ext), action + ext} {
				data, err := os.ReadFile(filepath.Join(dir, name))
				if err == nil {
					return data, ext, nil
				}
			}
		}
	}
	return nil, "", fmt.Errorf("replay: no recorded response for %s (call %d) in %v", action, call, r.dirs)
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

func (r *replay) tagging() *tagging.Client {
	return tagging.New(tagging.Options{Region: "eu-west-1", HTTPClient: r, RetryMaxAttempts: 1, Credentials: aws.AnonymousCredentials{}})
}
