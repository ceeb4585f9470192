package text

import "fmt"

// CapList is list cut to its first n elements, followed by "... and N more" when it is longer.
func CapList(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	out := append([]string(nil), list[:n]...)
	return append(out, fmt.Sprintf("... and %d more", len(list)-n))
}
