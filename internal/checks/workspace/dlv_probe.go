package workspace

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gomedic/gomedic/internal/dap"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
)

// This file runs the live debug session of ws.dlv: a scratch program debugged by the dlv the
// editor runs, started the way the Go extension starts it for a launch configuration with
// "debugAdapter": "dlv-dap" (the default): `dlv dap --listen=127.0.0.1:<port>` in the program's
// directory, ready when it prints "DAP server listening at: ADDR" on stdout, then spoken to over
// a TCP connection (the extension's spawnDlvDapServerProcess and startDapServer in
// src/goDebugFactory.ts). The extension picks a free port first; gomedic asks for port 0 and
// reads the one dlv chose from that line, which avoids racing another program for the port.

// dlvScratchVar is the variable the probe reads at the breakpoint, and dlvScratchValue its value.
const (
	dlvScratchVar   = "x"
	dlvScratchValue = "42"
	// dlvPidFile is where the scratch program writes its process id, so that the probe can
	// kill it if dlv leaves it behind: dlv starts it in a process group of its own.
	dlvPidFile = "debuggee.pid"
	// dlvBreakMarker marks the line of the breakpoint in dlvScratchSource.
	dlvBreakMarker = "// breakpoint"
)

// dlvScratchSource is the program debugged: it records its pid, sets x and calls a function that is
// not inlined, on the breakpoint's line, then exits by itself.
const dlvScratchSource = `// Command dlvprobe is the program gomedic's ws.dlv check debugs; it is removed after the check.
package main

import (
	"os"
	"strconv"
)

func main() {
	_ = os.WriteFile("` + dlvPidFile + `", []byte(strconv.Itoa(os.Getpid())), 0o644)
	x := ` + dlvScratchValue + `
	use(x) ` + dlvBreakMarker + `
}

//go:noinline
func use(n int) { _ = n }
`

// dlvScratchGoMod is the scratch module's go.mod: the go and toolchain lines of the folder's
// go.work or go.mod (b), so that the go command selects the same toolchain to build it as it does
// in the folder, the one ws.dlv_go judges; without them, a go line older than any Go that dlv
// supports, so that no go command switches toolchains to build it.
func dlvScratchGoMod(b builder) string {
	s := "module gomedic.invalid/dlvprobe\n\ngo " + cmp.Or(b.goLine, "1.18") + "\n"
	if b.toolLine != "" {
		s += "toolchain " + b.toolLine + "\n"
	}
	return s
}

// dlvScratchLine is the line of the breakpoint in dlvScratchSource.
func dlvScratchLine() int {
	for i, l := range strings.Split(dlvScratchSource, "\n") {
		if strings.HasSuffix(l, dlvBreakMarker) {
			return i + 1
		}
	}
	panic("no breakpoint marker in the scratch program")
}

// dlvStage is how far a session got.
type dlvStage string

const (
	dlvAtScratch dlvStage = "scratch" // writing the scratch program
	dlvAtStart   dlvStage = "start"   // starting dlv
	dlvAtListen  dlvStage = "listen"  // waiting for "DAP server listening at:"
	dlvAtConnect dlvStage = "connect" // connecting to that address
	dlvAtDAP     dlvStage = "dap"     // the DAP exchange (see the dap.StepError)
	dlvAtDone    dlvStage = "done"    // stopped at the breakpoint and read the variable
)

// dlvSession is what one live session did and saw.
type dlvSession struct {
	dlv  string   // the dlv binary
	cmd  host.Cmd // dlv dap as started
	dir  string   // the scratch program's directory
	file string   // its main.go
	line int      // the breakpoint's line
	env  []string // notes on the variables the editor's settings add
	// builder is the Go that builds the program: the one that builds programs in the folder.
	builder builder
	// flagNote says which of the editor's dlvFlags dlv was started with ("" for none).
	flagNote string
	stage    dlvStage
	err      error // why the session stopped short of dlvAtDone

	stdout   string       // what dlv printed on stdout
	res      *host.Result // how dlv ended (stderr, exit code, signal)
	addr     string       // where dlv said it listens
	output   string       // the DAP output events: what dlv shows in the debug console
	ignored  []string     // DAP messages the client passed over
	stop     *dap.Stop
	listened time.Duration // from the start of dlv to "DAP server listening at"
	stopped  time.Duration // from the start of dlv to the stop at the breakpoint
	wait     time.Duration // the timeout of the step that timed out, for messages
	// building is set when the launch ran out of time before dlv's build of the program had
	// written the executable: dlv was still building, not stuck.
	building bool
	// disconnected is set when dlv answered the disconnect request, and exited when it then
	// exited by itself; killed when the probe had to kill it at the end.
	disconnected, exited, killed bool
	// leftover is the scratch program's pid when the probe had to kill it itself.
	leftover int
	killRes  *host.Result
}

