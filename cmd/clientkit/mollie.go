package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/mollie"
)

func init() {
	register("mollie", "Mollie Connect: create a client link, build its authorize URL, get and refresh tokens", runMollie)
}

// mollieSubcommands are the commands under `clientkit mollie`, in the order of the onboarding.
var mollieSubcommands = []subcommand{
	{name: "create-client-link", summary: "register an organization and get the link to send its owner to", run: runMollieCreateClientLink},
	{name: "authorize-url", summary: "build the URL that sends the owner through a client link to the OAuth consent (no network)", run: runMollieAuthorizeURL},
	{name: "exchange-code", summary: "trade the code from the OAuth callback for the organization's tokens", run: runMollieExchangeCode},
	{name: "refresh", summary: "get a fresh access token with a refresh token", run: runMollieRefresh},
	{name: "revoke", summary: "end an organization's access or refresh token", run: runMollieRevoke},
}

func runMollie(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, "mollie", mollieSubcommands, args, stdout, stderr)
}

// mollieLinkFlagOf names the create-client-link flag behind each field the facade checks.
var mollieLinkFlagOf = map[string]string{
	"owner.email":        "owner-email",
	"owner.givenName":    "owner-given-name",
	"owner.familyName":   "owner-family-name",
	"name":               "name",
	"address.country":    "country",
	"owner.locale":       "owner-locale",
	"access token":       "access-token",
	"mollie.AccessToken": "access-token",
	"idempotency key":    "idempotency-key",
	"mollie.WithBaseURL": "base-url",
}

func runMollieCreateClientLink(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommandFlags("mollie create-client-link",
		"Creates a Mollie client link for a new organization (upstream create-client-link) and prints\n"+
			"{id, href, createdAt, expiresAt} as JSON. Needs an organization access token with clients.write.")
	baseURL := fs.urlFlag("base-url", mollie.BaseURL, "Mollie API base `URL`")
	accessToken := fs.String("access-token", "", "organization access token, access_… (default $MOLLIE_ACCESS_TOKEN; required)")
	fs.env("access-token", "MOLLIE_ACCESS_TOKEN")
	var req mollie.ClientLinkRequest
	fs.StringVar(&req.Owner.Email, "owner-email", "", "owner's email address (required)")
	fs.StringVar(&req.Owner.GivenName, "owner-given-name", "", "owner's given name (required)")
	fs.StringVar(&req.Owner.FamilyName, "owner-family-name", "", "owner's family name (required)")
	locale := fs.String("owner-locale", "", "language of the owner's login screen, such as nl_NL")
	fs.StringVar(&req.Name, "name", "", "organization name (required)")
	fs.StringVar(&req.Address.Country, "country", "", "organization's country, ISO 3166-1 alpha-2 such as NL (required)")
	street := fs.String("street", "", "street and number")
	postalCode := fs.String("postal-code", "", "postal code")
	city := fs.String("city", "", "city")
	registrationNumber := fs.String("registration-number", "", "chamber of commerce registration number")
	vatNumber := fs.String("vat-number", "", "EU VAT number")
	legalEntity := fs.String("legal-entity", "", "legal form, such as nl-bv")
	registrationOffice := fs.String("registration-office", "", "registration office")
	incorporationDate := fs.String("incorporation-date", "", "date of incorporation, YYYY-MM-DD")
	idempotencyKey := fs.String("idempotency-key", "", "Idempotency-Key of the request (default: a fresh UUID)")
	verbose := fs.verbose()
	fs.require("owner-email", "owner-given-name", "owner-family-name", "name", "country", "access-token")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}

	if *locale != "" { // the facade checks it
		l := mollie.Locale(*locale)
		req.Owner.Locale = &l
	}
	if *incorporationDate != "" {
		if _, err := time.Parse(time.DateOnly, *incorporationDate); err != nil {
			return &usageError{msg: fmt.Sprintf("--incorporation-date %q is not a date YYYY-MM-DD", *incorporationDate)}
		}
	}
	req.Address.StreetAndNumber = optionalString(*street)
	req.Address.PostalCode = optionalString(*postalCode)
	req.Address.City = optionalString(*city)
	req.RegistrationNumber = optionalString(*registrationNumber)
	req.VatNumber = optionalString(*vatNumber)
	req.LegalEntity = optionalString(*legalEntity)
	req.RegistrationOffice = optionalString(*registrationOffice)
	req.IncorporationDate = optionalString(*incorporationDate)

	client, err := mollie.New(mollie.AccessToken(*accessToken), withShared(*verbose, stderr, mollie.WithBaseURL(baseURL.raw))...)
	if err != nil {
		return fs.callError(err, mollieLinkFlagOf)
	}
	link, err := client.CreateClientLink(ctx, req, facade.IdempotencyKey(*idempotencyKey)) // "": a fresh key
	if err != nil {
		return fs.callError(err, mollieLinkFlagOf)
	}
	return writeJSON(stdout, clientLinkOutput{ID: link.ID, Href: link.Href, CreatedAt: link.CreatedAt, ExpiresAt: link.ExpiresAt()})
}

