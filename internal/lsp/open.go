package lsp

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// openLimit bounds the file the session opens.
const openLimit = 4 << 20

// Opened is the file a session opened as the editor does when the user opens it, and what the
// server said about it.
type Opened struct {
	File string `json:"file"`
	// Published is set once the server published the file's diagnostics (gopls does, an empty
	// list included, once it has diagnosed an open file).
	Published bool `json:"published"`
	// Diagnostics are the file's diagnostics of every severity, as last published.
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
	// Err is why the file could not be opened or its diagnostics did not come.
	Err string `json:"err,omitempty"`
	// Package is the workspace package that held the file before it was opened, as gopls named it
	// when asked (gopls.packages, Config.OpenUnconstrained): the probe then did not open the file.
	// "" when it was not asked, or named none (the file was then opened).
	Package string `json:"package,omitempty"`
}

// orphanPrefixes begin gopls's diagnostics on an open file that no package of any view holds
// (gopls/internal/cache/snapshot.go, orphanedFileDiagnostics, v0.15 and later; and its older
// "No packages found"): the editor gives no language features in that file.
var orphanPrefixes = []string{
	"No packages found for open file",
	"This file is within module ",
	"This file may be excluded due to its build tags",
	"This file is ignored by your gopls build",
	"No active builds contain ",
	"current file is not included in a workspace module",
	"This file is in ", // "..., which is a nested module in the ... module" (before v0.15)
}

// Orphaned is gopls's diagnostic saying that no package holds the opened file, "" when there is
// none.
func (o *Opened) Orphaned() string {
	if o == nil {
		return ""
	}
	for _, d := range o.Diagnostics {
		for _, p := range orphanPrefixes {
			if strings.HasPrefix(d.Message, p) {
				return d.Message
			}
		}
	}
	return ""
}

// openFile sends textDocument/didOpen for cfg.Open, as the editor does when a Go file is shown, and
// waits for the server to diagnose it and finish the work that set off (gopls v0.15 and later
// load the module of the file then). It gives up, without failing the session, at the deadline.
// When a workspace package already holds the file (heldPackage), the file is not opened: opening
// it would load nothing more and could not end in a diagnostic saying that no package holds it,
// and gopls would diagnose it in full, which its shutdown then waits for.
func (s *session) openFile(ctx context.Context, deadline time.Time) {
	path := s.cfg.Open
	s.mu.Lock()
	s.r.Opened = &Opened{File: path}
	s.mu.Unlock()
	data, err := s.cfg.Host.ReadFile(path, openLimit)
	if err != nil {
		s.setOpenErr(fmt.Sprintf("reading %s: %v", path, err))
		return
	}
	if pkg := s.heldPackage(ctx, openDeadline(time.Now(), deadline)); pkg != "" {
		s.mu.Lock()
		s.r.Opened.Package = pkg
		s.mu.Unlock()
		return
	}
	s.tracef("→ textDocument/didOpen %s", filepath.Base(path))
	params := didOpenParams{TextDocument: textDocumentItem{URI: fileURI(path), LanguageID: "go", Version: 1, Text: string(data)}}
	if err := s.conn.Notify(ctx, "textDocument/didOpen", params); err != nil {
		s.setOpenErr(fmt.Sprintf("sending didOpen: %v", err))
		return
	}
	s.awaitOpened(ctx, openDeadline(time.Now(), deadline))
}

// openDeadline is when waiting for the opened file gives up: before the session's deadline by
// what asking the stats needs (a quarter of what is left, at most statsReserve), so that a slow
// diagnosis leaves the session its stats.
func openDeadline(now, deadline time.Time) time.Time {
	return deadline.Add(-min(deadline.Sub(now)/4, statsReserve))
}

// statsReserve is the most openDeadline keeps for the stats.
const statsReserve = 5 * time.Second

func (s *session) setOpenErr(msg string) {
	s.mu.Lock()
	s.r.Opened.Err = msg
	s.mu.Unlock()
}

// awaitOpened waits until the opened file's diagnostics are published, no work is under way and
// either gopls said its diagnosis of the opened file ended (openedTitle) or the server stayed
// quiet for settleTime.
func (s *session) awaitOpened(ctx context.Context, deadline time.Time) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		s.mu.Lock()
		done := s.r.Opened.Published && s.open == 0
		quiet := time.Since(s.lastEvent)
		if s.openDiagnosed {
			quiet = settleTime
		}
		s.mu.Unlock()
		if done && quiet >= settleTime {
			return
		}
		var settle <-chan time.Time
		if done {
			settle = time.After(settleTime - quiet)
		}
		select {
		case <-s.changed:
		case <-settle:
		case <-s.conn.DisconnectNotify():
			s.fail(PhaseOpen, jsonrpc2.ErrClosed)
			return
		case <-timer.C:
			s.setOpenErr(fmt.Sprintf("%s had not finished diagnosing it when the session's time (%s) ran out", s.name(), s.cfg.Timeout))
			return
		case <-ctx.Done():
			s.setOpenErr(ctx.Err().Error())
			return
		}
	}
}

// openedDiagnostics records the diagnostics of the opened file; the caller holds s.mu.
func (s *session) openedDiagnostics(file string, p publishDiagnosticsParams) bool {
	o := s.r.Opened
	if o == nil || !samePath(o.File, file) {
		return false
	}
	o.Published = true
	o.Diagnostics = o.Diagnostics[:0]
	for _, d := range p.Diagnostics {
		o.Diagnostics = append(o.Diagnostics, Diagnostic{File: file, Line: d.Range.Start.Line + 1,
			Severity: d.Severity, Source: d.Source, Message: strings.TrimSpace(d.Message)})
	}
	return true
}

// samePath compares two file paths as URIs carry them (a drive letter's case may differ).
func samePath(a, b string) bool {
	return filepath.Clean(a) == filepath.Clean(b) || strings.EqualFold(filepath.Clean(a), filepath.Clean(b)) && filepath.Separator == '\\'
}
