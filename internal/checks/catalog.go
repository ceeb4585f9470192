// Package checks assembles gomedic's catalog of checks from the layers' packages: one package per
// layer, each keeping its whole list of checks in one file named for it (golang/golang.go,
// env/env.go, network/network.go, tools/tools.go, editor/editor.go, workspace/workspace.go). A
// layer's package never imports another layer's; what two layers share lives below them (advice,
// facts, goenv, vscode). The packages are named for their layers, except golang (go is a keyword)
// and network (net would shadow the standard library's net, which its probes use); the ids of the
// workspace layer are shortened to ws.*.
package checks

import (
	"github.com/gomedic/gomedic/internal/checks/editor"
	"github.com/gomedic/gomedic/internal/checks/env"
	"github.com/gomedic/gomedic/internal/checks/golang"
	"github.com/gomedic/gomedic/internal/checks/network"
	"github.com/gomedic/gomedic/internal/checks/tools"
	"github.com/gomedic/gomedic/internal/checks/workspace"
	"github.com/gomedic/gomedic/internal/doctor"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/goenv"
)

// Catalog returns every check gomedic knows, in layer order.
func Catalog() *doctor.Catalog {
	var all []*doctor.Check
	for _, layer := range [][]*doctor.Check{golang.Checks(), env.Checks(), network.Checks(), tools.Checks(), editor.Checks(), workspace.Checks()} {
		all = append(all, layer...)
	}
	return doctor.NewCatalog(all...)
}

// Variables is the decision table of the go command's variables docs/checks.md ends with: what a
// bad value of each breaks, and which checks of the catalog read it.
func Variables() []finding.VariableInfo { return goenv.Variables }
