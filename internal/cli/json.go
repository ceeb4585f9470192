package cli

import (
	"encoding/json"
	"fmt"
)

// writeJSON writes v as indented JSON. Only gomedic run's document still goes through it (the
// tools and settings documents are written by package report); it goes when run's does.
func writeJSON(io *IO, v any) error {
	enc := json.NewEncoder(io.Out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing JSON: %w", err)}
	}
	return nil
}
