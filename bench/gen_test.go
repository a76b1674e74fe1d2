package bench

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/clientkit/clientkit/gen/dwolla"
	"github.com/clientkit/clientkit/gen/formance"
	"github.com/clientkit/clientkit/gen/mollie"
)

// The generated clients of gen/ used alone: a request editor adds the bearer token, nothing
// retries, and the caller maps the answer itself.

func bearerEditor(_ context.Context, req *http.Request) error {
	req.Header.Set("Authorization", "Bearer "+staticBearer)
	return nil
}

func newGenFormance(tb testing.TB, t target) *formanceapi.ClientWithResponses {
	c, err := formanceapi.NewClientWithResponses(t.baseURL, formanceapi.WithHTTPClient(t.client), formanceapi.WithRequestEditorFn(bearerEditor))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func init() {
	formanceReadClient = append(formanceReadClient, contender{"gen", func(tb testing.TB, t target) call {
		c := newGenFormance(tb, t)
		return func(ctx context.Context) error {
			resp, err := c.ReadClientWithResponse(ctx, formanceClientID)
			if err != nil {
				return err
			}
			if resp.JSON200 == nil {
				return fmt.Errorf("readClient: HTTP %d", resp.StatusCode())
			}
			return checkFormanceClient(resp.JSON200.Data)
		}
	}})
	formanceCreateClient = append(formanceCreateClient, contender{"gen", func(tb testing.TB, t target) call {
		c := newGenFormance(tb, t)
		return func(ctx context.Context) error {
			resp, err := c.CreateClientWithResponse(ctx, newFormanceClientOptions())
			if err != nil {
				return err
			}
			if resp.JSON201 == nil {
				return fmt.Errorf("createClient: HTTP %d", resp.StatusCode())
			}
			return checkFormanceClient(resp.JSON201.Data)
		}
	}})
	mollieCreateLink = append(mollieCreateLink, contender{"gen", func(tb testing.TB, t target) call {
		c, err := mollieapi.NewClientWithResponses(t.baseURL, mollieapi.WithHTTPClient(t.client), mollieapi.WithRequestEditorFn(bearerEditor))
		if err != nil {
			tb.Fatal(err)
		}
		return func(ctx context.Context) error {
			key := uuid.NewString()
			resp, err := c.CreateClientLinkWithResponse(ctx, &mollieapi.CreateClientLinkParams{IdempotencyKey: &key}, newMollieClientLink())
			if err != nil {
				return err
			}
			if resp.HALJSON201 == nil {
				return fmt.Errorf("create-client-link: HTTP %d", resp.StatusCode())
			}
			return expect("client link id", resp.HALJSON201.ID, mollieLinkID)
		}
	}})
	dwollaCreateToken = append(dwollaCreateToken, contender{"gen", func(tb testing.TB, t target) call {
		c, err := dwollaapi.NewClientWithResponses(t.baseURL, dwollaapi.WithHTTPClient(t.client), dwollaapi.WithRequestEditorFn(bearerEditor))
		if err != nil {
			tb.Fatal(err)
		}
		return func(ctx context.Context) error {
			key := uuid.NewString()
			params := &dwollaapi.CreateClientTokenParams{Accept: "application/vnd.dwolla.v1.hal+json", IdempotencyKey: &key}
			resp, err := c.CreateClientTokenWithResponse(ctx, params, newDwollaClientToken())
			if err != nil {
				return err
			}
			if resp.ApplicationVndDwollaV1HalJSON200 == nil {
				return fmt.Errorf("createClientToken: HTTP %d", resp.StatusCode())
			}
			return expect("client token", resp.ApplicationVndDwollaV1HalJSON200.Token, dwollaToken)
		}
	}})
}
