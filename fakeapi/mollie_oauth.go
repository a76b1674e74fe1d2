package fakeapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

type mollieToken struct {
	scope     string
	expiresAt time.Time
	grant     *mollieGrant // the authorization it was issued under
}

// mollieGrant is one authorization of the app by the organization: what a code exchange starts
// and its refresh token (rotated or not) carries on.
type mollieGrant struct {
	id        string // public name, for MollieGrants
	scope     string
	refresh   string // the refresh token that works now
	refreshes int
	revoked   bool
}

// MollieGrant is what the fake knows of one authorization of the Mollie app (one code exchange
// and the refresh tokens that follow from it), for tests to read.
type MollieGrant struct {
	// ID names the authorization: mollie-grant-1, -2… in the order of the code exchanges.
	ID string
	// Scope is the scopes granted, separated by spaces.
	Scope string
	// Refreshes counts the refresh_token grants answered for it.
	Refreshes int
	// Revoked is true once its refresh token was revoked, or a forced consent replaced it.
	Revoked bool
}

// MollieGrants lists the authorizations of the Mollie app, oldest first.
func (h *Handler) MollieGrants() []MollieGrant {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]MollieGrant, len(h.st.mollieGrants))
	for i, g := range h.st.mollieGrants {
		out[i] = MollieGrant{ID: g.id, Scope: g.scope, Refreshes: g.refreshes, Revoked: g.revoked}
	}
	return out
}

// createMollieToken serves create-oauth-token: the authorization_code grant (each code once) and
// the refresh_token grant. The app's credentials were checked by validation.
func (h *Handler) createMollieToken(c *call) reply {
	form, _ := url.ParseQuery(string(c.body)) // validation parsed it already and refuses a bad one
	if form.Get("grant_type") == "authorization_code" {
		return h.exchangeMollieCode(form)
	}
	// refresh_token; the spec's enum rejected everything else
	refresh := form.Get("refresh_token")
	if refresh == "" {
		return oauthFailure(http.StatusBadRequest, "invalid_request", "refresh_token is required")
	}
	grant, ok := h.st.mollieRefresh[refresh]
	if !ok {
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "the refresh token is unknown, rotated or revoked")
	}
	grant.refreshes++
	next := ""
	if h.cfg.mollieRotation {
		next = randomToken("refresh_")
		delete(h.st.mollieRefresh, refresh)
		h.st.mollieRefresh[next] = grant
		grant.refresh = next
	}
	return h.issueMollieToken(grant, next)
}

func (h *Handler) exchangeMollieCode(form url.Values) reply {
	code := form.Get("code")
	if code == "" {
		return oauthFailure(http.StatusBadRequest, "invalid_request", "code is required")
	}
	authz, ok := h.st.mollieCodes[code]
	switch {
	case !ok:
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "the authorization code is unknown")
	case authz.used:
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "the authorization code was already used")
	case h.cfg.clock().Sub(authz.createdAt) > mollieCodeLifetime:
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "the authorization code has expired")
	}
	if uri := form.Get("redirect_uri"); uri != "" && uri != h.cfg.creds.MollieRedirectURI {
		return oauthFailure(http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the app's")
	}
	if len(h.st.mollieGrants) >= maxMollieGrants {
		return styleOAuth.reply(storeFull(http.StatusBadRequest, "Mollie authorizations", maxMollieGrants))
	}
	authz.used = true
	if authz.force { // approval_prompt=force: the new authorization replaces the earlier ones
		for _, g := range h.st.mollieGrants {
			h.revokeMollieGrant(g)
		}
	}
	grant := &mollieGrant{id: fmt.Sprintf("mollie-grant-%d", len(h.st.mollieGrants)+1),
		scope: authz.scope, refresh: randomToken("refresh_")}
	h.st.mollieGrants = append(h.st.mollieGrants, grant)
	h.st.mollieRefresh[grant.refresh] = grant
	return h.issueMollieToken(grant, grant.refresh)
}

// issueMollieToken stores a new access token under grant; refresh is included in the answer
// when not empty.
func (h *Handler) issueMollieToken(grant *mollieGrant, refresh string) reply {
	now := h.cfg.clock()
	if !admit(h.st.mollieTokens, &h.st.sweeps.mollieTokens, maxMollieTokens,
		func(t mollieToken) bool { return expiredAt(now, t.expiresAt) }) {
		return styleOAuth.reply(storeFull(http.StatusBadRequest, "live Mollie access tokens", maxMollieTokens))
	}
	token := randomToken("access_")
	ttl := h.cfg.mollieTokenTTL
	h.st.mollieTokens[token] = mollieToken{scope: grant.scope, expiresAt: now.Add(ttl), grant: grant}
	extra := map[string]any{"scope": grant.scope}
	if refresh != "" {
		extra["refresh_token"] = refresh
	}
	return tokenReply(token, "bearer", ttl, extra)
}

// revokeMollieToken serves revoke-oauth-token. Revoking a refresh token ends its authorization
// and every access token issued under it; an unknown token is not an error (RFC 7009 section
// 2.2). The hint is where the token is looked for first, not a condition.
func (h *Handler) revokeMollieToken(c *call) reply {
	form, _ := url.ParseQuery(string(c.body)) // validation parsed it and checked both fields
	token := form.Get("token")
	if grant, ok := h.st.mollieRefresh[token]; ok {
		h.revokeMollieGrant(grant)
	} else {
		delete(h.st.mollieTokens, token)
	}
	return emptyReply(http.StatusNoContent)
}

// revokeMollieGrant ends an authorization: its refresh token and its access tokens.
func (h *Handler) revokeMollieGrant(g *mollieGrant) {
	if g.revoked {
		return
	}
	g.revoked = true
	delete(h.st.mollieRefresh, g.refresh)
	for token, t := range h.st.mollieTokens {
		if t.grant == g {
			delete(h.st.mollieTokens, token)
		}
	}
}

// mollieTokenScopes returns the scopes granted to token when it was issued by /oauth2/tokens and
// has not expired or been revoked.
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
