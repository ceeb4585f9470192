package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// wordsLogVar names the file into which gomedic, as scenarios run it, writes the words of its
// reports that break wordRules; the scenario fails when the file is not empty at its end.
const wordsLogVar = "GOMEDIC_WORDS_LOG"

// wordRule is one thing a title, a detail or a fix never says: an empty quoted value, an empty
// version, a placeholder left unfilled, a formatting verb gone wrong, a doubled space.
type wordRule struct {
	name string
	re   *regexp.Regexp
	// in lists the parts it holds for: "title", "detail", "summary" (the fix's), "command" (one
	// of the fix's commands, where "" is how a shell spells the empty string and a detail, where
	// columns are aligned with spaces).
	in string
	// ownWords is set for rules that hold for gomedic's own words only: not for the indented lines
	// of a detail that quote what a command printed ("(can be '', 'mod', ...)").
	ownWords bool
}

var wordRules = []wordRule{
	{name: "an empty quoted value", re: regexp.MustCompile(`(^|[\s(:,])(""|'')($|[\s.,;:)])|“”`), in: "title detail summary", ownWords: true},
	{name: "an empty version", re: regexp.MustCompile(`\bgo(\s+version)?\s+[,.;)]|\bversion\s+[,;)]`), in: "title detail summary command", ownWords: true},
	{name: "an empty version", re: regexp.MustCompile(`\w@v?([,;)\s]|$)`), in: "title summary command"},
	{name: "a placeholder", re: regexp.MustCompile(`<(version|path|dir|file|name|tool|module|value|host|TODO)>|\bTODO\b|\bFIXME\b`), in: "title detail summary command"},
	{name: "a formatting error", re: regexp.MustCompile(`%!|\(MISSING\)|%\(|<nil>`), in: "title detail summary command"},
	{name: "a doubled space", re: regexp.MustCompile(`\S {2}\S`), in: "title summary"},
}

// reportWords are the words of a gomedic.report/v1 document that wordRules hold for, each
// labelled with where it is: "<id> title", "<id> fix.commands[0]".
func reportWords(doc []byte) map[string]string {
	var r struct {
		Schema   string `json:"schema"`
		Findings []struct {
			ID     string `json:"id"`
			Title  string `json:"title"`
			Detail string `json:"detail"`
			Fix    *struct {
				Summary  string   `json:"summary"`
				Commands []string `json:"commands"`
			} `json:"fix"`
		} `json:"findings"`
	}
	if json.Unmarshal(doc, &r) != nil || r.Schema != "gomedic.report/v1" {
		return nil
	}
	words := map[string]string{}
	for _, f := range r.Findings {
		words[f.ID+" title"] = f.Title
		words[f.ID+" detail"] = f.Detail
		if f.Fix == nil {
			continue
		}
		words[f.ID+" summary"] = f.Fix.Summary
		for i, c := range f.Fix.Commands {
			words[fmt.Sprintf("%s command[%d]", f.ID, i)] = c
		}
	}
	return words
}

// textRules are the rules a text report's own lines keep: the renderer writes some words itself
// (a folded line, "blocks 3 checks", the next step), which no JSON report holds.
var textRules = []string{"an empty version", "a placeholder", "a formatting error"}

// textWordProblems lists what the lines of a text report of check (its first screen, or -v)
// that are gomedic's own say that breaks a rule of textRules: the finding lines, the line under
// each (its fix), the summary and the next step; not the indented lines of a detail or evidence,
// which quote other programs. Nil when out is not a check text report.
func textWordProblems(out []byte) []string {
	lines := strings.Split(string(out), "\n")
	if !strings.HasPrefix(lines[0], "gomedic ") {
		return nil
	}
	var problems []string
	for i, line := range lines {
		trimmed := strings.TrimLeft(line, " ")
		if indent := len(line) - len(trimmed); indent != 0 && indent != 10 {
			continue
		}
		for _, rule := range wordRules {
			if !slices.Contains(textRules, rule.name) || !strings.Contains(rule.in, "title") {
				continue
			}
			if loc := rule.re.FindStringIndex(trimmed); loc != nil {
				problems = append(problems, fmt.Sprintf("line %d has %s (%q): %q", i+1, rule.name, trimmed[loc[0]:loc[1]], line))
			}
		}
	}
	return problems
}

// wordProblems lists what the report doc says that breaks a word rule; nil when it is neither a
// gomedic.report/v1 document nor a check text report.
func wordProblems(doc []byte) []string {
	if !json.Valid(doc) {
		return textWordProblems(doc)
	}
	var out []string
	for where, s := range reportWords(doc) {
		part := where[strings.LastIndexByte(where, ' ')+1:]
		part, _, _ = strings.Cut(part, "[")
		for _, rule := range wordRules {
			if !slices.Contains(strings.Fields(rule.in), part) {
				continue
			}
			text := s
			if rule.ownWords && part == "detail" {
				text = ownLines(s)
			}
			if loc := rule.re.FindStringIndex(text); loc != nil {
				out = append(out, fmt.Sprintf("%s has %s (%q): %q", where, rule.name, text[loc[0]:loc[1]], s))
			}
		}
	}
	sort.Strings(out)
	return out
}

