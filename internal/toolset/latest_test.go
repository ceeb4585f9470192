package toolset

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

func TestLatestCmdClearsModFlag(t *testing.T) {
	env := host.NewEnv([]string{"PATH=/usr/bin", "GOFLAGS=-mod=vendor -modcacherw"}, false)
	c := LatestCmd("/usr/local/go/bin/go", "golang.org/x/tools/gopls", "/tmp", env, "-mod=vendor -modcacherw", time.Second)
	got := host.NewEnv(c.Env, false)
	if g := got.Get("GOFLAGS"); g != "-modcacherw -mod=readonly" {
		t.Errorf("GOFLAGS = %q, want the -mod flag replaced by -mod=readonly", g)
	}
	if got.Get("GOWORK") != "off" || got.Get("GO111MODULE") != "on" {
		t.Errorf("GOWORK=%q GO111MODULE=%q, want off and on", got.Get("GOWORK"), got.Get("GO111MODULE"))
	}
	if strings.Join(c.Args, " ") != "list -m -json golang.org/x/tools/gopls@latest" {
		t.Errorf("args = %q", c.Args)
	}
}

func TestParseLatest(t *testing.T) {
	l, err := ParseLatest([]byte(`{"Path":"golang.org/x/tools/gopls","Version":"v0.24.0","Query":"latest","Time":"2026-11-01T00:00:00Z","GoVersion":"1.27.0"}`))
	if err != nil || l.Version != "v0.24.0" || l.GoVersion != "1.27.0" || l.Time.IsZero() {
		t.Fatalf("ParseLatest = %+v, %v", l, err)
	}
	if _, err := ParseLatest([]byte(`{"Path":"x","Error":{"Err":"no matching versions"}}`)); err == nil || !strings.Contains(err.Error(), "no matching versions") {
		t.Errorf("an answer with an error: err = %v", err)
	}
	if _, err := ParseLatest([]byte("not json")); err == nil {
		t.Errorf("garbage parsed")
	}
}

func TestLatestCache(t *testing.T) {
	dir := t.TempDir()
	c := LatestCache{Dir: dir}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	l := &Latest{Module: "golang.org/x/tools/gopls", Version: "v0.24.0", GOPROXY: "https://proxy.golang.org,direct", Checked: now}
	if err := c.Store(l); err != nil {
		t.Fatal(err)
	}
	if got := c.Load(l.Module, l.GOPROXY, now.Add(time.Hour)); got == nil || got.Version != "v0.24.0" || got.CacheFile == "" {
		t.Errorf("fresh answer not loaded: %+v", got)
	}
	if got := c.Load(l.Module, l.GOPROXY, now.Add(25*time.Hour)); got != nil {
		t.Errorf("an answer older than a day was used")
	}
	if got := c.Load(l.Module, "https://goproxy.example", now); got != nil {
		t.Errorf("an answer from another GOPROXY was used")
	}
	// No temporary file is left behind.
	files, _ := filepath.Glob(filepath.Join(dir, "latest", ".tmp-*"))
	if len(files) > 0 {
		t.Errorf("temporary files left: %v", files)
	}
	// A damaged file is ignored.
	matches, _ := filepath.Glob(filepath.Join(dir, "latest", "*.json"))
	if len(matches) != 1 {
		t.Fatalf("cache files: %v", matches)
	}
	if err := os.WriteFile(matches[0], []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := c.Load(l.Module, l.GOPROXY, now); got != nil {
		t.Errorf("a damaged cache file was used")
	}
	if (LatestCache{}).Load(l.Module, l.GOPROXY, now) != nil || (LatestCache{}).Store(l) != nil {
		t.Errorf("an empty cache directory must cache nothing")
	}
}

// TestLatestCacheKeepsNoCredentials stores an answer through a GOPROXY list with credentials: the
// file holds none, the answer is found again through the same list and not through a list that
// differs only in its credentials.
func TestLatestCacheKeepsNoCredentials(t *testing.T) {
	dir := t.TempDir()
	c := LatestCache{Dir: dir}
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	goproxy := "http://ana:pw-s3cret@127.0.0.1:1/a|https://tok3n-s3cret@corp.example.com,direct"
	l := &Latest{Module: "golang.org/x/tools/gopls", Version: "v0.24.0", GOPROXY: goproxy, Checked: now}
	if err := c.Store(l); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "latest", "*.json"))
	if len(matches) != 1 {
		t.Fatalf("cache files: %v", matches)
	}
	data, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "s3cret") || !strings.Contains(string(data), "https://REDACTED@corp.example.com") {
		t.Errorf("the cache file keeps the credentials:\n%s", data)
	}
	if got := c.Load(l.Module, goproxy, now); got == nil || got.GOPROXY != goproxy {
		t.Errorf("the answer is not found through the same GOPROXY: %+v", got)
	}
	if got := c.Load(l.Module, strings.Replace(goproxy, "tok3n", "other", 1), now); got != nil {
		t.Errorf("an answer through other credentials was used")
	}
	if l.GOPROXY != goproxy {
		t.Errorf("Store changed the answer it was given: %q", l.GOPROXY)
	}
}
