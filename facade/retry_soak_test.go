package facade_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/fakeapi"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// soakFaults is the menu of faults the soak test injects: every retryable status, a Retry-After
// under and over the cap, a final 4xx, a dropped connection, a short delay and one longer than
// the attempt timeout.
var soakFaults = []fakeapi.Fault{
	{Status: 503, Times: 2}, {Status: 500}, {Status: 502}, {Status: 504}, {Status: 408}, {Status: 425},
	{Status: 429, RetryAfter: "0"}, {Status: 429, RetryAfter: "1"}, {Status: 400},
	{Drop: true}, {Delay: 5 * time.Millisecond}, {Delay: 150 * time.Millisecond},
}

// soakCall is the outcome of one call.
type soakCall struct {
	op       string // fake operation id
	tag      string // the call's Idempotency-Key, or the Formance client's name
	err      error
	overrun  time.Duration // how long the call outlived its deadline, if it did
	deadline bool          // whether the call ran under a short deadline
}

// soakPolicy keeps backoffs tiny so that thousands of faulted calls run in seconds.
var soakPolicy = facade.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond,
	MaxRetryAfter: 500 * time.Millisecond, AttemptTimeout: 100 * time.Millisecond}

// TestRetrySoak runs 2,000 calls at concurrency 8 with faults on about 20 % of them. Every call
// must end in success or a typed error, and the fake must hold exactly one resource per create
// that it processed: never two for one call.
func TestRetrySoak(t *testing.T) {
	const calls, workers = 2000, 8
	before := runtime.NumGoroutine()
	start := time.Now()
	var results []soakCall
	var requests []fakeapi.Request
	var counts map[fakeapi.Kind]int
	var formanceNames map[string]int
	t.Run("run", func(t *testing.T) {
		c := newFaultClients(t, soakPolicy)
		readID := c.newFormanceClient(t)
		results = runSoak(c, calls, workers, readID)

		c.srv.Handler.ClearFaults()
		requests = c.srv.Handler.Requests()
		counts = map[fakeapi.Kind]int{}
		for _, k := range []fakeapi.Kind{fakeapi.KindClientLink, fakeapi.KindClientToken, fakeapi.KindFormanceClient} {
			counts[k] = c.srv.Handler.Count(k)
		}
		clients, err := c.formance.ListClients(context.Background())
		require.NoError(t, err)
		formanceNames = map[string]int{}
		for _, cl := range clients {
			formanceNames[cl.Name]++
		}
	})
	elapsed := time.Since(start)
	require.Len(t, results, calls)

	// Every call ends in success or a typed error.
	kinds := map[string]int{}
	var untyped []string
	for _, r := range results {
		kind := errorKind(r.err)
		kinds[kind]++
		if kind == "untyped" {
			untyped = append(untyped, r.err.Error())
		}
	}
	assert.Empty(t, untyped, "calls that ended in an untyped error")

	// One resource per processed create, never two per call.
	processed := processedCreates(requests)
	for op, kind := range map[string]fakeapi.Kind{"create-client-link": fakeapi.KindClientLink, "createClientToken": fakeapi.KindClientToken} {
		checkKeyed(t, op, kind, results, processed, counts[kind])
	}
	ambiguousFormance := 0
	formanceOK := 0
	for _, r := range results {
		if r.op != "createClient" {
			continue
		}
		n := formanceNames[r.tag]
		assert.LessOrEqual(t, n, 1, "client %s created twice", r.tag)
		if r.err == nil {
			formanceOK++
			assert.Equal(t, 1, n, "client %s missing after a successful create", r.tag)
		} else if n == 1 {
			ambiguousFormance++ // processed, but the answer was lost: the caller got an error
		}
	}
	assert.Equal(t, formanceOK+ambiguousFormance+1, counts[fakeapi.KindFormanceClient], "the +1 is the client readClient reads")

	attempts, faulted, replayed := 0, 0, 0
	for _, r := range requests {
		if r.OperationID == "readClient" || isCreateOp(r.OperationID) {
			attempts++
			if r.Fault != "" {
				faulted++
			}
			if r.Replayed {
				replayed++
			}
		}
	}
	var maxOverrun time.Duration
	for _, r := range results {
		maxOverrun = max(maxOverrun, r.overrun)
	}
	t.Logf("soak: %d calls at concurrency %d in %s; %d attempts (%d retries), %d faulted, %d idempotent replays",
		calls, workers, elapsed.Round(time.Millisecond), attempts, attempts-calls, faulted, replayed)
	t.Logf("soak: outcomes %s", formatCounts(kinds))
	t.Logf("soak: resources: %d client links, %d client tokens, %d Formance clients (%d created with a lost answer); longest overrun of a deadline %s",
		counts[fakeapi.KindClientLink], counts[fakeapi.KindClientToken], counts[fakeapi.KindFormanceClient]-1, ambiguousFormance, maxOverrun)
	testutil.AssertNoGoroutineLeft(t, before)
}

