package mollie

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/testutil"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
)

// A revoked refresh token ends the organization's authorization: its client then needs a new
// consent, and says so.
func TestRevokeEndsTheAuthorization(t *testing.T) {
	o := newOnboarding(t, testutil.NewManualClock(time.Now()))
	tok := o.connect(t)
	ctx := testutil.ShortCtx(t)

	require.NoError(t, o.oauth.Revoke(ctx, RefreshTokenKind, tok.RefreshToken()))
	require.NoError(t, o.oauth.Revoke(ctx, RefreshTokenKind, tok.RefreshToken()), "revoking twice is no error")

	_, err := o.oauth.Refresh(ctx, tok.RefreshToken())
	assert.ErrorIs(t, err, facade.ErrReconnectRequired)
	m, err := o.oauth.Client(tok, nil, WithBaseURL(o.srv.URL))
	require.NoError(t, err)
	_, err = m.CreateClientLink(ctx, onboardingLinkRequest())
	assert.ErrorIs(t, err, facade.ErrReconnectRequired, "the revoked access token is refused, and so is its refresh")
}

func TestRevokeRefusesBadInputBeforeAnyRequest(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	o := &OAuth{ClientID: srv.Credentials.MollieClientID, ClientSecret: srv.Credentials.MollieClientSecret, TokenURL: srv.URL + "/oauth2/tokens"}
	for name, call := range map[string]func() error{
		"token":      func() error { return o.Revoke(t.Context(), RefreshTokenKind, "") },
		"token kind": func() error { return o.Revoke(t.Context(), "id_token", "refresh_x") },
	} {
		var inErr *facade.InputError
		require.ErrorAs(t, call(), &inErr, name)
		assert.Equal(t, name, inErr.Field)
	}
	assert.Empty(t, srv.Handler.Requests())

	o.ClientSecret = "wrong"
	err := o.Revoke(t.Context(), AccessTokenKind, "access_x")
	var apiErr *facade.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "revoke-oauth-token", apiErr.Operation)
	assert.ErrorIs(t, err, facade.ErrUnauthorized)
}
