package schedexpr

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadTimezoneAcceptsIANANames(t *testing.T) {
	for _, name := range []string{"UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Etc/GMT+5"} {
		t.Run(name, func(t *testing.T) {
			loc, err := LoadTimezone(name)
			require.NoError(t, err)
			assert.Equal(t, name, loc.String())
		})
	}
}

func TestLoadTimezoneRefusesWhatIsNotAZone(t *testing.T) {
	tests := []struct{ name, want string }{
		{"", "is empty"},
		{"Local", `"Local" is not an IANA time zone name`},
		{"europe/berlin", "case-sensitive"},
		{"Europe/Berlin ", "not an IANA time zone name"},
		{"Mars/Olympus_Mons", "not an IANA time zone name"},
		{"+02:00", "not an IANA time zone name"},
		{"Europe", "not an IANA time zone name"},
		{strings.Repeat("A", 51), "at most 50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadTimezone(tt.name)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "Europe/Berlin", "the error shows a valid name")
		})
	}
}

func TestLoadTimezoneGivesTheZoneItsRules(t *testing.T) {
	berlin, err := LoadTimezone("Europe/Berlin")
	require.NoError(t, err)
	_, winter := time.Date(2026, time.January, 15, 12, 0, 0, 0, berlin).Zone()
	_, summer := time.Date(2026, time.July, 15, 12, 0, 0, 0, berlin).Zone()
	assert.Equal(t, 3600, winter)
	assert.Equal(t, 7200, summer)
}

// TestLoadTimezoneAcceptsEveryNameOfTheEmbeddedDatabase: the accepted set is the embedded database, name for name.
func TestLoadTimezoneAcceptsEveryNameOfTheEmbeddedDatabase(t *testing.T) {
	archive, err := zip.NewReader(bytes.NewReader(zoneinfoZip), int64(len(zoneinfoZip)))
	require.NoError(t, err)
	require.Greater(t, len(archive.File), 400)
	for _, f := range archive.File {
		_, err := LoadTimezone(f.Name)
		assert.NoError(t, err, f.Name)
	}
}

// zoneOnlyTheMachineKnows is a zone written into a ZONEINFO directory for the child process below.
const zoneOnlyTheMachineKnows = "Mars/Olympus_Mons"

// TestLoadTimezoneIgnoresTheMachinesDatabase runs this test binary again with ZONEINFO pointing at a directory
// that holds a zone Go's database lacks: there, time.LoadLocation accepts it (the machine's database knows it)
// and LoadTimezone still refuses it. ZONEINFO is read once per process, hence the child.
func TestLoadTimezoneIgnoresTheMachinesDatabase(t *testing.T) {
	if os.Getenv("SCHEDEXPR_CHILD") == "1" {
		_, machineErr := time.LoadLocation(zoneOnlyTheMachineKnows)
		_, embeddedErr := LoadTimezone(zoneOnlyTheMachineKnows)
		if machineErr != nil || embeddedErr == nil {
			t.Fatalf("machine database: %v; embedded database: %v", machineErr, embeddedErr)
		}
		return
	}
	dir := t.TempDir()
	utc, err := readZone("UTC")
	require.NoError(t, err)
	path := filepath.Join(dir, filepath.FromSlash(zoneOnlyTheMachineKnows))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, utc, 0o644))

	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadTimezoneIgnoresTheMachinesDatabase$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SCHEDEXPR_CHILD=1", "ZONEINFO="+dir)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "PASS")
}

// TestZoneinfoMatchesToolchain says when the Go toolchain's database (the one time/tzdata embeds) is newer than the
// package's copy. Refresh it with `go generate ./internal/schedexpr`.
func TestZoneinfoMatchesToolchain(t *testing.T) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skipf("no go command to ask for GOROOT: %v", err)
	}
	toolchain, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "time", "zoneinfo.zip"))
	if os.IsNotExist(err) {
		t.Skip("no GOROOT/lib/time/zoneinfo.zip on this machine")
	}
	require.NoError(t, err)
	assert.True(t, bytes.Equal(toolchain, zoneinfoZip), "internal/schedexpr/zoneinfo.zip differs from the toolchain's: run go generate ./internal/schedexpr")
}

func readZone(name string) ([]byte, error) {
	files, err := zoneFiles()
	if err != nil {
		return nil, err
	}
	return readAll(files[name])
}
