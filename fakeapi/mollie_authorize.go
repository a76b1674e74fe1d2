package fakeapi

import (
	"net/http"
)

// mollieAuthorizePath is Mollie's plain OAuth authorize URL (my.mollie.com/oauth2/authorize), for
// organizations that exist already; the fake serves it beside the API.
const mollieAuthorizePath = "/oauth2/authorize"

// mollieAuthorize plays the authorize screen: the same consent as behind a client link, for
// the parameters response_type=code, client_id, redirect_uri (optional; the app's own when
// given), state, scope and approval_prompt.
func (h *Handler) mollieAuthorize(c *call) reply {
	switch c.r.Method {
	case http.MethodGet:
	case http.MethodPost: // the interactive page's answer
		return h.answerConsent(c)
	default:
		return consentMethodNotAllowed("the authorize page")
	}
	q := c.r.URL.Query()
	return h.consent(c, nil, func() (string, string) {
		if rt := q.Get("response_type"); rt != "code" {
			if rt == "" {
				return "invalid_request", "the response_type parameter is missing"
			}
			return "unsupported_response_type", "response_type must be code"
		}
		if uri := q.Get("redirect_uri"); uri != "" && uri != h.cfg.creds.MollieRedirectURI {
			return "invalid_request", "redirect_uri is not the app's"
		}
		return "", ""
	})
}
