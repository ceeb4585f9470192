//go:build linux

package watch

import (
	"context"
	"os"
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
func BenchmarkLook(b *testing.B) {
	gopls := testtools.Need(b, "gopls")
	dir := b.TempDir()
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
		p, err := os.StartProcess(gopls, []string{gopls, "serve"}, &os.ProcAttr{Dir: dir, Files: []*os.File{r, null, null}})
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
	if doc := w.Look(ctx, time.Now()); len(doc.Processes) != 10 {
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
