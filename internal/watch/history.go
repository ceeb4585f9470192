package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"time"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/host"
)

// History bounds: the samples kept (two hours at the default interval) and the file's size.
const (
	MaxSamples      = 240
	MaxHistoryBytes = 1 << 20
)

// Sample is one look at the processes: when, and each one's resident memory.
type Sample struct {
	Time  time.Time    `json:"time"`
	Procs []SampleProc `json:"procs"`
}

// SampleProc is one process in a sample, known by its pid and start time (a pid alone is reused).
type SampleProc struct {
	Pid   int   `json:"pid"`
	Start int64 `json:"start"` // unix milliseconds
	RSS   int64 `json:"rss"`
}

// History is the samples kept in gomedic's data directory, oldest first.
type History struct {
	File    string
	Samples []Sample
}

// LoadHistory reads the history file; a missing file is an empty history, and so is one that
// does not parse (it is rewritten at the next sample), reported through the error.
func LoadHistory(h host.Host, file string) (*History, error) {
	hist := &History{File: file}
	data, err := h.ReadFile(file, MaxHistoryBytes*2)
	if errors.Is(err, fs.ErrNotExist) {
		return hist, nil
	}
	if err != nil {
		return hist, fmt.Errorf("reading the watch history %s: %w", file, err)
	}
	if err := json.Unmarshal(data, &hist.Samples); err != nil {
		hist.Samples = nil
		return hist, fmt.Errorf("reading the watch history %s: %w (starting a new one)", file, err)
	}
	return hist, nil
}

// Add appends a sample of procs taken at now, and drops the oldest samples past MaxSamples and
// the samples of processes that have ended from all but the newest sample.
func (hist *History) Add(now time.Time, procs []Proc) {
	s := Sample{Time: now}
	for _, p := range procs {
		s.Procs = append(s.Procs, SampleProc{Pid: p.Pid, Start: p.Started.UnixMilli(), RSS: p.RSS})
	}
	hist.Samples = append(hist.Samples, s)
	if n := len(hist.Samples) - MaxSamples; n > 0 {
		hist.Samples = hist.Samples[n:]
	}
}

// Save writes the history atomically, dropping the oldest samples until it fits MaxHistoryBytes.
func (hist *History) Save() error {
	for {
		data, err := json.Marshal(hist.Samples)
		if err != nil {
			return err
		}
		if len(data) <= MaxHistoryBytes || len(hist.Samples) <= 1 {
			if err := os.MkdirAll(filepath.Dir(hist.File), 0o700); err != nil {
				return fmt.Errorf("writing the watch history: %w", err)
			}
			if err := atomicfile.WriteFile(hist.File, data, 0o600); err != nil {
				return fmt.Errorf("writing the watch history: %w", err)
			}
			return nil
		}
		hist.Samples = hist.Samples[len(hist.Samples)/4+1:]
	}
}

// Series is the resident memory of one process over the samples kept, oldest first, with the
// time of each.
func (hist *History) Series(pid int, start time.Time) ([]time.Time, []int64) {
	var ts []time.Time
	var rss []int64
	key := start.UnixMilli()
	for _, s := range hist.Samples {
		for _, p := range s.Procs {
			if p.Pid == pid && p.Start == key {
				ts = append(ts, s.Time)
				rss = append(rss, p.RSS)
			}
		}
	}
	return ts, rss
}

// Growth rules: a process grows steadily when at least minTrendSamples samples never shrink by
// more than the noise, and the last is at least half again the first and minGrowth more.
const (
	minTrendSamples = 4
	minGrowth       = 100 << 20
	trendNoise      = 0.98
)

// Growing reports whether the series rises steadily, and by how much per hour (0 with fewer
// than minTrendSamples samples: two samples make no trend).
func Growing(ts []time.Time, rss []int64) (bool, int64) {
	if len(rss) < 2 {
		return false, 0
	}
	first, last := rss[0], rss[len(rss)-1]
	perHour := int64(0)
	if d := ts[len(ts)-1].Sub(ts[0]); d > 0 && len(rss) >= minTrendSamples {
		perHour = int64(float64(last-first) / d.Hours())
	}
	if len(rss) < minTrendSamples || last-first < minGrowth || float64(last) < 1.5*float64(first) {
		return false, perHour
	}
	for i := 1; i < len(rss); i++ {
		if float64(rss[i]) < trendNoise*float64(rss[i-1]) {
			return false, perHour
		}
	}
	return true, perHour
}
