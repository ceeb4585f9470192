package host

import (
	"fmt"
	"strings"
)

// ExecBlock is Windows refusing to run a program for its security policy, not because the program
// is broken: Smart App Control or App Control for Business (WDAC), an antivirus, a group policy
// (AppLocker, Software Restriction Policies). The refusal comes either as the error of
// CreateProcess (the Win32 error's message text, which is what Go's exec error holds) or, when the
// image loaded but a DLL or the image's signature was refused while the process was being set up,
// as an NTSTATUS exit code before main ran.
type ExecBlock struct {
	// By names who blocked it: "Smart App Control or App Control for Business", "an antivirus",
	// "a group policy (AppLocker or Software Restriction Policies)", "Windows".
	By string
	// Code is the Win32 error or NTSTATUS, in hex ("0x11C7", "0xC0000428"), with its name.
	Code string
	// Said is what Windows said: the error text, or the exit status with its meaning.
	Said string
}

// execBlockError is a Win32 error CreateProcess returns for a blocked program: its message text
// (FormatMessage, as Go's syscall.Errno prints it), its code and who raises it.
type execBlockError struct {
	text, code, by string
}

const (
	blockedByAppControl = "Smart App Control or App Control for Business"
	blockedByAntivirus  = "an antivirus"
	blockedByPolicy     = "a group policy (AppLocker or Software Restriction Policies)"
)

// execBlockErrors are the Win32 errors of winerror.h that mean a security feature refused the
// program.
var execBlockErrors = []execBlockError{
	{"An Application Control policy has blocked this file", "0x11C7 ERROR_SYSTEM_INTEGRITY_POLICY_VIOLATION (HRESULT 0x800711C7)", blockedByAppControl},
	{"Operation did not complete successfully because the file contains a virus", "0xE1 ERROR_VIRUS_INFECTED", blockedByAntivirus},
	{"This file contains a virus or potentially unwanted software and cannot be opened", "0xE2 ERROR_VIRUS_DELETED", blockedByAntivirus},
	{"This program is blocked by group policy", "0x4EC ERROR_ACCESS_DISABLED_BY_POLICY", blockedByPolicy},
}

// execBlockStatuses are the NTSTATUS codes (ntstatus.h) a process exits with when Windows refused
// its image or a DLL while setting it up, before main.
var execBlockStatuses = map[uint32][2]string{
	0xC0000428: {"STATUS_INVALID_IMAGE_HASH: the signature of the image or of a DLL it loads was refused", blockedByAppControl},
	0xC0000361: {"STATUS_ACCESS_DISABLED_BY_POLICY_DEFAULT", blockedByPolicy},
	0xC0000362: {"STATUS_ACCESS_DISABLED_BY_POLICY_PATH", blockedByPolicy},
	0xC0000363: {"STATUS_ACCESS_DISABLED_BY_POLICY_PUBLISHER", blockedByPolicy},
	0xC0000364: {"STATUS_ACCESS_DISABLED_BY_POLICY_OTHER", blockedByPolicy},
	0xC0000906: {"STATUS_VIRUS_INFECTED", blockedByAntivirus},
	0xC0000907: {"STATUS_VIRUS_DELETED", blockedByAntivirus},
}

// WindowsExecBlockError reports whether msg, the error of starting a program on Windows (Go's
// "fork/exec C:\\...\\x.exe: ..." as the go command and gomedic print it), is a security
// feature's refusal, and by which.
func WindowsExecBlockError(msg string) (ExecBlock, bool) {
	for _, e := range execBlockErrors {
		if strings.Contains(msg, e.text) {
			return ExecBlock{By: e.by, Code: e.code, Said: msg}, true
		}
	}
	return ExecBlock{}, false
}

// The features WindowsExecBlock names, for those who give their way out.
const (
	BlockedByAppControl = blockedByAppControl
	BlockedByAntivirus  = blockedByAntivirus
	BlockedByPolicy     = blockedByPolicy
)

// WindowsExecBlock reports whether r, a command run on Windows, was refused by a security feature,
// and by which. "Access is denied" (ERROR_ACCESS_DENIED) on start is not one of them: an
// antivirus holding a file just written says it, but so does a file's access list.
func WindowsExecBlock(r *Result) (ExecBlock, bool) {
	if r == nil {
		return ExecBlock{}, false
	}
	if r.NotStarted() {
		return WindowsExecBlockError(r.Err.Error())
	}
	if r.Err != nil && r.ExitCode == -1 {
		return ExecBlock{}, false
	}
	code := uint32(r.ExitCode)
	if st, ok := execBlockStatuses[code]; ok {
		return ExecBlock{By: st[1], Code: fmt.Sprintf("0x%08X %s", code, st[0]),
			Said: fmt.Sprintf("exit status %d before the program's main ran", code)}, true
	}
	return ExecBlock{}, false
}
