package fakeapi

import (
	"cmp"
	"flag"
	"fmt"
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
	refuse  bool // the request is invalid: it must be refused, and change nothing
}

// specWalker sends the cases of every operation to one fake and keeps the figures.
type specWalker struct {
	t        testing.TB
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
func specOperations(t testing.TB) []specOperation {
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
		c.kind, c.header, c.refuse = kind, valid.header.Clone(), kind != "valid"
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
	// Deleting what does not exist succeeds, as on the real servers (see the fake's doc); the
	// state check still proves nothing was deleted.
	if c.refuse && !(c.routing && o.method == http.MethodDelete) {
		assert.GreaterOrEqual(t, status, 400, "%s: an invalid request was accepted: %s", where, body)
	}
	if c.refuse || status >= 400 {
		assert.Equal(t, before, w.observe(), "%s: a refusal changed the fake's state", where)
	}
}
