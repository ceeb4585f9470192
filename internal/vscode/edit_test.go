package vscode

import "testing"

func TestEdit(t *testing.T) {
	bom := "\xef\xbb\xbf"
	tests := []struct {
		name, in, pointer, value, want string
	}{
		{"replace keeps comments", "{\n  // c\n  \"a\": 1, // tail\n}\n", "/a", "2", "{\n  // c\n  \"a\": 2, // tail\n}\n"},
		{"add after last with trailing comma", "{\n  \"a\": 1,\n}\n", "/b", `"x"`, "{\n  \"a\": 1,\n  \"b\": \"x\",\n}\n"},
		{"add without trailing comma", "{\n\t\"a\": 1\n}\n", "/b", `true`, "{\n\t\"a\": 1,\n\t\"b\": true\n}\n"},
		{"crlf and bom", bom + "{\r\n  \"a\": 1,\r\n}\r\n", "/b", `2`, bom + "{\r\n  \"a\": 1,\r\n  \"b\": 2,\r\n}\r\n"},
		{"nested created", "{\n  \"a\": 1\n}\n", "/go.alternateTools/gopls", `"/x"`, "{\n  \"a\": 1,\n  \"go.alternateTools\": {\n      \"gopls\": \"/x\"\n  }\n}\n"},
		{"empty object", "{}", "/a", `1`, "{\n    \"a\": 1\n}"},
		{"remove", "{\n  \"a\": 1,\n  \"b\": 2,\n}\n", "/b", "", "{\n  \"a\": 1,\n}\n"},
		{"remove missing", "{\n  \"a\": 1\n}\n", "/x/y", "", "{\n  \"a\": 1\n}\n"},
		{"array element", "{\"c\": [{\"args\": []}]}", "/c/0/args", `["-v"]`, "{\"c\": [{\"args\": [\"-v\"]}]}"},
		{"duplicates: the last is the one in effect", "{\"a\": 1, \"a\": 2}", "/a", `3`, "{\"a\": 1, \"a\": 3}"},
		{"duplicates: all removed", "{\"a\": 1, \"b\": 0, \"a\": 2}", "/a", "", "{ \"b\": 0}"},
		{"escaped pointer", "{}", "/a~1b", `1`, "{\n    \"a/b\": 1\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Edit([]byte(tt.in), tt.pointer, tt.value)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Edit:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
