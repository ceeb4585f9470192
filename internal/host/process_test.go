package host

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// start starts c on h, retrying while the kernel says the program file is still busy.
func start(t *testing.T, h *Real, ctx context.Context, c Cmd) *Process {
	t.Helper()
	for i := 0; ; i++ {
		p, err := h.Start(ctx, c)
		if err == nil {
			t.Cleanup(func() { p.Kill() })
			return p
		}
		if !errors.Is(err, errTextBusy) || i == 100 {
			t.Fatalf("Start: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStartPipes(t *testing.T) {
	needUnix(t)
	t.Parallel()
	p := start(t, realHost(t), context.Background(), Cmd{Path: "sh", Args: []string{"-c", `while read -r line; do echo "got $line"; done; echo bye >&2; exit 3`}, Timeout: time.Minute})
	if p.Pid <= 0 {
		t.Errorf("Pid %d", p.Pid)
	}
	out := bufio.NewReader(p.Stdout)
	for _, word := range []string{"one", "two"} {
		fmt.Fprintln(p.Stdin, word)
		line, err := out.ReadString('\n')
		if err != nil || line != "got "+word+"\n" {
			t.Fatalf("read %q, %v; want %q", line, err, "got "+word)
		}
	}
	if p.Exited() {
		t.Fatal("the process exited while reading its input")
	}
	p.Stdin.Close()
	res := p.Wait()
	if res.ExitCode != 3 || res.Err != nil || string(res.Stderr) != "bye\n" {
		t.Errorf("exit %d, err %v, stderr %q; want 3, nil, bye", res.ExitCode, res.Err, res.Stderr)
	}
	if _, err := out.ReadString('\n'); err != io.EOF {
		t.Errorf("stdout after exit: %v, want EOF", err)
	}
}

// TestStartLastWords checks that what a process printed before it exited can still be read after
// it has exited and been waited for.
func TestStartLastWords(t *testing.T) {
	needUnix(t)
	t.Parallel()
	p := start(t, realHost(t), context.Background(), Cmd{Path: "sh", Args: []string{"-c", `echo "panic: boom"; exit 2`}, Timeout: time.Minute})
	<-p.Done()
	res := p.Wait()
	data, err := io.ReadAll(p.Stdout)
	if err != nil || string(data) != "panic: boom\n" {
		t.Errorf("stdout %q, %v", data, err)
	}
	if res.ExitCode != 2 {
		t.Errorf("exit code %d, want 2", res.ExitCode)
	}
}

// TestStartKillsGroup checks that Kill, the Cmd's timeout and the end of the context each kill
// the process with the children it started, and close its output.
func TestStartKillsGroup(t *testing.T) {
	needUnix(t)
	t.Parallel()
	dir := t.TempDir()
	script := `sleep 100 & echo $! > "$1"; echo started; wait`
	for _, how := range []string{"kill", "timeout", "context"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			pidFile := filepath.Join(dir, how)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			timeout := time.Minute
			if how == "timeout" {
				timeout = testTimeout(300 * time.Millisecond) // for the shell to start and print
			}
			p := start(t, realHost(t), ctx, Cmd{Path: "sh", Args: []string{"-c", script, "sh", pidFile}, Timeout: timeout})
			line, err := bufio.NewReader(p.Stdout).ReadString('\n')
			if err != nil || line != "started\n" {
				t.Fatalf("read %q, %v", line, err)
			}
			var res *Result
			switch how {
			case "kill":
				res = p.Kill()
			case "timeout":
				res = p.Wait()
				if !res.TimedOut || !errors.Is(res.Err, ErrTimeout) {
					t.Errorf("TimedOut %v, err %v", res.TimedOut, res.Err)
				}
			case "context":
				cancel()
				res = p.Wait()
				if !errors.Is(res.Err, context.Canceled) {
					t.Errorf("err %v, want context.Canceled", res.Err)
				}
			}
			if res.ExitCode != -1 {
				t.Errorf("exit code %d, want -1", res.ExitCode)
			}
			waitGone(t, pidFile)
			if _, err := io.ReadAll(p.Stdout); err != nil {
				t.Errorf("stdout after the kill: %v", err)
			}
		})
	}
}

func TestStartNotFound(t *testing.T) {
	t.Parallel()
	_, err := realHost(t).Start(context.Background(), Cmd{Path: "gomedic-no-such-program"})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("err %v, want ErrNotFound", err)
	}
}

