package redact

import (
	"bytes"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		// Credentials in URLs.
		{"https user:pass", "GOPROXY=https://ana:s3cret@proxy.corp.example.com/go", "GOPROXY=https://REDACTED@proxy.corp.example.com/go"},
		{"http proxy", "HTTP_PROXY=http://ana:s3cret@10.0.0.1:3128", "HTTP_PROXY=http://REDACTED@10.0.0.1:3128"},
		{"socks5", "ALL_PROXY=socks5://ana:pw@socks.example.com:1080", "ALL_PROXY=socks5://REDACTED@socks.example.com:1080"},
		{"socks5h in a sentence", "proxyconnect tcp: dial socks5h://u:p@h:1080: refused", "proxyconnect tcp: dial socks5h://REDACTED@h:1080: refused"},
		{"token@host", "git remote: https://ghp_abc@github.com/org/repo.git", "git remote: https://REDACTED@github.com/org/repo.git"},
		{"a plain token as user", "https://x-access-token:abcdef@github.com/org/repo", "https://REDACTED@github.com/org/repo"},
		{"a password with a raw @", "https://ana:p@ss@proxy.example.com/", "https://REDACTED@proxy.example.com/"},
		{"a password with an escaped @", "https://ana:p%40ss@proxy.example.com", "https://REDACTED@proxy.example.com"},
		{"an empty user", "REDIS_URL=redis://:pw@127.0.0.1:6379", "REDIS_URL=redis://REDACTED@127.0.0.1:6379"},
		{"quoted", `GOPROXY="https://a:b@x.example.com"`, `GOPROXY="https://REDACTED@x.example.com"`},
		{"several GOPROXY entries", "GOPROXY=https://a:b@one.example.com,https://c:d@two.example.com|https://tok@three.example.com/p,direct",
			"GOPROXY=https://REDACTED@one.example.com,https://REDACTED@two.example.com|https://REDACTED@three.example.com/p,direct"},
		{"GOPROXY entries, the first without credentials", "https://proxy.golang.org,https://c:d@two.example.com,direct", "https://proxy.golang.org,https://REDACTED@two.example.com,direct"},
		{"a token-only second entry", "https://proxy.golang.org|https://TOKEN123@corp.example.com/go,direct", "https://proxy.golang.org|https://REDACTED@corp.example.com/go,direct"},
		{"a scheme-less entry after a host", "https://proxy.golang.org,ana:pw@corp.example.com:3128", "https://proxy.golang.org,REDACTED@corp.example.com:3128"},
		{"a scheme-less entry after a host and port", "http://127.0.0.1:8080|ana:pw@corp:3128", "http://127.0.0.1:8080|REDACTED@corp:3128"},
		{"a proxy without a scheme", "HTTPS_PROXY=ana:s3cret@proxy.example.com:3128", "HTTPS_PROXY=REDACTED@proxy.example.com:3128"},
		{"a proxy without a scheme, alone", "ana:s3cret@proxy.example.com:3128", "REDACTED@proxy.example.com:3128"},
		{"a proxy without a scheme, a raw @", "ana:p@ss@proxy.example.com:3128", "REDACTED@proxy.example.com:3128"},
		{"NO_PROXY entries", "NO_PROXY=localhost,https://u:pw@internal.example.com,10.0.0.0/8", "NO_PROXY=localhost,https://REDACTED@internal.example.com,10.0.0.0/8"},
		{"GONOSUMDB entries", "GONOSUMDB=example.com,u:pw@sum.corp.example.com", "GONOSUMDB=example.com,REDACTED@sum.corp.example.com"},
		{"ssh user is redacted too", "ssh://git@github.com/org/repo", "ssh://REDACTED@github.com/org/repo"},
		{"two on a line", "from https://a:b@x.example.com to http://c:d@y.example.com", "from https://REDACTED@x.example.com to http://REDACTED@y.example.com"},
		{"a URL in a flag", "-remote=https://u:pw@127.0.0.1:1", "-remote=https://REDACTED@127.0.0.1:1"},
		{"the go command's redaction", "http://user:xxxxx@127.0.0.1:1/x", "http://REDACTED@127.0.0.1:1/x"},

		// Secret variables, NAME=value.
		{"TOKEN=", "GITHUB_TOKEN=abc123 go build", "GITHUB_TOKEN=REDACTED go build"},
		{"PASSWORD=", "export DB_PASSWORD='hunter 2'", "export DB_PASSWORD=REDACTED"},
		{"double-quoted", `NPM_TOKEN="a b c" next`, "NPM_TOKEN=REDACTED next"},
		{"lower case", "api_key=xyz", "api_key=REDACTED"},
		{"SECRET and PASSWD", "CLIENT_SECRET=s MY_PASSWD=p", "CLIENT_SECRET=REDACTED MY_PASSWD=REDACTED"},
		{"CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS=/home/ana/key.json", "GOOGLE_APPLICATION_CREDENTIALS=REDACTED"},
		{"a _KEY suffix", "STRIPE_KEY=sk", "STRIPE_KEY=REDACTED"},
		{"in a query string", "https://proxy.example.com/mod?token=abc&x=1", "https://proxy.example.com/mod?token=REDACTED&x=1"},
		{"inside another value", "GOFLAGS=-ldflags=-X=main.apiToken=abc", "GOFLAGS=-ldflags=-X=main.apiToken=REDACTED"},
		{"in a JSON string", `["-v","DB_PASSWORD=hunter2"]`, `["-v","DB_PASSWORD=REDACTED"]`},
		{"in an escaped JSON string", `"[\"DB_PASSWORD=hunter2\"]"`, `"[\"DB_PASSWORD=REDACTED\"]"`},

		// Secret flags.
		{"--token=", "app --api-token=abc --v", "app --api-token=REDACTED --v"},
		{"--token V", "app --token abc -v", "app --token REDACTED -v"},
		{"-api-key V", "app -api-key abc", "app -api-key REDACTED"},
		{"-password V", "app -password hunter2 x", "app -password REDACTED x"},
		{"--api-key= with a dash", "--api-key=abc", "--api-key=REDACTED"},
		{"a flag in a quoted list", `["-args", "--api-key", "abc"]`, `["-args", "--api-key", "REDACTED"]`},
		{"a flag in a compact list", `["-args","--api-key","abc"]`, `["-args","--api-key","REDACTED"]`},

		// JSON members and NAME: value.
		{"a JSON member", `line 3: "GITHUB_TOKEN": "abc",`, `line 3: "GITHUB_TOKEN": "REDACTED",`},
		{"a compact JSON member", `{"GOFLAGS":"-v","api_key":"abc"}`, `{"GOFLAGS":"-v","api_key":"REDACTED"}`},
		{"a JSON number", `{"PIN_PASSWORD": 1234}`, `{"PIN_PASSWORD": REDACTED}`},
		{"an escaped quote in a member", `"TOKEN": "a\"b"`, `"TOKEN": "REDACTED"`},
		{"YAML", "env:\n  GITHUB_TOKEN: abc123\n  MODE: ci", "env:\n  GITHUB_TOKEN: REDACTED\n  MODE: ci"},
		{"a header in quotes", `curl -H 'X-Api-Key: abc123' https://x`, `curl -H 'X-Api-Key: REDACTED' https://x`},

		// Headers.
		{"bearer", "Authorization: Bearer eyJhbGciOi.payload.sig", "Authorization: Bearer REDACTED"},
		{"basic", "authorization: basic YW5hOnMzY3JldA==", "authorization: basic REDACTED"},
		{"token scheme", "Authorization: token abc123", "Authorization: token REDACTED"},
		{"proxy", "Proxy-Authorization: Basic YW5hOnB3", "Proxy-Authorization: Basic REDACTED"},
		{"no scheme", "Authorization: abc123", "Authorization: REDACTED"},
		{"a JSON header", `{"Authorization": "Bearer abc123"}`, `{"Authorization": "Bearer REDACTED"}`},
		{"a bearer token alone", "sent Bearer abcdef0123456789", "sent Bearer REDACTED"},

		// .netrc.
		{"netrc one line", "machine h.example.com login ana password s3cret", "machine h.example.com login ana password REDACTED"},
		{"netrc lines", "machine h.example.com\n  login ana\n  password s3cret\n", "machine h.example.com\n  login ana\n  password REDACTED\n"},
		{"netrc machine and password", "machine h password s3cret", "machine h password REDACTED"},

		// Token formats.
		{"ghp_", "token ghp_0123456789abcdefghijABCDEFGHIJ in output", "token REDACTED in output"},
		{"gho_", "gho_0123456789abcdefghij0123", "REDACTED"},
		{"github_pat_", "github_pat_11AAAAAAA0123456789_abcdefghijklmnopqrstuvwxyz", "REDACTED"},
		{"glpat-", "use glpat-abcdefghij0123456789 please", "use REDACTED please"},
		{"slack", "xoxb-1234567890-abcdef", "REDACTED"},
		{"aws", "id AKIAIOSFODNN7EXAMPLE here", "id REDACTED here"},
		{"npm", "npm_abcdefghijABCDEFGHIJ0123456789abcdef", "REDACTED"},
		{"google", "key AIzaSyA0123456789abcdefghijklmnopqrstuv", "key REDACTED"},
		{"jwt", "t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl ok", "t=REDACTED ok"},
		{"pem", "a\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nabc\n-----END RSA PRIVATE KEY-----\nb", "a\nREDACTED\nb"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("%s: Text(%q)\n = %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
		if got := Text(Text(tt.in)); got != tt.want {
			t.Errorf("%s: Text is not idempotent: %q", tt.name, got)
		}
	}
}

// TestTextKeeps lists what looks a little like a secret and is not one: Text returns it as it is.
func TestTextKeeps(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"",
		// Module paths and versions, the go command's words, go.mod lines.
		"go: downloading golang.org/x/tools v0.26.0",
		"golang.org/x/tools/gopls@v0.21.1",
		"go install golang.org/x/tools/gopls@latest",
		"example.com/x@v1.2.3: reading https://proxy.golang.org/example.com/x/@v/v1.2.3.mod: 404 Not Found",
		"GET https://proxy.golang.org/github.com/x/y/@v/v1.2.3.info: 404",
		"module example.com/app\n\ngo 1.22\n\ntoolchain go1.23.1\n\nrequire golang.org/x/tools v0.26.0 // indirect\n\nreplace example.com/x => ../x\n",
		// E-mail addresses, git's scp syntax, paths with @, times.
		"mail ana@example.com for access",
		"git@github.com:org/repo.git",
		`C:\Users\ana@corp\go\bin`,
		"/home/ana@corp/go/bin/gopls",
		"at 10:30 ana@host said",
		// URLs without credentials, lists without them.
		"https://proxy.golang.org,direct",
		"http://localhost:8080/x",
		"GOPRIVATE=*.corp.example.com,github.com/ana",
		"NO_PROXY=localhost,127.0.0.1,.corp.example.com",
		// Settings and flags that only sound secret, and values that are no secret.
		"GOFLAGS=-mod=mod -tags=netgo",
		`"ui.semanticTokens": true`,
		"gopls.ui.semanticTokens = true",
		"ui.semanticTokens: false",
		"go test -run TestTokenRefresh ./...",
		"-ldflags=-X main.version=1.2.3",
		"GOAUTH=netrc",
		"PWD=/home/ana",
		"GITHUB_TOKEN=$GITHUB_TOKEN and ${env:NPM_TOKEN}",
		`"GITHUB_TOKEN": "${env:GITHUB_TOKEN}"`,
		// Words: prose and the placeholders of gomedic's own advice.
		"the TOKEN variable is not set",
		"a bearer token",
		"ghp_short",
		`a line "machine h.example.com login <user> password <token>" in ~/.netrc`,
		"Put the user name and password in HTTPS_PROXY (scheme://user:password@host:port).",
		"FATAL: password authentication failed for user",
		"global-configuration-settings-of-the-editor",
		"REDACTED@proxy.example.com:3128",
		// Code and regular expressions.
		`regexp.MustCompile(` + "`" + `([^\s@:"]+)(?:@([^\s:"]+))?: ` + "`" + `)`,
		"&jsonFrame{object: t == '{', secret: parent.secretHere()}",
		"// reports whether it is no secret: Mark itself",
	} {
		if got := Text(s); got != s {
			t.Errorf("Text(%q)\n = %q, want it unchanged", s, got)
		}
	}
}

