package awsstandin

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

// JournalEnv names the environment variable that, when set to a file path, makes the stand-in provider binary
// append every create, update and delete to that file (see JournalEntry).
const JournalEnv = "AWS_STANDIN_JOURNAL"

// ReadJournal reads a journal file. A missing file is an empty journal: nothing was changed.
func ReadJournal(path string) ([]JournalEntry, error) {
	file, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	var entries []JournalEntry
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for scanner.Scan() {
		var entry JournalEntry
		if err := json.Unmarshal(scanner.Bytes(), &entry); err != nil {
			return nil, fmt.Errorf("journal %s: %w", path, err)
		}
		entries = append(entries, entry)
	}
	return entries, scanner.Err()
}
