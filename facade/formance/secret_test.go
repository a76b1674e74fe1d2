package formance

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade/internal/testutil"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

func TestSecretRedactsClearValue(t *testing.T) {
	s := newSecret(formanceapi.Secret{ID: "s-1", Name: "deploy", LastDigits: "Qz9k", Clear: "clear-value-SECRET-Qz9k"})
	testutil.AssertNoSecretIn(t, s, "clear-value-SECRET")
	testutil.AssertNoSecretIn(t, *s, "clear-value-SECRET")
	assert.Equal(t, "clear-value-SECRET-Qz9k", s.Clear(), "the value is one call away")
	assert.Equal(t, "formance.Secret{ID: s-1, Name: deploy, LastDigits: Qz9k, Clear: [redacted]}", s.String())
}

func TestSecretEncodesItsListedFields(t *testing.T) {
	b, err := json.Marshal(newSecret(formanceapi.Secret{ID: "s-1", Name: "deploy", LastDigits: "Qz9k", Clear: "clear-value"}))
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"s-1","name":"deploy","lastDigits":"Qz9k"}`, string(b))
}

// fmt cannot call a value's methods in an unexported field: the value is behind a pointer, which
// it prints as an address.
func TestSecretInAnUnexportedFieldShowsNoValue(t *testing.T) {
	type session struct{ s Secret }
	testutil.AssertNoSecretIn(t, session{*newSecret(formanceapi.Secret{ID: "s-1", Clear: "clear-VALUE"})}, "clear-VALUE")
}
