package toolbuild

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/advice"
	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/gocmd"
	"github.com/gomedic/gomedic/internal/goenv"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/redact"
	"github.com/gomedic/gomedic/internal/shell"
)

// DefaultGOPROXY is the go command's default GOPROXY, which fixes restore for one install.
const DefaultGOPROXY = "https://proxy.golang.org,direct"

// failureCtx is what the explanations of a failure read.
type failureCtx struct {
	f       *facts.Facts
	t       Target
	version string
	res     *host.Result
	o       *output
	msg     gocmd.Cause // the message the cause was named for (none for a timeout or gocmd.ReasonOther)
}

// spec is the tool and version as the user asked: "gopls@v0.21.1", "example.com/x/cmd/foo@latest".
func (c *failureCtx) spec() string {
	if c.version == "" {
		return c.t.Arg()
	}
	return c.t.Arg() + "@" + c.version
}

// module is the module path, or the package path while the module is unknown.
func (c *failureCtx) module() string {
	if c.t.Module != "" {
		return c.t.Module
	}
	return c.t.Package
}

// again is the gomedic command that retries the install.
func (c *failureCtx) again() string { return "gomedic tools install " + c.spec() }

// oneShot is again with one variable set for that command only, in the user's shell.
func (c *failureCtx) oneShot(name, value string) string {
	return OneShot(c.f.Shell().Name, name, value, c.again())
}

// OneShot writes command run with name=value in its environment only, for shell sh ("bash",
// "zsh", "sh", "fish", "powershell", "cmd").
func OneShot(sh, name, value, command string) string {
	switch sh {
	case "powershell":
		return fmt.Sprintf("$env:%s = %s; %s; Remove-Item Env:%s", name, shell.QuotePowerShell(value), command, name)
	case "cmd":
		return fmt.Sprintf(`cmd /C "set %s=%s&& %s"`, name, value, command)
	case "fish":
		return "env " + name + "=" + shell.QuoteFish(value) + " " + command
	}
	return name + "=" + shell.Quote(value) + " " + command
}

// where is a Go variable's value with where it came from: "GOPROXY=off (from the environment)".
func (c *failureCtx) where(name string) string { return advice.Where(c.f.Value(name)) }

// userSet reports whether the user set the variable (in the environment or a go env file).
func userSet(v goenv.Value) bool { return v.Source != goenv.FromDefault }

// url is the URL the failed request asked for, as the go command printed it.
func (c *failureCtx) url() string {
	if c.msg.URL != "" {
		return c.msg.URL
	}
	return c.o.url()
}

// server says which server the failed request went to: its name in words ("the module proxy
// http://127.0.0.1:4321", "the checksum database sum.golang.org", or the host of a direct
// download), the setting that named it with where that came from ("GOPROXY=... (from the
// environment)", "" for a direct download), and whether it is a GOPROXY entry.
func (c *failureCtx) server() (name, setting string, proxy bool) {
	raw := c.url()
	u, err := url.Parse(raw)
	if raw == "" || err != nil {
		return "the module proxy", c.named("GOPROXY"), true
	}
	if strings.Contains(u.Path, "/lookup/") || strings.Contains(u.Path, "/tile/") || strings.Contains(u.Path, "/sumdb/") {
		return "the checksum database " + u.Host, c.named("GOSUMDB"), false
	}
	for _, entry := range strings.FieldsFunc(c.f.GoVar("GOPROXY"), func(r rune) bool { return r == ',' || r == '|' }) {
		e, err := url.Parse(entry)
		if err != nil || e.Scheme != u.Scheme || e.Host != u.Host || !strings.HasPrefix(u.Path, strings.TrimSuffix(e.Path, "/")) {
			continue
		}
		return "the module proxy " + redact.URL(e), c.named("GOPROXY"), true
	}
	if u.Scheme == "file" {
		return "the module proxy " + u.Scheme + "://" + u.Path, c.named("GOPROXY"), true
	}
	return u.Host, "", false
}

// named says which variable named a server and where its value came from: "GOPROXY, from the
// environment".
func (c *failureCtx) named(name string) string { return name + ", from " + c.f.Value(name).Where() }

// said quotes a line of the go command's output as it printed it.
func said(line string) string { return `"` + line + `"` }

