package fakeapi

import (
	"crypto/sha256"
	"net/http"
	"slices"
)

// formanceClient is an OAuth client of the Formance stack, as handlers work on it; clientStore
// keeps it in another form.
type formanceClient struct {
	id      uuid
	options clientOptions
	scopes  []string
	secrets []formanceSecret
}

// clientOptions is the writable part of a client, as in the spec's ClientOptions. Optional
// fields remember whether the caller sent them, so that the client is shown as it was written.
type clientOptions struct {
	name                   string
	description            optional[string]
	public                 optional[bool]
	trusted                optional[bool]
	redirectURIs           []string
	postLogoutRedirectURIs []string
	metadata               map[string]any // decoded JSON values, as validation left them
}

// optional is a value the caller may leave out.
type optional[T any] struct {
	value T
	set   bool
}

// formanceSecret keeps a secret's hash and last digits, never its clear value.
type formanceSecret struct {
	id         string
	name       string
	metadata   map[string]any
	hash       [sha256.Size]byte
	lastDigits string
}

// view is the client as the API shows it, as a JSON value for valueReply.
func (c *formanceClient) view() map[string]any {
	// Eight entries fit in one map group; most clients leave some optional fields out.
	v := make(map[string]any, 8)
	o := &c.options
	v["id"] = c.id.String()
	v["name"] = o.name
	putOptional(v, "description", o.description)
	putOptional(v, "public", o.public)
	putOptional(v, "trusted", o.trusted)
	putStrings(v, "redirectUris", o.redirectURIs)
	putStrings(v, "postLogoutRedirectUris", o.postLogoutRedirectURIs)
	if len(o.metadata) > 0 {
		v["metadata"] = o.metadata
	}
	v["scopes"] = anyStrings(c.scopes) // always present, [] when empty
	secrets := make([]any, len(c.secrets))
	for i, s := range c.secrets {
		secrets[i] = s.view("")
	}
	v["secrets"] = secrets
	return v
}

// view is the secret as the API shows it; clear is its clear value, shown only at creation.
func (s *formanceSecret) view(clear string) map[string]any {
	v := map[string]any{"id": s.id, "name": s.name, "lastDigits": s.lastDigits}
	if len(s.metadata) > 0 {
		v["metadata"] = s.metadata
	}
	if clear != "" {
		v["clear"] = clear
	}
	return v
}

func putOptional[T any](v map[string]any, key string, o optional[T]) {
	if o.set {
		v[key] = o.value
	}
}

// putStrings sets a list that is left out when empty.
func putStrings(v map[string]any, key string, list []string) {
	if len(list) == 0 {
		return
	}
	v[key] = anyStrings(list)
}

// anyStrings is list as JSON values; never nil, so an empty list encodes as [].
func anyStrings(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}

func formanceData(status int, v any) reply {
	return valueReply(status, "application/json", map[string]any{"data": v})
}

func formanceFailure(status int, message string) reply {
	return styleFormance.reply(failure{status: status, message: message})
}

// formanceNotFound is the Auth service's 404: no body at all, in both generations.
func formanceNotFound() reply { return emptyReply(http.StatusNotFound) }

// bodyObject is the validated JSON object of c's body; an absent body is refused.
func bodyObject(c *call) (map[string]any, *reply) {
	obj, ok := c.value.(map[string]any)
	if !ok {
		rp := formanceFailure(http.StatusBadRequest, "the request body is required")
		return nil, &rp
	}
	return obj, nil
}

// decodeOptions reads a validated ClientOptions body, and the scopes list it carries. Validation
// has checked every type already, so a value of another type cannot occur; it would be treated as
// absent.
func decodeOptions(c *call) (clientOptions, []string, *reply) {
	obj, bad := bodyObject(c)
	if bad != nil {
		return clientOptions{}, nil, bad
	}
	name, _ := obj["name"].(string)
	metadata, _ := obj["metadata"].(map[string]any)
	return clientOptions{
		name:                   name,
		description:            optionalOf[string](obj, "description"),
		public:                 optionalOf[bool](obj, "public"),
		trusted:                optionalOf[bool](obj, "trusted"),
		redirectURIs:           stringsOf(obj["redirectUris"]),
		postLogoutRedirectURIs: stringsOf(obj["postLogoutRedirectUris"]),
		metadata:               metadata,
	}, stringsOf(obj["scopes"]), nil
}

func optionalOf[T any](obj map[string]any, key string) optional[T] {
	v, ok := obj[key].(T)
	return optional[T]{value: v, set: ok}
}

