// Package equivalence checks that our client template (../client.tmpl) sends the same requests as
// oapi-codegen's own: features.yaml is generated through both (ours/, stock/; `make generate`),
// every operation is called through both clients with the same inputs, and the requests that reach
// the HTTP doer are compared.
package equivalence

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientkit/clientkit/templates/equivalence/ours"
	"github.com/clientkit/clientkit/templates/equivalence/stock"
)

// sentRequest is what a request puts on the wire, and the context it carries.
type sentRequest struct {
	Method, URL, RequestURI string
	Header                  http.Header
	Body                    string
	ContentLength           int64
	Rewindable              bool
	Marker                  any
}

// recorder is a doer that keeps what it was asked to send and answers 204.
type recorder struct{ sent []sentRequest }

type markerKey struct{}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	s := sentRequest{
		Method:        req.Method,
		URL:           req.URL.String(),
		RequestURI:    req.URL.RequestURI(),
		Header:        req.Header,
		ContentLength: req.ContentLength,
		Rewindable:    req.GetBody != nil,
		Marker:        req.Context().Value(markerKey{}),
	}
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		s.Body = string(b)
	}
	r.sent = append(r.sent, s)
	return &http.Response{StatusCode: http.StatusNoContent, Body: http.NoBody, Request: req}, nil
}

// servers are base URLs with and without a path and a trailing slash.
var servers = []string{
	"https://api.example.com",
	"https://api.example.com/",
	"https://api.example.com/v1/",
	"https://api.example.com/v1",
	"http://127.0.0.1:8080/deep/base/path/",
}

// pathValues need escaping of every kind a path segment can need.
var pathValues = []string{"plain", "a/b", "sp ace", "100%", "q?x#y", "ünï", "a;b=c", "+&$", ""}

var ownerID = uuid.MustParse("6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b")

// pair makes the same call through both generated clients and compares what they send.
type pair struct {
	name  string
	ours  func(ctx context.Context, c *ours.APIClient) (*http.Response, error)
	stock func(ctx context.Context, c *stock.APIClient) (*http.Response, error)
}

func pairs() []pair {
	var ps []pair
	for _, v := range pathValues {
		ps = append(ps,
			pair{"readWidget " + v,
				func(ctx context.Context, c *ours.APIClient) (*http.Response, error) { return c.ReadWidget(ctx, v) },
				func(ctx context.Context, c *stock.APIClient) (*http.Response, error) { return c.ReadWidget(ctx, v) }},
			pair{"deleteWidget " + v,
				func(ctx context.Context, c *ours.APIClient) (*http.Response, error) { return c.DeleteWidget(ctx, v) },
				func(ctx context.Context, c *stock.APIClient) (*http.Response, error) { return c.DeleteWidget(ctx, v) }},
		)
		for _, part := range []int{0, 42, -7} {
			ps = append(ps, pair{"attachPart " + v,
				func(ctx context.Context, c *ours.APIClient) (*http.Response, error) {
					return c.AttachPart(ctx, v, part, ownerID)
				},
				func(ctx context.Context, c *stock.APIClient) (*http.Response, error) {
					return c.AttachPart(ctx, v, part, ownerID)
				}})
		}
	}
	for _, ip := range []net.IP{net.ParseIP("10.0.0.1"), net.ParseIP("2001:db8::1")} {
		ps = append(ps, pair{"readHost " + ip.String(),
			func(ctx context.Context, c *ours.APIClient) (*http.Response, error) { return c.ReadHost(ctx, ip) },
			func(ctx context.Context, c *stock.APIClient) (*http.Response, error) { return c.ReadHost(ctx, ip) }})
	}
	key, attempt, origin := "k-1", 3, net.ParseIP("192.0.2.7")
	widget := func() (ours.Widget, stock.Widget) {
		return ours.Widget{Name: "gear <&>", Tags: []string{"a", "é"}}, stock.Widget{Name: "gear <&>", Tags: []string{"a", "é"}}
	}
	ps = append(ps,
		pair{"createWidget, every header",
			func(ctx context.Context, c *ours.APIClient) (*http.Response, error) {
				w, _ := widget()
				return c.CreateWidget(ctx, &ours.CreateWidgetParams{Accept: "application/vnd.widgets.v1+json",
					IdempotencyKey: &key, XAttempt: &attempt, XTraceID: ownerID, XOrigin: &origin}, w)
			},
			func(ctx context.Context, c *stock.APIClient) (*http.Response, error) {
				_, w := widget()
				return c.CreateWidget(ctx, &stock.CreateWidgetParams{Accept: "application/vnd.widgets.v1+json",
					IdempotencyKey: &key, XAttempt: &attempt, XTraceID: ownerID, XOrigin: &origin}, w)
			}},
		pair{"createWidget, required headers only",
			func(ctx context.Context, c *ours.APIClient) (*http.Response, error) {
				w, _ := widget()
				return c.CreateWidget(ctx, &ours.CreateWidgetParams{Accept: "application/vnd.widgets.v1+json", XTraceID: ownerID}, w)
			},
			func(ctx context.Context, c *stock.APIClient) (*http.Response, error) {
				_, w := widget()
				return c.CreateWidget(ctx, &stock.CreateWidgetParams{Accept: "application/vnd.widgets.v1+json", XTraceID: ownerID}, w)
			}},
		pair{"createWidget, no params, raw body",
			func(ctx context.Context, c *ours.APIClient) (*http.Response, error) {
				return c.CreateWidgetWithBody(ctx, nil, "application/json", bytes.NewReader([]byte(`{"name":"x"}`)))
			},
			func(ctx context.Context, c *stock.APIClient) (*http.Response, error) {
				return c.CreateWidgetWithBody(ctx, nil, "application/json", bytes.NewReader([]byte(`{"name":"x"}`)))
			}},
		pair{"createToken, form body",
			func(ctx context.Context, c *ours.APIClient) (*http.Response, error) {
				scope := "read write&more"
				return c.CreateTokenWithFormdataBody(ctx, ours.TokenRequest{GrantType: "client_credentials", Scope: &scope})
			},
			func(ctx context.Context, c *stock.APIClient) (*http.Response, error) {
				scope := "read write&more"
				return c.CreateTokenWithFormdataBody(ctx, stock.TokenRequest{GrantType: "client_credentials", Scope: &scope})
			}},
	)
	return ps
}