func TestName(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"GITHUB_TOKEN": true, "DB_PASSWORD": true, "api_key": true, "apiToken": true, "--api-token": true, "-password": true,
		"client-secret": true, "AWS_SECRET_ACCESS_KEY": true, "GOOGLE_APPLICATION_CREDENTIALS": true, "STRIPE_KEY": true,
		"SMTP_PASS": true, "pass": true, "go.toolsEnvVars.NPM_TOKEN": true,
		"GOFLAGS": false, "GOPROXY": false, "GOAUTH": false, "PWD": false, "KEY": false, "keyboard": false, "GO_KEYWORDS": false,
		"bypass": false, "": false, "-": false, "tags": false,
	} {
		if got := Name(name); got != want {
			t.Errorf("Name(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestArgv(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want []string }{
		{nil, nil},
		{[]string{"app", "--token", "abc", "-v"}, []string{"app", "--token", "REDACTED", "-v"}},
		{[]string{"app", "-api-key", "abc"}, []string{"app", "-api-key", "REDACTED"}},
		{[]string{"app", "--api-token=abc", "-password", "pw", "x"}, []string{"app", "--api-token=REDACTED", "-password", "REDACTED", "x"}},
		{[]string{"app", "--db=postgres://u:pw@h/x", "GITHUB_TOKEN=abc"}, []string{"app", "--db=postgres://REDACTED@h/x", "GITHUB_TOKEN=REDACTED"}},
		{[]string{"app", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"}, []string{"app", "REDACTED"}},
		// A secret flag at the end has no value; a flag that only sounds secret keeps its.
		{[]string{"app", "--token"}, []string{"app", "--token"}},
		{[]string{"go", "test", "-run", "TestToken", "./..."}, []string{"go", "test", "-run", "TestToken", "./..."}},
		{[]string{"app", "--token", "$TOKEN"}, []string{"app", "--token", "$TOKEN"}},
	}
	for _, tt := range tests {
		if got := Argv(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Argv(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestVar(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, value, want string }{
		{"GITHUB_TOKEN", "abc", "REDACTED"},
		{"GITHUB_TOKEN", "", ""},
		{"DB_PASSWORD", "a b", "REDACTED"},
		{"GOPROXY", "https://u:pw@h", "https://REDACTED@h"},
		{"MODE", "ci", "ci"},
		{"ENABLE_TOKENS", "true", "true"},
	}
	for _, tt := range tests {
		if got := Var(tt.name, tt.value); got != tt.want {
			t.Errorf("Var(%q, %q) = %q, want %q", tt.name, tt.value, got, tt.want)
		}
	}
}

func TestList(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://tok@proxy.example.com/go,direct", "https://REDACTED@proxy.example.com/go,direct"},
		{"tok@proxy.example.com:3128", "REDACTED@proxy.example.com:3128"},
		{"https://proxy.golang.org|tok@corp:3128 off", "https://proxy.golang.org|REDACTED@corp:3128 off"},
		{"http://u:p@ss@h:1", "http://REDACTED@h:1"},
		{"https://proxy.golang.org/@v/list", "https://proxy.golang.org/@v/list"},
		{"example.com,*.corp.example.com", "example.com,*.corp.example.com"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := List(tt.in); got != tt.want {
			t.Errorf("List(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://ana:pw@h.example.com/x": "https://REDACTED@h.example.com/x",
		"https://tok@h.example.com":      "https://REDACTED@h.example.com",
		"https://h.example.com/x":        "https://h.example.com/x",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := URL(u); got != want {
			t.Errorf("URL(%s) = %s, want %s", in, got, want)
		}
	}
	if URL(nil) != "" {
		t.Error("URL(nil) is not empty")
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key, in, want string
	}{
		// Nothing to redact: the value is returned byte for byte.
		{"go.gopath", `"~/go"`, `"~/go"`},
		{"gopls", `{ "ui.semanticTokens": true, "b": [1, 2.50, null] }`, `{ "ui.semanticTokens": true, "b": [1, 2.50, null] }`},
		{"go.buildTags", `"a<b&c"`, `"a<b&c"`},
		{"go.toolsEnvVars", `{"GOFLAGS": "-mod=mod", "GOPRIVATE": "\u00e9xample.com"}`, `{"GOFLAGS": "-mod=mod", "GOPRIVATE": "\u00e9xample.com"}`},
		// A member whose name says it is secret, whatever its value is.
		{"go.toolsEnvVars", `{"GOFLAGS": "-x", "GITHUB_TOKEN": "abc", "api_key": 12345, "on": true}`,
			`{"GOFLAGS":"-x","GITHUB_TOKEN":"REDACTED","api_key":"REDACTED","on":true}`},
		{"gopls", `{"build.env": {"GOPRIVATE_TOKEN": "abc"}}`, `{"build.env":{"GOPRIVATE_TOKEN":"REDACTED"}}`},
		// Everything inside a secret member.
		{"x", `{"API_KEYS": ["a", "b", {"c": 1}], "ok": [true]}`, `{"API_KEYS":["REDACTED","REDACTED",{"c":"REDACTED"}],"ok":[true]}`},
		// Credentials in URLs and NAME=value, anywhere in the value, members kept in order.
		{"go.toolsEnvVars", `{"Z": "https://ana:pw@proxy.example.com", "A": ["x", {"k": "DB_PASSWORD=pw"}]}`,
			`{"Z":"https://REDACTED@proxy.example.com","A":["x",{"k":"DB_PASSWORD=REDACTED"}]}`},
		{"go.testFlags", `["-args", "TOKEN=abc", "<b>"]`, `["-args","TOKEN=REDACTED","<b>"]`},
		// A secret flag's value in an array: the next element.
		{"go.testFlags", `["-args", "--api-key", "abc", "-v"]`, `["-args","--api-key","REDACTED","-v"]`},
		// A key that names a secret: the member setting of go.toolsEnvVars.
		{"go.toolsEnvVars.GITHUB_TOKEN", `"abc"`, `"REDACTED"`},
		{"go.toolsEnvVars.NPM_TOKEN", `42`, `"REDACTED"`},
		{"gopls.ui.semanticTokens", `true`, `true`},
		{"go.toolsEnvVars.GITHUB_TOKEN", `{"nested": "https://a:b@h"}`, `{"nested":"https://REDACTED@h"}`},
		// A key that holds a credential.
		{"go.x", `{"https://ana:pw@h.example.com": 1}`, `{"https://REDACTED@h.example.com":1}`},
		// Not JSON: redacted as text.
		{"go.x", `{"a": "https://ana:pw@h`, `{"a": "https://REDACTED@h`},
		{"go.x", ``, ``},
	}
	for _, tt := range tests {
		if got := string(JSON(tt.key, []byte(tt.in))); got != tt.want {
			t.Errorf("JSON(%q, %s) = %s, want %s", tt.key, tt.in, got, tt.want)
		}
	}
}

// TestWriter writes output in pieces that cut secrets in two: each line is redacted whole.
func TestWriter(t *testing.T) {
	t.Parallel()
	in := "go: downloading x\nGet \"https://tok3n@proxy.example.com/x\": refused\nGITHUB_TOKEN=abc123 end"
	var out bytes.Buffer
	w := NewWriter(&out)
	for i := 0; i < len(in); i += 3 {
		if _, err := w.Write([]byte(in[i:min(i+3, len(in))])); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Contains(out.String(), "GITHUB_TOKEN") {
		t.Errorf("the last line was written before it ended: %q", out.String())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "go: downloading x\nGet \"https://REDACTED@proxy.example.com/x\": refused\nGITHUB_TOKEN=REDACTED end"
	if out.String() != want {
		t.Errorf("written %q\nwant %q", out.String(), want)
	}
	// A line longer than maxLine is written in pieces, without waiting for its end.
	out.Reset()
	_, _ = w.Write(bytes.Repeat([]byte("x"), maxLine+10))
	if out.Len() != maxLine {
		t.Errorf("a long line: %d bytes written, want %d", out.Len(), maxLine)
	}
}

func TestKnown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"http://user:s3cret@host:1", []string{"user:s3cret", "s3cret"}},
		{"user:p%40ss@host", []string{"user:p%40ss", "user:p@ss", "p%40ss", "p@ss"}},
		{"https://ghp_abcdefgh@host", []string{"ghp_abcdefgh"}},
		{"https://u:ab@host", []string{"u:ab"}},
		{"https://user@host", nil},
		{"https://ana@host", []string{"ana@"}},
		{"https://host/path@x", nil},
		{"https://host", nil},
		{"https://proxy.golang.org,https://tok3n-abc@corp|direct", []string{"tok3n-abc"}},
	}
	for _, tt := range tests {
		got := Known(tt.in)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Known(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Scrub(`Get "http://user:***@x": user:s3cret, s3cret`, Known("user:s3cret@proxy:1")); strings.Contains(got, "s3cret") {
		t.Errorf("Scrub left the secret: %q", got)
	}
}

// TestJSONPlainStringFastPath: a plain JSON string is redacted without a decoder, exactly as the
// decoder's path redacts it.
func TestJSONPlainStringFastPath(t *testing.T) {
	for _, v := range []string{
		`"value 1"`, `""`, `"https://user:pw@proxy.example.com"`, `"GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789"`,
		`"--api-key=s3cr3tvalue"`, `"Bearer abcdefghijklmnop1234"`, `"<b>&</b>"`, `"héllo wörld"`,
		`"a\"b"`, `"tab\tin"`, `"\u0041"`,
	} {
		want, changed, err := rewriteJSON([]byte(v))
		if err != nil {
			t.Fatalf("rewriteJSON(%s): %v", v, err)
		}
		if !changed {
			want = []byte(v)
		}
		if got := JSON("go.formatFlags", []byte(v)); string(got) != string(want) {
			t.Errorf("JSON(%s) = %s, want %s (the decoder's path)", v, got, want)
		}
	}
}
