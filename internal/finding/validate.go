package finding

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Validate reports the first step of fx that `gomedic fix` could not apply as written: an action
// without the fields its kind needs, or an automatic fix without actions.
func (fx *Fix) Validate() error {
	if fx.Auto && len(fx.Actions) == 0 {
		return fmt.Errorf("fix %q is automatic but has no actions", fx.Summary)
	}
	for i, a := range fx.Actions {
		if err := a.Validate(); err != nil {
			return fmt.Errorf("action %d: %w", i, err)
		}
	}
	return nil
}

// Validate reports what a is missing for its kind to be applied: the variable of go_env_set,
// go_env_unset and env_unset; the absolute directory and start-up file of path_add; the start-up
// file of env_unset; the absolute path of mkdir and remove; the package of go_install; the file,
// JSON Pointer and JSON value of settings_edit; the program and directory of run; the pid, executable and start time of kill.
func (a Action) Validate() error {
	var missing []string
	need := func(ok bool, what string) {
		if !ok {
			missing = append(missing, what)
		}
	}
	switch a.Kind {
	case GoEnvSet, GoEnvUnset:
		need(a.Key != "", "key")
	case PathAdd:
		need(absPath(a.Path), "an absolute path")
		need(absPath(a.File), "an absolute start-up file")
	case EnvUnset:
		need(a.Key != "", "key")
		need(absPath(a.File), "an absolute start-up file")
	case Mkdir, Remove:
		need(absPath(a.Path), "an absolute path")
	case GoInstall:
		need(a.Package != "", "package")
	case SettingsEdit:
		need(absPath(a.File), "an absolute file")
		need(strings.HasPrefix(a.Key, "/"), "a JSON Pointer key")
		need(a.Value == "" || json.Valid([]byte(a.Value)), "a JSON value")
	case RunCommand:
		need(len(a.Argv) > 0 && a.Argv[0] != "", "argv")
		need(absPath(a.Dir), "an absolute directory")
	case Kill:
		need(a.Pid > 0, "a pid")
		need(absPath(a.Path), "the absolute path of the process's executable")
		_, err := time.Parse(time.RFC3339Nano, a.Started)
		need(err == nil, "the process's start time (RFC 3339)")
	default:
		return fmt.Errorf("unknown kind %q", a.Kind)
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s action %+v lacks %s", a.Kind, a, strings.Join(missing, ", "))
	}
	return nil
}

// absPath reports whether p is absolute on Unix (/...) or Windows (C:/..., C:\..., \\server\...),
// whichever machine the fix is for.
func absPath(p string) bool {
	switch {
	case strings.HasPrefix(p, "/"), strings.HasPrefix(p, `\\`):
		return true
	case len(p) >= 3 && p[1] == ':' && (p[2] == '/' || p[2] == '\\'):
		return true
	}
	return false
}
