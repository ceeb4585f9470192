package cli

import (
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/report"
	"github.com/gomedic/gomedic/internal/result"
	"github.com/gomedic/gomedic/internal/watch"
)

type watchOptions struct {
	once, json, verbose, strict bool
	interval, since             time.Duration
	count                       int
	workspace                   string
	service                     string
	daemon                      bool
	memoryLimit                 string
	socket                      string
	listen                      string
	gopls                       string
}

func newWatchCmd(io *IO) *cobra.Command {
	o := &watchOptions{}
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Watch gopls and dlv over time: leftovers, memory, duplicates, stale binaries, crashes",
		Long: `Watch the gopls and dlv processes of this user: which editor window started each, on which
workspace, with which binary, at what memory and CPU cost, and what the editors' logs say about
gopls crashes. Findings (ids watch.*, docs/checks.md): orphaned processes whose editor is gone,
memory above GOMEMLIMIT or rising steadily, several gopls on one workspace, a process whose
binary was replaced or removed since it started, and crashes recorded in the editors' logs.

  gomedic watch --once [--json]          one look now, as findings
  gomedic watch [--interval D] [--json]  keep looking; one line when a finding appears, changes or clears
  gomedic watch --service install|uninstall|status
  gomedic watch --daemon [--memory-limit N]   run and supervise one shared gopls

The samples are kept in gomedic's data directory (watch/history.json, at most 1 MiB), so memory
trends survive restarts and show in --once too.

Exit status of --once: 0 when no finding failed, 1 when one failed (or warned, with --strict).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runWatch(cmd, io, o) },
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.once, "once", false, "take one look and print the census and findings")
	fl.BoolVar(&o.json, "json", false, "print JSON: the document with --once (schema "+result.WatchSchema+"), one JSON line an event otherwise")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "show every finding, and the evidence")
	fl.BoolVar(&o.strict, "strict", false, "with --once, exit 1 on warnings too")
	fl.DurationVar(&o.interval, "interval", 30*time.Second, "time between two samples")
	fl.IntVar(&o.count, "count", 0, "stop after this many samples (0: until interrupted)")
	fl.DurationVar(&o.since, "since", 24*time.Hour, "how far back the editors' logs are read for crashes")
	fl.StringVar(&o.workspace, "workspace", "", "only the processes working in this folder or below it")
	fl.StringVar(&o.service, "service", "", "install, uninstall or show the status of the per-user service that runs gomedic watch at login")
	fl.BoolVar(&o.daemon, "daemon", false, "run one shared gopls for all editor windows and keep it running")
	fl.StringVar(&o.memoryLimit, "memory-limit", "", "with --daemon, the shared gopls's memory limit (GOMEMLIMIT syntax: 4GiB)")
	fl.StringVar(&o.socket, "socket", "", "with --daemon, the Unix socket to listen on (default: in gomedic's data directory)")
	fl.StringVar(&o.listen, "listen", "", "with --daemon, listen on this loopback TCP address (host:port; port 0 picks a free one) instead of a Unix socket, as on Windows")
	fl.StringVar(&o.gopls, "gopls", "", "with --daemon, the gopls to run (default: gopls on PATH)")
	return cmd
}

func runWatch(cmd *cobra.Command, io *IO, o *watchOptions) error {
	if err := checkWatchFlags(o); err != nil {
		return err
	}
	switch {
	case o.service != "":
		return runWatchService(cmd, io, o)
	case o.daemon:
		return runWatchDaemon(cmd, io, o)
	}
	w, err := newWatcher(io, o)
	if err != nil {
		return err
	}
	if w.HistoryErr != nil {
		_ = report.Line(io.Err, "gomedic: "+w.HistoryErr.Error())
	}
	if o.once {
		return watchOnce(cmd, io, o, w)
	}
	emit := func(e result.WatchEvent) error {
		if o.json {
			return report.WatchEventJSON(io.Out, e)
		}
		return report.WatchEventText(io.Out, e)
	}
	if err := w.Run(cmd.Context(), o.interval, o.count, emit); err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the watch events: %w", err)}
	}
	return nil
}

// checkWatchFlags rejects the combinations that make no sense.
func checkWatchFlags(o *watchOptions) error {
	switch {
	case o.interval <= 0:
		return usageError("--interval must be positive")
	case o.service != "" && (o.once || o.daemon):
		return usageError("--service cannot be used with --once or --daemon")
	case o.daemon && o.once:
		return usageError("--daemon cannot be used with --once")
	case o.memoryLimit != "" && !o.daemon:
		return usageError("--memory-limit goes with --daemon")
	case (o.listen != "" || o.socket != "") && !o.daemon:
		return usageError("--listen and --socket go with --daemon")
	case o.listen != "" && o.socket != "":
		return usageError("--listen (TCP) and --socket (a Unix socket) cannot be used together")
	case o.service != "" && o.service != "install" && o.service != "uninstall" && o.service != "status":
		return usageError("--service takes install, uninstall or status, not %q", o.service)
	}
	if _, err := watch.ParseMemLimit(o.memoryLimit); err != nil {
		return usageError("--memory-limit: %v", err)
	}
	return nil
}

// newWatcher builds the watcher with its scope and history file.
func newWatcher(io *IO, o *watchOptions) (*watch.Watcher, error) {
	under, err := watchScope(o.workspace)
	if err != nil {
		return nil, err
	}
	opts := watch.Options{Census: watch.CensusOptions{UID: os.Getuid(), Under: under}, Since: o.since,
		Packages: watch.PackageOptions{CacheDir: cacheDir(io)}}
	if d := dataDir(io); d != "" {
		opts.History = filepath.Join(d, "watch", "history.json")
	}
	return watch.New(io.Host, opts), nil
}

// watchScope is the folder a census keeps the processes of (--workspace, fix's --watch-under),
// absolute with its symbolic links resolved as the kernel shows working directories; "" for all.
func watchScope(dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	abs, err := workspaceDir(dir)
	if err != nil {
		return "", usageError("%v", err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return abs, nil
}

func watchOnce(cmd *cobra.Command, io *IO, o *watchOptions, w *watch.Watcher) error {
	doc := w.Look(cmd.Context(), time.Now())
	var err error
	if o.json {
		err = report.WatchJSON(io.Out, &doc)
	} else {
		err = report.WatchText(io.Out, &doc, report.TextOptions{Color: io.Color, Glyphs: io.Glyphs, Verbose: o.verbose, Home: io.Host.HomeDir(), Width: io.Width})
	}
	if err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the watch report: %w", err)}
	}
	for _, f := range doc.Findings {
		if f.Status == finding.Fail || (o.strict && f.Status == finding.Warn) {
			return &exitError{code: ExitProblems}
		}
	}
	return nil
}

// dataDir is gomedic's data directory (the watch history, the daemon's socket): $GOMEDIC_DATA,
// else the OS's per-user data directory + gomedic; "" when none can be found.
func dataDir(io *IO) string {
	e := io.Env
	if d := e.Get("GOMEDIC_DATA"); d != "" {
		return d
	}
	home := io.Host.HomeDir()
	switch io.Host.OS() {
	case "windows":
		if d := e.Get("LocalAppData"); d != "" {
			return filepath.Join(d, "gomedic", "data")
		}
		return ""
	case "darwin":
		if home != "" {
			return filepath.Join(home, "Library", "Application Support", "gomedic")
		}
		return ""
	}
	if d := e.Get("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gomedic")
	}
	if home != "" {
		return filepath.Join(home, ".local", "share", "gomedic")
	}
	return ""
}

// runWatchService installs, removes or reports the per-user service running `gomedic watch`.
func runWatchService(cmd *cobra.Command, io *IO, o *watchOptions) error {
	exe, err := os.Executable()
	if err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("finding gomedic's own path: %w", err)}
	}
	svc := watch.Service{H: io.Host, Exe: exe, Args: []string{"watch", "--interval", o.interval.String()}, UID: os.Getuid()}
	ctx := cmd.Context()
	switch o.service {
	case "install":
		msg, err := svc.Install(ctx)
		if err != nil {
			return &exitError{code: ExitProblems, err: fmt.Errorf("installing the watch service: %w", err)}
		}
		return report.Line(io.Out, msg)
	case "uninstall":
		msg, err := svc.Uninstall(ctx)
		if err != nil {
			return &exitError{code: ExitProblems, err: err}
		}
		return report.Line(io.Out, msg)
	default:
		return report.WatchServiceText(io.Out, svc.Status(ctx))
	}
}

// daemonAddress sets where the daemon listens: --listen, --socket, else on Windows a loopback
// port of its own for this user (the same at each run, so the editors' setting stays right),
// else a socket in the data directory.
func daemonAddress(d *watch.Daemon, o *watchOptions, data string) error {
	switch {
	case o.listen != "":
		d.Socket = o.listen
	case d.Socket != "":
	case d.Network() == "tcp":
		d.Socket = "127.0.0.1:" + strconv.Itoa(daemonPort(data))
	case data == "":
		return usageError("no data directory for the socket: pass --socket")
	default:
		d.Socket = filepath.Join(data, "gopls-daemon.sock")
	}
	if err := d.Resolve(); err != nil {
		return usageError("%v", err)
	}
	return nil
}

// daemonPort is the loopback port of this user's daemon on Windows: from the data directory's
// path, in 37400-37899 (beside gopls's own -remote=auto port, 37374), so that two users of a
// machine get different ports and one user the same port at every run.
func daemonPort(data string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(data))
	return 37400 + int(h.Sum32()%500)
}

// runWatchDaemon runs the shared gopls until interrupted, printing the setting that points the
// editors at it and a line for each start, end and restart.
func runWatchDaemon(cmd *cobra.Command, io *IO, o *watchOptions) error {
	limit, _ := watch.ParseMemLimit(o.memoryLimit)
	gopls := o.gopls
	if gopls == "" {
		found, err := host.LookPath(io.Host, "gopls", io.Env.Get("PATH"), io.Env.Get("PATHEXT"))
		if err != nil {
			return &exitError{code: ExitProblems, err: fmt.Errorf("finding gopls on PATH: %w; install it (gomedic tools install gopls) or pass --gopls", err)}
		}
		gopls = found
	}
	data := dataDir(io)
	d := &watch.Daemon{H: io.Host, Gopls: gopls, Socket: o.socket, MemoryLimit: limit, TCP: o.listen != "",
		MinBackoff: time.Second, MaxBackoff: time.Minute, StableAfter: time.Minute}
	if err := daemonAddress(d, o, data); err != nil {
		return err
	}
	if data != "" {
		d.Journal = filepath.Join(data, "watch", "daemon.jsonl")
	}
	if err := report.DaemonHeaderText(io.Out, gopls, d.Socket, d.RemoteFlag()); err != nil {
		return &exitError{code: ExitInternal, err: fmt.Errorf("writing the daemon's setting: %w", err)}
	}
	err := d.Run(cmd.Context(), func(e watch.DaemonEvent) { _ = report.DaemonEventText(io.Out, e) })
	if err != nil {
		return &exitError{code: ExitProblems, err: err}
	}
	return nil
}
