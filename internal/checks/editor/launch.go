package editor

import (
	"context"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/text"
	"github.com/gomedic/gomedic/internal/vscode"
)

// launchIssue is one problem of one configuration.
type launchIssue struct {
	status  finding.Status
	title   string
	detail  string
	actions []finding.Action
	summary string
}

func launchCheck(_ context.Context, f *facts.Facts) finding.Finding {
	files, bad, looked := readDotVSCode(f, "launch.json")
	if len(bad) > 0 {
		return dotVSCodeParseFailure("launch.json's debug configurations", bad)
	}
	if len(files) == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no .vscode/launch.json", Detail: "Looked for " + strings.Join(looked, ", ") + "."}
	}
	if bad := notObjects(files); len(bad) > 0 {
		return notObjectFailure(launchKind, bad)
	}
	var issues []launchIssue
	var ev []finding.Evidence
	var notes []string
	goConfigs := 0
	pkgs := packageNames{}
	for _, ff := range files {
		for el := range jsonItems(ff.doc, "configurations") {
			if t, _ := el.str("type"); t != "go" {
				continue
			}
			goConfigs++
			name, _ := el.str("name")
			c := launchConfig{f: f, file: ff, el: el, name: name, pkgs: pkgs}
			found, skipped := c.check()
			for _, is := range found {
				issues = append(issues, is)
				ev = append(ev, doctor.Read(filePlace(ff.path, el.line), is.title))
			}
			notes = append(notes, skipped...)
		}
	}
	if goConfigs == 0 {
		return finding.Finding{Status: finding.Skip, Title: "no \"type\": \"go\" configuration in launch.json", Detail: "Read " + dotVSCodePaths(files) + "."}
	}
	if len(issues) == 0 {
		fd := finding.Finding{Status: finding.OK, Title: fmt.Sprintf("%d Go debug configuration(s) point at existing packages and directories", goConfigs), Evidence: []finding.Evidence{{File: dotVSCodePaths(files)}}}
		if len(notes) > 0 {
			fd.Detail = strings.Join(notes, "\n")
		}
		return fd
	}
	return configIssuesFinding(issues, notes, ev, "launch.json")
}

func dotVSCodePaths(files []dotVSCodeFile) string {
	var ps []string
	for _, ff := range files {
		ps = append(ps, ff.path)
	}
	return strings.Join(ps, ", ")
}

// configIssuesFinding folds the issues of launch.json or tasks.json into one finding.
func configIssuesFinding(issues []launchIssue, notes []string, ev []finding.Evidence, what string) finding.Finding {
	sort.SliceStable(issues, func(i, j int) bool { return issues[i].status.Rank() < issues[j].status.Rank() })
	var details, summaries []string
	fix := &finding.Fix{Auto: false}
	for _, is := range issues {
		details = append(details, is.title+". "+is.detail)
		if is.summary != "" {
			summaries = append(summaries, is.summary)
		}
		fix.Actions = append(fix.Actions, is.actions...)
	}
	title := issues[0].title
	if len(issues) > 1 {
		title = fmt.Sprintf("%s (and %d more problem(s) in %s)", title, len(issues)-1, what)
	}
	fd := finding.Finding{Status: issues[0].status, Title: title, Detail: strings.Join(append(details, notes...), "\n\n"), Evidence: ev}
	if len(summaries) > 0 {
		fix.Summary = strings.Join(summaries, " ")
		fd.Fix = fix
	}
	return fd
}

// launchConfig is one "type": "go" configuration being checked.
type launchConfig struct {
	f    *facts.Facts
	file dotVSCodeFile
	el   jsonItem
	name string
	// pkgs are the package names read for the configurations so far: many configurations
	// debug the same program.
	pkgs packageNames
}

func (c launchConfig) where(key string) string {
	return fmt.Sprintf("%s:%d (configuration %q)", c.file.path, c.el.memberLine(key), c.name)
}

// key is the JSON Pointer of a member of the configuration: "/configurations/0/args".
func (c launchConfig) key(member string) string {
	return fmt.Sprintf("/configurations/%d/%s", c.el.index, member)
}

