package facts

import (
	"fmt"

	"github.com/gomedic/gomedic/internal/host"
)

// goplsOutputLimit bounds what is kept of a gopls query: `gopls api-json` prints about 300 KB.
const goplsOutputLimit = 8 << 20

// GoplsQuery runs the gopls binary at path with args — a question about gopls itself that does
// not depend on the workspace (`gopls api-json`, `gopls help`) — once per run. Like Probe, it runs
// without gopls's telemetry sidecar, with its cache in the scratch space, and replays the answer the same unchanged binary gave less
// than ProbeCacheTTL ago unless NoCache is set; unlike Probe, it keeps outputs of up to 8 MB.
func (f *Facts) GoplsQuery(path string, args ...string) *host.Result {
	key := "gopls-query\x00" + path + "\x00" + fmt.Sprint(args)
	return f.probes.get(key, func() *host.Result {
		return f.probeTool(host.Cmd{Path: path, Args: args, Dir: f.Dir, OutputLimit: goplsOutputLimit})
	})
}
