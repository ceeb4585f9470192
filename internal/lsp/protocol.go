package lsp

import (
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
)

// The few Language Server Protocol messages the probe sends and reads
// (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.17/specification/),
// with only the fields it uses.

// Message types of window/showMessage and window/logMessage.
const (
	MessageError   = 1
	MessageWarning = 2
	MessageInfo    = 3
	MessageLog     = 4
)

// Diagnostic severities.
const (
	SeverityError   = 1
	SeverityWarning = 2
)

type clientInfo struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

type workspaceFolder struct {
	URI  string `json:"uri"`
	Name string `json:"name"`
}

type dynamicRegistration struct {
	DynamicRegistration bool `json:"dynamicRegistration"`
}

type clientCapabilities struct {
	Workspace struct {
		Configuration          bool                `json:"configuration"`
		WorkspaceFolders       bool                `json:"workspaceFolders"`
		DidChangeConfiguration dynamicRegistration `json:"didChangeConfiguration"`
		DidChangeWatchedFiles  dynamicRegistration `json:"didChangeWatchedFiles"`
	} `json:"workspace"`
	Window struct {
		WorkDoneProgress bool `json:"workDoneProgress"`
	} `json:"window"`
	TextDocument struct {
		PublishDiagnostics struct {
			RelatedInformation bool `json:"relatedInformation"`
		} `json:"publishDiagnostics"`
	} `json:"textDocument"`
}

type initializeParams struct {
	ProcessID             *int               `json:"processId"`
	ClientInfo            clientInfo         `json:"clientInfo"`
	RootURI               string             `json:"rootUri"`
	Capabilities          clientCapabilities `json:"capabilities"`
	InitializationOptions json.RawMessage    `json:"initializationOptions,omitempty"`
	WorkspaceFolders      []workspaceFolder  `json:"workspaceFolders"`
}

type initializeResult struct {
	Capabilities struct {
		ExecuteCommandProvider *struct {
			Commands []string `json:"commands"`
		} `json:"executeCommandProvider"`
	} `json:"capabilities"`
	ServerInfo *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"serverInfo"`
}

// messageParams are the parameters of window/showMessage, window/logMessage and
// window/showMessageRequest.
type messageParams struct {
	Type    int    `json:"type"`
	Message string `json:"message"`
}

type progressParams struct {
	Token json.RawMessage `json:"token"` // an integer or a string
	Value struct {
		Kind    string `json:"kind"` // begin, report, end
		Title   string `json:"title"`
		Message string `json:"message"`
	} `json:"value"`
}

type diagnostic struct {
	Range struct {
		Start struct {
			Line      int `json:"line"`
			Character int `json:"character"`
		} `json:"start"`
	} `json:"range"`
	Severity int    `json:"severity"`
	Source   string `json:"source"`
	Message  string `json:"message"`
}

type publishDiagnosticsParams struct {
	URI         string       `json:"uri"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

type configurationParams struct {
	Items []struct {
		ScopeURI string `json:"scopeUri"`
		Section  string `json:"section"`
	} `json:"items"`
}

type executeCommandParams struct {
	Command   string            `json:"command"`
	Arguments []json.RawMessage `json:"arguments,omitempty"`
}

// WorkspaceStats is gopls's answer to its gopls.workspace_stats command: what each view (one
// per workspace folder, module or go.work it found) loaded.
type WorkspaceStats struct {
	Files struct {
		Total int `json:"Total"`
	} `json:"Files"`
	Views []ViewStats `json:"Views"`
}

// ViewStats is what one gopls view loaded.
type ViewStats struct {
	GoCommandVersion  string       `json:"GoCommandVersion"`
	AllPackages       PackageStats `json:"AllPackages"`
	WorkspacePackages PackageStats `json:"WorkspacePackages"`
	Diagnostics       int          `json:"Diagnostics"`
}

// PackageStats counts packages of a view.
type PackageStats struct {
	Packages        int `json:"Packages"`
	CompiledGoFiles int `json:"CompiledGoFiles"`
	Modules         int `json:"Modules"`
}

// fileURI is the file URI of an absolute path, as editors send it ("file:///home/a/x",
// "file:///C:/x" for a Windows path).
func fileURI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// uriPath is the path of a file URI, or the URI itself when it is not one.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return uri
	}
	p := u.Path
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' {
		p = p[1:]
	}
	return filepath.FromSlash(p)
}

type didOpenParams struct {
	TextDocument textDocumentItem `json:"textDocument"`
}

type textDocumentItem struct {
	URI        string `json:"uri"`
	LanguageID string `json:"languageId"`
	Version    int    `json:"version"`
	Text       string `json:"text"`
}
