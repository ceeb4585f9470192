package host

import (
	"bytes"
	"os"
	"strconv"
)

// exitedUnreaped reports whether process pid has exited but not yet been waited for (a zombie):
// it ended on its own, even though Wait has not returned yet.
func exitedUnreaped(pid int) bool {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// pid (comm) state ...: comm may hold spaces and parentheses; the state follows the last ')'.
	i := bytes.LastIndexByte(data, ')')
	return i >= 0 && i+2 < len(data) && data[i+2] == 'Z'
}
