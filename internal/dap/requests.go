package dap

import (
	"context"
	"encoding/json"
	"fmt"

	godap "github.com/google/go-dap"
)

// Initialize sends the initialize request as VS Code does for the Go extension (adapterID "go",
// lines and columns from 1, paths as paths, variable types) and returns the adapter's
// capabilities.
func (c *Client) Initialize(ctx context.Context, clientID string) (*godap.Capabilities, error) {
	resp, err := c.Call(ctx, &godap.InitializeRequest{
		Request: godap.Request{Command: "initialize"},
		Arguments: godap.InitializeRequestArguments{
			ClientID: clientID, ClientName: clientID, AdapterID: "go", Locale: "en",
			LinesStartAt1: true, ColumnsStartAt1: true, PathFormat: "path",
			SupportsVariableType: true, SupportsVariablePaging: true,
		},
	})
	if err != nil {
		return nil, err
	}
	r, ok := resp.(*godap.InitializeResponse)
	if !ok {
		return nil, unexpected("initialize", resp)
	}
	return &r.Body, nil
}

// Launch sends the launch request with the given arguments (a launch.json configuration: "mode",
// "program", ...).
func (c *Client) Launch(ctx context.Context, args map[string]any) error {
	raw, err := json.Marshal(args)
	if err != nil {
		return fmt.Errorf("encoding the launch arguments: %w", err)
	}
	_, err = c.Call(ctx, &godap.LaunchRequest{Request: godap.Request{Command: "launch"}, Arguments: raw})
	return err
}

// SetBreakpoints replaces the breakpoints of the source file path with ones at lines, and returns
// them as the adapter placed them (Verified, Line, Message).
func (c *Client) SetBreakpoints(ctx context.Context, path string, lines ...int) ([]godap.Breakpoint, error) {
	bps := make([]godap.SourceBreakpoint, len(lines))
	for i, l := range lines {
		bps[i] = godap.SourceBreakpoint{Line: l}
	}
	resp, err := c.Call(ctx, &godap.SetBreakpointsRequest{
		Request:   godap.Request{Command: "setBreakpoints"},
		Arguments: godap.SetBreakpointsArguments{Source: godap.Source{Path: path}, Breakpoints: bps},
	})
	if err != nil {
		return nil, err
	}
	r, ok := resp.(*godap.SetBreakpointsResponse)
	if !ok {
		return nil, unexpected("setBreakpoints", resp)
	}
	return r.Body.Breakpoints, nil
}

// ConfigurationDone tells the adapter the client has sent its breakpoints: the debuggee runs.
func (c *Client) ConfigurationDone(ctx context.Context) error {
	_, err := c.Call(ctx, &godap.ConfigurationDoneRequest{Request: godap.Request{Command: "configurationDone"}})
	return err
}

// StackTrace returns the innermost levels frames of the thread (all of them for levels 0).
func (c *Client) StackTrace(ctx context.Context, threadID, levels int) ([]godap.StackFrame, error) {
	resp, err := c.Call(ctx, &godap.StackTraceRequest{
		Request:   godap.Request{Command: "stackTrace"},
		Arguments: godap.StackTraceArguments{ThreadId: threadID, Levels: levels},
	})
	if err != nil {
		return nil, err
	}
	r, ok := resp.(*godap.StackTraceResponse)
	if !ok {
		return nil, unexpected("stackTrace", resp)
	}
	return r.Body.StackFrames, nil
}

// Scopes returns the scopes of a stack frame (for dlv: Locals, Globals).
func (c *Client) Scopes(ctx context.Context, frameID int) ([]godap.Scope, error) {
	resp, err := c.Call(ctx, &godap.ScopesRequest{
		Request:   godap.Request{Command: "scopes"},
		Arguments: godap.ScopesArguments{FrameId: frameID},
	})
	if err != nil {
		return nil, err
	}
	r, ok := resp.(*godap.ScopesResponse)
	if !ok {
		return nil, unexpected("scopes", resp)
	}
	return r.Body.Scopes, nil
}

// Variables returns the variables of a scope or structured variable.
func (c *Client) Variables(ctx context.Context, ref int) ([]godap.Variable, error) {
	resp, err := c.Call(ctx, &godap.VariablesRequest{
		Request:   godap.Request{Command: "variables"},
		Arguments: godap.VariablesArguments{VariablesReference: ref},
	})
	if err != nil {
		return nil, err
	}
	r, ok := resp.(*godap.VariablesResponse)
	if !ok {
		return nil, unexpected("variables", resp)
	}
	return r.Body.Variables, nil
}

// Disconnect ends the session; with terminateDebuggee the adapter kills the program it launched.
func (c *Client) Disconnect(ctx context.Context, terminateDebuggee bool) error {
	_, err := c.Call(ctx, &godap.DisconnectRequest{
		Request:   godap.Request{Command: "disconnect"},
		Arguments: &godap.DisconnectArguments{TerminateDebuggee: terminateDebuggee},
	})
	return err
}

func unexpected(command string, resp godap.ResponseMessage) error {
	return &ProtocolError{Err: fmt.Errorf("the answer to %s is a %T", command, resp)}
}
