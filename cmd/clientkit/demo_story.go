package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/fakeapi"
)

// demoRetryPolicy keeps the demo's retries visible but quick.
var demoRetryPolicy = facade.RetryPolicy{
	MaxAttempts: 3, BaseDelay: 20 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxRetryAfter: time.Second,
}

// demoStory is the end-to-end story told against the fake: what the steps share.
type demoStory struct {
	base  string
	creds fakeapi.Credentials
	fake  *fakeapi.Handler
	http  *http.Client

	// Dwolla: one client, so the second call reuses the cached application token
	dw *dwolla.Client
	// Formance
	clientID   string
	secret     *formance.Secret
	adminStack *formance.Stack // the stack's administrator, made on first use
	// Mollie
	link     *mollie.ClientLink
	state    string
	authURL  string
	callback url.Values
	code     string
	token    *mollie.Token
}

func newDemoStory(base string, creds fakeapi.Credentials, fake *fakeapi.Handler, rt http.RoundTripper) *demoStory {
	return &demoStory{base: base, creds: creds, fake: fake, http: &http.Client{Transport: rt, Timeout: 10 * time.Second}}
}

// steps lists the story in order; each step uses what the earlier ones left.
func (d *demoStory) steps() []demoStep {
	return []demoStep{
		{"formance", "create an OAuth client", d.formanceCreateClient},
		{"formance", "create a secret", d.formanceCreateSecret},
		{"formance", "add scopes", d.formanceAddScopes},
		{"formance", "read the client", d.formanceRead},
		{"formance", "update the client", d.formanceUpdate},
		{"formance", "list clients", d.formanceList},
		{"formance", "token with the client's credentials", d.formanceClientToken},
		{"formance", "remove a scope", d.formanceRemoveScope},
		{"formance", "delete the secret", d.formanceDeleteSecret},
		{"formance", "delete the client", d.formanceDeleteClient},
		{"dwolla", "application token + client token", d.dwollaClientToken},
		{"dwolla", "client token through two 503s", d.dwollaClientTokenRetried},
		{"mollie", "create a client link", d.mollieCreateLink},
		{"mollie", "build the authorize URL", d.mollieAuthorizeURL},
		{"mollie", "follow the consent redirect", d.mollieConsent},
		{"mollie", "parse the callback", d.mollieCallback},
		{"mollie", "exchange the code", d.mollieExchange},
		{"mollie", "use the token", d.mollieUseToken},
	}
}

// formance returns a Formance client of the fake stack with creds.
func (d *demoStory) formance(creds formance.Credentials) (*formance.Stack, error) {
	return formance.New(d.base, creds, facade.WithHTTPClient(d.http), facade.WithRetryPolicy(demoRetryPolicy))
}

// admin is the Formance client of the stack's operator, with the static token.
func (d *demoStory) admin() (*formance.Stack, error) {
	if d.adminStack == nil {
		f, err := d.formance(formance.BearerToken(d.creds.FormanceToken))
		if err != nil {
			return nil, err
		}
		d.adminStack = f // it asks the stack its generation once
	}
	return d.adminStack, nil
}

func (d *demoStory) formanceCreateClient(ctx context.Context) (string, error) {
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	c, err := f.CreateClient(ctx, formance.ClientOptions{
		Name: "payouts-worker", Description: ptr("clientkit demo"), RedirectUris: []string{"https://app.example/callback"},
		Scopes: formance.DefaultTokenScopes, // what its own tokens need, later in the story
	})
	if err != nil {
		return "", err
	}
	d.clientID = c.ID
	return "id " + c.ID, nil
}

func (d *demoStory) formanceCreateSecret(ctx context.Context) (string, error) {
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	s, err := f.CreateSecret(ctx, d.clientID, formance.SecretOptions{Name: "demo"})
	if err != nil {
		return "", err
	}
	d.secret = s
	return fmt.Sprintf("secret %s, clear value ****%s (shown once)", s.ID, s.LastDigits), nil
}

func (d *demoStory) formanceAddScopes(ctx context.Context) (string, error) {
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	for _, scope := range []string{"ledger:read", "payments:write"} {
		if err := f.AddScope(ctx, d.clientID, scope); err != nil {
			return "", err
		}
	}
	return "ledger:read, payments:write", nil
}

