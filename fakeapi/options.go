package fakeapi

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Option configures a Handler or Server.
type Option func(*config)

type config struct {
	creds              Credentials
	clock              func() time.Time
	dwollaTokenTTL     time.Duration
	mollieTokenTTL     time.Duration
	mollieRotation     bool
	idempotencyTTL     time.Duration
	formanceGeneration FormanceGeneration
	denial             *oauthDenial
	consent            Consent
	inspector          bool
	observe            func(Request)
	publicURL          string
	// corruptResponse lets tests break an answer after the handler ran, to prove that response
	// validation catches it.
	corruptResponse func(operationID string, r reply) reply
}

type oauthDenial struct{ code, description string }

func defaultConfig() config {
	return config{creds: DefaultCredentials(), clock: time.Now, dwollaTokenTTL: time.Hour,
		mollieTokenTTL: time.Hour, idempotencyTTL: 24 * time.Hour, formanceGeneration: FormanceToday, consent: ConsentApprove}
}

// FormanceGeneration is the generation of the Formance Auth API the fake plays.
type FormanceGeneration int

const (
	// FormanceToday is the Auth service as it runs now: scopes are a list of labels on the
	// client, tokens from the token endpoint need auth:read or auth:write, and the seed era's
	// scope endpoints answer 404.
	FormanceToday FormanceGeneration = iota + 1
	// FormanceSeed2023 is the Auth service of the stack in 2023 (until December): scopes are
	// scope records under /api/auth/scopes, granted to a client by record id, and tokens need no
	// scope.
	FormanceSeed2023
)

// String is the generation's name as `clientkit serve --formance-generation` takes it.
func (g FormanceGeneration) String() string {
	switch g {
	case FormanceToday:
		return "today"
	case FormanceSeed2023:
		return "2023"
	}
	return fmt.Sprintf("FormanceGeneration(%d)", int(g))
}

// ParseFormanceGeneration reads a generation name: today or 2023.
func ParseFormanceGeneration(name string) (FormanceGeneration, error) {
	for _, g := range []FormanceGeneration{FormanceToday, FormanceSeed2023} {
		if name == g.String() {
			return g, nil
		}
	}
	return 0, fmt.Errorf("fakeapi: Formance generation %q is neither today nor 2023", name)
}

// WithFormanceGeneration sets the generation of the Formance Auth API (default FormanceToday).
func WithFormanceGeneration(g FormanceGeneration) Option {
	return func(cfg *config) { cfg.formanceGeneration = g }
}

// WithMollieAccessTokenTTL sets the lifetime of access tokens issued by Mollie's /oauth2/tokens
// (default one hour, as Mollie's); soak tests make it a few seconds.
func WithMollieAccessTokenTTL(d time.Duration) Option {
	return func(cfg *config) { cfg.mollieTokenTTL = d }
}

// WithMollieRefreshTokenRotation makes every refresh at Mollie's /oauth2/tokens answer a new
// refresh token; the one that was used then fails with invalid_grant.
func WithMollieRefreshTokenRotation() Option { return func(cfg *config) { cfg.mollieRotation = true } }

// WithIdempotencyTTL sets how long an Idempotency-Key is remembered (default 24 hours, as the
// providers do); a key older than that starts a new request.
func WithIdempotencyTTL(d time.Duration) Option { return func(cfg *config) { cfg.idempotencyTTL = d } }

// WithCredentials sets the credentials the fake accepts.
func WithCredentials(c Credentials) Option { return func(cfg *config) { cfg.creds = c } }

// WithClock sets the clock used for token lifetimes, link expiry and the request log.
func WithClock(now func() time.Time) Option { return func(cfg *config) { cfg.clock = now } }

// WithDwollaTokenTTL sets the lifetime of Dwolla application tokens (default one hour).
func WithDwollaTokenTTL(d time.Duration) Option { return func(cfg *config) { cfg.dwollaTokenTTL = d } }

// WithMollieDenial makes the consent page deny every authorization with the given OAuth error
// code (such as access_denied) and description: WithConsent(ConsentDeny) with your own error.
func WithMollieDenial(errCode, description string) Option {
	return func(cfg *config) {
		cfg.consent = ConsentDeny
		cfg.denial = &oauthDenial{code: errCode, description: description}
	}
}

// WithPublicURL sets the base URL used in links the fake hands out (Mollie's clientLink). By
// default it is derived from each request's Host.
func WithPublicURL(u string) Option {
	return func(cfg *config) { cfg.publicURL = strings.TrimSuffix(u, "/") }
}

func (cfg config) validate() error {
	c := cfg.creds
	var errs []error
	for _, cred := range []struct{ name, value string }{
		{"MollieAccessToken", c.MollieAccessToken}, {"MollieClientID", c.MollieClientID},
		{"MollieClientSecret", c.MollieClientSecret}, {"MollieRedirectURI", c.MollieRedirectURI},
		{"DwollaClientID", c.DwollaClientID}, {"DwollaClientSecret", c.DwollaClientSecret},
		{"FormanceToken", c.FormanceToken},
	} {
		if cred.value == "" {
			errs = append(errs, fmt.Errorf("fakeapi: credential %s is empty", cred.name))
		}
	}
	if c.MollieAccessToken != "" && !strings.HasPrefix(c.MollieAccessToken, "access_") {
		errs = append(errs, errors.New("fakeapi: MollieAccessToken must start with access_"))
	}
	if c.MollieClientID != "" && !strings.HasPrefix(c.MollieClientID, "app_") {
		errs = append(errs, fmt.Errorf("fakeapi: MollieClientID %q must start with app_", c.MollieClientID))
	}
	if c.MollieRedirectURI != "" {
		if u, err := url.Parse(c.MollieRedirectURI); err != nil || !u.IsAbs() {
			errs = append(errs, fmt.Errorf("fakeapi: MollieRedirectURI %q is not an absolute URL", c.MollieRedirectURI))
		}
	}
	if cfg.clock == nil {
		errs = append(errs, errors.New("fakeapi: WithClock needs a function"))
	}
	if cfg.dwollaTokenTTL <= 0 {
		errs = append(errs, fmt.Errorf("fakeapi: Dwolla token TTL %s must be positive", cfg.dwollaTokenTTL))
	}
	if cfg.mollieTokenTTL <= 0 {
		errs = append(errs, fmt.Errorf("fakeapi: Mollie access token TTL %s must be positive", cfg.mollieTokenTTL))
	}
	if cfg.idempotencyTTL <= 0 {
		errs = append(errs, fmt.Errorf("fakeapi: idempotency TTL %s must be positive", cfg.idempotencyTTL))
	}
	if cfg.formanceGeneration != FormanceToday && cfg.formanceGeneration != FormanceSeed2023 {
		errs = append(errs, fmt.Errorf("fakeapi: unknown %s; use FormanceToday or FormanceSeed2023", cfg.formanceGeneration))
	}
	if err := cfg.consent.validate(); err != nil {
		errs = append(errs, err)
	}
	if cfg.denial != nil && cfg.denial.code == "" {
		errs = append(errs, errors.New("fakeapi: WithMollieDenial needs an error code"))
	}
	if cfg.publicURL != "" {
		if u, err := url.Parse(cfg.publicURL); err != nil || !u.IsAbs() {
			errs = append(errs, fmt.Errorf("fakeapi: public URL %q is not an absolute URL", cfg.publicURL))
		}
	}
	return errors.Join(errs...)
}
