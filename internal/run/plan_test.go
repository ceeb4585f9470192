package run

import (
	"strings"
	"testing"
)

// TestCheckTestArgs: fuzzing flags given to --test are refused with the go test command to run.
func TestCheckTestArgs(t *testing.T) {
	for _, tt := range []struct {
		path string
		args []string
		want string // a substring of the error, "" for none
	}{
		{"pkg", []string{"-fuzz=FuzzParse", "-fuzztime=5s"}, "gomedic run -- go test -fuzz=FuzzParse -fuzztime=30s ./pkg"},
		{"pkg/parse_test.go", []string{"-fuzz", "FuzzParse"}, "go test -fuzz=FuzzParse -fuzztime=30s ./pkg"},
		{".", []string{"-v", "--test.fuzz=."}, "--test.fuzz=.: fuzzing needs go test itself"},
		{"/abs/dir", []string{"-test.fuzz=Fuzz"}, "-fuzztime=30s /abs/dir"},
		{"my dir", []string{"-fuzz=F"}, "'./my dir'"},
		{"pkg", []string{"-run", "FuzzParse", "-fuzztime=5s"}, ""},
		{"pkg", []string{"-fuzz="}, ""},
		{"pkg", []string{"-args", "-fuzz=X"}, ""},
		{"pkg", nil, ""},
	} {
		err := checkTestArgs(tt.path, tt.args)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("checkTestArgs(%q, %q) = %v, want nil", tt.path, tt.args, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("checkTestArgs(%q, %q) = %v, want it to contain %q", tt.path, tt.args, err, tt.want)
		}
	}
}
