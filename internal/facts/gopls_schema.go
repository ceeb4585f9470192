package facts

import (
	"context"
	"fmt"

	"github.com/gomedic/gomedic/internal/host"
	"github.com/gomedic/gomedic/internal/vscode/schema"
)

// GoplsAPI asks the gopls at path for its settings (`gopls api-json`), once per run and per
// binary. res is the command (nil when ctx was done before it ran); err says why there is no API:
// the command failed (a gopls too old to have api-json says "Unknown command api-json"), or its
// output did not parse.
func (f *Facts) GoplsAPI(ctx context.Context, gopls string) (api *schema.API, res *host.Result, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	res = f.GoplsQuery(gopls, "api-json")
	if msg := goplsQueryFailure(res); msg != "" {
		return nil, res, fmt.Errorf("%s", msg)
	}
	api, err = schema.ParseAPI(res.Stdout)
	return api, res, err
}

// GoplsFlags asks the gopls at path for its command line (`gopls help` for its commands and
// flags, `gopls help serve` for its server flags), once per run and per binary. res are the
// commands run; the server flags are optional (an error there leaves Usage.ServeKnown unset).
func (f *Facts) GoplsFlags(ctx context.Context, gopls string) (u *schema.Usage, res []*host.Result, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	help := f.GoplsQuery(gopls, "help")
	res = append(res, help)
	if msg := goplsQueryFailure(help); msg != "" {
		return nil, res, fmt.Errorf("%s", msg)
	}
	serve := f.GoplsQuery(gopls, "help", "serve")
	res = append(res, serve)
	serveHelp := ""
	if goplsQueryFailure(serve) == "" {
		serveHelp = string(serve.Stdout) + string(serve.Stderr)
	}
	u, err = schema.ParseUsage(string(help.Stdout)+string(help.Stderr), serveHelp)
	return u, res, err
}

// goplsQueryFailure says why a query did not answer, "" when it did.
func goplsQueryFailure(res *host.Result) string {
	if msg := res.Failure(); msg != "" {
		return msg
	}
	if res.Truncated {
		return "its output was cut short"
	}
	return ""
}
