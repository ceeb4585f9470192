// Package spell measures how far a misspelt name is from the right one.
package spell

import (
	"unicode"
	"unicode/utf8"
)

// MaxName is the longest name, in characters, that Within compares. Setting names, flag names
// and enum values are far shorter; a longer string is no misspelling of one, so it is not
// compared at all, however long it is.
const MaxName = 128

// Within is the Damerau-Levenshtein distance between a and b (optimal string alignment: one edit
// is an insertion, a deletion, a substitution or a swap of two neighbouring characters), ignoring
// case, when it is at most limit; ok is false when it is more, or when a or b is longer than
// MaxName characters. It reads at most MaxName+1 characters of each string and allocates nothing:
// names whose lengths differ by more than limit are not compared, and the comparison stops as
// soon as every alignment needs more than limit edits.
func Within(a, b string, limit int) (d int, ok bool) {
	var bufA, bufB [MaxName]rune
	ra, okA := lowerRunes(a, &bufA)
	rb, okB := lowerRunes(b, &bufB)
	if !okA || !okB || limit < 0 || abs(len(ra)-len(rb)) > limit {
		return 0, false
	}
	d = distance(ra, rb, limit)
	return d, d <= limit
}

// lowerRunes decodes s into buf in lower case; ok is false when s has more than len(buf) runes.
func lowerRunes(s string, buf *[MaxName]rune) ([]rune, bool) {
	n := 0
	for len(s) > 0 {
		if n == len(buf) {
			return nil, false
		}
		r, size := utf8.DecodeRuneInString(s)
		buf[n] = unicode.ToLower(r)
		n++
		s = s[size:]
	}
	return buf[:n], true
}

// distance is the optimal string alignment distance between a and b, or some value above limit
// once every alignment needs more than limit edits.
func distance(a, b []rune, limit int) int {
	var rows [3][MaxName + 1]int
	prev2, prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	prevMin := 0 // of row 0
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		curMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			curMin = min(curMin, cur[j])
		}
		// Every later row is at least min(this row, the row before + 1): no alignment can come
		// back under the limit.
		if min(curMin, prevMin+1) > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
		prevMin = curMin
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
