package editor

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
	"github.com/gomedic/gomedic/internal/vscode"
)

// The tests in this file count work, not time: the bytes allocated to check a settings file of n
// members and of 4n members. Work that grows with the file gives a ratio near 4; work that grows
// with its square, near 16.

// jsonMembers is the text of n members of a JSON object, each written by member(i), one a line.
func jsonMembers(n int, member func(i int) string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("    " + member(i))
	}
	return b.String()
}

// userSettingsOf loads data as a Linux user's VS Code settings.
func userSettingsOf(data string) *vscode.Settings {
	h, userDir := settingsHost("linux")
	h.AddFile(userDir+"/settings.json", []byte(data), 0o644)
	return vscode.Load(h, "/w")
}

// settingsShapes are settings files of n members in the shapes that were checked in time that
// grew with the square of n: each problem's line, pointer or neighbour was found by listing (and
// copying) the whole object it is in.
var settingsShapes = map[string]func(n int) string{
	"unknown keys": func(n int) string {
		return "{\n" + jsonMembers(n, func(i int) string { return fmt.Sprintf(`"go.setting%d": "v"`, i) }) + "\n}"
	},
	"a [go] block of unknown keys": func(n int) string {
		return "{\"[go]\": {\n" + jsonMembers(n, func(i int) string { return fmt.Sprintf(`"go.setting%d": "v"`, i) }) + "\n}}"
	},
	"gopls options gopls does not know": func(n int) string {
		return "{\"gopls\": {\n" + jsonMembers(n, func(i int) string { return fmt.Sprintf(`"option%d": true`, i) }) + "\n}}"
	},
	"gopls.* keys outside the gopls object": func(n int) string {
		return "{\"gopls\": {},\n" + jsonMembers(n, func(i int) string { return fmt.Sprintf(`"gopls.option%d": true`, i) }) + "\n}"
	},
	"go.toolsEnvVars with many variables": func(n int) string {
		return "{\"go.toolsEnvVars\": {\n" + jsonMembers(n, func(i int) string { return fmt.Sprintf(`"VAR%d": "v"`, i) }) + "\n}}"
	},
}

func TestSettingsUnknownCostIsLinear(t *testing.T) {
	g := schemaTestGopls(t)
	for name, shape := range settingsShapes {
		cost := func(n int) uint64 {
			data := shape(n)
			return testtools.Allocated(func() {
				s := userSettingsOf(data)
				settingsUnknownFinding(s, builtinTables(), g)
			})
		}
		small, large := cost(1000), cost(4000)
		if ratio := float64(large) / float64(small); ratio > 6 {
			t.Errorf("%s: %d bytes for 1000 members, %d for 4000 (%.1f times): more than the file grows", name, small, large, ratio)
		}
	}
}

func TestSettingsUnknownListsTheFirstProblems(t *testing.T) {
	s := userSettingsOf(settingsShapes["unknown keys"](maxProblemsListed + 150))
	fd := settingsUnknownFinding(s, builtinTables(), goplsSchema{})
	want := fmt.Sprintf("%d settings problems", maxProblemsListed+150)
	if fd.Status != finding.Warn || !strings.HasPrefix(fd.Title, want) {
		t.Fatalf("%s %q, want a warning %q", fd.Status, fd.Title, want)
	}
	if listed := strings.Count(fd.Detail, "does not define go.setting"); listed != maxProblemsListed {
		t.Errorf("%d problems listed, want %d", listed, maxProblemsListed)
	}
	if !strings.Contains(fd.Detail, "… and 150 more problems, not listed") {
		t.Errorf("detail does not say how many are not listed:\n%.300s", fd.Detail[len(fd.Detail)-600:])
	}
	if fd.Fix == nil || len(fd.Fix.Actions) != maxProblemsListed {
		t.Errorf("fix %+v, want one action for each problem listed", fd.Fix)
	}
}

// dotVSCodeShapes are a launch.json of n Go debug configurations and a tasks.json of n go tasks,
// with the check that reads each.
var dotVSCodeShapes = map[string]struct {
	file, id string
	data     func(n int) string
}{
	"launch.json": {"launch.json", "editor.launch", func(n int) string {
		return `{"version": "0.2.0", "configurations": [` + "\n" + jsonMembers(n, func(i int) string {
			return fmt.Sprintf(`{"name": "app %d", "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}"}`, i)
		}) + "\n]}"
	}},
	"tasks.json": {"tasks.json", "editor.tasks", func(n int) string {
		return `{"version": "2.0.0", "tasks": [` + "\n" + jsonMembers(n, func(i int) string {
			return fmt.Sprintf(`{"label": "build %d", "type": "shell", "command": "go", "args": ["build", "./..."]}`, i)
		}) + "\n]}"
	}},
}

// dotVSCodeHost is a Linux machine with a working go and a main package in /w, whose
// .vscode/<file> is data.
func dotVSCodeHost(file, data string) *host.Fake {
	h, _ := settingsHost("linux")
	h.AddFile("/w/go.mod", []byte("module example.com/w\n\ngo 1.25\n"), 0o644)
	h.AddFile("/w/main.go", []byte("package main\n\nfunc main() {}\n"), 0o644)
	h.AddFile("/w/.vscode/"+file, []byte(data), 0o644)
	return h
}

// checkOf is the check of the editor layer with id.
func checkOf(t testing.TB, id string) func(context.Context, *facts.Facts) finding.Finding {
	for _, c := range Checks() {
		if c.ID == id {
			return c.Run
		}
	}
	t.Fatalf("no check %s", id)
	return nil
}

func TestLaunchAndTasksCostIsLinear(t *testing.T) {
	for name, shape := range dotVSCodeShapes {
		run := checkOf(t, shape.id)
		cost := func(n int) uint64 {
			h := dotVSCodeHost(shape.file, shape.data(n))
			f := facts.New(context.Background(), h, "/w", time.Second)
			f.GoEnv()
			return testtools.Allocated(func() {
				if fd := run(context.Background(), f); fd.Status != finding.OK {
					t.Fatalf("%s: %s %s", name, fd.Status, fd.Title)
				}
			})
		}
		small, large := cost(1000), cost(4000)
		if ratio := float64(large) / float64(small); ratio > 6 {
			t.Errorf("%s: %d bytes for 1000 entries, %d for 4000 (%.1f times): more than the file grows", name, small, large, ratio)
		}
	}
}

func BenchmarkLaunchAndTasks(b *testing.B) {
	for _, name := range []string{"launch.json", "tasks.json"} {
		shape := dotVSCodeShapes[name]
		run := checkOf(b, shape.id)
		for _, n := range []int{1000, 5000, 20000} {
			b.Run(fmt.Sprintf("%s/entries=%d", name, n), func(b *testing.B) {
				data := shape.data(n)
				h := dotVSCodeHost(shape.file, data)
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					f := facts.New(context.Background(), h, "/w", time.Second)
					run(context.Background(), f)
				}
			})
		}
	}
}
