package schema

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// API is what a gopls binary says about its settings (`gopls api-json`).
type API struct {
	// Options are the documented options, by name ("usePlaceholders").
	Options map[string]*Option
	// Analyzers, Lenses and Hints name the analyzers, code lenses and inlay hints it has.
	Analyzers []string
	Lenses    []string
	Hints     []string
}

// Option is one gopls option as api-json describes it.
type Option struct {
	Name string
	// Type is gopls's Go type for it: "bool", "string", "[]string", "map[string]string",
	// "map[string]bool", "map[enum]bool", "enum", "time.Duration".
	Type string
	// EnumKeys are the known keys of a map option (analyzer names for "analyses").
	EnumKeys []string
	// EnumValues are the allowed values of an enum option (JSON).
	EnumValues []json.RawMessage
	// Default is the default value (JSON).
	Default json.RawMessage
	// Status is "", "experimental", "advanced" or "debug".
	Status string
	// Hierarchy is the section the option is shown under ("ui.completion"); the full name a
	// settings UI uses is Hierarchy + "." + Name.
	Hierarchy string
	// Deprecated is gopls's deprecation message, "" when it is not deprecated.
	Deprecated string
}

// FullName is the option's name with its section, as the Go extension's settings list it:
// "ui.completion.usePlaceholders".
func (o *Option) FullName() string {
	if o.Hierarchy == "" {
		return o.Name
	}
	return o.Hierarchy + "." + o.Name
}

// apiJSON is the shape of `gopls api-json` output (gopls v0.6 and later).
type apiJSON struct {
	Options map[string][]struct {
		Name     string
		Type     string
		EnumKeys struct {
			ValueType string
			Keys      []struct{ Name string }
		}
		EnumValues []struct{ Value string }
		Default    string
		Status     string
		Hierarchy  string
		// DeprecationMessage appeared in gopls v0.17.
		DeprecationMessage string
	}
	Analyzers []struct{ Name string }
	Lenses    []struct{ Lens string }
	Hints     []struct{ Name string }
}

// ParseAPI reads the output of `gopls api-json`. Every category of options is read (older gopls
// releases split them into User, Experimental and Debug).
func ParseAPI(data []byte) (*API, error) {
	var raw apiJSON
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("parsing gopls api-json: %w", err)
	}
	api := &API{Options: make(map[string]*Option)}
	for _, opts := range raw.Options {
		for _, o := range opts {
			opt := &Option{Name: o.Name, Type: o.Type, Status: o.Status, Hierarchy: o.Hierarchy,
				Deprecated: strings.TrimSpace(o.DeprecationMessage), Default: compact(json.RawMessage(o.Default))}
			for _, k := range o.EnumKeys.Keys {
				opt.EnumKeys = append(opt.EnumKeys, unquote(k.Name))
			}
			for _, v := range o.EnumValues {
				opt.EnumValues = append(opt.EnumValues, compact(json.RawMessage(v.Value)))
			}
			api.Options[o.Name] = opt
		}
	}
	if len(api.Options) == 0 {
		return nil, fmt.Errorf("parsing gopls api-json: it lists no options")
	}
	for _, a := range raw.Analyzers {
		api.Analyzers = append(api.Analyzers, a.Name)
	}
	for _, l := range raw.Lenses {
		api.Lenses = append(api.Lenses, l.Lens)
	}
	for _, h := range raw.Hints {
		api.Hints = append(api.Hints, h.Name)
	}
	return api, nil
}

// unquote decodes a JSON string as api-json writes enum keys ("\"QF1001\""), or returns s.
func unquote(s string) string {
	var out string
	if json.Unmarshal([]byte(s), &out) == nil {
		return out
	}
	return s
}

