package call

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

func TestFreshIdempotencyKeysAreUUIDv4(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		k, err := IdempotencyKey("mollie", "op", facade.CallSettings{})
		require.NoError(t, err)
		id, err := uuid.Parse(k)
		require.NoError(t, err)
		assert.Equal(t, uuid.Version(4), id.Version())
		assert.False(t, seen[k], "duplicate key %s", k)
		seen[k] = true
	}
}

func TestBadIdempotencyKeysAreInputErrors(t *testing.T) {
	for _, key := range []string{strings.Repeat("k", 256), "has space", "tab\t", "é"} {
		_, err := IdempotencyKey("mollie", "create-client-link", facade.CallSettings{IdempotencyKey: key})
		var inErr *facade.InputError
		require.ErrorAs(t, err, &inErr, key)
		assert.Equal(t, "idempotency key", inErr.Field)
		assert.ErrorIs(t, err, facade.ErrValidation)
	}
}
