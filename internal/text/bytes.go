package text

import "fmt"

// Bytes writes a size in binary units the way GOMEMLIMIT and gopls's settings write them:
// "512MiB", "1.5GiB", "900B"; whole numbers without a fraction.
func Bytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, i := float64(n), 0
	for (v >= 1024 || v <= -1024) && i < len(units)-1 {
		v /= 1024
		i++
	}
	if v == float64(int64(v)) || v >= 100 || v <= -100 {
		return fmt.Sprintf("%.0f%s", v, units[i])
	}
	return fmt.Sprintf("%.1f%s", v, units[i])
}
