package network

import (
	"context"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/finding"
	"github.com/gomedic/gomedic/internal/redact"
)

// secrets are the credentials held by the values the net layer reads: the user information of
// the proxy variables, of the GOPROXY entries and of the GOSUMDB URL. Every string of a net
// finding is scrubbed of them (redact.Known), so that no message quoted from an error can leak one.
func secrets(f *facts.Facts) []string {
	env := f.ProxyEnv()
	values := []string{env.HTTP.Value, env.HTTPS.Value, env.All.Value, goValue(f, "GOPROXY"), goValue(f, "GOSUMDB")}
	for _, h := range env.Hidden {
		values = append(values, h.Value)
	}
	return redact.Known(values...)
}

// scrubFinding scrubs every string of fd that is shown or acted on.
func scrubFinding(fd finding.Finding, secrets []string) finding.Finding {
	if len(secrets) == 0 {
		return fd
	}
	fd.Title = redact.Scrub(fd.Title, secrets)
	fd.Detail = redact.Scrub(fd.Detail, secrets)
	ev := make([]finding.Evidence, len(fd.Evidence))
	for i, e := range fd.Evidence {
		e.Command, e.Output, e.File = redact.Scrub(e.Command, secrets), redact.Scrub(e.Output, secrets), redact.Scrub(e.File, secrets)
		ev[i] = e
	}
	fd.Evidence = ev
	if fd.Fix != nil {
		fix := *fd.Fix
		fix.Summary = redact.Scrub(fix.Summary, secrets)
		fix.Commands = make([]string, len(fd.Fix.Commands))
		for i, c := range fd.Fix.Commands {
			fix.Commands[i] = redact.Scrub(c, secrets)
		}
		fd.Fix = &fix
	}
	return fd
}

// guarded runs a check and scrubs its finding of the run's secrets.
func guarded(run func(context.Context, *facts.Facts) finding.Finding) func(context.Context, *facts.Facts) finding.Finding {
	return func(ctx context.Context, f *facts.Facts) finding.Finding {
		return scrubFinding(run(ctx, f), secrets(f))
	}
}
