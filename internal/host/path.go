package host

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// ErrNotFound is wrapped by LookPath's error when no PATH entry holds the program.
var ErrNotFound = errors.New("executable file not found in PATH")

// ListSeparator is the PATH list separator of h's operating system.
func ListSeparator(h Host) string {
	if h.OS() == "windows" {
		return ";"
	}
	return ":"
}

// SplitList splits a PATH-like list the way h's operating system does. Empty entries are kept:
// on Unix they mean the current directory. On Windows, as in filepath.SplitList there, a
// separator between double quotes does not split ("C:\a;b";C:\c is two entries) and the quotes
// are removed.
func SplitList(h Host, list string) []string {
	if list == "" {
		return nil
	}
	if h.OS() != "windows" {
		return strings.Split(list, ListSeparator(h))
	}
	var parts []string
	start, quoted := 0, false
	for i := 0; i < len(list); i++ {
		switch list[i] {
		case '"':
			quoted = !quoted
		case ';':
			if !quoted {
				parts = append(parts, list[start:i])
				start = i + 1
			}
		}
	}
	parts = append(parts, list[start:])
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(p, `"`, "")
	}
	return parts
}

// Exts is the list of executable extensions of h's operating system, from PATHEXT on Windows
// (with its documented default) and empty elsewhere.
func Exts(h Host, pathext string) []string {
	if h.OS() != "windows" {
		return nil
	}
	if pathext == "" {
		pathext = ".COM;.EXE;.BAT;.CMD"
	}
	var exts []string
	for _, e := range strings.Split(strings.ToLower(pathext), ";") {
		if e == "" {
			continue
		}
		if e[0] != '.' {
			e = "." + e
		}
		exts = append(exts, e)
	}
	return exts
}

// Executable reports whether path names a file h would run: a regular file (after symlinks) with an
// execute bit on Unix, or with one of exts on Windows.
func Executable(h Host, path string, exts []string) bool {
	fi, err := h.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	if h.OS() == "windows" {
		ext := strings.ToLower(filepath.Ext(path))
		for _, e := range exts {
			if ext == e {
				return true
			}
		}
		return false
	}
	return fi.Mode().Perm()&0o111 != 0
}

// FindIn looks for the program name in dir: name itself, then on Windows name with each extension.
// It returns the path found, or "".
func FindIn(h Host, dir, name string, exts []string) string {
	if h.OS() == "windows" {
		if hasExt(name, exts) && Executable(h, filepath.Join(dir, name), exts) {
			return filepath.Join(dir, name)
		}
		for _, e := range exts {
			if p := filepath.Join(dir, name+e); Executable(h, p, exts) {
				return p
			}
		}
		return ""
	}
	if p := filepath.Join(dir, name); Executable(h, p, nil) {
		return p
	}
	return ""
}

func hasExt(name string, exts []string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range exts {
		if ext == e {
			return true
		}
	}
	return false
}

// LookPath finds the program name in the directories of pathList the way h's shell does: in order,
// the first executable match, with PATHEXT extensions on Windows. Entries that are empty or relative
// are skipped: a program found through them depends on the working directory, and the go command
// refuses them too.
func LookPath(h Host, name, pathList, pathext string) (string, error) {
	exts := Exts(h, pathext)
	for _, dir := range SplitList(h, pathList) {
		if dir == "" || !IsAbs(h, dir) {
			continue
		}
		if p := FindIn(h, dir, name, exts); p != "" {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: %w", name, ErrNotFound)
}

// isWindowsAbs reports whether dir is an absolute Windows path: C:\x, C:/x, or \\server\share.
func isWindowsAbs(dir string) bool {
	if strings.HasPrefix(dir, `\\`) || strings.HasPrefix(dir, "//") {
		return true
	}
	return len(dir) >= 3 && isDriveLetter(dir[0]) && dir[1] == ':' && (dir[2] == '\\' || dir[2] == '/')
}

func isDriveLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// IsAbs reports whether path is absolute on h's operating system, whatever the OS gomedic was
// built for (filepath.IsAbs only knows that one): on Windows a drive path or a UNC path, elsewhere
// a path starting with a slash.
func IsAbs(h Host, path string) bool {
	if h.OS() == "windows" {
		return isWindowsAbs(path)
	}
	return strings.HasPrefix(path, "/")
}

// IsNotExist reports whether err says a file does not exist.
func IsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// ExpandHome expands a leading ~, $HOME or ${HOME} in p to h's home directory, as a shell would;
// it returns "" when p has no such prefix or the home directory is unknown.
func ExpandHome(h Host, p string) string {
	home := h.HomeDir()
	if home == "" {
		return ""
	}
	for _, prefix := range []string{"~", "$HOME", "${HOME}"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok && (rest == "" || rest[0] == '/' || rest[0] == '\\') {
			return home + rest
		}
	}
	return ""
}
