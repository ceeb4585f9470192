package facts

import (
	"os"
	"path/filepath"
	"strings"
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

// TestSeedIndex checks that the user's index of the module cache is copied, link and payload, into
// the gopls cache once, never over the cache's own, and that a link naming anything but a payload
// beside it is not followed.
func TestSeedIndex(t *testing.T) {
	user, dir := t.TempDir(), t.TempDir()
	src := filepath.Join(user, "goimports")
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(src, "index-name-0-aaaa"), "index-0-111")
	write(filepath.Join(src, "index-0-111"), "0\n/mod\n2026-12-06 10:00:00\n:p,example.com/p,example.com/p@v1,v1\nF 1\n")
	write(filepath.Join(src, "index-0-old"), "an older payload no link names")
	write(filepath.Join(src, "index-name-0-bbbb"), "../../secret")
	write(filepath.Join(user, "secret"), "not an index")
	c := GoplsCache{Dir: dir, Persistent: true}

	c.SeedIndex(user)
	got, err := os.ReadDir(c.IndexDir())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range got {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "index-0-111 index-name-0-aaaa" {
		t.Errorf("seeded %q, want the link and the payload it names", names)
	}
	if data, _ := os.ReadFile(filepath.Join(c.IndexDir(), "index-0-111")); !strings.HasPrefix(string(data), "0\n/mod\n") {
		t.Errorf("payload %q", data)
	}

	// gopls's own later index is kept: a link the cache holds is never replaced.
	write(filepath.Join(c.IndexDir(), "index-name-0-aaaa"), "index-0-222")
	c.SeedIndex(user)
	if data, _ := os.ReadFile(filepath.Join(c.IndexDir(), "index-name-0-aaaa")); string(data) != "index-0-222" {
		t.Errorf("the cache's own link became %q", data)
	}

	// Nothing to copy from, or nowhere to copy to: nothing happens.
	GoplsCache{Dir: t.TempDir()}.SeedIndex(filepath.Join(user, "missing"))
	GoplsCache{}.SeedIndex(user)
}
