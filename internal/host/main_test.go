package host

import (
	"os"
	"testing"
)

// helperRole selects a role the test binary plays as a helper process (see helper): tests of
// what happens to a process's descendants need a process of their own to be that process.
const helperRole = "GOMEDIC_HOST_TEST_HELPER"

func TestMain(m *testing.M) {
	if role := os.Getenv(helperRole); role != "" {
		os.Exit(helper(role))
	}
	os.Exit(m.Run())
}
