package main

import "github.com/rogpeppe/go-internal/testscript"

// toolCmds are the testscript commands of the tools layer's scenarios.
func toolCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){}
}
