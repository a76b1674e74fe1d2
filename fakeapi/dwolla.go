package fakeapi

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// createDwollaToken serves createApplicationAccessToken. The application's key and secret come
// over HTTP Basic or as client_id and client_secret in the form body, never both.
func (h *Handler) createDwollaToken(c *call) reply {
	form, _ := url.ParseQuery(string(c.body)) // validation parsed it already
	id, secret, basic := basicCredentials(c.r)
	inBody := form.Has("client_id") || form.Has("client_secret")
	switch {
	case basic && inBody:
		return oauthFailure(http.StatusBadRequest, "invalid_request",
			"send the client credentials over HTTP Basic or in the body, not both")
	case inBody:
		id, secret = form.Get("client_id"), form.Get("client_secret")
	case !basic:
		return oauthFailure(http.StatusUnauthorized, "invalid_client",
			"client credentials are required, over HTTP Basic or as client_id and client_secret in the body")
	}
	creds := h.cfg.creds
	if !equalSecret(id, creds.DwollaClientID) || !equalSecret(secret, creds.DwollaClientSecret) {
		return oauthFailure(http.StatusUnauthorized, "invalid_client", "the client id or secret was not accepted")
	}
	now := h.cfg.clock()
	if !admit(h.st.dwollaTokens, &h.st.sweeps.dwollaTokens, maxDwollaTokens,
		func(end time.Time) bool { return expiredAt(now, end) }) {
		return styleOAuth.reply(storeFull(http.StatusBadRequest, "live Dwolla tokens", maxDwollaTokens))
	}
	token := randomToken("dwolla_")
	h.st.dwollaTokens[token] = now.Add(h.cfg.dwollaTokenTTL)
	return tokenReply(token, "Bearer", h.cfg.dwollaTokenTTL, nil)
}

// createClientToken serves createClientToken; token, Accept header and body shape were checked
// by validation, the customer URL is checked here.
func (h *Handler) createClientToken(c *call) reply {
	href, _ := lookupString(c.value, "_links", "customer", "href")
	if problem := customerURLProblem(href); problem != "" {
		return styleDwolla.reply(failure{status: http.StatusBadRequest, field: []string{"_links", "customer", "href"},
			message: problem})
	}
	h.st.clientTokens++
	return jsonReply(http.StatusOK, dwollaMediaType, map[string]string{"token": randomToken("")})
}

// dwollaAPIHosts are the hosts of Dwolla's production and sandbox APIs.
var dwollaAPIHosts = []string{"api.dwolla.com", "api-sandbox.dwolla.com"}

// customerURLProblem says what is wrong with a customer URL, or "" when it is one: https on a
// Dwolla API host, path /customers/{id}. So that apps can build URLs from the fake's own address,
// a loopback host (localhost, 127.0.0.0/8, ::1) is accepted too, over http or https.
func customerURLProblem(href string) string {
	u, err := url.Parse(href)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return "is not an absolute URL: " + truncate(href)
	}
	host := u.Hostname()
	loopback := host == "localhost"
	if ip := net.ParseIP(host); ip != nil {
		loopback = ip.IsLoopback()
	}
	switch {
	case loopback && (u.Scheme == "http" || u.Scheme == "https"):
	case u.Scheme != "https":
		return "must be an https URL, not " + u.Scheme
	case !containsFold(dwollaAPIHosts, host):
		return "must point at " + strings.Join(dwollaAPIHosts, " or ") + ", not " + host
	}
	id, ok := strings.CutPrefix(u.EscapedPath(), "/customers/")
	if !ok || id == "" || strings.Contains(id, "/") || u.RawQuery != "" || u.Fragment != "" {
		return "must be a customer URL, …/customers/{id}"
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, item := range list {
		if strings.EqualFold(item, s) {
			return true
		}
	}
	return false
}

// truncate keeps an echoed value short.
func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
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
