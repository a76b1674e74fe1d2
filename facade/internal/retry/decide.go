package retry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/clientkit/clientkit/facade"
)

// decideRetry says whether a call may make another attempt after this one, and why or why not.
// It looks only at its arguments: the original request, the attempt's response or error, how many
// attempts were made and the policy. The reasons about a status leave the status out (the attempt's
// log line has it), so the common answer, a final status, costs no formatting.
func decideRetry(req *http.Request, resp *http.Response, err error, attempt int, p facade.RetryPolicy) (bool, string) {
	inFlight := err == nil && keyedInFlight(req, resp)
	if err == nil {
		if !retryableStatus(resp.StatusCode) && !inFlight {
			return false, "final status"
		}
	} else {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return false, "context ended"
		}
		if permanentError(err) {
			return false, "error is not retryable"
		}
	}
	if attempt >= p.MaxAttempts {
		return false, fmt.Sprintf("all %d attempts made", p.MaxAttempts)
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return false, "request body cannot be rewound"
	}
	if !idempotentMethod(req.Method) && !HasIdempotencyKey(req.Header) {
		if err != nil && neverLeft(err) {
			return true, req.Method + " never reached the server"
		}
		return false, req.Method + " without Idempotency-Key may have reached the server"
	}
	var answerErr *AnswerError
	switch {
	case errors.As(err, &answerErr):
		return true, "the answer could not be read"
	case err != nil:
		return true, "network error"
	case inFlight:
		return true, "the request with this Idempotency-Key is still in progress"
	}
	return true, "retryable status"
}

// keyedInFlight reports a 409 to a request that carries an Idempotency-Key: the provider is
// still processing the first request with that key. Waiting and sending it again gets the
// first request's answer once it is done.
func keyedInFlight(req *http.Request, resp *http.Response) bool {
	return resp.StatusCode == http.StatusConflict && HasIdempotencyKey(req.Header)
}

// AnswerError is a 2xx answer that was cut short or does not decode: the request reached the
// provider, so a write's outcome is unknown, while an idempotent request may be sent again.
type AnswerError struct {
	Status  int    // the answer's status
	Problem string // "could not be read", "is over the size cap" or "does not decode"
	Err     error  // the read's or the decoder's error
	// Final says another attempt would get the same: the answer is over the size cap.
	Final bool
}

// Error names the status and the problem.
func (e *AnswerError) Error() string {
	return fmt.Sprintf("the HTTP %d answer %s: %v", e.Status, e.Problem, e.Err)
}

// Unwrap returns the read's or the decoder's error.
func (e *AnswerError) Unwrap() error { return e.Err }

// planWait picks the pause before the next attempt: the server's Retry-After when it sent one,
// else a backoff with full jitter. It declines, with a reason, when Retry-After is over the
// policy's cap or when the pause would end after ctx's deadline.
func planWait(ctx context.Context, resp *http.Response, attempt int, p facade.RetryPolicy, now time.Time, jitter func(int64) int64) (time.Duration, string) {
	wait := backoff(attempt, p, jitter)
	if resp != nil {
		if ra, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			if ra > p.MaxRetryAfter {
				return 0, fmt.Sprintf("Retry-After %s is over the cap of %s", ra, p.MaxRetryAfter)
			}
			wait = ra
		}
	}
	if deadline, ok := ctx.Deadline(); ok && !now.Add(wait).Before(deadline) {
		return 0, fmt.Sprintf("a wait of %s would pass the deadline", wait)
	}
	return wait, ""
}

// retryableStatus reports the statuses that say "try again": timeouts, too early, rate limits
// and server errors other than 501 and 505+.
func retryableStatus(status int) bool {
	switch status {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests,
		http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable,
		http.StatusGatewayTimeout:
		return true
	}
	return false
}

// idempotentMethod reports the methods HTTP defines as safe to repeat.
func idempotentMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace,
		http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// neverLeft reports errors that prove the request was not sent: the connection was never made.
func neverLeft(err error) bool {
	if tokenFetchFailed(err) {
		return true // the auth transport gave up before sending
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) || errors.Is(err, syscall.ECONNREFUSED)
}

// permanentError reports errors another attempt cannot cure: a rejected certificate, or a provider
// answer (from the token fetch) whose status is final.
func permanentError(err error) bool {
	var apiErr *facade.APIError
	if errors.As(err, &apiErr) {
		return !retryableStatus(apiErr.StatusCode)
	}
	var inErr *facade.InputError
	if errors.As(err, &inErr) {
		return true // a bad credential or argument does not get better with time
	}
	var answerErr *AnswerError
	if errors.As(err, &answerErr) && answerErr.Final {
		return true
	}
	var (
		verifyErr    *tls.CertificateVerificationError
		unknownAuth  x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidCert  x509.CertificateInvalidError
		recordHeader tls.RecordHeaderError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostnameErr) ||
		errors.As(err, &invalidCert) || errors.As(err, &recordHeader)
}

// HasIdempotencyKey reports whether h carries a non-empty Idempotency-Key, whatever the case of
// its name (a header map filled by hand may hold a name that is not canonical).
func HasIdempotencyKey(h http.Header) bool {
	for name, values := range h {
		if strings.EqualFold(name, "Idempotency-Key") {
			for _, v := range values {
				if strings.TrimSpace(v) != "" {
					return true
				}
			}
		}
	}
	return false
}

// tokenFetchFailed reports an error of the auth transport's token fetch, which comes before the
// request is sent: a token endpoint's refusal (*facade.APIError), a fetch that got no answer
// (*TokenError) or a token source's own request that got none (*facade.RetryError).
func tokenFetchFailed(err error) bool {
	var apiErr *facade.APIError
	var tokenErr *TokenError
	var retryErr *facade.RetryError
	return errors.As(err, &apiErr) || errors.As(err, &tokenErr) || errors.As(err, &retryErr)
}
