package schema

import (
	"context"
	"fmt"

	"github.com/gomedic/gomedic/internal/facts"
	"github.com/gomedic/gomedic/internal/host"
)

// GoplsAPI asks the gopls at path for its settings (`gopls api-json`), once per run and per
// binary. res is the command (nil when ctx was done before it ran); err says why there is no API:
// the command failed (a gopls too old to have api-json says "Unknown command api-json"), or its
// output did not parse.
func GoplsAPI(ctx context.Context, f *facts.Facts, gopls string) (api *API, res *host.Result, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	res = f.GoplsQuery(gopls, "api-json")
	if msg := queryFailure(res); msg != "" {
		return nil, res, fmt.Errorf("%s", msg)
	}
	api, err = ParseAPI(res.Stdout)
	return api, res, err
}

// GoplsFlags asks the gopls at path for its command line (`gopls help` for its commands and
// flags, `gopls help serve` for its server flags), once per run and per binary. res are the
// commands run; the server flags are optional (an error there leaves Usage.ServeKnown unset).
func GoplsFlags(ctx context.Context, f *facts.Facts, gopls string) (u *Usage, res []*host.Result, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	help := f.GoplsQuery(gopls, "help")
	res = append(res, help)
	if msg := queryFailure(help); msg != "" {
		return nil, res, fmt.Errorf("%s", msg)
	}
	serve := f.GoplsQuery(gopls, "help", "serve")
	res = append(res, serve)
	serveHelp := ""
	if queryFailure(serve) == "" {
		serveHelp = string(serve.Stdout) + string(serve.Stderr)
	}
	u, err = ParseUsage(string(help.Stdout)+string(help.Stderr), serveHelp)
	return u, res, err
}

// queryFailure says why a query did not answer, "" when it did.
func queryFailure(res *host.Result) string {
	if msg := res.Failure(); msg != "" {
		return msg
	}
	if res.Truncated {
		return "its output was cut short"
	}
	return ""
}
