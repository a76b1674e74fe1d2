package facade_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/mollie"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

// readClientAllocBudget is the most heap allocations one Formance GetClient (readClient) may make
// with a cached client-credentials token, the default retry policy and an in-memory transport:
// the count measured when the budget was set (51; 46 below), plus a margin of two. The auth
// transport clones each request to set its header: three allocations that the stamping editor of
// earlier versions saved; a call on the default client (no WithHTTPClient) adds four for its 60 s
// limit. Allocation counts are exact, so this guard does not flake the way a timing would; when it
// fails, something on the call path started allocating. Measure with `make bench` (bench/)
// before raising it.
const readClientAllocBudget = 53

// createClientLinkAllocBudget is the same for one Mollie CreateClientLink with an access token:
// the call compared with mollie-api-go in bench/.
const createClientLinkAllocBudget = 48

// allocGuardClient is the canned readClient answer.
var allocGuardClient = []byte(`{"data":{"id":"3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13","name":"billing-worker",` +
	`"description":"Posts invoices to the ledger","public":false,"trusted":true,` +
	`"redirectUris":["https://billing.example.com/callback"],"scopes":["ledger:read","ledger:write"],` +
	`"secrets":[{"id":"6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b","name":"primary","lastDigits":"x9Qz"}],` +
	`"metadata":{"team":"billing"}}}`)

var allocGuardLink = []byte(`{"resource":"client-link","id":"cl_guard","_links":{` +
	`"clientLink":{"href":"https://my.mollie.com/dashboard/client-link/cl_guard","type":"text/html"},` +
	`"documentation":{"href":"https://docs.mollie.com/reference/create-client-link","type":"text/html"}}}`)

var allocGuardToken = []byte(`{"access_token":"guard-token","token_type":"Bearer","expires_in":3600}`)

// allocGuardTransport answers the token endpoint and readClient from memory, without I/O.
type allocGuardTransport struct {
	jsonHeader http.Header
}

func (t allocGuardTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	body, status := allocGuardClient, http.StatusOK
	switch {
	case r.URL.Path == "/api/auth/oauth/token":
		body = allocGuardToken
	case r.URL.Path == "/v2/client-links" && r.Header.Get("Authorization") == "Bearer access_guard":
		body, status = allocGuardLink, http.StatusCreated
	case r.Header.Get("Authorization") != "Bearer guard-token":
		body, status = []byte(`{"errorCode":"UNAUTHORIZED","errorMessage":"no token"}`), http.StatusUnauthorized
	}
	return &http.Response{
		StatusCode:    status,
		Header:        t.jsonHeader,
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}, nil
}

func TestGetClientAllocationBudget(t *testing.T) {
	rt := allocGuardTransport{jsonHeader: http.Header{
		"Content-Type":   {"application/json"},
		"Content-Length": {strconv.Itoa(len(allocGuardClient))},
	}}
	c, err := formance.New("https://stack.example", formance.ClientCredentials("guard-client", "guard-secret"), facade.WithHTTPClient(&http.Client{Transport: rt}))
	require.NoError(t, err)
	ctx := context.Background()
	got, err := c.GetClient(ctx, "3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13") // fetches and caches the token
	require.NoError(t, err)
	require.Equal(t, "billing-worker", got.Name)

	var callErr error
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := c.GetClient(ctx, "3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13"); err != nil {
			callErr = err
		}
	})
	require.NoError(t, callErr)
	t.Logf("GetClient: %.0f allocations per call (budget %d)", allocs, readClientAllocBudget)
	require.LessOrEqualf(t, allocs, float64(readClientAllocBudget),
		"GetClient makes %.0f heap allocations per call, over its budget of %d", allocs, readClientAllocBudget)
}

func TestCreateClientLinkAllocationBudget(t *testing.T) {
	rt := allocGuardTransport{jsonHeader: http.Header{"Content-Type": {"application/hal+json"}}}
	c, err := mollie.New(mollie.AccessToken("access_guard"), mollie.WithBaseURL("https://api.mollie.example"), facade.WithHTTPClient(&http.Client{Transport: rt}))
	require.NoError(t, err)
	ctx := context.Background()
	req := mollieapi.ClientLinkRequest{
		Owner:   mollieapi.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
		Name:    "Jansen Bikes B.V.",
		Address: mollieapi.ClientLinkAddress{Country: "NL"},
	}
	var callErr error
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := c.CreateClientLink(ctx, req); err != nil {
			callErr = err
		}
	})
	require.NoError(t, callErr)
	t.Logf("CreateClientLink: %.0f allocations per call (budget %d)", allocs, createClientLinkAllocBudget)
	require.LessOrEqualf(t, allocs, float64(createClientLinkAllocBudget),
		"CreateClientLink makes %.0f heap allocations per call, over its budget of %d", allocs, createClientLinkAllocBudget)
}
