// Command liveapp is the image the live acceptance test pushes to ECR and runs on Fargate. `liveapp serve` answers
// every request with 200 and Body on $PORT (default 8080); `liveapp probe <url>` requests url until it answers 200
// with Body (at most -attempts times) and exits 0, else 1 — the one-off task that proves the ALB is reachable from
// inside the VPC. `liveapp offline <host:port>` exits 0 when a TCP connection to host:port fails, 1 when it succeeds —
// the live stack's jobs, which prove their task has no path to the internet. Standard library only, so it builds as
// one static binary.
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// Body is what serve answers and what probe expects: a 200 from anything else (an ALB fixed response, a proxy) is
// not the service.
const Body = "private-fargate live app\n"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: liveapp serve | liveapp probe <url> [attempts] | liveapp offline <host:port>")
		return 2
	}
	switch args[0] {
	case "serve":
		port := os.Getenv("PORT")
		if port == "" {
			port = "8080"
		}
		server := &http.Server{Addr: ":" + port, Handler: handler(), ReadHeaderTimeout: 10 * time.Second}
		fmt.Fprintf(stdout, "liveapp: serving on :%s\n", port)
		if err := server.ListenAndServe(); err != nil {
			fmt.Fprintf(stderr, "liveapp: %v\n", err)
			return 1
		}
		return 0
	case "probe":
		if len(args) < 2 {
			fmt.Fprintln(stderr, "usage: liveapp probe <url> [attempts]")
			return 2
		}
		attempts := 30
		if len(args) > 2 {
			n, err := strconv.Atoi(args[2])
			if err != nil || n < 1 {
				fmt.Fprintf(stderr, "liveapp: attempts %q is not a positive integer\n", args[2])
				return 2
			}
			attempts = n
		}
		return probe(args[1], attempts, 2*time.Second, stdout)
	case "offline":
		if len(args) != 2 {
			fmt.Fprintln(stderr, "usage: liveapp offline <host:port>")
			return 2
		}
		return offline(args[1], 10*time.Second, stdout)
	}
	fmt.Fprintf(stderr, "liveapp: unknown command %q\n", args[0])
	return 2
}

func handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, Body)
	})
}

// probe prints one line per attempt, so the task's log stream shows what the ALB answered.
func probe(url string, attempts int, wait time.Duration, stdout io.Writer) int {
	client := &http.Client{Timeout: 5 * time.Second}
	for attempt := 1; attempt <= attempts; attempt++ {
		ok, detail := request(client, url)
		fmt.Fprintf(stdout, "liveapp probe %s: attempt %d/%d: %s\n", url, attempt, attempts, detail)
		if ok {
			return 0
		}
		if attempt < attempts {
			time.Sleep(wait)
		}
	}
	return 1
}

// offline tries one TCP connection to address. In subnets without a route to the internet it cannot be made (the
// dial times out, or the name does not resolve): exit 0. A connection means the task has an internet path: exit 1.
func offline(address string, timeout time.Duration, stdout io.Writer) int {
	conn, err := net.DialTimeout("tcp", address, timeout)
	if err != nil {
		fmt.Fprintf(stdout, "liveapp offline: %s cannot be reached (%v): no internet path, as intended\n", address, err)
		return 0
	}
	_ = conn.Close()
	fmt.Fprintf(stdout, "liveapp offline: connected to %s: this task has a path to the internet\n", address)
	return 1
}

func request(client *http.Client, url string) (bool, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false, err.Error()
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if err != nil {
		return false, err.Error()
	}
	if resp.StatusCode != http.StatusOK || string(body) != Body {
		return false, fmt.Sprintf("%s %q", resp.Status, strings.TrimSpace(string(body)))
	}
	return true, resp.Status
}
