package facade_test

import (
	"context"
	"sync"
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
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

// These tests run every operation against the fake, which validates each request the facade
// sends against our specs.

func fakeCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestFakeMollieCreateClientLink(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	m, err := mollie.New(mollie.AccessToken(srv.Credentials.MollieAccessToken), mollie.WithBaseURL(srv.URL))
	require.NoError(t, err)
	locale := mollieapi.LocaleNlNL
	req := mollieapi.ClientLinkRequest{
		Owner:   mollieapi.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen", Locale: &locale},
		Name:    "Jansen Bikes B.V.",
		Address: mollieapi.ClientLinkAddress{Country: "NL"},
	}
	link, err := m.CreateClientLink(fakeCtx(t), req)
	require.NoError(t, err)
	assert.NotEmpty(t, link.ID)
	assert.NotEmpty(t, link.Href)

	again, err := m.CreateClientLink(fakeCtx(t), req, facade.IdempotencyKey("link-once"))
	require.NoError(t, err)
	replayed, err := m.CreateClientLink(fakeCtx(t), req, facade.IdempotencyKey("link-once"))
	require.NoError(t, err)
	assert.Equal(t, again.ID, replayed.ID, "the fake replays a repeated key")
	assert.Equal(t, 2, srv.Handler.Count(fakeapi.KindClientLink))

	bad, err := mollie.New(mollie.AccessToken("access_unknown"), mollie.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = bad.CreateClientLink(fakeCtx(t), req)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
	assert.Equal(t, "mollie", apiErr.Provider)
}

func TestFakeDwollaCreateClientToken(t *testing.T) {
	fakeClock := testutil.NewManualClock(time.Now())
	srv := fakeapitest.NewServer(t, fakeapi.WithClock(fakeClock.Now))
	d, err := dwolla.New(srv.Credentials.DwollaClientID, srv.Credentials.DwollaClientSecret, dwolla.WithBaseURL(srv.URL))
	require.NoError(t, err)
	customer := srv.URL + "/customers/707177c3-bf15-4e7e-b37c-55c3898d9bf4"

	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			token, err := d.CreateClientToken(fakeCtx(t), "customer.update", customer)
			if err == nil && token == "" {
				t.Error("empty token")
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindDwollaToken), "50 concurrent calls, one application token")
	assert.Equal(t, 50, srv.Handler.Count(fakeapi.KindClientToken))

	// The fake's clock runs ahead: it now calls the cached token expired; the facade fetches
	// one new token and replays the call.
	fakeClock.Advance(2 * time.Hour)
	_, err = d.CreateClientToken(fakeCtx(t), "customer.fundingsources.create", customer)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.Handler.Count(fakeapi.KindDwollaToken))
	assert.Equal(t, 51, srv.Handler.Count(fakeapi.KindClientToken))

	wrong, err := dwolla.New("nobody", "wrong-secret-value", dwolla.WithBaseURL(srv.URL))
	require.NoError(t, err)
	_, err = wrong.CreateClientToken(fakeCtx(t), "customer.update", customer)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "createApplicationAccessToken", apiErr.Operation)
	assert.Equal(t, 401, apiErr.StatusCode)
	assert.NotContains(t, err.Error(), "wrong-secret-value")
	assert.NotContains(t, string(apiErr.Body), "wrong-secret-value")
}

func TestFakeFormanceEveryOperation(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	f, err := formance.New(srv.URL, formance.BearerToken(srv.Credentials.FormanceToken))
	require.NoError(t, err)
	ctx := fakeCtx(t)

	desc := "Back office"
	client, err := f.CreateClient(ctx, formanceapi.ClientOptions{Name: "backoffice", Description: &desc,
		RedirectUris: []string{"https://app.example.org/callback"}, Metadata: &formanceapi.Metadata{"team": "payments"}})
	require.NoError(t, err)
	require.NotEmpty(t, client.ID)

	got, err := f.GetClient(ctx, client.ID)
	require.NoError(t, err)
	assert.Equal(t, "backoffice", got.Name)

	updated, err := f.UpdateClient(ctx, client.ID, formanceapi.ClientOptions{Name: "backoffice v2"})
	require.NoError(t, err)
	assert.Equal(t, "backoffice v2", updated.Name)

	secret, err := f.CreateSecret(ctx, client.ID, formanceapi.SecretOptions{Name: "deploy"})
	require.NoError(t, err)
	require.NotEmpty(t, secret.Clear())
	assert.NotContains(t, secret.String(), secret.Clear())

	require.NoError(t, f.AddScope(ctx, client.ID, "ledger:read"))
	got, err = f.GetClient(ctx, client.ID)
	require.NoError(t, err)
	assert.Contains(t, got.Scopes, "ledger:read")
	require.NoError(t, f.RemoveScope(ctx, client.ID, "ledger:read"))

	// The new client's own credentials work against the stack's token endpoint, once it may ask
	// for the scopes Auth operations need.
	for _, scope := range formance.DefaultTokenScopes {
		require.NoError(t, f.AddScope(ctx, client.ID, scope))
	}
	own, err := formance.New(srv.URL, formance.ClientCredentials(client.ID, secret.Clear()))
	require.NoError(t, err)
	clients, err := own.ListClients(ctx)
	require.NoError(t, err)
	assert.Len(t, clients, 1)
	assert.Equal(t, 1, srv.Handler.Count(fakeapi.KindFormanceToken))

	require.NoError(t, f.DeleteSecret(ctx, client.ID, secret.ID))
	require.NoError(t, f.DeleteClient(ctx, client.ID))
	_, err = f.GetClient(ctx, client.ID)
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, facade.ErrNotFound)
	assert.Equal(t, "readClient", apiErr.Operation)
	assert.Empty(t, apiErr.Body, "today's stacks answer 404 with no body")
	assert.Equal(t, 0, srv.Handler.Count(fakeapi.KindFormanceClient))
}
