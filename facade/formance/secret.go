package formance

import (
	"encoding/json"
	"fmt"
	"log/slog"

	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// Secret is a client secret just created. Its value, which the stack returns only this once,
// comes out of Clear and nowhere else: formatting, logging or encoding a Secret, alone or inside
// another value, shows the listed fields (ClientSecret) and never the value.
type Secret struct {
	ClientSecret
	clear *string // a pointer, so even a Secret in an unexported field prints an address
}

// newSecret keeps the value of a created secret apart from its listed fields.
func newSecret(s formanceapi.Secret) *Secret {
	return &Secret{ClientSecret: ClientSecret{ID: s.ID, Name: s.Name, LastDigits: s.LastDigits, Metadata: s.Metadata}, clear: &s.Clear}
}

// Clear returns the secret's value: give it to the client that authenticates with it.
func (s Secret) Clear() string {
	if s.clear == nil {
		return ""
	}
	return *s.clear
}

// String describes the secret with its value redacted.
func (s Secret) String() string {
	return fmt.Sprintf("formance.Secret{ID: %s, Name: %s, LastDigits: %s, Clear: %s}", s.ID, s.Name, s.LastDigits, redacted)
}

// Format prints String for every verb, %#v included.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue keeps the value out of slog output.
func (s Secret) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", s.ID), slog.String("name", s.Name),
		slog.String("last_digits", s.LastDigits), slog.String("clear", redacted))
}

// MarshalJSON encodes the listed fields only.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.ClientSecret) }

// redacted stands in for a secret in formatted output.
const redacted = "[redacted]"
