package host

import (
	"os"
	"testing"
	"time"
)

// testTimeout is d stretched by the tests' time limit factor, as testtools.Timeout stretches it
// (testtools imports host, so host's own tests cannot use it): the environment's
// GOMEDIC_TEST_TIMEOUT_SCALE, else testtools.DefaultTimeoutScale.
func testTimeout(d time.Duration) time.Duration {
	s := os.Getenv(TimeoutScaleVar)
	if s == "" {
		s = "4"
	}
	return ScaleTimeout(NewEnv([]string{TimeoutScaleVar + "=" + s}, false), d)
}

func TestScaleTimeout(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		environ []string
		in      time.Duration
		want    time.Duration
	}{
		{"unset", nil, 5 * time.Second, 5 * time.Second},
		{"a whole factor", []string{TimeoutScaleVar + "=3"}, 5 * time.Second, 15 * time.Second},
		{"a decimal factor", []string{TimeoutScaleVar + "=1.5"}, time.Second, 1500 * time.Millisecond},
		{"rounded to the millisecond", []string{TimeoutScaleVar + "=1.0001"}, time.Second, time.Second},
		{"below 1 is ignored", []string{TimeoutScaleVar + "=0.5"}, time.Second, time.Second},
		{"negative is ignored", []string{TimeoutScaleVar + "=-2"}, time.Second, time.Second},
		{"not a number is ignored", []string{TimeoutScaleVar + "=fast"}, time.Second, time.Second},
		{"NaN is ignored", []string{TimeoutScaleVar + "=NaN"}, time.Second, time.Second},
		{"empty is ignored", []string{TimeoutScaleVar + "="}, time.Second, time.Second},
		{"bounded", []string{TimeoutScaleVar + "=1e9"}, time.Second, 100 * time.Second},
		{"infinity is bounded", []string{TimeoutScaleVar + "=+Inf"}, time.Second, 100 * time.Second},
		{"zero stays zero", []string{TimeoutScaleVar + "=4"}, 0, 0},
		{"negative stays negative", []string{TimeoutScaleVar + "=4"}, -time.Second, -time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ScaleTimeout(NewEnv(tt.environ, false), tt.in); got != tt.want {
				t.Errorf("ScaleTimeout(%v) with %q = %v, want %v", tt.in, tt.environ, got, tt.want)
			}
		})
	}
}
