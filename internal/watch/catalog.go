package watch

import "github.com/gomedic/gomedic/internal/finding"

// Infos lists watch's findings for the catalog (`gomedic checks`, docs/checks.md): they are
// `gomedic watch`'s, not `gomedic check`'s, and form the watch section.
func Infos() []finding.CheckInfo {
	// gomedic fix takes a look of watch too: the orphans' kills are its steps (after a yes); the
	// other findings are repaired by hand.
	info := func(id, looks, fails, repair string) finding.CheckInfo {
		return finding.CheckInfo{ID: id, Layer: finding.LayerWatch, Looks: looks, Fails: fails, Repair: finding.RepairManual, RepairNote: repair}
	}
	orphaned := info(IDOrphaned, "gomedic watch: the parent of each gopls and dlv of the user (/proc on Linux, ps on macOS)",
		"W: a gopls or dlv was re-parented (its parent is init or a reaper such as systemd --user, or younger than it): its editor is gone; a gopls daemon (serve -listen) is meant to outlive its editor and is not reported. Fix: a kill action per process, after a confirmation",
		"gomedic fix ends each process after a yes (or with --yes --confirm): it checks that the pid still runs the same executable started at the same time, sends SIGTERM, then SIGKILL after --timeout, and re-checks with a fresh census; a kill cannot be undone")
	orphaned.Repair = finding.RepairConfirm
	return []finding.CheckInfo{
		orphaned,
		info(IDMemory, "gomedic watch: each process's resident memory, the GOMEMLIMIT of its environment, and its samples in the history; for a process reported, the workspace's package count from gopls (gopls.workspace_stats: through its daemon for a forwarder, else a session of gomedic's own with the process's binary and environment and gomedic's gopls cache; once per folder and go.mod/go.work content)",
			"W: above its GOMEMLIMIT, or rising over 4 or more samples (never falling more than 2 %) by at least 50 % and 100 MiB",
			"from 1000 workspace packages, leave trees out with gopls's build.directoryFilters; otherwise give it the memory (GOMEMLIMIT in go.toolsEnvVars, or the daemon's --memory-limit) at the value the finding gives"),
		info(IDDuplicates, "gomedic watch: the working directory of each editor-started gopls server; when that is the home or root directory, the folder of the view it created, from its window's \"gopls (server)\" log that the extension host holds open (\"Created View\", directory=)",
			"W: two or more gopls servers (not forwarders or daemons) work in the same folder; the title sums their memory; a gopls whose folder stays unknown is named, not compared",
			"one shared gopls: gomedic watch --daemon, and the go.languageServerFlags value it prints"),
		info(IDStaleBinary, "gomedic watch: the binary each gopls and dlv runs (/proc/PID/exe, its device and inode) against the file at its path now",
			"W: the file was replaced (another inode: an upgrade) or deleted since the process started, or an editor's gopls is not the binary the Go extension would start now for its workspace (settings, GOBIN/GOPATH/PATH of the process, go env -w values)",
			"restart the language server (Go: Restart Language Server) so the editor starts the binary on disk"),
		info(IDCrashes, "gomedic watch: the Go output channels (\"gopls (server)\", \"Go\") of the newest 10 log sessions of each VS Code-family editor, modified within --since (24h); the kernel log or jetsam reports for an out-of-memory kill",
			"F: the extension gave up (\"crashed 5 times in the last 3 minutes\") or could not start the client; W: gopls exited with an error or a signal, panicked, or was restarted",
			"the crash lines and the out-of-memory evidence name the cause; it is fixed where they point"),
		info(IDDaemonEnv, "gomedic watch: the environment of each gopls forwarder (-remote=ADDR) and of the daemon it dials (/proc/PID/environ), ADDR resolved as gopls resolves it: a socket relative to each process's directory, a TCP port on any loopback name, -remote=auto's socket of the same binary in $XDG_RUNTIME_DIR or the temporary directory",
			"W: the go found on their PATHs differs, or the daemon has GOWORK set and the forwarder does not (the forwarder passes its go env values at initialize, but not PATH, and GOWORK only when set)",
			"start the daemon from the editor's environment (the same go on PATH, GOWORK unset or the same)"),
	}
}