// ownLines are the lines of a detail that are gomedic's own words: not the indented lines that
// quote what a command printed, whose words are the command's.
func ownLines(detail string) string {
	var own []string
	for _, line := range strings.Split(detail, "\n") {
		if !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			own = append(own, line)
		}
	}
	return strings.Join(own, "\n")
}

// logWordProblems appends the word problems of the report doc to the file named by
// $GOMEDIC_WORDS_LOG, for the scenario's end to report.
func logWordProblems(args []string, doc []byte) {
	log := os.Getenv(wordsLogVar)
	problems := wordProblems(doc)
	if log == "" || len(problems) == 0 {
		return
	}
	f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "gomedic %s:\n\t%s\n", strings.Join(args, " "), strings.Join(problems, "\n\t"))
}

// checkWordsAtEnd makes the scenario of e fail at its end when a report it produced broke a
// word rule.
func checkWordsAtEnd(e *testscript.Env) {
	log := e.WorkDir + ".words"
	e.Setenv(wordsLogVar, log)
	e.Defer(func() {
		if data, err := os.ReadFile(log); err == nil && len(data) > 0 {
			e.T().Fatal("a report breaks the rules of words (cmd/gomedic/words_test.go):\n" + string(data))
		}
	})
}

func TestWordProblems(t *testing.T) {
	report := func(title, detail, summary string, commands ...string) []byte {
		fix := map[string]any{"summary": summary, "commands": commands}
		doc, _ := json.Marshal(map[string]any{"schema": "gomedic.report/v1", "findings": []any{
			map[string]any{"id": "x.y", "title": title, "detail": detail, "fix": fix}}})
		return doc
	}
	for _, tc := range []struct {
		name string
		doc  []byte
		want string // a rule name, "" for none
	}{
		{"clean", report("GOBIN is not on PATH", `go install puts tools in "/h/go/bin".`, "Add it to PATH", `export PATH="$PATH:/h/go/bin"`), ""},
		{"empty quotes in a title", report(`GOFLAGS is ""`, "", ""), "an empty quoted value"},
		{"empty single quotes", report("t", "the value '' is not a path", ""), "an empty quoted value"},
		{"empty quotes in a command are a shell's empty string", report("t", "", "s", `go env -w GOFLAGS=""`, `export X=''`), ""},
		{"a quoted value inside a word is not empty", report("t", `run "go env"; then ""x""`, ""), ""},
		{"go.work says go ,", report("go.work says go , but the go command is go1.22", "", ""), "an empty version"},
		{"an empty version after @", report("t", "", "s", "go install x@"), "an empty version"},
		{"go at a sentence's end is a word", report("t", "the editor cannot find go.", ""), ""},
		{"version placeholder", report("t", "", "install dlv@<version>"), "a placeholder"},
		{"placeholder in a command", report("t", "", "s", "go install x@<version>"), "a placeholder"},
		{"TODO", report("TODO: say more", "", ""), "a placeholder"},
		{"bad verb", report("t", "%!s(MISSING)", ""), "a formatting error"},
		{"doubled space", report("the  tool", "", ""), "a doubled space"},
		{"a command's output quoted in a detail", report("t", "it fails with:\n  -mod=x not supported (can be '', 'mod')", ""), ""},
		{"a placeholder in a quoted line", report("t", "it fails with:\n  go: <module>@<version>: verifying module", ""), "a placeholder"},
		{"aligned columns in a detail", report("t", "gopls   /a/gopls\ndlv     /a/dlv", ""), ""},
		{"not a report", []byte(`{"schema":"gomedic.settings/v1","title":"TODO"}`), ""},
		{"a clean first screen", []byte("gomedic 0.1.0 | linux/amd64\n\nFAIL  tools  2 tools are not installed: gopls, dlv  [tools.*.found]\n          blocks 3 checks · fix: gomedic tools install gopls dlv\n"), ""},
		{"a folded line gone wrong", []byte("gomedic 0.1.0 | linux/amd64\n\nFAIL  tools  %!d(string=2) tools are not installed\n"), "a formatting error"},
		{"a fix line with a placeholder", []byte("gomedic 0.1.0\n\nFAIL  go  x  [go.x]\n          fix: go install x@<version>\n"), "a placeholder"},
		{"evidence quotes another program", []byte("gomedic 0.1.0\n\nFAIL  go  x  [go.x]\n          $ go env\n            TODO from the program\n"), ""},
		{"not gomedic's text", []byte("TODO: plain output of run\n"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := wordProblems(tc.doc)
			if tc.want == "" {
				if len(got) > 0 {
					t.Fatalf("wordProblems = %q, want none", got)
				}
				return
			}
			if len(got) != 1 || !strings.Contains(got[0], tc.want) {
				t.Fatalf("wordProblems = %q, want one with %q", got, tc.want)
			}
		})
	}
}
