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
	"github.com/clientkit/clientkit/fakeapi"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
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

	m, err := facade.NewMollie(facade.WithBaseURL(srv.URL), facade.WithHTTPClient(hc), facade.WithAccessToken(creds.MollieAccessToken))
	require.NoError(t, err)
	_, err = m.CreateClientLink(ctx(t), mollieapi.ClientLinkRequest{
		Owner:   mollieapi.ClientLinkOwner{Email: "jan@example.org", GivenName: "Jan", FamilyName: "Jansen"},
		Name:    "Jansen Bikes B.V.",
		Address: mollieapi.ClientLinkAddress{Country: "NL"},
	})
	require.NoError(t, err)

	d, err := facade.NewDwolla(facade.WithBaseURL(srv.URL), facade.WithHTTPClient(hc),
		facade.WithClientCredentials(creds.DwollaClientID, creds.DwollaClientSecret))
	require.NoError(t, err)
	_, err = d.CreateClientToken(ctx(t), "customer.update", srv.URL+"/customers/6b6f1d6a-4a3b-4b5c-8b8e-3f1f0f0f0f0f")
	require.NoError(t, err)

	f, err := facade.NewFormance(srv.URL, facade.WithHTTPClient(hc), facade.WithBearerToken(creds.FormanceToken))
	require.NoError(t, err)
	c, err := f.CreateClient(ctx(t), formanceapi.ClientOptions{Name: "payouts-worker"})
	require.NoError(t, err)
	s, err := f.CreateSecret(ctx(t), c.ID, formanceapi.SecretOptions{Name: "prod"})
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
	f, err := facade.NewFormance(srv.URL, facade.WithHTTPClient(hc), facade.WithBearerToken(srv.Credentials.FormanceToken))
	require.NoError(t, err)
	_, err = f.CreateClient(ctx(t), formanceapi.ClientOptions{Name: "x"})
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
