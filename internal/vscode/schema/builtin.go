package schema

//go:generate go run ./gen -o builtin_table.go

// Builtin is the settings table built into gomedic, generated from a real manifest of the Go
// extension (see builtin_table.go's header for its version). Use it when no installed extension's
// manifest can be read. The table is shared: do not modify it.
func Builtin() Table { return builtinTable }
