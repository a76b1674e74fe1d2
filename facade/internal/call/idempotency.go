package call

import (
	"github.com/google/uuid"

	"github.com/clientkit/clientkit/facade"
)

// IdempotencyKey returns the call's key, or a fresh UUIDv4; it refuses a key no provider takes
// (over 255 bytes, or with characters a header cannot carry).
func IdempotencyKey(provider, op string, cs facade.CallSettings) (string, error) {
	key := cs.IdempotencyKey
	if key == "" {
		return uuid.NewString(), nil
	}
	if len(key) > 255 {
		return "", &facade.InputError{Provider: provider, Operation: op, Field: "idempotency key", Problem: "is longer than 255 bytes"}
	}
	for _, r := range key {
		if r <= ' ' || r >= 0x7f {
			return "", &facade.InputError{Provider: provider, Operation: op, Field: "idempotency key", Problem: "must be printable ASCII without spaces"}
		}
	}
	return key, nil
}
