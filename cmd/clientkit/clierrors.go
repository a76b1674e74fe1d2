package main

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/clientkit/clientkit/facade"
)

// This file holds how the commands report failures. A usage error reads
// "--flag problem" or `--flag "value" problem` (the value only when it is no secret: a URL, with
// its user info redacted), or "missing --a, --b"; it exits with status 2. A refused or
// unanswered call prints the facade's message and one `key: value` line per field; it exits 1.

// flagProblem is the usage error of one flag: --name, its shown value when not empty, then the
// problem.
func flagProblem(name, shown, problem string) *usageError {
	if shown != "" {
		return &usageError{msg: fmt.Sprintf("--%s %q %s", name, shown, problem)}
	}
	return &usageError{msg: fmt.Sprintf("--%s %s", name, problem)}
}

// callError sorts the error of a facade constructor or call. An *InputError came from the flags,
// so it is a usage error naming the flag: flagOf maps the facade's field names (an indexed field
// such as scope[1] by its name) to flags, and a URL flag shows its redacted value. An *APIError
// or *RetryError is an API failure printed with all its fields; anything else is returned as is.
func (c *commandFlags) callError(err error, flagOf map[string]string) error {
	var input *facade.InputError
	if errors.As(err, &input) {
		field, _, _ := strings.Cut(input.Field, "[")
		name, ok := flagOf[field]
		if !ok {
			return &usageError{msg: input.Field + " " + input.Problem}
		}
		shown := ""
		if f := c.Lookup(name); f != nil {
			if u, isURL := f.Value.(*urlValue); isURL {
				shown = u.String()
			}
		}
		return flagProblem(name, shown, input.Problem)
	}
	var apiErr *facade.APIError
	var retryErr *facade.RetryError
	if errors.As(err, &apiErr) || errors.As(err, &retryErr) {
		return &apiFailure{err: err}
	}
	return err
}

// checkAbsoluteURL refuses a URL flag whose value, when given, is not an absolute URL with a
// host. The facade checks the URLs it takes itself; this is for the others.
func checkAbsoluteURL(name string, v *urlValue) error {
	if v.raw == "" {
		return nil
	}
	if u, err := url.Parse(v.raw); err != nil || !u.IsAbs() || u.Host == "" {
		return flagProblem(name, v.String(), "is not an absolute URL")
	}
	return nil
}

// httpURL parses the URL flag name, refusing as a usage error a value that is not an http or https
// URL with a host; example is a good value, for the message.
func httpURL(name string, v *urlValue, example string) (*url.URL, error) {
	u, err := url.Parse(v.raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, flagProblem(name, v.String(), "is not an http(s) URL such as "+example)
	}
	return u, nil
}

// redactURL returns raw with any user info replaced by [redacted]. It works on the text, so a
// URL that does not parse is redacted too: whatever comes before the last "@" of the authority
// (between "://", or the start, and the next "/") is hidden. It may hide more than user info,
// never less.
func redactURL(raw string) string {
	scheme, rest, ok := strings.Cut(raw, "://")
	if ok {
		scheme += "://"
	} else {
		scheme, rest = "", raw
	}
	authority, path := rest, ""
	if i := strings.Index(rest, "/"); i >= 0 {
		authority, path = rest[:i], rest[i:]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return raw
	}
	return scheme + "[redacted]@" + authority[at+1:] + path
}

// apiFailure is a call the provider refused or that got no answer; its message is the error's
// summary followed by one `key: value` line per field that is set.
type apiFailure struct{ err error }

func (e *apiFailure) Unwrap() error { return e.err }

func (e *apiFailure) Error() string {
	var b strings.Builder
	b.WriteString(e.err.Error())
	line := func(key, value string) {
		if value != "" {
			fmt.Fprintf(&b, "\n  %s: %s", key, value)
		}
	}
	var apiErr *facade.APIError
	if errors.As(e.err, &apiErr) {
		line("provider", apiErr.Provider)
		line("operation", apiErr.Operation)
		line("status", strconv.Itoa(apiErr.StatusCode))
		line("code", apiErr.Code)
		line("title", apiErr.Title)
		line("message", apiErr.Message)
		line("detail", apiErr.Detail)
		for _, f := range apiErr.Fields {
			line("field", strings.Join(nonEmpty(f.Path, f.Code, f.Message), ": "))
		}
		line("request id", apiErr.RequestID)
		if apiErr.RetryAfter > 0 {
			line("retry after", apiErr.RetryAfter.String())
		}
		if apiErr.Attempts > 0 { // a token endpoint's refusal counts none
			line("attempts", strconv.Itoa(apiErr.Attempts))
		}
		return b.String()
	}
	var retryErr *facade.RetryError
	if errors.As(e.err, &retryErr) {
		line("provider", retryErr.Provider)
		line("operation", retryErr.Operation)
		line("reason", retryErr.Reason)
		line("attempts", strconv.Itoa(retryErr.Attempts))
	}
	return b.String()
}

func nonEmpty(values ...string) []string {
	var out []string
	for _, v := range values {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