// runSoak makes the calls from workers goroutines; about one call in five first queues a fault
// for its operation. One call in ten runs under a 30 ms deadline.
func runSoak(c *faultClients, calls, workers int, readID string) []soakCall {
	results := make([]soakCall, calls)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range workers {
		rng := rand.New(rand.NewPCG(uint64(w), 42))
		wg.Go(func() {
			for i := range next {
				results[i] = soakOne(c, i, rng, readID)
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

// soakOne makes call i: a Mollie link, a Dwolla token, a Formance client or a Formance read.
func soakOne(c *faultClients, i int, rng *rand.Rand, readID string) soakCall {
	r := soakCall{tag: fmt.Sprintf("soak-%d", i)}
	switch i % 10 {
	case 0, 1, 2:
		r.op = "create-client-link"
	case 3, 4, 5:
		r.op = "createClientToken"
	case 6, 7, 8:
		r.op = "createClient"
	default:
		r.op = "readClient"
	}
	if rng.IntN(5) == 0 {
		_ = c.srv.Handler.Inject(r.op, soakFaults[rng.IntN(len(soakFaults))])
	}
	timeout := 10 * time.Second
	if r.deadline = i%10 == 4; r.deadline {
		timeout = 30 * time.Millisecond
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	switch r.op {
	case "create-client-link":
		_, r.err = c.mollie.CreateClientLink(ctx, validLinkRequest(), facade.IdempotencyKey(r.tag))
	case "createClientToken":
		_, r.err = c.dwolla.CreateClientToken(ctx, "customer.update", "https://api-sandbox.dwolla.com/customers/1", facade.IdempotencyKey(r.tag))
	case "createClient":
		_, r.err = c.formance.CreateClient(ctx, formanceapi.ClientOptions{Name: r.tag})
	default:
		_, r.err = c.formance.GetClient(ctx, readID)
	}
	r.overrun = max(time.Since(deadline), 0)
	return r
}

// errorKind classifies a call's end for the figures; "untyped" is a failure of the test.
func errorKind(err error) string {
	var apiErr *facade.APIError
	var re *facade.RetryError
	switch {
	case err == nil:
		return "success"
	case errors.As(err, &apiErr):
		return fmt.Sprintf("facade.APIError %d", apiErr.StatusCode)
	case errors.As(err, &re):
		return "facade.RetryError: " + re.Reason
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return "context"
	}
	return "untyped"
}

// processedCreates counts, per idempotency key, the creates the fake carried out rather than
// replayed or refused: a 2xx answer, or a dropped connection after processing.
func processedCreates(requests []fakeapi.Request) map[string]int {
	n := map[string]int{}
	for _, r := range requests {
		if r.IdempotencyKey == "" || r.Replayed || strings.Contains(r.Fault, "status") {
			continue
		}
		if (r.Status >= 200 && r.Status < 300) || strings.Contains(r.Fault, "drop") {
			n[r.OperationID+" "+r.IdempotencyKey]++
		}
	}
	return n
}

// checkKeyed checks a keyed create: no key carried out twice, every success carried out once,
// and the fake's resources are exactly the keys carried out.
func checkKeyed(t *testing.T, op string, kind fakeapi.Kind, results []soakCall, processed map[string]int, count int) {
	t.Helper()
	total := 0
	for _, r := range results {
		if r.op != op {
			continue
		}
		n := processed[op+" "+r.tag]
		total += n
		assert.LessOrEqual(t, n, 1, "%s %s carried out twice", op, r.tag)
		if r.err == nil {
			assert.Equal(t, 1, n, "%s %s succeeded but the fake did not carry it out", op, r.tag)
		}
	}
	assert.Equal(t, total, count, "%s: resources in the fake", kind)
}

func isCreateOp(op string) bool {
	return op == "create-client-link" || op == "createClientToken" || op == "createClient"
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
