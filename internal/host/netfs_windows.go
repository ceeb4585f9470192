package host

import "strings"

// NetworkFS names the file system dir is on when it is a network share: "SMB" for a UNC path
// (\\server\share); "" otherwise (a mapped drive letter is not told apart here).
func NetworkFS(dir string) string {
	if strings.HasPrefix(dir, `\\`) && !strings.HasPrefix(dir, `\\?\`) && !strings.HasPrefix(dir, `\\.\`) {
		return "SMB"
	}
	return ""
}
