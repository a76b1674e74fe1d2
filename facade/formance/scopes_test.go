package formance

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// Scopes are labels on both generations: the same calls, each stack's own endpoints.
func TestScopesAreLabelsOnBothGenerations(t *testing.T) {
	for _, gen := range []struct {
		fake fakeapi.FormanceGeneration
		want Generation
	}{{fakeapi.FormanceToday, Today}, {fakeapi.FormanceSeed2023, Seed2023}} {
		t.Run(gen.want.String(), func(t *testing.T) {
			srv := fakeapitest.NewServer(t, fakeapi.WithFormanceGeneration(gen.fake))
			stack, err := New(srv.URL, BearerToken(srv.Credentials.FormanceToken))
			require.NoError(t, err)
			ctx := testutil.ShortCtx(t)

			g, err := stack.Generation(ctx)
			require.NoError(t, err)
			assert.Equal(t, gen.want, g, "detected from /_info")

			c, err := stack.CreateClient(ctx, ClientOptions{Name: "worker", Scopes: []string{"ledger:read"}})
			require.NoError(t, err)
			assert.Equal(t, []string{"ledger:read"}, c.Scopes)
			require.NoError(t, stack.AddScope(ctx, c.ID, "ledger:write"))
			require.NoError(t, stack.AddScope(ctx, c.ID, "ledger:write"), "granting it twice changes nothing")
			got, err := stack.GetClient(ctx, c.ID)
			require.NoError(t, err)
			assert.ElementsMatch(t, []string{"ledger:read", "ledger:write"}, got.Scopes)

			require.NoError(t, stack.RemoveScope(ctx, c.ID, "ledger:read"))
			require.NoError(t, stack.RemoveScope(ctx, c.ID, "payments:read"), "removing one it lacks changes nothing")
			all, err := stack.ListClients(ctx)
			require.NoError(t, err)
			require.Len(t, all, 1)
			assert.Equal(t, []string{"ledger:write"}, all[0].Scopes)

			updated, err := stack.UpdateClient(ctx, c.ID, ClientOptions{Name: "worker", Scopes: []string{"payments:read"}})
			require.NoError(t, err)
			assert.Equal(t, []string{"payments:read"}, updated.Scopes, "an update replaces the scopes")

			var scopeCalls int
			for _, r := range srv.Handler.Requests() {
				if slices.Contains([]string{fakeapi.OpAddScopeToClient, fakeapi.OpDeleteScopeFromClient}, r.OperationID) {
					scopeCalls++
				}
			}
			if gen.want == Today {
				assert.Zero(t, scopeCalls, "today's stacks have no scope endpoints")
			} else {
				assert.Positive(t, scopeCalls)
			}
		})
	}
}

// Client-credentials tokens ask for auth:read and auth:write, which today's stacks require.
func TestClientCredentialsAskForTheAuthScopes(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	admin, err := New(srv.URL, BearerToken(srv.Credentials.FormanceToken))
	require.NoError(t, err)
	ctx := testutil.ShortCtx(t)
	c, err := admin.CreateClient(ctx, ClientOptions{Name: "ci", Scopes: DefaultTokenScopes})
	require.NoError(t, err)
	secret, err := admin.CreateSecret(ctx, c.ID, SecretOptions{Name: "ci"})
	require.NoError(t, err)

	own, err := New(srv.URL, ClientCredentials(c.ID, secret.Clear()))
	require.NoError(t, err)
	_, err = own.ListClients(ctx)
	require.NoError(t, err)

	readOnly, err := New(srv.URL, ClientCredentials(c.ID, secret.Clear()), WithTokenScopes("auth:read"))
	require.NoError(t, err)
	_, err = readOnly.ListClients(ctx)
	require.NoError(t, err)
	_, err = readOnly.CreateClient(ctx, ClientOptions{Name: "refused"})
	require.Error(t, err, "a token without auth:write cannot create")
}

func TestGenerationOfVersion(t *testing.T) {
	for version, want := range map[string]Generation{"v2.0.0": Today, "v2.3.1-rc1": Today, "3.0.0": Today,
		"v1.10.3": Seed2023, "v0.9.0": Seed2023, "develop": Today, "": Today} {
		assert.Equal(t, want, generationOf(version), version)
	}
}