// check returns the configuration's problems and what it could not judge.
func (c launchConfig) check() ([]launchIssue, []string) {
	var issues []launchIssue
	var notes []string
	request, _ := c.el.str("request")
	if request == "attach" {
		return nil, nil
	}
	mode, _ := c.el.str("mode")
	if mode == "" {
		mode = "auto" // the extension's default
	}
	if rawCwd, ok := c.el.str("cwd"); ok && rawCwd != "" {
		cwd, v := expandConfigPath(c.f, c.file.folder, rawCwd)
		switch {
		case v != "":
			notes = append(notes, fmt.Sprintf("%s: cwd %q depends on %s, known only in the editor; not checked.", c.where("cwd"), rawCwd, v))
		case !c.isDir(cwd):
			issues = append(issues, launchIssue{status: finding.Fail,
				title: fmt.Sprintf("configuration %q: cwd %s does not exist", c.name, cwd),
				detail: fmt.Sprintf("%s sets \"cwd\": %q, which is %s and does not exist. dlv builds the program, then fails to start it there: "+
					"\"Failed to launch: could not launch process: fork/exec .../__debug_bin...: no such file or directory\" (it names the binary, not the directory).",
					c.where("cwd"), rawCwd, cwd),
				summary: fmt.Sprintf("In %s, point \"cwd\" of %q at a directory that exists, or remove it (the program then runs in the package's directory).", c.file.path, c.name),
				actions: []finding.Action{{Kind: finding.SettingsEdit, File: c.file.path, Key: c.key("cwd"), Value: text.JSONString("${workspaceFolder}")}}})
		}
	}
	envIssues, envNotes := c.envFiles()
	issues, notes = append(issues, envIssues...), append(notes, envNotes...)
	rawProg, hasProg := c.el.str("program")
	var prog string
	if hasProg && rawProg != "" {
		p, v := expandConfigPath(c.f, c.file.folder, rawProg)
		switch {
		case v != "":
			notes = append(notes, fmt.Sprintf("%s: program %q depends on %s, known only when a file is open in the editor; not checked.", c.where("program"), rawProg, v))
		default:
			if _, err := c.f.Host.Stat(p); err != nil {
				issues = append(issues, c.missingProgram(rawProg, p, mode))
			} else if mode == "exec" && c.isDir(p) {
				issues = append(issues, launchIssue{status: finding.Fail,
					title:   fmt.Sprintf("configuration %q: program %s is a directory, and exec mode runs a built binary", c.name, p),
					detail:  fmt.Sprintf("%s sets \"program\": %q with \"mode\": \"exec\"; dlv execs that path as a program and fails (\"not an executable file\").", c.where("program"), rawProg),
					summary: c.execSummary(filepath.Join(p, filepath.Base(p)))})
			} else {
				prog = p
			}
		}
	}
	if mode == "auto" && prog != "" {
		if strings.HasSuffix(prog, "_test.go") {
			mode = "test"
		}
	}
	if mode == "test" {
		if is := c.testArgs(); is != nil {
			issues = append(issues, *is)
		}
	}
	if (mode == "debug" || mode == "auto") && prog != "" {
		if is := c.notMain(prog, mode); is != nil {
			issues = append(issues, *is)
		}
	}
	return issues, notes
}

// execSummary is the way out of an exec configuration whose program is not a built binary: build
// it there (the command, from the folder's main package when the folder is one), or debug the
// package instead.
func (c launchConfig) execSummary(p string) string {
	out := p
	if r, err := filepath.Rel(c.file.folder, p); err == nil && !strings.HasPrefix(r, "..") {
		out = filepath.ToSlash(r)
	}
	pkg := "./path/to/main/package"
	if name, err := c.pkgs.of(c.f, c.file.folder, true); err == nil && name == "main" {
		pkg = "."
	}
	return fmt.Sprintf("In exec mode \"program\" of %q must be a program already built: build it first, in %s: go build -o %s %s (a \"preLaunchTask\" can run it before each session); "+
		"or, in %s, set \"mode\" to \"debug\" and point \"program\" at the main package's directory, and dlv builds it itself.", c.name, c.file.folder, out, pkg, c.file.path)
}

