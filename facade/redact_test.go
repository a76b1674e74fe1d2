package facade_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/internal/call"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/facade/mollie"
)

func TestClientsNeverShowCredentials(t *testing.T) {
	m, err := mollie.New(mollie.AccessToken("access_mollie_SECRET"))
	require.NoError(t, err)
	d, err := dwolla.New("dw-id", "dwolla_SECRET")
	require.NoError(t, err)
	fc, err := formance.New("https://org.sandbox.formance.cloud", formance.ClientCredentials("fm-id", "formance_SECRET"))
	require.NoError(t, err)
	fb, err := formance.New("https://org.sandbox.formance.cloud", formance.BearerToken("formance_bearer_SECRET"))
	require.NoError(t, err)

	for _, v := range []any{m, *m, d, *d, fc, fb} {
		testutil.AssertNoSecretIn(t, v, "SECRET")
	}
	assert.Equal(t, "mollie.Client{BaseURL: https://api.mollie.com}", fmt.Sprintf("%+v", m))
	assert.Equal(t, "formance.Stack{StackURL: https://org.sandbox.formance.cloud}", fmt.Sprintf("%#v", fb))
}

func TestErrorsNeverShowCredentials(t *testing.T) {
	apiErr := call.DecodeOAuthError("dwolla", "createApplicationAccessToken", 401, http.Header{},
		[]byte(`{"error":"invalid_client","error_description":"bad","echo":"dwolla_SECRET"}`))
	testutil.AssertNoSecretIn(t, apiErr, "dwolla_SECRET")
	m, err := mollie.New(mollie.AccessToken("live_SECRETkeySECRETkeySECRETkey"))
	require.NoError(t, err)
	_, err = m.CreateClientLink(testutil.ShortCtx(t), mollie.ClientLinkRequest{Owner: mollie.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"}, Name: "Jansen Bikes", Address: mollie.ClientLinkAddress{Country: "NL"}})
	require.Error(t, err)
	testutil.AssertNoSecretIn(t, err, "SECRETkey")
}
