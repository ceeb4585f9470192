package schema

import (
	"encoding/json"
	"strings"

	"github.com/gomedic/gomedic/internal/text"
)

// Kind is what is wrong with a setting.
type Kind string

// The kinds of problems.
const (
	// Unknown is a name the program reading it does not define (a misspelling, a removed or an
	// invented setting): it is ignored, or for gopls, reported as an error.
	Unknown Kind = "unknown"
	// WrongType is a value that is not of a type the setting takes.
	WrongType Kind = "type"
	// NotAllowed is a value of the right type that is not one of the allowed values (an enum), or
	// that the program rejects (a duration that does not parse, a bad directory filter).
	NotAllowed Kind = "value"
	// Deprecated is a setting that still exists but is on its way out, or is ignored.
	Deprecated Kind = "deprecated"
	// Misplaced is a setting that belongs somewhere else (a gopls option outside the "gopls"
	// object).
	Misplaced Kind = "misplaced"
	// Duplicate is a gopls option set twice, under two names that mean the same option.
	Duplicate Kind = "duplicate"
)

// Problem is one thing wrong with one setting.
type Problem struct {
	Kind Kind
	// Key is the setting as written at the top level of the settings file: "go.addTags", "gopls".
	Key string
	// Path leads to the member the problem is about inside the setting's value: object member
	// names and array indexes ("3"), outermost first; empty for the setting itself.
	Path []string
	// Message says what is wrong in one sentence, in the words of the program that reads the
	// setting when it has some (gopls's own messages), without a final period.
	Message string
	// Note adds gomedic's explanation to a Message that is another program's own words, "" when
	// there is none.
	Note string
	// Suggest is, for Unknown, the closest real name (a setting key, a member name or a gopls
	// option); for Deprecated, the setting that replaces it; "" when there is none.
	Suggest string
	// Allowed lists the allowed values, for NotAllowed values of an enum.
	Allowed []json.RawMessage
	// Fix is the repair, as data; its zero value means there is none to apply blindly.
	Fix Fix

	// span is how many array elements the problem covers from Path's index (a flag and its
	// separate value); 0 means one.
	span int
}

// Fix is the repair of one problem, relative to the member it is about (Path).
type Fix struct {
	// Drop removes the member (the setting itself when Path is empty).
	Drop bool
	// Rename moves the member to this name (a sibling member, or another top-level setting when
	// Path is empty), with Value when set, else with its current value.
	Rename string
	// Value is the value to put there instead (compact JSON).
	Value json.RawMessage
	// Guess is set when the repair guesses what was meant (the closest name, a likely value)
	// rather than following a rule of the extension or gopls.
	Guess bool
}

// IsZero reports whether the fix does nothing.
func (f Fix) IsZero() bool { return !f.Drop && f.Rename == "" && f.Value == nil }

// Where names the member of a problem: "go.addTags", "go.addTags.transform", `gopls."ui.semanticTokens"`.
func (p Problem) Where() string {
	var b strings.Builder
	b.WriteString(p.Key)
	for _, seg := range p.Path {
		if strings.ContainsAny(seg, ". ") {
			b.WriteString("." + text.JSONString(seg))
		} else if isIndex(seg) {
			b.WriteString("[" + seg + "]")
		} else {
			b.WriteString("." + seg)
		}
	}
	return b.String()
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// at returns the problem moved under parent path elements: the same problem seen from an outer
// value.
func (p Problem) at(key string, parent ...string) Problem {
	p.Key = key
	p.Path = append(append([]string(nil), parent...), p.Path...)
	return p
}
