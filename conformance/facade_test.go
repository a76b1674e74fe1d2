package conformance_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/conformance"
	"github.com/clientkit/clientkit/conformance/conformancetest"
	"github.com/clientkit/clientkit/facade"
	"github.com/clientkit/clientkit/facade/dwolla"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/facade/mollie"
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
	mollieapi "github.com/clientkit/clientkit/gen/mollie"
)

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

// TestFacadeThroughTransport runs the facade of every provider against the fake through the
// validating transport: its traffic conforms both ways.
func TestFacadeThroughTransport(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	hc := conformancetest.Client(t, nil)
	creds := srv.Credentials

	m, err := mollie.New(mollie.AccessToken(creds.MollieAccessToken), mollie.WithBaseURL(srv.URL), facade.WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = m.CreateClientLink(ctx(t), mollieapi.ClientLinkRequest{
		Owner:   mollieapi.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
		Name:    "Jansen Bikes B.V.",
		Address: mollieapi.ClientLinkAddress{Country: "NL"},
	})
	require.NoError(t, err)

	d, err := dwolla.New(creds.DwollaClientID, creds.DwollaClientSecret, dwolla.WithBaseURL(srv.URL), facade.WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = d.CreateClientToken(ctx(t), "customer.update", srv.URL+"/customers/6b6f1d6a-4a3b-4b5c-8b8e-3f1f0f0f0f0f")
	require.NoError(t, err)

	f, err := formance.New(srv.URL, formance.BearerToken(creds.FormanceToken), facade.WithHTTPClient(hc))
	require.NoError(t, err)
	c, err := f.CreateClient(ctx(t), formance.ClientOptions{Name: "payouts-worker"})
	require.NoError(t, err)
	s, err := f.CreateSecret(ctx(t), c.ID, formance.SecretOptions{Name: "prod"})
	require.NoError(t, err)
	require.NoError(t, f.AddScope(ctx(t), c.ID, "ledger:read"))
	require.NoError(t, f.RemoveScope(ctx(t), c.ID, "ledger:read"))
	_, err = f.ListClients(ctx(t))
	require.NoError(t, err)
	require.NoError(t, f.DeleteSecret(ctx(t), c.ID, s.ID))
	require.NoError(t, f.DeleteClient(ctx(t), c.ID))
}

// TestFacadeWrongRequestIsNamed: the facade's typed models cannot send a wrong type, so a
// RoundTripper between it and the validator stands for a client bug that turns the name into a
// number. The validator refuses the request before it leaves, naming the field.
func TestFacadeWrongRequestIsNamed(t *testing.T) {
	srv := fakeapitest.NewServer(t)
	tr := conformance.NewTransport(nil, conformance.WithMode(conformance.ModeRefuse))
	hc := &http.Client{Transport: numberName{next: tr}}
	f, err := formance.New(srv.URL, formance.BearerToken(srv.Credentials.FormanceToken), facade.WithHTTPClient(hc), formance.WithGeneration(formance.Today))
	require.NoError(t, err)
	_, err = f.CreateClient(ctx(t), formance.ClientOptions{Name: "x"})
	require.Error(t, err)
	vs := tr.Violations()
	require.Len(t, vs, 1, "%v", vs)
	assert.Equal(t, "createClient", vs[0].Operation)
	assert.Equal(t, conformance.Request, vs[0].Direction)
	assert.Equal(t, "body/name", vs[0].Field)
	assert.Zero(t, srv.Handler.Count(fakeapi.KindFormanceClient), "the refused request never reached the fake")
}

// numberName rewrites a JSON body's "name":"x" into "name":7 on its way to next.
type numberName struct{ next http.RoundTripper }

func (n numberName) RoundTrip(r *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	b = bytes.Replace(b, []byte(`"name":"x"`), []byte(`"name":7`), 1)
	out := r.Clone(r.Context())
	out.Body, out.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	return n.next.RoundTrip(out)
}
