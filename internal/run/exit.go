package run

// gomedic run's exit statuses other than the program's own (README, docs/json.md).
const (
	// StatusNotRun is the status when the program was not built or not run because of its source or
	// its build: go build's own status when it failed (1), and 1 for a package that is not a
	// program (as go run says).
	StatusNotRun = 1
	// StatusTimeout is the status of a program stopped at --timeout (as GNU timeout's).
	StatusTimeout = 124
	// StatusRunFailed is the status when gomedic run itself could not run the program (no go
	// command, no temporary directory).
	StatusRunFailed = 125
	// StatusCannotExec is the status of a command found that could not be started (permission
	// denied, exec format error), and StatusNotFound of one not found, as a shell's.
	StatusCannotExec = 126
	StatusNotFound   = 127
	// StatusSignal plus the signal's number is the status of a program killed by a signal, as a
	// shell's.
	StatusSignal = 128
)
