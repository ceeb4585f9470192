package binfo

import (
	"bytes"
	"strings"
	"testing"
)

func TestInterpreter(t *testing.T) {
	long := "#!/" + strings.Repeat("a", 1000) + "\n"
	tests := []struct {
		name, file, want string
	}{
		{"sh", "#!/bin/sh\necho\n", "/bin/sh"},
		{"sh with option", "#!/bin/sh -e\n", "/bin/sh"},
		{"space after #!", "#! /bin/bash -eu\n", "/bin/bash"},
		{"tabs", "#!\t/bin/zsh\tx\n", "/bin/zsh"},
		{"CRLF", "#!/bin/sh\r\necho\r\n", "/bin/sh"},
		{"no newline", "#!/bin/sh", "/bin/sh"},
		{"NUL ends line", "#!/bin/sh\x00/bin/bash\n", "/bin/sh"},
		{"env", "#!/usr/bin/env python3\n", "python3"},
		{"env elsewhere", "#!/bin/env node\n", "node"},
		{"env -S", "#!/usr/bin/env -S deno run --allow-net\n", "deno"},
		{"env -Scmd", "#!/usr/bin/env -Sdeno run\n", "deno"},
		{"env with options and assignments", "#!/usr/bin/env -i -u HOME LANG=C perl -w\n", "perl"},
		{"env alone", "#!/usr/bin/env\n", "/usr/bin/env"},
		{"env only options", "#!/usr/bin/env -i\n", "/usr/bin/env"},
		{"not env", "#!/usr/bin/envy python3\n", "/usr/bin/envy"},
		{"empty", "#!\n", ""},
		{"blank", "#!   \n", ""},
		{"non-UTF-8", "#!/opt/\xff/sh\n", "/opt/\xff/sh"},
		{"long line", long, long[2 : headSize-0]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, err := ReadFrom(strings.NewReader(tt.file), int64(len(tt.file)), "script")
			if err != nil {
				t.Fatal(err)
			}
			if info.Format != FormatScript || info.Interpreter != tt.want || info.Targets != nil {
				t.Errorf("got %s %q %v, want script %q", info.Format, info.Interpreter, info.Targets, tt.want)
			}
		})
	}
}

func TestInterpreterNotScript(t *testing.T) {
	for _, head := range [][]byte{nil, []byte("#"), []byte("# !/bin/sh"), bytes.Repeat([]byte{0}, 10)} {
		if got := interpreter(head); got != "" {
			t.Errorf("interpreter(%q) = %q, want empty", head, got)
		}
	}
}
