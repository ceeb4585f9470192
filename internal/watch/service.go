package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gomedic/gomedic/internal/atomicfile"
	"github.com/gomedic/gomedic/internal/host"
)

// ServiceName is the per-user service's name: the systemd unit gomedic-watch.service, the
// launchd label dev.gomedic.watch, the scheduled task gomedic-watch.
const (
	ServiceName  = "gomedic-watch"
	launchdLabel = "dev.gomedic.watch"
	serviceTime  = 15 * time.Second
)

// Service is the per-user service that runs `gomedic watch` at login on h.
type Service struct {
	H host.Host
	// Exe is the absolute path of the gomedic to run.
	Exe string
	// Args are the arguments of the watch it runs ("watch", "--interval", "30s").
	Args []string
	// UID is the user's id (launchctl's gui/UID domain).
	UID int
}

// ErrNoServiceManager wraps the failure of a service manager that does not run here (a
// container without a user systemd): nothing was left installed.
var ErrNoServiceManager = errors.New("the service manager is not running for this user")

// File is where the service's definition goes.
func (s Service) File() string {
	home := s.H.HomeDir()
	switch s.H.OS() {
	case "darwin":
		return filepath.Join(home, "Library", "LaunchAgents", launchdLabel+".plist")
	case "windows":
		return ""
	}
	cfg := s.H.Env().Get("XDG_CONFIG_HOME")
	if cfg == "" || !filepath.IsAbs(cfg) {
		cfg = filepath.Join(home, ".config")
	}
	return filepath.Join(cfg, "systemd", "user", ServiceName+".service")
}

// SystemdUnit is the text of the systemd user unit.
func (s Service) SystemdUnit() string {
	words := append([]string{s.Exe}, s.Args...)
	for i, w := range words {
		words[i] = systemdQuote(w)
	}
	return "[Unit]\n" +
		"Description=gomedic watch: gopls and dlv over time (crashes, memory, leftovers)\n" +
		"Documentation=https://github.com/gomedic/gomedic#gomedic-watch\n\n" +
		"[Service]\n" +
		"Type=simple\n" +
		"ExecStart=" + strings.Join(words, " ") + "\n" +
		"Restart=on-failure\n" +
		"RestartSec=30\n" +
		"Nice=10\n\n" +
		"[Install]\n" +
		"WantedBy=default.target\n"
}

// systemdQuote quotes a word of ExecStart= as systemd.syntax(7) reads it: double quotes, with
// backslash, quote and the specifier % and variable $ escaped.
func systemdQuote(w string) string {
	if w != "" && !strings.ContainsAny(w, " \t\"'\\%$;") {
		return w
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%", "%%", "$", "$$")
	return `"` + r.Replace(w) + `"`
}

// LaunchdPlist is the text of the launchd agent: run at load (login), kept alive when it fails.
func (s Service) LaunchdPlist() string {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
	b.WriteString("<plist version=\"1.0\">\n<dict>\n")
	fmt.Fprintf(&b, "\t<key>Label</key>\n\t<string>%s</string>\n", launchdLabel)
	b.WriteString("\t<key>ProgramArguments</key>\n\t<array>\n")
	for _, w := range append([]string{s.Exe}, s.Args...) {
		fmt.Fprintf(&b, "\t\t<string>%s</string>\n", xmlEscape(w))
	}
	b.WriteString("\t</array>\n\t<key>RunAtLoad</key>\n\t<true/>\n")
	b.WriteString("\t<key>KeepAlive</key>\n\t<dict>\n\t\t<key>SuccessfulExit</key>\n\t\t<false/>\n\t</dict>\n")
	b.WriteString("\t<key>ProcessType</key>\n\t<string>Background</string>\n</dict>\n</plist>\n")
	return b.String()
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// run runs a service manager's command with a timeout.
func (s Service) run(ctx context.Context, prog string, args ...string) *host.Result {
	return s.H.Run(ctx, host.Cmd{Path: prog, Args: args, Timeout: serviceTime, OutputLimit: 64 << 10})
}

// failed says why a command failed, in one line.
func failed(r *host.Result) string {
	msg := strings.TrimSpace(string(r.Stderr) + " " + string(r.Stdout))
	if r.Err != nil && msg == "" {
		msg = r.Err.Error()
	}
	return fmt.Sprintf("%s: %s", r.Cmd.String(), strings.TrimSpace(msg))
}

func ok0(r *host.Result) bool { return r.Err == nil && r.ExitCode == 0 }

// writeDef writes the service's definition atomically, creating its folder; it returns the
// folders it created, deepest first, for an install that must be undone.
func writeDef(file, text string) ([]string, error) {
	var created []string
	for dir := filepath.Dir(file); ; dir = filepath.Dir(dir) {
		if _, err := os.Lstat(dir); err == nil || dir == filepath.Dir(dir) {
			break
		}
		created = append(created, dir)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return created, fmt.Errorf("writing the service: %w", err)
	}
	if err := atomicfile.WriteFile(file, []byte(text), 0o644); err != nil {
		return created, fmt.Errorf("writing the service: %w", err)
	}
	return created, nil
}

// removeDef removes the service's definition and the (empty) folders an install created; a
// missing file is no error.
func removeDef(file string, created ...string) error {
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the service: %w", err)
	}
	for _, dir := range created {
		_ = os.Remove(dir) // only when empty
	}
	return nil
}

// uidString is the user's id for launchctl's domain.
func (s Service) uidString() string { return strconv.Itoa(s.UID) }
