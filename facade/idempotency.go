package facade

import (
	"net/http"
	"strings"

	"github.com/google/uuid"
)

// idempotencyHeader carries the key Mollie and Dwolla use to apply a repeated POST only once.
const idempotencyHeader = "Idempotency-Key"

// newIdempotencyKey returns a fresh random UUIDv4, the key of one logical call.
func newIdempotencyKey() string {
	return uuid.NewString()
}

// hasIdempotencyKey reports whether h carries a non-empty Idempotency-Key, whatever the case of
// its name (a header map filled by hand may hold a name that is not canonical).
func hasIdempotencyKey(h http.Header) bool {
	for name, values := range h {
		if strings.EqualFold(name, idempotencyHeader) {
			for _, v := range values {
				if strings.TrimSpace(v) != "" {
					return true
				}
			}
		}
	}
	return false
}
