package cli

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRunUsageErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"run"},
		{"run", "--"},
		{"run", "a.go", "b.go"},
		{"run", "--stdin", "in.txt", "--input", "x", "a.go"},
		{"run", "--test", "--", "go", "test"},
		{"run", "--timeout", "-1s", "a.go"},
		{"run", filepath.Join(dir, "missing.go")},
		{"run", "--stdin", filepath.Join(dir, "missing.txt"), "--", "true"},
	} {
		code, stdout, stderr := runMain(t, args...)
		if code != ExitUsage || stdout != "" || !strings.HasPrefix(stderr, "gomedic: ") {
			t.Errorf("gomedic %s: exit %d, stdout %q, stderr %q; want %d, nothing, an error", strings.Join(args, " "), code, stdout, stderr, ExitUsage)
		}
	}
}

// TestRunLiveOutput checks that the program's output reaches gomedic's stdout while the program
// runs, not when it has exited: the program prints a line, then waits for a file that the test
// creates only once it has read that line.
func TestRunLiveOutput(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	release := filepath.Join(dir, "release")
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/live\n\ngo 1.22\n")
	write("main.go", `package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	fmt.Println("first")
	for i := 0; i < 600; i++ {
		if _, err := os.Stat(`+"`"+release+"`"+`); err == nil {
			fmt.Println("second")
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Println("never released")
	os.Exit(9)
}
`)
	// A home of its own (no editor settings), the machine's build cache.
	cache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, ".config"), "GOCACHE="+strings.TrimSpace(string(cache)))
	outR, outW := io.Pipe()
	code := make(chan int, 1)
	go func() {
		c := Main(context.Background(), []string{"run", dir}, env, strings.NewReader(""), outW, io.Discard)
		outW.Close()
		code <- c
	}()
	lines := bufio.NewReader(outR)
	first := make(chan string, 1)
	go func() {
		l, _ := lines.ReadString('\n')
		first <- l
	}()
	select {
	case l := <-first:
		if l != "first\n" {
			t.Fatalf("first line %q", l)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the program's first line did not arrive while it ran")
	}
	write("release", "")
	rest, _ := io.ReadAll(lines)
	if string(rest) != "second\n" {
		t.Errorf("then %q, want second", rest)
	}
	if c := <-code; c != 0 {
		t.Errorf("exit %d", c)
	}
}
