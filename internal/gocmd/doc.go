// Package gocmd reads what the go command prints when it fails: the stderr (and stdout) of go
// build, list, install, env, mod, get, run, test and vet, parsed into typed causes.
//
// Parse turns the output into Causes, one for each recognised message, in the order printed. A
// cause has a Kind (an enumerated failure class: TooNew, MissingGoSum, DNS, ...), the fields the
// message names (module, versions, GOTOOLCHAIN, file and line, package, URL, HTTP status, flag)
// and the Line as it was printed. A line can hold more than one cause: the go command wraps its
// errors ("go: download go1.99.0: ...: Get \"https://proxy/...\": dial tcp: lookup proxy: no
// such host" is both a ToolchainDownload and a DNS failure), and each caller decides which one it
// explains first. The callers keep their own words and decisions; this package only reads.
//
// Each recogniser is one row of a table (rules.go): a kind, literals of which the line must hold
// one, and a regular expression whose named groups fill the cause's fields. Parse reads only the
// output's last MaxOutput bytes, and each line's first few kilobytes. The messages and their
// wording come from the go command's source (cmd/go/internal/modload, modfetch, toolchain, work,
// cache, load, web; go/build; net and crypto/x509 for the network failures) and from outputs
// recorded with the real go command (testdata/recorded.txtar).
//
// gocmd is a leaf of the facts tier: it imports nothing of the project.
package gocmd
