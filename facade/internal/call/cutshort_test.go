package call

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

// cutFirst answers every request with a 200 JSON body; the first `bad` answers are spoiled by
// spoil (cut short, or not JSON).
func cutFirst(t *testing.T, bad int32, spoil func(w http.ResponseWriter)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if n.Add(1) <= bad {
			spoil(w)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"c-1","name":"acme"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// cutShort promises a longer body than it sends: the client reads an unexpected EOF.
func cutShort(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", "200")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, `{"id":"c-1","na`)
}

// notJSON sends a whole 200 that does not decode.
func notJSON(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `<html>proxy error</html>`)
}

func fastCaller(srv *httptest.Server) *Caller {
	s := facade.DefaultSettings()
	s.HTTPClient = srv.Client()
	s.RetryPolicy = facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}
	return NewCaller("test", s, Base("test", s), func(op string, status int, header http.Header, body []byte) *facade.APIError {
		return NewAPIError("test", op, status, header, body)
	})
}

func buildAt(url, method string, key string) Build {
	return func(ctx context.Context) (*http.Request, error) {
		var body io.Reader
		if method == http.MethodPost || method == http.MethodPut {
			body = strings.NewReader(`{"name":"acme"}`)
		}
		req, err := http.NewRequestWithContext(ctx, method, url+"/x", body)
		if key != "" {
			req.Header.Set("Idempotency-Key", key)
		}
		return req, err
	}
}

type thing struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Issue 16, point 5: an idempotent call whose 2xx answer was cut short or does not decode is
// sent again, and succeeds with the next answer.
func TestIdempotentCallRetriesASpoiledAnswer(t *testing.T) {
	for spoilName, spoil := range map[string]func(http.ResponseWriter){"cut short": cutShort, "not JSON": notJSON} {
		for _, method := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
			t.Run(spoilName+" "+method, func(t *testing.T) {
				srv, n := cutFirst(t, 1, spoil)
				var out thing
				err := fastCaller(srv).Do(t.Context(), "op", facade.CallSettings{}, &out, buildAt(srv.URL, method, ""))
				require.NoError(t, err)
				assert.Equal(t, thing{ID: "c-1", Name: "acme"}, out)
				assert.Equal(t, int32(2), n.Load())
			})
		}
		t.Run(spoilName+" keyed POST", func(t *testing.T) {
			srv, n := cutFirst(t, 1, spoil)
			var out thing
			err := fastCaller(srv).Do(t.Context(), "op", facade.CallSettings{}, &out, buildAt(srv.URL, http.MethodPost, "k-1"))
			require.NoError(t, err)
			assert.Equal(t, "c-1", out.ID)
			assert.Equal(t, int32(2), n.Load(), "the key makes the repeat safe")
		})
	}
}

// A POST without key is not repeated: its outcome is unknown, a *RetryError that says why.
func TestUnkeyedPostWithASpoiledAnswerIsAnUnknownOutcome(t *testing.T) {
	for name, spoil := range map[string]func(http.ResponseWriter){"could not be read": cutShort, "does not decode": notJSON} {
		t.Run(name, func(t *testing.T) {
			srv, n := cutFirst(t, 1, spoil)
			var out thing
			err := fastCaller(srv).Do(t.Context(), "op", facade.CallSettings{}, &out, buildAt(srv.URL, http.MethodPost, ""))
			var re *facade.RetryError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 1, re.Attempts)
			assert.Contains(t, re.Reason, "the HTTP 200 answer "+name)
			assert.Equal(t, thing{}, out, "nothing half-decoded is left")
			assert.Equal(t, int32(1), n.Load())
		})
	}
}

// An answer spoiled at every attempt ends as a *RetryError after the last one, with the cause.
func TestSpoiledAnswerAtEveryAttempt(t *testing.T) {
	srv, n := cutFirst(t, 100, cutShort)
	err := fastCaller(srv).Do(t.Context(), "op", facade.CallSettings{}, &thing{}, buildAt(srv.URL, http.MethodGet, ""))
	var re *facade.RetryError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 3, re.Attempts)
	assert.True(t, errors.Is(err, io.ErrUnexpectedEOF), "%v", err)
	assert.Contains(t, re.Reason, "all 3 attempts made")
	assert.Equal(t, int32(3), n.Load())
}

// An answer over the size cap would be as large again: it is not retried.
func TestAnswerOverTheCapIsNotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"`)
		_, _ = io.Copy(w, io.LimitReader(zeros{}, MaxSuccessBody+1))
	}))
	t.Cleanup(srv.Close)
	err := fastCaller(srv).Do(t.Context(), "op", facade.CallSettings{}, &thing{}, buildAt(srv.URL, http.MethodGet, ""))
	var re *facade.RetryError
	require.ErrorAs(t, err, &re)
	assert.ErrorIs(t, err, ErrBodyTooLarge)
	assert.Contains(t, re.Reason, "is over the size cap")
	assert.Equal(t, int32(1), n.Load())
}

// zeros reads as endless '0' bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '0'
	}
	return len(p), nil
}
