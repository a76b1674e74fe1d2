// Package dwollaapi is the HTTP client and the models generated from api/dwolla/openapi.yaml by
// oapi-codegen with clientkit's templates (see the Makefile's generate target). Users of clientkit
// import facade/dwolla, which re-exports the models its methods take and return; this package is for
// the facade and for code that needs the raw operations.
//
// Everything else in this folder is generated: change the spec or the templates and run
// make generate, never edit it by hand.
package dwollaapi
