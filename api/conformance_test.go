package api_test

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/api"
	"github.com/clientkit/clientkit/internal/upstreamfacts"
)

// pinnedFacts reads the upstream facts shipped in api/upstream for p.
func pinnedFacts(t *testing.T, p api.Provider) upstreamfacts.File {
	t.Helper()
	f, err := upstreamfacts.ReadFile(filepath.Join("upstream", string(p)+".json"))
	require.NoError(t, err)
	require.Equal(t, string(p), f.Provider)
	return f
}

// ourFacts extracts the facts of our spec of p, after edit (if any) changed the loaded document.
func ourFacts(t *testing.T, p api.Provider, edit func(*openapi3.T)) map[string][]string {
	t.Helper()
	raw, err := api.Spec(p)
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	require.NoError(t, err)
	if edit != nil {
		edit(doc)
	}
	f, err := upstreamfacts.Extract(doc)
	require.NoError(t, err)
	return f.Lines()
}

// describe lists missing facts one per line, for failure messages.
func describe(missing map[string][]string) string {
	var out []string
	for op, facts := range missing {
		for _, f := range facts {
			out = append(out, op+": "+f)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// TestSpecsMatchUpstream checks that our spec of each provider carries every fact upstream
// states (api/upstream): method and full path, security, parameters and whether they are
// required, request body and whether it is required, status codes, content types, and for every
// schema the property names, types, formats, enums and required sets. Ours may add facts
// (listed in README.md) but never drops or changes one.
func TestSpecsMatchUpstream(t *testing.T) {
	for _, p := range api.Providers() {
		t.Run(string(p), func(t *testing.T) {
			want := pinnedFacts(t, p).Facts.Lines()
			missing := upstreamfacts.Missing(want, ourFacts(t, p, nil))
			assert.Empty(t, missing, "our %s spec lacks upstream facts:\n%s", p, describe(missing))
		})
	}
}

// TestPinnedFactsAreWhole guards the comparison itself: empty facts would pass vacuously, and a
// facts file without provenance could not be traced or refreshed.
func TestPinnedFactsAreWhole(t *testing.T) {
	ops := map[api.Provider]int{api.Mollie: 1, api.Dwolla: 2, api.Formance: 9}
	for _, p := range api.Providers() {
		f := pinnedFacts(t, p)
		assert.Len(t, f.Facts.Operations, ops[p], "%s", p)
		pr := f.Provenance
		assert.NotEmpty(t, pr.Repository, "%s", p)
		assert.NotEmpty(t, pr.Path, "%s", p)
		assert.Regexp(t, `^[0-9a-f]{40}$`, pr.Commit, "%s", p)
		assert.Regexp(t, `^[0-9a-f]{64}$`, pr.SourceSHA256, "%s", p)
	}
	lines := pinnedFacts(t, api.Formance).Facts.Lines()
	assert.Contains(t, lines["readClient"], "route GET /api/auth/clients/{clientId}")
	assert.Contains(t, lines["createSecret"], "response 200 content application/json")
	assert.Greater(t, len(lines["createClient"]), 20)
}

// TestFactCheckCatchesMutations changes one fact of ours at a time and expects the comparison
// to name it: the check must be able to fail.
func TestFactCheckCatchesMutations(t *testing.T) {
	cases := []struct {
		name     string
		provider api.Provider
		edit     func(*openapi3.T)
		want     string
	}{
		{"removed operation", api.Formance, func(d *openapi3.T) {
			d.Paths.Value("/api/auth/clients/{clientId}/secrets/{secretId}").Delete = nil
		}, "deleteSecret: operation missing"},
		{"moved path", api.Dwolla, func(d *openapi3.T) {
			d.Paths.Set("/client-token", d.Paths.Value("/client-tokens"))
			d.Paths.Delete("/client-tokens")
		}, "createClientToken: route POST /client-tokens"},
		{"removed status", api.Formance, func(d *openapi3.T) {
			d.Paths.Value("/api/auth/clients").Post.Responses.Delete("201")
		}, "createClient: response 201"},
		{"changed type", api.Mollie, func(d *openapi3.T) {
			s := d.Paths.Value("/v2/client-links").Post.RequestBody.Value.Content.Get("application/json").Schema.Value
			s.Properties["name"] = openapi3.NewIntegerSchema().NewRef()
		}, "create-client-link: body application/json.name type string"},
		{"removed property", api.Dwolla, func(d *openapi3.T) {
			s := d.Paths.Value("/token").Post.Responses.Status(200).Value.Content.Get("application/json").Schema.Value
			delete(s.Properties, "access_token")
		}, "createApplicationAccessToken: response 200 application/json has access_token"},
		{"optional made of a required field", api.Formance, func(d *openapi3.T) {
			s := d.Paths.Value("/api/auth/clients/{clientId}/secrets").Post.RequestBody.Value.Content.Get("application/json").Schema.Value
			s.Required = nil
		}, "createSecret: body application/json required [name]"},
		{"removed security", api.Mollie, func(d *openapi3.T) {
			d.Paths.Value("/v2/client-links").Post.Security = &openapi3.SecurityRequirements{{"oAuth": {}}}
		}, "create-client-link: security advancedAccessToken[clients.write]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := pinnedFacts(t, tc.provider).Facts.Lines()
			got := describe(upstreamfacts.Missing(want, ourFacts(t, tc.provider, tc.edit)))
			assert.Contains(t, got, tc.want)
		})
	}
}
