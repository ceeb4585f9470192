package finding

// CheckInfo describes one check of the catalog as `gomedic checks` lists it and docs/checks.md
// documents it: what it looks at, what fails it, what it needs.
type CheckInfo struct {
	ID     string   `json:"id"`
	Layer  Layer    `json:"layer"`
	Looks  string   `json:"looks_at"`
	Fails  string   `json:"fails_when"`
	Needs  []string `json:"needs,omitempty"`
	Online bool     `json:"online,omitempty"`
	Deep   bool     `json:"deep,omitempty"`
}
