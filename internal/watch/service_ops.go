package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/result"
)

// Install writes and starts the service, and returns what it did in one line. Where the service
// manager refuses (none runs for this user, as in a container), it removes what it wrote and
// returns an error wrapping ErrNoServiceManager: nothing is left half-installed. Installing an
// installed service again rewrites it and starts it again.
func (s Service) Install(ctx context.Context) (string, error) {
	switch s.H.OS() {
	case "darwin":
		return s.installLaunchd(ctx)
	case "windows":
		return s.installTask(ctx)
	}
	return s.installSystemd(ctx)
}

// Uninstall stops the service and removes every file of it; uninstalling what is not installed
// is no error.
func (s Service) Uninstall(ctx context.Context) (string, error) {
	switch s.H.OS() {
	case "darwin":
		s.run(ctx, "launchctl", "bootout", "gui/"+s.uidString()+"/"+launchdLabel)
		return "removed " + s.File(), removeDef(s.File(), filepath.Dir(s.File())) // LaunchAgents, when empty
	case "windows":
		s.run(ctx, "schtasks", "/Delete", "/F", "/TN", ServiceName)
		return "removed the scheduled task " + ServiceName, nil
	}
	file := s.File()
	s.run(ctx, "systemctl", "--user", "disable", "--now", ServiceName+".service")
	wants := filepath.Join(filepath.Dir(file), "default.target.wants", ServiceName+".service")
	if target, err := os.Readlink(wants); err == nil && target == file {
		_ = os.Remove(wants) // enabled while the manager was running, disabled while it was not
	}
	// The folders an install may have created go too, when nothing else is in them.
	if err := removeDef(file, filepath.Dir(wants), filepath.Dir(file), filepath.Dir(filepath.Dir(file))); err != nil {
		return "", err
	}
	s.run(ctx, "systemctl", "--user", "daemon-reload")
	return "removed " + file, nil
}

// Status says whether the service is installed and running.
func (s Service) Status(ctx context.Context) result.WatchService {
	st := result.WatchService{File: s.File()}
	switch s.H.OS() {
	case "darwin":
		st.Manager = "launchd"
		_, err := s.H.Stat(st.File)
		st.Installed = err == nil
		r := s.run(ctx, "launchctl", "print", "gui/"+s.uidString()+"/"+launchdLabel)
		st.Running = ok0(r) && strings.Contains(string(r.Stdout), "state = running")
	case "windows":
		st.Manager, st.File = "Task Scheduler", ServiceName
		r := s.run(ctx, "schtasks", "/Query", "/TN", ServiceName, "/FO", "LIST")
		st.Installed = ok0(r)
		st.Running = st.Installed && strings.Contains(string(r.Stdout), "Running")
	default:
		st.Manager = "systemd"
		_, err := s.H.Stat(st.File)
		st.Installed = err == nil
		r := s.run(ctx, "systemctl", "--user", "is-active", ServiceName+".service")
		st.Running = strings.TrimSpace(string(r.Stdout)) == "active"
		if !ok0(r) && noUserManager(r.Stderr) {
			st.Note = "no systemd user manager runs for this user (" + strings.TrimSpace(string(r.Stderr)) + ")"
		}
	}
	return st
}

// noUserManager recognises systemctl --user's failure to reach the user's manager: "Failed to
// connect to bus" (no D-Bus session: a container, a shell without a login session).
func noUserManager(stderr []byte) bool {
	return strings.Contains(string(stderr), "Failed to connect to bus") ||
		strings.Contains(string(stderr), "XDG_RUNTIME_DIR")
}

// installSystemd writes the unit, has the user manager read it and enables and starts it.
func (s Service) installSystemd(ctx context.Context) (string, error) {
	file := s.File()
	created, err := writeDef(file, s.SystemdUnit())
	if err != nil {
		_ = removeDef(file, created...)
		return "", err
	}
	undo := func(r string) (string, error) {
		s.run(ctx, "systemctl", "--user", "disable", ServiceName+".service")
		_ = removeDef(file, created...)
		err := errors.New(r)
		if strings.Contains(r, "Failed to connect to bus") || strings.Contains(r, "XDG_RUNTIME_DIR") {
			err = fmt.Errorf("%w (%s); nothing was installed: log in to a desktop or a session with a user "+
				"manager (loginctl enable-linger $USER), or run `gomedic watch` from your own start-up", ErrNoServiceManager, r)
		}
		return "", err
	}
	if r := s.run(ctx, "systemctl", "--user", "daemon-reload"); !ok0(r) {
		return undo(failed(r))
	}
	if r := s.run(ctx, "systemctl", "--user", "enable", "--now", ServiceName+".service"); !ok0(r) {
		return undo(failed(r))
	}
	return "installed and started " + file, nil
}

// installLaunchd writes the agent and bootstraps it into the user's GUI domain.
func (s Service) installLaunchd(ctx context.Context) (string, error) {
	file := s.File()
	created, err := writeDef(file, s.LaunchdPlist())
	if err != nil {
		_ = removeDef(file, created...)
		return "", err
	}
	domain := "gui/" + s.uidString()
	s.run(ctx, "launchctl", "bootout", domain+"/"+launchdLabel) // an earlier install: load the new plist
	if r := s.run(ctx, "launchctl", "bootstrap", domain, file); !ok0(r) {
		_ = removeDef(file, created...)
		return "", fmt.Errorf("%w (%s); nothing was installed", ErrNoServiceManager, failed(r))
	}
	return "installed and started " + file, nil
}

// installTask creates a scheduled task that runs at logon (replacing one of the same name).
func (s Service) installTask(ctx context.Context) (string, error) {
	words := append([]string{s.Exe}, s.Args...)
	for i, w := range words {
		words[i] = `"` + w + `"`
	}
	r := s.run(ctx, "schtasks", "/Create", "/F", "/TN", ServiceName, "/SC", "ONLOGON", "/RL", "LIMITED", "/TR", strings.Join(words, " "))
	if !ok0(r) {
		return "", fmt.Errorf("%w (%s); nothing was installed", ErrNoServiceManager, failed(r))
	}
	return "installed the scheduled task " + ServiceName, nil
}
