package classify

import (
	"fmt"
	"strings"
)

// SignalOfTestBinary exposes testBinarySignal to the fixture tests (package classify_test).
func SignalOfTestBinary(in Input) (string, bool) { return testBinarySignal(newFacts(in)) }

// FormatResult lists a result's fields, one a line, for a failed test's log.
func FormatResult(r Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  id:       %s\n  title:    %s\n  location: %s\n  explain:  %s\n", r.ID, r.Title, r.Location, r.Explanation)
	for _, d := range r.Details {
		fmt.Fprintf(&b, "  detail:   %s\n", d)
	}
	summary, commands := FixOf(r)
	fmt.Fprintf(&b, "  fix:      %s\n", summary)
	for _, c := range commands {
		fmt.Fprintf(&b, "  command:  %s\n", c)
	}
	return b.String()
}

// FixOf is r's fix summary and commands ("" and none when it has no fix).
func FixOf(r Result) (string, []string) {
	if r.Fix == nil {
		return "", nil
	}
	return r.Fix.Summary, r.Fix.Commands
}
