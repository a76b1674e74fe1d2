package formance

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/internal/call"
)

// Option configures a Stack: a facade.Option, or an option of this package.
type Option interface{ FormanceOption() }

// option is an option only Formance clients take.
type option func(*config) error

// FormanceOption marks option as a Formance option.
func (option) FormanceOption() {}

// ApplyTo sets the option in c.
func (o option) ApplyTo(c *config) error { return o(c) }

// config is what the arguments and options of one New call add up to.
type config struct {
	settings    facade.Settings
	stackURL    *url.URL
	generation  Generation
	tokenScopes []string
}

// DefaultTokenScopes are the scopes a client-credentials token asks for: what every Auth
// operation needs on today's stacks.
var DefaultTokenScopes = []string{"auth:read", "auth:write"}

// WithGeneration fixes the stack's API generation instead of asking the stack (Detect).
func WithGeneration(g Generation) Option {
	return option(func(c *config) error {
		if g < Detect || g > Seed2023 {
			return facade.OptionError("formance.WithGeneration", fmt.Sprintf("%d is not a generation: use Detect, Today or Seed2023", g))
		}
		c.generation = g
		return nil
	})
}

// WithTokenScopes replaces DefaultTokenScopes as the scopes ClientCredentials tokens ask for.
func WithTokenScopes(scopes ...string) Option {
	return option(func(c *config) error {
		for i, sc := range scopes {
			if sc == "" || strings.ContainsAny(sc, " \t\r\n") {
				return facade.OptionError(fmt.Sprintf("formance.WithTokenScopes scope[%d]", i), fmt.Sprintf("%q is not a scope", sc))
			}
		}
		c.tokenScopes = scopes
		return nil
	})
}

// authPath is where a stack serves the Auth API; a stack URL given with it is taken without it.
const authPath = "/api/auth"

// applyOptions checks the stack URL and adds up opts over the defaults.
func applyOptions(stackURL string, opts []Option) (*config, error) {
	u, err := call.ParseServiceURL(stackURL)
	if err != nil {
		return nil, facade.OptionError("formance.New stackURL", err.Error())
	}
	// A URL copied from an API call ({stack}/api/auth/clients…) names the same stack.
	if i := strings.Index(u.Path, authPath); i >= 0 && (len(u.Path) == i+len(authPath) || u.Path[i+len(authPath)] == '/') {
		u.Path, u.RawPath = u.Path[:i], ""
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	c := &config{settings: facade.DefaultSettings(), stackURL: u, tokenScopes: DefaultTokenScopes}
	if err := call.ApplyOptions(&c.settings, c, "formance", opts); err != nil {
		return nil, err
	}
	return c, nil
}
