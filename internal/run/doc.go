// Package run runs a Go program, its tests or a command the way an editor does (built in the
// package directory, with the environment the editor settings add, the input it would get) and
// gathers what the classifier (package run/classify) needs to say why it exited: the exit, the
// ends of its output, facts about its source, a trace of its failing system calls. The outcome is
// a result.Run document, which package report renders.
package run
