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
	fmt.Fprintf(&b, "  fix:      %s\n", r.Fix)
	for _, c := range r.Commands {
		fmt.Fprintf(&b, "  command:  %s\n", c)
	}
	return b.String()
}
