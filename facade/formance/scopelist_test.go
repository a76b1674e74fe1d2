package formance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// On a 2023 stack each call lists the scope records at most once, however many scopes it grants
// or takes away.
func TestA2023CallListsScopeRecordsOnce(t *testing.T) {
	srv := fakeapitest.NewServer(t, fakeapi.WithFormanceGeneration(fakeapi.FormanceSeed2023))
	stack, err := New(srv.URL, BearerToken(srv.Credentials.FormanceToken), WithGeneration(Seed2023))
	require.NoError(t, err)
	ctx := testutil.ShortCtx(t)
	sent := 0
	step := func(name string, run func() error) {
		t.Helper()
		require.NoError(t, run(), name)
		reqs := srv.Handler.Requests()[sent:]
		sent += len(reqs)
		lists := 0
		ops := make([]string, len(reqs))
		for i, r := range reqs {
			ops[i] = r.OperationID
			if r.OperationID == opListScopes {
				lists++
			}
		}
		t.Logf("%s: %d requests: %v", name, len(reqs), ops)
		assert.LessOrEqual(t, lists, 1, name)
	}
	var c *Client
	step("create with 3 scopes", func() (err error) {
		c, err = stack.CreateClient(ctx, ClientOptions{Name: "worker", Scopes: []string{"ledger:read", "ledger:write", "payments:read"}})
		return err
	})
	assert.ElementsMatch(t, []string{"ledger:read", "ledger:write", "payments:read"}, c.Scopes)
	step("update to 2 scopes", func() (err error) {
		c, err = stack.UpdateClient(ctx, c.ID, ClientOptions{Name: "worker", Scopes: []string{"ledger:read", "wallets:read"}})
		return err
	})
	assert.ElementsMatch(t, []string{"ledger:read", "wallets:read"}, c.Scopes)
	step("add", func() error { return stack.AddScope(ctx, c.ID, "ledger:write") })
	step("remove", func() error { return stack.RemoveScope(ctx, c.ID, "ledger:read") })
	step("get", func() (err error) {
		c, err = stack.GetClient(ctx, c.ID)
		return err
	})
	assert.ElementsMatch(t, []string{"ledger:write", "wallets:read"}, c.Scopes)
}
