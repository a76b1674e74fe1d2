package facade_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// faultClients are the three provider clients against one fake server.
type faultClients struct {
	srv      *fakeapitest.Server
	mollie   *mollie.Client
	dwolla   *dwolla.Client
	formance *formance.Stack
}

// fastPolicy retries at once, nearly: the backoff itself is tested in internal/retry.
var fastPolicy = facade.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, MaxRetryAfter: 10 * time.Second}

// newFaultClients starts a fake and builds the clients with policy p.
func newFaultClients(t *testing.T, p facade.RetryPolicy) *faultClients {
	t.Helper()
	srv := fakeapitest.NewServer(t)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	shared := []facade.Option{facade.WithRetryPolicy(p), facade.WithHTTPClient(&http.Client{Transport: tr, Timeout: time.Minute})}
	m, err := mollie.New(mollie.AccessToken(srv.Credentials.MollieAccessToken), mollie.WithBaseURL(srv.URL), shared[0], shared[1])
	require.NoError(t, err)
	d, err := dwolla.New(srv.Credentials.DwollaClientID, srv.Credentials.DwollaClientSecret, dwolla.WithBaseURL(srv.URL), shared[0], shared[1])
	require.NoError(t, err)
	f, err := formance.New(srv.URL, formance.BearerToken(srv.Credentials.FormanceToken), shared[0], shared[1])
	require.NoError(t, err)
	return &faultClients{srv: srv, mollie: m, dwolla: d, formance: f}
}

// attempts counts the requests the fake saw for one operation.
func (c *faultClients) attempts(op string) []fakeapi.Request {
	var out []fakeapi.Request
	for _, r := range c.srv.Handler.Requests() {
		if r.OperationID == op {
			out = append(out, r)
		}
	}
	return out
}

// newFormanceClient creates a client to update, delete or add secrets to, outside any fault.
func (c *faultClients) newFormanceClient(t *testing.T) string {
	t.Helper()
	cl, err := c.formance.CreateClient(context.Background(), formanceapi.ClientOptions{Name: "target"})
	require.NoError(t, err)
	return cl.ID
}

// writeOp is one write operation under fault.
type writeOp struct {
	op     string                                     // the fake's operation id
	kind   fakeapi.Kind                               // what it creates, changes or deletes
	effect int                                        // how a success changes the count of kind
	safe   bool                                       // keyed POST, PUT or DELETE: retried after any retryable failure
	setup  func(c *faultClients, t *testing.T) string // the id of the target, when it needs one
	call   func(ctx context.Context, c *faultClients, id string) error
}

var writeOps = []writeOp{
	{op: "create-client-link", kind: fakeapi.KindClientLink, effect: 1, safe: true,
		call: func(ctx context.Context, c *faultClients, _ string) error {
			_, err := c.mollie.CreateClientLink(ctx, validLinkRequest())
			return err
		}},
	{op: "createClientToken", kind: fakeapi.KindClientToken, effect: 1, safe: true,
		call: func(ctx context.Context, c *faultClients, _ string) error {
			_, err := c.dwolla.CreateClientToken(ctx, "customer.update", "https://api-sandbox.dwolla.com/customers/1")
			return err
		}},
	{op: "createClient", kind: fakeapi.KindFormanceClient, effect: 1,
		call: func(ctx context.Context, c *faultClients, _ string) error {
			_, err := c.formance.CreateClient(ctx, formanceapi.ClientOptions{Name: "acme"})
			return err
		}},
	{op: "createSecret", kind: fakeapi.KindFormanceSecret, effect: 1, setup: (*faultClients).newFormanceClient,
		call: func(ctx context.Context, c *faultClients, id string) error {
			_, err := c.formance.CreateSecret(ctx, id, formanceapi.SecretOptions{Name: "ci"})
			return err
		}},
	{op: "updateClient", kind: fakeapi.KindFormanceClient, effect: 0, safe: true, setup: (*faultClients).newFormanceClient,
		call: func(ctx context.Context, c *faultClients, id string) error {
			_, err := c.formance.UpdateClient(ctx, id, formanceapi.ClientOptions{Name: "renamed"})
			return err
		}},
	{op: "deleteClient", kind: fakeapi.KindFormanceClient, effect: -1, safe: true, setup: (*faultClients).newFormanceClient,
		call: func(ctx context.Context, c *faultClients, id string) error {
			return c.formance.DeleteClient(ctx, id)
		}},
}

// run prepares op's target, injects f and calls op once; it returns the change in the count of
// op.kind and the call's error.
func (op writeOp) run(t *testing.T, c *faultClients, f fakeapi.Fault) (int, error) {
	t.Helper()
	id := ""
	if op.setup != nil {
		id = op.setup(c, t)
	}
	before := c.srv.Handler.Count(op.kind)
	c.srv.Inject(op.op, f)
	err := op.call(testutil.ShortCtx(t), c, id)
	return c.srv.Handler.Count(op.kind) - before, err
}

