package main

import (
	"bytes"
	"os"

	"github.com/rogpeppe/go-internal/testscript"
)

// fixCmds are the commands of the gomedic fix scenarios.
func fixCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"dosfile": cmdDosfile,
	}
}

// cmdDosfile copies a file with its line ends made CRLF and, with -bom, a UTF-8 byte order mark
// before it, as an editor on Windows saves it (a txtar archive cannot hold either).
//
//	dosfile [-bom] SRC DST
func cmdDosfile(ts *testscript.TestScript, neg bool, args []string) {
	bom := len(args) > 0 && args[0] == "-bom"
	if bom {
		args = args[1:]
	}
	if neg || len(args) != 2 {
		ts.Fatalf("usage: dosfile [-bom] src dst")
	}
	data := bytes.ReplaceAll([]byte(ts.ReadFile(args[0])), []byte("\n"), []byte("\r\n"))
	if bom {
		data = append([]byte{0xEF, 0xBB, 0xBF}, data...)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
}
