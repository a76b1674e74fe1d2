package fakeapi

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// FuzzSpecOperation is the spec walk's valid request of an operation (picked by index, in
// either Formance generation) with a top-level body field set to a fuzzed value (raw JSON when
// it parses, else a string) and its first path parameter set to a fuzzed id. The answer must
// never be a 5xx, must have a declared status (404 or 405 too when the id changed), must be in
// the provider's error shape when it is a 4xx, and a refusal must change nothing. The request
// carries no Idempotency-Key: a key is reserved before the operation's own checks, on purpose.
func FuzzSpecOperation(f *testing.F) {
	f.Add(uint16(0), false, "", "", "")
	f.Add(uint16(3), true, "name", `"renamed"`, "")
	f.Add(uint16(5), false, "metadata", `{"a":1e999999}`, "")
	f.Add(uint16(7), true, "scopes", `["a","a",null]`, "..")
	f.Add(uint16(11), false, "owner", `{"email":"zoë@例え.jp"}`, "%2F")
	f.Add(uint16(13), true, "action", `"customer.update\u0000"`, "a/b")
	f.Add(uint16(17), false, "grant_type", "password", "")
	walkers := map[bool]*specWalker{}
	for _, seed := range []bool{false, true} {
		g := FormanceToday
		if seed {
			g = FormanceSeed2023
		}
		h, err := NewHandler(WithFormanceGeneration(g), WithClock(func() time.Time { return time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC) }))
		if err != nil {
			f.Fatal(err)
		}
		srv := httptest.NewServer(h)
		f.Cleanup(srv.Close)
		walkers[seed] = &specWalker{t: f, h: h, base: srv.URL, gen: g, byKind: map[string]int{}, byStatus: map[int]int{}}
	}
	var ops []specOperation
	f.Fuzz(func(t *testing.T, index uint16, seed2023 bool, field, value, id string) {
		w := walkers[seed2023]
		w.t = t
		if w.sent%200 == 0 { // keeps the state, and so each observation, small
			w.h.Reset()
			w.dwolla = issueDwollaToken(t, w.h)
		}
		if ops == nil {
			ops = specOperations(t)
		}
		o := ops[int(index)%len(ops)]
		c := w.cases(o)[0]
		c.kind = "fuzzed"
		c.header.Del("Idempotency-Key")
		if shape, ok := bodyOf(o.op); ok && field != "" {
			body := map[string]any{}
			if shape.contentType == "application/json" {
				_ = json.Unmarshal([]byte(c.body), &body)
			} else if form, err := url.ParseQuery(c.body); err == nil {
				for k := range form {
					body[k] = form.Get(k)
				}
			}
			var v any = value
			if shape.contentType == "application/json" && json.Valid([]byte(value)) {
				v = json.RawMessage(value)
			}
			body[field] = v
			c.body = shape.encode(body)
		}
		if id != "" {
			for _, p := range o.params {
				if p.Value.In == "path" {
					c.routing = true
					c.rawPath = w.pathWith(o, func(name string) string {
						if name == p.Value.Name {
							return url.PathEscape(id)
						}
						return "unknown-" + name
					})
					break
				}
			}
		}
		w.check(o, c)
	})
}
