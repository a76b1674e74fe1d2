package fakeapi

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

func TestGCPercentForKeepsTheGrowthNearTheBudget(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, gcMaxPercent},
		{1 << 20, gcMaxPercent}, // 1 MiB: 8 MiB of growth would be 800%
		{4 << 20, 200},          // the fake at rest
		{8 << 20, 100},          // Go's default
		{64 << 20, 12},          // a few hundred thousand stored clients
		{1 << 30, gcMinPercent}, // far more than the stores hold
	} {
		if got := gcPercentFor(c.live); got != c.want {
			t.Errorf("gcPercentFor(%d MiB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}

// TuneGC lowers GOGC as the live heap grows, and its stop restores the GOGC it found.
func TestTuneGCFollowsTheLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "") // empty counts as unset, as it does for Go; t.Setenv restores both
	t.Setenv("GOMEMLIMIT", "")
	if err := os.Unsetenv("GOMEMLIMIT"); err != nil {
		t.Fatal(err)
	}
	before := debug.SetGCPercent(73)
	defer debug.SetGCPercent(before)

	ballast := make([]byte, 96<<20) // live and pointer-free, like the fake's stores
	stop := TuneGC()
	want := gcPercentFor(96 << 20)
	deadline := time.Now().Add(5 * time.Second)
	for gogc() != want && time.Now().Before(deadline) {
		runtime.GC() // refreshes the live heap TuneGC reads
		time.Sleep(gcRetune)
	}
	runtime.KeepAlive(ballast)
	if got := gogc(); got != want {
		t.Errorf("GOGC is %d with a 96 MiB live heap, want %d", got, want)
	}
	stop()
	if got := gogc(); got != 73 {
		t.Errorf("GOGC is %d after stop, want the 73 set before", got)
	}
}

func TestTuneGCLeavesAUsersSettingAlone(t *testing.T) {
	t.Setenv("GOGC", "150")
	before := debug.SetGCPercent(150)
	defer debug.SetGCPercent(before)
	stop := TuneGC()
	defer stop()
	time.Sleep(3 * gcRetune)
	if got := gogc(); got != 150 {
		t.Errorf("GOGC is %d, want the 150 the environment set", got)
	}
}

// gogc is the garbage collector's current GOGC.
func gogc() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}
