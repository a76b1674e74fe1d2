package formance

import (
	"fmt"
	"log/slog"

	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// Secret is a client secret just created. Clear holds its value, which the stack returns only
// this once; formatting, logging or encoding a Secret shows everything but that value.
type Secret struct {
	formanceapi.Secret
}

// String describes the secret with its clear value redacted.
func (s Secret) String() string {
	return fmt.Sprintf("formance.Secret{ID: %s, Name: %s, LastDigits: %s, Clear: %s}", s.ID, s.Name, s.LastDigits, redacted)
}

// Format prints String for every verb, %#v included.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue keeps the clear value out of slog output.
func (s Secret) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", s.ID), slog.String("name", s.Name),
		slog.String("last_digits", s.LastDigits), slog.String("clear", redacted))
}

// redacted stands in for a secret in formatted output.
const redacted = "[redacted]"
