package editor

import (
	"encoding/json"
	"testing"

	"github.com/gomedic/gomedic/internal/vscode"
)

// TestTestArgs reads args as a test binary's flag package does (checked against a real test
// binary in testdata/script/editor_launch_dlv.txtar).
func TestTestArgs(t *testing.T) {
	for _, tc := range []struct {
		args, buildFlags string
		want             string // the fixed args, "" when nothing is wrong
		wantBuild        string
	}{
		{args: `["-test.v", "-test.run", "TestX"]`},
		{args: `["-v"]`, want: `["-test.v"]`},
		{args: `["--run=TestX", "-count", "1"]`, want: `["-test.run=TestX","-test.count","1"]`},
		// -run's value is not a flag; -v after it still is.
		{args: `["-test.run", "TestX", "-v"]`, want: `["-test.run","TestX","-test.v"]`},
		// The package's own flag, taken for a boolean: "golden" is the first non-flag argument,
		// and the flag package stops there.
		{args: `["-update", "golden", "-v"]`},
		{args: `["-update=true", "-v"]`, want: `["-update=true","-test.v"]`},
		{args: `["positional", "-v"]`},
		{args: `["--", "-v"]`},
		{args: `["-race", "-tags", "a,b", "-test.v"]`, want: `["-test.v"]`, wantBuild: `"-race -tags a,b"`},
		{args: `["-tags=x"]`, buildFlags: `["-mod=vendor"]`, want: `[]`, wantBuild: `["-mod=vendor","-tags=x"]`},
		{args: `"-v"`, want: `["-test.v"]`},
	} {
		doc := `{"configurations": [{"name": "t", "type": "go", "mode": "test", "args": ` + tc.args
		if tc.buildFlags != "" {
			doc += `, "buildFlags": ` + tc.buildFlags
		}
		doc += `}]}`
		d, err := vscode.ParseJSONC("launch.json", []byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		c := launchConfig{file: dotVSCodeFile{path: "launch.json", doc: d}, el: firstItem(d, "configurations"), name: "t"}
		is := c.testArgs()
		if tc.want == "" {
			if is != nil {
				t.Errorf("args %s: reported %q", tc.args, is.title)
			}
			continue
		}
		if is == nil {
			t.Errorf("args %s: not reported, want fixed to %s", tc.args, tc.want)
			continue
		}
		if got := is.actions[0].Value; !sameJSON(got, tc.want) {
			t.Errorf("args %s: fixed to %s, want %s", tc.args, got, tc.want)
		}
		if tc.wantBuild != "" && (len(is.actions) < 2 || is.actions[1].Value != tc.wantBuild || is.actions[1].Key != "/configurations/0/buildFlags") {
			t.Errorf("args %s: build flag actions %+v, want buildFlags %s", tc.args, is.actions, tc.wantBuild)
		}
	}
}

func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	ja, _ := json.Marshal(x)
	jb, _ := json.Marshal(y)
	return string(ja) == string(jb)
}

// firstItem is the first object of the array under key.
func firstItem(d *vscode.Doc, key string) jsonItem {
	for el := range jsonItems(d, key) {
		return el
	}
	return jsonItem{}
}
