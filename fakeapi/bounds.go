package fakeapi

import (
	"fmt"
	"time"
)

// The caps of the fake's stores. A long-running fake (`clientkit serve` under a load or soak test)
// must not grow without bound: expired entries are purged as new ones arrive, and a store that
// is still full after the purge refuses the write with a status its operation declares (see
// storeFull).
const (
	maxClientLinks      = 100_000   // Mollie client links; each expires after 30 days
	maxMollieCodes      = 100_000   // Mollie authorization codes; each expires after 10 minutes
	maxMollieTokens     = 100_000   // live Mollie access tokens
	maxMollieGrants     = 100_000   // Mollie authorizations (refresh-token lineages)
	maxDwollaTokens     = 100_000   // live Dwolla application tokens
	maxFormanceTokens   = 100_000   // live Formance client-credentials tokens
	maxFormanceClients  = 1_000_000 // Formance clients (the store is compact; see formance_store.go)
	maxScopeRecords     = 10_000    // Formance 2023 scope records
	maxIdempotencyCalls = 10_000    // remembered Idempotency-Keys; the oldest is forgotten first
)

// minSweep is the store size below which expired entries are never looked for.
const minSweep = 1024

// sweeper schedules the purge of a store's expired entries: when the store reaches next
// entries, it is swept, and the next sweep waits until it has doubled. Each insertion so costs
// O(1) amortized, and expired entries never make up more than half of a store past minSweep.
type sweeper struct{ next int }

// due tells whether a store of n entries should be swept now.
func (s *sweeper) due(n int) bool { return n >= max(s.next, minSweep) }

// swept records that a sweep left n entries.
func (s *sweeper) swept(n int) { s.next = max(minSweep, 2*n) }

// sweeps holds the sweeper of each store with expiring entries.
type sweeps struct {
	clientLinks, mollieCodes, mollieTokens, dwollaTokens, formanceTokens sweeper
}

// admit purges expired entries of m when a sweep is due or m is full, then tells whether m has
// room for one more entry under limit.
func admit[K comparable, V any](m map[K]V, sw *sweeper, limit int, expired func(V) bool) bool {
	if sw.due(len(m)) || len(m) >= limit {
		for k, v := range m {
			if expired(v) {
				delete(m, k)
			}
		}
		sw.swept(len(m))
	}
	return len(m) < limit
}

// storeFull is the refusal of a write to a full store: what the fake holds and how to clear it.
func storeFull(status int, what string, limit int) failure {
	return failure{status: status, message: storeFullMessage(what, limit)}
}

func storeFullMessage(what string, limit int) string {
	return fmt.Sprintf("the fake holds its maximum of %d %s; reset it (POST /_fake/reset)", limit, what)
}

// expiredAt tells whether an entry that ends at end has ended by now.
func expiredAt(now, end time.Time) bool { return !now.Before(end) }
