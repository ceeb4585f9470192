package main

import (
	"strings"
	"testing"
)

// events is go test -json output: a package with a fast and a slow test, a parent of a failed
// subtest, a skipped test, a line that is not an event, and a package that timed out.
const events = `{"Action":"run","Package":"example.com/a","Test":"TestFast"}
{"Action":"pass","Package":"example.com/a","Test":"TestFast","Elapsed":0.01}
{"Action":"run","Package":"example.com/a","Test":"TestSlow"}
{"Action":"pass","Package":"example.com/a","Test":"TestSlow","Elapsed":12.5}
{"Action":"run","Package":"example.com/a","Test":"TestScripts"}
{"Action":"run","Package":"example.com/a","Test":"TestScripts/broken"}
{"Action":"output","Package":"example.com/a","Test":"TestScripts/broken","Output":"    want: ok\n"}
{"Action":"fail","Package":"example.com/a","Test":"TestScripts/broken","Elapsed":3}
{"Action":"fail","Package":"example.com/a","Test":"TestScripts","Elapsed":3.1}
{"Action":"skip","Package":"example.com/a","Test":"TestSkipped","Elapsed":0}
{"Action":"fail","Package":"example.com/a","Elapsed":15.9}
# example.com/b
{"ImportPath":"example.com/c [example.com/c.test]","Action":"build-output","Output":"c_test.go:3:1: syntax error\n"}
{"ImportPath":"example.com/c [example.com/c.test]","Action":"build-fail"}
{"Action":"start","Package":"example.com/c"}
{"Action":"output","Package":"example.com/c","Output":"FAIL\texample.com/c [build failed]\n"}
{"Action":"fail","Package":"example.com/c","Elapsed":0,"FailedBuild":"example.com/c [example.com/c.test]"}
{"Action":"run","Package":"example.com/b","Test":"TestHangs"}
{"Action":"output","Package":"example.com/b","Test":"TestHangs","Output":"panic: test timed out after 30m0s\n"}
{"Action":"output","Package":"example.com/b","Output":"FAIL\texample.com/b\t1800.1s\n"}
`

func TestReport(t *testing.T) {
	all, err := results(strings.NewReader(events))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if n := failures(&out, all); n != 4 {
		t.Errorf("%d failures, want 4 (the subtest, the test and the package that never ended, the build)", n)
	}
	slowest(&out, all, 3)
	want := `--- FAIL: example.com/a TestScripts/broken (3s)
    want: ok
--- FAIL: example.com/b TestHangs (did not end)
panic: test timed out after 30m0s
--- FAIL: example.com/c (0s)
c_test.go:3:1: syntax error
FAIL	example.com/c [build failed]
--- FAIL: example.com/b (did not end)
FAIL	example.com/b	1800.1s
The 3 slowest tests:
    12.5s  pass example.com/a TestSlow
     3.0s  fail example.com/a TestScripts/broken
     0.0s  pass example.com/a TestFast
`
	if got := out.String(); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestParentName(t *testing.T) {
	for test, want := range map[string]string{"": "", "TestX": "", "TestX/a": "TestX", "TestX/a/b": "TestX/a"} {
		if got := parentName(test); got != want {
			t.Errorf("parentName(%q) = %q, want %q", test, got, want)
		}
	}
}
