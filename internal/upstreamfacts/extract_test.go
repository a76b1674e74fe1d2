package upstreamfacts_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/internal/upstreamfacts"
)

const sample = `
openapi: 3.0.3
info: {title: PROSE-TITLE, version: "1", description: PROSE-INFO}
servers: [{url: "https://{org}.example.test/base"}]
paths:
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, description: PROSE-PARAM, schema: {type: string}}
    put:
      operationId: putThing
      summary: PROSE-SUMMARY
      parameters:
        - {name: Idempotency-Key, in: header, schema: {type: string, format: uuid}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        "200":
          description: PROSE-RESPONSE
          content:
            application/json:
              schema:
                allOf:
                  - $ref: '#/components/schemas/Thing'
                  - {type: object, required: [id], properties: {id: {type: string}}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer, description: PROSE-SCHEME}
  schemas:
    Thing:
      type: object
      description: PROSE-SCHEMA
      required: [kind]
      properties:
        kind: {type: string, enum: [a, b], example: PROSE-EXAMPLE}
        tags: {type: array, items: {type: string}}
`

func TestExtractKeepsFactsOnly(t *testing.T) {
	doc, err := upstreamfacts.Load([]byte(sample))
	require.NoError(t, err)
	facts, err := upstreamfacts.Extract(doc)
	require.NoError(t, err)
	b, err := upstreamfacts.File{Facts: facts}.Marshal()
	require.NoError(t, err)
	assert.NotContains(t, string(b), "PROSE")

	lines := facts.Lines()
	for _, want := range []string{
		"route PUT /base/things/{id}",
		"param path id required=true",
		"param header idempotency-key required=false",
		"param header idempotency-key format uuid",
		"body required=true",
		"body application/json required [kind]",
		"body application/json.kind enum a",
		"body application/json.tags[] type string",
		"response 200 application/json required [id,kind]",
		"response 200 application/json has id",
	} {
		assert.Contains(t, lines["putThing"], want)
	}
	assert.Equal(t, []string{"security scheme token type http"}, lines[""])
}

func TestMissingNamesOperationsAndFacts(t *testing.T) {
	want := map[string][]string{"a": {"x", "y"}, "b": {"z"}}
	have := map[string][]string{"a": {"x", "extra"}}
	assert.Equal(t, map[string][]string{"a": {"y"}, "b": {"operation missing"}}, upstreamfacts.Missing(want, have))
}

func TestDocumentRoundTrip(t *testing.T) {
	doc, err := upstreamfacts.Load([]byte(sample))
	require.NoError(t, err)
	facts, err := upstreamfacts.Extract(doc)
	require.NoError(t, err)
	again, err := upstreamfacts.Extract(facts.Document())
	require.NoError(t, err)
	// The rebuilt document has no server, so paths are already full.
	assert.Equal(t, facts.Lines(), again.Lines())
}

func TestFromDataIsLoadThenExtract(t *testing.T) {
	doc, err := upstreamfacts.Load([]byte(sample))
	require.NoError(t, err)
	want, err := upstreamfacts.Extract(doc)
	require.NoError(t, err)
	got, err := upstreamfacts.FromData([]byte(sample))
	require.NoError(t, err)
	assert.Equal(t, want, got)
	_, err = upstreamfacts.FromData([]byte("openapi: ["))
	assert.ErrorContains(t, err, "upstreamfacts: load")
}