func TestFakeStart(t *testing.T) {
	t.Parallel()
	f := NewFake("linux", "amd64")
	f.Programs = map[string]Program{
		"echo": func(ctx context.Context, c Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
			sc := bufio.NewScanner(stdin)
			for sc.Scan() {
				fmt.Fprintln(stdout, strings.ToUpper(sc.Text()))
			}
			fmt.Fprint(stderr, "done")
			return 7
		},
		"hang": func(ctx context.Context, c Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
			<-ctx.Done()
			return 0
		},
	}
	p, err := f.Start(context.Background(), Cmd{Path: "/bin/echo"})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(p.Stdin, "hi")
	line, _ := bufio.NewReader(p.Stdout).ReadString('\n')
	if line != "HI\n" {
		t.Errorf("read %q", line)
	}
	p.Stdin.Close()
	if res := p.Wait(); res.ExitCode != 7 || string(res.Stderr) != "done" || res.Err != nil {
		t.Errorf("exit %d, stderr %q, err %v", res.ExitCode, res.Stderr, res.Err)
	}

	p, err = f.Start(context.Background(), Cmd{Path: "hang", Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if res := p.Wait(); !res.TimedOut || res.ExitCode != -1 {
		t.Errorf("TimedOut %v, exit %d", res.TimedOut, res.ExitCode)
	}
	p, _ = f.Start(context.Background(), Cmd{Path: "hang", Timeout: time.Minute})
	if res := p.Kill(); res.Signal != "killed" {
		t.Errorf("signal %q after Kill", res.Signal)
	}
	if _, err := io.ReadAll(p.Stdout); err != nil {
		t.Errorf("stdout of a killed fake: %v", err)
	}
	if _, err := f.Start(context.Background(), Cmd{Path: "nothere"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("err %v, want ErrNotFound", err)
	}
	if n := len(f.Ran()); n != 4 {
		t.Errorf("Ran has %d commands, want 4", n)
	}
}

// TestStartSignal checks that Signal reaches the process (and its group), that the process can
// end as it chooses, and that signalling an exited process says so.
func TestStartSignal(t *testing.T) {
	needUnix(t)
	t.Parallel()
	p := start(t, realHost(t), context.Background(), Cmd{Path: "sh", Args: []string{"-c", `trap 'echo got quit; exit 5' QUIT; echo ready; sleep 100 & wait`}, Timeout: time.Minute})
	out := bufio.NewReader(p.Stdout)
	if line, err := out.ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("read %q, %v", line, err)
	}
	if err := p.Signal(syscall.SIGQUIT); err != nil {
		t.Fatalf("Signal: %v", err)
	}
	res := p.Wait()
	if line, _ := out.ReadString('\n'); line != "got quit\n" || res.ExitCode != 5 || res.Signal != "" {
		t.Errorf("after SIGQUIT: read %q, exit %d, signal %q; want the trap's words and exit 5", line, res.ExitCode, res.Signal)
	}
	if err := p.Signal(syscall.SIGQUIT); !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("Signal after the exit: %v, want os.ErrProcessDone", err)
	}
}

func TestFakeSignal(t *testing.T) {
	t.Parallel()
	f := NewFake("darwin", "arm64")
	f.Programs = map[string]Program{
		"server": func(ctx context.Context, c Cmd, stdin io.Reader, stdout, stderr io.Writer) int {
			<-ctx.Done()
			var s *Signaled
			if errors.As(context.Cause(ctx), &s) {
				fmt.Fprintf(stdout, "stopping on %v\n", s.Sig)
				return 2
			}
			return 0
		},
	}
	p, err := f.Start(context.Background(), Cmd{Path: "server", Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(p.Stdout)
	if res := p.Wait(); res.ExitCode != 2 || res.Signal != "" || string(out) != "stopping on interrupt\n" {
		t.Errorf("exit %d, signal %q, stdout %q", res.ExitCode, res.Signal, out)
	}
	if sigs := f.Signals(); len(sigs) != 1 || sigs[0] != os.Interrupt {
		t.Errorf("Signals() = %v", sigs)
	}
	if err := p.Signal(os.Interrupt); !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("Signal after the exit: %v", err)
	}
}