// clientLinkOutput is what create-client-link prints: what authorize-url needs later.
type clientLinkOutput struct {
	ID        string    `json:"id"`
	Href      string    `json:"href"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// mollieAuthorizeFlagOf names the authorize-url flag behind each parameter the facade checks.
var mollieAuthorizeFlagOf = map[string]string{
	"href":            "link",
	"client_id":       "client-id",
	"state":           "state",
	"scope":           "scope",
	"approval_prompt": "approval-prompt",
}

func runMollieAuthorizeURL(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := newCommandFlags("mollie authorize-url",
		"Appends the OAuth parameters to a client link and prints {url, state, expiresAt} as JSON.\n"+
			"Sends no request. Keep the state: the callback to your redirect URL must bring it back.")
	link := fs.urlFlag("link", "", "the client link's href, a `URL` from create-client-link (required)")
	createdAt := fs.String("created-at", "", "when the link was created, RFC 3339, for its 30-day expiry (default: now)")
	clientID := fs.String("client-id", "", "your OAuth app's id, app_… (default $MOLLIE_CLIENT_ID; required)")
	fs.env("client-id", "MOLLIE_CLIENT_ID")
	state := fs.String("state", "", "OAuth state (default: a fresh random one)")
	var scopes stringList
	fs.Var(&scopes, "scope", "permission to ask for, such as onboarding.read; repeatable or space-separated (required)")
	prompt := fs.String("approval-prompt", "", "auto or force (default: left out, Mollie uses auto)")
	fs.require("link", "client-id", "scope")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}

	created := time.Now()
	if *createdAt != "" {
		var err error
		if created, err = time.Parse(time.RFC3339, *createdAt); err != nil {
			return &usageError{msg: fmt.Sprintf("--created-at %q is not an RFC 3339 time such as 2025-01-31T12:00:00Z", *createdAt)}
		}
	}
	params := mollie.AuthorizeParams{ClientID: *clientID, State: *state, ApprovalPrompt: mollie.ApprovalPrompt(*prompt)}
	if params.State == "" {
		params.State = mollie.NewState()
	}
	for _, s := range scopes {
		params.Scopes = append(params.Scopes, strings.Fields(s)...)
	}
	cl := &mollie.ClientLink{ID: clientLinkID(link.raw), Href: link.raw, CreatedAt: created}
	authorizeURL, err := cl.AuthorizeURL(params)
	if errors.Is(err, mollie.ErrClientLinkExpired) {
		return &usageError{msg: fmt.Sprintf("--created-at %q is too old: the link expired at %s; create a new one",
			*createdAt, cl.ExpiresAt().UTC().Format(time.RFC3339))}
	}
	if err != nil {
		return fs.callError(err, mollieAuthorizeFlagOf)
	}
	return writeJSON(stdout, struct {
		URL       string    `json:"url"`
		State     string    `json:"state"`
		ExpiresAt time.Time `json:"expiresAt"`
	}{authorizeURL, params.State, cl.ExpiresAt()})
}

// clientLinkID takes the link's id (cl_…) from the last segment of its href, for messages; it is
// empty when the href does not end in one.
func clientLinkID(href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if id := path.Base(u.Path); strings.HasPrefix(id, "cl_") {
		return id
	}
	return ""
}
