package facts

import (
	"slices"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// pathHost is a machine of goos whose home is /home/ana, with /usr/bin, a symlink /opt/bin to
// it, /usr/bin/go (a file), and on Windows C:\Go\bin.
func pathHost(goos string) *host.Fake {
	h := host.NewFake(goos, "amd64")
	h.Home = "/home/ana"
	h.AddDir("/home/ana/go/bin")
	h.AddFile("/usr/bin/go", []byte("x"), 0o755)
	h.AddSymlink("/opt/bin", "/usr/bin")
	if goos == "windows" {
		h.Home = `C:\Users\ana`
		h.AddDir(`C:\Go\bin`)
		h.AddDir(`C:\Users\ana\go\bin`)
	}
	return h
}

func TestSamePathKey(t *testing.T) {
	h := pathHost("linux")
	for _, tt := range []struct{ in, want string }{
		{"/usr/bin", "/usr/bin"},
		{"/opt/bin", "/usr/bin"},
		{"/opt/bin/", "/usr/bin"},
		{"/opt/bin/not/yet", "/usr/bin/not/yet"},
		{"/opt//bin/../bin/x", "/usr/bin/x"},
		{"/usr/bin/go/x", "/usr/bin/go/x"},
		{"/nope/a/b", "/nope/a/b"},
		{"/", "/"},
		{"rel/dir", "rel/dir"},
	} {
		if got := SamePathKey(h, tt.in); got != tt.want {
			t.Errorf("SamePathKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSamePathKeyCostIsLinear: a PATH entry n directories deep, under a symlink, costs as much
// as its length: the existing prefix is not looked for by trying each parent in turn.
func TestSamePathKeyCostIsLinear(t *testing.T) {
	h := pathHost("linux")
	cost := func(n int) uint64 {
		p := "/opt/bin" + strings.Repeat("/d", n)
		return testtools.Allocated(func() {
			if got, want := SamePathKey(h, p), "/usr/bin"+strings.Repeat("/d", n); got != want {
				t.Fatalf("SamePathKey = %.40q..., want %.40q...", got, want)
			}
		})
	}
	small, large := cost(1000), cost(4000)
	if ratio := float64(large) / float64(small); ratio > 6 {
		t.Errorf("%d bytes for an entry 1000 deep, %d for 4000 (%.1f times): more than the entry grows", small, large, ratio)
	}
}

// pathProblems are the problems ScanPath reports.
var pathProblems = []string{"", PathEmpty, PathRelative, PathTilde, PathMissing, PathNotDir, PathUnreadable}

// FuzzScanPath: any PATH, on Unix or Windows, is scanned without a panic with work (bytes
// allocated) that follows its length, into one entry per list element in order; a usable entry
// is resolved, only an absolute entry has a key, and the ~ or $HOME an entry starts with
// expands to the home directory.
func FuzzScanPath(f *testing.F) {
	for _, seed := range []string{
		"/usr/bin:/opt/bin:/home/ana/go/bin", "::.:bin:~/go/bin:$HOME/bin:${HOME}/x:/usr/bin/go:/nope",
		`C:\Go\bin;"C:\Program Files\x;y";%USERPROFILE%\go\bin;;c:/go/BIN\`, "/opt/bin/../bin/./x//y/", "~", `\\server\share\bin;C:`,
	} {
		f.Add(seed, strings.Contains(seed, `\`))
	}
	f.Fuzz(func(t *testing.T, list string, windows bool) {
		h := pathHost("linux")
		if windows {
			h = pathHost("windows")
		}
		var entries []PathEntry
		testtools.LinearAlloc(t, len(list), func() {
			entries = ScanPath(h, list)
			for _, e := range entries {
				if p := host.ExpandHome(h, e.Raw); p != "" {
					SamePathKey(h, p)
				}
			}
		})
		raws := host.SplitList(h, list)
		if len(entries) != len(raws) {
			t.Fatalf("%d entries for %d list elements", len(entries), len(raws))
		}
		for i, e := range entries {
			if e.Index != i || e.Raw != raws[i] {
				t.Fatalf("entry %d is %+v, want index %d and %q", i, e, i, raws[i])
			}
			if !slices.Contains(pathProblems, e.Problem) {
				t.Fatalf("entry %q: unknown problem %q", e.Raw, e.Problem)
			}
			if e.Problem == "" && (e.Resolved == "" || e.Key == "") {
				t.Fatalf("usable entry %q: resolved %q, key %q", e.Raw, e.Resolved, e.Key)
			}
			if e.Key != "" && !host.IsAbs(h, e.Raw) {
				t.Fatalf("relative entry %q has key %q", e.Raw, e.Key)
			}
			if p := host.ExpandHome(h, e.Raw); p != "" && !strings.HasPrefix(p, h.HomeDir()) {
				t.Fatalf("%q expands to %q, outside the home %q", e.Raw, p, h.HomeDir())
			}
		}
	})
}
