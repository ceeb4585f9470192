// Package report renders what gomedic's commands found: the findings of check (one Report model)
// and the documents of package result (tools, settings), one renderer per format (text, JSON,
// Markdown). Every string is redacted before any renderer sees it. It imports only the leaves
// finding, result and text: no command, check or fact.
package report

import (
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/redact"
)

// Schema is the version of the JSON report; docs/json.md documents it.
const Schema = "gomedic.report/v1"

// Report is what `gomedic check` found.
type Report struct {
	Schema     string            `json:"schema"`
	Gomedic    Gomedic           `json:"gomedic"`
	Host       Host              `json:"host"`
	Workspace  string            `json:"workspace"`
	Findings   []finding.Finding `json:"findings"`
	Summary    Summary           `json:"summary"`
	DurationMS int64             `json:"duration_ms"`
}

// Gomedic describes the program that made the report.
type Gomedic struct {
	Version   string `json:"version"`
	GoVersion string `json:"go_version"` // the Go release gomedic was built with
}

// Host describes the machine.
type Host struct {
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	Translated bool   `json:"translated,omitempty"`
	GoVersion  string `json:"go_version,omitempty"` // GOVERSION of the go on PATH, "" when it did not run
	GoBin      string `json:"go,omitempty"`
	Shell      string `json:"shell,omitempty"`
}

// Summary counts findings by status.
type Summary struct {
	OK    int `json:"ok"`
	Info  int `json:"info"`
	Warn  int `json:"warn"`
	Fail  int `json:"fail"`
	Skip  int `json:"skip"`
	Error int `json:"error"`
	// Blocked counts the skips caused by a failed prerequisite.
	Blocked int `json:"blocked"`
}

// New builds a report over findings, redacting every string in them.
func New(g Gomedic, h Host, workspace string, findings []finding.Finding, durationMS int64) *Report {
	r := &Report{Schema: Schema, Gomedic: g, Host: h, Workspace: redact.Text(workspace), DurationMS: durationMS}
	r.Host.GoBin = redact.Text(h.GoBin)
	r.Findings = make([]finding.Finding, len(findings))
	for i, f := range findings {
		r.Findings[i] = redactFinding(f)
		switch f.Status {
		case finding.OK:
			r.Summary.OK++
		case finding.Info:
			r.Summary.Info++
		case finding.Warn:
			r.Summary.Warn++
		case finding.Fail:
			r.Summary.Fail++
		case finding.Skip:
			r.Summary.Skip++
			if f.BlockedBy != "" {
				r.Summary.Blocked++
			}
		case finding.Error:
			r.Summary.Error++
		}
	}
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	return r
}

func redactFinding(f finding.Finding) finding.Finding {
	f.Title = redact.Text(f.Title)
	f.Detail = redact.Text(f.Detail)
	if len(f.Evidence) > 0 {
		ev := make([]finding.Evidence, len(f.Evidence))
		for i, e := range f.Evidence {
			e.Command = redact.Text(e.Command)
			e.Output = redact.Text(e.Output)
			e.File = redact.Text(e.File)
			ev[i] = e
		}
		f.Evidence = ev
	}
	f.Fix = redactFix(f.Fix)
	return f
}

// redactFix is a copy of fix with every string redacted (nil stays nil).
func redactFix(fix *finding.Fix) *finding.Fix {
	if fix == nil {
		return nil
	}
	out := *fix
	out.Summary = redact.Text(fix.Summary)
	out.Commands = redactAll(fix.Commands)
	out.Docs = redact.Text(fix.Docs)
	if len(fix.Actions) > 0 {
		out.Actions = make([]finding.Action, len(fix.Actions))
		for i, a := range fix.Actions {
			a.Kind = finding.ActionKind(redact.Text(string(a.Kind)))
			a.Key = redact.Text(a.Key)
			a.Value = redact.Text(a.Value)
			a.Path = redact.Text(a.Path)
			a.File = redact.Text(a.File)
			a.Package = redact.Text(a.Package)
			a.Version = redact.Text(a.Version)
			a.Argv = redactAll(a.Argv)
			a.Dir = redact.Text(a.Dir)
			a.Started = redact.Text(a.Started)
			out.Actions[i] = a
		}
	}
	return &out
}

func redactAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = redact.Text(s)
	}
	return out
}
