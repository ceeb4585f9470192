//go:build unix

package toolstore

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperMain runs the test binary as a helper process that changes the store at TS_HOME and
// GOBIN TS_GOBIN under the tool's lock, as gomedic would:
//
//	activate  commit TS_VERSION and activate it
//	rollback  roll back
//	remove    remove the tool
//	loop      print "ready", then commit, activate, roll back and replace GOBIN/tiny with the
//	          user's own build at random until killed
//
// With TS_CRASH_AT=n it SIGKILLs itself at the n-th step of the change; with TS_CRASH_AT unset it
// prints the name of every step it passes.
func helperMain(role string) int {
	s, err := Open(os.Getenv("TS_HOME"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	gobin, bins := os.Getenv("TS_GOBIN"), os.Getenv("TS_BINS")
	crashAt, _ := strconv.Atoi(os.Getenv("TS_CRASH_AT"))
	steps := 0
	s.Step = func(step string) {
		steps++
		if crashAt == 0 {
			fmt.Println(step)
		}
		if steps == crashAt {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
	}
	unlock, err := s.Lock(tool)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	defer unlock()
	if err := s.Cleanup(tool, gobin); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	switch role {
	case "activate":
		var e *Entry
		e, err = commitCopy(s, tool, filepath.Join(bins, dirName(os.Getenv("TS_VERSION")), tool))
		if err == nil {
			_, err = s.Activate(gobin, e)
		}
	case "rollback":
		_, _, err = s.Rollback(tool, gobin)
	case "remove":
		if err = s.Remove(tool, gobin); errors.Is(err, ErrNotInstalled) {
			err = nil // removed by the run that was killed
		}
	case "loop":
		fmt.Println("ready")
		err = loop(s, gobin, bins)
	default:
		err = fmt.Errorf("unknown helper role %q", role)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	return 0
}

// loop changes tiny at random, for ever or until something fails.
func loop(s *Store, gobin, bins string) error {
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), uint64(time.Now().UnixNano())))
	for i := 0; ; i++ {
		entries, err := s.Entries(tool)
		if err != nil {
			return err
		}
		switch r := rng.IntN(10); {
		case r < 2 && len(entries) < 8:
			e, err := commitCopy(s, tool, filepath.Join(bins, versions[rng.IntN(len(versions))], tool))
			if err != nil {
				return err
			}
			if _, err := s.Activate(gobin, e); err != nil {
				return err
			}
		case r == 2: // the user's own build replaces the tool, written aside and renamed in
			tmp := filepath.Join(gobin, fmt.Sprintf(".user-%d", i))
			if _, _, err := copyFile(filepath.Join(bins, dirName(devel), tool), tmp); err != nil {
				return err
			}
			if err := os.Rename(tmp, filepath.Join(gobin, tool)); err != nil {
				return err
			}
		case r == 3:
			if _, _, err := s.Rollback(tool, gobin); err != nil && !errors.Is(err, ErrNoPrevious) {
				return err
			}
		case len(entries) > 0:
			if _, err := s.Activate(gobin, entries[rng.IntN(len(entries))]); err != nil {
				return err
			}
		}
	}
}

// helper returns a command running the test binary as helper role on s and gobin.
func helper(t *testing.T, s *Store, gobin, role string, env ...string) *exec.Cmd {
	t.Helper()
	bin(t, devel) // the programs are built before a helper needs them
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+role, "TS_HOME="+s.Home, "TS_GOBIN="+gobin, "TS_BINS="+binsDir,
		"GORACE="+os.Getenv("GORACE")+" atexit_sleep_ms=0") // under -race, exit without the default 1s wait
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// killedBySIGKILL reports whether err is the Wait error of a process SIGKILL ended.
func killedBySIGKILL(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

// crashScenario is one change made by a helper process that the crash tests interrupt.
type crashScenario struct {
	name    string
	role    string
	env     []string
	setup   func(t *testing.T, s *Store, gobin string)
	allowed []string // what GOBIN/tiny may print after a crash ("" for absent); the last is the result
	toggles bool     // running the change again undoes it (a rollback)
}

var crashScenarios = []crashScenario{
	{
		name: "upgrade", role: "activate", env: []string{"TS_VERSION=v1.1.0"},
		setup: func(t *testing.T, s *Store, gobin string) {
			activate(t, s, gobin, commitVersion(t, s, "v1.0.0"))
		},
		allowed: []string{"v1.0.0", "v1.1.0"},
	},
	{
		name: "adopt", role: "activate", env: []string{"TS_VERSION=v1.1.0"},
		setup: func(t *testing.T, s *Store, gobin string) {
			putUser(t, gobin)
		},
		allowed: []string{devel, "v1.1.0"},
	},
	{
		name: "rollback", role: "rollback",
		setup: func(t *testing.T, s *Store, gobin string) {
			commitVersion(t, s, "v1.0.0")
			activate(t, s, gobin, commitVersion(t, s, "v1.1.0"))
		},
		allowed: []string{"v1.1.0", "v1.0.0"},
		toggles: true,
	},
	{
		name: "remove", role: "remove",
		setup: func(t *testing.T, s *Store, gobin string) {
			commitVersion(t, s, "v1.1.0")
			activate(t, s, gobin, commitVersion(t, s, "v1.0.0"))
		},
		allowed: []string{"v1.0.0", ""},
	},
}

// TestCrashAtEveryStep kills a helper process with SIGKILL after each step of an upgrade, an
// adoption, a rollback and a removal, and checks after each kill that GOBIN/tiny is the old or
// the new version, whole, that Cleanup leaves a consistent store, and that the next run finishes
// the change.
func TestCrashAtEveryStep(t *testing.T) {
	for _, sc := range crashScenarios {
		t.Run(sc.name, func(t *testing.T) {
			s, gobin := newStore(t)
			sc.setup(t, s, gobin)
			out, err := helper(t, s, gobin, sc.role, sc.env...).Output()
			if err != nil {
				t.Fatalf("tracing the steps: %v", err)
			}
			steps := strings.Fields(string(out))
			if len(steps) == 0 {
				t.Fatal("the change passed no step")
			}
			t.Logf("steps: %v", steps)
			for k := range steps {
				t.Run(fmt.Sprintf("%d-%s", k+1, steps[k]), func(t *testing.T) {
					s, gobin := newStore(t)
					sc.setup(t, s, gobin)
					user, _ := os.ReadFile(filepath.Join(gobin, tool))
					var stderr bytes.Buffer
					cmd := helper(t, s, gobin, sc.role, append(sc.env, fmt.Sprintf("TS_CRASH_AT=%d", k+1))...)
					cmd.Stderr = &stderr
					if err := cmd.Run(); !killedBySIGKILL(err) {
						t.Fatalf("the helper was not killed at step %d: %v\n%s", k+1, err, stderr.Bytes())
					}
					crashed := checkAfterCrash(t, s, gobin, sc.allowed)
					if sc.name == "adopt" {
						checkUserKept(t, s, gobin, user)
					}
					// The next run cleans up and finishes the change.
					if out, err := helper(t, s, gobin, sc.role, sc.env...).CombinedOutput(); err != nil {
						t.Fatalf("the run after the crash: %v\n%s", err, out)
					}
					want := sc.allowed[len(sc.allowed)-1]
					if sc.toggles && crashed == want {
						want = sc.allowed[0]
					}
					if got := runTool(t, gobin); got != want {
						t.Errorf("after the next run GOBIN/tiny prints %q, want %q", got, want)
					}
					checkClean(t, s, gobin)
					if sc.name == "adopt" {
						checkUserKept(t, s, gobin, user)
					}
				})
			}
		})
	}
}

// checkAfterCrash checks that GOBIN/tiny prints one of allowed and agrees with Active, then cleans
// up under the lock and checks that nothing is left behind. It returns what GOBIN/tiny printed.
func checkAfterCrash(t *testing.T, s *Store, gobin string, allowed []string) string {
	t.Helper()
	got := runTool(t, gobin)
	if !slices.Contains(allowed, got) {
		t.Fatalf("after the crash GOBIN/tiny prints %q, want one of %q", got, allowed)
	}
	unlock, err := s.Lock(tool)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if err := s.Cleanup(tool, gobin); err != nil {
		t.Fatalf("Cleanup: %v", err)
	}
	checkClean(t, s, gobin)
	active, err := s.Active(tool, gobin)
	switch {
	case err != nil:
		t.Errorf("Active: %v", err)
	case active != nil && active.Version != got:
		t.Errorf("Active is %s, GOBIN/tiny prints %s", active.Version, got)
	case active == nil && got != "":
		if _, ok := s.Unmanaged(tool, gobin); !ok || got != devel {
			t.Errorf("GOBIN/tiny prints %s and is neither active nor the user's", got)
		}
	}
	return got
}

// checkUserKept checks that the user's own build, once at GOBIN/tiny, is still there or in the
// store, adopted exactly once.
func checkUserKept(t *testing.T, s *Store, gobin string, user []byte) {
	t.Helper()
	entries, err := s.Entries(tool)
	if err != nil {
		t.Fatal(err)
	}
	adopted := 0
	for _, e := range entries {
		if e.Adopted {
			adopted++
			if got, _ := os.ReadFile(e.Binary); !bytes.Equal(got, user) {
				t.Errorf("the adopted binary differs from the user's")
			}
		}
	}
	if adopted > 1 {
		t.Errorf("the user's binary was adopted %d times", adopted)
	}
	if adopted == 0 {
		if got, err := os.ReadFile(filepath.Join(gobin, tool)); err != nil || !bytes.Equal(got, user) {
			t.Errorf("the user's binary is neither in GOBIN nor in the store")
		}
	}
}

// TestCrashAtRandomMoments kills a helper process that changes the tool at random, at random
// moments, and checks the tool and the store after each kill.
func TestCrashAtRandomMoments(t *testing.T) {
	s, gobin := newStore(t)
	activate(t, s, gobin, commitVersion(t, s, "v1.0.0"))
	allowed := append([]string{devel}, versions...)
	kills := 30
	if testing.Short() {
		kills = 8
	}
	for i := range kills {
		cmd := helper(t, s, gobin, "loop")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ready := make(chan bool, 1)
		go func() {
			line, _ := bufio.NewReader(stdout).ReadString('\n')
			ready <- line == "ready\n"
		}()
		select {
		case ok := <-ready:
			if !ok {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("kill %d: the helper did not start: %s", i, stderr.Bytes())
			}
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("kill %d: the helper did not start in time", i)
		}
		time.Sleep(time.Duration(rand.IntN(20_000)) * time.Microsecond)
		cmd.Process.Kill()
		if err := cmd.Wait(); !killedBySIGKILL(err) {
			t.Fatalf("kill %d: the helper ended by itself: %v\n%s", i, err, stderr.Bytes())
		}
		names, _ := os.ReadDir(gobin)
		for _, d := range names {
			if strings.HasPrefix(d.Name(), ".user-") {
				os.Remove(filepath.Join(gobin, d.Name())) // the helper's own user build, half written
			}
		}
		checkAfterCrash(t, s, gobin, allowed)
		if t.Failed() {
			t.Fatalf("after kill %d", i)
		}
	}
}

// TestConcurrentActivations starts two helper processes that install different versions at
// once: both finish, and the tool is one of them, whole.
func TestConcurrentActivations(t *testing.T) {
	for round := range 3 {
		s, gobin := newStore(t)
		activate(t, s, gobin, commitVersion(t, s, "v1.0.0"))
		a := helper(t, s, gobin, "activate", "TS_VERSION=v1.1.0")
		b := helper(t, s, gobin, "activate", "TS_VERSION=v1.2.0")
		var outA, outB bytes.Buffer
		a.Stderr, b.Stderr = &outA, &outB
		if err := a.Start(); err != nil {
			t.Fatal(err)
		}
		if err := b.Start(); err != nil {
			t.Fatal(err)
		}
		errA, errB := a.Wait(), b.Wait()
		if errA != nil || errB != nil {
			t.Fatalf("round %d: %v %s; %v %s", round, errA, outA.Bytes(), errB, outB.Bytes())
		}
		if got := runTool(t, gobin); got != "v1.1.0" && got != "v1.2.0" {
			t.Errorf("round %d: GOBIN/tiny prints %q", round, got)
		}
		if entries, _ := s.Entries(tool); len(entries) != 3 {
			t.Errorf("round %d: %d entries, want 3", round, len(entries))
		}
		checkClean(t, s, gobin)
	}
}
