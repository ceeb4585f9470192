// Package result holds, as plain data, the documents gomedic's commands produce besides the
// findings of `check` (package finding): what `run`, `tools` and `settings` (and `fix`, `report`
// and `watch`) found or did. A command fills one in; package report renders it as text, JSON or
// Markdown. It imports nothing of the project but package finding, so that a renderer needs no
// command and a command needs no renderer.
package result