func TestOurTemplateSendsWhatTheStockOneSends(t *testing.T) {
	ctx := context.WithValue(t.Context(), markerKey{}, "this call's context")
	for _, server := range servers {
		for _, p := range pairs() {
			var got, want recorder
			oc, err := ours.NewClient(server, ours.WithHTTPClient(&got))
			require.NoError(t, err)
			sc, err := stock.NewClient(server, stock.WithHTTPClient(&want))
			require.NoError(t, err)

			_, err = p.stock(ctx, sc)
			require.NoError(t, err, "%s %s: stock", server, p.name)
			_, err = p.ours(ctx, oc)
			require.NoError(t, err, "%s %s: ours", server, p.name)
			require.Len(t, want.sent, 1, "%s %s: stock", server, p.name)
			require.Len(t, got.sent, 1, "%s %s: ours", server, p.name)
			assert.Equal(t, want.sent[0], got.sent[0], "%s %s", server, p.name)
			assert.Equal(t, "this call's context", got.sent[0].Marker, "%s %s", server, p.name)
		}
	}
}

// The package-level builders differ from the stock ones in one case: a base URL whose path does
// not end in a slash. The stock builder resolves the operation's path against it as a relative
// reference and so drops its last segment; ours appends, as NewClient (which adds the slash) does.
func TestBuildersAppendToABaseURLWithoutTrailingSlash(t *testing.T) {
	req, err := ours.NewReadWidgetRequest("https://api.example.com/v1", "w-1")
	require.NoError(t, err)
	assert.Equal(t, "https://api.example.com/v1/widgets/w-1", req.URL.String())

	stockReq, err := stock.NewReadWidgetRequest("https://api.example.com/v1", "w-1")
	require.NoError(t, err)
	assert.Equal(t, "https://api.example.com/widgets/w-1", stockReq.URL.String())
}

// A dot segment as a path value is sent as it is; the stock builder resolves it away and so
// targets another resource. (The facade refuses such ids before any request.)
func TestDotSegmentsAreNotResolvedAway(t *testing.T) {
	req, err := ours.NewDeleteWidgetRequest("https://api.example.com/", "..")
	require.NoError(t, err)
	assert.Equal(t, "/widgets/..", req.URL.Path)

	stockReq, err := stock.NewDeleteWidgetRequest("https://api.example.com/", "..")
	require.NoError(t, err)
	assert.Equal(t, "/", stockReq.URL.Path)
}
