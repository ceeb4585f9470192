package schema

import "fmt"

// What gopls does with option names that api-json does not list, mirrored from gopls's own
// setter (golang.org/x/tools/gopls/internal/settings, Options.setOne, v0.21.1 and v0.24.0). gopls
// keeps these names forever ("there is essentially no cost to providing a better error message
// indefinitely"), so the tables only grow.

// goplsRenamed is an option gopls no longer honours, with the one that replaced it ("" for none).
type goplsRenamed struct{ to string }

// message is gopls's own text: "this setting is deprecated, use \"analyses\" instead".
func (r goplsRenamed) message() string {
	if r.to == "" {
		return "this setting is deprecated"
	}
	return fmt.Sprintf("this setting is deprecated, use %q instead", r.to)
}

// goplsDeprecated are the names gopls answers with "this setting is deprecated" (and ignores,
// except codelens, which it still applies).
var goplsDeprecated = map[string]goplsRenamed{
	// renamed
	"experimentalDisabledAnalyses": {to: "analyses"},
	"disableDeepCompletion":        {to: "deepCompletion"},
	"disableFuzzyMatching":         {to: "fuzzyMatching"},
	"wantCompletionDocumentation":  {to: "completionDocumentation"},
	"wantUnimportedCompletions":    {to: "completeUnimported"},
	"fuzzyMatching":                {to: "matcher"},
	"caseSensitiveCompletion":      {to: "matcher"},
	"experimentalDiagnosticsDelay": {to: "diagnosticsDelay"},
	"codelens":                     {to: "codelenses"},
	// deprecated
	"allowImplicitNetworkAccess":     {},
	"memoryMode":                     {},
	"tempModFile":                    {},
	"experimentalWorkspaceModule":    {},
	"experimentalTemplateSupport":    {},
	"experimentalWatchedFileDelay":   {},
	"experimentalPackageCacheKey":    {},
	"allowModfileModifications":      {},
	"experimentalUseInvalidMetadata": {},
	"newDiff":                        {},
	"wantSuggestedFixes":             {},
	"noIncrementalSync":              {},
	"watchFileChanges":               {},
	"go-diff":                        {},
}

// goplsHidden are options gopls sets without listing them in api-json (internal and debugging
// options); allExperiments is a no-op gopls accepts because VS Code nightly sends it.
var goplsHidden = map[string]struct{}{
	"allExperiments":              {},
	"completeUnimported":          {},
	"completionDocumentation":     {},
	"deepCompletion":              {},
	"importsSource":               {},
	"includeReplaceInWorkspace":   {},
	"linkifyShowMessage":          {},
	"mcpTools":                    {},
	"pullDiagnostics":             {},
	"reportAnalysisProgressAfter": {},
	"showBugReports":              {},
	"subdirWatchPatterns":         {},
	"telemetryPrompt":             {},
	"verboseWorkDoneProgress":     {},
	"zeroConfig":                  {},
}

// goplsNotSettable are options api-json lists but gopls's setter rejects as unexpected.
var goplsNotSettable = map[string]string{
	"staticcheckProvided": `gopls derives it from "staticcheck"; set that instead`,
}
