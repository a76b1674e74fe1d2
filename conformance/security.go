package conformance

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// credentialPresent is the AuthenticationFunc of the request checks. Whether a credential is
// valid only its server can tell, so it checks that the credential the scheme declares is there,
// in the declared place and form.
func credentialPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r := in.RequestValidationInput.Request
	s := in.SecurityScheme
	switch s.Type {
	case "http":
		return authorization(r, s.Scheme)
	case "oauth2", "openIdConnect":
		return authorization(r, "bearer")
	case "apiKey":
		var present bool
		switch s.In {
		case "header":
			present = r.Header.Get(s.Name) != ""
		case "query":
			present = r.URL.Query().Get(s.Name) != ""
		case "cookie":
			c, err := r.Cookie(s.Name)
			present = err == nil && c.Value != ""
		}
		if !present {
			return fmt.Errorf("%s: no %s %s", in.SecuritySchemeName, s.In, s.Name)
		}
	}
	return nil
}

// authorization checks for an Authorization header of the given scheme with a credential.
func authorization(r *http.Request, scheme string) error {
	got, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(got, scheme) || strings.TrimSpace(cred) == "" {
		return fmt.Errorf("no %s credential in the Authorization header", strings.ToLower(scheme))
	}
	return nil
}
