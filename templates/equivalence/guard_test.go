package equivalence

import (
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specWith is a one-operation spec whose operation has the given parameters and request body.
func specWith(parameters, requestBody string) string {
	return `
openapi: 3.0.3
info: {title: guard, version: "1"}
paths:
  /things:
    post:
      operationId: makeThing
      parameters: ` + parameters + `
      requestBody: ` + requestBody + `
      responses:
        '204': {description: made}
`
}

const jsonBody = `{content: {application/json: {schema: {type: object}}}}`

// generateWithOurTemplate runs oapi-codegen on spec with our client template, in process.
func generateWithOurTemplate(t *testing.T, spec string) string {
	t.Helper()
	tmpl, err := os.ReadFile("../client.tmpl")
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	require.NoError(t, err)
	code, err := codegen.Generate(doc, codegen.Configuration{
		PackageName: "guarded",
		Generate:    codegen.GenerateOptions{Models: true, Client: true},
		OutputOptions: codegen.OutputOptions{
			ClientTypeName: "APIClient",
			UserTemplates:  map[string]string{"client.tmpl": string(tmpl)},
		},
	}.UpdateDefaults())
	require.NoError(t, err)
	return code
}

// Features the template does not build must not generate code that compiles and silently drops
// them: the output names what is missing, an undefined identifier.
func TestUnsupportedFeaturesNameThemselves(t *testing.T) {
	cases := []struct {
		name, spec, want string
	}{
		{"query parameter", specWith(`[{name: page, in: query, schema: {type: integer}}]`, jsonBody),
			"clientkit_template_lacks_query_parameters"},
		{"cookie parameter", specWith(`[{name: session, in: cookie, schema: {type: string}}]`, jsonBody),
			"clientkit_template_lacks_cookie_parameters"},
		{"header sent as content", specWith(`[{name: X-Filter, in: header, content: {application/json: {schema: {type: object}}}}]`, jsonBody),
			"clientkit_template_lacks_content_parameters"},
		{"path parameter sent as content", strings.Replace(specWith(`[{name: id, in: path, required: true, content: {application/json: {schema: {type: object}}}}]`, jsonBody), "/things:", "/things/{id}:", 1),
			"clientkit_template_lacks_content_parameters"},
		{"text body", specWith(`[]`, `{content: {text/plain: {schema: {type: string}}}}`),
			"clientkit_template_lacks_Text_bodies"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Contains(t, generateWithOurTemplate(t, tc.spec), tc.want)
		})
	}
	assert.NotContains(t, generateWithOurTemplate(t, specWith(`[]`, jsonBody)), "clientkit_template_lacks",
		"a spec using only what the template builds")
}

func TestDeprecationIsCarried(t *testing.T) {
	spec := `
openapi: 3.0.3
info: {title: guard, version: "1"}
paths:
  /old:
    get:
      operationId: readOld
      deprecated: true
      x-deprecated-reason: use readNew
      responses:
        '200': {description: found}
`
	code := generateWithOurTemplate(t, spec)
	// The interface method, the APIClient method and (from the stock template) the
	// ClientWithResponses method and its interface entry.
	assert.Equal(t, 4, strings.Count(code, "Deprecated: use readNew"), code)
}
