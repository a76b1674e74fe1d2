package facade_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/fakeapi"
)

// Issue 16, point 4: the provider works longer than one attempt may wait. Attempt 1 times out,
// attempt 2 meets "still in flight" (409); the call backs off until the first request's answer
// is kept, gets it replayed, and exactly one resource exists.
func TestKeyedWriteStillInFlightIsRetried(t *testing.T) {
	p := facade.RetryPolicy{MaxAttempts: 10, BaseDelay: 40 * time.Millisecond, MaxDelay: 80 * time.Millisecond,
		AttemptTimeout: 60 * time.Millisecond}
	for _, op := range writeOps {
		if op.op != fakeapi.OpCreateClientLink && op.op != fakeapi.OpCreateClientToken {
			continue // the keyed writes
		}
		t.Run(op.op, func(t *testing.T) {
			c := newFaultClients(t, p)

			delta, err := op.run(t, c, fakeapi.Fault{Work: 300 * time.Millisecond})

			require.NoError(t, err)
			assert.Equal(t, 1, delta, "exactly one resource")
			sent := c.attempts(op.op)
			var conflicts int
			for _, r := range sent {
				assert.Equal(t, sent[0].IdempotencyKey, r.IdempotencyKey)
				if r.Status == 409 {
					conflicts++
				}
			}
			assert.Positive(t, conflicts, "an attempt met the key in flight: %+v", sent)
			assert.True(t, sent[len(sent)-1].Replayed, "the last attempt got the first one's answer")
		})
	}
}

// When the attempts run out while the key is still in flight, the outcome is unknown: a
// *RetryError (that still shows the 409), never a plain refusal a caller would retry with a new
// key.
func TestKeyedWriteStillInFlightAfterEveryAttemptIsUnknown(t *testing.T) {
	p := facade.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond,
		AttemptTimeout: 50 * time.Millisecond}
	c := newFaultClients(t, p)

	_, err := writeOps[0].run(t, c, fakeapi.Fault{Work: 2 * time.Second})

	var re *facade.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 2, re.Attempts)
	assert.Contains(t, re.Reason, "still in progress")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 409, apiErr.StatusCode)
	assert.ErrorIs(t, err, facade.ErrConflict)
}