func (d *demoStory) formanceRead(ctx context.Context) (string, error) {
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	c, err := f.GetClient(ctx, d.clientID)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s, scopes [%s], %d secret(s)", c.Name, strings.Join(c.Scopes, " "), len(c.Secrets)), nil
}

func (d *demoStory) formanceUpdate(ctx context.Context) (string, error) {
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	c, err := f.GetClient(ctx, d.clientID)
	if err != nil {
		return "", err
	}
	// An update replaces every option: the scopes read are written back.
	c, err = f.UpdateClient(ctx, d.clientID, formance.ClientOptions{Name: "payouts-worker-v2", Trusted: ptr(true), Scopes: c.Scopes})
	if err != nil {
		return "", err
	}
	return "renamed to " + c.Name, nil
}

func (d *demoStory) formanceList(ctx context.Context) (string, error) {
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	cs, err := f.ListClients(ctx)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d client(s)", len(cs)), nil
}

// formanceClientToken calls the API as the new client itself: the facade fetches a token
// with the client's id and secret (client credentials) and uses it.
func (d *demoStory) formanceClientToken(ctx context.Context) (string, error) {
	if d.secret == nil {
		return "", errors.New("no secret from the earlier step")
	}
	f, err := d.formance(formance.ClientCredentials(d.clientID, d.secret.Clear()))
	if err != nil {
		return "", err
	}
	c, err := f.GetClient(ctx, d.clientID)
	if err != nil {
		return "", err
	}
	return "token fetched and used to read " + c.Name, nil
}

func (d *demoStory) formanceRemoveScope(ctx context.Context) (string, error) {
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	return "payments:write", f.RemoveScope(ctx, d.clientID, "payments:write")
}

func (d *demoStory) formanceDeleteSecret(ctx context.Context) (string, error) {
	if d.secret == nil {
		return "", errors.New("no secret from the earlier step")
	}
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	return d.secret.ID, f.DeleteSecret(ctx, d.clientID, d.secret.ID)
}

func (d *demoStory) formanceDeleteClient(ctx context.Context) (string, error) {
	f, err := d.admin()
	if err != nil {
		return "", err
	}
	return d.clientID, f.DeleteClient(ctx, d.clientID)
}

// dwolla returns the story's one Dwolla client, made on first use.
func (d *demoStory) dwolla() (*dwolla.Client, error) {
	if d.dw != nil {
		return d.dw, nil
	}
	dw, err := dwolla.New(d.creds.DwollaClientID, d.creds.DwollaClientSecret,
		dwolla.WithBaseURL(d.base), facade.WithHTTPClient(d.http), facade.WithRetryPolicy(demoRetryPolicy))
	d.dw = dw
	return dw, err
}

// dwollaCustomer is the customer the drop-in component acts for.
func (d *demoStory) dwollaCustomer() string {
	return d.base + "/customers/707177c3-bf15-4e7e-b37c-55c3898d9bf4"
}

func (d *demoStory) dwollaClientToken(ctx context.Context) (string, error) {
	dw, err := d.dwolla()
	if err != nil {
		return "", err
	}
	if _, err := dw.CreateClientToken(ctx, "customer.update", d.dwollaCustomer()); err != nil {
		return "", err
	}
	return "client token [redacted] for customer.update", nil
}

// dwollaClientTokenRetried makes the fake answer 503 twice: the facade retries with the same
// idempotency key and the third attempt succeeds.
func (d *demoStory) dwollaClientTokenRetried(ctx context.Context) (string, error) {
	if err := d.fake.Inject(fakeapi.OpCreateClientToken, fakeapi.Fault{Status: http.StatusServiceUnavailable, Times: 2}); err != nil {
		return "", err
	}
	dw, err := d.dwolla()
	if err != nil {
		return "", err
	}
	if _, err := dw.CreateClientToken(ctx, "customer.fundingsources.create", d.dwollaCustomer()); err != nil {
		return "", err
	}
	return "third attempt succeeded; same idempotency key, cached app token", nil
}