// capital is s with its first letter in upper case, to start a sentence.
func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// explainers fill in the failure of each cause; gocmd.ReasonOther (and any cause without one) is
// explained by other.
var explainers = map[gocmd.Reason]func(*failureCtx, *Failure){
	gocmd.ReasonTimeout:              (*failureCtx).timeout,
	gocmd.ReasonToolchainUnavailable: (*failureCtx).toolchain,
	gocmd.ReasonProxyConnect:         (*failureCtx).proxyConnect,
	gocmd.ReasonDNS:                  (*failureCtx).network,
	gocmd.ReasonTLS:                  (*failureCtx).network,
	gocmd.ReasonConnectionRefused:    (*failureCtx).network,
	gocmd.ReasonProxyUnreachable:     (*failureCtx).network,
	gocmd.ReasonHTTP403:              (*failureCtx).httpStatus,
	gocmd.ReasonHTTP404:              (*failureCtx).httpStatus,
	gocmd.ReasonHTTP410:              (*failureCtx).httpStatus,
	gocmd.ReasonGoproxyOff:           (*failureCtx).goproxyOff,
	gocmd.ReasonUnknownVersion:       (*failureCtx).unknownVersion,
	gocmd.ReasonModulesOff:           (*failureCtx).modulesOff,
	gocmd.ReasonModVendor:            (*failureCtx).modVendor,
	gocmd.ReasonNeedsNewerGo:         (*failureCtx).needsNewerGo,
	gocmd.ReasonGOBINRelative:        (*failureCtx).gobinRelative,
	gocmd.ReasonCrossCompile:         (*failureCtx).crossCompile,
	gocmd.ReasonBuildCache:           func(c *failureCtx, fl *Failure) { c.cacheDir(fl, "GOCACHE", "build cache") },
	gocmd.ReasonModuleCache:          func(c *failureCtx, fl *Failure) { c.cacheDir(fl, "GOMODCACHE", "module cache") },
	gocmd.ReasonPermissionDenied:     (*failureCtx).permission,
	gocmd.ReasonNoCCompiler:          (*failureCtx).noCC,
	gocmd.ReasonChecksumMismatch:     (*failureCtx).checksumMismatch,
	gocmd.ReasonNotMainPackage:       (*failureCtx).notMainPackage,
	gocmd.ReasonNoPackage:            (*failureCtx).noPackage,
	gocmd.ReasonModuleReplaces:       (*failureCtx).moduleReplaces,
	gocmd.ReasonCompileError:         (*failureCtx).compileError,
}

// explain fills in the failure of a cause.
func (c *failureCtx) explain(cause gocmd.Reason) *Failure {
	fl := &Failure{Cause: cause}
	if ex, ok := explainers[cause]; ok {
		ex(c, fl)
	} else {
		c.other(fl)
	}
	return fl
}

// first is the go command's first message, quoted.
func (c *failureCtx) first() string { return said(c.o.firstError()) }

func (c *failureCtx) other(fl *Failure) {
	fl.Summary = c.o.firstError()
	if fl.Summary == "" {
		fl.Summary = c.res.Failure()
	}
	fl.Detail = fmt.Sprintf("%s failed: %s", c.res.Cmd.String(), c.res.Failure())
}

func (c *failureCtx) modulesOff(fl *Failure) {
	v := c.f.Value("GO111MODULE")
	fl.Summary = "module mode is off (GO111MODULE=off), so the go command cannot install a versioned tool"
	fl.Detail = fmt.Sprintf("%s turns module mode off; gomedic sets GO111MODULE=on for its builds, yet the go command still ran without modules (%s).", advice.Where(v), c.first())
	fl.Fix = advice.Unset(c.f, v, ": tools are versioned modules, built in module mode")
}

func (c *failureCtx) modVendor(fl *Failure) {
	v := c.f.Value("GOFLAGS")
	fl.Summary = fmt.Sprintf("GOFLAGS=%s keeps the go command from looking up modules", v.Value)
	fl.Detail = fmt.Sprintf("%s: with -mod=vendor (or -modfile) the go command answers from a module's vendor directory or go.mod, and refuses module queries outside one: %s.", advice.Where(v), c.first())
	if kept := strings.TrimSpace(strings.TrimSuffix(goenv.WithoutModFlags(v.Value), "-mod=readonly")); kept != "" {
		fl.Fix = advice.Set(c.f, "GOFLAGS", kept, " (without -mod): put -mod=vendor in a project's own settings instead")
	} else {
		fl.Fix = advice.Unset(c.f, v, ": put -mod=vendor in a project's own settings instead")
	}
}

