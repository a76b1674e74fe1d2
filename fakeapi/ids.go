package fakeapi

import (
	"crypto/rand"
	"encoding/hex"
)

// randomToken returns prefix followed by 32 hex digits from crypto/rand.
func randomToken(prefix string) string {
	return prefix + hex.EncodeToString(randomBytes(16))
}

// randomUUID returns a random (version 4) UUID, the id format Formance uses.
func randomUUID() string {
	var b [16]byte
	// crypto/rand.Read never returns an error (it crashes the program instead).
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:16])
	return string(out[:])
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never returns an error (it crashes the program instead).
	_, _ = rand.Read(b)
	return b
}
