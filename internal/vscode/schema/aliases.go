package schema

import "encoding/json"

// formerKey is what became of a go.* key the extension no longer defines, or never did but users
// write anyway.
type formerKey struct {
	// to is the setting that does its job now, "" when none does.
	to string
	// why says what happened to it, as a clause: "was removed in v0.39.0: ...".
	why string
	// value converts the old value to the new setting's, when they differ; ok is false when the
	// old value has no equivalent.
	value func(old any) (json.RawMessage, bool)
}

// Why these entries: the extension's CHANGELOG and its settings documentation (docs/settings.md of
// 2020) for the removed ones; for the ones that never existed, what users write when they guess a
// name for a real setting.
var formerKeys = map[string]formerKey{
	// Replaced, with the extension's own rule for the old value (getCheckForToolsUpdatesConfig:
	// false meant "local").
	"go.useGoProxyToCheckForToolUpdates": {to: "go.toolsManagement.checkForUpdates",
		why: "was replaced by go.toolsManagement.checkForUpdates and later removed",
		value: func(old any) (json.RawMessage, bool) {
			switch old {
			case false:
				return json.RawMessage(`"local"`), true
			case true:
				return json.RawMessage(`"proxy"`), true
			}
			return nil, false
		}},
	"go.languageServerExperimentalFeatures": {why: "was removed in v0.39.0: gopls provides every language feature and its own settings (the \"gopls\" object) turn them off"},

	// Settings of the legacy tools that gopls replaced: deprecated in v0.39.0 and removed with the
	// legacy language features.
	"go.autocompleteUnimportedPackages":              {why: "was removed with the legacy completion tool; gopls completes unimported packages (its \"completeUnimported\" option)"},
	"go.useCodeSnippetsOnFunctionSuggest":            {why: "was removed with the legacy completion tool; set \"usePlaceholders\" in the \"gopls\" object instead"},
	"go.useCodeSnippetsOnFunctionSuggestWithoutType": {why: "was removed with the legacy completion tool; set \"usePlaceholders\" in the \"gopls\" object instead"},
	"go.gocodeAutoBuild":                             {why: "was removed with gocode, which the extension no longer runs"},
	"go.gocodeFlags":                                 {why: "was removed with gocode, which the extension no longer runs"},
	"go.gocodePackageLookupMode":                     {why: "was removed with gocode, which the extension no longer runs"},
	"go.docsTool":                                    {why: "was removed: gopls provides documentation on hover"},
	"go.gotoSymbol.includeImports":                   {why: "was removed with the legacy symbol provider; gopls provides symbols"},
	"go.gotoSymbol.includeGoroot":                    {why: "was removed with the legacy symbol provider; gopls provides symbols"},
	"go.gotoSymbol.ignoreFolders":                    {why: "was removed with the legacy symbol provider; gopls provides symbols (exclude folders with \"directoryFilters\" in the \"gopls\" object)"},
	"go.liveErrors":                                  {why: "was removed with gotype-live; gopls reports errors as you type"},
	"go.overwriteGoplsMiddleware":                    {why: "was removed"},

	// Never settings of the extension: names users guess for real ones.
	"go.goplsArgs":            {to: "go.languageServerFlags", why: "is not a setting: the flags gopls is started with are go.languageServerFlags"},
	"go.goplsFlags":           {to: "go.languageServerFlags", why: "is not a setting: the flags gopls is started with are go.languageServerFlags"},
	"go.languageServerArgs":   {to: "go.languageServerFlags", why: "is not a setting: the flags gopls is started with are go.languageServerFlags"},
	"go.goplsEnv":             {to: "go.toolsEnvVars", why: "is not a setting: the environment of gopls and the other tools is go.toolsEnvVars (gopls also reads \"build.env\" in the \"gopls\" object for the go commands it runs)"},
	"go.env":                  {to: "go.toolsEnvVars", why: "is not a setting: the environment of the tools is go.toolsEnvVars"},
	"go.envVars":              {to: "go.toolsEnvVars", why: "is not a setting: the environment of the tools is go.toolsEnvVars"},
	"go.useGopls":             {to: "go.useLanguageServer", why: "is not a setting: gopls is turned on and off with go.useLanguageServer"},
	"go.enableLanguageServer": {to: "go.useLanguageServer", why: "is not a setting: gopls is turned on and off with go.useLanguageServer"},
	"go.testArgs":             {to: "go.testFlags", why: "is not a setting: the flags of go test are go.testFlags"},
	"go.goplsPath":            {to: "go.alternateTools", why: "is not a setting: the gopls to run is the \"gopls\" entry of go.alternateTools", value: toolEntry("gopls")},
	"go.languageServerPath":   {to: "go.alternateTools", why: "is not a setting: the gopls to run is the \"gopls\" entry of go.alternateTools", value: toolEntry("gopls")},
	"go.delvePath":            {to: "go.alternateTools", why: "is not a setting: the dlv to run is the \"dlv\" entry of go.alternateTools", value: toolEntry("dlv")},
	"go.dlvPath":              {to: "go.alternateTools", why: "is not a setting: the dlv to run is the \"dlv\" entry of go.alternateTools", value: toolEntry("dlv")},
	"go.formatOnSave":         {why: "is not a setting: formatting on save is VS Code's editor.formatOnSave, set for Go in a \"[go]\" block"},
}

// toolEntry converts a path to the go.alternateTools object that names it for tool.
func toolEntry(tool string) func(any) (json.RawMessage, bool) {
	return func(old any) (json.RawMessage, bool) {
		s, ok := old.(string)
		if !ok {
			return nil, false
		}
		data, err := json.Marshal(map[string]string{tool: s})
		return data, err == nil
	}
}
