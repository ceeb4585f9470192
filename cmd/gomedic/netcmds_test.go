package main

import "github.com/rogpeppe/go-internal/testscript"

// netCmds are the testscript commands of the net layer's scenarios.
func netCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){}
}