func (c *failureCtx) gobinRelative(fl *Failure) {
	v := c.f.Value("GOBIN")
	fl.Summary = "GOBIN is not an absolute path, and go install refuses to install anywhere"
	if userSet(v) && !filepath.IsAbs(v.Value) {
		fl.Detail = fmt.Sprintf("%s is relative; the go command stops with %s.", advice.Where(v), c.first())
		fl.Fix = advice.Unset(c.f, v, " (go install then uses the first GOPATH entry's bin), or set it to an absolute path")
	} else {
		fl.Detail = fmt.Sprintf("The directory gomedic built into is not an absolute path (%s): this is a bug in gomedic; the go command said %s.", c.gobin(), c.first())
	}
}

func (c *failureCtx) crossCompile(fl *Failure) {
	fl.Summary = fmt.Sprintf("the go on PATH is a %s/%s build and cannot install tools for this %s/%s machine", c.f.GoVar("GOHOSTOS"), c.f.GoVar("GOHOSTARCH"), c.f.Host.OS(), c.f.Host.Arch())
	fl.Detail = "A tool must be built for the machine it runs on; the go command builds for another platform only with `go build`, and refuses to install such a binary into a directory (\"cannot install cross-compiled binaries when GOBIN is set\")."
	fl.Fix = &finding.Fix{Summary: fmt.Sprintf("Install Go for %s/%s from https://go.dev/dl/ and put it first on PATH.", c.f.Host.OS(), c.f.Host.Arch()), Docs: advice.DocsInstall}
}

func (c *failureCtx) checksumMismatch(fl *Failure) {
	fl.Summary = fmt.Sprintf("the download of %s does not match its checksum", c.module())
	fl.Detail = fmt.Sprintf("The go command refused the module because its content differs from the checksum the checksum database (%s) or go.sum recorded: %s. The proxy served other content than the module's author published, or the module cache holds a damaged copy.", c.where("GOSUMDB"), said(strings.TrimSpace(c.msg.Line)))
	fl.Fix = &finding.Fix{Summary: "Do not bypass the check. Ask whoever runs the module proxy, or try again later; if only your module cache is damaged, remove that module's directory from it.", Docs: "https://go.dev/ref/mod#checksum-database"}
}

func (c *failureCtx) notMainPackage(fl *Failure) {
	fl.Summary = fmt.Sprintf("%s is a library, not a program", c.t.Package)
	fl.Detail = fmt.Sprintf("go install builds programs (package main) only: %s. A module's commands are usually in its cmd/ directory.", c.first())
	fl.Fix = &finding.Fix{Summary: "Name the package of the command to install, e.g. gomedic tools install " + c.t.Package + "/cmd/NAME."}
}

func (c *failureCtx) noPackage(fl *Failure) {
	fl.Summary = fmt.Sprintf("%s has no package %s", c.module(), c.t.Package)
	fl.Detail = fmt.Sprintf("The module exists at that version, but the package path names nothing in it: %s. The path may be misspelt, or the command moved in this version.", c.first())
	fl.Fix = &finding.Fix{Summary: "Check the package path (the module's documentation names its commands), then install it again."}
}

func (c *failureCtx) moduleReplaces(fl *Failure) {
	fl.Summary = fmt.Sprintf("%s cannot be installed with go install: its go.mod has replace or exclude directives", c.module())
	fl.Detail = "go install pkg@version refuses a module whose go.mod would build differently than it does as the main module. Its authors document another way to install it, or a release without those directives."
	fl.Fix = &finding.Fix{Summary: "Install a release of the tool whose go.mod has no replace directives, or build it from a clone of its repository as its README says."}
}

