package schedexpr

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"
	"time"
)

// zoneinfoZip is Go's time zone database, the same zoneinfo.zip that time/tzdata embeds (cmd/dist generates
// time/tzdata's zipdata from $GOROOT/lib/time/zoneinfo.zip). time.LoadLocation reads the machine's
// /usr/share/zoneinfo before any embedded copy and offers no way to skip it, so the package reads its own copy:
// a name is accepted or refused the same way on every machine. TestZoneinfoMatchesToolchain says when a Go upgrade
// brings a newer database; refresh it with `go generate ./internal/schedexpr`.
//
//go:generate sh -c "cp \"$(go env GOROOT)/lib/time/zoneinfo.zip\" zoneinfo.zip"
//go:embed zoneinfo.zip
var zoneinfoZip []byte

// maxTimezoneLength is CreateSchedule's ScheduleExpressionTimezone length limit: terraform-provider-aws
// internal/service/scheduler/schedule.go, schedule_expression_timezone ValidateFunc StringLenBetween(1, 50).
const maxTimezoneLength = 50

var zoneFiles = sync.OnceValues(func() (map[string]*zip.File, error) {
	archive, err := zip.NewReader(bytes.NewReader(zoneinfoZip), int64(len(zoneinfoZip)))
	if err != nil {
		return nil, fmt.Errorf("reading the embedded time zone database: %w", err)
	}
	files := make(map[string]*zip.File, len(archive.File))
	for _, f := range archive.File {
		files[f.Name] = f
	}
	return files, nil
})

// LoadTimezone loads an IANA time zone name ("Europe/Berlin", "UTC") from the embedded time zone database, never
// from the machine's. An empty name is an error: defaulting to UTC is the caller's choice. Errors do not name a
// config key (the caller prefixes it).
func LoadTimezone(name string) (*time.Location, error) {
	const example = "e.g. UTC, Europe/Berlin or America/New_York"
	switch {
	case name == "":
		return nil, fmt.Errorf("is empty; write an IANA time zone name, %s", example)
	case len(name) > maxTimezoneLength:
		return nil, fmt.Errorf("%q is %d characters long; Scheduler accepts at most %d, %s", name, len(name), maxTimezoneLength, example)
	}
	files, err := zoneFiles()
	if err != nil {
		return nil, err
	}
	file, ok := files[name]
	if !ok {
		return nil, fmt.Errorf("%q is not an IANA time zone name (names are case-sensitive), %s", name, example)
	}
	data, err := readAll(file)
	if err != nil {
		return nil, fmt.Errorf("reading time zone %q from the embedded database: %w", name, err)
	}
	return time.LoadLocationFromTZData(name, data)
}

func readAll(f *zip.File) ([]byte, error) {
	r, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
