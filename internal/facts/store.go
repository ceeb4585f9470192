package facts

import (
	"path/filepath"

	"github.com/gomedic/gomedic/internal/toolstore"
)

// Managed is what gomedic's version store says of a tool: the entry the tools directory's
// binary is (nil when the tool is not managed) and the versions a rollback can restore.
type Managed struct {
	Active   *toolstore.Entry
	Previous []*toolstore.Entry
}

// ManagedTool reads the store in DataHome for the tool name, once per run. A machine where
// gomedic never installed a tool has no store, and nothing is created to find that out.
func (f *Facts) ManagedTool(name string) *Managed {
	return f.managed.get(name, func() *Managed {
		gobin := f.InstallDir()
		if f.DataHome == "" || gobin == "" {
			return &Managed{}
		}
		if _, err := f.Host.Stat(filepath.Join(f.DataHome, "store", name)); err != nil {
			return &Managed{}
		}
		st, err := toolstore.Open(f.DataHome)
		if err != nil {
			return &Managed{}
		}
		m := &Managed{}
		m.Active, _ = st.Active(name, gobin)
		if m.Active != nil {
			m.Previous, _ = st.Previous(name, gobin)
		}
		return m
	})
}
