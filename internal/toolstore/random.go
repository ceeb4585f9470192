package toolstore

import (
	"crypto/rand"
	"encoding/hex"
)

// randomHex is 16 random hex digits, for temporary names.
func randomHex() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	return hex.EncodeToString(b[:])
}

// isHex reports whether s is what randomHex makes.
func isHex(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
