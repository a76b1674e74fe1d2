package fakeapi

import (
	"os"
	"runtime/debug"
)

// TuneGC sets the garbage collector's target to 400% unless the GOGC environment variable says
// otherwise. A served fake keeps a small live heap (a few MB: the Formance store holds no
// pointers) and allocates some 10 KB per request, so at the default of 100% it collects every few
// MB, many times a second under load. At 400% it collects a quarter as often for a few MB more.
// clientkit serve calls it; a program that embeds the Handler decides for itself.
func TuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
}
