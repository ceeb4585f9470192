package dap

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	godap "github.com/google/go-dap"
)

// Target is a run to a breakpoint: launch a program, stop at File:Line and read Variable there.
type Target struct {
	// Launch are the launch request's arguments ("mode", "program", ...).
	Launch map[string]any
	// File is the absolute path of the source file and Line the line of the breakpoint.
	File string
	Line int
	// Variable is a local variable of the function stopped in, to read.
	Variable string
	// StepTimeout, when set, bounds each step but launch (during which a debugger may build the
	// program): each request, and the waits for the initialized event and for the stop.
	StepTimeout time.Duration
}

// Step names the part of a session that failed, for errors.
type Step string

// The steps of RunToBreakpoint, in order.
const (
	StepInitialize  Step = "initialize"
	StepLaunch      Step = "launch"
	StepBreakpoint  Step = "setBreakpoints"
	StepConfigDone  Step = "configurationDone"
	StepStop        Step = "stop"
	StepStackTrace  Step = "stackTrace"
	StepScopes      Step = "scopes"
	StepVariables   Step = "variables"
	StepDisconnect  Step = "disconnect"
	StepInitialized Step = "initialized"
)

// StepError is a failure of one step of RunToBreakpoint.
type StepError struct {
	Step Step
	Err  error
	// Timeout is the step's own time limit when it had one (Target.StepTimeout).
	Timeout time.Duration
}

func (e *StepError) Error() string {
	var re *ResponseError
	if errors.As(e.Err, &re) {
		return e.Err.Error() // it names the request already
	}
	return fmt.Sprintf("%s: %v", e.Step, e.Err)
}
func (e *StepError) Unwrap() error { return e.Err }

// NotStoppedError says the debuggee ran without stopping at the breakpoint.
type NotStoppedError struct {
	// Event is what came instead: "terminated", "exited", or a stopped event's reason.
	Event    string
	ExitCode int // of an exited event
	Line     int // where it stopped, when it did elsewhere
	File     string
}

func (e *NotStoppedError) Error() string {
	switch {
	case e.Event == "exited":
		return fmt.Sprintf("the program exited with status %d without stopping at the breakpoint", e.ExitCode)
	case e.Event == "terminated":
		return "the debug session ended without stopping at the breakpoint"
	case e.Line != 0:
		return fmt.Sprintf("the program stopped at %s:%d (%s), not at the breakpoint", filepath.Base(e.File), e.Line, e.Event)
	}
	return fmt.Sprintf("the program stopped (%s), not at the breakpoint", e.Event)
}

// Stop is what a run to a breakpoint found.
type Stop struct {
	// Breakpoint is the breakpoint as the adapter placed it.
	Breakpoint godap.Breakpoint
	// Frame is the innermost frame of the stopped thread.
	Frame godap.StackFrame
	// Value and Type are the variable's.
	Value, Type string
	// Launched is how long the launch request took (dlv builds the program then), and Ran how
	// long the program then ran until it stopped.
	Launched, Ran time.Duration
}

// RunToBreakpoint drives a session from initialize to the variable's value: initialize, launch,
// wait for the initialized event, setBreakpoints, configurationDone, wait for the stopped event,
// then stackTrace, scopes and variables. It does not disconnect. A failure is a *StepError, whose
// Err is a *ResponseError when the adapter refused a request, a *NotStoppedError when the
// debuggee did not stop at the breakpoint, or the connection's or the context's error.
func (c *Client) RunToBreakpoint(ctx context.Context, t Target) (*Stop, error) {
	r := &run{ctx: ctx, limit: t.StepTimeout}
	st := &Stop{}
	if r.do(StepInitialize, func(ctx context.Context) error { _, err := c.Initialize(ctx, "vscode"); return err }) {
		return nil, r.err
	}
	start := time.Now()
	if r.unbounded(StepLaunch, func(ctx context.Context) error { return c.Launch(ctx, t.Launch) }) {
		return nil, r.err
	}
	st.Launched = time.Since(start)
	if r.do(StepInitialized, func(ctx context.Context) error { _, err := c.WaitEvent(ctx, IsEvent("initialized")); return err }) {
		return nil, r.err
	}
	if err := c.setBreakpoint(r, t, st); err != nil {
		return nil, err
	}
	runStart := time.Now()
	if r.do(StepConfigDone, func(ctx context.Context) error { return c.ConfigurationDone(ctx) }) {
		return nil, r.err
	}
	stopped, err := c.awaitStop(ctx, r)
	if err != nil {
		return nil, err
	}
	st.Ran = time.Since(runStart)
	if err := c.stoppedFrame(r, t, stopped, st); err != nil {
		return nil, err
	}
	if err := c.readVariable(r, t, st); err != nil {
		return nil, err
	}
	return st, nil
}

// setBreakpoint sets the one breakpoint at t's file and line, and fails unless the adapter
// verified it.
func (c *Client) setBreakpoint(r *run, t Target, st *Stop) error {
	var bps []godap.Breakpoint
	if r.do(StepBreakpoint, func(ctx context.Context) (err error) { bps, err = c.SetBreakpoints(ctx, t.File, t.Line); return err }) {
		return r.err
	}
	if len(bps) != 1 {
		return r.fail(StepBreakpoint, &ProtocolError{Err: fmt.Errorf("asked for one breakpoint, the adapter answered with %d", len(bps))})
	}
	st.Breakpoint = bps[0]
	if !bps[0].Verified {
		return r.fail(StepBreakpoint, fmt.Errorf("the breakpoint at %s:%d was not set: %s", filepath.Base(t.File), t.Line, orUnknown(bps[0].Message)))
	}
	return nil
}

