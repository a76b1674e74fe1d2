package fakeapi

import (
	"net/http"
)

// createDwollaToken serves createApplicationAccessToken; the client id and secret were checked by
// validation.
func (h *Handler) createDwollaToken(*call) reply {
	token := randomToken("dwolla_")
	h.st.dwollaTokens[token] = h.cfg.clock().Add(h.cfg.dwollaTokenTTL)
	return tokenReply(token, "Bearer", h.cfg.dwollaTokenTTL, nil)
}

// createClientToken serves createClientToken; token, Accept header and body were checked by
// validation.
func (h *Handler) createClientToken(*call) reply {
	h.st.clientTokens++
	return jsonReply(http.StatusOK, dwollaMediaType, map[string]string{"token": randomToken("")})
}

// dwollaTokenCheck accepts an application token issued by /token that has not expired.
func (h *Handler) dwollaTokenCheck(token string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	expiresAt, ok := h.st.dwollaTokens[token]
	switch {
	case !ok:
		return &authError{code: "InvalidAccessToken", message: "Invalid access token."}
	case !h.cfg.clock().Before(expiresAt):
		return &authError{code: "ExpiredAccessToken", message: "Expired access token."}
	}
	return nil
}
