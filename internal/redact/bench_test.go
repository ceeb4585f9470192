package redact

import (
	"strings"
	"testing"
)

// benchOutput is a go command's output of the kind gomedic keeps and logs: downloads, package
// names, an error quoting a proxy URL with a token, a compiler message.
const benchOutput = `go: downloading golang.org/x/tools v0.26.0
go: downloading golang.org/x/mod v0.21.0
golang.org/x/tools/internal/event/keys
golang.org/x/tools/gopls/internal/protocol
go: example.com/missing@v1.0.0: Get "https://tok3n@proxy.corp.example.com/example.com/missing/@v/v1.0.0.zip": dial tcp 10.0.0.1:443: connect: connection refused
./main.go:12:5: undefined: frobnicate (GOFLAGS=-mod=mod, GITHUB_TOKEN=abc123)
`

// BenchmarkText redacts 1 MiB of go command output.
func BenchmarkText(b *testing.B) {
	s := strings.Repeat(benchOutput, (1<<20)/len(benchOutput))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Text(s)
	}
}

// BenchmarkTextLongValue redacts one long value without a secret (a setting's 1 MiB string).
func BenchmarkTextLongValue(b *testing.B) {
	s := strings.Repeat("abcdefghij-klmnop_qrstuv.wxyz/0123456789 ", (1<<20)/41)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Text(s)
	}
}
