package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/uuid"

	"github.com/clientkit/clientkit/gen/dwolla"
	"github.com/clientkit/clientkit/gen/formance"
	"github.com/clientkit/clientkit/gen/mollie"
)

// The baseline: what a careful person writes with net/http and encoding/json alone, decoding into
// the same model types as everyone else, with a bearer token they already hold and a fresh
// idempotency key on the POSTs that accept one.

func init() {
	formanceReadClient = append(formanceReadClient, contender{"raw", func(_ testing.TB, t target) call {
		return func(ctx context.Context) error {
			// The id comes with each call, as it does for every other contender.
			u := t.baseURL + formanceClientsPath + "/" + url.PathEscape(formanceClientID)
			var out formanceapi.ReadClientResponse
			if err := rawDo(ctx, t.client, http.MethodGet, u, nil, http.StatusOK, &out); err != nil {
				return err
			}
			return checkFormanceClient(out.Data)
		}
	}})
	formanceCreateClient = append(formanceCreateClient, contender{"raw", func(_ testing.TB, t target) call {
		url := t.baseURL + formanceClientsPath
		return func(ctx context.Context) error {
			var out formanceapi.CreateClientResponse
			if err := rawDo(ctx, t.client, http.MethodPost, url, newFormanceClientOptions(), http.StatusCreated, &out); err != nil {
				return err
			}
			return checkFormanceClient(out.Data)
		}
	}})
	mollieCreateLink = append(mollieCreateLink, contender{"raw", func(_ testing.TB, t target) call {
		url := t.baseURL + mollieClientLinkPath
		return func(ctx context.Context) error {
			var out mollieapi.ClientLinkResponse
			if err := rawDo(ctx, t.client, http.MethodPost, url, newMollieClientLink(), http.StatusCreated, &out,
				"Idempotency-Key", uuid.NewString()); err != nil {
				return err
			}
			return expect("client link id", out.ID, mollieLinkID)
		}
	}})
	dwollaCreateToken = append(dwollaCreateToken, contender{"raw", func(_ testing.TB, t target) call {
		url := t.baseURL + dwollaClientTokPath
		return func(ctx context.Context) error {
			var out dwollaapi.ClientTokenResponse
			if err := rawDo(ctx, t.client, http.MethodPost, url, newDwollaClientToken(), http.StatusOK, &out,
				"Idempotency-Key", uuid.NewString(), "Accept", "application/vnd.dwolla.v1.hal+json"); err != nil {
				return err
			}
			return expect("client token", out.Token, dwollaToken)
		}
	}})
}

// rawDo sends one JSON request with a bearer token and the header name/value pairs in hdr, and
// decodes a JSON answer of status want into out.
func rawDo(ctx context.Context, hc *http.Client, method, url string, in any, want int, out any, hdr ...string) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+staticBearer)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: HTTP %d", method, url, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
