package editor

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/shell"
	"github.com/gomedic/gomedic/internal/vscode"
)

// golangci-lint changed its command line at v2 (its migration guide, "Command Line Flags", and
// pkg/commands/flagsets.go of v1.64.8 and v2): a flag of one major version is "unknown flag" to
// the other, and golangci-lint stops before linting. The Go extension (extension/src/diagnostics/
// goLint.ts, v0.48.0 and later) runs the binary named by go.lintTool: "golangci-lint-v2" is always
// given v2 flags; "golangci-lint" is given v1 flags unless `go version -m` shows a module version
// that does not start with v1 (a v2 release, or "(devel)" for a build from a checkout).
const (
	golangciModule     = "github.com/golangci/golangci-lint"
	golangciV2Tool     = "golangci-lint-v2"
	golangciV2Package  = golangciModule + "/v2/cmd/golangci-lint"
	lintV2Extension    = "0.48.0" // the first Go extension that knows golangci-lint v2
	golangciMigrateDoc = "https://golangci-lint.run/docs/product/migration-guide/#command-line-flags"
)

// lintFlag is a flag of one golangci-lint major version that the other does not accept.
type lintFlag struct {
	// takesValue is set for a flag whose value may be the next argument.
	takesValue bool
	// replace is the other version's spelling for a value ("" for a flag with no value), or nil
	// when the other version has no flag for it.
	replace func(value string) []string
	// instead says what to do when replace is nil.
	instead string
}

func same(flag string) func(string) []string {
	return func(v string) []string {
		if v == "" {
			return []string{flag}
		}
		return []string{flag + "=" + v}
	}
}

func fixed(flags ...string) func(string) []string { return func(string) []string { return flags } }

const inConfig = "set it in the configuration file (.golangci.yml); `golangci-lint migrate` converts a v1 file"

// v1OnlyFlags are the flags golangci-lint v2 removed, with their v2 spelling.
var v1OnlyFlags = map[string]lintFlag{
	"disable-all":              {replace: fixed("--default=none")},
	"enable-all":               {replace: fixed("--default=all")},
	"fast":                     {replace: fixed("--fast-only")},
	"out-format":               {takesValue: true, replace: outputFlags},
	"print-issued-lines":       {replace: same("--output.text.print-issued-lines")},
	"print-linter-name":        {replace: same("--output.text.print-linter-name")},
	"presets":                  {takesValue: true, instead: "enable linters by name with --enable"},
	"p":                        {takesValue: true, instead: "enable linters by name with --enable"},
	"exclude":                  {takesValue: true, instead: inConfig + " (linters.exclusions.rules)"},
	"e":                        {takesValue: true, instead: inConfig + " (linters.exclusions.rules)"},
	"exclude-case-sensitive":   {instead: inConfig},
	"exclude-dirs":             {takesValue: true, instead: inConfig + " (linters.exclusions.paths)"},
	"exclude-dirs-use-default": {instead: inConfig},
	"exclude-files":            {takesValue: true, instead: inConfig + " (linters.exclusions.paths)"},
	"exclude-generated":        {instead: inConfig + " (linters.exclusions.generated)"},
	"exclude-use-default":      {instead: inConfig + " (linters.exclusions.presets)"},
	"go":                       {takesValue: true, instead: inConfig + " (run.go)"},
	"sort-order":               {takesValue: true, instead: "drop it: v2 always sorts its results"},
	"sort-results":             {instead: "drop it: v2 always sorts its results"},
}

// v2OnlyFlags are the flags golangci-lint v1 does not have, with their v1 spelling.
var v2OnlyFlags = map[string]lintFlag{
	"default": {takesValue: true, replace: func(v string) []string {
		switch v {
		case "none":
			return []string{"--disable-all"}
		case "all":
			return []string{"--enable-all"}
		}
		return []string{} // "standard" is v1's default
	}},
	"fast-only":                      {replace: fixed("--fast")},
	"path-mode":                      {takesValue: true, instead: "drop it: v1 prints paths relative to the working directory"},
	"output.text.print-issued-lines": {replace: same("--print-issued-lines")},
	"output.text.print-linter-name":  {replace: same("--print-linter-name")},
	"output.text.path":               {takesValue: true, replace: fixed("--out-format=line-number")},
	"output.json.path":               {takesValue: true, replace: fixed("--out-format=json")},
	"output.tab.path":                {takesValue: true, replace: fixed("--out-format=tab")},
}