// envFiles checks the files envFile names (a string or a list): the Go extension reads each before
// the session starts and stops it with "Cannot load environment variables from file ..." when one
// cannot be read; gomedic run reads them the same way (vscode.ReadEnvFile).
func (c launchConfig) envFiles() ([]launchIssue, []string) {
	raws, ok := c.el.strs("envFile")
	if !ok {
		return nil, nil
	}
	var issues []launchIssue
	var notes []string
	for _, raw := range raws {
		if raw == "" {
			continue
		}
		p, v := expandConfigPath(c.f, c.file.folder, raw)
		if v != "" {
			notes = append(notes, fmt.Sprintf("%s: envFile %q depends on %s, known only in the editor; not checked.", c.where("envFile"), raw, v))
			continue
		}
		_, err := vscode.ReadEnvFile(c.f.Host, p)
		if err == nil {
			continue
		}
		why, says := "does not exist", "Error: ENOENT: no such file or directory"
		if !host.IsNotExist(err) {
			why, says = fmt.Sprintf("cannot be read (%v)", err), "..."
		}
		issues = append(issues, launchIssue{status: finding.Fail,
			title: fmt.Sprintf("configuration %q: envFile %s %s", c.name, p, why),
			detail: fmt.Sprintf("%s sets \"envFile\": %q, which is %s and %s. The Go extension reads it before the session starts and stops there: "+
				"\"Cannot load environment variables from file %s: %s\"; the debugger never starts (gomedic run --config %s refuses the same way).",
				c.where("envFile"), raw, p, why, p, says, c.name),
			summary: fmt.Sprintf("Create %s (KEY=VALUE lines), or, in %s, remove \"envFile\" from %q (or point it at the file that holds the variables).", p, c.file.path, c.name)})
	}
	return issues, notes
}

func (c launchConfig) isDir(p string) bool {
	fi, err := c.f.Host.Stat(p)
	return err == nil && fi.IsDir()
}

func (c launchConfig) missingProgram(raw, p, mode string) launchIssue {
	is := launchIssue{status: finding.Fail,
		title: fmt.Sprintf("configuration %q: program %s does not exist", c.name, p),
		summary: fmt.Sprintf("In %s, point \"program\" of %q at the package directory or file to debug (\"${workspaceFolder}\" for the folder's main package, \"${fileDirname}\" for the package of the open file).",
			c.file.path, c.name)}
	if mode == "exec" {
		is.detail = fmt.Sprintf("%s sets \"program\": %q, which is %s and does not exist; in exec mode dlv runs that binary, already built, and cannot start.", c.where("program"), raw, p)
		is.summary = c.execSummary(p)
		return is
	}
	switch mode {
	case "test":
		is.detail = fmt.Sprintf("%s sets \"program\": %q, which is %s and does not exist. dlv cannot build the tests: \"FAIL %s [setup failed]\" and \"stat %s: directory not found\".",
			c.where("program"), raw, p, p, p)
	default:
		is.detail = fmt.Sprintf("%s sets \"program\": %q, which is %s and does not exist. dlv's build fails with \"Build Error: go build -o .../__debug_bin... -gcflags all=-N -l %s\" and \"stat %s: directory not found\".",
			c.where("program"), raw, p, p, p)
	}
	if pkg, err := c.pkgs.of(c.f, c.file.folder, true); err == nil && pkg == "main" {
		is.actions = []finding.Action{{Kind: finding.SettingsEdit, File: c.file.path, Key: c.key("program"), Value: text.JSONString("${workspaceFolder}")}}
	}
	return is
}

// testBinaryFlags are the testing package's flags (go test -c; ./x.test -h lists them as -test.NAME);
// true when they take a value.
var testBinaryFlags = map[string]bool{
	"artifacts": false, "bench": true, "benchmem": false, "benchtime": true, "blockprofile": true, "blockprofilerate": true, "count": true,
	"coverprofile": true, "cpu": true, "cpuprofile": true, "failfast": false, "fullpath": false, "fuzz": true, "fuzzcachedir": true,
	"fuzzminimizetime": true, "fuzztime": true, "fuzzworker": false, "gocoverdir": true, "list": true, "memprofile": true,
	"memprofilerate": true, "mutexprofile": true, "mutexprofilefraction": true, "outputdir": true, "paniconexit0": false,
	"parallel": true, "run": true, "short": false, "shuffle": true, "skip": true, "testlogfile": true, "timeout": true, "trace": true, "v": false,
}

