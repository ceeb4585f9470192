package redact

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The secrets planted by FuzzText: one a word of letters and digits, one upper case for the
// shapes that want it (AWS access key ids).
const (
	plantedSecret = "Zq8sEcR3tVaLuE0123456789"
	plantedUpper  = "ZQ8SECR3TVALUE01"
)

// plantedShapes are the shapes of secret Text must take out, each holding plantedSecret or
// plantedUpper.
var plantedShapes = []string{
	"https://" + plantedSecret + "@proxy.example.com/go",
	"https://ana:" + plantedSecret + "@proxy.example.com",
	"ana:" + plantedSecret + "@proxy.example.com:3128",
	"https://proxy.golang.org,https://" + plantedSecret + "@corp.example.com,direct",
	"https://proxy.golang.org|ana:" + plantedSecret + "@corp.example.com:3128",
	"GITHUB_TOKEN=" + plantedSecret,
	`"GITHUB_TOKEN": "` + plantedSecret + `"`,
	"GITHUB_TOKEN: " + plantedSecret,
	"--token " + plantedSecret,
	"--api-key=" + plantedSecret,
	"-password " + plantedSecret,
	"Authorization: Bearer " + plantedSecret,
	"Proxy-Authorization: Basic " + plantedSecret,
	"machine h.example.com login ana password " + plantedSecret,
	"ghp_" + plantedSecret,
	"glpat-" + plantedSecret,
	"xoxb-" + plantedSecret,
	"AKIA" + plantedUpper,
	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0." + plantedSecret,
}

// FuzzText redacts any text: it never panics, redacting again changes nothing, the text grows by
// at most len(Mark) bytes per byte, and a secret planted in any shape, between any two texts,
// never survives.
func FuzzText(f *testing.F) {
	f.Add("", "", uint8(0))
	f.Add("GOPROXY=", ",direct", uint8(3))
	f.Add(`{"a": [`, `]}`, uint8(6))
	f.Add("x@v1.2.3 a:b@c", "--token", uint8(8))
	f.Add("-----BEGIN PRIVATE KEY-----", "\n", uint8(11))
	f.Add("\"\\", "'", uint8(17))
	f.Fuzz(func(t *testing.T, prefix, suffix string, shape uint8) {
		for _, s := range []string{prefix, suffix, prefix + suffix} {
			checkText(t, s)
		}
		if strings.Contains(prefix+suffix, plantedSecret[:8]) || strings.Contains(strings.ToUpper(prefix+suffix), plantedUpper[:8]) {
			return
		}
		planted := prefix + " " + plantedShapes[int(shape)%len(plantedShapes)] + " " + suffix
		got := checkText(t, planted)
		if strings.Contains(got, plantedSecret) || strings.Contains(got, plantedUpper) {
			t.Errorf("Text(%q) = %q: the secret survives", planted, got)
		}
	})
}

// checkText checks what holds for Text(s) whatever s is, and returns it.
func checkText(t *testing.T, s string) string {
	t.Helper()
	got := Text(s)
	if again := Text(got); again != got {
		t.Errorf("Text is not idempotent on %q:\nonce  %q\ntwice %q", s, got, again)
	}
	if len(got) > len(Mark)*len(s) {
		t.Errorf("Text(%q) grew to %d bytes", s, len(got))
	}
	if utf8.ValidString(s) && !utf8.ValidString(got) {
		t.Errorf("Text(%q) = %q is not valid UTF-8", s, got)
	}
	return got
}

// FuzzJSON redacts any JSON value: it never panics, and redacting again changes nothing.
func FuzzJSON(f *testing.F) {
	f.Add("go.toolsEnvVars", `{"GITHUB_TOKEN": "abc", "A": ["--token", "x"]}`)
	f.Add("gopls", `{"ui.semanticTokens": true}`)
	f.Add("x.TOKEN", `12`)
	f.Fuzz(func(t *testing.T, key, v string) {
		once := JSON(key, []byte(v))
		if again := JSON(key, once); string(again) != string(once) {
			t.Errorf("JSON(%q, %q) is not idempotent:\nonce  %s\ntwice %s", key, v, once, again)
		}
	})
}