// unsetProxyWords says how to go back to the default GOPROXY from v, in a few words: "go env -u
// GOPROXY", or "unset GOPROXY where your shell or desktop sets it".
func unsetProxyWords(v goenv.Value) string {
	switch v.Source {
	case goenv.FromEnvironment:
		return fmt.Sprintf("unset %s where your shell or desktop sets it", v.Name)
	case goenv.FromGOROOTFile:
		return fmt.Sprintf("go env -w %s=%s (the Go distribution's %s sets it)", v.Name, DefaultGOPROXY, v.File)
	}
	return "go env -u " + v.Name
}

func (c *failureCtx) gobin() string {
	if c.res != nil {
		if v := host.NewEnv(c.res.Cmd.Env, c.f.Host.OS() == "windows").Get("GOBIN"); v != "" {
			return v
		}
	}
	return c.res.Cmd.Dir
}

// goproxyOff explains GOPROXY=off. go install pkg@version needs more than the version's files:
// it also reads the module's newest go.mod for a deprecation notice and for retractions, so even a
// version already in the module cache fails ("loading deprecation for M: module lookup disabled
// by GOPROXY=off"). The module cache's download directory is itself a module proxy, which the go
// command can read without the network.
func (c *failureCtx) goproxyOff(fl *Failure) {
	v := c.f.Value("GOPROXY")
	cache := c.f.GoVar("GOMODCACHE")
	lookup := c.o.said(gocmd.DeprecationLookup)
	fix := &finding.Fix{Docs: advice.DocsModules}
	if lookup != "" && cache != "" {
		fl.Summary = fmt.Sprintf("GOPROXY=off keeps go install from checking %s for deprecation and retractions", c.module())
		fl.Detail = fmt.Sprintf("%s. %s@%s is in the module cache, but go install also reads the module's newest go.mod, which GOPROXY=off forbids: %s.",
			advice.Where(v), c.module(), c.version, said(lookup))
		local := fileURL(filepath.Join(cache, "cache", "download"))
		fix.Summary = fmt.Sprintf("Install from the module cache without the network: its download directory serves as a module proxy (GOSUMDB=off, as the modules there were verified when they were downloaded). Or allow downloads for this install: %s. To allow them for good: %s.",
			c.oneShot("GOPROXY", DefaultGOPROXY), unsetProxyWords(v))
		fix.Commands = []string{OneShot(c.f.Shell().Name, "GOPROXY", local, OneShot(c.f.Shell().Name, "GOSUMDB", "off", c.again()))}
		fl.Fix = fix
		return
	}
	fl.Summary = fmt.Sprintf("GOPROXY=off forbids downloading %s, and the module cache does not have it", c.module())
	fl.Detail = fmt.Sprintf("%s: the go command may only use modules already in the module cache (%s), and %s@%s is not there, so it cannot resolve or build it.",
		advice.Where(v), cache, c.module(), c.version)
	fix.Summary = fmt.Sprintf("Allow downloads for this install only (GOPROXY stays off for everything else). To allow them for good, remove the setting: %s.", unsetProxyWords(v))
	fix.Commands = []string{c.oneShot("GOPROXY", DefaultGOPROXY)}
	fl.Fix = fix
}

// fileURL is the file:// URL of an absolute path, as GOPROXY takes it.
func fileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:///C:/...
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func (c *failureCtx) timeout(fl *Failure) {
	fl.Summary = fmt.Sprintf("go %s did not finish within %s and was stopped", strings.Join(c.res.Cmd.Args, " "), c.res.Cmd.Timeout)
	last := ""
	if n := len(c.o.lines); n > 0 {
		last = strings.TrimSpace(c.o.lines[n-1])
	}
	switch {
	case last == "":
		fl.Detail = "The go command printed nothing before it was stopped: it was most likely waiting for the module proxy or the network."
	case gocmd.Parse(last).Has(gocmd.Downloading):
		fl.Detail = fmt.Sprintf("It was still downloading (%s): the module proxy or the network is slow or does not answer.", said(last))
	default:
		fl.Detail = fmt.Sprintf("Its last line was %s.", said(last))
	}
	fl.Fix = &finding.Fix{Summary: "Check that the module proxy answers, then try again.", Commands: []string{"gomedic check --layer net", c.again()}}
}

