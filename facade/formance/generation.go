package formance

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/clientkit/clientkit/facade"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// Generation is a generation of the Formance Auth API. The two differ in how a client's scopes
// are kept; a Stack serves both with one API.
type Generation int

// The generations. Detect, the default, asks the stack (GET /_info) once, at the first call that
// needs to know.
const (
	Detect Generation = iota
	// Today is the Auth service since December 2023: a client's scopes are a list of labels on
	// the client itself, and client-credentials tokens need auth:read or auth:write.
	Today
	// Seed2023 is the Auth service of Formance v1 stacks: scopes are records under /scopes,
	// granted to a client by their ids with the scope endpoints.
	Seed2023
)

// String names the generation as the CLI and logs do.
func (g Generation) String() string {
	switch g {
	case Today:
		return "today"
	case Seed2023:
		return "2023"
	}
	return "detect"
}

// ServerInfo is what the stack's Auth service says of itself.
type ServerInfo = formanceapi.ServerInfo

// ServerInfo returns the Auth service's version.
//
// Formance API: getServerInfo, GET /api/auth/_info (https://docs.formance.com/api-reference).
func (s *Stack) ServerInfo(ctx context.Context, opts ...facade.CallOption) (*ServerInfo, error) {
	var out ServerInfo
	err := s.call(ctx, opGetServerInfo, opts, &out, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewGetServerInfoRequestWithContext(ctx, s.stackURL)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Generation returns the stack's API generation: the one WithGeneration set, or the one its
// version tells (major version 2 or more, or a version that does not parse, is Today). A
// detected generation is kept for the life of the Stack; a failed detection is tried again at
// the next call.
func (s *Stack) Generation(ctx context.Context) (Generation, error) {
	if g := Generation(s.generation.Load()); g != Detect {
		return g, nil
	}
	info, err := s.ServerInfo(ctx)
	if err != nil {
		return Detect, err
	}
	g := generationOf(info.Version)
	s.generation.Store(int32(g))
	return g, nil
}

// generationOf reads a version such as v2.1.0 or 1.10.3.
func generationOf(version string) Generation {
	major, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(version), "v"), ".")
	if n, err := strconv.Atoi(major); err == nil && n < 2 {
		return Seed2023
	}
	return Today
}