// dlvTimeouts bound the parts of a session.
type dlvTimeouts struct {
	// step bounds each wait for dlv: to listen, to accept the connection, to answer a request
	// other than launch, and for the program to reach the breakpoint.
	step time.Duration
	// total bounds the whole session; launch, during which dlv builds the program, may take all
	// that the other steps leave.
	total time.Duration
}

// runDlvSession debugs the scratch program with dlv and always leaves nothing behind: dlv, its
// children and the debuggee are killed and the scratch directory removed, whatever happened.
func runDlvSession(ctx context.Context, f *facts.Facts, dlv string, tm dlvTimeouts) *dlvSession {
	s := &dlvSession{dlv: dlv, line: dlvScratchLine(), stage: dlvAtScratch, builder: builderGo(f, f.Dir)}
	dir, err := dlvWriteScratch(f, dlvScratchGoMod(s.builder))
	if err != nil {
		s.err = err
		return s
	}
	defer os.RemoveAll(dir)
	s.dir, s.file = dir, filepath.Join(dir, "main.go")

	env, notes := dlvEnv(f)
	s.env = notes
	args := []string{"dap", "--listen=127.0.0.1:0"}
	// The extension passes go.delveConfig.dlvFlags to a session without a launch configuration,
	// as this one is; of them, the probe passes the one whose effect gomedic judges.
	if c := delveCheckOff(f, f.Dir); c.settings != "" {
		args = append(args, "--check-go-version=false")
		s.flagNote = fmt.Sprintf(" dlv was started with --check-go-version=false, from go.delveConfig.dlvFlags (%s), as the editor starts it for a session without a launch configuration.", c.settings)
	}
	// dlv may live a moment longer than the session, so that the session's end, not the host's
	// timeout, is what stops it: the probe then knows it killed dlv rather than saw it die.
	s.cmd = host.Cmd{Path: dlv, Args: args, Dir: dir, Env: env,
		Timeout: tm.total + time.Second, OutputLimit: 64 << 10}
	s.stage = dlvAtStart
	start := time.Now()
	p, err := f.Host.Start(ctx, s.cmd)
	ctx, cancel := context.WithTimeout(ctx, tm.total)
	defer cancel()
	if err != nil {
		s.err = err
		return s
	}
	out := newDlvStdoutWatch(p.Stdout)
	defer s.stopDlv(f, p, out)
	if s.awaitListen(ctx, p, out, tm.step, start) {
		s.debug(ctx, p, tm, start)
	}
	return s
}

// stopDlv ends the session's dlv and reads what it printed, then kills what it debugged.
func (s *dlvSession) stopDlv(f *facts.Facts, p *host.Process, out *dlvStdoutWatch) {
	s.killed = !p.Exited()
	s.res = p.Kill()
	p.Stdin.Close()
	// The rest of the output is read, unless a process dlv left holds the pipe open.
	select {
	case <-out.done:
	case <-time.After(200 * time.Millisecond):
	}
	p.Stdout.Close()
	s.stdout = out.text()
	s.killDebuggee(f)
}

// awaitListen waits for dlv to say where it listens, and reports whether it did.
func (s *dlvSession) awaitListen(ctx context.Context, p *host.Process, out *dlvStdoutWatch, step time.Duration, start time.Time) bool {
	s.stage = dlvAtListen
	s.wait = step
	select {
	case addr := <-out.ready:
		s.addr = addr
		s.listened = time.Since(start)
		return true
	case <-p.Done():
		// Whatever dlv printed before exiting is read before the finding quotes it (unless a
		// child it left holds its output open).
		select {
		case <-out.done:
		case <-time.After(time.Second):
		}
		s.err = errDlvExited
	case <-time.After(step):
		s.err = fmt.Errorf("%w within %s", errDlvNoListen, step)
	case <-ctx.Done():
		s.err = ctx.Err()
	}
	return false
}

