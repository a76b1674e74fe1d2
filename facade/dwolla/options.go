package dwolla

import (
	"net/url"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
)

// Option configures a Client: a facade.Option, or an option of this package.
type Option interface{ DwollaOption() }

// option is an option only Dwolla clients take.
type option func(*config) error

// DwollaOption marks option as a Dwolla option.
func (option) DwollaOption() {}

// ApplyTo sets the option in c.
func (o option) ApplyTo(c *config) error { return o(c) }

// config is what the options of one New call add up to.
type config struct {
	settings facade.Settings
	baseURL  *url.URL
	named    string // the option that set baseURL, to refuse a second one
}

// WithSandbox sends requests to Dwolla's sandbox, SandboxURL.
func WithSandbox() Option {
	return option(func(c *config) error { return c.setBaseURL("dwolla.WithSandbox", SandboxURL) })
}

// WithBaseURL sends requests to baseURL, for example a fake server. It must be https, or http on
// a loopback host. Not together with WithSandbox.
func WithBaseURL(baseURL string) Option {
	return option(func(c *config) error { return c.setBaseURL("dwolla.WithBaseURL", baseURL) })
}

// setBaseURL sets the base URL for the option named; a second such option is refused.
func (c *config) setBaseURL(name, raw string) error {
	if c.named != "" {
		return facade.OptionError(name, "cannot be combined with "+c.named)
	}
	u, err := call.ParseServiceURL(raw)
	if err != nil {
		return facade.OptionError(name, err.Error())
	}
	c.baseURL, c.named = u, name
	return nil
}

// applyOptions adds up opts over the defaults.
func applyOptions(opts []Option) (*config, error) {
	u, _ := url.Parse(ProductionURL)
	c := &config{settings: facade.DefaultSettings(), baseURL: u}
	if err := call.ApplyOptions(&c.settings, c, "dwolla", opts); err != nil {
		return nil, err
	}
	return c, nil
}
