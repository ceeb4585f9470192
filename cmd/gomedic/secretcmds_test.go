package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// secretCmds are the testscript commands of the planted-secrets scenarios.
func secretCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"secrets": cmdSecrets,
	}
}

// plantDir is where the secrets command keeps what it remembers between its calls, below $WORK
// and left out of what it searches.
const plantDir = ".planted"

// plantState is what `secrets plant` remembers: the planted secrets, the files that were there
// before gomedic ran (the inputs, which hold the secrets on purpose) and the directories left
// out of the search.
type plantState struct {
	Secrets []string          `json:"secrets"`
	Inputs  map[string]string `json:"inputs"` // path relative to $WORK -> SHA-256 of its content
	Skip    []string          `json:"skip"`   // directories relative to $WORK that are not searched
}

// cmdSecrets plants secrets and looks for them in everything gomedic writes:
//
//	secrets plant FILE [SKIPDIR...]   FILE lists the planted secrets, one a line; every file under
//	                                  $WORK as it is now is an input (holds secrets on purpose);
//	                                  SKIPDIRs (relative to $WORK) are never searched
//	secrets none LABEL                no planted secret in the last command's stdout and stderr,
//	                                  nor in any file under $WORK made or changed since plant;
//	                                  each leak is logged and remembered
//	secrets done                      fails when a leak was found, listing each once
//
// A leak does not stop the scenario at once, so that one run lists every leak.
func cmdSecrets(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: secrets plant FILE [SKIPDIR...] | none LABEL | done")
	}
	switch {
	case args[0] == "plant" && len(args) >= 2:
		plantSecrets(ts, args[1], args[2:])
	case args[0] == "none" && len(args) == 2:
		findLeaks(ts, args[1])
	case args[0] == "done" && len(args) == 1:
		leaks := readLeaks(ts)
		if len(leaks) > 0 {
			ts.Fatalf("%d planted secret(s) leaked:\n%s", len(leaks), strings.Join(leaks, "\n"))
		}
	default:
		ts.Fatalf("usage: secrets plant FILE [SKIPDIR...] | none LABEL | done")
	}
}

// plantSecrets remembers the secrets listed in file and the inputs: every file under $WORK now.
func plantSecrets(ts *testscript.TestScript, file string, skip []string) {
	st := plantState{Inputs: map[string]string{}, Skip: append([]string{plantDir}, skip...)}
	for _, l := range strings.Split(ts.ReadFile(file), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			st.Secrets = append(st.Secrets, l)
		}
	}
	if len(st.Secrets) == 0 {
		ts.Fatalf("secrets plant: %s lists no secret", file)
	}
	walkWork(ts, st.Skip, func(rel string, data []byte) { st.Inputs[rel] = digest(data) })
	data, err := json.Marshal(st)
	ts.Check(err)
	ts.Check(os.MkdirAll(inWork(ts, plantDir), 0o755))
	ts.Check(os.WriteFile(inWork(ts, plantDir, "state.json"), data, 0o644))
}

func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return fmt.Sprintf("%x", sum)
}

// walkWork calls fn with every regular file under $WORK but those in skip (relative paths).
func walkWork(ts *testscript.TestScript, skip []string, fn func(rel string, data []byte)) {
	work := ts.Getenv("WORK")
	err := filepath.WalkDir(work, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file removed while walking
		}
		rel, _ := filepath.Rel(work, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() && slices.Contains(skip, rel) {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err == nil {
			fn(rel, data)
		}
		return nil
	})
	ts.Check(err)
}

func readState(ts *testscript.TestScript) plantState {
	var st plantState
	data, err := os.ReadFile(inWork(ts, plantDir, "state.json"))
	if err != nil {
		ts.Fatalf("secrets: run secrets plant first: %v", err)
	}
	ts.Check(json.Unmarshal(data, &st))
	return st
}

// findLeaks searches the last command's output and the files written since plant.
func findLeaks(ts *testscript.TestScript, label string) {
	st := readState(ts)
	var found []string
	search := func(where string, data []byte) {
		for _, s := range st.Secrets {
			if i := bytes.Index(data, []byte(s)); i >= 0 {
				found = append(found, fmt.Sprintf("%s in %s: %q", s, where, around(data, i, len(s))))
			}
		}
	}
	search(label+": stdout", []byte(ts.ReadFile("stdout")))
	search(label+": stderr", []byte(ts.ReadFile("stderr")))
	walkWork(ts, st.Skip, func(rel string, data []byte) {
		if st.Inputs[rel] != digest(data) {
			search("$WORK/"+rel, data)
		}
	})
	for _, l := range found {
		ts.Logf("LEAK %s", l)
	}
	addLeaks(ts, found)
}

// around is the text of data around the n bytes at i, within its line: where a leak is.
func around(data []byte, i, n int) string {
	start, end := max(0, i-60), min(len(data), i+n+60)
	if j := bytes.LastIndexByte(data[start:i], '\n'); j >= 0 {
		start += j + 1
	}
	if j := bytes.IndexByte(data[i:end], '\n'); j >= 0 {
		end = i + j
	}
	return string(data[start:end])
}

func leaksFile(ts *testscript.TestScript) string {
	return inWork(ts, plantDir, "leaks.txt")
}

// inWork is a path below $WORK, wherever the scenario has gone with cd.
func inWork(ts *testscript.TestScript, elem ...string) string {
	return filepath.Join(append([]string{ts.Getenv("WORK")}, elem...)...)
}

// readLeaks are the leaks found so far, each once, in the order found.
func readLeaks(ts *testscript.TestScript) []string {
	f, err := os.Open(leaksFile(ts))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func addLeaks(ts *testscript.TestScript, leaks []string) {
	if len(leaks) == 0 {
		return
	}
	f, err := os.OpenFile(leaksFile(ts), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	ts.Check(err)
	defer f.Close()
	for _, l := range leaks {
		fmt.Fprintln(f, l)
	}
}
