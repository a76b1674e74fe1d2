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
	creds          Credentials
	clock          func() time.Time
	dwollaTokenTTL time.Duration
	denial         *oauthDenial
	publicURL      string
	// corruptResponse lets tests break an answer after the handler ran, to prove that response
	// validation catches it.
	corruptResponse func(operationID string, r reply) reply
}

type oauthDenial struct{ code, description string }

func defaultConfig() config {
	return config{creds: DefaultCredentials(), clock: time.Now, dwollaTokenTTL: time.Hour}
}

// WithCredentials sets the credentials the fake accepts.
func WithCredentials(c Credentials) Option { return func(cfg *config) { cfg.creds = c } }

// WithClock sets the clock used for token lifetimes, link expiry and the request log.
func WithClock(now func() time.Time) Option { return func(cfg *config) { cfg.clock = now } }

// WithDwollaTokenTTL sets the lifetime of Dwolla application tokens (default one hour).
func WithDwollaTokenTTL(d time.Duration) Option { return func(cfg *config) { cfg.dwollaTokenTTL = d } }

// WithMollieDenial makes the consent page deny every authorization with the given OAuth error
// code (such as access_denied) and description.
func WithMollieDenial(errCode, description string) Option {
	return func(cfg *config) { cfg.denial = &oauthDenial{code: errCode, description: description} }
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
