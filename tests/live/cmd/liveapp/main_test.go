package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServeAnswersBodyOnEveryPath(t *testing.T) {
	server := httptest.NewServer(handler())
	defer server.Close()
	for _, path := range []string{"/", "/health", "/anything"} {
		resp, err := http.Get(server.URL + path)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, path)
		assert.Equal(t, Body, string(body), path)
	}
}

func TestProbeExitsZeroWhenTheServiceAnswers(t *testing.T) {
	server := httptest.NewServer(handler())
	defer server.Close()
	var out bytes.Buffer
	assert.Equal(t, 0, probe(server.URL+"/", 3, time.Millisecond, &out))
	assert.Contains(t, out.String(), "attempt 1/3: 200 OK")
}

func TestProbeRetriesUntilTheServiceAnswers(t *testing.T) {
	calls := 0
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls < 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		handler().ServeHTTP(w, r)
	}))
	defer server.Close()
	var out bytes.Buffer
	assert.Equal(t, 0, probe(server.URL, 5, time.Millisecond, &out))
	assert.Equal(t, 3, calls)
}

func TestProbeFailsOnSomethingElseAnswering(t *testing.T) {
	// An ALB's fixed 404 (no rule matched), or a 200 that is not the app, is not the service.
	for name, h := range map[string]http.HandlerFunc{
		"fixed 404": func(w http.ResponseWriter, r *http.Request) { http.Error(w, "Not Found", http.StatusNotFound) },
		"other 200": func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "hello") },
	} {
		server := httptest.NewServer(h)
		var out bytes.Buffer
		assert.Equal(t, 1, probe(server.URL, 2, time.Millisecond, &out), name)
		assert.Equal(t, 2, strings.Count(out.String(), "\n"), name)
		server.Close()
	}
}

func TestProbeFailsWhenNothingListens(t *testing.T) {
	server := httptest.NewServer(handler())
	url := server.URL
	server.Close()
	var out bytes.Buffer
	assert.Equal(t, 1, probe(url, 1, time.Millisecond, &out))
}

func TestRunRejectsBadArguments(t *testing.T) {
	var out, errOut bytes.Buffer
	assert.Equal(t, 2, run(nil, &out, &errOut))
	assert.Equal(t, 2, run([]string{"probe"}, &out, &errOut))
	assert.Equal(t, 2, run([]string{"probe", "http://x", "zero"}, &out, &errOut))
	assert.Equal(t, 2, run([]string{"dance"}, &out, &errOut))
	assert.Equal(t, 2, run([]string{"offline"}, &out, &errOut))
	assert.Equal(t, 2, run([]string{"offline", "a:1", "b:2"}, &out, &errOut))
}

func TestOfflineFailsWhenItConnects(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer listener.Close()
	var out bytes.Buffer
	assert.Equal(t, 1, offline(listener.Addr().String(), time.Second, &out))
	assert.Contains(t, out.String(), "has a path to the internet")
}

func TestOfflinePassesWhenNothingAnswers(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	address := listener.Addr().String()
	require.NoError(t, listener.Close())
	var out bytes.Buffer
	assert.Equal(t, 0, offline(address, time.Second, &out))
	assert.Contains(t, out.String(), "cannot be reached")
	out.Reset()
	assert.Equal(t, 0, run([]string{"offline", "no-such-host.invalid:443"}, &out, &out))
}
