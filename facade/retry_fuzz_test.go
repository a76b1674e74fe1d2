package facade

import (
	"net/http"
	"testing"
	"time"
)

// FuzzParseRetryAfter checks that any header value parses without panic into a wait within
// [0, maxRetryAfter], and that a rejected value yields no wait.
func FuzzParseRetryAfter(f *testing.F) {
	now := time.Date(2025, 3, 14, 9, 26, 53, 0, time.UTC)
	for _, seed := range []string{"", "0", "120", "-1", "1.5", "99999999999999999999",
		now.Add(time.Minute).Format(http.TimeFormat), now.Format(time.RFC850), now.Format(time.ANSIC), "Mon, 99 Foo"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, value string) {
		got, ok := parseRetryAfter(value, now)
		if got < 0 || got > maxRetryAfter {
			t.Fatalf("parseRetryAfter(%q) = %s, out of [0, %s]", value, got, maxRetryAfter)
		}
		if !ok && got != 0 {
			t.Fatalf("parseRetryAfter(%q) rejected the value but returned %s", value, got)
		}
	})
}

// errorDecoder is the shape of the providers' error decoders, the provider fixed.
type errorDecoder func(op string, status int, header http.Header, body []byte) *APIError

// fuzzDecoder checks that decode never panics and always returns an *APIError with the given
// status, the provider's name, a capped body and a Retry-After within the parser's range.
func fuzzDecoder(f *testing.F, provider string, decode errorDecoder, seeds ...string) {
	for _, s := range seeds {
		f.Add(422, "5", []byte(s))
		f.Add(503, "", []byte(s))
	}
	f.Add(429, "Fri, 14 Mar 2025 09:26:53 GMT", []byte(""))
	f.Add(400, "-1", []byte("not json"))
	f.Fuzz(func(t *testing.T, status int, retryAfter string, body []byte) {
		header := http.Header{"Retry-After": {retryAfter}, "X-Request-Id": {retryAfter}}
		e := decode("op", status, header, body)
		if e == nil {
			t.Fatal("nil *APIError")
		}
		if e.StatusCode != status || e.Provider != provider || e.Operation != "op" {
			t.Fatalf("got %s %s %d, want %s op %d", e.Provider, e.Operation, e.StatusCode, provider, status)
		}
		if len(e.Body) > keptErrorBody {
			t.Fatalf("kept %d bytes of body, cap %d", len(e.Body), keptErrorBody)
		}
		if e.RetryAfter < 0 || e.RetryAfter > maxRetryAfter {
			t.Fatalf("RetryAfter %s out of range", e.RetryAfter)
		}
		_ = e.Error()
		_ = e.Is(ErrServer)
	})
}

func FuzzDecodeMollieError(f *testing.F) {
	fuzzDecoder(f, providerMollie, decodeMollieError,
		`{"status":422,"title":"Unprocessable Entity","detail":"The owner email is invalid","field":"owner.email","_links":{}}`,
		`{"status":"x","field":null}`)
}

func FuzzDecodeDwollaError(f *testing.F) {
	fuzzDecoder(f, providerDwolla, decodeDwollaError,
		`{"code":"ValidationError","message":"Validation error(s) present.","_embedded":{"errors":[{"code":"Invalid","message":"Invalid action.","path":"/action"}]}}`,
		`{"_embedded":{"errors":null}}`)
}

func FuzzDecodeFormanceError(f *testing.F) {
	fuzzDecoder(f, providerFormance, decodeFormanceError,
		`{"errorCode":"VALIDATION","errorMessage":"name is required","details":"field name"}`,
		`{"errorCode":1}`)
}

func FuzzDecodeOAuthError(f *testing.F) {
	decode := func(op string, status int, header http.Header, body []byte) *APIError {
		e := decodeOAuthError(providerDwolla, op, status, header, body)
		if len(e.Body) != 0 {
			panic("an OAuth error kept the body, which may echo credentials")
		}
		return e
	}
	fuzzDecoder(f, providerDwolla, decode,
		`{"error":"invalid_client","error_description":"Invalid client credentials."}`,
		`{"error":["x"]}`)
}