func (c *failureCtx) toolchain(fl *Failure) {
	need := ""
	if m, ok := c.o.causes.Find(gocmd.TooNew, gocmd.ToolchainSwitch); ok {
		need = m.GoVersion
	}
	why := strings.TrimSpace(c.msg.Line)
	goVer := strings.TrimPrefix(goenv.Normalize(c.f.GoVar("GOVERSION")), "go")
	if need != "" {
		fl.Summary = fmt.Sprintf("%s needs go %s, and the go command could not get that toolchain", c.spec(), need)
	} else {
		fl.Summary = "the go command could not get the Go toolchain GOTOOLCHAIN asks for"
	}
	detail := fmt.Sprintf("With %s the go command downloads the Go release a module needs (the module golang.org/toolchain, through GOPROXY), and that failed: %s.", c.where("GOTOOLCHAIN"), said(why))
	fix := &finding.Fix{Docs: advice.DocsToolchain}
	switch {
	case strings.Contains(why, "no releases found"):
		detail += fmt.Sprintf(" No Go release %s or newer is published: this version of the tool was written for a Go that does not exist yet.", need)
		fix.Summary = "Install an earlier version of the tool, one that supports go " + goVer + "."
		fix.Commands = []string{"go list -m -versions " + c.module()}
	case strings.Contains(why, "no such file") || strings.Contains(why, "404") || strings.Contains(why, "410") || strings.Contains(why, "not available"):
		detail += fmt.Sprintf(" GOPROXY (%s) does not serve Go toolchains.", c.f.GoVar("GOPROXY"))
		fix.Summary = fmt.Sprintf("Install go %s yourself from https://go.dev/dl/ (or with go install golang.org/dl/%s@latest), or let the go command fetch it from the default proxy for this install.", need, ToolchainFor(need))
		if need != "" {
			fix.Commands = []string{c.oneShot("GOPROXY", DefaultGOPROXY)}
		}
	default:
		fix.Summary = fmt.Sprintf("Fix what kept the download from working (see its error above), or install go %s yourself from https://go.dev/dl/.", need)
		fix.Commands = []string{"gomedic check --layer net"}
	}
	fl.Detail, fl.Fix = detail, fix
}

func (c *failureCtx) proxyConnect(fl *Failure) {
	pe := c.f.ProxyEnv()
	v := pe.HTTPS
	if u, err := url.Parse(c.url()); err == nil && u.Scheme == "http" {
		v = pe.HTTP
	}
	name := v.Name
	if name == "" {
		name = "HTTPS_PROXY"
	}
	fl.Summary = fmt.Sprintf("the HTTP proxy %s (%s) did not let the go command through", redact.List(v.Value), name)
	fl.Detail = fmt.Sprintf("The go command sends its requests through %s=%s, and the proxy failed: %s.", name, redact.List(v.Value), said(strings.TrimSpace(c.msg.Line)))
	commands := c.f.Shell().Unset(name)
	fl.Fix = &finding.Fix{
		Summary:  fmt.Sprintf("Correct %s (or start the proxy it names); if this network needs no proxy, unset it. gomedic check --layer net tests the proxy.", name),
		Commands: append(commands, "gomedic check --layer net"),
		Actions:  []finding.Action{{Kind: finding.EnvUnset, Key: name, File: c.f.Shell().RCPath}},
	}
}

func (c *failureCtx) network(fl *Failure) {
	server, setting, proxy := c.server()
	named := ""
	if setting != "" {
		named = " (" + setting + ")"
	}
	line := said(c.o.said(networkKinds...))
	switch fl.Cause {
	case gocmd.ReasonDNS:
		fl.Summary = fmt.Sprintf("the name of %s cannot be looked up (DNS)", server)
		fl.Detail = fmt.Sprintf("The go command could not find the address of %s%s: %s. The name is misspelt, or this machine's DNS does not answer for it.", server, named, line)
	case gocmd.ReasonTLS:
		fl.Summary = fmt.Sprintf("the certificate of %s is not trusted", server)
		fl.Detail = fmt.Sprintf("The TLS connection to %s%s failed: %s. A proxy that inspects TLS (common on corporate networks) presents its own certificate, which this machine does not trust.", server, named, line)
	case gocmd.ReasonConnectionRefused:
		fl.Summary = fmt.Sprintf("%s refused the connection", server)
		fl.Detail = fmt.Sprintf("Nothing listens at the address of %s%s: %s.", server, named, line)
	default:
		fl.Summary = fmt.Sprintf("%s cannot be reached", server)
		fl.Detail = fmt.Sprintf("The go command got no answer from %s%s: %s.", server, named, line)
	}
	fix := &finding.Fix{Summary: "Check the network and the proxy settings, then try again.", Commands: []string{"gomedic check --layer net", c.again()}}
	if fl.Cause == gocmd.ReasonTLS {
		fix.Summary = "Add the proxy's CA certificate to the system's trust store (or point SSL_CERT_FILE at a bundle that holds it), then try again."
	}
	if v := c.f.Value("GOPROXY"); proxy && userSet(v) && v.Value != DefaultGOPROXY {
		fix.Summary = fmt.Sprintf("%s If %s is not meant to be used any more, go back to the default proxy: %s.", fix.Summary, redact.List(v.Value), unsetProxyWords(v))
	}
	fl.Fix = fix
}

