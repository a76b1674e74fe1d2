package fakeapi

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// randomToken returns prefix followed by 32 hex digits from crypto/rand.
func randomToken(prefix string) string {
	return prefix + hex.EncodeToString(randomBytes(16))
}

// randomUUID returns a random (version 4) UUID, the id format Formance uses.
func randomUUID() string {
	b := randomBytes(16)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never returns an error (it crashes the program instead).
	_, _ = rand.Read(b)
	return b
}
