package fakeapi

import (
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
)

// formanceClient is a stored OAuth client of the Formance stack.
type formanceClient struct {
	id      string
	options clientOptions
	scopes  []string
	secrets []formanceSecret
}

// clientOptions is the writable part of a client, as in the spec's ClientOptions.
type clientOptions struct {
	Public                 *bool          `json:"public,omitempty"`
	RedirectURIs           []string       `json:"redirectUris,omitempty"`
	Description            *string        `json:"description,omitempty"`
	Name                   string         `json:"name"`
	Trusted                *bool          `json:"trusted,omitempty"`
	PostLogoutRedirectURIs []string       `json:"postLogoutRedirectUris,omitempty"`
	Metadata               map[string]any `json:"metadata,omitempty"`
}

// formanceSecret keeps a secret's hash and last digits, never its clear value.
type formanceSecret struct {
	id         string
	name       string
	metadata   map[string]any
	hash       [sha256.Size]byte
	lastDigits string
}

type secretJSON struct {
	ID         string         `json:"id"`
	Name       string         `json:"name"`
	LastDigits string         `json:"lastDigits"`
	Metadata   map[string]any `json:"metadata,omitempty"`
	Clear      string         `json:"clear,omitempty"`
}

// clientView is the client as the API shows it.
type clientView struct {
	clientOptions
	ID      string       `json:"id"`
	Scopes  []string     `json:"scopes"`
	Secrets []secretJSON `json:"secrets"`
}

// view is the client as the API shows it.
func (c *formanceClient) view() clientView {
	secrets := make([]secretJSON, 0, len(c.secrets))
	for _, s := range c.secrets {
		secrets = append(secrets, secretJSON{ID: s.id, Name: s.name, LastDigits: s.lastDigits, Metadata: s.metadata})
	}
	return clientView{clientOptions: c.options, ID: c.id, Scopes: append([]string{}, c.scopes...), Secrets: secrets}
}

func formanceData(status int, v any) reply {
	return jsonReply(status, "application/json", struct {
		Data any `json:"data"`
	}{v})
}

func formanceFailure(status int, message string) reply {
	return styleFormance.reply(failure{status: status, message: message})
}

// decodeOptions reads a validated ClientOptions body; an empty body is refused.
func decodeOptions(body []byte) (clientOptions, *reply) {
	var opts clientOptions
	if len(body) == 0 {
		rp := formanceFailure(http.StatusBadRequest, "the request body is required")
		return opts, &rp
	}
	if err := json.Unmarshal(body, &opts); err != nil {
		rp := formanceFailure(http.StatusBadRequest, "the request body is not a client: "+err.Error())
		return opts, &rp
	}
	return opts, nil
}

// lookupClient finds the client named by the clientId path parameter.
func (h *Handler) lookupClient(c *call) (*formanceClient, *reply) {
	client, ok := h.st.formance[c.params["clientId"]]
	if !ok {
		rp := formanceFailure(http.StatusNotFound, "no client has id "+c.params["clientId"])
		return nil, &rp
	}
	return client, nil
}

func (h *Handler) listClients(*call) reply {
	ids := make([]string, 0, len(h.st.formance))
	for id := range h.st.formance {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	views := make([]clientView, 0, len(ids))
	for _, id := range ids {
		views = append(views, h.st.formance[id].view())
	}
	return formanceData(http.StatusOK, views)
}

func (h *Handler) createClient(c *call) reply {
	opts, bad := decodeOptions(c.body)
	if bad != nil {
		return *bad
	}
	client := &formanceClient{id: randomUUID(), options: opts}
	h.st.formance[client.id] = client
	return formanceData(http.StatusCreated, client.view())
}

func (h *Handler) readClient(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	return formanceData(http.StatusOK, client.view())
}

// updateClient replaces the client's options; its id, scopes and secrets stay.
func (h *Handler) updateClient(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	opts, bad := decodeOptions(c.body)
	if bad != nil {
		return *bad
	}
	client.options = opts
	return formanceData(http.StatusOK, client.view())
}

func (h *Handler) deleteClient(c *call) reply {
	if _, bad := h.lookupClient(c); bad != nil {
		return *bad
	}
	delete(h.st.formance, c.params["clientId"])
	for token, t := range h.st.formanceTokens {
		if t.clientID == c.params["clientId"] {
			delete(h.st.formanceTokens, token)
		}
	}
	return emptyReply(http.StatusNoContent)
}

// createSecret adds a secret and answers its clear value, the only time it is ever shown.
func (h *Handler) createSecret(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	var opts struct {
		Name     string         `json:"name"`
		Metadata map[string]any `json:"metadata"`
	}
	if len(c.body) == 0 {
		return formanceFailure(http.StatusBadRequest, "the request body is required")
	}
	if err := json.Unmarshal(c.body, &opts); err != nil {
		return formanceFailure(http.StatusBadRequest, "the request body is not a secret: "+err.Error())
	}
	clear := randomToken("")
	secret := formanceSecret{id: randomUUID(), name: opts.Name, metadata: opts.Metadata,
		hash: sha256.Sum256([]byte(clear)), lastDigits: clear[len(clear)-4:]}
	client.secrets = append(client.secrets, secret)
	return formanceData(http.StatusOK, secretJSON{ID: secret.id, Name: secret.name, LastDigits: secret.lastDigits,
		Metadata: secret.metadata, Clear: clear})
}

func (h *Handler) deleteSecret(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	i := slices.IndexFunc(client.secrets, func(s formanceSecret) bool { return s.id == c.params["secretId"] })
	if i < 0 {
		return formanceFailure(http.StatusNotFound, "client "+client.id+" has no secret "+c.params["secretId"])
	}
	client.secrets = slices.Delete(client.secrets, i, i+1)
	return emptyReply(http.StatusNoContent)
}

// addScopeToClient grants a scope; granting one the client has already is harmless.
func (h *Handler) addScopeToClient(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	if scope := c.params["scopeId"]; !slices.Contains(client.scopes, scope) {
		client.scopes = append(client.scopes, scope)
	}
	return emptyReply(http.StatusNoContent)
}

// deleteScopeFromClient takes a scope away; a scope the client does not have is 404.
func (h *Handler) deleteScopeFromClient(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	i := slices.Index(client.scopes, c.params["scopeId"])
	if i < 0 {
		return formanceFailure(http.StatusNotFound, "client "+client.id+" has no scope "+c.params["scopeId"])
	}
	client.scopes = slices.Delete(client.scopes, i, i+1)
	return emptyReply(http.StatusNoContent)
}
