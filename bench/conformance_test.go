package bench

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	formancesdk "github.com/formancehq/formance-sdk-go/v3"
	sdkops "github.com/formancehq/formance-sdk-go/v3/pkg/models/operations"
	"github.com/formancehq/formance-sdk-go/v3/pkg/models/shared"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/conformance"
	"github.com/clientkit/clientkit/facade/formance"
	"github.com/clientkit/clientkit/fakeapi/fakeapitest"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// TestConformanceFormanceSDK runs formance-sdk-go v3.8.1 through clientkit's validating transport
// against the fake: its calls conform both ways, and a request it is told to send with a wrong
// Content-Type is named. Its token endpoint, which our spec does not describe, is skipped.
func TestConformanceFormanceSDK(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv := fakeapitest.NewServer(t)

	// A client of the stack with a secret, for the SDK's client-credentials login.
	admin, err := formance.New(srv.URL, formance.BearerToken(srv.Credentials.FormanceToken))
	require.NoError(t, err)
	owner, err := admin.CreateClient(ctx, formanceapi.ClientOptions{Name: "sdk"})
	require.NoError(t, err)
	secret, err := admin.CreateSecret(ctx, owner.ID, formanceapi.SecretOptions{Name: "sdk"})
	require.NoError(t, err)

	tr := conformance.NewTransport(nil, conformance.WithSkip(func(r *http.Request) bool {
		return strings.HasSuffix(r.URL.Path, "/api/auth/oauth/token")
	}))
	id, clear := owner.ID, secret.Clear()
	sdk := formancesdk.New(
		formancesdk.WithServerURL(srv.URL),
		formancesdk.WithClient(&http.Client{Transport: tr}),
		formancesdk.WithSecurity(shared.Security{ClientID: &id, ClientSecret: &clear}),
	)

	created, err := sdk.Auth.V1.CreateClient(ctx, &shared.CreateClientRequest{Name: "made-by-sdk", Metadata: map[string]string{"team": "ops"}})
	require.NoError(t, err)
	require.NotNil(t, created.CreateClientResponse)
	cid := created.CreateClientResponse.Data.ID
	_, err = sdk.Auth.V1.ReadClient(ctx, sdkops.ReadClientRequest{ClientID: cid})
	require.NoError(t, err)
	_, err = sdk.Auth.V1.ListClients(ctx)
	require.NoError(t, err)
	_, err = sdk.Auth.V1.CreateSecret(ctx, sdkops.CreateSecretRequest{ClientID: cid, CreateSecretRequest: &shared.CreateSecretRequest{Name: "s"}})
	require.NoError(t, err)
	_, err = sdk.Auth.V1.DeleteClient(ctx, sdkops.DeleteClientRequest{ClientID: cid})
	require.NoError(t, err)
	rep := tr.Report()
	assert.Equal(t, 5, rep.Exchanges)
	assert.True(t, rep.OK(), "%s", rep)

	tr.Reset()
	_, _ = sdk.Auth.V1.CreateClient(ctx, &shared.CreateClientRequest{Name: "wrong"},
		sdkops.WithSetHeaders(map[string]string{"Content-Type": "text/plain"}))
	vs := tr.Violations()
	require.NotEmpty(t, vs)
	assert.Equal(t, "createClient", vs[0].Operation)
	assert.Equal(t, conformance.Request, vs[0].Direction)
	assert.Equal(t, "header Content-Type", vs[0].Field)
	assert.NotContains(t, tr.Report().String(), clear)
}
