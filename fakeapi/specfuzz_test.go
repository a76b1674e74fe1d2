package fakeapi

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
)

// specWalkBudget bounds the spec walk of each Formance generation; `make fuzz` raises it.
var specWalkBudget = flag.Duration("spec-walk-budget", 8*time.Second, "time the spec-driven walk of the fake may take per generation")

// specCase is one request the walk sends to an operation.
type specCase struct {
	kind    string // "valid", or the way the request is broken
	method  string
	rawPath string // escaped as it goes on the wire
	header  http.Header
	body    string
	routing bool // an odd id: 404 and 405 are acceptable even where the operation does not declare them
}

// specWalker sends the cases of every operation to one fake and keeps the figures.
type specWalker struct {
	t        *testing.T
	h        *Handler
	base     string
	dwolla   string // a Dwolla application token
	gen      FormanceGeneration
	sent     int
	byKind   map[string]int
	byStatus map[int]int
	valid    []string // operation=status of each valid request
	n        int      // makes names and keys unique
}

// TestSpecDrivenFuzzing walks every operation of the embedded specs, in both Formance
// generations: a valid request made from the operation's schemas, and each kind of invalid one
// (missing required field, wrong type, unknown enum value, wrong content type, malformed body,
// bad auth, odd ids). Every answer must have a status the operation declares (404 and 405 also
// for odd ids), be in the provider's error shape when it is a 4xx, never be a 5xx; a refusal
// must change nothing the fake holds.
func TestSpecDrivenFuzzing(t *testing.T) {
	for _, g := range []FormanceGeneration{FormanceToday, FormanceSeed2023} {
		t.Run(g.String(), func(t *testing.T) {
			h, err := NewHandler(WithFormanceGeneration(g), WithClock(func() time.Time { return time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC) }))
			require.NoError(t, err)
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			w := &specWalker{t: t, h: h, base: srv.URL, dwolla: issueDwollaToken(t, h), gen: g,
				byKind: map[string]int{}, byStatus: map[int]int{}}
			deadline := time.Now().Add(*specWalkBudget)
			ops := 0
			for _, o := range specOperations(t) {
				if time.Now().After(deadline) {
					t.Logf("budget of %s spent after %d operations", *specWalkBudget, ops)
					break
				}
				ops++
				for _, c := range w.cases(o) {
					w.check(o, c)
				}
			}
			require.Positive(t, w.sent)
			t.Logf("formance %s: %d operations, %d requests; by case %v; by status %v; valid requests %v", g, ops, w.sent, w.byKind, w.byStatus, w.valid)
		})
	}
}

// specOperation is one operation of a spec, with its provider and path template.
type specOperation struct {
	provider api.Provider
	path     string
	method   string
	op       *openapi3.Operation
	params   openapi3.Parameters // the path item's and the operation's
}