// goBuildFlags are go build flags people put in a test configuration's args; true when they take a
// value.
var goBuildFlags = map[string]bool{
	"race": false, "msan": false, "asan": false, "cover": false, "trimpath": false,
	"covermode": true, "coverpkg": true, "tags": true, "gcflags": true, "ldflags": true, "asmflags": true, "mod": true, "modfile": true,
	"overlay": true, "pgo": true, "buildvcs": true, "toolexec": true,
}

// argFlagName splits "-v", "--run=X" into the flag's name and whether it holds its value; name is ""
// for an argument that is not a flag.
func argFlagName(arg string) (string, bool) {
	if !strings.HasPrefix(arg, "-") || arg == "-" || arg == "--" {
		return "", false
	}
	name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	name, _, hasValue := strings.Cut(name, "=")
	return name, hasValue
}

// testArgs reports args of a test configuration that the test binary rejects: testing flags
// without their test. prefix, and go build flags. dlv passes args to the test binary as they are,
// and the binary's flag package answers "flag provided but not defined: -v" and exits with status 2
// before running a test. It reads the arguments as the flag package does: flags up to the first
// argument that is not one (or "--"); other flags are left alone, since the package under test may
// define them.
func (c launchConfig) testArgs() *launchIssue {
	args, ok := c.el.strs("args")
	if !ok || len(args) == 0 {
		return nil
	}
	fixed := []string{} // "args": [] rather than null when every argument moves
	var moved, bad []string
	valueNext := false // the previous flag takes the next argument as its value
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, hasValue := argFlagName(a)
		if a == "--" || (name == "" && !valueNext) {
			fixed = append(fixed, args[i:]...)
			break
		}
		if name == "" {
			fixed = append(fixed, a)
			valueNext = false
			continue
		}
		takes, isTest := testBinaryFlags[name]
		takesBuild, isBuild := goBuildFlags[name]
		switch {
		case isTest:
			bad = append(bad, a)
			fixed = append(fixed, "-test."+strings.TrimLeft(a, "-"))
			valueNext = takes && !hasValue
		case isBuild:
			bad = append(bad, a)
			moved = append(moved, a)
			if takesBuild && !hasValue && i+1 < len(args) {
				i++
				moved = append(moved, args[i])
			}
			valueNext = false
		default:
			// -test.NAME, or the package's own flag: taken for a boolean one (whose next argument,
			// if not a flag, ends the flags) so that a doubt never turns into a failure.
			fixed = append(fixed, a)
			valueNext = !hasValue && testBinaryFlags[strings.TrimPrefix(name, "test.")] && strings.HasPrefix(name, "test.")
		}
	}
	if len(bad) == 0 {
		return nil
	}
	is := &launchIssue{status: finding.Fail,
		title: fmt.Sprintf("configuration %q: test arguments %s are rejected by the test binary", c.name, strings.Join(bad, " ")),
	}
	fixedJSON, _ := json.Marshal(fixed)
	var b strings.Builder
	fmt.Fprintf(&b, "%s runs tests (\"mode\": \"test\") with \"args\": %s. dlv passes args to the compiled test binary as they are, and it knows its flags only as -test.NAME: "+
		"it prints \"flag provided but not defined: -%s\" and exits with status 2 before running any test, so the debug session ends at once.",
		c.where("args"), compactedJSON(c.el.members["args"].Value), strings.TrimLeft(strings.SplitN(bad[0], "=", 2)[0], "-"))
	is.actions = []finding.Action{{Kind: finding.SettingsEdit, File: c.file.path, Key: c.key("args"), Value: string(fixedJSON)}}
	is.summary = fmt.Sprintf("In %s, write the test flags of %q with their test. prefix: \"args\": %s.", c.file.path, c.name, fixedJSON)
	if len(moved) > 0 {
		value := c.buildFlagsWith(moved)
		fmt.Fprintf(&b, " %s: go build flags, which belong in \"buildFlags\" (the extension passes them to dlv's build).", strings.Join(moved, " "))
		is.actions = append(is.actions, finding.Action{Kind: finding.SettingsEdit, File: c.file.path, Key: c.key("buildFlags"), Value: value})
		is.summary += fmt.Sprintf(" Move the build flags to \"buildFlags\": %s.", value)
	}
	is.detail = b.String()
	return is
}

