package vscode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// settingsWithKeys is a user settings file of n go.* settings, one a line, as a hostile or
// generated file has them.
func settingsWithKeys(n int) []byte {
	var b strings.Builder
	b.WriteString("{\n")
	for i := range n {
		fmt.Fprintf(&b, "  \"go.setting%d\": \"value %d\",\n", i, i)
	}
	b.WriteString("  \"go.formatTool\": \"goimports\"\n}\n")
	return []byte(b.String())
}

// settingsWithValue is a user settings file whose go.formatTool is a string of n bytes.
func settingsWithValue(n int) []byte {
	return []byte(`{"go.formatTool": "` + strings.Repeat("x", n) + `"}`)
}

// userSettingsHost is a machine whose VS Code user settings are data.
func userSettingsHost(data []byte) *host.Fake {
	h := fakeFor(layouts[0])
	h.AddFile("/home/ana/.config/Code/User/settings.json", data, 0o644)
	return h
}

func BenchmarkLoad(b *testing.B) {
	for _, bc := range []struct {
		name string
		data []byte
	}{
		{"keys=1k", settingsWithKeys(1000)},
		{"keys=8k", settingsWithKeys(8000)},
		{"keys=50k", settingsWithKeys(50000)},
		{"value=30MB", settingsWithValue(30 << 20)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			h := userSettingsHost(bc.data)
			b.SetBytes(int64(len(bc.data)))
			b.ReportAllocs()
			for b.Loop() {
				s := Load(h, "/w")
				for st := range s.All() {
					s.ExtensionValue(st.Key)
				}
			}
		})
	}
}

// TestLineReadsOneBlock: the line of an offset is found from the index and the bytes of its own
// block, not by counting the newlines from the start of the file for every member. Overwriting
// the newlines before the block after parsing changes no answer.
func TestLineReadsOneBlock(t *testing.T) {
	doc, err := ParseJSONC("settings.json", settingsWithKeys(2000))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]int{}
	for _, off := range []int{0, 1, lineBlock - 1, lineBlock, 5*lineBlock + 17, len(doc.Data) - 1, len(doc.Data)} {
		want[off] = 1 + bytes.Count(doc.Data[:off], newline)
	}
	data := doc.Data
	for off, line := range want {
		doc.Data = bytes.Clone(data)
		start := off / lineBlock * lineBlock
		for i := range start {
			doc.Data[i] = ' ' // what a scan from the start would count is gone
		}
		if got := doc.Line(off); got != line {
			t.Errorf("Line(%d) = %d, want %d: it read before the offset's block", off, got, line)
		}
	}
}

// FuzzLine: Line agrees with counting the newlines before the offset, anywhere in any document.
func FuzzLine(f *testing.F) {
	f.Add([]byte("{\n\"a\": 1}\n"), 3)
	f.Add(bytes.Repeat([]byte("\n"), 3*lineBlock), lineBlock)
	f.Fuzz(func(t *testing.T, data []byte, offset int) {
		doc := &Doc{Data: data, lines: newLineIndex(data)}
		want := 1 + bytes.Count(data[:max(0, min(offset, len(data)))], newline)
		if got := doc.Line(offset); got != want {
			t.Fatalf("Line(%d) = %d, want %d", offset, got, want)
		}
	})
}

// TestMemberLineIndexesEachObjectOnce: finding the lines of every member of a large object costs
// as much as the object, not its square.
func TestMemberLineIndexesEachObjectOnce(t *testing.T) {
	cost := func(n int) uint64 {
		var b strings.Builder
		b.WriteString(`{"gopls": {`)
		for i := range n {
			fmt.Fprintf(&b, "%q: %d,\n", fmt.Sprint("option", i), i)
		}
		b.WriteString(`"last": 0}}`)
		s := Load(userSettingsHost([]byte(b.String())), "/w")
		st, _ := s.ExtensionValue("gopls")
		return testtools.Allocated(func() {
			for i := range n {
				if line := st.MemberLine([]string{fmt.Sprint("option", i)}); line != i+1 {
					t.Fatalf("option%d on line %d, want %d", i, line, i+1)
				}
			}
		})
	}
	small, large := cost(1000), cost(4000)
	if ratio := float64(large) / float64(small); ratio > 6 {
		t.Errorf("%d bytes for 1000 members, %d for 4000 (%.1f times)", small, large, ratio)
	}
}

