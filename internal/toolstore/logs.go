package toolstore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"
)

// keepLogs is how many logs of one tool NewLog keeps.
const keepLogs = 20

// logStamp is the UTC time in a log's name; names sort as the times do.
const logStamp = "20060102T150405.000000000Z"

// NewLog creates Home/logs/<tool>-<UTC timestamp>.log for a run's full output and removes the
// tool's older logs beyond the newest 20. The caller closes the file.
func (s *Store) NewLog(tool string) (*os.File, string, error) {
	if err := checkTool(tool); err != nil {
		return nil, "", fmt.Errorf("creating a log: %w", err)
	}
	dir := filepath.Join(s.Home, logsDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", fmt.Errorf("creating a log for %s: %w", tool, err)
	}
	t := time.Now().UTC()
	for i := 0; ; i++ {
		name := filepath.Join(dir, tool+"-"+t.Format(logStamp)+".log")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			s.rotateLogs(tool, name)
			return f, name, nil
		}
		if !errors.Is(err, fs.ErrExist) || i == 100 {
			return nil, "", fmt.Errorf("creating a log for %s: %w", tool, err)
		}
		t = t.Add(time.Nanosecond) // the same instant as another log's: take the next
	}
}

// rotateLogs removes tool's logs but the newest keepLogs, never keeping out the one just made.
func (s *Store) rotateLogs(tool, made string) {
	dir := filepath.Join(s.Home, logsDir)
	pattern := regexp.MustCompile(`^` + regexp.QuoteMeta(tool) + `-\d{8}T\d{6}\.\d{9}Z\.log$`)
	names, _ := os.ReadDir(dir)
	var logs []string
	for _, d := range names {
		if pattern.MatchString(d.Name()) {
			logs = append(logs, filepath.Join(dir, d.Name()))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(logs)))
	for i, name := range logs {
		if i >= keepLogs && name != made {
			os.Remove(name)
		}
	}
}
