package mollie

import (
	"sync"
	"time"
)

// DefaultUsedStatesCap is how many nonces a UsedStates built by NewUsedStates(0) remembers.
const DefaultUsedStatesCap = 100_000

// UsedStates remembers the nonces of states already accepted, until they expire, so that each
// signed state is accepted once: set StateSigner.Once to its FirstUse. It lives in one process
// only; apps with several instances keep used nonces in a shared store instead. It is safe for
// concurrent use.
type UsedStates struct {
	mu    sync.Mutex
	seen  map[string]time.Time // nonce → expiry
	limit int
	clock func() time.Time
}

// NewUsedStates returns an empty set that remembers at most limit nonces (DefaultUsedStatesCap
// when limit <= 0). clock dates expiries; nil means time.Now.
func NewUsedStates(limit int, clock func() time.Time) *UsedStates {
	if limit <= 0 {
		limit = DefaultUsedStatesCap
	}
	if clock == nil {
		clock = time.Now
	}
	return &UsedStates{seen: make(map[string]time.Time), limit: limit, clock: clock}
}

// FirstUse records nonce until expires and reports whether it was new. When the set is full
// even after expired nonces are dropped, it reports false: refusing a state is safer than
// forgetting one that may come back.
func (u *UsedStates) FirstUse(nonce string, expires time.Time) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	now := u.clock()
	if exp, ok := u.seen[nonce]; ok && now.Before(exp) {
		return false
	}
	if len(u.seen) >= u.limit {
		for n, exp := range u.seen {
			if !now.Before(exp) {
				delete(u.seen, n)
			}
		}
		if len(u.seen) >= u.limit {
			return false
		}
	}
	u.seen[nonce] = expires
	return true
}

// Len is the number of nonces remembered, expired ones that were not yet dropped included.
func (u *UsedStates) Len() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.seen)
}
