//go:build linux

package watch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/testtools"
)

// BenchmarkLook measures one sample of a continuous watch with 10 gopls processes running (the
// census of the whole /proc, the findings, the history written, the editors' logs looked for):
// cpu-ms/op is the CPU time gomedic spends per sample, the share of one core at the default
// 30 s interval is cpu-ms/op / 30000, and max-rss-MiB the benchmark process's peak resident memory.
func BenchmarkLook(b *testing.B) { benchmarkLook(b, false) }

// BenchmarkLookFolderFromLog is BenchmarkLook with the 10 gopls working in the home directory, as
// the Go extension leaves them: their folder is read from the "gopls (server)" channel log their
// parent (this process, standing in for the extension host) holds open, a log of 1 MiB.
func BenchmarkLookFolderFromLog(b *testing.B) { benchmarkLook(b, true) }

func benchmarkLook(b *testing.B, inHome bool) {
	gopls := testtools.Need(b, "gopls")
	dir := b.TempDir()
	cwd := dir
	if inHome {
		cwd = holdChannelLog(b, dir)
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer null.Close()
	for range 10 {
		r, w, err := os.Pipe()
		if err != nil {
			b.Fatal(err)
		}
		p, err := os.StartProcess(gopls, []string{gopls, "serve"}, &os.ProcAttr{Dir: cwd, Files: []*os.File{r, null, null}})
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
		b.Cleanup(func() { w.Close(); _ = p.Kill(); _, _ = p.Wait() })
	}
	h := host.NewReal(append(os.Environ(), "HOME="+dir+"/home"))
	w := New(h, Options{Census: CensusOptions{UID: os.Getuid(), Under: dir}, History: dir + "/history.json", Since: 24 * time.Hour})
	ctx := context.Background()
	time.Sleep(200 * time.Millisecond) // not a verdict: the processes settle before the measure
	if doc := w.Look(ctx, time.Now()); len(doc.Processes) != 10 && !inHome {
		all, _ := h.Processes()
		for _, p := range all {
			if toolOf(p) != "" {
				b.Logf("%d %q %q uid %d", p.Pid, p.Exe, p.Cwd, p.UID)
			}
		}
		b.Fatalf("the census found %d gopls, want 10", len(doc.Processes))
	}
	var before, after syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	b.ResetTimer()
	for b.Loop() {
		w.Look(ctx, time.Now())
	}
	b.StopTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano()+after.Stime.Nano()-before.Utime.Nano()-before.Stime.Nano()) / time.Duration(b.N)
	b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms/op")
	b.ReportMetric(float64(after.Maxrss)/1024, "max-rss-MiB")
}

// holdChannelLog writes a 1 MiB "gopls (server)" channel log ending with a view of dir/ws stamped
// now, holds it open for the benchmark, and returns the home directory the gopls work in.
func holdChannelLog(b *testing.B, dir string) string {
	home := filepath.Join(dir, "home")
	logDir := filepath.Join(home, ".config", "Code", "logs", "20261206T210000", "window1", "exthost", "output_logging_20261206T210001")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		b.Fatal(err)
	}
	filler := strings.Repeat("[Trace - 9:14:03 PM] Received response 'textDocument/hover - (12)' in 3ms.\n", (1<<20)/80)
	view := "[Info  - 9:14:03 PM] " + time.Now().Add(time.Second).Format("2006/01/02 15:04:05") + " Created View (#1)\n\tdirectory=" + filepath.Join(dir, "ws") + "\n\n"
	f, err := os.OpenFile(filepath.Join(logDir, "2-gopls (server).log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	if _, err := f.WriteString(filler + view); err != nil {
		b.Fatal(err)
	}
	return home
}
