package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/clientkit/clientkit/facade/mollie"
)

// This file holds the end of the onboarding: exchange-code trades the callback's code for the
// organization's tokens, refresh gets a new access token. Both print the tokens redacted unless
// --show-tokens is given: stdout often ends up in a terminal's scrollback or a CI log, and a
// refresh token is a lasting credential. Nothing secret is ever logged.

// mollieTokenFlagOf names the flag behind each OAuth setting the facade checks.
var mollieTokenFlagOf = map[string]string{
	"OAuth.ClientID":     "client-id",
	"OAuth.ClientSecret": "client-secret",
	"OAuth.TokenURL":     "token-url",
	"code":               "code",
	"token":              "token",
	"token kind":         "kind",
}

// oauthFlags are the flags exchange-code and refresh share: the OAuth app and the output.
type oauthFlags struct {
	path       string // the command, such as "mollie refresh", for the note on stderr
	clientID   *string
	secret     *string
	tokenURL   *urlValue
	showTokens *bool
	verbose    *bool
}

func newOAuthFlags(path string, fs *commandFlags) *oauthFlags {
	o := &oauthFlags{
		path:       path,
		clientID:   fs.String("client-id", "", "your OAuth app's id, app_… (default $MOLLIE_CLIENT_ID; required)"),
		secret:     fs.String("client-secret", "", "your OAuth app's secret (default $MOLLIE_CLIENT_SECRET; required)"),
		tokenURL:   fs.urlFlag("token-url", mollie.TokenURL, "`URL` of Mollie's OAuth token endpoint, or a fake's"),
		showTokens: fs.Bool("show-tokens", false, "print the access and refresh tokens instead of [redacted]"),
		verbose:    fs.verbose(),
	}
	fs.env("client-id", "MOLLIE_CLIENT_ID")
	fs.env("client-secret", "MOLLIE_CLIENT_SECRET")
	return o
}

// oauth is the app the flags describe; redirectURL may be empty.
func (o *oauthFlags) oauth(redirectURL string, stderr io.Writer) *mollie.OAuth {
	app := &mollie.OAuth{ClientID: *o.clientID, ClientSecret: *o.secret, RedirectURL: redirectURL, TokenURL: o.tokenURL.raw}
	if *o.verbose {
		app.Logger = debugLogger(stderr)
	}
	return app
}

// print writes the token as JSON, redacted unless --show-tokens, and says so on stderr.
func (o *oauthFlags) print(tok *mollie.Token, stdout, stderr io.Writer) error {
	out := tokenOutput{
		AccessToken: tok.AccessToken(), TokenType: "bearer", RefreshToken: tok.RefreshToken(), Expiry: tok.Expiry, Scope: tok.Scope,
	}
	if !*o.showTokens {
		out.AccessToken = redactedIfSet(out.AccessToken)
		out.RefreshToken = redactedIfSet(out.RefreshToken)
		fmt.Fprintf(stderr, "clientkit %s: tokens [redacted]; pass --show-tokens to print them\n", o.path)
	}
	return writeJSON(stdout, out)
}

// tokenOutput is what exchange-code and refresh print, with the names of OAuth's token answer
// (and of oauth2.Token's JSON), so the output can be read back into an oauth2.Token.
type tokenOutput struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	Scope        string    `json:"scope,omitempty"`
}

func redactedIfSet(s string) string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

func runMollieExchangeCode(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const path = "mollie exchange-code"
	fs := newCommandFlags(path,
		"Trades the code that came back to your redirect URL for the organization's access and refresh\n"+
			"tokens (upstream create-oauth-token, grant authorization_code) and prints them as JSON, the\n"+
			"tokens [redacted] unless --show-tokens. A code works once and expires within minutes.")
	code := fs.String("code", "", "the code from the callback's query (required)")
	redirectURL := fs.urlFlag("redirect-url", "", "the redirect `URL` the authorization used, when your app has several (default $MOLLIE_REDIRECT_URL)")
	fs.env("redirect-url", "MOLLIE_REDIRECT_URL")
	o := newOAuthFlags(path, fs)
	fs.require("code", "client-id", "client-secret")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	if err := checkAbsoluteURL("redirect-url", redirectURL); err != nil {
		return err
	}
	tok, err := o.oauth(redirectURL.raw, stderr).Exchange(ctx, *code)
	if err != nil {
		return fs.callError(err, mollieTokenFlagOf)
	}
	return o.print(tok, stdout, stderr)
}

func runMollieRefresh(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const path = "mollie refresh"
	fs := newCommandFlags(path,
		"Gets a new access token with a refresh token (upstream create-oauth-token, grant\n"+
			"refresh_token) and prints it as JSON, the tokens [redacted] unless --show-tokens.")
	refreshToken := fs.String("refresh-token", "", "the organization's refresh token, refresh_… (default $MOLLIE_REFRESH_TOKEN; required)")
	fs.env("refresh-token", "MOLLIE_REFRESH_TOKEN")
	o := newOAuthFlags(path, fs)
	fs.require("refresh-token", "client-id", "client-secret")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	tok, err := o.oauth("", stderr).Refresh(ctx, *refreshToken)
	if err != nil {
		return fs.callError(err, mollieTokenFlagOf)
	}
	return o.print(tok, stdout, stderr)
}

func runMollieRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	const path = "mollie revoke"
	fs := newCommandFlags(path,
		"Ends an organization's access or refresh token (upstream revoke-oauth-token). Revoking the\n"+
			"refresh token also ends its access tokens; the organization must then connect again.\n"+
			"Prints nothing.")
	token := fs.String("token", "", "the token to end (default $MOLLIE_REFRESH_TOKEN; required)")
	fs.env("token", "MOLLIE_REFRESH_TOKEN")
	kind := fs.String("kind", "refresh", "which token --token is: refresh or access")
	o := newOAuthFlags(path, fs)
	fs.require("token", "client-id", "client-secret")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	kinds := map[string]mollie.TokenKind{"refresh": mollie.RefreshTokenKind, "access": mollie.AccessTokenKind}
	k, ok := kinds[*kind]
	if !ok {
		return &usageError{msg: fmt.Sprintf("--kind %q is not one of refresh, access", *kind)}
	}
	if err := o.oauth("", stderr).Revoke(ctx, k, *token); err != nil {
		return fs.callError(err, mollieTokenFlagOf)
	}
	return nil
}
