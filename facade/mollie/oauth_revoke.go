package mollie

import (
	"context"
	"io"

	"github.com/clientkit/clientkit/facade/internal/call"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

// TokenKind says which of an organization's tokens Revoke ends.
type TokenKind = mollieapi.RevokeTokenRequestTokenTypeHint

// The token kinds Revoke takes.
const (
	AccessTokenKind  TokenKind = mollieapi.RevokeTokenRequestTokenTypeHintAccessToken
	RefreshTokenKind TokenKind = mollieapi.RevokeTokenRequestTokenTypeHintRefreshToken
)

// opRevokeOAuthToken is Mollie's name for the revocation.
const opRevokeOAuthToken = "revoke-oauth-token"

// Revoke ends token, an access token or a refresh token of a connected organization. Revoking
// the refresh token also ends the access tokens issued with it, and the organization must then
// authorize the app again; a token that is unknown or already ended is not an error. Mollie's
// refusals are a *facade.APIError with the OAuth error code.
//
// Mollie API: revoke-oauth-token, DELETE /oauth2/tokens
// (https://docs.mollie.com/reference/revoke-tokens).
func (o *OAuth) Revoke(ctx context.Context, kind TokenKind, token string) error {
	endpoint, err := o.validTokenURL()
	if err != nil {
		return err
	}
	if !kind.Valid() {
		return inputError(opRevokeOAuthToken, "token kind", "must be AccessTokenKind or RefreshTokenKind")
	}
	if token == "" {
		return inputError(opRevokeOAuthToken, "token", "is empty")
	}
	ctx, cancel := o.context(ctx)
	defer cancel()
	// The revocation shares the token endpoint's URL, which OAuth.TokenURL gives whole.
	req, err := mollieapi.NewRevokeOauthTokenRequestWithFormdataBodyWithContext(ctx, endpoint.Scheme+"://"+endpoint.Host,
		mollieapi.RevokeTokenRequest{Token: token, TokenTypeHint: kind})
	if err != nil {
		return inputError(opRevokeOAuthToken, "request", err.Error())
	}
	req.URL.Path, req.URL.RawPath = endpoint.Path, endpoint.RawPath
	req.SetBasicAuth(o.ClientID, o.ClientSecret)
	resp, err := o.client().Do(req)
	if err != nil {
		return call.TokenRequestError(provider, opRevokeOAuthToken, err)
	}
	defer resp.Body.Close()
	body, _ := call.ReadCapped(resp.Body, call.MaxErrorBody)
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode/100 == 2 {
		return nil
	}
	return call.DecodeOAuthError(provider, opRevokeOAuthToken, resp.StatusCode, resp.Header, body)
}