// awaitStop waits for the debuggee to stop, and fails when it exited or terminated instead.
func (c *Client) awaitStop(ctx context.Context, r *run) (*godap.StoppedEvent, error) {
	var ev godap.EventMessage
	if r.do(StepStop, func(ctx context.Context) (err error) {
		ev, err = c.WaitEvent(ctx, IsEvent("stopped", "terminated", "exited"))
		return err
	}) {
		return nil, r.err
	}
	switch e := ev.(type) {
	case *godap.StoppedEvent:
		return e, nil
	case *godap.ExitedEvent:
		return nil, r.fail(StepStop, &NotStoppedError{Event: "exited", ExitCode: e.Body.ExitCode})
	}
	// A terminated event may come with an exited one: report the exit status when there is one.
	return nil, r.fail(StepStop, c.notStopped(ctx, ev.GetEvent().Event))
}

// stoppedFrame reads the stopped thread's innermost frame, and fails unless it is the breakpoint.
func (c *Client) stoppedFrame(r *run, t Target, stopped *godap.StoppedEvent, st *Stop) error {
	var frames []godap.StackFrame
	if r.do(StepStackTrace, func(ctx context.Context) (err error) {
		frames, err = c.StackTrace(ctx, stopped.Body.ThreadId, 1)
		return err
	}) {
		return r.err
	}
	if len(frames) == 0 {
		return r.fail(StepStackTrace, &ProtocolError{Err: errors.New("the stopped thread has no stack frame")})
	}
	st.Frame = frames[0]
	file := ""
	if frames[0].Source != nil {
		file = frames[0].Source.Path
	}
	if stopped.Body.Reason != "breakpoint" || frames[0].Line != t.Line || !sameFile(file, t.File) {
		return r.fail(StepStop, &NotStoppedError{Event: stopped.Body.Reason, Line: frames[0].Line, File: file})
	}
	return nil
}

// readVariable reads t's variable from the frame's locals.
func (c *Client) readVariable(r *run, t Target, st *Stop) error {
	var scopes []godap.Scope
	if r.do(StepScopes, func(ctx context.Context) (err error) { scopes, err = c.Scopes(ctx, st.Frame.Id); return err }) {
		return r.err
	}
	for _, s := range scopes {
		if s.Name != "Locals" && s.PresentationHint != "locals" {
			continue
		}
		var vars []godap.Variable
		if r.do(StepVariables, func(ctx context.Context) (err error) { vars, err = c.Variables(ctx, s.VariablesReference); return err }) {
			return r.err
		}
		for _, v := range vars {
			if v.Name == t.Variable {
				st.Value, st.Type = v.Value, v.Type
				return nil
			}
		}
		return r.fail(StepVariables, fmt.Errorf("no local variable %s among %s", t.Variable, names(vars)))
	}
	return r.fail(StepScopes, fmt.Errorf("no Locals scope among %s", scopeNames(scopes)))
}

// run runs the steps of a session, each within its time limit, and keeps the first failure.
type run struct {
	ctx   context.Context
	limit time.Duration
	err   error
}

// do runs one step within the step time limit and reports whether it failed.
func (r *run) do(step Step, fn func(context.Context) error) bool {
	if r.limit <= 0 {
		return r.unbounded(step, fn)
	}
	ctx, cancel := context.WithTimeout(r.ctx, r.limit)
	defer cancel()
	if err := fn(ctx); err != nil {
		r.err = &StepError{Step: step, Err: err, Timeout: r.limit}
		return true
	}
	return false
}

// unbounded runs one step bounded only by the session's context.
func (r *run) unbounded(step Step, fn func(context.Context) error) bool {
	if err := fn(r.ctx); err != nil {
		r.err = &StepError{Step: step, Err: err}
		return true
	}
	return false
}

func (r *run) fail(step Step, err error) error {
	r.err = &StepError{Step: step, Err: err}
	return r.err
}

// notStopped is the error of a session that ended with event: the exit status of an exited
// event that comes with it, when one does within a moment.
func (c *Client) notStopped(ctx context.Context, event string) error {
	ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if ex, err := c.WaitEvent(ctx, IsEvent("exited")); err == nil {
		return &NotStoppedError{Event: "exited", ExitCode: ex.(*godap.ExitedEvent).Body.ExitCode}
	}
	return &NotStoppedError{Event: event}
}

func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	ra, err1 := filepath.EvalSymlinks(a)
	rb, err2 := filepath.EvalSymlinks(b)
	return err1 == nil && err2 == nil && ra == rb
}

func names(vars []godap.Variable) string {
	var ns []string
	for _, v := range vars {
		ns = append(ns, v.Name)
	}
	if len(ns) == 0 {
		return "none"
	}
	return strings.Join(ns, ", ")
}

func scopeNames(scopes []godap.Scope) string {
	var ns []string
	for _, s := range scopes {
		ns = append(ns, s.Name)
	}
	if len(ns) == 0 {
		return "none"
	}
	return strings.Join(ns, ", ")
}

func orUnknown(s string) string {
	if s == "" {
		return "the adapter gave no reason"
	}
	return s
}
