package vscode

import (
	"encoding/json"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/gomedic/gomedic/internal/host"
)

// The extension ids gomedic looks for.
const (
	// GoExtensionID is the Go extension, published by the Go team.
	GoExtensionID = "golang.go"
	// RetiredGoExtensionID is the Go extension's id before the Go team took it over from
	// Microsoft in 2020; the marketplace no longer serves it.
	RetiredGoExtensionID = "ms-vscode.go"
	// NightlyGoExtensionID is Go Nightly, retired in 2022 in favour of golang.go's pre-release
	// versions; it cannot run alongside golang.go.
	NightlyGoExtensionID = "golang.go-nightly"
)

// goExtensionIDs are the extensions scanExtensions reports.
var goExtensionIDs = []string{GoExtensionID, RetiredGoExtensionID, NightlyGoExtensionID}

// extensionFolder is how VS Code names an extension's folder (ExtensionKey in
// src/vs/platform/extensionManagement/common/extensionManagementUtil.ts): publisher.name, the
// version, and a target platform when the extension was installed for one ("universal",
// "linux-x64", "darwin-arm64", ...).
var extensionFolder = regexp.MustCompile(`^([^.]+\..+)-(\d+\.\d+\.\d+)(-(.+))?$`)

// maxManifest bounds the package.json read from an extension folder (golang.go's is 270 KB).
const maxManifest = 8 << 20

// scanExtensions lists the Go extensions installed in the extensions folder dir, as VS Code
// decides what is installed: folders named publisher.name-version[-platform], minus those its
// .obsolete file marks for removal, and, when the folder has an extensions.json (VS Code 1.74
// and later), only the folders it lists.
func scanExtensions(h host.Host, dir string, remote bool) []Extension {
	entries, err := h.ReadDir(dir)
	if err != nil {
		return nil
	}
	obsolete := readObsolete(h, dir)
	listed, haveList := readExtensionsList(h, dir)
	var out []Extension
	for _, de := range entries {
		name := de.Name()
		m := extensionFolder.FindStringSubmatch(name)
		if m == nil || obsolete[name] || obsolete[strings.ToLower(name)] {
			continue
		}
		id := strings.ToLower(m[1])
		if !containsString(goExtensionIDs, id) {
			continue
		}
		if haveList && !listed[strings.ToLower(name)] {
			continue // a leftover folder VS Code no longer loads
		}
		folder := filepath.Join(dir, name)
		if !isDir(h, folder) {
			continue
		}
		ext := Extension{ID: id, Version: m[2], Dir: folder, Manifest: filepath.Join(folder, "package.json"),
			TargetPlatform: m[4], Remote: remote}
		if v := manifestVersion(h, ext.Manifest); v != "" {
			ext.Version = v
		}
		ext.PreRelease = id == GoExtensionID && isPreRelease(ext.Version)
		out = append(out, ext)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].ID != out[j].ID {
			return out[i].ID < out[j].ID
		}
		return CompareVersions(out[i].Version, out[j].Version) > 0 // newest first: the one VS Code runs
	})
	return out
}

// readObsolete reads the .obsolete file of an extensions folder: the folder names VS Code has
// uninstalled or replaced and will delete.
func readObsolete(h host.Host, dir string) map[string]bool {
	out := map[string]bool{}
	doc, err := ReadJSONC(h, filepath.Join(dir, ".obsolete"))
	if err != nil {
		return out
	}
	var m map[string]bool
	if json.Unmarshal(doc.Standard(), &m) == nil {
		for k, v := range m {
			if v {
				out[k] = true
			}
		}
	}
	return out
}

// readExtensionsList reads the extensions.json of an extensions folder: the folders of the
// installed extensions (lower case). ok is false when there is no usable list.
func readExtensionsList(h host.Host, dir string) (folders map[string]bool, ok bool) {
	doc, err := ReadJSONC(h, filepath.Join(dir, "extensions.json"))
	if err != nil {
		return nil, false
	}
	var list []struct {
		RelativeLocation string `json:"relativeLocation"`
		Location         struct {
			Path   string `json:"path"`
			FSPath string `json:"fsPath"`
		} `json:"location"`
	}
	if json.Unmarshal(doc.Standard(), &list) != nil {
		return nil, false
	}
	folders = map[string]bool{}
	for _, e := range list {
		loc := e.RelativeLocation
		if loc == "" {
			loc = e.Location.Path
		}
		if loc == "" {
			loc = e.Location.FSPath
		}
		if loc != "" {
			folders[strings.ToLower(path.Base(strings.ReplaceAll(loc, `\`, "/")))] = true
		}
	}
	return folders, true
}

// manifestVersion is the version an extension's package.json declares, or "".
func manifestVersion(h host.Host, manifest string) string {
	data, err := h.ReadFile(manifest, maxManifest)
	if err != nil {
		return ""
	}
	var m struct {
		Version string `json:"version"`
	}
	if json.Unmarshal(data, &m) != nil {
		return ""
	}
	return m.Version
}

// isPreRelease reports whether a golang.go version is a pre-release build: an odd minor version
// or a -dev suffix (ExtensionInfo in the extension's src/config.ts).
func isPreRelease(version string) bool {
	v := "v" + version
	if !semver.IsValid(v) {
		return false
	}
	if strings.HasSuffix(version, "-dev") {
		return true
	}
	minor := strings.TrimPrefix(semver.MajorMinor(v), semver.Major(v)+".")
	return len(minor) > 0 && (minor[len(minor)-1]-'0')%2 == 1
}

// CompareVersions compares two extension versions ("0.46.1") as semantic versions; an invalid
// version sorts first.
func CompareVersions(a, b string) int {
	return semver.Compare("v"+a, "v"+b)
}

// GoExtension is the Go extension the editor runs: the newest golang.go installed locally, else
// on its remote server; nil when there is none.
func (e *Editor) GoExtension() *Extension {
	for _, remote := range []bool{false, true} {
		for i := range e.Extensions {
			if x := &e.Extensions[i]; x.ID == GoExtensionID && x.Remote == remote {
				return x
			}
		}
	}
	return nil
}