// specOperations lists the operations of every spec: reads, then creates, updates and deletes,
// so the fixtures a delete removes are made again for the next operation anyway.
func specOperations(t *testing.T) []specOperation {
	var out []specOperation
	for _, p := range api.Providers() {
		for path, item := range loadSpec(t, p).Paths.Map() {
			for method, op := range item.Operations() {
				params := append(slices.Clone(item.Parameters), op.Parameters...)
				out = append(out, specOperation{provider: p, path: path, method: method, op: op, params: params})
			}
		}
	}
	rank := map[string]int{"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}
	slices.SortFunc(out, func(a, b specOperation) int {
		return cmp.Or(cmp.Compare(rank[a.method], rank[b.method]), cmp.Compare(a.path, b.path))
	})
	return out
}

// cases builds the valid request of o and every way of breaking it.
func (w *specWalker) cases(o specOperation) []specCase {
	ids := w.fixture()
	valid := specCase{kind: "valid", method: o.method, header: http.Header{}}
	valid.rawPath = w.pathWith(o, func(name string) string { return ids[name] })
	auth := w.credential(o)
	if auth != "" {
		valid.header.Set("Authorization", auth)
	}
	var enumHeaders []string
	for _, p := range o.params {
		switch {
		case p.Value.In == "header" && strings.EqualFold(p.Value.Name, "Idempotency-Key"):
			valid.header.Set("Idempotency-Key", w.unique("key"))
		case p.Value.In == "header" && p.Value.Required:
			valid.header.Set(p.Value.Name, fmt.Sprint(sample(p.Value.Name, p.Value.Schema, false, 0)))
			if len(p.Value.Schema.Value.Enum) > 0 {
				enumHeaders = append(enumHeaders, p.Value.Name)
			}
		}
	}
	shape, hasBody := bodyOf(o.op)
	var minimal, full map[string]any
	if hasBody {
		valid.header.Set("Content-Type", shape.contentType)
		minimal, _ = sample("body", &openapi3.SchemaRef{Value: shape.schema}, false, 0).(map[string]any)
		full, _ = sample("body", &openapi3.SchemaRef{Value: shape.schema}, true, 0).(map[string]any)
		w.uniqueNames(minimal, full)
		valid.body = shape.encode(minimal)
	}
	out := []specCase{valid}
	variant := func(kind string, edit func(c *specCase)) {
		c := valid
		c.kind, c.header = kind, valid.header.Clone()
		if c.header.Get("Idempotency-Key") != "" {
			c.header.Set("Idempotency-Key", w.unique("key"))
		}
		edit(&c)
		out = append(out, c)
	}
	if hasBody {
		variant("valid", func(c *specCase) { w.uniqueNames(full); c.body = shape.encode(full) })
		for _, name := range sortedKeys(minimal) {
			if slices.Contains(shape.schema.Required, name) {
				variant("missing required field", func(c *specCase) { c.body = shape.encode(without(minimal, name)) })
			}
			if shape.contentType == "application/json" {
				variant("wrong type", func(c *specCase) {
					c.body = shape.encode(withValueAt(minimal, []string{name}, wrongValue(shape.schema.Properties[name])))
				})
			}
		}
		for _, path := range enumPaths(shape.schema) {
			variant("unknown enum value", func(c *specCase) { c.body = shape.encode(withValueAt(full, path, "zz-not-in-enum")) })
		}
		variant("wrong content type", func(c *specCase) { c.header.Set("Content-Type", "text/plain") })
		other := map[string]string{"application/json": "application/x-www-form-urlencoded", "application/x-www-form-urlencoded": "application/json"}
		variant("wrong content type", func(c *specCase) { c.header.Set("Content-Type", other[shape.contentType]) })
		if shape.contentType == "application/json" {
			variant("malformed body", func(c *specCase) { c.body = `{"name":` })
			variant("malformed body", func(c *specCase) { c.body = valid.body + `{"more":1}` })
		} else {
			variant("malformed body", func(c *specCase) { c.body = "grant_type=%zz" })
		}
		if o.op.RequestBody.Value.Required {
			variant("missing body", func(c *specCase) { c.body = "" })
		}
	}
	for _, name := range enumHeaders {
		variant("unknown enum value", func(c *specCase) { c.header.Set(name, "application/zz-not-in-enum") })
	}
	if auth != "" {
		variant("bad auth", func(c *specCase) { c.header.Del("Authorization") })
		variant("bad auth", func(c *specCase) { c.header.Set("Authorization", auth+"-wrong") })
		swapped := "Basic " + basicAuth("who", "knows")[len("Basic "):]
		if strings.HasPrefix(auth, "Basic ") {
			swapped = "Bearer " + strings.TrimPrefix(auth, "Basic ")
		}
		variant("bad auth", func(c *specCase) { c.header.Set("Authorization", swapped) })
	}
	for _, p := range o.params {
		if p.Value.In != "path" {
			continue
		}
		for _, odd := range oddIDs {
			variant("odd id", func(c *specCase) {
				c.routing = true
				c.rawPath = w.pathWith(o, func(name string) string {
					if name == p.Value.Name {
						return odd
					}
					return ids[name]
				})
			})
		}
	}
	return out
}

// oddIDs are path segments, already escaped, that no resource has.
var oddIDs = []string{"..", ".", "%2F", "a%2Fb", "%2e%2e", "%00", "%20", strings.Repeat("a", 4096),
	url.PathEscape("zoë-😀"), url.PathEscape("' OR 1=1 --"), "%25"}

// check sends c and checks the answer against o.
func (w *specWalker) check(o specOperation, c specCase) {
	t := w.t
	before := w.observe()
	status, header, body := w.send(c)
	if c.kind == "valid" {
		w.valid = append(w.valid, fmt.Sprintf("%s=%d", o.op.OperationID, status))
	}
	w.sent++
	w.byKind[c.kind]++
	w.byStatus[status]++
	where := fmt.Sprintf("%s %s (%s) %s %.80q", o.method, o.path, o.op.OperationID, c.kind, c.rawPath)
	if !assert.Less(t, status, 500, "%s: a 5xx: %s", where, body) {
		return
	}
	declared := o.op.Responses.Status(status) != nil || o.op.Responses.Default() != nil
	if c.routing && (status == http.StatusNotFound || status == http.StatusMethodNotAllowed) {
		declared = true
	}
	assert.True(t, declared, "%s: %d is not declared; body %s", where, status, body)
	if status >= 400 {
		assertErrorShape(t, o, status, header, body, where)
	}
	if c.kind == "valid" {
		return
	}
	// Deleting what does not exist succeeds, as on the real servers (see the fake's doc); the
	// state check still proves nothing was deleted.
	if !(c.routing && o.method == http.MethodDelete) {
		assert.GreaterOrEqual(t, status, 400, "%s: an invalid request was accepted: %s", where, body)
	}
	assert.Equal(t, before, w.observe(), "%s: a refusal changed the fake's state", where)
}

// assertErrorShape checks a 4xx answer's body against the provider's error shape.
func assertErrorShape(t *testing.T, o specOperation, status int, header http.Header, body []byte, where string) {
	if o.provider == api.Formance && status == http.StatusNotFound {
		assert.Empty(t, body, "%s: a Formance 404 has no body", where)
		return
	}
	var decoded map[string]any
	if !assert.NoError(t, json.Unmarshal(body, &decoded), "%s: the %d body is not a JSON object: %.200s", where, status, body) {
		return
	}
	var fields []string
	switch {
	case o.path == "/oauth2/tokens" || o.path == "/token":
		fields = []string{"error", "error_description"}
	case o.provider == api.Mollie:
		fields = []string{"status", "title", "detail", "_links"}
		assert.Equal(t, "application/hal+json", header.Get("Content-Type"), where)
	case o.provider == api.Dwolla:
		fields = []string{"code", "message"}
	default:
		fields = []string{"errorCode", "errorMessage"}
	}
	for _, f := range fields {
		assert.NotEmpty(t, decoded[f], "%s: %s is missing from %s", where, f, body)
	}
}

// send sends one case and reads the whole answer.
func (w *specWalker) send(c specCase) (int, http.Header, []byte) {
	u, err := url.Parse(w.base + c.rawPath)
	require.NoError(w.t, err)
	req := &http.Request{Method: c.method, URL: u, Header: c.header, Body: io.NopCloser(strings.NewReader(c.body)),
		ContentLength: int64(len(c.body)), Host: u.Host}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(w.t, err, "%s %s", c.method, c.rawPath)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(w.t, err)
	return resp.StatusCode, resp.Header, body
}

// observe is what the fake holds, as a refusal must leave it: the count of each kind, the
// idempotency keys, the Mollie grants, and every Formance client and scope record as listed.
func (w *specWalker) observe() string {
	var b strings.Builder
	for _, k := range Kinds() {
		fmt.Fprintf(&b, "%s=%d ", k, w.h.Count(k))
	}
	fmt.Fprintf(&b, "keys=%d grants=%d\n", w.h.IdempotencyKeys(), len(w.h.MollieGrants()))
	paths := []string{"/api/auth/clients"}
	if w.gen == FormanceSeed2023 {
		paths = append(paths, "/api/auth/scopes")
	}
	for _, p := range paths {
		r := httptest.NewRequest(http.MethodGet, p, nil)
		r.Header.Set("Authorization", "Bearer "+w.h.cfg.creds.FormanceToken)
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		b.WriteString(rec.Body.String())
	}
	return b.String()
}

// fixture creates a Formance client with a secret (and, on the 2023 generation, a scope
// record), for the operations that act on one; it returns their ids by path parameter name.
func (w *specWalker) fixture() map[string]string {
	create := func(path, body string) map[string]any {
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+w.h.cfg.creds.FormanceToken)
		r.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, r)
		require.Less(w.t, rec.Code, 300, "fixture %s: %s", path, rec.Body)
		var out struct{ Data map[string]any }
		require.NoError(w.t, json.Unmarshal(rec.Body.Bytes(), &out))
		return out.Data
	}
	client := create("/api/auth/clients", fmt.Sprintf(`{"name":%q}`, w.unique("fixture")))
	id := client["id"].(string)
	secret := create("/api/auth/clients/"+id+"/secrets", `{"name":"fixture"}`)
	ids := map[string]string{"clientId": id, "secretId": secret["id"].(string), "scopeId": "ledger:read"}
	if w.gen == FormanceSeed2023 {
		ids["scopeId"] = create("/api/auth/scopes", fmt.Sprintf(`{"label":%q}`, w.unique("fixture:read")))["id"].(string)
	}
	return ids
}