// mollie returns a Mollie client of the fake with creds.
func (d *demoStory) mollie(creds mollie.Credentials) (*mollie.Client, error) {
	return mollie.New(creds, d.mollieOptions()...)
}

// mollieOptions point a Mollie client at the fake, with the demo's retry policy.
func (d *demoStory) mollieOptions() []mollie.Option {
	return []mollie.Option{mollie.WithBaseURL(d.base), facade.WithHTTPClient(d.http), facade.WithRetryPolicy(demoRetryPolicy)}
}

// demoOrganization is the organization the client link onboards.
var demoOrganization = mollie.ClientLinkRequest{
	Owner:   mollie.ClientLinkOwner{Email: "chris@example.org", GivenName: "Chris", FamilyName: "Jansen"},
	Name:    "Jansen Fietsen B.V.",
	Address: mollie.ClientLinkAddress{Country: "NL", City: ptr("Utrecht")},
}

func (d *demoStory) mollieCreateLink(ctx context.Context) (string, error) {
	m, err := d.mollie(mollie.AccessToken(d.creds.MollieAccessToken))
	if err != nil {
		return "", err
	}
	link, err := m.CreateClientLink(ctx, demoOrganization)
	if err != nil {
		return "", err
	}
	d.link = link
	return fmt.Sprintf("%s, expires %s", link.ID, link.ExpiresAt().Format(time.DateOnly)), nil
}

func (d *demoStory) mollieAuthorizeURL(context.Context) (string, error) {
	if d.link == nil {
		return "", errors.New("no client link from the earlier step")
	}
	d.state = mollie.NewState()
	u, err := d.link.AuthorizeURL(mollie.AuthorizeParams{
		ClientID: d.creds.MollieClientID, State: d.state,
		Scopes: []string{"onboarding.read", "onboarding.write", "clients.write"}, ApprovalPrompt: mollie.ApprovalPromptForce,
	})
	if err != nil {
		return "", err
	}
	d.authURL = u
	return "client_id, state, scope (space-separated), approval_prompt", nil
}

// mollieConsent plays the customer's browser: it opens the authorize URL and stops at the
// redirect back to the app instead of following it.
func (d *demoStory) mollieConsent(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.authURL, nil)
	if err != nil {
		return "", err
	}
	browser := *d.http
	browser.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := browser.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if err != nil {
		return "", fmt.Errorf("consent page answered %d without a redirect", resp.StatusCode)
	}
	d.callback = loc.Query()
	return "redirected to " + loc.Scheme + "://" + loc.Host + loc.Path, nil
}

func (d *demoStory) mollieCallback(context.Context) (string, error) {
	code, err := mollie.ParseCallback(d.callback, d.state)
	if err != nil {
		return "", err
	}
	d.code = code
	return "state matches; code [redacted]", nil
}

func (d *demoStory) mollieOAuth() *mollie.OAuth {
	return &mollie.OAuth{
		ClientID: d.creds.MollieClientID, ClientSecret: d.creds.MollieClientSecret,
		RedirectURL: d.creds.MollieRedirectURI, TokenURL: d.base + "/oauth2/tokens", HTTPClient: d.http,
	}
}

func (d *demoStory) mollieExchange(ctx context.Context) (string, error) {
	tok, err := d.mollieOAuth().Exchange(ctx, d.code)
	if err != nil {
		return "", err
	}
	d.token = tok
	return fmt.Sprintf("access token [redacted], refresh token [redacted], expires %s", tok.Expiry.Format(time.TimeOnly)), nil
}

// mollieUseToken creates a client link on behalf of the app with the token it just obtained.
func (d *demoStory) mollieUseToken(ctx context.Context) (string, error) {
	if d.token == nil {
		return "", errors.New("no token from the earlier step")
	}
	m, err := d.mollieOAuth().Client(d.token, nil, d.mollieOptions()...)
	if err != nil {
		return "", err
	}
	link, err := m.CreateClientLink(ctx, demoOrganization)
	if err != nil {
		return "", err
	}
	return "created " + link.ID + " as the connected organization", nil
}

func ptr[T any](v T) *T { return &v }
