package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// runCmds are the testscript commands of the gomedic run scenarios.
func runCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"exitcode": cmdExitcode,
		"longline": cmdLongline,
		"runwant":  cmdRunwant,
	}
}

// cmdExitcode runs a command as exec does (its stdout and stderr are kept for the commands that
// follow) and checks its exact exit status:
//
//	exitcode N COMMAND [ARGS...]
func cmdExitcode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("running %s: %v", args[1], err)
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// cmdLongline writes a file whose second line is N bytes long (a line too long for a default
// bufio.Scanner), between two short lines:
//
//	longline FILE N
func cmdLongline(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: longline file n")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte("1\n"+strings.Repeat("7", n)+"\nend\n"), 0o644))
}

// runDoc is the part of the gomedic.run/v1 document scripts look at.
type runDoc struct {
	Schema string `json:"schema"`
	Status *int   `json:"status"`
	Result struct {
		ID          string   `json:"id"`
		Title       string   `json:"title"`
		Explanation string   `json:"explanation"`
		Location    string   `json:"location"`
		Details     []string `json:"details"`
		Fix         string   `json:"fix"`
		Commands    []string `json:"commands"`
	} `json:"result"`
}

// cmdRunwant checks the gomedic.run/v1 document on the last command's stdout: its classification
// id and, when given, a regular expression that its title, explanation, location, details, fix
// or commands match:
//
//	runwant ID [REGEXP]
func cmdRunwant(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: runwant ID [regexp]")
	}
	data := ts.ReadFile("stdout")
	var d runDoc
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		ts.Fatalf("stdout is not a JSON document: %v\n%s", err, data)
	}
	if d.Schema != "gomedic.run/v1" || d.Status == nil {
		ts.Fatalf("stdout is not a gomedic.run/v1 document (schema %q)", d.Schema)
	}
	r := d.Result
	text := strings.Join(append(append([]string{r.Title, r.Explanation, r.Location, r.Fix}, r.Details...), r.Commands...), "\n")
	if r.ID != args[0] {
		ts.Fatalf("classified %s (%q), want %s\n%s", r.ID, r.Title, args[0], text)
	}
	if len(args) > 1 {
		re, err := regexp.Compile(strings.Join(args[1:], " "))
		ts.Check(err)
		if !re.MatchString(text) {
			ts.Fatalf("%s: %q does not match\n%s", r.ID, re, text)
		}
	}
}
