package facade_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// Every exported type of facade/... that holds a secret, on its own and nested in a struct, a
// pointer, a slice and a map, through fmt's verbs, slog (text and JSON) and encoding/json: no
// secret shows, as is, in hex or in base64 (issue 16, point 3).
func TestNoExportedTypeShowsItsSecret(t *testing.T) {
	const (
		stateKey      = "state-signer-key-SECRET-0123456789"
		oauthSecret   = "oauth-client-SECRET-abcdef"
		mollieAccess  = "access_mollie-SECRET-token"
		accessToken   = "access_oauth-SECRET-access"
		refreshToken  = "refresh_oauth-SECRET-refresh"
		dwollaSecret  = "dwolla-SECRET-client-secret"
		formanceCC    = "formance-SECRET-client-secret"
		formanceToken = "formance-SECRET-bearer"
	)
	signer := mollie.StateSigner{Key: []byte(stateKey), TTL: time.Minute}
	oauth := &mollie.OAuth{ClientID: "app_x", ClientSecret: oauthSecret, RedirectURL: "https://app.example/cb"}
	token := mollie.NewToken(accessToken, refreshToken, time.Now().Add(time.Hour), "clients.write")
	mollieStatic, err := mollie.New(mollie.AccessToken(mollieAccess))
	require.NoError(t, err)
	mollieOrg, err := mollie.New(mollie.TokenSource(oauth.TokenSource(context.Background(), token)))
	require.NoError(t, err)
	dw, err := dwolla.New("dw-id", dwollaSecret)
	require.NoError(t, err)
	fcc, err := formance.New("https://org.sandbox.formance.cloud", formance.ClientCredentials("fm-id", formanceCC))
	require.NoError(t, err)
	fbt, err := formance.New("https://org.sandbox.formance.cloud", formance.BearerToken(formanceToken))
	require.NoError(t, err)

	values := map[string]struct {
		v       any
		secrets []string
	}{
		"mollie.StateSigner":  {signer, []string{stateKey}},
		"*mollie.StateSigner": {&signer, []string{stateKey}},
		"mollie.OAuth":        {*oauth, []string{oauthSecret}},
		"*mollie.OAuth":       {oauth, []string{oauthSecret}},
		"mollie.OAuth with passwords in its URLs": {mollie.OAuth{ClientID: "app_x", ClientSecret: oauthSecret,
			TokenURL: "https://app:url-SECRET-pw@api.mollie.com/oauth2/tokens", RedirectURL: "https://u:redirect-SECRET-pw@app.example/cb"},
			[]string{oauthSecret, "url-SECRET-pw", "redirect-SECRET-pw"}},
		"mollie.Token":                {*token, []string{accessToken, refreshToken}},
		"*mollie.Token":               {token, []string{accessToken, refreshToken}},
		"mollie.Credentials (static)": {mollie.AccessToken(mollieAccess), []string{mollieAccess}},
		"mollie.Credentials (oauth)":  {mollie.TokenSource(oauth.TokenSource(context.Background(), token)), []string{accessToken, refreshToken, oauthSecret}},
		"*mollie.Client (static)":     {mollieStatic, []string{mollieAccess}},
		"mollie.Client (static)":      {*mollieStatic, []string{mollieAccess}},
		"*mollie.Client (oauth)":      {mollieOrg, []string{accessToken, refreshToken, oauthSecret}},
		"mollie.Client (oauth)":       {*mollieOrg, []string{accessToken, refreshToken, oauthSecret}},
		"*dwolla.Client":              {dw, []string{dwollaSecret}},
		"dwolla.Client":               {*dw, []string{dwollaSecret}},
		"formance.Credentials (cc)":   {formance.ClientCredentials("fm-id", formanceCC), []string{formanceCC}},
		"formance.Credentials (bt)":   {formance.BearerToken(formanceToken), []string{formanceToken}},
		"*formance.Stack (cc)":        {fcc, []string{formanceCC}},
		"*formance.Stack (bt)":        {fbt, []string{formanceToken}},
	}
	for name, tt := range values {
		t.Run(name, func(t *testing.T) {
			testutil.AssertNoSecretIn(t, tt.v, tt.secrets...)
		})
	}
}

// A created Formance secret and a Dwolla client token come back from the fake: the secret's
// value and the token are out of every rendering of the values that carry them.
func TestCreatedSecretsStayHidden(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	ctx := testutil.ShortCtx(t)
	f, err := formance.New(srv.URL, formance.BearerToken(srv.Credentials.FormanceToken))
	require.NoError(t, err)
	cl, err := f.CreateClient(ctx, formanceapi.ClientOptions{Name: "secret-holder"})
	require.NoError(t, err)
	secret, err := f.CreateSecret(ctx, cl.ID, formanceapi.SecretOptions{Name: "ci"})
	require.NoError(t, err)
	require.NotEmpty(t, secret.Clear())

	testutil.AssertNoSecretIn(t, secret, secret.Clear())
	testutil.AssertNoSecretIn(t, *secret, secret.Clear())
	testutil.AssertNoSecretIn(t, struct {
		Secrets []*formance.Secret
		ByName  map[string]formance.Secret
	}{[]*formance.Secret{secret}, map[string]formance.Secret{"ci": *secret}}, secret.Clear())
	_ = facade.ErrValidation
}

// Clients that hold a fetched token, and the Dwolla token handler around one, show neither the
// token nor their credentials.
func TestClientsHoldingATokenStayHidden(t *testing.T) {
	const (
		dwollaApp     = "dwolla-app-SECRET-token"
		dwollaSecret  = "dwolla-SECRET-client-secret"
		formanceToken = "formance-cc-SECRET-token"
		formanceCC    = "formance-SECRET-client-secret"
	)
	api := testutil.NewStubAPI(t, func(w http.ResponseWriter, r testutil.Recorded) {
		switch r.Path {
		case "/token":
			testutil.Reply(w, 200, "application/json", `{"access_token":"`+dwollaApp+`","token_type":"bearer","expires_in":3600}`)
		case "/client-tokens":
			testutil.Reply(w, 200, "application/vnd.dwolla.v1.hal+json", `{"token":"ct-1"}`)
		case "/api/auth/oauth/token":
			testutil.Reply(w, 200, "application/json", `{"access_token":"`+formanceToken+`","token_type":"Bearer","expires_in":3600}`)
		default:
			testutil.Reply(w, 200, "application/json", `{"data":{"id":"c-1","name":"n"}}`)
		}
	})
	ctx := testutil.ShortCtx(t)
	dw, err := dwolla.New("dw-id", dwollaSecret, dwolla.WithBaseURL(api.URL))
	require.NoError(t, err)
	_, err = dw.CreateClientToken(ctx, "customer.update", "https://api-sandbox.dwolla.com/customers/1")
	require.NoError(t, err)
	fs, err := formance.New(api.URL, formance.ClientCredentials("fm-id", formanceCC), formance.WithGeneration(formance.Today))
	require.NoError(t, err)
	_, err = fs.GetClient(ctx, "c-1")
	require.NoError(t, err)

	testutil.AssertNoSecretIn(t, dw, dwollaApp, dwollaSecret)
	testutil.AssertNoSecretIn(t, &dwolla.TokenHandler{Client: dw, Actions: []string{"customer.update"}}, dwollaApp, dwollaSecret)
	testutil.AssertNoSecretIn(t, fs, formanceToken, formanceCC)
}
