package vscode

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
)

func TestZZRetained(t *testing.T) {
	data := settingsWithKeys(50000)
	h := userSettingsHost(data)
	runtime.GC()
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	s := Load(h, "/w")
	runtime.GC()
	runtime.ReadMemStats(&b)
	t.Logf("file %d bytes, retained %d bytes (%.1fx), keys %d", len(data), b.HeapAlloc-a.HeapAlloc, float64(b.HeapAlloc-a.HeapAlloc)/float64(len(data)), len(s.All))
	f, _ := os.Create("/tmp/perfwork/heap.prof")
	pprof.WriteHeapProfile(f)
	f.Close()
	runtime.KeepAlive(s)
}
