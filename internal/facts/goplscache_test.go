package facts

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

func TestGoplsCacheWarmsPerBinary(t *testing.T) {
	cache := t.TempDir()
	gopls := filepath.Join(t.TempDir(), "gopls")
	if err := os.WriteFile(gopls, []byte("binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	f := &Facts{CacheDir: cache}
	c := f.GoplsCache(gopls)
	if !c.Persistent || c.Warm || c.Dir != filepath.Join(cache, "gopls") {
		t.Fatalf("first GoplsCache = %+v, want cold and persistent in %s/gopls", c, cache)
	}
	c.MarkUsed(time.Now())
	if c := f.GoplsCache(gopls); !c.Warm {
		t.Errorf("GoplsCache after MarkUsed = %+v, want warm", c)
	}
	// Another gopls binary at the same path (an upgrade) finds its own entries missing.
	if err := os.WriteFile(gopls, []byte("another binary"), 0o755); err != nil {
		t.Fatal(err)
	}
	if c := f.GoplsCache(gopls); c.Warm {
		t.Errorf("GoplsCache for a replaced binary = %+v, want cold", c)
	}
}

func TestGoplsCacheFallsBackToTheRun(t *testing.T) {
	blocked := t.TempDir()
	if err := os.WriteFile(filepath.Join(blocked, "gopls"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]*Facts{
		"--no-cache":                 {CacheDir: t.TempDir(), NoCache: true},
		"a file where a dir must be": {CacheDir: blocked},
		"no cache directory":         {},
	} {
		t.Run(name, func(t *testing.T) {
			f.Host = host.NewFake("linux", "amd64")
			defer f.Close()
			c := f.GoplsCache("/nonexistent/gopls")
			if c.Persistent || c.Dir == "" || c.Why == "" {
				t.Fatalf("GoplsCache = %+v, want the run's own, with why", c)
			}
			scratch, _ := f.Scratch()
			if filepath.Dir(c.Dir) != scratch {
				t.Errorf("GoplsCache.Dir = %s, want in the scratch space %s", c.Dir, scratch)
			}
		})
	}
}

func TestTrimGoplsCache(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	files := []struct {
		name string
		size int
		age  time.Duration
		kept bool
	}{
		{"gopls/abcd/analysis/00/old", 10, 6 * 24 * time.Hour, false}, // unused past the age limit
		{"gopls/abcd/cas/01/lru", 600, 3 * time.Hour, false},          // least recently used past the budget
		{"gopls/abcd/cas/02/recent", 600, time.Hour, true},
		{"used/key", 0, time.Minute, true},
	}
	for _, fl := range files {
		p := filepath.Join(dir, fl.name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, make([]byte, fl.size), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, now.Add(-fl.age), now.Add(-fl.age)); err != nil {
			t.Fatal(err)
		}
	}
	trimGoplsCache(dir, now, 1000)
	for _, fl := range files {
		_, err := os.Stat(filepath.Join(dir, fl.name))
		if kept := err == nil; kept != fl.kept {
			t.Errorf("%s kept = %v, want %v", fl.name, kept, fl.kept)
		}
	}
}
