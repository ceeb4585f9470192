package host

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestCmdString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		cmd  Cmd
		want string
	}{
		{Cmd{Path: "go", Args: []string{"env", "-json"}}, "go env -json"},
		{Cmd{Path: "/usr/local/go/bin/go", Args: []string{"version", "-m", "/home/a/go/bin/gopls"}}, "/usr/local/go/bin/go version -m /home/a/go/bin/gopls"},
		{Cmd{Path: "go", Args: []string{"install", "golang.org/x/tools/gopls@v0.21.1"}}, "go install golang.org/x/tools/gopls@v0.21.1"},
		{Cmd{Path: "go", Args: []string{"env", "-w", "GOFLAGS=-mod=mod,-v", "GOPROXY=https://proxy.golang.org,direct"}}, "go env -w GOFLAGS=-mod=mod,-v GOPROXY=https://proxy.golang.org,direct"},
		{Cmd{Path: "C:/Program Files/Go/bin/go.exe", Args: []string{"version"}}, "'C:/Program Files/Go/bin/go.exe' version"},
		{Cmd{Path: "sh", Args: []string{"-c", "echo $HOME"}}, "sh -c 'echo $HOME'"},
		{Cmd{Path: "sh", Args: []string{"-c", "echo 'it''s'"}}, `sh -c 'echo '\''it'\'''\''s'\'''`},
		{Cmd{Path: "go", Args: []string{"env", "-w", "GOFLAGS="}}, "go env -w GOFLAGS="},
		{Cmd{Path: "printf", Args: []string{""}}, "printf ''"},
		{Cmd{Path: "echo", Args: []string{"a\nb", "*", "~", "x;y", "ü"}}, "echo 'a\nb' '*' '~' 'x;y' 'ü'"},
		{Cmd{Path: `C:\Go\bin\go.exe`}, `'C:\Go\bin\go.exe'`},
	}
	for _, tt := range tests {
		if got := tt.cmd.String(); got != tt.want {
			t.Errorf("%q %q: String() = %s, want %s", tt.cmd.Path, tt.cmd.Args, got, tt.want)
		}
	}
}

func TestResultMessages(t *testing.T) {
	t.Parallel()
	goVersion := Cmd{Path: "go", Args: []string{"version"}, Timeout: 2 * time.Second}
	tests := []struct {
		name    string
		res     Result
		ok      bool
		output  string
		failure string
	}{
		{
			name:   "success",
			res:    Result{Cmd: goVersion, Stdout: []byte("go version go1.26.8 linux/amd64\n")},
			ok:     true,
			output: "go version go1.26.8 linux/amd64",
		},
		{
			name:    "non-zero exit names stderr's first line",
			res:     Result{Cmd: goVersion, ExitCode: 2, Stdout: []byte("partial\n"), Stderr: []byte("\n  go: cannot find GOROOT directory: /nowhere  \nmore\n")},
			output:  "partial\ngo: cannot find GOROOT directory: /nowhere  \nmore",
			failure: "go version exited with status 2: go: cannot find GOROOT directory: /nowhere",
		},
		{
			name:    "non-zero exit with only stdout",
			res:     Result{Cmd: goVersion, ExitCode: 1, Stdout: []byte("FAIL\n")},
			output:  "FAIL",
			failure: "go version exited with status 1: FAIL",
		},
		{
			name:    "non-zero exit, silent",
			res:     Result{Cmd: goVersion, ExitCode: 3},
			failure: "go version exited with status 3",
		},
		{
			name:    "start failure",
			res:     Result{Cmd: goVersion, ExitCode: -1, Err: fmt.Errorf("go: %w", ErrNotFound)},
			failure: "running go version: go: executable file not found in PATH",
		},
		{
			name:    "signal",
			res:     Result{Cmd: goVersion, ExitCode: -1, Signal: "killed", Err: errors.New("killed by signal killed")},
			failure: "running go version: killed by signal killed",
		},
		{
			name:    "timeout",
			res:     Result{Cmd: goVersion, ExitCode: -1, TimedOut: true, Err: fmt.Errorf("%w after 2s", ErrTimeout), Stderr: []byte("slow\n")},
			output:  "slow",
			failure: "go version did not finish within 2s and was killed",
		},
		{
			name:    "an error with exit code 0 is not OK",
			res:     Result{Cmd: goVersion, Err: errors.New("waiting: broken pipe")},
			failure: "running go version: waiting: broken pipe",
		},
		{
			name:   "stderr only, exit 0",
			res:    Result{Cmd: goVersion, Stderr: []byte("warning\n")},
			ok:     true,
			output: "warning",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.res.OK(); got != tt.ok {
				t.Errorf("OK() = %v, want %v", got, tt.ok)
			}
			if got := tt.res.Output(); got != tt.output {
				t.Errorf("Output() = %q, want %q", got, tt.output)
			}
			if got := tt.res.Failure(); got != tt.failure {
				t.Errorf("Failure() = %q, want %q", got, tt.failure)
			}
		})
	}
}

func TestCapWriter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limit   int
		writes  []string
		kept    string
		dropped int
	}{
		{limit: 10, writes: []string{"hello"}, kept: "hello"},
		{limit: 5, writes: []string{"hello"}, kept: "hello"},
		{limit: 4, writes: []string{"hello"}, kept: "hell", dropped: 1},
		{limit: 4, writes: []string{"he", "llo", "world"}, kept: "hell", dropped: 6},
		{limit: 0, writes: []string{"x"}, kept: "", dropped: 1},
	}
	for _, tt := range tests {
		w := &capWriter{limit: tt.limit}
		for _, s := range tt.writes {
			if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
				t.Errorf("Write(%q) = %d, %v; a capped writer still takes everything", s, n, err)
			}
		}
		if w.buf.String() != tt.kept || w.dropped != tt.dropped {
			t.Errorf("limit %d, writes %q: kept %q dropped %d; want %q, %d", tt.limit, tt.writes, w.buf.String(), w.dropped, tt.kept, tt.dropped)
		}
	}
}
