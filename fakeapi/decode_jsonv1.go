//go:build !goexperiment.jsonv2

package fakeapi

// decodeRefusesDuplicateNames tells whether kin-openapi's JSON body decoder refuses an object
// with a name twice. It does only when built with GOEXPERIMENT=jsonv2; json.Unmarshal accepts
// such objects either way, so the fast path of validateRequest is off in that build.
const decodeRefusesDuplicateNames = false
