package binfo

import "testing"

func TestTarget(t *testing.T) {
	tests := []struct {
		target          Target
		goos, goarch    string
		native, emulate bool
	}{
		{Target{"linux", "amd64"}, "linux", "amd64", true, false},
		{Target{"linux", "arm64"}, "linux", "arm64", true, false},
		{Target{"linux", "arm64"}, "linux", "amd64", false, false},
		{Target{"linux", "amd64"}, "linux", "arm64", false, false}, // no qemu-user assumed
		{Target{"linux", "386"}, "linux", "amd64", true, false},
		{Target{"linux", "amd64"}, "linux", "386", false, false},
		{Target{"linux", "arm"}, "linux", "arm64", false, false},
		{Target{"linux", "amd64"}, "darwin", "amd64", false, false},
		{Target{"freebsd", "amd64"}, "linux", "amd64", false, false},
		{Target{"darwin", "arm64"}, "darwin", "arm64", true, false},
		{Target{"darwin", "amd64"}, "darwin", "amd64", true, false},
		{Target{"darwin", "amd64"}, "darwin", "arm64", false, true}, // Rosetta 2
		{Target{"darwin", "arm64"}, "darwin", "amd64", false, false},
		{Target{"darwin", "386"}, "darwin", "amd64", false, false},
		{Target{"ios", "arm64"}, "darwin", "arm64", false, false},
		{Target{"windows", "amd64"}, "windows", "amd64", true, false},
		{Target{"windows", "386"}, "windows", "amd64", true, false},
		{Target{"windows", "amd64"}, "windows", "arm64", false, true},
		{Target{"windows", "386"}, "windows", "arm64", false, true},
		{Target{"windows", "arm64"}, "windows", "arm64", true, false},
		{Target{"windows", "arm"}, "windows", "arm64", false, false},
		{Target{"windows", "arm64"}, "windows", "amd64", false, false},
		{Target{"linux", ""}, "linux", "", false, false},
		{Target{"linux", ""}, "linux", "amd64", false, false},
		{Target{"", "amd64"}, "", "amd64", false, false},
		{Target{}, "", "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.target.String()+"_on_"+tt.goos+"_"+tt.goarch, func(t *testing.T) {
			if got := tt.target.Matches(tt.goos, tt.goarch); got != tt.native {
				t.Errorf("Matches = %v, want %v", got, tt.native)
			}
			if got := tt.target.Emulated(tt.goos, tt.goarch); got != tt.emulate {
				t.Errorf("Emulated = %v, want %v", got, tt.emulate)
			}
		})
	}
}

func TestTargetString(t *testing.T) {
	tests := []struct {
		target Target
		want   string
	}{
		{Target{"linux", "amd64"}, "linux/amd64"},
		{Target{"windows", ""}, "windows/?"},
	}
	for _, tt := range tests {
		if got := tt.target.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.target, got, tt.want)
		}
	}
}
