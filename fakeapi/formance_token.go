package fakeapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"mime"
	"net/http"
	"net/url"
	"time"
)

// formanceTokenPath is the stack's OAuth token endpoint, which the Formance spec does not describe.
const formanceTokenPath = "/api/auth/oauth/token"

// formanceTokenLifetime is the lifetime of tokens issued by the token endpoint.
const formanceTokenLifetime = time.Hour

type formanceToken struct {
	clientID  string
	expiresAt time.Time
}

// createFormanceToken runs the client-credentials grant for clients created through the API:
// the client id and one of its secrets, over HTTP Basic or as form fields.
func (h *Handler) createFormanceToken(c *call) reply {
	if c.r.Method != http.MethodPost {
		return oauthFailure(http.StatusMethodNotAllowed, "invalid_request", "the token endpoint only answers POST")
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
	if !h.formanceSecretMatches(id, secret) {
		return oauthFailure(http.StatusUnauthorized, "invalid_client", "the client id or secret was not accepted")
	}
	token := randomToken("fmt_")
	h.st.formanceTokens[token] = formanceToken{clientID: id, expiresAt: h.cfg.clock().Add(formanceTokenLifetime)}
	return tokenReply(token, "Bearer", formanceTokenLifetime, nil)
}

// formanceSecretMatches checks secret against the stored hashes of the client's secrets.
func (h *Handler) formanceSecretMatches(clientID, secret string) bool {
	id, ok := parseUUID(clientID)
	if !ok {
		return false
	}
	client, ok, err := h.st.formance.get(id)
	if !ok || err != nil {
		return false
	}
	hash := sha256.Sum256([]byte(secret))
	for _, s := range client.secrets {
		if subtle.ConstantTimeCompare(hash[:], s.hash[:]) == 1 {
			return true
		}
	}
	return false
}

// formanceTokenLive tells whether token was issued by the token endpoint and has not expired.
func (h *Handler) formanceTokenLive(token string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	t, ok := h.st.formanceTokens[token]
	return ok && h.cfg.clock().Before(t.expiresAt)
}
