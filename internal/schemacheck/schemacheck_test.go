package schemacheck_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/clientkit/clientkit/api"
	"github.com/clientkit/clientkit/internal/schemacheck"
)

// The checks are held to kin-openapi's verdict on values made from each schema: valid ones and
// ones broken in every way the generator knows. A check that accepts a value kin-openapi refuses
// is a bug the fake would turn into accepting a bad request; one that refuses a value
// kin-openapi accepts only costs time, and for the schemas tested here it must not happen
// either, or the fast path would not be taken.

const valuesPerSchema = 400

func TestChecksAgreeWithKinOpenAPIOnTheSpecs(t *testing.T) {
	for _, p := range api.Providers() {
		raw, err := api.Spec(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := openapi3.NewLoader().LoadFromData(raw)
		if err != nil {
			t.Fatal(err)
		}
		for name, ref := range doc.Components.Schemas {
			agree(t, fmt.Sprintf("%s %s", p, name), ref.Value)
		}
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				for _, s := range bodySchemas(op) {
					agree(t, fmt.Sprintf("%s %s %s", p, method, path), s)
				}
			}
		}
	}
}

// bodySchemas are the schemas of op's JSON request and response bodies.
func bodySchemas(op *openapi3.Operation) []*openapi3.Schema {
	var out []*openapi3.Schema
	add := func(content openapi3.Content) {
		for mime, media := range content {
			if strings.Contains(mime, "json") && media.Schema != nil {
				out = append(out, media.Schema.Value)
			}
		}
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		add(op.RequestBody.Value.Content)
	}
	for _, r := range op.Responses.Map() {
		if r.Value != nil {
			add(r.Value.Content)
		}
	}
	return out
}

// The keywords no spec of ours uses yet, each in a schema of its own.
const keywordSchemas = `
openapi: 3.0.3
info: {title: keywords, version: "1"}
paths: {}
components:
  schemas:
    Bounds:
      type: object
      required: [count]
      properties:
        count: {type: integer, minimum: 1, maximum: 10}
        ratio: {type: number, minimum: 0, maximum: 1, exclusiveMaximum: true}
        name: {type: string, minLength: 2, maxLength: 5}
        tags: {type: array, minItems: 1, maxItems: 2, items: {type: string, enum: [a, b]}}
        level: {type: number, enum: [1, 2.5]}
        day: {type: string, format: date}
      minProperties: 1
      maxProperties: 5
    Closed:
      type: object
      additionalProperties: false
      properties:
        id: {type: string, readOnly: true}
        secret: {type: string, writeOnly: true}
        note: {type: string, nullable: true}
      required: [id, secret]
    Map:
      type: object
      additionalProperties: {type: integer}
    Loose:
      type: object
      required: [free]
      properties:
        named: {type: string}
    Both:
      allOf:
        - $ref: '#/components/schemas/Closed'
        - type: object
          properties:
            extra: {type: boolean}
    NullableAll:
      nullable: true
      allOf:
        - {type: string}
    NullInAllOf:
      allOf:
        - {type: string, nullable: true}
    Anything: {}
    Tree:
      type: object
      properties:
        children:
          type: array
          items: {$ref: '#/components/schemas/Tree'}
`

func TestChecksAgreeWithKinOpenAPIOnEachKeyword(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(keywordSchemas))
	if err != nil {
		t.Fatal(err)
	}
	for name, ref := range doc.Components.Schemas {
		agree(t, name, ref.Value)
	}
}

// A string format is looked up when a value is checked, as kin-openapi does: one registered after
// the check was compiled applies too.
func TestFormatsRegisteredLaterApply(t *testing.T) {
	const format = "clientkit-test-shout"
	s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}, Format: format}
	check, ok := schemacheck.Compile(s, schemacheck.Request)
	if !ok || !check.Accepts("quiet") {
		t.Fatalf("an unregistered format: compiled %v, accepts %v; want both", ok, check.Accepts("quiet"))
	}
	openapi3.DefineStringFormatValidator(format, openapi3.NewRegexpFormatValidator(`^[A-Z]+$`))
	t.Cleanup(func() { delete(openapi3.SchemaStringFormats, format) })
	if check.Accepts("quiet") || !check.Accepts("LOUD") {
		t.Errorf("after registering the format: accepts quiet %v, LOUD %v; want false, true",
			check.Accepts("quiet"), check.Accepts("LOUD"))
	}
	if s.VisitJSON("quiet", openapi3.VisitAsRequest()) == nil {
		t.Error("kin-openapi accepts quiet; the test expected the format to apply")
	}
}