// outputFlags are v2's output flags for a v1 --out-format value ("json", "line-number",
// "checkstyle:report.xml,colored-line-number").
func outputFlags(value string) []string {
	var out []string
	for _, f := range strings.Split(value, ",") {
		format, path, _ := strings.Cut(strings.TrimSpace(f), ":")
		if path == "" {
			path = "stdout"
		}
		switch format {
		case "line-number", "colored-line-number":
			format = "text"
		case "colored-tab":
			format = "tab"
		case "junit-xml-extended":
			format = "junit-xml"
			out = append(out, "--output.junit-xml.extended")
		case "":
			continue
		}
		out = append(out, "--output."+format+".path="+path)
	}
	return out
}

// badLintFlag is one argument of go.lintFlags the binary's major version rejects.
type badLintFlag struct {
	arg     string   // as written (with its value when that is the next argument)
	replace []string // the binary's spelling; nil when it has none
	instead string
}

// misfitLintFlags are the arguments of flags that golangci-lint of major version major rejects,
// and flags with them replaced where that is possible (ok false when one has no replacement).
func misfitLintFlags(flags []string, major int) (bad []badLintFlag, fixedFlags []string, ok bool) {
	table := v1OnlyFlags
	if major == 1 {
		table = v2OnlyFlags
	}
	ok = true
	for i := 0; i < len(flags); i++ {
		arg := flags[i]
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		lf, known := table[name]
		if !strings.HasPrefix(arg, "-") || !known {
			fixedFlags = append(fixedFlags, arg)
			continue
		}
		if lf.takesValue && !hasValue && i+1 < len(flags) && !strings.HasPrefix(flags[i+1], "-") {
			i++
			value = flags[i]
			arg += " " + value
		}
		b := badLintFlag{arg: arg, instead: lf.instead}
		if lf.replace != nil {
			b.replace = lf.replace(value)
			fixedFlags = append(fixedFlags, b.replace...)
		} else {
			ok = false
		}
		bad = append(bad, b)
	}
	return bad, fixedFlags, ok
}

// lintBinary is the golangci-lint binary the extension runs, its major version, and the one the
// extension believes it is (the flags it adds).
type lintBinary struct {
	path, version   string
	major, extMajor int
	evidence        finding.Evidence
}

var golangciVersionLine = regexp.MustCompile(`has version v?(\d+)\.(\S+)`)

// readLintBinary reads the major version of the golangci-lint at path from its build info (the
// module path: github.com/golangci/golangci-lint/v2 is v2), else from `golangci-lint version`.
func readLintBinary(f *facts.Facts, path string) lintBinary {
	b := lintBinary{path: path}
	if bi := f.BinInfo(path); bi.Err == nil && bi.Info.Module != "" {
		b.version, b.major = bi.Info.Version, 1
		if strings.HasPrefix(bi.Info.Module, golangciModule+"/v") {
			fmt.Sscanf(strings.TrimPrefix(bi.Info.Module, golangciModule+"/v"), "%d", &b.major)
		}
		b.evidence = finding.Evidence{Command: "go version -m " + path, File: path,
			Output: fmt.Sprintf("%s: %s\n\tpath\t%s\n\tmod\t%s\t%s", path, bi.Info.GoVersion, bi.Info.MainPath, bi.Info.Module, bi.Info.Version)}
		return b
	}
	res := f.Probe(path, []string{"version"})
	b.evidence = doctor.Ran(res)
	if m := golangciVersionLine.FindStringSubmatch(string(res.Stdout) + string(res.Stderr)); m != nil {
		fmt.Sscanf(m[1], "%d", &b.major)
		b.version = "v" + m[1] + "." + m[2]
	}
	return b
}

// extensionLintMajor is the major version whose flags the Go extension ext adds when it runs
// go.lintTool tool whose build info holds moduleVersion ("" without build info).
func extensionLintMajor(ext *vscode.Extension, tool, moduleVersion string) int {
	if ext != nil && ext.Version != "" && semver.Compare("v"+ext.Version, "v"+lintV2Extension) < 0 {
		return 1
	}
	if tool == golangciV2Tool || (moduleVersion != "" && !strings.HasPrefix(moduleVersion, "v1")) {
		return 2
	}
	return 1
}

// lintToolCheck checks that the golangci-lint go.lintTool runs accepts the flags it is given:
// the extension's own for the major version it believes the binary is, and go.lintFlags.
func lintToolCheck(_ context.Context, f *facts.Facts) finding.Finding {
	s := f.Settings()
	tool, st, ok := s.StringValue(vscode.KeyLintTool)
	if !ok || !strings.HasPrefix(tool, "golangci-lint") {
		return finding.Finding{Status: finding.Skip, Title: "go.lintTool does not choose golangci-lint"}
	}
	res := vscode.Resolve(f.Host, tool, f.ToolSettings(), f.GoPaths())
	if res.Path == "" {
		return missingLintBinary(f, tool, st)
	}
	b := readLintBinary(f, res.Path)
	if b.major == 0 {
		return finding.Finding{Status: finding.Skip, Title: fmt.Sprintf("the version of %s is unknown", res.Path), Evidence: []finding.Evidence{b.evidence}}
	}
	ext := goExtensionFor(s, st)
	b.extMajor = extensionLintMajor(ext, tool, b.version)
	setting := settingEvidence(st)
	if b.extMajor != b.major {
		return extensionFlagsMismatch(st, ext, tool, b, setting)
	}
	return lintFlagsCheck(s, tool, b, setting)
}