// stringsOf converts a decoded JSON array of strings.
func stringsOf(v any) []string {
	list, _ := v.([]any)
	if len(list) == 0 {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, item := range list {
		if s, ok := item.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// lookupClient finds the client named by the clientId path parameter. An id that is not in the
// form the fake hands out names no client.
func (h *Handler) lookupClient(c *call) (formanceClient, *reply) {
	text := c.params["clientId"]
	id, ok := parseUUID(text)
	var client formanceClient
	var err error
	if ok {
		client, ok, err = h.st.formance.get(id)
	}
	if !ok {
		rp := formanceNotFound()
		return formanceClient{}, &rp
	}
	if err != nil {
		rp := formanceFailure(http.StatusInternalServerError, err.Error())
		return formanceClient{}, &rp
	}
	return client, nil
}

// saveClient stores a new or changed client and answers rp once it is stored.
func (h *Handler) saveClient(client *formanceClient, rp reply) reply {
	if h.st.formance.len() >= maxFormanceClients && !h.st.formance.has(client.id) {
		return styleFormance.reply(storeFull(http.StatusInsufficientStorage, "Formance clients", maxFormanceClients))
	}
	if err := h.st.formance.put(client); err != nil {
		return formanceFailure(http.StatusInternalServerError, err.Error())
	}
	return rp
}

func (h *Handler) listClients(*call) reply {
	ids := h.st.formance.ids()
	views := make([]any, 0, len(ids))
	for _, id := range ids {
		client, _, err := h.st.formance.get(id)
		if err != nil {
			return formanceFailure(http.StatusInternalServerError, err.Error())
		}
		views = append(views, client.view())
	}
	return formanceData(http.StatusOK, views)
}

// createClient stores a new client. Today's server takes its scopes from the body; a 2023 server
// ignored the field (scopes were granted one record at a time).
func (h *Handler) createClient(c *call) reply {
	opts, scopes, bad := decodeOptions(c)
	if bad != nil {
		return *bad
	}
	client := formanceClient{id: randomUUID(), options: opts}
	if h.cfg.formanceGeneration == FormanceToday {
		client.scopes = scopes
	}
	return h.saveClient(&client, formanceData(http.StatusCreated, client.view()))
}

func (h *Handler) readClient(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	return formanceData(http.StatusOK, client.view())
}

// updateClient replaces the client's options; its id and secrets stay. Today the scopes are
// options like the others (absent means none); a 2023 server kept the client's scope records.
func (h *Handler) updateClient(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	opts, scopes, bad := decodeOptions(c)
	if bad != nil {
		return *bad
	}
	client.options = opts
	if h.cfg.formanceGeneration == FormanceToday {
		client.scopes = scopes
	}
	return h.saveClient(&client, formanceData(http.StatusOK, client.view()))
}

// deleteClient answers 204 whether or not the client existed, as the server does.
func (h *Handler) deleteClient(c *call) reply {
	if id, ok := parseUUID(c.params["clientId"]); ok {
		h.st.formance.delete(id)
	}
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
	obj, bad := bodyObject(c)
	if bad != nil {
		return *bad
	}
	name, _ := obj["name"].(string)
	metadata, _ := obj["metadata"].(map[string]any)
	clear := randomToken("")
	secret := formanceSecret{id: randomUUID().String(), name: name, metadata: metadata,
		hash: sha256.Sum256([]byte(clear)), lastDigits: clear[len(clear)-4:]}
	client.secrets = append(client.secrets, secret)
	return h.saveClient(&client, formanceData(http.StatusOK, secret.view(clear)))
}

func (h *Handler) deleteSecret(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	i := slices.IndexFunc(client.secrets, func(s formanceSecret) bool { return s.id == c.params["secretId"] })
	if i < 0 {
		return formanceNotFound()
	}
	client.secrets = slices.Delete(client.secrets, i, i+1)
	return h.saveClient(&client, emptyReply(http.StatusNoContent))
}

// addScopeToClient grants a scope record (2023 only). The scope id must name a record; a
// client that has it already gets 200 with an empty body, as the 2023 server answered.
func (h *Handler) addScopeToClient(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	scope := c.params["scopeId"]
	if _, ok := h.st.scopeRecords[scope]; !ok {
		return formanceNotFound()
	}
	if slices.Contains(client.scopes, scope) {
		return emptyReply(http.StatusOK)
	}
	client.scopes = append(client.scopes, scope)
	return h.saveClient(&client, emptyReply(http.StatusNoContent))
}

// deleteScopeFromClient takes a scope record away (2023 only); an unknown record is 404, a record
// the client does not have is 200 with an empty body, as the 2023 server answered.
func (h *Handler) deleteScopeFromClient(c *call) reply {
	client, bad := h.lookupClient(c)
	if bad != nil {
		return *bad
	}
	scope := c.params["scopeId"]
	if _, ok := h.st.scopeRecords[scope]; !ok {
		return formanceNotFound()
	}
	i := slices.Index(client.scopes, scope)
	if i < 0 {
		return emptyReply(http.StatusOK)
	}
	client.scopes = slices.Delete(client.scopes, i, i+1)
	return h.saveClient(&client, emptyReply(http.StatusNoContent))
}
