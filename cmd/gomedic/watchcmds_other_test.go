//go:build !linux

package main

import "github.com/rogpeppe/go-internal/testscript"

// watchCmds has no commands where /proc cannot be read: the watch scenarios skip there.
func watchCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){}
}
