package facade_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/fakeapi"
)

// soakPolicy keeps backoffs tiny so that thousands of faulted calls run in seconds.
var soakPolicy = facade.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond,
	MaxRetryAfter: 500 * time.Millisecond, AttemptTimeout: 100 * time.Millisecond}

// soakOverrunMargin is how long a call may outlive its deadline or its cancellation, beyond the
// worst scheduling delay a plain sleeping goroutine saw during the soak: alone, the soak stays
// under 40 ms with the race detector, but under `make test` every package's tests share two
// cores with it, and scheduling alone can delay a return by 200 ms.
const soakOverrunMargin = 50 * time.Millisecond

// soakCall is the outcome of one call.
type soakCall struct {
	op      string // the fake's operation id
	tag     string // the call's Idempotency-Key, or the Formance name it sets
	target  string // the Formance client it acts on, for secrets, updates and deletes
	limit   string // "deadline" or "cancel" when the call ran under one
	err     error
	overrun time.Duration // how long the call outlived its deadline or cancellation
}

// TestRetrySoak runs 2,100 calls at concurrency 8 over every write operation of the three
// providers (and a read), with a random fault queued before one call in four: every retryable
// status with Retry-After in seconds, as an HTTP date, as garbage or negative, or over the cap;
// a final 4xx; short and long delays; dropped answers, alone or after a delay; work longer than
// an attempt. One call in eight runs under a random deadline, one in sixteen is cancelled at a
// random moment. Every call must end in success or a typed error, within a small margin of its
// deadline; no write may be carried out twice; every success must show in the fake; no
// goroutine may be left.
func TestRetrySoak(t *testing.T) {
	const calls, workers = 2100, 8
	before := runtime.NumGoroutine()
	start := time.Now()
	var results []soakCall
	var world soakWorld
	var lag time.Duration
	t.Run("run", func(t *testing.T) {
		stopWatch := watchSchedulingLag()
		c := newFaultClients(t, soakPolicy)
		readID := c.newFormanceClient(t)
		targets := soakTargets(t, c, calls)
		results = runSoak(c, calls, workers, readID, targets)
		lag = stopWatch()
		c.srv.Handler.ClearFaults()
		world = observeSoak(t, c, results)
	})
	elapsed := time.Since(start)
	require.Len(t, results, calls)
	require.Less(t, len(world.requests), 8000, "the fake's request log was trimmed: fewer calls, please")

	kinds := map[string]int{}
	var untyped []string
	var maxOverrun time.Duration
	worst := "none"
	for _, r := range results {
		kind := errorKind(r.err)
		kinds[kind]++
		if kind == "untyped" {
			untyped = append(untyped, fmt.Sprintf("%s: %T %v", r.op, r.err, r.err))
		}
		if r.overrun > maxOverrun {
			maxOverrun, worst = r.overrun, fmt.Sprintf("%s under a %s, ended with %s", r.op, r.limit, errorKind(r.err))
		}
		assert.LessOrEqual(t, r.overrun, lag+soakOverrunMargin, "%s %s outlived its %s (scheduling lag %s)", r.op, r.tag, r.limit, lag)
	}
	assert.Empty(t, untyped, "calls that ended in an untyped error")
	checkSoakWrites(t, results, world)

	attempts, faulted, replayed, faults := 0, 0, 0, map[string]int{}
	for _, r := range world.requests {
		if _, ok := soakOps[r.OperationID]; !ok {
			continue
		}
		attempts++
		if r.Fault != "" {
			faulted++
			faults[r.Fault]++
		}
		if r.Replayed {
			replayed++
		}
	}
	limits := map[string]int{}
	for _, r := range results {
		limits[r.op+" "+cmpOr(r.limit, "no limit")]++
	}
	t.Logf("soak: %d calls at concurrency %d in %s; %d attempts (%d retries), %d faulted, %d idempotent replays",
		calls, workers, elapsed.Round(time.Millisecond), attempts, attempts-calls, faulted, replayed)
	t.Logf("soak: faults applied %s", formatCounts(faults))
	t.Logf("soak: calls %s", formatCounts(limits))
	t.Logf("soak: outcomes %s", formatCounts(kinds))
	t.Logf("soak: resources: %d client links, %d client tokens; longest overrun of a deadline or cancel %s (%s; allowed: scheduling lag %s + %s)",
		world.counts[fakeapi.KindClientLink], world.counts[fakeapi.KindClientToken], maxOverrun, worst, lag, soakOverrunMargin)
	testutil.AssertNoGoroutineLeft(t, before)
}

// watchSchedulingLag measures, until stop is called, how late a goroutine that sleeps 5 ms at a
// time wakes up at worst: the delay the machine adds to any return.
func watchSchedulingLag() (stop func() time.Duration) {
	var worst atomic.Int64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		for {
			select {
			case <-done:
				return
			default:
			}
			start := time.Now()
			time.Sleep(5 * time.Millisecond)
			if late := time.Since(start) - 5*time.Millisecond; late > time.Duration(worst.Load()) {
				worst.Store(int64(late))
			}
		}
	}()
	return func() time.Duration {
		close(done)
		<-finished
		return time.Duration(worst.Load())
	}
}

