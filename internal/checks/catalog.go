// Package checks assembles gomedic's catalog of checks from the layers' packages.
package checks

import (
	"github.com/gomedic/gomedic/internal/checks/editor"
	"github.com/gomedic/gomedic/internal/checks/env"
	"github.com/gomedic/gomedic/internal/checks/golang"
	"github.com/gomedic/gomedic/internal/checks/network"
	"github.com/gomedic/gomedic/internal/checks/tools"
	"github.com/gomedic/gomedic/internal/checks/workspace"
	"github.com/gomedic/gomedic/internal/doctor"
)

// Catalog returns every check gomedic knows, in layer order.
func Catalog() *doctor.Catalog {
	var all []*doctor.Check
	for _, layer := range [][]*doctor.Check{golang.Checks(), env.Checks(), network.Checks(), tools.Checks(), editor.Checks(), workspace.Checks()} {
		all = append(all, layer...)
	}
	return doctor.NewCatalog(all...)
}
