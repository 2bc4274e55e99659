package components

import (
	"regexp"
	"strings"
)

// portClash is a container port that an earlier container (or the same one) already uses in the task.
type portClash struct {
	// Container and Index locate the clashing entry (containers.<Container>.ports[<Index>]).
	Container string
	Index     int
	// Port is the clashing port.
	Port int
	// Owner is the container that claimed the port first.
	Owner string
}

// findPortClashes returns every port that is claimed twice within one task. Containers of a Fargate task share one
// network namespace, so two containers cannot both listen on the same port. Containers are walked in the same order
// as the container definitions ("app" first), so "app" keeps the port and the sidecar is the one reported.
func findPortClashes(containers map[string]ContainerConfig) []portClash {
	owners := map[int]string{}
	var clashes []portClash
	for _, name := range containerOrder(containers) {
		for i, port := range containers[name].Ports {
			if owner, taken := owners[port]; taken {
				clashes = append(clashes, portClash{Container: name, Index: i, Port: port, Owner: owner})
				continue
			}
			owners[port] = name
		}
	}
	return clashes
}

// secretNameMarkers are the parts of an environment variable name that say its value is a credential.
var secretNameMarkers = []string{"PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "PRIVATE_KEY",
	"ACCESS_KEY", "CREDENTIAL", "AUTH_KEY", "CLIENT_KEY", "SIGNING_KEY", "ENCRYPTION_KEY"}

// referenceNameSuffixes mark names that hold where a secret lives, not the secret itself (DB_SECRET_ARN, TOKEN_URL).
var referenceNameSuffixes = []string{"_ARN", "_NAME", "_ID", "_PATH", "_FILE", "_URL", "_URI", "_ENDPOINT", "_REGION",
	"_TTL", "_HEADER", "_TYPE"}

// secretValuePatterns recognise well-known credential formats whatever the variable is called.
var secretValuePatterns = []struct {
	pattern *regexp.Regexp
	what    string
}{
	{regexp.MustCompile(`^(AKIA|ASIA)[A-Z0-9]{16}$`), "an AWS access key id"},
	{regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`), "a PEM private key"},
	{regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`), "a URL with an embedded password"},
	{regexp.MustCompile(`^gh[pousr]_[A-Za-z0-9]{36,}$`), "a GitHub token"},
	{regexp.MustCompile(`^xox[abprs]-[A-Za-z0-9-]{10,}$`), "a Slack token"},
}

// secretLooking reports why a plain environment variable looks like it carries a secret, or "" when it does not.
// An empty value or an ARN (a reference the application resolves itself) is never a secret.
func secretLooking(name, value string) string {
	if value == "" || strings.HasPrefix(value, "arn:") {
		return ""
	}
	for _, p := range secretValuePatterns {
		if p.pattern.MatchString(value) {
			return "its value looks like " + p.what
		}
	}
	upper := strings.ToUpper(name)
	for _, suffix := range referenceNameSuffixes {
		if strings.HasSuffix(upper, suffix) {
			return ""
		}
	}
	for _, marker := range secretNameMarkers {
		if strings.Contains(upper, marker) {
			return "its name contains " + marker
		}
	}
	return ""
}
