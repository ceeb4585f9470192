package toolstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gomedic/gomedic/internal/atomicfile"
)

// pinsFile holds every pin: {"pins": {"gopls": "v0.21.1"}}.
const pinsFile = "pins.json"

type pinsDoc struct {
	Pins map[string]string `json:"pins"`
}

// Pin returns the version tool is pinned to, "" when it is not pinned.
func (s *Store) Pin(tool string) (version string, err error) {
	if err := checkTool(tool); err != nil {
		return "", fmt.Errorf("reading the pin: %w", err)
	}
	pins, err := s.Pins()
	if err != nil {
		return "", err
	}
	return pins[tool], nil
}

// Pins returns every pin, tool to version (an empty map when there is none).
func (s *Store) Pins() (map[string]string, error) {
	name := filepath.Join(s.Home, pinsFile)
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the pins: %w", err)
	}
	var doc pinsDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading the pins in %s: %v (fix or remove the file)", name, err)
	}
	if doc.Pins == nil {
		doc.Pins = map[string]string{}
	}
	return doc.Pins, nil
}

// SetPin pins tool to version, or unpins it when version is "". pins.json is rewritten
// atomically under a lock of its own, so pins of different tools set at once are all kept.
func (s *Store) SetPin(tool, version string) error {
	if err := s.setPin(tool, version); err != nil {
		return fmt.Errorf("pinning %s: %w", tool, err)
	}
	return nil
}

func (s *Store) setPin(tool, version string) error {
	if err := checkTool(tool); err != nil {
		return err
	}
	if strings.TrimSpace(version) != version || strings.ContainsAny(version, "\n\r\t") {
		return fmt.Errorf("invalid version %q", version)
	}
	unlock, err := s.lock(pinsLock)
	if err != nil {
		return fmt.Errorf("locking the pins: %w", err)
	}
	defer unlock()
	removeTemps(s.Home) // what a killed SetPin left; only SetPin writes in Home, under this lock
	pins, err := s.Pins()
	if err != nil {
		return err
	}
	if pins[tool] == version {
		return nil
	}
	if version == "" {
		delete(pins, tool)
	} else {
		pins[tool] = version
	}
	data, err := json.MarshalIndent(pinsDoc{Pins: pins}, "", "\t")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(filepath.Join(s.Home, pinsFile), append(data, '\n'), 0o644)
}
