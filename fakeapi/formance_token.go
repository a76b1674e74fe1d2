package fakeapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// formanceTokenPath is the stack's OAuth token endpoint, which the Formance spec does not describe.
const formanceTokenPath = "/api/auth/oauth/token"

// formanceTokenLifetime is the lifetime of tokens issued by the token endpoint.
const formanceTokenLifetime = time.Hour

type formanceToken struct {
	clientID  string
	scopes    []string
	expiresAt time.Time
}

// createFormanceToken runs the client-credentials grant for clients created through the API:
// the client id and one of its secrets, over HTTP Basic or as form fields. Today a token may
// carry only scopes the client lists (such as auth:read); a 2023 stack granted what was asked.
func (h *Handler) createFormanceToken(c *call) reply {
	if c.r.Method != http.MethodPost {
		rp := oauthFailure(http.StatusMethodNotAllowed, "invalid_request", "the token endpoint only answers POST")
		rp.setHeader("Allow", http.MethodPost)
		return rp
	}
	if mt, _, err := mime.ParseMediaType(c.r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return oauthFailure(http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	form, err := url.ParseQuery(string(c.body))
	if err != nil {
		return oauthFailure(http.StatusBadRequest, "invalid_request", "the body is not form-encoded")
	}
	switch grant := form.Get("grant_type"); grant {
	case "client_credentials":
	case "":
		return oauthFailure(http.StatusBadRequest, "invalid_request", "grant_type is required")
	default:
		return oauthFailure(http.StatusBadRequest, "unsupported_grant_type", "only client_credentials is supported")
	}
	id, secret, ok := basicCredentials(c.r)
	if !ok {
		id, secret = form.Get("client_id"), form.Get("client_secret")
	}
	if id == "" || secret == "" {
		return oauthFailure(http.StatusUnauthorized, "invalid_client", "client credentials are required")
	}
	client, ok := h.formanceClientWithSecret(id, secret)
	if !ok {
		return oauthFailure(http.StatusUnauthorized, "invalid_client", "the client id or secret was not accepted")
	}
	scopes := strings.Fields(form.Get("scope"))
	if h.cfg.formanceGeneration == FormanceToday {
		for _, s := range scopes {
			if !slices.Contains(client.scopes, s) {
				return oauthFailure(http.StatusBadRequest, "invalid_scope", "the client's scopes do not include "+s)
			}
		}
	}
	now := h.cfg.clock()
	if !admit(h.st.formanceTokens, &h.st.sweeps.formanceTokens, maxFormanceTokens,
		func(t formanceToken) bool { return expiredAt(now, t.expiresAt) }) {
		return styleOAuth.reply(storeFull(http.StatusServiceUnavailable, "live Formance tokens", maxFormanceTokens))
	}
	token := randomToken("fmt_")
	h.st.formanceTokens[token] = formanceToken{clientID: id, scopes: scopes, expiresAt: now.Add(formanceTokenLifetime)}
	return tokenReply(token, "Bearer", formanceTokenLifetime, map[string]any{"scope": strings.Join(scopes, " ")})
}

// formanceClientWithSecret finds the client and checks secret against its secrets' hashes.
func (h *Handler) formanceClientWithSecret(clientID, secret string) (formanceClient, bool) {
	id, ok := parseUUID(clientID)
	if !ok {
		return formanceClient{}, false
	}
	client, ok, err := h.st.formance.get(id)
	if !ok || err != nil {
		return formanceClient{}, false
	}
	hash := sha256.Sum256([]byte(secret))
	for _, s := range client.secrets {
		if subtle.ConstantTimeCompare(hash[:], s.hash[:]) == 1 {
			return client, true
		}
	}
	return formanceClient{}, false
}

// formanceTokenCheck accepts a token issued by the token endpoint that has not expired and, on
// today's generation, carries every scope in needed.
func (h *Handler) formanceTokenCheck(token string, needed []string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	t, ok := h.st.formanceTokens[token]
	if !ok || !h.cfg.clock().Before(t.expiresAt) {
		return &authError{code: "UNAUTHORIZED", message: "the bearer token was not accepted"}
	}
	if h.cfg.formanceGeneration == FormanceToday {
		for _, s := range needed {
			if !slices.Contains(t.scopes, s) {
				return &authError{code: "UNAUTHORIZED", message: "the token lacks the " + s + " scope; ask for it at the token endpoint"}
			}
		}
	}
	return nil
}
