package fakeapi

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// idempotentCall is what the fake remembers of a request that carried an Idempotency-Key.
type idempotentCall struct {
	seq       uint64 // tells this use of the key from a later one, for idemOrder
	firstSeen time.Time
	bodyHash  [sha256.Size]byte
	done      bool  // false while the first request is still being processed
	answer    reply // the first answer, once done
}

// idempotencyEntry is a key in the order of first use; seq names the use, since a key can be
// forgotten (expired, or freed after a 5xx) and used again.
type idempotencyEntry struct {
	scope string
	seq   uint64
}

// idempotencyScope keys a call by operation and the caller's key. Providers scope keys per
// account, not per access token (a retry after a token refresh must still replay); the fake knows
// one Dwolla application and one Mollie organization, and every credential it accepts belongs to
// them, so the account needs no place in the key.
func idempotencyScope(operationID, key string) string {
	return operationID + "\x00" + key
}

// idempotencyOutcome decides, with h.mu held, whether a keyed call is new, a replay or refused.
// For a new call it reserves the key. A key first seen longer than the idempotency TTL ago is
// forgotten, as the providers forget theirs after a day.
func (h *Handler) idempotencyOutcome(op *operation, scope string, body []byte) (rp reply, handled, replayed bool) {
	now := h.cfg.clock()
	h.forgetIdempotency(now)
	hash := sha256.Sum256(body)
	prev, ok := h.st.idempotency[scope]
	if ok && now.Sub(prev.firstSeen) >= h.cfg.idempotencyTTL {
		delete(h.st.idempotency, scope)
		ok = false
	}
	switch {
	case !ok:
		h.rememberIdempotency(scope, hash, now)
		return reply{}, false, false
	case prev.bodyHash != hash:
		f := failure{status: http.StatusBadRequest, code: "InvalidIdempotencyKey",
			message: "this Idempotency-Key was already used with a different request body"}
		if op.style == styleMollie {
			f = failure{status: http.StatusUnprocessableEntity, field: []string{"idempotency-key"}, message: f.message}
		}
		return op.style.reply(f), true, false
	case !prev.done:
		return op.style.reply(failure{status: http.StatusConflict,
			message: "a request with this Idempotency-Key is still being processed"}), true, false
	}
	replay := prev.answer.clone()
	replay.setHeader("Idempotent-Replayed", "true")
	return replay, true, true
}

// rememberIdempotency reserves scope for a new call.
func (h *Handler) rememberIdempotency(scope string, hash [sha256.Size]byte, now time.Time) {
	h.st.idemSeq++
	seq := h.st.idemSeq
	h.st.idempotency[scope] = &idempotentCall{seq: seq, firstSeen: now, bodyHash: hash}
	if len(h.st.idemOrder) > 2*len(h.st.idempotency)+minSweep {
		// Keys freed out of order (after a 5xx) left entries behind; keep the live ones only.
		live := h.st.idemOrder[:0]
		for _, e := range h.st.idemOrder {
			if call, ok := h.st.idempotency[e.scope]; ok && call.seq == e.seq {
				live = append(live, e)
			}
		}
		h.st.idemOrder = live
	}
	h.st.idemOrder = append(h.st.idemOrder, idempotencyEntry{scope: scope, seq: seq})
}

// forgetIdempotency drops, oldest first, the keys older than the TTL and, while the store is at
// its cap, the oldest keys even if younger: a bounded memory is worth more to a long-running
// fake than replaying a key from many thousands of requests ago.
func (h *Handler) forgetIdempotency(now time.Time) {
	order := h.st.idemOrder
	i := 0
	for ; i < len(order); i++ {
		call, ok := h.st.idempotency[order[i].scope]
		if !ok || call.seq != order[i].seq {
			continue // forgotten already; its key may be in use again, with a later seq
		}
		if now.Sub(call.firstSeen) < h.cfg.idempotencyTTL && len(h.st.idempotency) < maxIdempotencyCalls {
			break
		}
		delete(h.st.idempotency, order[i].scope)
	}
	if i > 0 {
		// Copy the rest down once the dropped front outweighs it, so the slice does not only grow.
		if i > len(order)/2 {
			order = append(order[:0], order[i:]...)
		} else {
			order = order[i:]
		}
		h.st.idemOrder = order
	}
}

// finishIdempotent stores the final answer for scope; a 5xx answer frees the key instead.
func (h *Handler) finishIdempotent(scope string, rp reply) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if rp.status >= 500 {
		delete(h.st.idempotency, scope)
		return
	}
	if call, ok := h.st.idempotency[scope]; ok {
		call.done = true
		call.answer = rp.clone()
	}
}

// IdempotencyKeys returns how many Idempotency-Keys the fake remembers (at most 10,000; each is
// forgotten after the idempotency TTL).
func (h *Handler) IdempotencyKeys() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.st.idempotency)
}
