//go:build goexperiment.jsonv2

package fakeapi

// decodeRefusesDuplicateNames: see decode_jsonv1.go.
const decodeRefusesDuplicateNames = true