func (c *failureCtx) httpStatus(fl *Failure) {
	server, setting, _ := c.server()
	status := "403 Forbidden"
	switch fl.Cause {
	case gocmd.ReasonHTTP404:
		status = "404 Not Found"
	case gocmd.ReasonHTTP410:
		status = "410 Gone"
	}
	if strings.HasPrefix(c.url(), "file:") {
		status = "no such file"
	}
	line := said(strings.TrimSpace(c.msg.Line))
	switch fl.Cause {
	case gocmd.ReasonHTTP403:
		fl.Summary = fmt.Sprintf("%s refused access to %s (403 Forbidden)", server, c.module())
		fl.Detail = fmt.Sprintf("%s (%s) answered %s. It needs credentials this machine does not send (GOAUTH, .netrc), or it does not serve this module to you.", capital(server), setting, line)
	default:
		fl.Summary = fmt.Sprintf("%s does not have %s (%s)", server, c.module(), status)
		fl.Detail = fmt.Sprintf("%s (%s) answered %s. The module path is misspelt, the module is private, or this proxy does not mirror it.", capital(server), setting, line)
	}
	if c.t.Tool == nil {
		pattern := c.module()
		if cur := c.f.GoVar("GOPRIVATE"); cur != "" {
			pattern = cur + "," + pattern
		}
		fl.Fix = advice.Set(c.f, "GOPRIVATE", pattern, fmt.Sprintf(" if %s is private: the go command then fetches it from its repository, with your git credentials, instead of asking the proxy", c.module()))
		fl.Fix.Docs = advice.DocsPrivate
		return
	}
	fl.Fix = &finding.Fix{
		Summary:  fmt.Sprintf("%s is public, but this proxy (%s) does not serve it to you: ask whoever runs it, or use the default proxy for this install.", c.module(), c.where("GOPROXY")),
		Commands: []string{c.oneShot("GOPROXY", DefaultGOPROXY)},
		Docs:     advice.DocsGoProxy,
	}
}

func (c *failureCtx) unknownVersion(fl *Failure) {
	server, setting, _ := c.server()
	if setting != "" {
		setting = " (" + setting + ")"
	}
	fl.Summary = fmt.Sprintf("%s has no version %s", c.module(), c.version)
	fl.Detail = fmt.Sprintf("%s%s does not know version %s of %s: %s. The version is misspelt, not published yet, or (for a file:// or private proxy) not mirrored.",
		capital(server), setting, c.version, c.module(), said(c.o.firstError()))
	fl.Fix = &finding.Fix{
		Summary:  "List the versions GOPROXY has, then install one of them (or the newest).",
		Commands: []string{"go list -m -versions " + c.module(), "gomedic tools install " + c.t.Arg() + "@latest"},
		Docs:     advice.DocsGoProxy,
	}
}

