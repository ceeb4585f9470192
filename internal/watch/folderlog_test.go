package watch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
)

func TestViewsIn(t *testing.T) {
	at := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006/01/02 15:04:05", s, time.Local)
		return v
	}
	tests := []struct {
		name, log string
		want      []viewEntry
	}{
		{"language client lines (gopls v0.21.1's message)",
			"[Info  - 9:14:03 PM] 2026/12/06 21:14:03 Created View (#1)\n\tdirectory=/home/ana/shop\n\tview_type=\"GoMod\"\n\n" +
				"[Info  - 9:14:04 PM] 2026/12/06 21:14:04 go/packages.Load #1\n\tview_id=\"1\"\n\tdirectory=/home/ana/other\n",
			[]viewEntry{{at("2026/12/06 21:14:03"), "/home/ana/shop"}}},
		{"a log channel's lines, CRLF, a folder with spaces",
			"2026-12-06 21:14:03.120 [info] 2026/12/06 21:14:03 Created View (#2)\r\n\tdirectory=/home/ana/my shop\r\n",
			[]viewEntry{{at("2026/12/06 21:14:03"), "/home/ana/my shop"}}},
		{"a view message cut before its directory", "[Info  - 9:14:03 PM] 2026/12/06 21:14:03 Created View (#1)\n[Info  - 9:14:04 PM] Finished loading packages.\n\tdirectory=/not/its\n", nil},
		{"gopls's own text quoted elsewhere", "[Error - 9:14:03 PM] the user typed 2026/12/06 21:14:03 Created View (#1) in a file\n\tdirectory=/x\n", nil},
	}
	h := host.NewReal(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), "2-gopls (server).log")
			if err := os.WriteFile(f, []byte(tt.log), 0o600); err != nil {
				t.Fatal(err)
			}
			got := viewsIn(h, f)
			if len(got) != len(tt.want) {
				t.Fatalf("views %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if !got[i].at.Equal(tt.want[i].at) || got[i].dir != tt.want[i].dir {
					t.Errorf("view %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestDuplicatesSaysWhenTheFolderIsUnknown(t *testing.T) {
	p := func(pid int, ws string) Proc {
		return Proc{WatchProcess: result.WatchProcess{Pid: pid, Tool: "gopls", Role: "server", Workspace: ws}}
	}
	f := Duplicates([]Proc{p(10, "/home/ana/shop"), p(11, "")})
	if f.Status != finding.OK || !strings.Contains(f.Title, "among those whose folder is known") || !strings.Contains(f.Detail, "pid 11 is unknown") {
		t.Errorf("one known, one unknown: %s %q %q", f.Status, f.Title, f.Detail)
	}
	f = Duplicates([]Proc{p(10, "/home/ana/shop"), p(12, "/home/ana/shop"), p(11, ""), p(13, "")})
	if f.Status != finding.Warn || !strings.Contains(f.Detail, "pids 11, 13 are unknown") {
		t.Errorf("duplicates and unknowns: %s %q", f.Status, f.Detail)
	}
	if f := Duplicates([]Proc{p(10, "/a"), p(12, "/b")}); f.Title != "one gopls per workspace" || f.Detail != "" {
		t.Errorf("all known: %q %q", f.Title, f.Detail)
	}
}