// credential is the Authorization value o's security accepts, or "" when it needs none.
func (w *specWalker) credential(o specOperation) string {
	c := w.h.cfg.creds
	security := o.op.Security
	if security == nil {
		security = &loadSpec(w.t, o.provider).Security
	}
	for _, req := range *security {
		for name := range req {
			switch name {
			case "advancedAccessToken", "apiKey", "oAuth":
				return "Bearer " + c.MollieAccessToken
			case "appCredentials":
				return basicAuth(c.MollieClientID, c.MollieClientSecret)
			case "clientCredentials":
				return "Bearer " + w.dwolla
			case "basicAuth":
				return basicAuth(c.DwollaClientID, c.DwollaClientSecret)
			case "bearerAuth", "Authorization":
				return "Bearer " + c.FormanceToken
			}
		}
	}
	return ""
}

// pathWith fills o's path template, each parameter from value (already escaped).
func (w *specWalker) pathWith(o specOperation, value func(name string) string) string {
	path := o.path
	for _, p := range o.params {
		if p.Value.In == "path" {
			path = strings.ReplaceAll(path, "{"+p.Value.Name+"}", value(p.Value.Name))
		}
	}
	return path
}

// unique returns prefix with a number no other call returned.
func (w *specWalker) unique(prefix string) string {
	w.n++
	return fmt.Sprintf("%s-%d", prefix, w.n)
}

// uniqueNames gives the bodies' name and label fields values not used before, so a valid
// create never collides with an earlier one.
func (w *specWalker) uniqueNames(bodies ...map[string]any) {
	for _, b := range bodies {
		for _, k := range []string{"name", "label"} {
			if _, ok := b[k].(string); ok {
				b[k] = w.unique(k)
			}
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func without(m map[string]any, key string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
