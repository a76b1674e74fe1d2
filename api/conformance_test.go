package api_test

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
)

// upstreamDir holds the upstream excerpts our specs must match. They are not part of this
// repository (Mollie's is licensed non-commercial); CI checks them out beside it.
func upstreamDir(t *testing.T) string {
	dir := os.Getenv("CLIENTKIT_UPSTREAM_SPECS")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "reference", "specs")
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") != "" {
			t.Fatalf("upstream specs not found at %s (set CLIENTKIT_UPSTREAM_SPECS)", dir)
		}
		t.Skipf("upstream specs not found at %s; set CLIENTKIT_UPSTREAM_SPECS to compare", dir)
	}
	return dir
}

var upstreamFiles = map[api.Provider]string{
	api.Mollie:   "mollie-client-links.upstream.yaml",
	api.Dwolla:   "dwolla-client-tokens.upstream.yaml",
	api.Formance: "formance-auth-clients.upstream.json",
}

// TestSpecsMatchUpstream compares every fact of each upstream operation with ours: method and
// full path, parameters and whether they are required, request body and whether it is required,
// status codes, content types, and for every schema the property names, types, formats, enums
// and required sets. Our specs may add facts (listed in README.md) but never drop or change one.
func TestSpecsMatchUpstream(t *testing.T) {
	dir := upstreamDir(t)
	for p, file := range upstreamFiles {
		t.Run(string(p), func(t *testing.T) {
			loader := openapi3.NewLoader()
			upstream, err := loader.LoadFromFile(filepath.Join(dir, file))
			require.NoError(t, err)
			raw, err := api.Spec(p)
			require.NoError(t, err)
			ours, err := openapi3.NewLoader().LoadFromData(raw)
			require.NoError(t, err)

			want, got := operationFacts(t, upstream), operationFacts(t, ours)
			for op, facts := range want {
				have, ok := got[op]
				if !assert.True(t, ok, "operation %s is missing", op) {
					continue
				}
				var missing []string
				for _, f := range facts {
					if !slices.Contains(have, f) {
						missing = append(missing, f)
					}
				}
				assert.Empty(t, missing, "operation %s lacks upstream facts", op)
			}
		})
	}
}

var serverVar = regexp.MustCompile(`\{[^}]*\}`)

// operationFacts lists, per operationId, one line per fact of the operation.
func operationFacts(t *testing.T, doc *openapi3.T) map[string][]string {
	require.NotEmpty(t, doc.Servers)
	// Only the base path matters here; template variables stand in the host.
	u, err := url.Parse(serverVar.ReplaceAllString(doc.Servers[0].URL, "x"))
	require.NoError(t, err)
	base := strings.TrimSuffix(u.Path, "/")

	out := map[string][]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			var facts []string
			add := func(format string, args ...any) { facts = append(facts, fmt.Sprintf(format, args...)) }
			add("route %s %s%s", method, base, path)
			params := append(slices.Clone(item.Parameters), op.Parameters...)
			for _, ref := range params {
				pm := ref.Value
				name := pm.Name
				if pm.In == openapi3.ParameterInHeader {
					name = strings.ToLower(name) // header names are case-insensitive
				}
				add("param %s %s required=%v", pm.In, name, pm.Required)
				schemaFacts("param "+pm.Name, pm.Schema, add)
			}
			if rb := op.RequestBody; rb != nil {
				add("body required=%v", rb.Value.Required)
				for ct, mt := range rb.Value.Content {
					add("body content %s", ct)
					schemaFacts("body "+ct, mt.Schema, add)
				}
			}
			for status, resp := range op.Responses.Map() {
				add("response %s", status)
				for ct, mt := range resp.Value.Content {
					add("response %s content %s", status, ct)
					schemaFacts("response "+status+" "+ct, mt.Schema, add)
				}
			}
			sort.Strings(facts)
			out[op.OperationID] = facts
		}
	}
	return out
}

// schemaFacts flattens a schema into facts about each property path, merging allOf.
func schemaFacts(at string, ref *openapi3.SchemaRef, add func(string, ...any)) {
	if ref == nil || ref.Value == nil {
		return
	}
	s := flatten(ref.Value)
	if s.Type != nil && len(*s.Type) > 0 {
		types := slices.Clone([]string(*s.Type))
		sort.Strings(types)
		add("%s type %s", at, strings.Join(types, "|"))
	}
	if s.Format != "" {
		add("%s format %s", at, s.Format)
	}
	for _, e := range s.Enum {
		add("%s enum %v", at, e)
	}
	req := slices.Clone(s.Required)
	sort.Strings(req)
	if len(s.Properties) > 0 || len(req) > 0 {
		add("%s required [%s]", at, strings.Join(req, ","))
	}
	for name, prop := range s.Properties {
		add("%s has %s", at, name)
		schemaFacts(at+"."+name, prop, add)
	}
	if s.Items != nil {
		schemaFacts(at+"[]", s.Items, add)
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		schemaFacts(at+"{}", ap, add)
	}
}

// flatten merges allOf members into one schema: properties, required names, type and format.
func flatten(s *openapi3.Schema) *openapi3.Schema {
	if len(s.AllOf) == 0 {
		return s
	}
	out := *s
	out.AllOf = nil
	out.Properties = openapi3.Schemas{}
	for name, p := range s.Properties {
		out.Properties[name] = p
	}
	for _, part := range s.AllOf {
		m := flatten(part.Value)
		for name, p := range m.Properties {
			out.Properties[name] = p
		}
		out.Required = append(out.Required, m.Required...)
		if out.Type == nil {
			out.Type = m.Type
		}
	}
	slices.Sort(out.Required)
	out.Required = slices.Compact(out.Required)
	return &out
}

// TestUpstreamIsLoadable guards the comparison itself: an empty fact list would pass vacuously.
func TestUpstreamIsLoadable(t *testing.T) {
	dir := upstreamDir(t)
	doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join(dir, upstreamFiles[api.Formance]))
	require.NoError(t, err)
	facts := operationFacts(t, doc)
	assert.Len(t, facts, 9)
	assert.Contains(t, facts["readClient"], "route GET /api/auth/clients/{clientId}")
	assert.Contains(t, facts["createSecret"], "response 200 content application/json")
}
