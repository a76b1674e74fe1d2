package retry

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 409 to a keyed write means the provider still works on the first request with that key:
// wait and send it again. Without a key a 409 is a final refusal.
func TestRetryKeyedConflictIsRetriedWithBackoff(t *testing.T) {
	base := script(step{status: 409}, step{status: 409}, step{status: 201})
	rt, w := testTransport(base, fastPolicy)
	req := newRequest(t, context.Background(), http.MethodPost, `{"name":"acme"}`)
	req.Header.Set(idempotencyHeader, "k-1")

	resp, err := rt.RoundTrip(req)

	require.NoError(t, err)
	assert.Equal(t, 201, resp.StatusCode)
	assert.Equal(t, 3, base.attempts())
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}, w.all(), "full-jitter backoff")
}

func TestRetryConflictWithoutKeyIsFinal(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			base := script(step{status: 409}, step{status: 201})
			rt, _ := testTransport(base, fastPolicy)
			resp, err := rt.RoundTrip(newRequest(t, context.Background(), method, `{}`))
			require.NoError(t, err)
			assert.Equal(t, 409, resp.StatusCode)
			assert.Equal(t, 1, base.attempts())
		})
	}
}

func TestDecideRetryReasons(t *testing.T) {
	keyed := newRequest(t, context.Background(), http.MethodPost, "")
	keyed.Header.Set(idempotencyHeader, "k-1")
	get := newRequest(t, context.Background(), http.MethodGet, "")
	post := newRequest(t, context.Background(), http.MethodPost, "")
	cut := &AnswerError{Status: 200, Problem: "could not be read", Err: io.ErrUnexpectedEOF}
	p := fastPolicy.WithDefaults()
	tests := []struct {
		name   string
		req    *http.Request
		resp   *http.Response
		err    error
		retry  bool
		reason string
	}{
		{"keyed 409", keyed, &http.Response{StatusCode: 409}, nil, true, "the request with this Idempotency-Key is still in progress"},
		{"unkeyed 409", post, &http.Response{StatusCode: 409}, nil, false, "final status"},
		{"GET answer cut short", get, nil, cut, true, "the answer could not be read"},
		{"keyed POST answer cut short", keyed, nil, cut, true, "the answer could not be read"},
		{"POST answer cut short", post, nil, cut, false, "POST without Idempotency-Key may have reached the server"},
		{"GET answer over the cap", get, nil, &AnswerError{Status: 200, Problem: "is over the size cap", Final: true}, false, "error is not retryable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			retry, reason := decideRetry(tt.req, tt.resp, tt.err, 1, p)
			assert.Equal(t, tt.retry, retry)
			assert.Equal(t, tt.reason, reason)
		})
	}
}

func TestErrorClassOfAnUnreadableAnswer(t *testing.T) {
	assert.Equal(t, "unreadable answer", ErrorClass(&AnswerError{Status: 200, Err: io.ErrUnexpectedEOF}))
}
