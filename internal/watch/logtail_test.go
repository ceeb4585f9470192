package watch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gomedic/gomedic/internal/host"
)

// TestScanLogReadsTheEndOfAHugeLog: a "gopls (server)" channel with -rpc.trace grows past any
// limit a whole read could take; the crash at its end is still found.
func TestScanLogReadsTheEndOfAHugeLog(t *testing.T) {
	file := filepath.Join(t.TempDir(), "1-gopls (server).log")
	filler := strings.Repeat("[Trace - 9:00:00 AM] Received response 'textDocument/hover - (12)' in 1ms.\n", maxLogBytes/70+1000)
	last := "[Error - 9:30:00 AM] The gopls server crashed 5 times in the last 3 minutes. The server will not be restarted.\n"
	if err := os.WriteFile(file, []byte(filler+last), 0o644); err != nil {
		t.Fatal(err)
	}
	lines := scanLog(host.NewReal(nil), "Code", file, time.Now())
	if len(lines) != 1 || !lines[0].Fatal {
		t.Fatalf("scanLog of a %d-byte log = %+v, want the give-up at its end", len(filler)+len(last), lines)
	}
}
