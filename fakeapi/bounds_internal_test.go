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

// TestFullStoresRefuseWithDeclaredStatuses: a write to a full store is refused with a status its
// operation declares, naming the cap, and changes nothing.
func TestFullStoresRefuseWithDeclaredStatuses(t *testing.T) {
	h, err := NewHandler(WithFormanceGeneration(FormanceSeed2023))
	require.NoError(t, err)
	now := h.cfg.clock()
	for i := range maxClientLinks {
		h.st.clientLinks[fmt.Sprintf("cl_%d", i)] = clientLink{createdAt: now}
	}
	for i := range maxScopeRecords {
		h.st.scopeRecords[fmt.Sprintf("s%d", i)] = scopeRecord{label: fmt.Sprintf("l%d", i)}
	}
	c := h.cfg.creds
	serve := func(method, path, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if strings.HasPrefix(path, "/v2/") {
			r.Header.Set("Authorization", "Bearer "+c.MollieAccessToken)
		} else {
			r.Header.Set("Authorization", "Bearer "+c.FormanceToken)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	link := serve("POST", "/v2/client-links",
		`{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`)
	assert.Equal(t, http.StatusTooManyRequests, link.Code, link.Body.String())
	assert.Contains(t, link.Body.String(), "100000 client links")
	scope := serve("POST", "/api/auth/scopes", `{"label":"new"}`)
	assert.Equal(t, http.StatusInsufficientStorage, scope.Code, scope.Body.String())
	assert.Contains(t, scope.Body.String(), "10000 Formance scope records")
	assert.Equal(t, maxClientLinks, len(h.st.clientLinks))
	assert.Equal(t, maxScopeRecords, len(h.st.scopeRecords))

	// Expired links make room again.
	h.cfg.clock = func() time.Time { return now.Add(clientLinkLifetime + time.Hour) }
	link = serve("POST", "/v2/client-links",
		`{"owner":{"email":"a@b.c","givenName":"A","familyName":"B"},"name":"N","address":{"country":"NL"}}`)
	assert.Equal(t, http.StatusCreated, link.Code, link.Body.String())
	assert.Equal(t, 1, len(h.st.clientLinks))
}
