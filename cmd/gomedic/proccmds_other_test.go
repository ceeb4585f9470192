//go:build !unix

package main

import "github.com/rogpeppe/go-internal/testscript"

// procCmds are the testscript commands of the scenarios about the processes gomedic starts;
// their scenarios run on Unix only.
func procCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"gone": func(ts *testscript.TestScript, _ bool, _ []string) { ts.Fatalf("gone: Unix only") },
	}
}