// debug connects to dlv over DAP, runs the scratch program to the breakpoint and ends the session.
func (s *dlvSession) debug(ctx context.Context, p *host.Process, tm dlvTimeouts, start time.Time) {
	s.stage = dlvAtConnect
	if err := dlvLoopback(s.addr); err != nil {
		s.err = err
		return
	}
	dctx, dcancel := context.WithTimeout(ctx, tm.step)
	c, err := dap.Dial(dctx, s.addr)
	dcancel()
	if err != nil {
		s.err = err
		return
	}
	defer c.Close()

	s.stage = dlvAtDAP
	s.stop, s.err = c.RunToBreakpoint(ctx, dap.Target{
		Launch:      dlvLaunchConfig(s.dir),
		File:        s.file,
		Line:        s.line,
		Variable:    dlvScratchVar,
		StepTimeout: tm.step,
	})
	if s.err == nil {
		s.stage = dlvAtDone
		s.stopped = time.Since(start)
	}
	var se *dap.StepError
	if errors.As(s.err, &se) && errors.Is(se.Err, context.DeadlineExceeded) {
		s.wait = se.Timeout
		s.building = se.Step == dap.StepLaunch && !dlvBuilt(s.dir)
	}
	s.endSession(ctx, c, p, tm.step)
	s.output = c.Output()
	s.ignored = c.Ignored()
}

// endSession disconnects as the editor does when the user stops debugging, asking dlv to kill the
// program, and gives dlv a moment to exit by itself, as `dlv dap` does after its one session.
func (s *dlvSession) endSession(ctx context.Context, c *dap.Client, p *host.Process, step time.Duration) {
	select {
	case <-c.Done():
		return // the connection is gone: nothing to say goodbye to
	default:
	}
	if errors.Is(s.err, context.DeadlineExceeded) {
		return // a dlv that did not answer one request will not answer this one
	}
	ctx, cancel := context.WithTimeout(ctx, min(step, 2*time.Second))
	defer cancel()
	if err := c.Disconnect(ctx, true); err != nil {
		return
	}
	s.disconnected = true
	select {
	case <-p.Done():
		s.exited = true
	case <-ctx.Done():
	}
}

