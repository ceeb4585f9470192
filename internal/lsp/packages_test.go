package lsp

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestHeldBy(t *testing.T) {
	for _, tt := range []struct {
		name, answer, want string
		err                bool
	}{
		{"a package", `{"Packages":[{"Path":"example.com/m/p","ModulePath":"example.com/m"}],"Module":{"example.com/m":{"Path":"example.com/m","GoMod":"file:///m/go.mod"}}}`, "example.com/m/p", false},
		{"the package before its test variant", `{"Packages":[{"Path":"example.com/m/p","ForTest":"example.com/m/p"},{"Path":"example.com/m/p"}]}`, "example.com/m/p", false},
		{"a directory of tests alone", `{"Packages":[{"Path":"example.com/m/p_test","ForTest":"example.com/m/p"}]}`, "example.com/m/p_test [example.com/m/p.test]", false},
		{"only files named on the command line", `{"Packages":[{"Path":"command-line-arguments"}]}`, "", false},
		{"no package", `{"Packages":[],"Module":{}}`, "", false},
		{"no package, null", `{"Packages":null,"Module":null}`, "", false},
		{"an empty path", `{"Packages":[{"Path":""}]}`, "", false},
		{"null", `null`, "", false},
		{"not the answer of gopls.packages", `{"Views":[{"WorkspacePackages":{"Packages":3}}]}`, "", false},
		{"not an object", `[1,2]`, "", true},
	} {
		got, err := heldBy(json.RawMessage(tt.answer))
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("%s: heldBy(%s) = %q, %v; want %q (error %v)", tt.name, tt.answer, got, err, tt.want, tt.err)
		}
	}
}

// TestProbeAsksWhichPackageHoldsTheFile checks when the probe opens the file: only when it could not
// learn from gopls.packages that a workspace package holds it (and then it waits for its
// diagnostics, which say whether one does).
func TestProbeAsksWhichPackageHoldsTheFile(t *testing.T) {
	t.Parallel()
	both := []string{statsCommand, packagesCommand}
	held := json.RawMessage(`{"Packages":[{"Path":"example.com/m","ModulePath":"example.com/m"}],"Module":{}}`)
	for _, tt := range []struct {
		name          string
		commands      []string
		packages      any
		unconstrained bool
		wantPackage   string
		wantMethods   string
	}{
		{"held", both, held, true, "example.com/m", "initialize initialized workspace/executeCommand workspace/executeCommand shutdown exit"},
		{"a gopls without gopls.packages (before v0.17.0)", nil, held, true, "", "initialize initialized textDocument/didOpen workspace/executeCommand shutdown exit"},
		{"no package in its directory", both, json.RawMessage(`{"Packages":[],"Module":{}}`), true, "", "initialize initialized workspace/executeCommand textDocument/didOpen workspace/executeCommand shutdown exit"},
		{"only command-line-arguments", both, json.RawMessage(`{"Packages":[{"Path":"command-line-arguments"}]}`), true, "", "initialize initialized workspace/executeCommand textDocument/didOpen workspace/executeCommand shutdown exit"},
		{"the command fails", both, errors.New("no views"), true, "", "initialize initialized workspace/executeCommand textDocument/didOpen workspace/executeCommand shutdown exit"},
		{"a file a build constraint can leave out", both, held, false, "", "initialize initialized textDocument/didOpen workspace/executeCommand shutdown exit"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := &fakeServer{commands: tt.commands, packages: tt.packages, script: load}
			rep, _ := probe(t, srv.program(), Config{Open: "/work/a/main.go", OpenUnconstrained: tt.unconstrained})
			if rep.Failure != nil || rep.Phase != PhaseReady {
				t.Fatalf("phase %s, failure %v\n%s", rep.Phase, rep.Failure, strings.Join(rep.Trace, "\n"))
			}
			o := rep.Opened
			if o == nil || o.Package != tt.wantPackage || o.Err != "" || o.Orphaned() != "" {
				t.Errorf("opened %+v, want package %q", o, tt.wantPackage)
			}
			if opened := tt.wantPackage == ""; o != nil && o.Published != opened {
				t.Errorf("published %v, want %v (the file is opened: %v)", o.Published, opened, opened)
			}
			if got := strings.Join(srv.received(), " "); got != tt.wantMethods {
				t.Errorf("the server received %q, want %q\n%s", got, tt.wantMethods, strings.Join(rep.Trace, "\n"))
			}
			srv.mu.Lock()
			args := srv.packagesArgs
			srv.mu.Unlock()
			if asked := tt.unconstrained && len(tt.commands) > 1; asked && (len(args) != 1 || string(args[0]) != `{"Files":["file:///work/a/main.go"]}`) {
				t.Errorf("gopls.packages was given %s", args)
			}
			if rep.Packages != 3 {
				t.Errorf("packages %d (%s)", rep.Packages, rep.StatsNote)
			}
		})
	}
}
