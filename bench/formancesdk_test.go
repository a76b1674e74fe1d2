package bench

import (
	"context"
	"fmt"
	"testing"

	formancesdk "github.com/formancehq/formance-sdk-go/v3"
	sdkops "github.com/formancehq/formance-sdk-go/v3/pkg/models/operations"
	"github.com/formancehq/formance-sdk-go/v3/pkg/models/shared"
)

// formance-sdk-go v3.8.1, configured as its documentation says: client credentials in
// shared.Security. Its client-credentials hook fetches a token from /api/auth/oauth/token on the
// first call (prepare makes it) and serves it from its session cache afterwards.

func newFormanceSDK(t target) *formancesdk.Formance {
	id, secret := "bench-client", "bench-secret"
	return formancesdk.New(
		formancesdk.WithServerURL(t.baseURL),
		formancesdk.WithClient(t.client),
		formancesdk.WithSecurity(shared.Security{ClientID: &id, ClientSecret: &secret}),
	)
}

func init() {
	formanceReadClient = append(formanceReadClient, contender{"formance-sdk-go", func(_ testing.TB, t target) call {
		sdk := newFormanceSDK(t)
		return func(ctx context.Context) error {
			res, err := sdk.Auth.V1.ReadClient(ctx, sdkops.ReadClientRequest{ClientID: formanceClientID})
			if err != nil {
				return err
			}
			if res.ReadClientResponse == nil || res.ReadClientResponse.Data == nil {
				return fmt.Errorf("readClient: HTTP %d without a client", res.StatusCode)
			}
			return checkSDKClient(res.ReadClientResponse.Data)
		}
	}})
	formanceCreateClient = append(formanceCreateClient, contender{"formance-sdk-go", func(_ testing.TB, t target) call {
		sdk := newFormanceSDK(t)
		return func(ctx context.Context) error {
			res, err := sdk.Auth.V1.CreateClient(ctx, &shared.CreateClientRequest{
				Name:         formanceClientName,
				RedirectUris: []string{"https://billing.example.com/callback"},
			})
			if err != nil {
				return err
			}
			if res.CreateClientResponse == nil || res.CreateClientResponse.Data == nil {
				return fmt.Errorf("createClient: HTTP %d without a client", res.StatusCode)
			}
			return checkSDKClient(res.CreateClientResponse.Data)
		}
	}})
}

func checkSDKClient(c *shared.Client) error {
	if err := expect("client id", c.ID, formanceClientID); err != nil {
		return err
	}
	return expect("client name", c.Name, formanceClientName)
}
