package host_test

import (
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// FuzzSplitList: any PATH-like list splits, with work (bytes allocated) that follows its length,
// into elements that join back into the list (without its quotes on Windows), one more than the
// separators outside quotes; a leading ~ or $HOME of an element expands to the home directory
// and the rest of the element.
func FuzzSplitList(f *testing.F) {
	for _, seed := range []string{
		"/usr/bin:/opt/bin", "::.:~/go/bin:$HOME/bin:${HOME}:~user/bin:$HOMEX", `C:\Go\bin;"C:\a;b";;"unclosed;x`, `"";"`, "~\\x;${HOME}\\y",
	} {
		f.Add(seed, strings.Contains(seed, `\`))
	}
	f.Fuzz(func(t *testing.T, list string, windows bool) {
		h, sep, want := host.NewFake("linux", "amd64"), ":", list
		if windows {
			h, sep, want = host.NewFake("windows", "amd64"), ";", strings.ReplaceAll(list, `"`, "")
		}
		h.Home = "/home/ana"
		var parts []string
		testtools.LinearAlloc(t, len(list), func() { parts = host.SplitList(h, list) })
		if list == "" {
			if len(parts) != 0 {
				t.Fatalf("SplitList(\"\") = %q", parts)
			}
			return
		}
		if got := strings.Join(parts, sep); got != want {
			t.Fatalf("SplitList(%q) = %q: joined, %q", list, parts, got)
		}
		if n := 1 + separatorsOutsideQuotes(list, sep, windows); len(parts) != n {
			t.Fatalf("SplitList(%q) = %q: %d elements, want %d", list, parts, len(parts), n)
		}
		for _, p := range parts {
			got := host.ExpandHome(h, p)
			if got == "" {
				continue
			}
			rest, ok := strings.CutPrefix(got, h.Home)
			if !ok || !strings.HasSuffix(p, rest) || rest != "" && rest[0] != '/' && rest[0] != '\\' {
				t.Fatalf("ExpandHome(%q) = %q: not the home and the rest of the element", p, got)
			}
		}
	})
}

// separatorsOutsideQuotes counts sep in list, outside double quotes when quotes count.
func separatorsOutsideQuotes(list, sep string, quotes bool) int {
	n, quoted := 0, false
	for _, r := range list {
		switch {
		case quotes && r == '"':
			quoted = !quoted
		case string(r) == sep && !quoted:
			n++
		}
	}
	return n
}
