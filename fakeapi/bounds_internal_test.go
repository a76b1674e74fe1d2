package fakeapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIdempotencyStoreIsBounded: issue 16 point 7. 30,000 keyed client links used to keep
// 30,000 answers (about 4.4 KB each) for ever. The store is driven here as the pipeline drives it
// (reserve, then settle with a real client-link answer) because validating 30,000 requests
// against Mollie's 3.1 spec would take a minute; TestIdempotencyOverHTTP covers the pipeline.
func TestIdempotencyStoreIsBounded(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	h, err := NewHandler(WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	op := operations[OpCreateClientLink]
	r := httptest.NewRequest(http.MethodPost, "/v2/client-links", nil)
	answer := h.createClientLink(&call{r: r, body: []byte("{}")})
	body := []byte(strings.Repeat("b", 200))

	const creates = 30_000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range creates {
		scope := idempotencyScope(op.id, fmt.Sprintf("key-%05d", i))
		h.mu.Lock()
		_, handled, _ := h.idempotencyOutcome(op, scope, body)
		h.mu.Unlock()
		require.False(t, handled)
		h.finishIdempotent(scope, answer)
		now = now.Add(time.Millisecond)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("idempotency store: %d keys after %d keyed creates; heap grew %.1f MB", h.IdempotencyKeys(), creates, float64(grown)/1e6)
	assert.Equal(t, maxIdempotencyCalls, h.IdempotencyKeys(), "the store stops at its cap")
	assert.Less(t, grown, int64(16<<20), "heap grew by %d bytes", grown)
	assert.LessOrEqual(t, len(h.st.idemOrder), 2*maxIdempotencyCalls+minSweep, "the order queue is bounded too")

	h.mu.Lock()
	defer h.mu.Unlock()
	_, handled, _ := h.idempotencyOutcome(op, idempotencyScope(op.id, "key-00000"), []byte("another body"))
	assert.False(t, handled, "the oldest key was forgotten: its reuse is a new request")
	_, handled, replayed := h.idempotencyOutcome(op, idempotencyScope(op.id, fmt.Sprintf("key-%05d", creates-1)), body)
	assert.True(t, handled && replayed, "a recent key still replays")
}
