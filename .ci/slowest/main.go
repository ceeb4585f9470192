// Command slowest reads the output of `go test -json` on standard input and prints, for a CI log,
// what the JSON hides: the output of every test (and package) that failed, then the slowest tests.
//
//	go test -json ./... > test.json; go run ./.ci/slowest [-n 10] < test.json
//
// A test that has subtests is not listed among the slowest: its time is theirs. The exit status
// is 0 whatever the tests did (the go test command's own says that), 1 when the input cannot be
// read.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json, and the go command's build events).
type event struct {
	Action      string
	Package     string
	Test        string
	Elapsed     float64 // seconds
	Output      string
	ImportPath  string // of a build-output event
	FailedBuild string // of a package's fail event: the package whose build failed
}

// key names a test, or a package when Test is "".
type key struct{ Package, Test string }

// result is what the events say about one test or package.
type result struct {
	key
	action  string // pass, fail or skip; "" when it never ended (a timeout or crash)
	elapsed time.Duration
	output  strings.Builder
	parent  bool // it has subtests
}

// results folds the events of r into one result per test and package, in the order they started;
// a package whose build failed gets the compiler's output.
func results(r io.Reader) ([]*result, error) {
	byKey := map[key]*result{}
	var order []*result
	buildOutput := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			continue // not an event: a line go test printed outside test2json
		}
		if e.Package == "" {
			if e.Action == "build-output" {
				buildOutput[e.ImportPath] += e.Output
			}
			continue
		}
		k := key{e.Package, e.Test}
		res := byKey[k]
		if res == nil {
			res = &result{key: k}
			byKey[k] = res
			order = append(order, res)
			if p := byKey[key{e.Package, parentName(e.Test)}]; p != nil && parentName(e.Test) != "" {
				p.parent = true
			}
		}
		switch e.Action {
		case "output":
			res.output.WriteString(e.Output)
		case "pass", "fail", "skip":
			res.action = e.Action
			res.elapsed = time.Duration(e.Elapsed * float64(time.Second))
			if e.FailedBuild != "" { // the compiler's errors, then what go test said
				own := res.output.String()
				res.output.Reset()
				res.output.WriteString(buildOutput[e.FailedBuild] + own)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the test events: %w", err)
	}
	return order, nil
}

// parentName is the name of the test that runs test as a subtest, "" for a top-level test.
func parentName(test string) string {
	i := strings.LastIndexByte(test, '/')
	if i < 0 {
		return ""
	}
	return test[:i]
}

// failures writes the output of every test without subtests that failed or never ended (a
// timeout, a crash), then of every package that failed without a failed test (a build error, a
// crash outside the tests) or never ended. It returns how many it wrote.
func failures(w io.Writer, all []*result) int {
	n := 0
	failedIn := map[string]bool{}
	for _, r := range all {
		if r.Test != "" && !r.parent && (r.action == "fail" || r.action == "") {
			writeFailure(w, r)
			failedIn[r.Package] = true
			n++
		}
	}
	for _, r := range all {
		if r.Test == "" && (r.action == "" || r.action == "fail" && !failedIn[r.Package]) {
			writeFailure(w, r)
			n++
		}
	}
	return n
}

// writeFailure writes what a failed test or package printed, under its name.
func writeFailure(w io.Writer, r *result) {
	name := r.Package
	if r.Test != "" {
		name += " " + r.Test
	}
	how := r.elapsed.Round(10 * time.Millisecond).String()
	if r.action == "" {
		how = "did not end"
	}
	fmt.Fprintf(w, "--- FAIL: %s (%s)\n%s\n", name, how, strings.TrimRight(r.output.String(), "\n"))
}

// slowest writes the n slowest tests that have no subtests.
func slowest(w io.Writer, all []*result, n int) {
	var tests []*result
	for _, r := range all {
		if r.Test != "" && !r.parent && r.action != "" {
			tests = append(tests, r)
		}
	}
	sort.SliceStable(tests, func(i, j int) bool { return tests[i].elapsed > tests[j].elapsed })
	fmt.Fprintf(w, "The %d slowest tests:\n", min(n, len(tests)))
	for _, r := range tests[:min(n, len(tests))] {
		fmt.Fprintf(w, "%8.1fs  %-4s %s %s\n", r.elapsed.Seconds(), r.action, r.Package, r.Test)
	}
}

func main() {
	n := flag.Int("n", 10, "how many of the slowest tests to list")
	flag.Parse()
	all, err := results(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "slowest:", err)
		os.Exit(1)
	}
	if failures(os.Stdout, all) > 0 {
		fmt.Println()
	}
	slowest(os.Stdout, all, *n)
}
