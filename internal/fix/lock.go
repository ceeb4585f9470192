package fix

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/lockedfile"

	"github.com/gomedic/gomedic/internal/atomicfile"
)

// Lock takes the lock that lets one `gomedic fix` at a time change the machine, under root (the
// journals' directory). It waits up to wait for a run that holds it, then refuses, naming the
// process that holds it.
func Lock(root string, wait time.Duration) (unlock func(), err error) {
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, fmt.Errorf("creating %s: %w", root, err)
	}
	mu := lockedfile.MutexAt(filepath.Join(root, "lock"))
	owner := filepath.Join(root, "lock.owner")
	type got struct {
		unlock func()
		err    error
	}
	ch := make(chan got, 1)
	var mu2 sync.Mutex
	gaveUp := false
	go func() {
		u, err := mu.Lock()
		mu2.Lock()
		defer mu2.Unlock()
		if gaveUp {
			if err == nil {
				u() // the caller gave up: let the next run have it
			}
			return
		}
		ch <- got{u, err}
	}()
	var g got
	select {
	case g = <-ch:
	case <-time.After(wait):
		mu2.Lock()
		select {
		case g = <-ch:
		default:
			gaveUp = true
		}
		mu2.Unlock()
		if gaveUp {
			holder, _ := os.ReadFile(owner)
			return nil, fmt.Errorf("another gomedic fix is running (%s); wait for it to finish, then run gomedic fix again", strings.TrimSpace(string(holder)))
		}
	}
	if g.err != nil {
		return nil, fmt.Errorf("locking %s: %w", root, g.err)
	}
	who := fmt.Sprintf("pid %d, started %s: %s", os.Getpid(), time.Now().UTC().Format(time.RFC3339), strings.Join(os.Args, " "))
	_ = atomicfile.WriteFile(owner, []byte(who+"\n"), 0o600)
	return func() { _ = os.Remove(owner); g.unlock() }, nil
}
