package schema

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// FlagSpec is one command-line flag of gopls, as its usage lists it.
type FlagSpec struct {
	// Name is the flag without its dash ("rpc.trace"); an alias ("verbose" for "v") has its own
	// entry.
	Name string
	// Type is the kind of value it takes, as the usage names it: "" for a boolean flag, "string",
	// "int", "duration", ...
	Type string
	// Serve is set when `gopls serve` takes it too (a server flag), not only gopls itself.
	Serve bool
}

// Usage is what a gopls binary says about its command line (`gopls help`, `gopls help serve`).
type Usage struct {
	// Flags are gopls's flags, by name.
	Flags map[string]FlagSpec
	// Commands are its subcommands ("serve", "version", "check", ...).
	Commands []string
	// ServeKnown is set when the server flags were read from `gopls help serve`; otherwise every
	// flag is taken to be a server flag too.
	ServeKnown bool
}

// flagLine is a flag in gopls's usage: "  -listen.timeout=duration", "  -v,-verbose",
// "  -rpc.trace"; a one-letter boolean flag has its help on the same line after a tab.
var flagLine = regexp.MustCompile(`^  -([A-Za-z0-9][A-Za-z0-9_.\-]*(?:,-[A-Za-z0-9][A-Za-z0-9_.\-]*)*)(?:=(\S+))?(?:\s|$)`)

// commandLine is a subcommand in gopls's usage: two spaces, a lower-case name, two or more spaces.
var commandLine = regexp.MustCompile(`^  ([a-z][a-z_\-]*)\s{2,}\S`)

// ParseUsage reads gopls's usage: help is the output of `gopls help` (its commands and the flags
// of gopls itself), serveHelp that of `gopls help serve` (its server flags), or "" when unknown.
func ParseUsage(help, serveHelp string) (*Usage, error) {
	u := &Usage{Flags: make(map[string]FlagSpec)}
	section := ""
	for _, line := range strings.Split(help, "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case strings.HasPrefix(line, "Command:"):
			section = "commands"
			continue
		case line == "flags:" || strings.HasSuffix(line, "flags:") && !strings.HasPrefix(line, " "):
			section = "flags"
			continue
		}
		switch section {
		case "commands":
			if m := commandLine.FindStringSubmatch(line); m != nil {
				u.Commands = append(u.Commands, m[1])
			}
		case "flags":
			addFlags(u.Flags, line, false)
		}
	}
	if len(u.Flags) == 0 {
		return nil, fmt.Errorf("reading gopls's usage: it lists no flags")
	}
	if serveHelp != "" {
		serve := make(map[string]FlagSpec)
		in := false
		for _, line := range strings.Split(serveHelp, "\n") {
			line = strings.TrimRight(line, "\r")
			if strings.HasSuffix(line, "flags:") && !strings.HasPrefix(line, " ") {
				in = true
				continue
			}
			if in {
				addFlags(serve, line, true)
			}
		}
		if len(serve) > 0 {
			u.ServeKnown = true
			for name, f := range serve {
				g, ok := u.Flags[name]
				if !ok {
					g = f
				}
				g.Serve = true
				u.Flags[name] = g
			}
		}
	}
	if !u.ServeKnown {
		for name, f := range u.Flags {
			f.Serve = true
			u.Flags[name] = f
		}
	}
	sort.Strings(u.Commands)
	return u, nil
}

// addFlags adds the flags of one usage line, if it lists any.
func addFlags(into map[string]FlagSpec, line string, serve bool) {
	m := flagLine.FindStringSubmatch(line)
	if m == nil {
		return
	}
	for _, name := range strings.Split(m[1], ",-") {
		into[name] = FlagSpec{Name: name, Type: m[2], Serve: serve}
	}
}

