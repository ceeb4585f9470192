package shellenv

import (
	"path/filepath"
	"regexp"
	"strings"
)

// Tracing a lookup tells which files the shell read beyond the documented start-up files: the
// files sourced by them, at any depth, and the directories globs were expanded in. The shell traces
// every command it runs, start-up files included, when it is started with -x (bash, zsh, sh, dash,
// ksh) or with fish_trace=1 in its environment (fish 3.1 and later); the trace goes to stderr.
//
//	bash, sh:  "+ . /etc/bash.bashrc", "++ source /home/a/.cargo/env" (words after expansion,
//	           quoted as the shell would: '/a b/c'), "+ for i in /etc/profile.d/*.sh"
//	zsh:       "+/home/a/.zshrc:12> source /home/a/.aliases" (PS4 %N:%i: the file running)
//	fish:      "> source /usr/share/fish/config.fish", "--> source /home/a/.config/fish/conf.d/x.fish"

// traceFlag are the shells gomedic traces with -x, and traceEnv the one it traces with a variable.
var (
	traceFlag = map[string]bool{"bash": true, "zsh": true, "sh": true, "dash": true, "ksh": true, "mksh": true}
	traceEnv  = map[string]string{"fish": "fish_trace=1"}
)

// Traceable reports whether gomedic can learn which files shell reads by tracing it.
func Traceable(shell string) bool {
	name := Name(shell)
	return traceFlag[name] || traceEnv[name] != ""
}

// traceLine is one line of a trace: its prefix (the depth marks, and for zsh the file running) and
// the command.
var traceLine = regexp.MustCompile(`^(?:\++(?:(\S*?):\d+> | )|-*> )(.*)$`)

// isTrace reports whether line is a trace line rather than something the start-up files printed.
func isTrace(line string) bool { return traceLine.MatchString(line) }

// untrace removes the trace lines from a traced shell's stderr, leaving what the start-up files
// printed there.
func untrace(stderr []byte) []byte {
	var keep []string
	for _, line := range strings.Split(string(stderr), "\n") {
		if !isTrace(line) {
			keep = append(keep, line)
		}
	}
	return []byte(strings.Join(keep, "\n"))
}

// tracedReads are the files and directories a trace shows the shell reading: the files it sourced
// and, for zsh, every file it ran a line of; the directories whose entries a glob in a for loop
// read. Relative paths are taken from dir, where the shell started.
func tracedReads(stderr []byte, dir, home string) (files, dirs []string) {
	seenF, seenD := map[string]bool{}, map[string]bool{}
	addFile := func(p string) {
		if p = absFrom(dir, p); p != "" && !seenF[p] {
			seenF[p] = true
			files = append(files, p)
		}
	}
	for _, line := range strings.Split(string(stderr), "\n") {
		m := traceLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if strings.HasPrefix(m[1], "/") {
			addFile(m[1])
		}
		words := shellWords(m[2])
		switch {
		case len(words) >= 2 && (words[0] == "." || words[0] == "source"):
			addFile(words[1])
		case len(words) >= 4 && words[0] == "for" && words[2] == "in":
			for _, w := range words[3:] {
				w = expandHome(w, home)
				if d := absFrom(dir, filepath.Dir(w)); strings.ContainsAny(w, "*?[") && d != "" && !seenD[d] {
					seenD[d] = true
					dirs = append(dirs, d)
				}
			}
		}
	}
	return files, dirs
}

// expandHome replaces the ways a word names the home directory ($HOME, ${HOME}, a leading ~) with
// home: bash traces a for loop's words as written, before expansion.
func expandHome(w, home string) string {
	if home == "" {
		return w
	}
	if rest, ok := strings.CutPrefix(w, "~/"); ok {
		return home + "/" + rest
	}
	return strings.NewReplacer("${HOME}", home, "$HOME", home).Replace(w)
}

// absFrom is p made absolute from dir, or "" when it cannot be (a name without a slash, which the
// shell may also have found on PATH, is taken from dir).
func absFrom(dir, p string) string {
	if p == "" || strings.ContainsAny(p, "$`") {
		return ""
	}
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, p)
}

// shellWords splits a traced command into words as the shell quoted them in its trace: spaces
// separate words, single quotes quote (a quote itself is written quote, backslash, quote, quote), a
// backslash escapes the next character.
func shellWords(s string) []string {
	var words []string
	var b strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			b.WriteByte(c)
		case c == '\'':
			quoted, inWord = true, true
		case c == '"':
			// A for loop's words are traced as written: double quotes are dropped, what they
			// hold is kept.
			inWord = true
		case c == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
			inWord = true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, b.String())
				b.Reset()
				inWord = false
			}
		default:
			b.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, b.String())
	}
	return words
}