func TestFaultTwo503sThenSuccess(t *testing.T) {
	for _, op := range writeOps {
		t.Run(op.op, func(t *testing.T) {
			c := newFaultClients(t, fastPolicy)
			delta, err := op.run(t, c, fakeapi.Fault{Status: 503, Times: 2})
			if !op.safe {
				// A POST without Idempotency-Key that reached the server is never repeated.
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.ErrorIs(t, err, facade.ErrServer)
				assert.Equal(t, 1, apiErr.Attempts)
				assert.Zero(t, delta)
				assert.Len(t, c.attempts(op.op), 1)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, op.effect, delta, "exactly one change")
			sent := c.attempts(op.op)
			require.Len(t, sent, 3)
			for _, r := range sent[1:] {
				assert.Equal(t, sent[0].IdempotencyKey, r.IdempotencyKey, "one key for every attempt")
			}
		})
	}
}

func TestFaultRetryAfterHonoured(t *testing.T) {
	for _, op := range writeOps {
		t.Run(op.op, func(t *testing.T) {
			c := newFaultClients(t, fastPolicy)
			delta, err := op.run(t, c, fakeapi.Fault{Status: 429, RetryAfter: "1", Times: 1})
			if !op.safe {
				var apiErr *facade.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.ErrorIs(t, err, facade.ErrRateLimited)
				assert.Equal(t, time.Second, apiErr.RetryAfter)
				assert.Zero(t, delta)
				assert.Len(t, c.attempts(op.op), 1)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, op.effect, delta)
			sent := c.attempts(op.op)
			require.Len(t, sent, 2)
			assert.GreaterOrEqual(t, sent[1].Time.Sub(sent[0].Time), time.Second, "the second attempt waited for Retry-After")
		})
	}
}

func TestFaultRetryAfterOverCap(t *testing.T) {
	c := newFaultClients(t, fastPolicy)
	delta, err := writeOps[0].run(t, c, fakeapi.Fault{Status: 429, RetryAfter: "60", Times: 1})
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrRateLimited)
	assert.Equal(t, time.Minute, apiErr.RetryAfter)
	assert.Equal(t, 1, apiErr.Attempts)
	assert.Zero(t, delta)
	assert.Len(t, c.attempts(writeOps[0].op), 1)
}

func TestFaultDroppedConnection(t *testing.T) {
	for _, op := range writeOps {
		t.Run(op.op, func(t *testing.T) {
			c := newFaultClients(t, fastPolicy)
			delta, err := op.run(t, c, fakeapi.Fault{Drop: true, Times: 1})
			sent := c.attempts(op.op)
			// The fake processed the first request before dropping the connection.
			assert.Equal(t, op.effect, delta, "one change, never two")
			switch {
			case !op.safe:
				var re *facade.RetryError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, 1, re.Attempts)
				assert.Contains(t, err.Error(), "POST without Idempotency-Key may have reached the server")
				assert.Len(t, sent, 1)
			default:
				require.NoError(t, err)
				require.Len(t, sent, 2)
				if sent[0].IdempotencyKey != "" {
					assert.Equal(t, sent[0].IdempotencyKey, sent[1].IdempotencyKey)
					assert.True(t, sent[1].Replayed, "the fake replays the first answer")
				}
			}
		})
	}
}

// A delete whose answer was lost is repeated and finds nothing left to delete: the call still
// succeeds, because its first attempt did the work. (Today's stacks answer a delete of an
// unknown client with 204 anyway; an unknown secret is a 404, which after a lost answer counts
// as done, but at the first attempt still says there was nothing to delete.)
func TestFaultDeleteAnswerLost(t *testing.T) {
	deletes := []struct {
		op            string
		call          func(ctx context.Context, f *formance.Stack, clientID, secretID string) error
		gone          func(cl *formanceapi.Client, readErr error) bool
		againNotFound bool // a second delete of the same target answers 404
	}{
		{"deleteClient",
			func(ctx context.Context, f *formance.Stack, clientID, _ string) error {
				return f.DeleteClient(ctx, clientID)
			},
			func(_ *formanceapi.Client, readErr error) bool { return errors.Is(readErr, facade.ErrNotFound) }, false},
		{"deleteSecret",
			func(ctx context.Context, f *formance.Stack, clientID, secretID string) error {
				return f.DeleteSecret(ctx, clientID, secretID)
			},
			func(cl *formanceapi.Client, readErr error) bool { return readErr == nil && len(cl.Secrets) == 0 }, true},
	}
	for _, d := range deletes {
		t.Run(d.op, func(t *testing.T) {
			c := newFaultClients(t, fastPolicy)
			ctx := testutil.ShortCtx(t)
			id := c.newFormanceClient(t)
			secret, err := c.formance.CreateSecret(ctx, id, formanceapi.SecretOptions{Name: "ci"})
			require.NoError(t, err)

			c.srv.Inject(d.op, fakeapi.Fault{Drop: true, Times: 1})
			require.NoError(t, d.call(ctx, c.formance, id, secret.ID))
			assert.Len(t, c.attempts(d.op), 2, "the lost answer was retried")
			assert.True(t, d.gone(c.formance.GetClient(ctx, id)), "the target is gone")

			err = d.call(ctx, c.formance, id, secret.ID)
			if !d.againNotFound {
				assert.NoError(t, err)
				return
			}
			var apiErr *facade.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.ErrorIs(t, err, facade.ErrNotFound)
			assert.Equal(t, 1, apiErr.Attempts)
		})
	}
}

