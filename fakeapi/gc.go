package fakeapi

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// The garbage collector's pace under TuneGC. Measured on one core under wrk (bench/README.md):
// the fake's slowest answers are the ones a collection cycle catches, and a cycle holds them up
// the longer the more the heap grew since the previous one, whatever the live heap. So the heap
// grows by about gcBudget between cycles, both when it holds a few megabytes (reads) and when it
// holds hundreds of thousands of stored clients (a load test's creates). Collecting that often
// stays cheap: the big stores hold no pointers, so there is little to mark.
const (
	gcBudget     = 8 << 20 // bytes the heap may grow by between cycles
	gcMinPercent = 10      // the least GOGC set, whatever the live heap
	gcMaxPercent = 400     // the most: a nearly empty heap still collects now and then
	gcRetune     = 100 * time.Millisecond
)

// TuneGC paces the garbage collector for a served fake, unless the GOGC or GOMEMLIMIT
// environment variables say otherwise: every 100 ms it sets GOGC so that the heap grows by
// about 8 MiB between collections, which keeps the p99 latency under load below a millisecond as
// the fake's stores fill up (bench/README.md). stop ends the tuning and restores the GOGC in
// effect before. GOGC belongs to the whole process, so tune it once per process. clientkit
// serve calls it; a program that embeds the Handler decides for itself.
func TuneGC() (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" { // empty is unset, as for Go
		return func() {}
	}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(gcRetune)
		defer tick.Stop()
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		set := gcPercentFor(live[0].Value.Uint64())
		before := debug.SetGCPercent(set)
		defer debug.SetGCPercent(before)
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(live)
			if pct := gcPercentFor(live[0].Value.Uint64()); pct != set {
				debug.SetGCPercent(pct)
				set = pct
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(done) })
		<-finished
	}
}

// gcPercentFor is the GOGC under which a heap of live bytes grows by about gcBudget before the
// next collection, within [gcMinPercent, gcMaxPercent].
func gcPercentFor(live uint64) int {
	if live == 0 {
		return gcMaxPercent
	}
	return int(max(gcMinPercent, min(gcMaxPercent, gcBudget*100/live)))
}
