// Package fakeapi is an in-memory, spec-validating fake of the three APIs clientkit speaks:
// Mollie Connect client links (with the OAuth consent page and token endpoint), Dwolla
// application and client tokens, and Formance Auth clients.
//
// One handler serves all three providers at its root; their paths do not collide. Use
// fakeapitest.NewServer in tests, [NewHandler] to mount the fake elsewhere, and `clientkit serve` to run it
// as a process.
//
// # Validation
//
// The embedded specs are loaded once per process and every request to a spec operation is
// routed and validated with kin-openapi (security, parameters, content type and body) before any
// state is touched. Every answer to a spec operation is validated against the spec before it is
// written, refusals of bad requests included, and its status must be one the operation declares;
// an answer that would break the spec is replaced by a 500 that names the violation. Only the
// answers of injected Status faults skip this check. JSON bodies, both ways, first meet a check
// compiled from their schema (internal/schemacheck) that accepts valid ones quickly; kin-openapi
// judges every body that check does not accept, and its verdict and message are the ones given.
// Failures come in each provider's own error shape; see errors.go for the status and code each
// kind of failure gets. A body of the wrong media type gets 415 (400 invalid_request on the OAuth
// token endpoints); a body that cannot be read or is over 1 MiB gets 400; Dwolla answers a
// missing or wrong Accept header with 406 InvalidVersion.
//
// # Permissions
//
// create-client-link accepts the configured organization access token, which has every
// permission, and access tokens issued by /oauth2/tokens whose granted scopes (those asked for on
// the consent page) include clients.write. Mollie refuses a token without the permission with
// 403, a status the spec does not declare for this operation, so the fake answers 401 with a
// detail naming the missing scope.
//
// Formance accepts the configured stack token, which has every permission, and tokens from its
// client-credentials endpoint. On today's generation ([FormanceToday]) such a token may carry only
// scopes its client lists, and reads need auth:read, writes auth:write (401 otherwise); on
// [FormanceSeed2023] tokens need no scope. See [WithFormanceGeneration] for the differences
// between the generations.
//
// # Idempotency
//
// create-client-link (Mollie) and createClientToken (Dwolla) accept an Idempotency-Key header
// (any case). Keys are scoped per operation and account
// (not per access token, so a retry after a token refresh still replays). Repeating a key with
// the same body replays the first answer (status, headers and body, plus an
// Idempotent-Replayed: true header) and changes nothing. Repeating it with another body is
// refused: Mollie answers 422 with field "idempotency-key", Dwolla 400 with code
// InvalidIdempotencyKey. A repeat that arrives while the first request is still being processed
// gets 409. Answers with a 5xx status are not kept, so a retry after one is processed afresh.
// A key is forgotten after the idempotency TTL (24 hours, [WithIdempotencyTTL]); at most 10,000
// keys are kept, the oldest forgotten first.
//
// # Bounds
//
// Expired tokens, codes and client links are purged as new ones arrive, and every store has a
// cap (see bounds.go); a write to a full store is refused with a status its operation declares.
//
// # Faults
//
// [Handler.Inject] (or POST /_fake/faults) makes the next calls of an operation fail. A fault
// with a Delay waits first; when the caller goes away or the request's context ends (such as when
// a server whose BaseContext is cancelled shuts down), the wait ends and the handler aborts the
// answer with [http.ErrAbortHandler], so the connection closes without a response. A fault with
// a Status answers that status in the provider's error shape without validating or processing the
// request, and its answer is not checked against the spec, on purpose. A
// fault with Drop processes the request normally (state changes) and then closes the connection
// without answering. A fault with Work (Go only) processes the request, then holds its answer
// and its Idempotency-Key in flight for that long, as a provider slower than the caller's
// timeout: a request with the same key meanwhile gets 409, a later one the first answer.
// Every call, faulted or not, appears in the request log.
//
// # Test triggers
//
// Some values in otherwise valid requests make the fake answer an error, as providers' sandboxes
// do (see triggers.go): a Mollie owner email fail+NNN@… on create-client-link, a Dwolla customer
// URL ending in /customers/trigger-NNN on createClientToken, a Formance client name trigger-NNN on
// createClient or updateClient, with NNN one of 400, 429, 500, 502 and 503; and a client link
// whose owner email is fail+deny@… is denied by the consent page. Like Status faults, their
// answers are in the provider's error shape and skip the spec check.
//
// # Consent page
//
// [WithConsent] chooses how the page behind a client link answers: [ConsentApprove] (the default)
// and [ConsentDeny] redirect at once; [ConsentInteractive] shows the app, the organization and the
// scopes with Approve and Deny buttons. Its form carries a single-use nonce and must come from
// the page itself (another site's POST is refused).
//
// # Control endpoints and inspector
//
// Under /_fake/: GET /_fake/requests[?after=seq], GET /_fake/state, GET /_fake/counts,
// GET /_fake/operations, GET|POST|DELETE /_fake/faults (bodies: [FaultRequest]; refusals:
// [ControlError], naming the field and its valid values) and POST /_fake/reset. [WithInspector]
// adds the inspector page at GET /_fake/.
package fakeapi