// TestFaultSlowAttemptTimesOut delays the first request past the attempt timeout. The fake only
// notices a caller that went away once it has read the request body, so a delayed POST is still
// processed after the delay: the test waits for it, then checks that nothing was done twice.
func TestFaultSlowAttemptTimesOut(t *testing.T) {
	p := fastPolicy
	p.AttemptTimeout = 50 * time.Millisecond
	for _, op := range writeOps {
		t.Run(op.op, func(t *testing.T) {
			c := newFaultClients(t, p)
			_, err := op.run(t, c, fakeapi.Fault{Delay: 300 * time.Millisecond, Times: 1})
			want := 2
			if !op.safe {
				var re *facade.RetryError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, 1, re.Attempts)
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				want = 1
			} else {
				require.NoError(t, err)
			}
			c.waitForRequests(t, op.op, want)
			if op.effect == 1 {
				assert.LessOrEqual(t, c.srv.Handler.Count(op.kind)-countBefore(op), 1, "never created twice")
			}
		})
	}
}

// waitForRequests waits, a bounded time, until the fake has logged n requests of op.
func (c *faultClients) waitForRequests(t *testing.T, op string, n int) {
	t.Helper()
	for range 500 {
		if len(c.attempts(op)) >= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("the fake logged %d requests of %s, want %d", len(c.attempts(op)), op, n)
}

// countBefore is how many resources of op.kind exist before op runs: the setup's client, if any.
func countBefore(op writeOp) int {
	if op.setup != nil && op.kind == fakeapi.KindFormanceClient {
		return 1
	}
	return 0
}

func TestFaultCancelDuringBackoff(t *testing.T) {
	// The fault asks for a 30 s pause, which the policy accepts: the call backs off after its
	// first attempt, and the cancel comes during the pause.
	c := newFaultClients(t, facade.RetryPolicy{MaxAttempts: 3, MaxRetryAfter: time.Minute})
	c.srv.Inject(fakeapi.OpCreateClientLink, fakeapi.Fault{Status: 503, RetryAfter: "30", Times: 3})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.mollie.CreateClientLink(ctx, validLinkRequest())
		done <- err
	}()
	c.waitForRequests(t, fakeapi.OpCreateClientLink, 1)
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
		var re *facade.RetryError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 1, re.Attempts)
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not end when its context was cancelled during the backoff")
	}
	assert.Len(t, c.attempts(fakeapi.OpCreateClientLink), 1)
	assert.Zero(t, c.srv.Handler.Count(fakeapi.KindClientLink))
}

func TestFaultDeadlineStopsRetries(t *testing.T) {
	c := newFaultClients(t, facade.RetryPolicy{MaxAttempts: 5})
	c.srv.Inject(fakeapi.OpReadClient, fakeapi.Fault{Status: 503, RetryAfter: "1", Times: 5})
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	_, err := c.formance.GetClient(ctx, "missing")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrServer)
	// A 1 s pause fits in the 1.5 s deadline once; a second one would pass it.
	assert.Equal(t, 2, apiErr.Attempts)
}

func TestFaultNoGoroutineLeft(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Run("faults", func(t *testing.T) {
		c := newFaultClients(t, facade.RetryPolicy{MaxAttempts: 3, AttemptTimeout: 50 * time.Millisecond})
		for _, f := range []fakeapi.Fault{{Status: 503}, {Drop: true}, {Delay: 100 * time.Millisecond}, {Status: 429, RetryAfter: "1"}} {
			for _, op := range writeOps {
				_, err := op.run(t, c, f)
				if err != nil {
					assert.NotEqual(t, "untyped", errorKind(err), "untyped error: %v", err)
				}
			}
		}
	})
	testutil.AssertNoGoroutineLeft(t, before)
}

// validLinkRequest is a client-link body with every required field.
func validLinkRequest() mollie.ClientLinkRequest {
	return mollie.ClientLinkRequest{
		Owner:   mollie.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
		Name:    "Jansen Bikes B.V.",
		Address: mollie.ClientLinkAddress{Country: "NL"},
	}
}
