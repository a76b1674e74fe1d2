// Package specdiff compares two versions of an OpenAPI document with oasdiff and sorts the
// differences into breaking and non-breaking changes. It backs two gates: `make spec-breaking`
// (our spec against an earlier version of itself) and `make spec-drift` (upstream against the
// facts we pinned).
package specdiff
