package host

import "bytes"

// ReadTail reads the last n bytes of the regular file name on h, from the start of the first
// whole line in them: the recent end of a log that may have grown past any limit a whole read
// could take. A file of n bytes or less is read whole.
func ReadTail(h Host, name string, n int64) ([]byte, error) {
	fh, err := h.Open(name)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	off := max(fh.Size()-n, 0)
	buf := make([]byte, fh.Size()-off)
	m, err := fh.ReadAt(buf, off)
	if m < len(buf) && err != nil {
		return nil, err
	}
	buf = buf[:m]
	if off > 0 {
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			buf = buf[i+1:]
		}
	}
	return buf, nil
}
