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
	"github.com/clientkit/clientkit/gen/mollie"
)

func init() {
	register("mollie", "Mollie Connect: create a client link, build its authorize URL", runMollie)
}

// mollieSubcommands are the commands under `clientkit mollie`.
var mollieSubcommands = []subcommand{
	{name: "create-client-link", summary: "register an organization and get the link to send its owner to", run: runMollieCreateClientLink},
	{name: "authorize-url", summary: "build the URL that sends the owner through a client link to the OAuth consent (no network)", run: runMollieAuthorizeURL},
}

func runMollie(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, "mollie", mollieSubcommands, args, stdout, stderr)
}

// mollieFlagOf names the create-client-link flag behind each field the facade checks.
var mollieFlagOf = map[string]string{
	"owner.email":      "owner-email",
	"owner.givenName":  "owner-given-name",
	"owner.familyName": "owner-family-name",
	"name":             "name",
	"address.country":  "country",
	"owner.locale":     "owner-locale",
	"access token":     "access-token",
	"idempotency key":  "idempotency-key",
}

func runMollieCreateClientLink(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("mollie create-client-link",
		"Creates a Mollie client link for a new organization (upstream create-client-link) and prints\n"+
			"{id, href, createdAt, expiresAt} as JSON. Needs an organization access token with clients.write.")
	baseURL := fs.String("base-url", "https://api.mollie.com", "Mollie API base URL")
	accessToken := fs.String("access-token", "", "organization access token, access_… (default $MOLLIE_ACCESS_TOKEN)")
	var req mollieapi.ClientLinkRequest
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
	verbose := verboseFlag(fs)
	if err := parseCommandFlags(fs, args, stdout); err != nil {
		return err
	}

	token, err := requireSetting(*accessToken, "access-token", "MOLLIE_ACCESS_TOKEN")
	if err != nil {
		return err
	}
	if *locale != "" { // the facade checks it
		l := mollieapi.Locale(*locale)
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

	opts := append(clientOptions(*verbose, stderr), facade.WithBaseURL(*baseURL), facade.WithAccessToken(token))
	client, err := facade.NewMollie(opts...)
	if err != nil {
		return clientSetupError(*baseURL, err)
	}
	link, err := client.CreateClientLink(ctx, req, facade.IdempotencyKey(*idempotencyKey)) // "": a fresh key
	if err != nil {
		return callError(err, mollieFlagOf)
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

func runMollieAuthorizeURL(_ context.Context, args []string, stdout, _ io.Writer) error {
	fs := newFlagSet("mollie authorize-url",
		"Appends the OAuth parameters to a client link and prints {url, state, expiresAt} as JSON.\n"+
			"Sends no request. Keep the state: the callback to your redirect URL must bring it back.")
	link := fs.String("link", "", "the client link's href, from create-client-link (required)")
	createdAt := fs.String("created-at", "", "when the link was created, RFC 3339, for its 30-day expiry (default: now)")
	clientID := fs.String("client-id", "", "your OAuth app's id, app_… (default $MOLLIE_CLIENT_ID)")
	state := fs.String("state", "", "OAuth state (default: a fresh random one)")
	var scopes stringList
	fs.Var(&scopes, "scope", "permission to ask for, such as onboarding.read; repeatable or space-separated (required)")
	prompt := fs.String("approval-prompt", "", "auto or force (default: left out, Mollie uses auto)")
	if err := parseCommandFlags(fs, args, stdout); err != nil {
		return err
	}

	if *link == "" {
		return &usageError{msg: "missing --link"}
	}
	app, err := requireSetting(*clientID, "client-id", "MOLLIE_CLIENT_ID")
	if err != nil {
		return err
	}
	created := time.Now()
	if *createdAt != "" {
		if created, err = time.Parse(time.RFC3339, *createdAt); err != nil {
			return &usageError{msg: fmt.Sprintf("--created-at %q is not an RFC 3339 time such as 2025-01-31T12:00:00Z", *createdAt)}
		}
	}
	params := facade.AuthorizeParams{ClientID: app, State: *state, ApprovalPrompt: facade.ApprovalPrompt(*prompt)}
	if params.State == "" {
		params.State = facade.NewState()
	}
	for _, s := range scopes {
		params.Scopes = append(params.Scopes, strings.Fields(s)...)
	}
	if params.ApprovalPrompt != "" && params.ApprovalPrompt != facade.ApprovalPromptAuto && params.ApprovalPrompt != facade.ApprovalPromptForce {
		return &usageError{msg: fmt.Sprintf("--approval-prompt %q: want auto or force", *prompt)}
	}
	cl := &facade.ClientLink{ID: clientLinkID(*link), Href: *link, CreatedAt: created}
	authorizeURL, err := cl.AuthorizeURL(params)
	switch {
	case errors.Is(err, facade.ErrInvalidClientLink):
		return &usageError{msg: "--link: " + err.Error()}
	case errors.Is(err, facade.ErrClientLinkExpired):
		return &usageError{msg: "--created-at: " + err.Error()}
	case err != nil: // the message names the parameter: client_id, state, scope
		return &usageError{msg: err.Error()}
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
