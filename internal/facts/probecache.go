package facts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
)

// ProbeCacheTTL is how long a tool's successful answer to its version command is replayed while
// the binary stays the same file.
const ProbeCacheTTL = 24 * time.Hour

// probeRecord is a cached probe: what the binary printed the last time it was asked.
type probeRecord struct {
	Identity   string    `json:"identity"`
	Stdout     string    `json:"stdout"`
	Stderr     string    `json:"stderr"`
	ExitCode   int       `json:"exit_code"`
	DurationMS int64     `json:"duration_ms"`
	At         time.Time `json:"at"`
}

// probeIdentity names one binary and one question: its resolved path, the arguments, and what
// changes whenever the file is replaced or altered (size, modification time, mode, and on Unix the
// inode and change time). Only Go binaries are cached: what their version command prints depends
// on the file alone, while a script's answer can change with files it reads. "" means not
// cacheable.
func (f *Facts) probeIdentity(path string, args []string) string {
	if bi := f.BinInfo(path); bi.Info == nil || bi.Info.GoVersion == "" {
		return ""
	}
	resolved, err := f.Host.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	fi, err := f.Host.Stat(resolved)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	return fmt.Sprintf("%s\x00%q\x00%d\x00%d\x00%v\x00%s", resolved, args, fi.Size(), fi.ModTime().UnixNano(), fi.Mode(), host.FileID(fi))
}

func (f *Facts) probeCacheFile(identity string) string {
	sum := sha256.Sum256([]byte(identity))
	return filepath.Join(f.CacheDir, "probes", hex.EncodeToString(sum[:12])+".json")
}

// cachedProbe replays a probe of the same unchanged binary made less than ProbeCacheTTL ago.
func (f *Facts) cachedProbe(c host.Cmd, identity string) *host.Result {
	if f.CacheDir == "" || f.NoCache || identity == "" {
		return nil
	}
	data, err := os.ReadFile(f.probeCacheFile(identity))
	if err != nil {
		return nil
	}
	var rec probeRecord
	if json.Unmarshal(data, &rec) != nil || rec.Identity != redact.Text(identity) {
		return nil
	}
	if age := time.Since(rec.At); age < 0 || age > ProbeCacheTTL {
		return nil
	}
	return &host.Result{Cmd: c, Stdout: []byte(rec.Stdout), Stderr: []byte(rec.Stderr), ExitCode: rec.ExitCode,
		Duration: time.Duration(rec.DurationMS) * time.Millisecond, CachedAt: rec.At}
}

// storeProbe remembers a probe that answered: a clean exit, or the usage exit status 2 of -h.
// Failures are never cached, so a repaired tool is seen at once, nor an answer that left a
// process behind, so that the warning about it is not lost to a replay.
func (f *Facts) storeProbe(res *host.Result, identity string) {
	if f.CacheDir == "" || f.NoCache || identity == "" || res.Err != nil || res.Truncated || (res.ExitCode != 0 && res.ExitCode != 2) ||
		res.HeldOutput || len(res.Leftovers) > 0 {
		return
	}
	// The file is named after the whole identity; what it holds is redacted, like every file
	// gomedic writes (a tool's path or output may hold credentials).
	rec := probeRecord{Identity: redact.Text(identity), Stdout: redact.Text(string(res.Stdout)), Stderr: redact.Text(string(res.Stderr)),
		ExitCode: res.ExitCode, DurationMS: res.Duration.Milliseconds(), At: time.Now()}
	data, err := json.Marshal(rec)
	if err != nil {
		return
	}
	// The cache only saves time: a failure to write it changes no finding.
	_ = atomicfile.WriteFile(f.probeCacheFile(identity), data, 0o644)
}
