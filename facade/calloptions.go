package facade

// CallOption changes one call without changing the client.
type CallOption func(*callConfig)

// callConfig is what the CallOptions of one call add up to.
type callConfig struct {
	idempotencyKey string
	retry          *RetryPolicy
}

// IdempotencyKey sets the Idempotency-Key of a Mollie or Dwolla POST, instead of a fresh UUIDv4;
// an empty key leaves the fresh one. Every retry of the call carries the same key. Formance takes no key: its calls refuse this
// option with an *InputError.
func IdempotencyKey(key string) CallOption {
	return func(c *callConfig) { c.idempotencyKey = key }
}

// CallRetryPolicy overrides the client's retry policy for one call.
func CallRetryPolicy(p RetryPolicy) CallOption {
	return func(c *callConfig) { c.retry = &p }
}

// applyCallOptions adds up opts; without any it allocates nothing.
func applyCallOptions(opts []CallOption) callConfig {
	if len(opts) == 0 {
		return callConfig{}
	}
	var c callConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}