// lintFlagsCheck checks go.lintFlags against the major version of the binary b.
func lintFlagsCheck(s *vscode.Settings, tool string, b lintBinary, setting finding.Evidence) finding.Finding {
	ok := finding.Finding{Status: finding.OK, Evidence: []finding.Evidence{setting, b.evidence},
		Title: fmt.Sprintf("go.lintTool %s runs golangci-lint v%d (%s), and the extension gives it v%d flags", tool, b.major, b.path, b.major)}
	st, found := s.ExtensionValue("go.lintFlags")
	var flags []string
	if !found || json.Unmarshal(st.Value, &flags) != nil {
		return ok
	}
	bad, fixedFlags, allFixed := misfitLintFlags(flags, b.major)
	if len(bad) == 0 {
		return ok
	}
	var lines []string
	for _, x := range bad {
		if x.replace != nil {
			lines = append(lines, fmt.Sprintf("%s: v%d spells it %q", x.arg, b.major, strings.Join(x.replace, " ")))
		} else {
			lines = append(lines, fmt.Sprintf("%s: v%d has no such flag; %s", x.arg, b.major, x.instead))
		}
	}
	fd := finding.Finding{Status: finding.Fail, Evidence: []finding.Evidence{settingEvidence(st), b.evidence},
		Title: fmt.Sprintf("go.lintFlags has golangci-lint v%d flags, but %s is v%d", 3-b.major, b.path, b.major),
		Detail: fmt.Sprintf("golangci-lint v%d stops with %q before linting, so lint on save reports nothing. %s:%d passes:\n%s",
			b.major, unknownFlagError(bad[0].arg), st.File, st.Line, strings.Join(lines, "\n"))}
	value, _ := json.Marshal(append([]string{}, fixedFlags...))
	fd.Fix = &finding.Fix{Docs: golangciMigrateDoc, Summary: settingEditSummary(st, string(value))}
	if allFixed {
		fd.Fix.Actions, fd.Fix.Auto = []finding.Action{settingEditAction(st, string(value))}, true
	} else {
		fd.Fix.Summary += " Then " + strings.TrimSuffix(firstInstead(bad), ".") + "."
	}
	return fd
}

func firstInstead(bad []badLintFlag) string {
	for _, b := range bad {
		if b.replace == nil {
			return b.instead
		}
	}
	return ""
}

// unknownFlagError is what golangci-lint's command line parser (spf13/pflag) says of the flag
// arg: "unknown flag: --fast", "unknown shorthand flag: 'p' in -p".
func unknownFlagError(arg string) string {
	arg, _, _ = strings.Cut(arg, " ")
	name, _, _ := strings.Cut(arg, "=")
	if !strings.HasPrefix(name, "--") && len(name) >= 2 {
		return fmt.Sprintf("unknown shorthand flag: '%c' in %s", name[1], arg)
	}
	return "unknown flag: " + name
}

// goExtensionFor is the Go extension of the editor whose settings chose st (a user or remote
// setting names it), else of the first editor that has one.
func goExtensionFor(s *vscode.Settings, st vscode.Setting) *vscode.Extension {
	var first *vscode.Extension
	for i := range s.Editors {
		x := s.Editors[i].GoExtension()
		if x != nil && s.Editors[i].Name == st.Editor {
			return x
		}
		if first == nil {
			first = x
		}
	}
	return first
}

