package conformance

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestJSONSchemaLinesDropValues: the 3.1 validator quotes the offending value first in some
// messages; that value never reaches a violation.
func TestJSONSchemaLinesDropValues(t *testing.T) {
	got := jsonSchemaLines("jsonschema validation failed with 'x#'\n- at '/email': 'hunter2@x' is not valid email\n- at '': missing property 'name'")
	assert.Equal(t, [][]string{
		{"- at '/email': 'hunter2@x' is not valid email", "/email", "the value is not valid email"},
		{"- at '': missing property 'name'", "", "missing property 'name'"},
	}, got)
	assert.Nil(t, jsonSchemaLines("value must be a string"))
}
