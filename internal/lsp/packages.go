package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"
)

// packagesCommand is gopls's command (v0.17.0 and later) that names the workspace packages with
// Go files in the directory of each file it is given, from the metadata of the views gopls loaded
// (it waits for their loads, then neither type-checks nor diagnoses).
const packagesCommand = "gopls.packages"

// commandLineArguments is the path the go command gives a package of files named on its command
// line rather than found in a package directory.
const commandLineArguments = "command-line-arguments"

// packagesArgs are the arguments of gopls.packages (command.PackagesArgs).
type packagesArgs struct {
	Files []string `json:"Files"`
}

// packagesResult is gopls's answer to gopls.packages (command.PackagesResult), with the fields the
// probe reads.
type packagesResult struct {
	Packages []struct {
		Path    string `json:"Path"`
		ForTest string `json:"ForTest"`
	} `json:"Packages"`
}

// heldPackage asks gopls, once the workspace loaded, which workspace package the directory of the
// file to open holds, when Config.OpenUnconstrained says that such a package holds the file itself
// and gopls offers the command; it returns the package named, "" when the question was not asked,
// not answered, or named none (the caller then opens the file and waits for its full diagnosis,
// which says whether a package holds it).
func (s *session) heldPackage(ctx context.Context, deadline time.Time) string {
	if !s.cfg.OpenUnconstrained || !contains(s.commands, packagesCommand) {
		return ""
	}
	s.tracef("→ workspace/executeCommand %s %s", packagesCommand, filepath.Base(s.cfg.Open))
	args, err := json.Marshal(packagesArgs{Files: []string{fileURI(s.cfg.Open)}})
	if err != nil {
		return ""
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	var raw json.RawMessage
	if err := s.conn.Call(ctx, "workspace/executeCommand", executeCommandParams{Command: packagesCommand, Arguments: []json.RawMessage{args}}, &raw); err != nil {
		s.tracef("← %s: %v", packagesCommand, err)
		return ""
	}
	pkg, err := heldBy(raw)
	switch {
	case err != nil:
		s.tracef("← %s: %v", packagesCommand, err)
	case pkg == "":
		s.tracef("← %s: no workspace package in its directory", packagesCommand)
	default:
		s.tracef("← %s: %s holds it: the file is not opened", packagesCommand, pkg)
	}
	return pkg
}

// heldBy is a package of a gopls.packages answer, as gopls names it: the first that is not a test
// variant ("example.com/m/p"), else the first test variant ("example.com/m/p [example.com/m/p.test]",
// for a directory of _test.go files alone); "" when it names none. A command-line-arguments
// package holds nothing: gopls loads one for a file no package holds, and still calls the file
// orphaned (cache.Snapshot.orphanedFileDiagnostics).
func heldBy(raw json.RawMessage) (string, error) {
	var res packagesResult
	if err := json.Unmarshal(raw, &res); err != nil {
		return "", fmt.Errorf("reading the answer: %w", err)
	}
	variant := ""
	for _, p := range res.Packages {
		switch {
		case p.Path == "" || p.Path == commandLineArguments:
		case p.ForTest == "":
			return p.Path, nil
		case variant == "":
			variant = fmt.Sprintf("%s [%s.test]", p.Path, p.ForTest)
		}
	}
	return variant, nil
}
