package facade

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/gen/formance"
)

// assertNoSecretIn formats v every way a user might and fails if a secret shows.
func assertNoSecretIn(t *testing.T, v any, secrets ...string) {
	t.Helper()
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("value", "v", v)
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("value", "v", v)
	outputs := []string{fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v), fmt.Sprintf("%s", v), logs.String()}
	if err, ok := v.(error); ok {
		outputs = append(outputs, err.Error())
	}
	for _, out := range outputs {
		for _, s := range secrets {
			assert.NotContains(t, out, s)
		}
	}
}

func TestClientsNeverShowCredentials(t *testing.T) {
	m, err := NewMollie(WithAccessToken("access_mollie_SECRET"))
	require.NoError(t, err)
	d, err := NewDwolla(WithClientCredentials("dw-id", "dwolla_SECRET"))
	require.NoError(t, err)
	fc, err := NewFormance("https://org.sandbox.formance.cloud", WithClientCredentials("fm-id", "formance_SECRET"))
	require.NoError(t, err)
	fb, err := NewFormance("https://org.sandbox.formance.cloud", WithBearerToken("formance_bearer_SECRET"))
	require.NoError(t, err)

	for _, v := range []any{m, *m, d, *d, fc, *fc, fb, *fb} {
		assertNoSecretIn(t, v, "SECRET")
	}
	assert.Equal(t, "facade.Mollie{BaseURL: https://api.mollie.com}", fmt.Sprintf("%+v", m))
	assert.Equal(t, "facade.Formance{StackURL: https://org.sandbox.formance.cloud}", fmt.Sprintf("%#v", fb))
}

func TestSecretRedactsClearValue(t *testing.T) {
	s := &Secret{formanceapi.Secret{ID: "s-1", Name: "deploy", LastDigits: "Qz9k", Clear: "clear-value-SECRET-Qz9k"}}
	assertNoSecretIn(t, s, "clear-value-SECRET")
	assertNoSecretIn(t, *s, "clear-value-SECRET")
	assert.Equal(t, "clear-value-SECRET-Qz9k", s.Clear, "the value is one field away")
	assert.Equal(t, "facade.Secret{ID: s-1, Name: deploy, LastDigits: Qz9k, Clear: [redacted]}", s.String())
}

func TestErrorsNeverShowCredentials(t *testing.T) {
	apiErr := decodeOAuthError(providerDwolla, opDwollaToken, 401, http.Header{},
		[]byte(`{"error":"invalid_client","error_description":"bad","echo":"dwolla_SECRET"}`))
	assertNoSecretIn(t, apiErr, "dwolla_SECRET")
	m, err := NewMollie(WithAccessToken("live_SECRETkeySECRETkeySECRETkey"))
	require.NoError(t, err)
	_, err = m.CreateClientLink(shortCtx(t), validLinkRequest())
	require.Error(t, err)
	assertNoSecretIn(t, err, "SECRETkey")
}

func TestLoggingIsOffByDefaultAndRedacted(t *testing.T) {
	api, _ := dwollaStub(t, clientTokenOK)
	_, err := newTestDwolla(t, api.URL).CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
	require.NoError(t, err) // nothing to see: no logger, no output; the default handler discards

	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d := newTestDwolla(t, api.URL, WithLogger(logger))
	_, err = d.CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1?")
	require.Error(t, err, "a query is refused")
	_, err = d.CreateClientToken(shortCtx(t), "customer.update", api.URL+"/customers/c1")
	require.NoError(t, err)

	out := logs.String()
	assert.Contains(t, out, "method=POST")
	assert.Contains(t, out, "path=/client-tokens")
	assert.Contains(t, out, "status=200")
	assert.Contains(t, out, "duration=")
	for _, secret := range []string{dwollaSecret, "app-token-", "Authorization", "Bearer", "4adF858jPeQ9",
		base64.StdEncoding.EncodeToString([]byte(dwollaID + ":" + dwollaSecret))} {
		assert.NotContains(t, out, secret)
	}
}
