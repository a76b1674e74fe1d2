package facade

// CallSettings are what the call options of one call add up to; the provider packages read them.
type CallSettings struct {
	// IdempotencyKey is the key of a write, or "" for a fresh UUIDv4.
	IdempotencyKey string
	// RetryPolicy overrides the client's policy for this call when not nil.
	RetryPolicy *RetryPolicy
}

// CallOption changes one call of any method without changing the client.
type CallOption func(*CallSettings)

// WriteOption changes one call of a method that takes an idempotency key (Mollie and Dwolla
// POSTs): a CallOption or an IdempotencyKey. Formance methods take no key, so an IdempotencyKey
// given to them does not compile.
type WriteOption interface {
	ApplyToWrite(*CallSettings)
}

// ApplyToWrite lets every CallOption serve as a WriteOption.
func (o CallOption) ApplyToWrite(s *CallSettings) {
	if o != nil {
		o(s)
	}
}

// IdempotencyKey sets the Idempotency-Key of a write instead of a fresh UUIDv4; an empty key
// leaves the fresh one. Every attempt of the call carries the same key.
type IdempotencyKey string

// ApplyToWrite sets the call's key.
func (k IdempotencyKey) ApplyToWrite(s *CallSettings) { s.IdempotencyKey = string(k) }

// CallRetryPolicy overrides the client's retry policy for one call.
func CallRetryPolicy(p RetryPolicy) CallOption {
	return func(s *CallSettings) { s.RetryPolicy = &p }
}

// Calls adds up the options of a call that takes no key.
func Calls(opts []CallOption) CallSettings {
	if len(opts) == 0 {
		return CallSettings{} // the common case allocates nothing
	}
	var s CallSettings
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}

// Writes adds up the options of a write.
func Writes(opts []WriteOption) CallSettings {
	if len(opts) == 0 {
		return CallSettings{}
	}
	var s CallSettings
	for _, o := range opts {
		if o != nil {
			o.ApplyToWrite(&s)
		}
	}
	return s
}
