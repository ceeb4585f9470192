package run

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/run/classify"
)

// execute runs argv in the run's directory with the program's streams passed through, stops it at
// the timeout, and classifies how it ended.
func (r *runner) execute(ctx context.Context, argv []string, src *classify.Source) {
	d := r.doc
	c := host.Cmd{Path: argv[0], Args: argv[1:], Dir: d.Cwd, Env: r.env.Environ()}
	d.Command, d.Line = argv, c.String()
	// Args is the whole command line, the program first (a test binary's flags as translated).
	in := classify.Input{Phase: d.Phase, ExitCode: -1, Source: src, Args: argv, Stdin: d.Stdin.Kind,
		StdinMaxLine: d.Stdin.MaxLine, Cwd: d.Cwd}
	if d.Mode == result.RunModeCommand && classify.GoSubcommand(argv) != "" {
		in.ArgModules = argModules(r.o.Host, d.Cwd, argv[1:])
	}
	// The command is looked up in the PATH it gets, before a tracer would hide a failure to start.
	if !strings.ContainsAny(c.Path, `/\`) {
		p, err := host.LookPath(r.o.Host, c.Path, r.env.Get("PATH"), r.env.Get("PATHEXT"))
		if err != nil {
			r.startFailed(in, err)
			return
		}
		c.Path = p
	}
	c, traceFile := r.traced(ctx, c)
	p, out, err := r.start(ctx, c, argv)
	if err != nil {
		r.startFailed(in, err)
		return
	}
	res := r.await(ctx, p, out)
	r.ended(in, res, out, traceFile, argv)
}

// traced wraps c in strace when --trace asks for it and strace can trace here; the file is where
// strace writes its log ("" when not traced).
func (r *runner) traced(ctx context.Context, c host.Cmd) (host.Cmd, string) {
	if !r.o.Trace {
		return c, ""
	}
	t := findTracer(ctx, r.o.Host, r.env, r.o.TempDir)
	r.doc.Trace = &result.RunTrace{Available: t.path != "", Note: t.note, Calls: []result.RunTraceCall{}}
	if t.path == "" {
		return c, ""
	}
	file := filepath.Join(r.o.TempDir, "run.trace")
	c = host.Cmd{Path: t.path, Args: straceArgs(file, append([]string{c.Path}, c.Args...)), Dir: c.Dir, Env: c.Env}
	r.doc.Trace.Tool = c.String()
	return c, file
}

// output is the program's output on its way: passed through to gomedic's streams as it comes,
// its end kept for the classifier and the document.
type output struct {
	mu             sync.Mutex // both streams may go to one writer (--json sends stdout to stderr)
	stdout, stderr *outputTail
	copied         chan struct{} // closed when the program's stdout has been read to its end
}

// start starts c (the program argv, traced or not) with its standard input fed and its output
// passed through.
func (r *runner) start(ctx context.Context, c host.Cmd, argv []string) (*host.Process, *output, error) {
	out := &output{stdout: newOutputTail(ClassifyTail), stderr: newOutputTail(ClassifyTail), copied: make(chan struct{})}
	c.Stream = passthrough{dst: lockedWriter{&out.mu, orDiscard(r.o.Stderr)}, keep: out.stderr}
	c.OutputLimit = 1 << 10 // Stream keeps what matters
	// The program has no time limit of the host's: gomedic stops it itself, SIGQUIT first.
	c.Timeout = 100 * 365 * 24 * time.Hour
	r.progress("running", host.Cmd{Path: argv[0], Args: argv[1:], Dir: r.doc.Cwd})
	p, err := r.o.Host.Start(context.WithoutCancel(ctx), c)
	if err != nil {
		return nil, nil, err
	}
	r.doc.Ran = true
	r.stdin.feed(p.Stdin)
	go out.copyStdout(p, lockedWriter{&out.mu, orDiscard(r.o.Stdout)})
	return p, out, nil
}

// copyStdout passes the program's standard output on to dst, and closes it when the reader of
// gomedic's output goes away (| head), so that the program meets the closed pipe as it would
// under a shell.
func (o *output) copyStdout(p *host.Process, dst io.Writer) {
	defer close(o.copied)
	// Large reads (the pipe holds up to 1 MiB on Linux) make a program that prints a lot cost
	// little more than under a shell's pipe; struct{ io.Reader } keeps the buffer in use.
	buf := make([]byte, 256<<10)
	var once sync.Once
	closed := func() { once.Do(func() { p.Stdout.Close() }) }
	_, _ = io.CopyBuffer(passthrough{dst: dst, keep: o.stdout, broken: closed}, struct{ io.Reader }{p.Stdout}, buf)
}

// await waits for the program to end (stopping it at the timeout), then for the rest of its
// output, unless a process it left behind keeps the pipe open.
func (r *runner) await(ctx context.Context, p *host.Process, out *output) *host.Result {
	// The goroutine dump SIGQUIT makes at the timeout is kept from its start, however long.
	started := time.Now()
	var quitAt time.Time
	r.wait(ctx, p, func() { quitAt = time.Now(); out.stderr.Mark(64<<10, 8<<20) })
	res := p.Wait()
	if r.doc.TimedOut && res.Signal == "" && res.ExitCode != 2 && !quitAt.IsZero() &&
		started.Add(res.Duration).Sub(quitAt) < 10*time.Millisecond {
		// It exited with a status of its own (a Go program stopped by SIGQUIT exits 2, another
		// dies of the signal) just as the time ran out: its exit, not the timeout's.
		if dump, _ := out.stderr.Marked(); !bytes.Contains(dump, []byte("SIGQUIT")) {
			r.doc.TimedOut = false
		}
	}
	select {
	case <-out.copied:
	case <-time.After(quitGrace):
		p.Stdout.Close()
		<-out.copied
	}
	r.stdin.finish()
	r.doc.Stdin = r.stdin.info
	return res
}

// wait waits for the program to exit; at the timeout it sends SIGQUIT (a Go program prints every
// goroutine and exits), and when gomedic is interrupted it passes the interrupt on; a program
// still running quitGrace later is killed with its process group.
func (r *runner) wait(ctx context.Context, p *host.Process, beforeQuit func()) {
	var timeout <-chan time.Time
	if r.o.Timeout > 0 {
		t := time.NewTimer(r.o.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	var sig os.Signal
	select {
	case <-p.Done():
		return
	case <-timeout:
		select {
		case <-p.Done():
			return // it ended as the time ran out: its own exit, not the timeout's
		default:
		}
		r.doc.TimedOut = true
		sig = quitSignal
		beforeQuit()
	case <-ctx.Done():
		r.doc.Interrupt = true
		sig = os.Interrupt
	}
	if sig == nil || r.o.Host.OS() == "windows" {
		p.Kill()
		return
	}
	if err := p.Signal(sig); err != nil {
		// It exited between the timer and the signal: what it did is its own.
		if errors.Is(err, os.ErrProcessDone) {
			r.doc.TimedOut, r.doc.Interrupt = false, false
			return
		}
		p.Kill()
		return
	}
	select {
	case <-p.Done():
	case <-time.After(quitGrace):
		p.Kill()
	}
}

// ended records how the program ended and what it printed, and classifies it.
func (r *runner) ended(in classify.Input, res *host.Result, out *output, traceFile string, argv []string) {
	d := r.doc
	d.ExitCode, d.Signal, d.DurationMS = res.ExitCode, res.Signal, res.Duration.Milliseconds()
	if res.TimedOut {
		d.TimedOut = true
	}
	in.ExitCode, in.Signal, in.TimedOut = d.ExitCode, d.Signal, d.TimedOut
	if d.TimedOut {
		in.Timeout = r.o.Timeout
	}
	in.Stdout, in.Stderr = out.stdout.Bytes(), out.stderr.Bytes()
	if dump, ok := out.stderr.Marked(); ok && d.TimedOut {
		in.Stderr = dump // what came before the timeout, then the dump from its first line
	}
	in.Stdin, in.StdinMaxLine, in.StdinBytes = d.Stdin.Kind, d.Stdin.MaxLine, d.Stdin.Bytes
	d.Stdout, d.Stderr = streamOf(in.Stdout, out.stdout.Total()), streamOf(in.Stderr, out.stderr.Total())
	if traceFile != "" {
		r.readTrace(traceFile, argv)
		in.Trace = syscalls(d.Trace.Calls)
		if msg := straceExecError(in.Stderr); msg != "" && d.ExitCode == 1 {
			// strace could not start the program: "strace: exec: Exec format error".
			in.StartErr, in.ExitCode, d.ExitCode, d.StartError = msg, -1, -1, msg
		}
	} else if res.Err != nil && res.Signal == "" && !res.TimedOut && res.ExitCode < 0 {
		d.Notes = append(d.Notes, res.Err.Error())
	}
	r.conclude(in)
	d.Status = exitStatus(d)
}

// startFailed records a command that could not be started.
func (r *runner) startFailed(in classify.Input, err error) {
	r.doc.StartError, r.doc.ExitCode = err.Error(), -1
	in.StartErr, in.ExitCode = err.Error(), -1
	if len(in.Args) > 0 {
		in.Exec = execFacts(r.o, in.Args[0], in.Cwd)
		in.Exec.Built = r.doc.Build != nil
	}
	r.conclude(in)
	r.doc.Status = StatusCannotExec
	if errors.Is(err, host.ErrNotFound) || errors.Is(err, os.ErrNotExist) {
		r.doc.Status = StatusNotFound
	}
}

// readTrace reads the tracer's log and keeps the calls that matter.
func (r *runner) readTrace(file string, argv []string) {
	data, err := r.o.Host.ReadFile(file, traceFileLimit)
	if err != nil {
		r.doc.Trace.Note = "reading strace's log: " + err.Error()
		return
	}
	calls := ParseStrace(data)
	r.doc.Trace.Failed = len(calls)
	r.doc.Trace.Calls = keepCalls(calls, runsProgram(argv))
}

// runsProgram reports whether argv is go run or go test: the go command builds and runs another
// program, whose calls are the ones that matter.
func runsProgram(argv []string) bool {
	if len(argv) < 2 {
		return false
	}
	base := strings.TrimSuffix(filepath.Base(strings.ReplaceAll(argv[0], `\`, "/")), ".exe")
	if base != "go" {
		return false
	}
	for _, a := range argv[1:] {
		if !strings.HasPrefix(a, "-") {
			return a == "run" || a == "test"
		}
	}
	return false
}

// straceExecError is strace's message when it could not start the program ("/usr/bin/strace:
// exec: Exec format error"), or "".
func straceExecError(stderr []byte) string {
	for _, line := range strings.Split(string(stderr), "\n") {
		prog, msg, ok := strings.Cut(strings.TrimSpace(line), ": exec: ")
		if ok && (prog == "strace" || strings.HasSuffix(prog, "/strace")) {
			return msg
		}
	}
	return ""
}

// exitStatus is gomedic run's exit status for a program that was started: its own, 124 when
// stopped at the timeout, 128+N when killed by signal N, 126 when it could not be started.
func exitStatus(d *result.Run) int {
	switch {
	case d.TimedOut:
		return StatusTimeout
	case d.StartError != "":
		return StatusCannotExec
	case d.Signal != "":
		return StatusSignal + signalNumber(d.Signal)
	case d.ExitCode < 0:
		return StatusRunFailed
	}
	return d.ExitCode
}

// orDiscard is w, or io.Discard when there is none.
func orDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}

// passthrough writes to dst, whatever dst does with it (a closed terminal must not stop the
// program), and keeps the end of the stream.
type passthrough struct {
	dst  io.Writer
	keep *outputTail
	// broken, when set, is called when dst is a pipe whose reader has gone (EPIPE).
	broken func()
}

func (p passthrough) Write(b []byte) (int, error) {
	if _, err := p.dst.Write(b); err != nil && p.broken != nil && errors.Is(err, syscall.EPIPE) {
		p.broken()
	}
	return p.keep.Write(b)
}
