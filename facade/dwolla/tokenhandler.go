package dwolla

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// TokenHandler serves the tokenUrl of Dwolla's drop-in components: the browser asks it for a
// client token, and it answers {"token": …}. Unlike a pass-through of the browser's body, it
// decides who the token is for and what it may do:
//   - the customer comes from the app (Customer, such as the signed-in user's session); a body
//     that names another customer is refused;
//   - the action must be one of Actions;
//   - a cross-site request is refused: Sec-Fetch-Site must be same-origin, or else Origin must
//     be the request's own host or one of AllowedOrigins (CheckRequest replaces this check with
//     the app's own, such as a CSRF token);
//   - the answer carries Cache-Control: no-store.
//
// Every refusal is a JSON {"error": …, "message": …} with its status: 405 (not POST), 415 (not
// JSON), 400 (unreadable body), 403 (cross-site, action or customer refused), 401 (no customer
// for the request), 502 (Dwolla refused or did not answer; its details go to OnError only).
type TokenHandler struct {
	Client *Client
	// Customer returns the Dwolla customer URL (…/customers/{id}) of the user behind r.
	Customer func(r *http.Request) (string, error)
	// Actions are the actions a token may be asked for, such as customer.update.
	Actions []string
	// AllowedOrigins are origins (scheme://host[:port]) allowed besides the request's own host.
	AllowedOrigins []string
	// CheckRequest, when set, replaces the Origin and Sec-Fetch-Site check.
	CheckRequest func(r *http.Request) error
	// OnError, when set, receives the error behind a 502, for the app's logs.
	OnError func(r *http.Request, err error)
}

// maxTokenRequest caps the body a component sends: an action and a link.
const maxTokenRequest = 4 << 10

// tokenRequest is what a drop-in component posts.
type tokenRequest struct {
	Action string `json:"action"`
	Links  struct {
		Customer struct {
			Href string `json:"href"`
		} `json:"customer"`
	} `json:"_links"`
}

// ServeHTTP answers one token request.
func (h *TokenHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		refuse(w, http.StatusMethodNotAllowed, "method_not_allowed", "use POST")
		return
	}
	if err := h.sameSite(r); err != nil {
		refuse(w, http.StatusForbidden, "cross_site", err.Error())
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		refuse(w, http.StatusUnsupportedMediaType, "unsupported_media_type", "send the body as application/json")
		return
	}
	var req tokenRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxTokenRequest))
	if err := dec.Decode(&req); err != nil {
		refuse(w, http.StatusBadRequest, "invalid_body", "the body is not a token request")
		return
	}
	if !slices.Contains(h.Actions, req.Action) {
		refuse(w, http.StatusForbidden, "action_not_allowed",
			fmt.Sprintf("action %q is not allowed; allowed: %s", req.Action, strings.Join(h.Actions, ", ")))
		return
	}
	if h.Customer == nil || h.Client == nil {
		refuse(w, http.StatusInternalServerError, "not_configured", "the token handler is not configured")
		return
	}
	customer, err := h.Customer(r)
	if err != nil || customer == "" {
		refuse(w, http.StatusUnauthorized, "no_customer", "no customer for this request")
		return
	}
	if asked := req.Links.Customer.Href; asked != "" && asked != customer {
		refuse(w, http.StatusForbidden, "customer_not_allowed", "the request names a customer other than the signed-in one")
		return
	}
	token, err := h.Client.CreateClientToken(r.Context(), req.Action, customer)
	if err != nil {
		if h.OnError != nil {
			h.OnError(r, err)
		}
		refuse(w, http.StatusBadGateway, "token_unavailable", "Dwolla did not issue a token")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"token": token})
}

// sameSite refuses a request a browser sent from another site.
func (h *TokenHandler) sameSite(r *http.Request) error {
	if h.CheckRequest != nil {
		return h.CheckRequest(r)
	}
	switch site := r.Header.Get("Sec-Fetch-Site"); site {
	case "same-origin":
		return nil
	case "":
	default:
		return fmt.Errorf("a %s request is refused", site)
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return errors.New("the request says neither Sec-Fetch-Site nor Origin")
	}
	if slices.Contains(h.AllowedOrigins, origin) {
		return nil
	}
	if u, err := url.Parse(origin); err == nil && strings.EqualFold(u.Host, r.Host) {
		return nil
	}
	return fmt.Errorf("origin %q is not allowed", origin)
}

// refuse writes a JSON refusal.
func refuse(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, map[string]string{"error": code, "message": message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