// killDebuggee kills the scratch program when dlv may have left it running: dlv starts it in a
// process group of its own, so killing dlv's group does not reach it.
func (s *dlvSession) killDebuggee(f *facts.Facts) {
	if s.exited && !s.killed && s.res != nil && s.res.OK() {
		return // dlv killed it on disconnect and exited cleanly
	}
	data, err := os.ReadFile(filepath.Join(s.dir, dlvPidFile))
	if err != nil {
		return // the program never started
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 1 {
		return
	}
	s.leftover = pid
	// Even when the run is being interrupted: the program must not outlive gomedic.
	s.killRes = f.Host.Run(context.WithoutCancel(f.Context()), dlvKillCmd(f.Host.OS(), pid))
}

// dlvKillCmd kills the process pid and its process group, through the host as every process gomedic
// runs: `kill` of the shell on Unix (the group first, then the process), taskkill with its
// children on Windows.
func dlvKillCmd(goos string, pid int) host.Cmd {
	p := strconv.Itoa(pid)
	if goos == "windows" {
		return host.Cmd{Path: "taskkill", Args: []string{"/F", "/T", "/PID", p}, Timeout: 5 * time.Second}
	}
	return host.Cmd{Path: "/bin/sh", Args: []string{"-c", `kill -KILL -- -"$1" 2>/dev/null; kill -KILL "$1" 2>/dev/null; exit 0`, "sh", p}, Timeout: 5 * time.Second}
}

// dlvWriteScratch writes the scratch module into a new directory of gomedic's cache, else of the
// system's temporary directory: the cache is the user's own, where programs may run (a temporary
// directory may be mounted noexec).
func dlvWriteScratch(f *facts.Facts, gomod string) (string, error) {
	var errs []error
	for _, base := range []string{f.CacheDir, os.TempDir()} {
		if base == "" {
			continue
		}
		dir, err := dlvWriteScratchIn(base, gomod)
		if err == nil {
			return dir, nil
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

func dlvWriteScratchIn(base, gomod string) (string, error) {
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", fmt.Errorf("creating %s for the scratch program: %w", base, err)
	}
	dir, err := os.MkdirTemp(base, "dlv-probe-")
	if err != nil {
		return "", fmt.Errorf("creating the scratch program's directory: %w", err)
	}
	for name, data := range map[string]string{"go.mod": gomod, "main.go": dlvScratchSource} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			os.RemoveAll(dir)
			return "", fmt.Errorf("writing the scratch program: %w", err)
		}
	}
	// dlv reports the file by the path it built it from; the breakpoint is set the same way.
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	return dir, nil
}

// dlvLaunchConfig is the launch request of a launch.json configuration {"type": "go", "request":
// "launch", "mode": "debug", "program": dir}, as the extension sends it to dlv.
// dlvBuilt reports whether dlv's build of the scratch program has written its executable, the
// launch configuration's output (dlv adds .exe on Windows): dlv runs `go build -o` there and starts
// the program only once the build succeeded.
func dlvBuilt(dir string) bool {
	for _, name := range []string{dlvOutputName, dlvOutputName + ".exe"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// dlvOutputName is the executable dlv builds, as the Go extension names it.
const dlvOutputName = "__debug_bin"

func dlvLaunchConfig(dir string) map[string]any {
	return map[string]any{
		"name": "gomedic ws.dlv", "type": "go", "request": "launch", "mode": "debug",
		"program": dir, "cwd": dir, "output": filepath.Join(dir, dlvOutputName),
		"stopOnEntry": false,
	}
}

// dlvEnv is the environment the extension gives dlv: the user's, with go.toolsEnvVars on top,
// GOPATH from go.gopath and GOROOT from go.goroot (goDebugConfiguration.ts adds
// toolExecutionEnvironment() of src/goEnv.ts to the configuration's env). GOWORK is turned off so
// that a go.work named in the environment does not claim the scratch module, the go command's
// telemetry child is not started, and dlv's configuration and the tools' caches are in the run's
// scratch space (facts.ToolEnv: dlv writes a default config.yml where it finds none, and moves
// an old ~/.dlv one). notes say what the settings added.
func dlvEnv(f *facts.Facts) (env, notes []string) {
	var extra []string
	for _, v := range f.ToolVars() {
		extra = append(extra, v.Name+"="+v.Value)
		notes = append(notes, v.String())
	}
	extra = append(extra, "GOWORK=off", "GO_TELEMETRY_CHILD=2")
	return f.ToolEnv(f.Host.Env().With(extra...), facts.IsolateCaches).Environ(), notes
}

// dlvLoopback checks that dlv listens on this machine's loopback interface before gomedic connects.
func dlvLoopback(addr string) error {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%w: %q is not host:port", errDlvBadAddr, addr)
	}
	ip, err := netip.ParseAddr(h)
	if err != nil || !ip.IsLoopback() {
		return fmt.Errorf("%w: %s is not a loopback address", errDlvBadAddr, addr)
	}
	return nil
}

var (
	errDlvExited   = errors.New("dlv exited before it listened")
	errDlvNoListen = errors.New("dlv did not say where it listens")
	errDlvBadAddr  = errors.New("dlv names an address gomedic does not connect to")
)

// dlvListenPrefix starts the line by which dlv dap says it is ready.
const dlvListenPrefix = "DAP server listening at: "

// dlvStdoutWatch reads dlv's standard output to its end, keeps its start, and reports the address
// of the first "DAP server listening at:" line.
type dlvStdoutWatch struct {
	ready chan string
	done  chan struct{}
	mu    sync.Mutex
	buf   strings.Builder
}

// dlvMaxStdout bounds what is kept of dlv's standard output.
const dlvMaxStdout = 64 << 10

func newDlvStdoutWatch(r io.Reader) *dlvStdoutWatch {
	w := &dlvStdoutWatch{ready: make(chan string, 1), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		br := bufio.NewReaderSize(r, 4096)
		found := false
		for {
			line, err := br.ReadSlice('\n')
			w.keep(line)
			if !found {
				if a, ok := strings.CutPrefix(strings.TrimSpace(string(line)), strings.TrimSpace(dlvListenPrefix)); ok {
					found = true
					w.ready <- strings.TrimSpace(a)
				}
			}
			if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
				return
			}
		}
	}()
	return w
}

func (w *dlvStdoutWatch) keep(b []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if room := dlvMaxStdout - w.buf.Len(); room > 0 {
		w.buf.Write(b[:min(len(b), room)])
	}
}

func (w *dlvStdoutWatch) text() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}
