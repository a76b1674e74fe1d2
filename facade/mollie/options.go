package mollie

import (
	"net/url"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
)

// Option configures a Client: a facade.Option, or an option of this package.
type Option interface{ MollieOption() }

// option is an option only Mollie clients take.
type option func(*config) error

// MollieOption marks option as a Mollie option.
func (option) MollieOption() {}

// ApplyTo sets the option in c.
func (o option) ApplyTo(c *config) error { return o(c) }

// config is what the options of one New call add up to.
type config struct {
	settings facade.Settings
	baseURL  *url.URL
}

// WithBaseURL sends requests to baseURL instead of BaseURL, for example a fake server. It must be
// https, or http on a loopback host.
func WithBaseURL(baseURL string) Option {
	return option(func(c *config) error {
		u, err := call.ParseServiceURL(baseURL)
		if err != nil {
			return facade.OptionError("mollie.WithBaseURL", err.Error())
		}
		c.baseURL = u
		return nil
	})
}

// applyOptions adds up opts over the defaults.
func applyOptions(opts []Option) (*config, error) {
	u, _ := url.Parse(BaseURL)
	c := &config{settings: facade.DefaultSettings(), baseURL: u}
	if err := call.ApplyOptions(&c.settings, c, "mollie", opts); err != nil {
		return nil, err
	}
	return c, nil
}
