package fakeapi

import (
	"os"
	"runtime/debug"
)

// servedMemoryLimit is the soft heap limit TuneGC sets: far above what the fake keeps at its
// stores' caps, so it only matters when garbage would otherwise pile up.
const servedMemoryLimit = 96 << 20

// TuneGC sets the garbage collector's target to 400% and a soft memory limit of 96 MiB, unless
// the GOGC or GOMEMLIMIT environment variables say otherwise. A served fake keeps a small live
// heap and allocates some 10 KB per request, so at the default of 100% it collects many times a
// second under load; at 400% it collects a quarter as often, and the limit keeps the process from
// holding four times its live heap once its stores fill up. clientkit serve calls it; a program
// that embeds the Handler decides for itself.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(servedMemoryLimit)
	}
}
