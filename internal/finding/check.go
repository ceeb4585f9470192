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

// VariableInfo is one row of the decision table of the go command's variables that
// docs/checks.md ends with: what a bad value breaks, and the checks that read it ("" for none).
type VariableInfo struct {
	Name   string `json:"name"`
	Effect string `json:"bad_value"`
	Checks string `json:"read_by,omitempty"`
}