func (c *failureCtx) needsNewerGo(fl *Failure) {
	m := c.msg
	what, need, running, gotoolchain := m.What, m.GoVersion, m.Running, m.Toolchain
	if m.Module != "" {
		what = m.ModuleVersion()
	}
	if gotoolchain == "" {
		gotoolchain = c.f.GoVar("GOTOOLCHAIN")
	}
	toolchain := ToolchainFor(need)
	fl.Summary = fmt.Sprintf("%s needs go %s; the go on PATH is go %s and GOTOOLCHAIN=%s keeps it from switching", what, need, running, gotoolchain)
	fl.Detail = fmt.Sprintf("The go command builds a module only with a Go at least as new as its go line. With GOTOOLCHAIN=auto it would download %s and build with it; %s forbids that, so it stops: %s.",
		toolchain, c.where("GOTOOLCHAIN"), said(strings.TrimSpace(m.Line)))
	fix := advice.Set(c.f, "GOTOOLCHAIN", "auto", " so that the go command downloads the Go release a module needs")
	fix.Summary += fmt.Sprintf(" Or, for this install only: %s. Or install an earlier version of the tool that supports go %s.", c.oneShot("GOTOOLCHAIN", toolchain), running)
	fix.Docs = advice.DocsToolchain
	fl.Fix = fix
}

// ToolchainFor is the toolchain name GOTOOLCHAIN takes for a go line: "1.99" -> "go1.99.0" (from
// Go 1.21 on, a language version is not a release), "1.22.3" -> "go1.22.3", "1.20" -> "go1.20".
func ToolchainFor(goLine string) string {
	v := goenv.Normalize(goLine)
	if v == "" {
		return "go" + goLine
	}
	if v == goenv.Lang(v) && goenv.Minor(v) >= 21 {
		v += ".0"
	}
	return v
}

// cacheDir explains a GOCACHE or GOMODCACHE the go command cannot use.
func (c *failureCtx) cacheDir(fl *Failure, name, what string) {
	v := c.f.Value(name)
	line := c.o.said(gocmd.BuildCache, gocmd.ModuleCache, gocmd.PermissionDenied)
	fl.Summary = fmt.Sprintf("the go command cannot use its %s (%s=%s)", what, name, v.Value)
	fl.Detail = fmt.Sprintf("%s: %s. Nothing can be built without it.", advice.Where(v), said(line))
	switch {
	case userSet(v):
		fl.Fix = advice.Unset(c.f, v, " so that the go command uses its default "+what+" directory, or set it to a directory you can write")
	case c.o.causes.Has(gocmd.PermissionDenied) || strings.Contains(line, "not a directory"):
		fl.Fix = &finding.Fix{Summary: fmt.Sprintf("Make %s a directory you can write: remove or rename what is in its way, or give it back to your user (it may have been created with sudo).", v.Value)}
		if c.f.Host.OS() != "windows" && v.Value != "" {
			fl.Fix.Commands = []string{"sudo chown -R \"$(id -un)\" " + shell.Quote(v.Value)}
		}
	default:
		fl.Fix = advice.Set(c.f, name, filepath.Join(c.f.Host.HomeDir(), ".cache", "go-build"), " (an absolute directory you can write)")
		if name == "GOMODCACHE" {
			fl.Fix = advice.Set(c.f, name, filepath.Join(c.f.Host.HomeDir(), "go", "pkg", "mod"), " (an absolute directory you can write)")
		}
	}
}

