//go:build !unix

package host

import (
	"errors"
	"testing"
)

func mkfifo(t *testing.T, _ string) {
	t.Skip("named pipes in the file system are a Unix feature")
}

func alive(int) bool { return false }

var errExecFormat = errors.New("exec format error (Unix only)")

var errTextBusy = errors.New("text file busy (Unix only)")
