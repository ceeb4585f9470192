package main

import (
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"net/http/cgi"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdGitserver serves the bare repositories under DIR over smart HTTP on loopback, through git's
// own `git http-backend` (a CGI program in git --exec-path), behind basic authentication with
// USER:PASSWORD, and sets VAR to its URL (http://127.0.0.1:PORT). A request without the right
// credentials gets 401 with a Basic challenge, as a private git host answers; each request is
// logged to DIR/../gitserver.log as "METHOD PATH STATUS user=NAME" (never the password).
//
// It is also an HTTP proxy for the go command's ?go-get=1 lookups (HTTP_PROXY, with the host in
// GOINSECURE): for any host, it answers a PATH whose DIR/PATH.git exists with the go-import tag of
// the git repository https://HOST/PATH.git, without credentials as a public page would, and other
// paths with 404; it refuses CONNECT, so the go command falls back from https to http.
//
//	gitserver VAR DIR USER:PASSWORD
func cmdGitserver(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: gitserver VAR DIR USER:PASSWORD")
	}
	user, pass, ok := strings.Cut(args[2], ":")
	if !ok {
		ts.Fatalf("gitserver: credentials must be USER:PASSWORD")
	}
	out, err := exec.Command("git", "--exec-path").Output()
	ts.Check(err)
	root := ts.MkAbs(args[1])
	backend := &cgi.Handler{
		Path: filepath.Join(strings.TrimSpace(string(out)), "git-http-backend"),
		Env:  []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1", "HOME=" + ts.Getenv("HOME")},
	}
	logFile := filepath.Join(filepath.Dir(root), "gitserver.log")
	var mu sync.Mutex
	logLine := func(r *http.Request, status int, name string) {
		mu.Lock()
		defer mu.Unlock()
		f, err := os.OpenFile(logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = f.WriteString(r.Method + " " + r.URL.Path + " " + http.StatusText(status) + " user=" + name + "\n")
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if goGetMeta(w, r, root) {
			logLine(r, http.StatusOK, "")
			return
		}
		u, p, ok := r.BasicAuth()
		if !ok || subtle.ConstantTimeCompare([]byte(u), []byte(user)) != 1 || subtle.ConstantTimeCompare([]byte(p), []byte(pass)) != 1 {
			logLine(r, http.StatusUnauthorized, u)
			w.Header().Set("WWW-Authenticate", `Basic realm="private git"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		logLine(r, http.StatusOK, u)
		r.Header.Del("Authorization")
		backend.ServeHTTP(w, r)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	ts.Check(err)
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(l) }()
	ts.Defer(func() { _ = srv.Close() })
	ts.Setenv(args[0], "http://"+l.Addr().String())
}

// goGetMeta answers the go command's ?go-get=1 lookup of any host for the repositories under root
// (and refuses the CONNECT of its https attempt); it reports whether it answered.
func goGetMeta(w http.ResponseWriter, r *http.Request, root string) bool {
	if r.Method == http.MethodConnect {
		http.Error(w, "no TLS here", http.StatusForbidden)
		return true
	}
	if r.URL.Query().Get("go-get") != "1" {
		return false
	}
	p := strings.Trim(r.URL.Path, "/")
	if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(p)+".git")); err != nil || !fi.IsDir() {
		http.NotFound(w, r)
		return true
	}
	mod := r.Host + "/" + p
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = fmt.Fprintf(w, "<html><head><meta name=\"go-import\" content=\"%s git https://%s.git\"></head></html>\n", mod, mod)
	return true
}