// runSoak makes the calls from workers goroutines.
func runSoak(c *faultClients, calls, workers int, readID string, targets []string) []soakCall {
	results := make([]soakCall, calls)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range workers {
		rng := rand.New(rand.NewPCG(uint64(w), 42))
		wg.Go(func() {
			for i := range next {
				results[i] = soakOne(c, i, rng, readID, targets[i])
			}
		})
	}
	for i := range calls {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

// soakOne makes call i, of the operation soakOrder[i%len(soakOrder)], under its limits.
func soakOne(c *faultClients, i int, rng *rand.Rand, readID, target string) soakCall {
	r := soakCall{op: soakOrder[i%len(soakOrder)], tag: fmt.Sprintf("soak-%d", i), target: target}
	if r.op == "readClient" {
		r.target = readID
	}
	if rng.IntN(4) == 0 {
		_ = c.srv.Handler.Inject(r.op, soakFault(rng, time.Now()))
	}
	timeout := 10 * time.Second
	if rng.IntN(8) == 0 {
		r.limit, timeout = "deadline", time.Duration(5+rng.IntN(300))*time.Millisecond
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	end, _ := ctx.Deadline()
	var cancelledAt atomic.Int64
	if r.limit == "" && rng.IntN(16) == 0 {
		r.limit = "cancel"
		stop := time.AfterFunc(time.Duration(rng.IntN(60))*time.Millisecond, func() {
			cancelledAt.Store(time.Now().UnixNano())
			cancel()
		})
		defer stop.Stop()
	}
	r.err = soakOps[r.op](ctx, c, r)
	switch {
	case r.limit == "deadline":
		r.overrun = max(time.Since(end), 0)
	case cancelledAt.Load() != 0:
		r.overrun = time.Since(time.Unix(0, cancelledAt.Load()))
	}
	return r
}

// soakFault draws a fault from every kind the fake has.
func soakFault(rng *rand.Rand, now time.Time) fakeapi.Fault {
	statuses := []int{408, 425, 429, 500, 502, 503, 504}
	status := statuses[rng.IntN(len(statuses))]
	times := 1 + rng.IntN(2)
	switch rng.IntN(9) {
	case 0: // Retry-After in seconds: none, under the cap, over it
		return fakeapi.Fault{Status: status, RetryAfter: []string{"0", "1", "60"}[rng.IntN(3)], Times: times}
	case 1: // Retry-After as an HTTP date, under or over the cap
		at := now.Add(time.Duration(200+rng.IntN(800)) * time.Millisecond)
		return fakeapi.Fault{Status: status, RetryAfter: at.UTC().Format(http.TimeFormat), Times: times}
	case 2: // Retry-After that means nothing: the backoff applies
		return fakeapi.Fault{Status: status, RetryAfter: []string{"soon", "1.5", "0x10", "-5", "Mon, 99 Foo"}[rng.IntN(5)], Times: times}
	case 3:
		return fakeapi.Fault{Status: status, Times: times}
	case 4: // a final refusal. Not 404: an injected 404 says a target is gone while it is not,
		// and a delete retried into it rightly takes it for the work of an earlier attempt.
		return fakeapi.Fault{Status: []int{400, 409, 422}[rng.IntN(3)]}
	case 5: // a delay under or over the attempt timeout
		return fakeapi.Fault{Delay: []time.Duration{5 * time.Millisecond, 150 * time.Millisecond}[rng.IntN(2)]}
	case 6:
		return fakeapi.Fault{Drop: true, Times: times}
	case 7:
		return fakeapi.Fault{Delay: time.Duration(1+rng.IntN(150)) * time.Millisecond, Drop: true}
	}
	return fakeapi.Fault{Work: time.Duration(20+rng.IntN(150)) * time.Millisecond}
}

// errorKind classifies a call's end for the figures; "untyped" is a failure of the test.
func errorKind(err error) string {
	var apiErr *facade.APIError
	var inErr *facade.InputError
	var re *facade.RetryError
	switch {
	case err == nil:
		return "success"
	case errors.As(err, &re): // before APIError: a keyed 409 in flight is a RetryError around one
		return "facade.RetryError: " + firstWords(re.Reason)
	case errors.As(err, &apiErr):
		return fmt.Sprintf("facade.APIError %d", apiErr.StatusCode)
	case errors.As(err, &inErr):
		return "facade.InputError " + inErr.Field
	}
	return "untyped"
}

// firstWords keeps a reason's kind and leaves out its figures (a wait, a Retry-After).
func firstWords(reason string) string {
	words := strings.Fields(reason)
	return strings.Join(words[:min(len(words), 5)], " ")
}

func cmpOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// formatCounts prints a map's entries in a stable order.
func formatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%q: %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
