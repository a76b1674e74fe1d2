package mollie

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"golang.org/x/oauth2"
)

// Token is a connected organization's OAuth tokens: an access token (valid for an hour) and the
// refresh token that renews it. Formatting, logging or encoding a Token never shows either;
// AccessToken and RefreshToken are the only ways out. The two values are held behind pointers,
// so even a Token nested in an unexported field prints as an address, not a value.
type Token struct {
	access, refresh *string
	Expiry          time.Time // when the access token expires; zero when Mollie did not say
	Scope           string    // the granted permissions, space-separated
}

// NewToken rebuilds a Token, for example one an app stored after Exchange.
func NewToken(accessToken, refreshToken string, expiry time.Time, scope string) *Token {
	return &Token{access: &accessToken, refresh: &refreshToken, Expiry: expiry, Scope: scope}
}

// tokenOf keeps what Mollie's token endpoint answered.
func tokenOf(t *oauth2.Token) *Token {
	scope, _ := t.Extra("scope").(string)
	return NewToken(t.AccessToken, t.RefreshToken, t.Expiry, scope)
}

// oauth2 is the x/oauth2 view of t.
func (t *Token) oauth2() *oauth2.Token {
	return &oauth2.Token{AccessToken: t.AccessToken(), RefreshToken: t.RefreshToken(), TokenType: "Bearer", Expiry: t.Expiry}
}

// AccessToken returns the access token, the credential of API calls.
func (t *Token) AccessToken() string { return deref(t.access) }

// RefreshToken returns the refresh token, the credential that renews the access token.
func (t *Token) RefreshToken() string { return deref(t.refresh) }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// String describes the token without its values.
func (t Token) String() string {
	return fmt.Sprintf("mollie.Token{AccessToken: %s, RefreshToken: %s, Expiry: %s, Scope: %s}",
		redacted, redacted, t.Expiry.UTC().Format(time.RFC3339), t.Scope)
}

// Format prints String for every verb.
func (t Token) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(t.String())) }

// LogValue keeps the values out of slog output.
func (t Token) LogValue() slog.Value {
	return slog.GroupValue(slog.String("access_token", redacted), slog.String("refresh_token", redacted),
		slog.Time("expiry", t.Expiry), slog.String("scope", t.Scope))
}

// MarshalJSON encodes the expiry and scope only.
func (t Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Expiry time.Time `json:"expiry"`
		Scope  string    `json:"scope,omitempty"`
	}{t.Expiry, t.Scope})
}

// redacted stands in for a secret in formatted output.
const redacted = "[redacted]"
