package host

import (
	"math"
	"strconv"
	"time"
)

// TimeoutScaleVar names the environment variable that stretches the time limits gomedic derives
// from its --timeout flags: every command's timeout, each check's own limit and the budgets of the
// --deep gopls and dlv sessions. It is a factor (a decimal number, at least 1) that test harnesses
// set, so that a slow or busy machine makes a test slower but never changes its verdict; a user
// has no reason to set it.
const TimeoutScaleVar = "GOMEDIC_TEST_TIMEOUT_SCALE"

// maxTimeoutScale bounds the factor, so that a mistyped value cannot make gomedic wait for days.
const maxTimeoutScale = 100

// TimeoutScale is the factor of TimeoutScaleVar in env: 1 when it is unset, not a number, below 1
// or not finite, and at most maxTimeoutScale.
func TimeoutScale(env *Env) float64 {
	s, ok := env.Lookup(TimeoutScaleVar)
	if !ok {
		return 1
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 1 {
		return 1
	}
	return min(f, maxTimeoutScale)
}

// ScaleTimeout is d stretched by the TimeoutScale of env, rounded to the millisecond; d itself when
// the factor is 1 or d is not positive.
func ScaleTimeout(env *Env, d time.Duration) time.Duration {
	f := TimeoutScale(env)
	if f == 1 || d <= 0 {
		return d
	}
	return time.Duration(float64(d) * f).Round(time.Millisecond)
}