// Names lists the option names gopls accepts: the documented ones and the undocumented ones it
// still sets (goplsHidden), sorted.
func (a *API) Names() []string {
	var names []string
	for n := range a.Options {
		if _, broken := goplsNotSettable[n]; !broken {
			names = append(names, n)
		}
	}
	for n := range goplsHidden {
		if a.Options[n] == nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// CheckObject checks the value of the "gopls" setting as gopls reads it: an object (or null) whose
// members are options, each named by its last dotted segment, each at most once.
func (a *API) CheckObject(value json.RawMessage) []Problem {
	v, ok := decode(value)
	if !ok || v == nil {
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return []Problem{{Kind: WrongType, Key: "gopls", Fix: Fix{Drop: true},
			Message: fmt.Sprintf("invalid options type %s (want JSON null or object)", goType(v))}}
	}
	var out []Problem
	seen := map[string]string{}
	for _, name := range sortedKeys(obj) {
		short := lastSegment(name)
		if first, dup := seen[short]; dup {
			out = append(out, Problem{Kind: Duplicate, Key: "gopls", Path: []string{name}, Suggest: first, Fix: Fix{Drop: true},
				Message: "duplicate value for " + short,
				Note:    fmt.Sprintf("%q and %q both set it, and which one gopls keeps is not defined", first, name)})
			continue
		}
		seen[short] = name
		data, _ := json.Marshal(obj[name])
		out = append(out, a.Check(name, data)...)
	}
	return out
}

// Check checks one member of the "gopls" object, named as written ("ui.semanticTokens" or
// "semanticTokens"), the way gopls does when it applies settings: gopls uses only the last dotted
// segment of a name, rejects names it does not know ("unexpected setting") and values of the
// wrong type, and accepts deprecated names with a warning. It also reports what gopls silently
// ignores: map keys it does not know (a misspelt analyzer in "analyses"). The problems have Key
// "gopls" and a Path starting with name.
func (a *API) Check(name string, value json.RawMessage) []Problem {
	v, ok := decode(value)
	if !ok {
		return nil
	}
	short := lastSegment(name)
	prefix := strings.TrimSuffix(name, short)
	at := func(p Problem) []Problem {
		p.Key = "gopls"
		p.Path = append([]string{name}, p.Path...)
		return []Problem{p}
	}
	if why, ok := goplsNotSettable[short]; ok && a.Options[short] != nil {
		return at(Problem{Kind: Unknown, Fix: Fix{Drop: true}, Note: why,
			Message: fmt.Sprintf("setting option %q: unexpected setting", short)})
	}
	// gopls answers deprecated names before anything else (memoryMode is still listed by
	// api-json v0.21.1, yet deprecated).
	if dep, ok := goplsDeprecated[short]; ok {
		p := Problem{Kind: Deprecated, Message: fmt.Sprintf("setting option %q: %s", short, dep.message()), Suggest: dep.to, Fix: Fix{Drop: true}}
		if to := a.Options[dep.to]; to != nil && !hasKind(to.check(v), WrongType) {
			p.Fix = Fix{Rename: prefix + dep.to}
		}
		return at(p)
	}
	opt := a.Options[short]
	if opt == nil {
		if _, ok := goplsHidden[short]; ok {
			return nil
		}
		p := Problem{Kind: Unknown, Fix: Fix{Drop: true},
			Message: fmt.Sprintf("setting option %q: unexpected setting", short)}
		if s := closest(short, a.Names()); s != "" {
			p.Suggest = s
			p.Fix = Fix{Rename: prefix + s, Guess: true}
		}
		return at(p)
	}
	var out []Problem
	if opt.Deprecated != "" {
		out = append(out, at(Problem{Kind: Deprecated,
			Message: fmt.Sprintf("setting option %q is deprecated: %s", short, strings.Join(strings.Fields(opt.Deprecated), " "))})...)
	}
	for _, p := range opt.check(v) {
		out = append(out, at(p)...)
	}
	return out
}

// check checks a value against the option's type, with gopls's messages ("invalid type float64
// (want bool)"). Problems have Path relative to the option.
func (o *Option) check(v any) []Problem {
	bad := func(format string, args ...any) []Problem {
		p := Problem{Kind: WrongType, Fix: Fix{Drop: true}, Message: fmt.Sprintf("setting option %q: ", o.Name) + fmt.Sprintf(format, args...)}
		return []Problem{p}
	}
	switch o.Type {
	case "bool":
		if _, ok := v.(bool); !ok {
			p := bad("invalid type %s (want bool)", goType(v))
			if s, ok := v.(string); ok && (strings.EqualFold(s, "true") || strings.EqualFold(s, "false")) {
				p[0].Fix = Fix{Value: json.RawMessage(strings.ToLower(s))}
			}
			return p
		}
	case "string":
		if _, ok := v.(string); !ok {
			return bad("invalid type %s (want string)", goType(v))
		}
	case "time.Duration":
		s, ok := v.(string)
		if !ok {
			return bad("invalid type %s (want string)", goType(v))
		}
		if _, err := time.ParseDuration(s); err != nil {
			p := bad("%v", err)
			p[0].Kind = NotAllowed
			if _, err := time.ParseDuration(s + "ms"); err == nil {
				p[0].Fix = Fix{Value: json.RawMessage(fmt.Sprintf("%q", s+"ms")), Guess: true}
			}
			return p
		}
	case "[]string":
		if v == nil && o.Name == "templateExtensions" {
			return nil
		}
		arr, ok := v.([]any)
		if !ok {
			return bad("invalid type %s (want JSON array of string)", goType(v))
		}
		for i, e := range arr {
			s, ok := e.(string)
			if !ok {
				p := bad("invalid array element type %s (want string)", goType(e))
				p[0].Path = []string{fmt.Sprint(i)}
				return p
			}
			if o.Name == "directoryFilters" {
				if msg := directoryFilterError(s); msg != "" {
					p := bad("%s", msg)
					p[0].Kind, p[0].Path = NotAllowed, []string{fmt.Sprint(i)}
					return p
				}
			}
		}
	case "map[string]string":
		obj, ok := v.(map[string]any)
		if !ok {
			return bad("invalid type %s (want JSON object)", goType(v))
		}
		for _, k := range sortedKeys(obj) {
			if _, ok := obj[k].(string); !ok {
				p := bad("invalid map value %s (want string)", goType(obj[k]))
				p[0].Path = []string{k}
				if n, ok := obj[k].(json.Number); ok {
					p[0].Fix = Fix{Value: json.RawMessage(fmt.Sprintf("%q", n.String()))}
				}
				return p
			}
		}
	case "map[string]bool", "map[enum]bool":
		return o.checkBoolMap(v, bad)
	case "enum":
		return o.checkEnum(v)
	}
	return nil
}

// checkBoolMap checks a map of booleans (analyses, codelenses, hints, annotations). gopls rejects
// a value that is not a boolean, and an unknown "annotations" key; other unknown keys it ignores
// without a word, which is reported here too.
func (o *Option) checkBoolMap(v any, bad func(string, ...any) []Problem) []Problem {
	obj, ok := v.(map[string]any)
	if !ok {
		return bad("invalid type %s (want JSON object)", goType(v))
	}
	var out []Problem
	for _, k := range sortedKeys(obj) {
		b, ok := obj[k].(bool)
		if !ok {
			p := bad("invalid type %s for object field %q", goType(obj[k]), k)
			p[0].Path, p[0].Note = []string{k}, fmt.Sprintf("gopls then ignores the whole %q", o.Name)
			if s, isStr := obj[k].(string); isStr && (strings.EqualFold(s, "true") || strings.EqualFold(s, "false")) {
				p[0].Fix = Fix{Value: json.RawMessage(strings.ToLower(s))}
			}
			out = append(out, p...)
			continue
		}
		if len(o.EnumKeys) == 0 || o.knowsKey(k) {
			continue
		}
		p := Problem{Kind: Unknown, Path: []string{k}, Fix: Fix{Drop: true}}
		switch {
		case o.Name == "annotations" && strings.HasPrefix(k, "no") && o.knowsKey(strings.TrimPrefix(k, "no")):
			want := strings.ToLower(strings.TrimPrefix(k, "no"))
			if want == "nilcheck" {
				want = "nil"
			}
			p.Kind, p.Suggest = Deprecated, want
			p.Message = fmt.Sprintf("setting option %q: %q is deprecated, set \"%s: false\" instead", o.Name, k, want)
			p.Fix = Fix{Rename: want, Value: json.RawMessage(fmt.Sprint(!b))}
		case o.Name == "annotations":
			p.Message = fmt.Sprintf("setting option %q: invalid option %q for enum", o.Name, k)
		case o.Name == "analyses" && k == "fieldalignment":
			p.Message = "the 'fieldalignment' analyzer was removed in gopls/v0.17.0; instead, hover over struct fields to see size/offset information (https://go.dev/issue/67762)"
		default:
			p.Message = fmt.Sprintf("gopls has no %s %q and ignores it without a word", o.keyNoun(), k)
		}
		if p.Suggest == "" {
			if s := closest(k, o.EnumKeys); s != "" {
				p.Suggest = s
				p.Fix = Fix{Rename: s, Guess: true}
			}
		}
		out = append(out, p)
	}
	return out
}

func (o *Option) knowsKey(k string) bool {
	for _, e := range o.EnumKeys {
		if e == k || o.Name == "annotations" && strings.EqualFold(e, k) {
			return true
		}
	}
	return false
}

// keyNoun names what the keys of a map option are.
func (o *Option) keyNoun() string {
	switch o.Name {
	case "analyses":
		return "analyzer"
	case "codelenses":
		return "code lens"
	case "hints":
		return "inlay hint"
	}
	return o.Name + " key"
}

// checkEnum checks an enum option: strings compare without regard to case, as gopls does,
// except for linksInHover, whose values gopls compares exactly.
func (o *Option) checkEnum(v any) []Problem {
	for _, e := range o.EnumValues {
		ev, _ := decode(e)
		es, isStr := ev.(string)
		s, vStr := v.(string)
		if isStr && vStr && o.Name != "linksInHover" && strings.EqualFold(s, es) || equalJSON(v, ev) {
			return nil
		}
	}
	p := Problem{Kind: NotAllowed, Allowed: o.EnumValues, Fix: Fix{Drop: true}}
	switch s, isStr := v.(string); {
	case o.Name == "linksInHover":
		p.Message = fmt.Sprintf("setting option %q: invalid value %s; expect %s", o.Name, short(v), joinJSON(o.EnumValues))
	case isStr:
		p.Message = fmt.Sprintf("setting option %q: invalid option %q for enum", o.Name, s)
		p.Note = "gopls takes " + joinJSON(o.EnumValues)
	default:
		p.Kind = WrongType
		p.Message = fmt.Sprintf("setting option %q: invalid type %s (want string)", o.Name, goType(v))
		p.Note = "gopls takes " + joinJSON(o.EnumValues)
	}
	if nv, ok := likelyEnum(v, &Spec{Enum: o.EnumValues, Default: o.Default}); ok {
		p.Fix = Fix{Value: nv, Guess: true}
	}
	return []Problem{p}
}

// directoryFilterError is gopls's complaint about a directoryFilters entry, "" when it takes it.
func directoryFilterError(filter string) string {
	if filter == "" || (filter[0] != '+' && filter[0] != '-') {
		return fmt.Sprintf("invalid filter %v, must start with + or -", filter)
	}
	for _, seg := range strings.Split(filter[1:], "/") {
		if seg == "**" {
			continue
		}
		for _, op := range []string{"?", "*"} {
			if strings.Contains(seg, op) {
				return fmt.Sprintf("invalid filter %v, operator %v not supported", filter, op)
			}
		}
	}
	return ""
}

// goType names a decoded JSON value the way gopls's messages do (it prints the Go type of the
// value encoding/json gave it).
func goType(v any) string {
	switch v.(type) {
	case nil:
		return "<nil>"
	case bool:
		return "bool"
	case json.Number, float64:
		return "float64"
	case string:
		return "string"
	case []any:
		return "[]interface {}"
	case map[string]any:
		return "map[string]interface {}"
	}
	return fmt.Sprintf("%T", v)
}

func lastSegment(name string) string { return name[strings.LastIndex(name, ".")+1:] }

func hasKind(ps []Problem, k Kind) bool {
	for _, p := range ps {
		if p.Kind == k {
			return true
		}
	}
	return false
}