// buildFlagsWith is the configuration's goBuildFlags with more flags, as JSON in the form it has (a
// string, or an array of strings).
func (c launchConfig) buildFlagsWith(more []string) string {
	m, ok := c.el.members["buildFlags"]
	var list []string
	if ok && json.Unmarshal(m.Value, &list) == nil {
		b, _ := json.Marshal(append(list, more...))
		return string(b)
	}
	existing, _ := c.el.str("buildFlags")
	return text.JSONString(strings.TrimSpace(existing + " " + strings.Join(more, " ")))
}

func compactedJSON(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// notMain reports a debug configuration whose program is a package that is not main: dlv builds it
// and cannot run the result ("could not launch process: not an executable file").
func (c launchConfig) notMain(prog, mode string) *launchIssue {
	dir := prog
	if !c.isDir(prog) {
		if !strings.HasSuffix(prog, ".go") {
			return nil
		}
		dir = filepath.Dir(prog)
	}
	pkg, err := c.pkgs.of(c.f, prog, dir == prog)
	if err != nil || pkg == "" || pkg == "main" {
		return nil
	}
	detail := fmt.Sprintf("%s debugs %s, which is package %s, not main. dlv builds it and then cannot run it: "+
		"\"Failed to launch %s: could not launch process: not an executable file\".", c.where("program"), prog, pkg, prog)
	if mode == "auto" {
		detail += " (In \"auto\" mode the extension debugs tests instead when the file open in the editor is a _test.go file.)"
	}
	return &launchIssue{status: finding.Warn,
		title:   fmt.Sprintf("configuration %q debugs package %s, which is not a main package", c.name, pkg),
		detail:  detail,
		summary: fmt.Sprintf("In %s, point \"program\" of %q at a main package, or set \"mode\": \"test\" to debug its tests.", c.file.path, c.name),
		actions: []finding.Action{{Kind: finding.SettingsEdit, File: c.file.path, Key: c.key("mode"), Value: text.JSONString("test")}}}
}

// packageNames remembers the package name of each directory or Go file read, with its error.
type packageNames map[string]packageName

type packageName struct {
	name string
	err  error
}

// of is the package of the directory or file path (goPackageName, goFilePackageName), read once
// per path; a nil packageNames reads every time.
func (p packageNames) of(f *facts.Facts, path string, isDir bool) (string, error) {
	if got, ok := p[path]; ok {
		return got.name, got.err
	}
	read := goFilePackageName
	if isDir {
		read = goPackageName
	}
	name, err := read(f, path)
	if p != nil {
		p[path] = packageName{name, err}
	}
	return name, err
}

// goPackageName is the package of the non-test Go files in dir ("main" when any is main), or "" when
// it has none.
func goPackageName(f *facts.Facts, dir string) (string, error) {
	entries, err := f.Host.ReadDir(dir)
	if err != nil {
		return "", err
	}
	name := ""
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") {
			continue
		}
		pkg, err := goFilePackageName(f, filepath.Join(dir, n))
		if err != nil {
			continue
		}
		if pkg == "main" {
			return "main", nil
		}
		if name == "" && pkg != "documentation" {
			name = pkg
		}
	}
	return name, nil
}

// goFilePackageName reads the package clause of a Go file.
func goFilePackageName(f *facts.Facts, file string) (string, error) {
	data, err := f.Host.ReadFile(file, 4<<20)
	if err != nil {
		return "", err
	}
	af, err := parser.ParseFile(token.NewFileSet(), file, data, parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	return af.Name.Name, nil
}
