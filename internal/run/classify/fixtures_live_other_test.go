//go:build !unix

package classify_test

import "testing"

// runFixture: the fixtures are recorded on a Unix system (signals, strace, ulimit).
func runFixture(t *testing.T, fx *fixture, work string) (recording, bool) {
	t.Skip("the fixtures run live only on Unix systems")
	return recording{}, false
}
