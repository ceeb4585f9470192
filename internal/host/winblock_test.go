package host

import (
	"errors"
	"testing"
)

func TestWindowsExecBlock(t *testing.T) {
	start := func(msg string) *Result { return &Result{ExitCode: -1, Err: &StartError{Err: errors.New(msg)}} }
	for _, tc := range []struct {
		name string
		r    *Result
		by   string // "" for no block
	}{
		{"smart app control", start(`fork/exec C:\t\gopls.exe: An Application Control policy has blocked this file.`), blockedByAppControl},
		{"virus", start(`fork/exec C:\t\dlv.exe: Operation did not complete successfully because the file contains a virus or potentially unwanted software.`), blockedByAntivirus},
		{"quarantined", start(`fork/exec C:\t\dlv.exe: This file contains a virus or potentially unwanted software and cannot be opened. Due to the nature of this virus or potentially unwanted software, the file has been removed from this location.`), blockedByAntivirus},
		{"group policy", start(`fork/exec C:\t\gopls.exe: This program is blocked by group policy. For more information, contact your system administrator.`), blockedByPolicy},
		{"invalid image hash", &Result{ExitCode: 0xC0000428}, blockedByAppControl},
		{"SRP path rule", &Result{ExitCode: 0xC0000362}, blockedByPolicy},
		{"access denied is ambiguous", start(`fork/exec C:\t\gopls.exe: Access is denied.`), ""},
		{"not found", start(`exec: "gopls": executable file not found in %PATH%`), ""},
		{"an ordinary exit status", &Result{ExitCode: 2}, ""},
		{"killed by the timeout", &Result{ExitCode: -1, Err: errors.New("signal: killed")}, ""},
		{"nil", nil, ""},
	} {
		b, ok := WindowsExecBlock(tc.r)
		if ok != (tc.by != "") || b.By != tc.by {
			t.Errorf("%s: WindowsExecBlock = %+v, %v; want by %q", tc.name, b, ok, tc.by)
		}
	}
}