// TestKeyWrittenTwice: within one file the last of a key written twice is the one VS Code reads;
// across files objects merge member by member.
func TestKeyWrittenTwice(t *testing.T) {
	h := userSettingsHost([]byte(`{"go.toolsEnvVars": {"A": "1", "B": "1"}, "go.toolsEnvVars": {"B": "2"}, "go.gopath": "/a", "go.gopath": "/b"}`))
	h.AddFile("/w/.vscode/settings.json", []byte(`{"go.toolsEnvVars": {"C": "3"}}`), 0o644)
	s := Load(h, "/w")
	env := mustValue(t, s, KeyToolsEnvVars)
	if string(env.Value) != `{"B":"2","C":"3"}` {
		t.Errorf("go.toolsEnvVars = %s, want the user file's last object merged with the folder's", env.Value)
	}
	if v, _, _ := s.StringValue(KeyGopath); v != "/b" {
		t.Errorf("go.gopath = %q, want the last one written", v)
	}
	var names []string
	for _, m := range s.Merged(KeyToolsEnvVars) {
		names = append(names, m.Key+"="+string(m.Value))
	}
	if got := strings.Join(names, " "); got != `go.toolsEnvVars.B="2" go.toolsEnvVars.C="3"` {
		t.Errorf("Merged = %s", got)
	}
	first := s.ofKey(KeyGopath)[0]
	if last, ok := s.InFile(first, KeyGopath); !ok || string(last.Value) != `"/b"` {
		t.Errorf("InFile = %s, %v; want the last go.gopath of the file", last.Value, ok)
	}
	if _, ok := s.InFile(first, "go.lintTool"); ok {
		t.Error("InFile found a key the file does not set")
	}
}

// TestMergeDeepObjects: objects nested thousands of levels deep merge in one decoding each.
func TestMergeDeepObjects(t *testing.T) {
	deep := func(n int, leaf string) json.RawMessage {
		return json.RawMessage(strings.Repeat(`{"a":`, n) + leaf + strings.Repeat("}", n))
	}
	var got json.RawMessage
	alloc := testtools.Allocated(func() { got = mergeJSON([]json.RawMessage{deep(5000, `{"x":1}`), deep(5000, `{"y":2}`)}) })
	if want := deep(5000, `{"x":1,"y":2}`); string(got) != string(want) {
		t.Errorf("merged %.80s...", got)
	}
	if alloc > 64<<20 {
		t.Errorf("merging two 30 KB values allocated %d bytes", alloc)
	}
}

// TestLoadRetainedMemory: what Load keeps of a settings file dense with short keys (50k of them,
// 1.7 MB) stays a small multiple of the file: the file's bytes, an index of its lines and one
// 40-byte record a key, with no parse tree and no slack from growing the list by doubling (14.1
// times the file with hujson's tree and a 240-byte Setting a key; 2.6 times now; the bound is
// 3). Measured as the live heap after a collection, not as time; it is not parallel, so nothing
// else allocates meanwhile.
func TestLoadRetainedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 50k settings")
	}
	data := settingsWithKeys(50000)
	h := userSettingsHost(data)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s := Load(h, "/w")
	runtime.GC()
	runtime.ReadMemStats(&after)
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if s.Len() != 50001 {
		t.Fatalf("Load found %d settings, want 50001", s.Len())
	}
	if limit := int64(len(data)) * 3; retained > limit {
		t.Errorf("Load of a %d-byte file retains %d bytes (%.1f times the file), want at most %d", len(data), retained, float64(retained)/float64(len(data)), limit)
	}
	t.Logf("Load of a %d-byte file of 50k keys retains %d bytes (%.1f times the file)", len(data), retained, float64(retained)/float64(len(data)))
	runtime.KeepAlive(s)
}

// TestKeys: the keys of All and NotApplied, each once, sorted, without a list of All's keys.
func TestKeys(t *testing.T) {
	s := SettingsOf(Setting{Key: "go.b"}, Setting{Key: "go.d"}, Setting{Key: "go.b"}, Setting{Key: "gopls"})
	s.NotApplied = []Setting{{Key: "go.goroot"}, {Key: "go.a"}, {Key: "go.d"}, {Key: "go.z"}, {Key: "go.a"}}
	if got := strings.Join(slices.Collect(s.Keys()), " "); got != "go.a go.b go.d go.goroot go.z gopls" {
		t.Errorf("Keys = %s", got)
	}
	if got := slices.Collect(SettingsOf().Keys()); len(got) != 0 {
		t.Errorf("Keys of nothing = %q", got)
	}
}
