package fakeapi

import (
	"crypto/rand"
	"encoding/hex"
)

// randomToken returns prefix followed by 32 hex digits from crypto/rand.
func randomToken(prefix string) string {
	return prefix + hex.EncodeToString(randomBytes(16))
}

// uuid is the 16 bytes of a UUID, the id format Formance uses. Its text form is the canonical
// lowercase one, so the byte order of two uuids is the order of their texts.
type uuid [16]byte

// randomUUID returns a random (version 4) UUID.
func randomUUID() uuid {
	var u uuid
	// crypto/rand.Read never returns an error (it crashes the program instead).
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// String is the canonical text form: lowercase hex digits in groups of 8-4-4-4-12.
func (u uuid) String() string {
	var out [36]byte
	hex.Encode(out[0:8], u[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], u[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], u[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], u[8:10])
	out[23] = '-'
	hex.Encode(out[24:], u[10:16])
	return string(out[:])
}

// parseUUID reads the canonical text form that String writes and nothing else, so that each
// uuid has exactly one text: uppercase digits or other layouts are not ids the fake handed out.
func parseUUID(s string) (uuid, bool) {
	var u uuid
	if len(s) != 36 {
		return u, false
	}
	n := 0 // hex digits read so far
	for i := range len(s) {
		c := s[i]
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return u, false
			}
			continue
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		default:
			return u, false
		}
		if n%2 == 0 {
			c <<= 4
		}
		u[n/2] |= c
		n++
	}
	return u, true
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	// crypto/rand.Read never returns an error (it crashes the program instead).
	_, _ = rand.Read(b)
	return b
}