// Names lists the flag names, sorted.
func (u *Usage) Names(serve bool) []string {
	var names []string
	for n, f := range u.Flags {
		if !serve || f.Serve {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// ExtensionArgs are the arguments the Go extension puts before go.languageServerFlags when it
// starts gopls: `gopls -mode=stdio <flags>`.
var ExtensionArgs = []string{"-mode=stdio"}

// CheckFlags checks the arguments gopls would be started with (the extension's ExtensionArgs,
// then go.languageServerFlags) the way gopls parses them: Go's flag package for gopls's own flags
// until the first argument that is not a flag, then that argument as a subcommand — `serve` with
// its server flags and no further arguments; any other command makes gopls run it and exit
// instead of serving. A problem's Path is the index of the argument in flags, and its Message is
// what gopls prints on standard error before its usage ("flag provided but not defined: -foo").
// Each problem's Fix drops the argument (with the value it consumed), or corrects a misspelt flag
// when one is close.
func CheckFlags(flags []string, known *Usage) []Problem {
	args := append(append([]string(nil), ExtensionArgs...), flags...)
	offset := len(ExtensionArgs)
	var out []Problem
	report := func(i int, p Problem) {
		p.Key = "go.languageServerFlags"
		if i < offset {
			// An argument of the extension's own: nothing in the settings can fix it.
			p.Note, p.Fix = fmt.Sprintf("the Go extension passes %s itself; this gopls is too old or too new for it", args[i]), Fix{}
		} else {
			p.Path = []string{strconv.Itoa(i - offset)}
		}
		out = append(out, p)
	}
	i, stop := parseFlags(args, 0, known, false, report)
	if stop || i >= len(args) {
		return out
	}
	cmd := args[i]
	switch {
	case cmd == "serve":
		j, stop := parseFlags(args, i+1, known, true, report)
		if !stop && j < len(args) {
			for k := j; k < len(args); k++ {
				report(k, Problem{Kind: NotAllowed, Fix: Fix{Drop: true},
					Message: fmt.Sprintf("server does not take arguments, got %v", args[j:])})
			}
		}
	case contains(known.Commands, cmd):
		report(i, Problem{Kind: NotAllowed, Fix: Fix{Drop: true},
			Message: fmt.Sprintf("%q is a gopls command: gopls runs it instead of the language server, and exits", cmd)})
	default:
		p := Problem{Kind: Unknown, Fix: Fix{Drop: true}, Message: fmt.Sprintf("Unknown command %v", cmd)}
		if strings.HasPrefix(cmd, "-") && i > 0 && args[i-1] == "--" {
			p.Note = "a \"--\" ends gopls's flags, so what follows is taken for a command"
		}
		report(i, p)
	}
	return out
}

// parseFlags parses flags from args[i:] as Go's flag package does (flag.FlagSet.Parse) with
// gopls's flags (only the server flags when serve is set), reporting what would make gopls stop.
// It returns the index of the first argument that is not a flag, and whether gopls would exit
// before reaching it.
func parseFlags(args []string, i int, known *Usage, serve bool, report func(int, Problem)) (int, bool) {
	return parseFlagsSeen(args, i, known, serve, report, nil)
}

// parseFlagsSeen is parseFlags that also calls seen, when not nil, for every flag gopls takes
// with a value: its argument index, how many arguments it spans, its name and its value.
func parseFlagsSeen(args []string, i int, known *Usage, serve bool, report func(int, Problem), seen func(i, span int, name, value string)) (int, bool) {
	for i < len(args) {
		s := args[i]
		if len(s) < 2 || s[0] != '-' {
			return i, false
		}
		dashes := 1
		if s[1] == '-' {
			dashes++
			if len(s) == 2 { // "--" ends the flags
				return i + 1, false
			}
		}
		name := s[dashes:]
		if name == "" || name[0] == '-' || name[0] == '=' {
			report(i, Problem{Kind: NotAllowed, Fix: Fix{Drop: true}, Message: "bad flag syntax: " + s})
			return i, true
		}
		value, hasValue := "", false
		if n, v, ok := strings.Cut(name, "="); ok {
			name, value, hasValue = n, v, true
		}
		flag, ok := known.Flags[name]
		if ok && serve && !flag.Serve {
			ok = false
		}
		if !ok {
			if name == "h" || name == "help" {
				report(i, Problem{Kind: NotAllowed, Fix: Fix{Drop: true},
					Message: "-" + name + " makes gopls print its usage and exit instead of serving"})
				return i, true
			}
			p := Problem{Kind: Unknown, Fix: Fix{Drop: true}, Message: "flag provided but not defined: -" + name}
			if serve && known.Flags[name].Name != "" {
				p.Note = fmt.Sprintf("-%s is a flag of gopls itself: put it before \"serve\"", name)
			} else if s := closest(name, known.Names(serve)); s != "" {
				p.Suggest = "-" + s
				fixed := strings.Repeat("-", dashes) + s
				if hasValue {
					fixed += "=" + value
				}
				p.Fix = Fix{Value: mustJSON(fixed), Guess: true}
			}
			report(i, p)
			return i, true
		}
		i++
		if flag.Type == "" { // a boolean flag: -x or -x=bool, never -x value
			if hasValue {
				if _, err := strconv.ParseBool(value); err != nil {
					report(i-1, Problem{Kind: NotAllowed, Fix: Fix{Drop: true},
						Message: fmt.Sprintf("invalid boolean value %q for -%s: parse error", value, name)})
					return i, true
				}
			}
			continue
		}
		span := 1
		if !hasValue && i < len(args) {
			value, hasValue = args[i], true
			span = 2
			i++
		}
		if !hasValue {
			report(i-1, Problem{Kind: NotAllowed, Fix: Fix{Drop: true}, Message: "flag needs an argument: -" + name})
			return i, true
		}
		if !validFlagValue(flag.Type, value) {
			report(i-span, Problem{Kind: NotAllowed, Fix: Fix{Drop: true}, span: span,
				Message: fmt.Sprintf("invalid value %q for flag -%s: parse error", value, name)})
			return i, true
		}
		if seen != nil {
			seen(i-span, span, name, value)
		}
	}
	return i, false
}

// FlagValue is a flag of go.languageServerFlags that gopls takes, with its value.
type FlagValue struct {
	Index, Span int // the argument in the flags, and how many arguments it spans (2 for "-logfile x")
	Name        string
	Value       string
	Serve       bool // a server flag (after "serve")
}

// FlagValues are the flags with a value that gopls takes from flags (go.languageServerFlags), parsed
// as CheckFlags parses them, in order; it stops where gopls would stop.
func FlagValues(flags []string, known *Usage) []FlagValue {
	args := append(append([]string(nil), ExtensionArgs...), flags...)
	offset := len(ExtensionArgs)
	var out []FlagValue
	serve := false
	seen := func(i, span int, name, value string) {
		if i >= offset {
			out = append(out, FlagValue{Index: i - offset, Span: span, Name: name, Value: value, Serve: serve})
		}
	}
	i, stop := parseFlagsSeen(args, 0, known, false, func(int, Problem) {}, seen)
	if !stop && i < len(args) && args[i] == "serve" {
		serve = true
		parseFlagsSeen(args, i+1, known, true, func(int, Problem) {}, seen)
	}
	return out
}

// RepairFlags applies the fixes of CheckFlags until gopls would take the flags, and returns the
// repaired flags with every problem met on the way (gopls stops at the first, so one run of
// CheckFlags shows only that one). The problems' Paths index the original flags.
func RepairFlags(flags []string, known *Usage) (fixed []string, problems []Problem) {
	cur := append([]string(nil), flags...)
	orig := make([]int, len(flags)) // orig[i] is the index in flags of cur[i]
	for i := range orig {
		orig[i] = i
	}
	for range len(flags) + 1 {
		probs := CheckFlags(cur, known)
		if len(probs) == 0 {
			break
		}
		p := probs[0]
		if len(p.Path) == 0 {
			problems = append(problems, p)
			break
		}
		at, _ := strconv.Atoi(p.Path[0])
		p.Path = []string{strconv.Itoa(orig[at])}
		problems = append(problems, p)
		if p.Fix.Value != nil {
			var s string
			if json.Unmarshal(p.Fix.Value, &s) == nil {
				cur[at] = s
				continue
			}
		}
		n := max(p.span, 1)
		cur = append(cur[:at:at], cur[at+n:]...)
		orig = append(orig[:at:at], orig[at+n:]...)
	}
	return cur, problems
}

// validFlagValue reports whether Go's flag package takes value for a flag of the given type.
func validFlagValue(typ, value string) bool {
	var err error
	switch typ {
	case "int":
		_, err = strconv.ParseInt(value, 0, 64)
	case "uint":
		_, err = strconv.ParseUint(value, 0, 64)
	case "float":
		_, err = strconv.ParseFloat(value, 64)
	case "duration":
		_, err = time.ParseDuration(value)
	}
	return err == nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func mustJSON(s string) json.RawMessage {
	data, _ := json.Marshal(s)
	return data
}