// A required property that another allOf schema declares readOnly may be missing from a request;
// only kin-openapi, which walks the value, knows that, so the check defers to it.
func TestCheckDefersWhereOnlyKinOpenAPIKnows(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`
openapi: 3.0.3
info: {title: owned, version: "1"}
paths: {}
components:
  schemas:
    Owned:
      allOf:
        - type: object
          required: [id]
        - type: object
          properties:
            id: {type: string, readOnly: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Components.Schemas["Owned"].Value
	check, ok := schemacheck.Compile(s, schemacheck.Request)
	if !ok {
		t.Fatal("Owned does not compile")
	}
	for _, v := range []any{map[string]any{}, map[string]any{"id": "x"}, map[string]any{"other": true}} {
		kinErr := s.VisitJSON(v, openapi3.VisitAsRequest())
		if check.Accepts(v) {
			t.Errorf("the check accepts %s, which it cannot know is valid (kin-openapi: %v)", show(v), kinErr)
		}
		if _, hasID := v.(map[string]any)["id"]; kinErr == nil == hasID {
			t.Errorf("kin-openapi says %v for %s; the test expected the opposite", kinErr, show(v))
		}
	}
}

// agree compiles s both ways and compares the checks with kin-openapi on generated values.
func agree(t *testing.T, name string, s *openapi3.Schema) {
	t.Helper()
	for _, d := range []schemacheck.Direction{schemacheck.Request, schemacheck.Response} {
		check, ok := schemacheck.Compile(s, d)
		if !ok {
			t.Errorf("%s: does not compile; the fake would fall back to kin-openapi for every value", name)
			continue
		}
		opt := openapi3.VisitAsRequest()
		if d == schemacheck.Response {
			opt = openapi3.VisitAsResponse()
		}
		rng := rand.New(rand.NewPCG(1, uint64(len(name))))
		accepted := 0
		for i := range valuesPerSchema {
			g := generator{rng: rng, breaks: i%2 == 1}
			v := g.value(s, 0)
			kinErr := s.VisitJSON(v, opt)
			got := check.Accepts(v)
			if got != (kinErr == nil) {
				t.Errorf("%s (direction %d): check says %v, kin-openapi says %v, for %s", name, d, got, kinErr, show(v))
				return
			}
			if got {
				accepted++
			}
		}
		if accepted == 0 && !s.IsEmpty() {
			t.Errorf("%s (direction %d): no generated value was valid; the comparison proves little", name, d)
		}
	}
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// strays are values of every JSON type, and Go values kin-openapi reads specially.
var strays = []any{nil, true, false, json.Number("0"), json.Number("1.5"), json.Number("-7"),
	json.Number("1e400"), float64(3), 2.5, "", "x", []any{}, []any{"a"}, map[string]any{},
	map[string]any{"id": "x"}}

// strs are strings of interesting lengths and shapes.
var strs = []string{"", "a", "ab", "abcde", "abcdef", "é€😀", "https://example.com/a", "not a uri", "a", "b",
	"2024-01-31", "2024-13-01"}

// nums are numbers around the bounds the schemas set.
var nums = []any{json.Number("0"), json.Number("1"), json.Number("10"), json.Number("11"),
	json.Number("0.5"), json.Number("1.0"), json.Number("2.5"), json.Number("-1"), 1.0, 0.99}

// generator makes values for schemas: meant to be valid, or, when it breaks them, with a
// stray value, a missing required property or an unexpected one here and there.
type generator struct {
	rng    *rand.Rand
	breaks bool
}

// chance is true one time in n when the generator breaks values, never otherwise.
func (g generator) chance(n int) bool { return g.breaks && g.rng.IntN(n) == 0 }

// value makes a value for s.
func (g generator) value(s *openapi3.Schema, depth int) any {
	rng := g.rng
	if s == nil || depth > 5 || g.chance(8) {
		return strays[rng.IntN(len(strays))]
	}
	if len(s.Enum) > 0 && !g.chance(4) {
		return s.Enum[rng.IntN(len(s.Enum))]
	}
	merged := flatten(s)
	switch {
	case merged.Type.Includes(openapi3.TypeObject) || len(merged.Properties) > 0:
		return g.object(merged, depth)
	case merged.Type.Permits(openapi3.TypeArray) && merged.Items != nil:
		n := rng.IntN(4)
		a := make([]any, 0, n)
		for range n {
			a = append(a, g.value(merged.Items.Value, depth+1))
		}
		return a
	case merged.Type.Includes(openapi3.TypeString):
		return strs[rng.IntN(len(strs))]
	case merged.Type.Includes(openapi3.TypeInteger) || merged.Type.Includes(openapi3.TypeNumber):
		return g.number(merged)
	case merged.Type.Includes(openapi3.TypeBoolean):
		return rng.IntN(2) == 0
	}
	return strays[rng.IntN(len(strays))]
}

// number picks a number: one of nums, or one at or just past a bound of s.
func (g generator) number(s *openapi3.Schema) any {
	var near []any
	for _, b := range []*float64{s.Min, s.Max} {
		if b != nil {
			near = append(near, json.Number(fmt.Sprint(*b)), json.Number(fmt.Sprint(*b-1)), json.Number(fmt.Sprint(*b+1)))
		}
	}
	if len(near) > 0 && g.rng.IntN(4) != 0 {
		return near[g.rng.IntN(len(near))]
	}
	return nums[g.rng.IntN(len(nums))]
}

// object makes an object with s's required properties and some of the others.
func (g generator) object(s *openapi3.Schema, depth int) map[string]any {
	m := map[string]any{}
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		required := slices.Contains(s.Required, name)
		if (required && !g.chance(10)) || (!required && g.rng.IntN(2) == 0) {
			m[name] = g.value(s.Properties[name].Value, depth+1)
		}
	}
	for _, name := range s.Required {
		if _, declared := s.Properties[name]; !declared && !g.chance(10) {
			m[name] = strays[g.rng.IntN(len(strays))]
		}
	}
	if g.chance(10) {
		m["unexpected"] = "x"
	}
	if ap := s.AdditionalProperties.Schema; ap != nil && g.rng.IntN(3) == 0 {
		m["extra"] = g.value(ap.Value, depth+1)
	}
	return m
}

// flatten merges s with its allOf schemas, for generating: the union of their properties,
// types and required lists.
func flatten(s *openapi3.Schema) *openapi3.Schema {
	if len(s.AllOf) == 0 {
		return s
	}
	out := *s
	out.Properties = openapi3.Schemas{}
	for k, v := range s.Properties {
		out.Properties[k] = v
	}
	for _, ref := range s.AllOf {
		sub := flatten(ref.Value)
		if out.Type == nil {
			out.Type = sub.Type
		}
		for k, v := range sub.Properties {
			out.Properties[k] = v
		}
		out.Required = append(slices.Clip(out.Required), sub.Required...)
		if out.Items == nil {
			out.Items = sub.Items
		}
	}
	return &out
}

// BenchmarkFormanceClientAnswer checks a Formance readClient answer with kin-openapi and with
// the compiled check: go test -bench . ./internal/schemacheck.
func BenchmarkFormanceClientAnswer(b *testing.B) {
	raw, err := api.Spec(api.Formance)
	if err != nil {
		b.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		b.Fatal(err)
	}
	s := doc.Components.Schemas["ReadClientResponse"].Value
	v := map[string]any{"data": map[string]any{"id": "3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13", "name": "bench",
		"description": "a client", "redirectUris": []any{"https://example.com/cb"}, "scopes": []any{}, "secrets": []any{}}}
	b.Run("kin-openapi", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.VisitJSON(v, openapi3.VisitAsResponse()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("schemacheck", func(b *testing.B) {
		check, ok := schemacheck.Compile(s, schemacheck.Response)
		if !ok {
			b.Fatal("does not compile")
		}
		b.ReportAllocs()
		for b.Loop() {
			if !check.Accepts(v) {
				b.Fatal("refused")
			}
		}
	})
}
