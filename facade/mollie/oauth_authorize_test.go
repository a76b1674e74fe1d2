package mollie

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
)

func TestOAuthAuthorizeURL(t *testing.T) {
	o := &OAuth{ClientID: testAppID, ClientSecret: testAppSecret, RedirectURL: testRedirect}
	raw, err := o.AuthorizeURL(AuthorizeParams{State: "st", Scopes: []string{"organizations.read", "payments.write"}, ApprovalPrompt: ApprovalPromptForce})
	require.NoError(t, err)
	u, err := url.Parse(raw)
	require.NoError(t, err)
	assert.Equal(t, "https://my.mollie.com/oauth2/authorize", u.Scheme+"://"+u.Host+u.Path)
	assert.Equal(t, url.Values{
		"response_type": {"code"}, "client_id": {testAppID}, "redirect_uri": {testRedirect}, "state": {"st"},
		"scope": {"organizations.read payments.write"}, "approval_prompt": {"force"},
	}, u.Query())
	assert.Contains(t, raw, "scope=organizations.read%20payments.write")

	fake := &OAuth{ClientID: testAppID, AuthURL: "http://127.0.0.1:8080/oauth2/authorize"}
	raw, err = fake.AuthorizeURL(AuthorizeParams{State: "st", Scopes: []string{"clients.write"}})
	require.NoError(t, err)
	assert.Contains(t, raw, "http://127.0.0.1:8080/oauth2/authorize?response_type=code&client_id=")
	assert.NotContains(t, raw, "redirect_uri", "left out when the app has none")
}

func TestOAuthAuthorizeURLRefusesWhatTheLinkURLRefuses(t *testing.T) {
	cases := map[string]struct {
		o     *OAuth
		p     AuthorizeParams
		field string
	}{
		"no state":       {&OAuth{ClientID: testAppID}, AuthorizeParams{Scopes: []string{"a"}}, "state"},
		"no scope":       {&OAuth{ClientID: testAppID}, AuthorizeParams{State: "s"}, "scope"},
		"bad client id":  {&OAuth{ClientID: "abc"}, AuthorizeParams{State: "s", Scopes: []string{"a"}}, "client_id"},
		"plain http":     {&OAuth{ClientID: testAppID, AuthURL: "http://mollie.example/oauth2/authorize"}, AuthorizeParams{State: "s", Scopes: []string{"a"}}, "OAuth.AuthURL"},
		"bad prompt":     {&OAuth{ClientID: testAppID}, AuthorizeParams{State: "s", Scopes: []string{"a"}, ApprovalPrompt: "always"}, "approval_prompt"},
		"scope with tab": {&OAuth{ClientID: testAppID}, AuthorizeParams{State: "s", Scopes: []string{"a\tb"}}, "scope[0]"},
	}
	for name, c := range cases {
		_, err := c.o.AuthorizeURL(c.p)
		var inErr *facade.InputError
		require.ErrorAs(t, err, &inErr, name)
		assert.Equal(t, c.field, inErr.Field, name)
		assert.ErrorIs(t, err, facade.ErrValidation, name)
	}
}
