package report

import "testing"

func TestRedact(t *testing.T) {
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
		{"quoted", `GOPROXY="https://a:b@x.example.com"`, `GOPROXY="https://REDACTED@x.example.com"`},
		{"several GOPROXY entries", "GOPROXY=https://a:b@one.example.com,https://c:d@two.example.com|https://tok@three.example.com/p,direct",
			"GOPROXY=https://REDACTED@one.example.com,https://REDACTED@two.example.com|https://REDACTED@three.example.com/p,direct"},
		{"GOPROXY entries, the first without credentials", "https://proxy.golang.org,https://c:d@two.example.com,direct", "https://proxy.golang.org,https://REDACTED@two.example.com,direct"},
		{"a proxy without a scheme", "HTTPS_PROXY=ana:s3cret@proxy.example.com:3128", "HTTPS_PROXY=REDACTED@proxy.example.com:3128"},
		{"a proxy without a scheme, alone", "ana:s3cret@proxy.example.com:3128", "REDACTED@proxy.example.com:3128"},
		{"ssh user is redacted too", "ssh://git@github.com/org/repo", "ssh://REDACTED@github.com/org/repo"},
		{"two on a line", "from https://a:b@x.example.com to http://c:d@y.example.com", "from https://REDACTED@x.example.com to http://REDACTED@y.example.com"},

		// Secret variables.
		{"TOKEN=", "GITHUB_TOKEN=abc123 go build", "GITHUB_TOKEN=REDACTED go build"},
		{"PASSWORD=", "export DB_PASSWORD='hunter 2'", "export DB_PASSWORD=REDACTED"},
		{"double-quoted", `NPM_TOKEN="a b c" next`, "NPM_TOKEN=REDACTED next"},
		{"lower case", "api_key=xyz", "api_key=REDACTED"},
		{"SECRET and PASSWD", "CLIENT_SECRET=s MY_PASSWD=p", "CLIENT_SECRET=REDACTED MY_PASSWD=REDACTED"},
		{"CREDENTIALS", "GOOGLE_APPLICATION_CREDENTIALS=/home/ana/key.json", "GOOGLE_APPLICATION_CREDENTIALS=REDACTED"},
		{"in a query string", "https://proxy.example.com/mod?token=abc&x=1", "https://proxy.example.com/mod?token=REDACTED"},

		// Headers and token formats.
		{"bearer", "Authorization: Bearer eyJhbGciOi.payload.sig", "Authorization: Bearer REDACTED"},
		{"basic", "authorization: basic YW5hOnMzY3JldA==", "authorization: basic REDACTED"},
		{"ghp_", "token ghp_0123456789abcdefghijABCDEFGHIJ in output", "token REDACTED in output"},
		{"gho_", "gho_0123456789abcdefghij0123", "REDACTED"},
		{"github_pat_", "github_pat_11AAAAAAA0123456789_abcdefghijklmnopqrstuvwxyz", "REDACTED"},
		{"glpat-", "use glpat-abcdefghij0123456789 please", "use REDACTED please"},
		{"slack", "xoxb-1234567890-abcdef", "REDACTED"},

		// Things that must not change.
		{"empty", "", ""},
		{"module version", "go: downloading golang.org/x/tools v0.26.0", "go: downloading golang.org/x/tools v0.26.0"},
		{"module path with @v", "golang.org/x/tools/gopls@v0.21.1", "golang.org/x/tools/gopls@v0.21.1"},
		{"go install @latest", "go install golang.org/x/tools/gopls@latest", "go install golang.org/x/tools/gopls@latest"},
		{"proxy URL with @v", "https://proxy.golang.org/golang.org/x/tools/@v/list", "https://proxy.golang.org/golang.org/x/tools/@v/list"},
		{"proxy URL with a module@version", "GET https://proxy.golang.org/github.com/x/y/@v/v1.2.3.info: 404", "GET https://proxy.golang.org/github.com/x/y/@v/v1.2.3.info: 404"},
		{"an error naming module@version", "go: github.com/x/y@v1.2.3: reading https://proxy.golang.org/github.com/x/y/@v/v1.2.3.mod: 404 Not Found", "go: github.com/x/y@v1.2.3: reading https://proxy.golang.org/github.com/x/y/@v/v1.2.3.mod: 404 Not Found"},
		{"an email address", "mail ana@example.com for access", "mail ana@example.com for access"},
		{"git's scp syntax", "git@github.com:org/repo.git", "git@github.com:org/repo.git"},
		{"a URL without credentials", "https://proxy.golang.org,direct", "https://proxy.golang.org,direct"},
		{"a URL with a port", "http://localhost:8080/x", "http://localhost:8080/x"},
		{"a Windows path with @", `C:\Users\ana@corp\go\bin`, `C:\Users\ana@corp\go\bin`},
		{"GOFLAGS", "GOFLAGS=-mod=mod -tags=netgo", "GOFLAGS=-mod=mod -tags=netgo"},
		{"GOPRIVATE", "GOPRIVATE=*.corp.example.com,github.com/ana", "GOPRIVATE=*.corp.example.com,github.com/ana"},
		{"a word TOKEN without =", "the TOKEN variable is not set", "the TOKEN variable is not set"},
		{"short gh-like words", "ghp_short", "ghp_short"},
		{"time", "at 10:30 ana@host said", "at 10:30 ana@host said"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("%s: Redact(%q)\n = %q\nwant %q", tt.name, tt.in, got, tt.want)
		}
		if got := Redact(Redact(tt.in)); got != tt.want {
			t.Errorf("%s: Redact is not idempotent: %q", tt.name, got)
		}
	}
}
