package fakeapi

import (
	"net/http"
	"net/url"
	"strings"
	"time"
)

// mollieTokenLifetime is the lifetime of access tokens issued by /oauth2/tokens.
const mollieTokenLifetime = time.Hour

type mollieToken struct {
	scope     string
	expiresAt time.Time
}

// createMollieToken serves create-oauth-token: the authorization_code grant (each code once) and
// the refresh_token grant. The app's credentials were checked by validation.
func (h *Handler) createMollieToken(c *call) reply {
	form, _ := url.ParseQuery(string(c.body)) // validation parsed it already and refuses a bad one
	switch form.Get("grant_type") {
	case "authorization_code":
		return h.exchangeMollieCode(form)
	default: // refresh_token; the spec's enum rejected everything else
		refresh := form.Get("refresh_token")
		if refresh == "" {
			return oauthFailure(http.StatusBadRequest, "invalid_request", "refresh_token is required")
		}
		scope, ok := h.st.mollieRefresh[refresh]
		if !ok {
			return oauthFailure(http.StatusBadRequest, "invalid_grant", "the refresh token is unknown")
		}
		return h.issueMollieToken(scope, "")
	}
}

func (h *Handler) exchangeMollieCode(form url.Values) reply {
	code := form.Get("code")
	if code == "" {
		return oauthFailure(http.StatusBadRequest, "invalid_request", "code is required")
	}
	grant, ok := h.st.mollieCodes[code]
	switch {
	case !ok:
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "the authorization code is unknown")
	case grant.used:
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "the authorization code was already used")
	case h.cfg.clock().Sub(grant.createdAt) > mollieCodeLifetime:
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "the authorization code has expired")
	}
	if uri := form.Get("redirect_uri"); uri != "" && uri != h.cfg.creds.MollieRedirectURI {
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the app's")
	}
	grant.used = true
	refresh := randomToken("refresh_")
	h.st.mollieRefresh[refresh] = grant.scope
	return h.issueMollieToken(grant.scope, refresh)
}

// issueMollieToken stores a new access token; refresh is included in the answer when not empty.
func (h *Handler) issueMollieToken(scope, refresh string) reply {
	token := randomToken("access_")
	h.st.mollieTokens[token] = mollieToken{scope: scope, expiresAt: h.cfg.clock().Add(mollieTokenLifetime)}
	extra := map[string]any{"scope": scope}
	if refresh != "" {
		extra["refresh_token"] = refresh
	}
	return tokenReply(token, "bearer", mollieTokenLifetime, extra)
}

// mollieTokenScopes returns the scopes granted to token when it was issued by /oauth2/tokens and
// has not expired.
func (h *Handler) mollieTokenScopes(token string) (scopes []string, live bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t, ok := h.st.mollieTokens[token]
	if !ok || !h.cfg.clock().Before(t.expiresAt) {
		return nil, false
	}
	return strings.Fields(t.scope), true
}

func oauthFailure(status int, code, description string) reply {
	return styleOAuth.reply(failure{status: status, code: code, message: description})
}
