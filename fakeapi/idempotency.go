package fakeapi

import (
	"crypto/sha256"
	"net/http"
)

// idempotentCall is what the fake remembers of a request that carried an Idempotency-Key.
type idempotentCall struct {
	bodyHash [sha256.Size]byte
	done     bool  // false while the first request is still being processed
	answer   reply // the first answer, once done
}

// idempotencyScope keys a call by operation and the caller's key. Providers scope keys per
// account, not per access token (a retry after a token refresh must still replay); the fake knows
// one Dwolla application and one Mollie organization, and every credential it accepts belongs to
// them, so the account needs no place in the key.
func idempotencyScope(operationID, key string) string {
	return operationID + "\x00" + key
}

// idempotencyOutcome decides, with h.mu held, whether a keyed call is new, a replay or refused.
// For a new call it reserves the key.
func (h *Handler) idempotencyOutcome(op *operation, scope string, body []byte) (rp reply, handled, replayed bool) {
	hash := sha256.Sum256(body)
	prev, ok := h.st.idempotency[scope]
	switch {
	case !ok:
		h.st.idempotency[scope] = &idempotentCall{bodyHash: hash}
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
	replay.header.Set("Idempotent-Replayed", "true")
	return replay, true, true
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