func (c *failureCtx) permission(fl *Failure) {
	m := c.msg
	p := strings.TrimSuffix(m.Path, ":")
	under := func(dir string) bool {
		if dir == "" {
			return false
		}
		rel, err := filepath.Rel(dir, p)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	if cache := c.f.GoVar("GOCACHE"); under(cache) {
		fl.Cause = gocmd.ReasonBuildCache
		c.cacheDir(fl, "GOCACHE", "build cache")
		return
	}
	owner := "that directory"
	switch {
	case under(c.f.GoVar("GOMODCACHE")):
		owner = "the module cache " + c.f.GoVar("GOMODCACHE") + " (GOMODCACHE)"
		p = c.f.GoVar("GOMODCACHE")
	case under(c.gobin()):
		owner = "gomedic's tool store " + c.gobin()
		p = c.gobin()
	}
	fl.Summary = fmt.Sprintf("the go command cannot write %s: %s", strings.TrimSuffix(m.Path, ":"), m.Err)
	fl.Detail = fmt.Sprintf("The go command could not write to %s: %s. It belongs to another user (often root, after a command run with sudo) or is on a read-only file system.", owner, said(strings.TrimSpace(m.Line)))
	fl.Fix = &finding.Fix{Summary: fmt.Sprintf("Give %s back to your user, then try again.", p)}
	if c.f.Host.OS() != "windows" {
		fl.Fix.Commands = []string{"sudo chown -R \"$(id -un)\" " + shell.Quote(p), c.again()}
	}
}

func (c *failureCtx) noCC(fl *Failure) {
	cc := "the C compiler"
	if c.msg.Value != "" {
		cc = c.msg.Value
	}
	line := strings.TrimSpace(c.msg.Line)
	fl.Summary = fmt.Sprintf("cgo is on and its C compiler (%s) is missing", cc)
	fl.Detail = fmt.Sprintf("With cgo on, the go command runs a C compiler for every package that uses C (and for the runtime's cgo support), and it cannot run %s: %s.", cc, said(line))
	ccVal, cgoVal := c.f.Value("CC"), c.f.Value("CGO_ENABLED")
	switch {
	case userSet(ccVal) && strings.Fields(ccVal.Value) != nil && strings.Fields(ccVal.Value)[0] == cc:
		fl.Fix = advice.Unset(c.f, ccVal, fmt.Sprintf(": it names a compiler that is not installed (%s)", cc))
	case userSet(cgoVal) && cgoVal.Value == "1":
		fl.Fix = &finding.Fix{
			Summary:  fmt.Sprintf("%s forces cgo on. Most tools build without it: install this one with cgo off, or install a C compiler (%s).", advice.Where(cgoVal), installCC(c.f.Host.OS())),
			Commands: []string{c.oneShot("CGO_ENABLED", "0")},
			Docs:     advice.DocsCgo,
		}
	default:
		fl.Fix = &finding.Fix{
			Summary:  fmt.Sprintf("Install a C compiler (%s), or install the tool with cgo off if it can do without.", installCC(c.f.Host.OS())),
			Commands: []string{c.oneShot("CGO_ENABLED", "0")},
			Docs:     advice.DocsCgo,
		}
	}
}

func installCC(goos string) string {
	switch goos {
	case "darwin":
		return "xcode-select --install"
	case "windows":
		return "a MinGW-w64 gcc, e.g. from https://www.msys2.org, on PATH"
	}
	return "gcc from your distribution: sudo apt-get install gcc, sudo dnf install gcc, ..."
}

// maxQuoted is how many compiler errors a compile error's detail quotes.
const maxQuoted = 5

func (c *failureCtx) compileError(fl *Failure) {
	var errs []string
	for _, m := range c.o.causes.All(gocmd.CompileError, gocmd.VetReport) {
		if len(errs) < maxQuoted {
			pos := m.Pos
			pos.File = c.shortPos(pos.File)
			errs = append(errs, pos.String()+": "+m.Err)
		}
	}
	goVer := c.f.GoVar("GOVERSION")
	if goVer == "" {
		goVer = "this Go"
	}
	fl.Summary = fmt.Sprintf("%s does not compile with %s", c.spec(), goVer)
	if len(errs) > 0 {
		fl.Summary += ": " + errs[0]
		fl.Detail = fmt.Sprintf("The compiler rejected the tool's code:\n\t%s", strings.Join(errs, "\n\t"))
	} else {
		fl.Detail = fmt.Sprintf("The build failed: %s.", said(c.o.firstError()))
	}
	if note := c.o.said(gocmd.ModuleRequiresGo); note != "" {
		fl.Detail += fmt.Sprintf("\n%s: the Go that built it is older than the module expects.", note)
	}
	fl.Fix = &finding.Fix{
		Summary:  fmt.Sprintf("This version of the tool does not build here: install another version (the versions GOPROXY has are listed by the command below), or report the error to its authors with the go command's output (go version: %s).", goVer),
		Commands: []string{"go list -m -versions " + c.module()},
	}
}

// shortPos writes a file of a compiler message the way the user can find it: relative to the
// module cache ("example.com/x@v1.0.0/main.go") when it is there, else absolute.
func (c *failureCtx) shortPos(file string) string {
	p := filepath.FromSlash(file)
	if !filepath.IsAbs(p) && c.res.Cmd.Dir != "" {
		p = filepath.Join(c.res.Cmd.Dir, p)
	}
	if cache := c.f.GoVar("GOMODCACHE"); cache != "" {
		if rel, err := filepath.Rel(cache, p); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return p
}