// extensionFlagsMismatch is the finding when the extension gives the binary the other major
// version's flags: go.lintTool golangci-lint-v2 naming a v1 binary, a v1 built from a checkout
// ("(devel)", taken for v2), or an extension older than v2 support running a v2 binary.
func extensionFlagsMismatch(st vscode.Setting, ext *vscode.Extension, tool string, b lintBinary, setting finding.Evidence) finding.Finding {
	added := map[int]string{1: "--out-format=line-number", 2: "--output.text.path=stdout"}[b.extMajor]
	fd := finding.Finding{Status: finding.Fail, Evidence: []finding.Evidence{setting, b.evidence},
		Title: fmt.Sprintf("the Go extension runs %s with golangci-lint v%d flags, but it is v%d", b.path, b.extMajor, b.major)}
	why := ""
	switch {
	case b.extMajor == 1 && ext != nil:
		why = fmt.Sprintf("The Go extension %s (%s) predates golangci-lint v2: it always adds v1 flags.", ext.Version, ext.Dir)
		fd.Fix = &finding.Fix{Summary: fmt.Sprintf("Update the Go extension to v%s or later (Extensions view, or `code --install-extension golang.go`), or install golangci-lint v1.", lintV2Extension),
			Commands: []string{"code --install-extension golang.go --force"}}
	case tool == golangciV2Tool:
		why = fmt.Sprintf("go.lintTool is %q (%s:%d), which the extension always runs with v2 flags, and %s is golangci-lint v%d %s.", tool, st.File, st.Line, b.path, b.major, b.version)
		fd.Fix = lintV2InstallFix(fmt.Sprintf("Install golangci-lint v2 as %s, as the extension's Go: Install/Update Tools does, or set go.lintTool to \"golangci-lint\" to run golangci-lint v1 with v1 flags.", b.path), b.path)
	default:
		why = fmt.Sprintf("%s is golangci-lint v%d built from a checkout: its build info gives the version %q, which the extension takes for v2 because it does not start with v1.", b.path, b.major, b.version)
		fd.Fix = &finding.Fix{Summary: "Install a golangci-lint release in its place: v2 (the newest), or v1.64.8 to keep v1.",
			Commands: []string{"go install " + golangciV2Package + "@latest"}}
	}
	fd.Detail = fmt.Sprintf("%s golangci-lint v%d stops with %q before linting, so lint on save reports nothing.", why, b.major, unknownFlagError(added))
	return fd
}

// lintV2InstallFix installs golangci-lint v2 under the name golangci-lint-v2 at dest, as the
// extension's Go: Install/Update Tools does (go install into the tmp folder of dest's directory,
// then a copy).
func lintV2InstallFix(summary, dest string) *finding.Fix {
	tmp := filepath.Join(filepath.Dir(dest), "tmp")
	return &finding.Fix{Summary: summary, Docs: golangciMigrateDoc, Commands: []string{
		shell.Assign("GOBIN", tmp) + " go install " + golangciV2Package + "@latest",
		shell.Join([]string{"cp", filepath.Join(tmp, "golangci-lint"+filepath.Ext(dest)), dest}),
		shell.Join([]string{"rm", "-r", tmp}),
	}}
}

// missingLintBinary is the finding when go.lintTool names a golangci-lint binary the extension
// does not find. For golangci-lint, tools.golangci-lint.found says it; golangci-lint-v2 is a
// name of the extension's own, which a plain `go install` of v2 never writes.
func missingLintBinary(f *facts.Facts, tool string, st vscode.Setting) finding.Finding {
	if tool != golangciV2Tool {
		return finding.Finding{Status: finding.Skip, Title: fmt.Sprintf("%s is not installed (see tools.golangci-lint.found)", tool)}
	}
	fd := finding.Finding{Status: finding.Fail, Evidence: []finding.Evidence{settingEvidence(st)},
		Title: fmt.Sprintf("go.lintTool is %q, but there is no %s binary", tool, tool)}
	fd.Detail = fmt.Sprintf("%s:%d sets go.lintTool to %q: the Go extension then runs a binary named %s, which only its Go: Install/Update Tools writes (`go install` names v2's binary golangci-lint). Without it, lint on save fails.",
		st.File, st.Line, tool, tool)
	exe := ""
	if f.Host.OS() == "windows" {
		exe = ".exe"
	}
	if res := vscode.Resolve(f.Host, "golangci-lint", f.ToolSettings(), f.GoPaths()); res.Path != "" {
		if b := readLintBinary(f, res.Path); b.major == 2 {
			fd.Evidence = append(fd.Evidence, b.evidence)
			fd.Detail += fmt.Sprintf(" %s is golangci-lint v2 %s: with go.lintTool \"golangci-lint\" the extension runs it with v2 flags.", res.Path, b.version)
			v, _ := json.Marshal("golangci-lint")
			fd.Fix = &finding.Fix{Summary: settingEditSummary(st, string(v)), Actions: []finding.Action{settingEditAction(st, string(v))}, Auto: true}
			return fd
		}
	}
	dir := f.InstallDir()
	if dir == "" {
		fd.Fix = &finding.Fix{Summary: "Run the command Go: Install/Update Tools in the editor and select golangci-lint-v2."}
		return fd
	}
	fd.Fix = lintV2InstallFix("Run the command Go: Install/Update Tools in the editor and select golangci-lint-v2, or install it by hand:", filepath.Join(dir, tool+exe))
	return fd
}
