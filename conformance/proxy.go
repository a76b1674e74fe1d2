package conformance

import (
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
)

// ReportPath is where a Proxy serves its report: JSON, or text with ?format=text.
const ReportPath = "/_proxy/report"

// Proxy is a reverse proxy that forwards every request to one upstream and validates both
// directions with a Transport. Options are those of NewTransport (WithMode, WithLog...).
type Proxy struct {
	transport *Transport
	rp        *httputil.ReverseProxy
}

// NewProxy returns a validating reverse proxy in front of upstream (scheme and host; the specs'
// paths are routed as they arrive), forwarding through http.DefaultTransport.
func NewProxy(upstream *url.URL, opts ...Option) *Proxy {
	t := NewTransport(nil, opts...)
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(upstream)
			pr.SetXForwarded()
		},
		Transport: t,
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) {
			status := http.StatusBadGateway
			if _, refused := err.(*RefusedError); refused {
				status = http.StatusBadRequest
			}
			http.Error(w, "clientkit proxy: "+err.Error(), status)
		},
	}
	return &Proxy{transport: t, rp: rp}
}

// ServeHTTP serves the report at ReportPath and forwards everything else.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == ReportPath {
		rep := p.transport.Report()
		if r.URL.Query().Get("format") == "text" || strings.HasPrefix(r.Header.Get("Accept"), "text/plain") {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte(rep.String()))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(rep.JSON())
		return
	}
	p.rp.ServeHTTP(w, r)
}

// Report summarizes what the proxy has seen.
func (p *Proxy) Report() Report { return p.transport.Report() }

// Violations returns every violation the proxy has seen.
func (p *Proxy) Violations() []Violation { return p.transport.Violations() }
