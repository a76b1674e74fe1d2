package fakeapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
)

// A client record is a formanceClient, but its id, as bytes: a flags byte (flag* below), then
// name, description, redirect URIs, post-logout redirect URIs, metadata, scopes and secrets. A
// string is its length as a uvarint followed by its bytes; a list is its length followed by its
// items; metadata is its JSON text as a string, empty when there is none. A secret is its id,
// name, metadata, hash (sha256.Size raw bytes) and last digits.

const (
	flagDescription byte = 1 << iota
	flagPublicSet
	flagPublic
	flagTrustedSet
	flagTrusted
)

// appendClientRecord appends c's record to b.
func appendClientRecord(b []byte, c *formanceClient) ([]byte, error) {
	o := &c.options
	b = append(b, optionFlags(o))
	b = appendString(b, o.name)
	b = appendString(b, o.description.value)
	b = appendStrings(b, o.redirectURIs)
	b = appendStrings(b, o.postLogoutRedirectURIs)
	b, err := appendMetadata(b, o.metadata)
	if err != nil {
		return nil, err
	}
	b = appendStrings(b, c.scopes)
	b = binary.AppendUvarint(b, uint64(len(c.secrets)))
	for i := range c.secrets {
		s := &c.secrets[i]
		b = appendString(b, s.id)
		b = appendString(b, s.name)
		if b, err = appendMetadata(b, s.metadata); err != nil {
			return nil, err
		}
		b = append(b, s.hash[:]...)
		b = appendString(b, s.lastDigits)
	}
	return b, nil
}

func optionFlags(o *clientOptions) byte {
	return flagIf(o.description.set, flagDescription) |
		flagIf(o.public.set, flagPublicSet) | flagIf(o.public.value, flagPublic) |
		flagIf(o.trusted.set, flagTrustedSet) | flagIf(o.trusted.value, flagTrusted)
}

func flagIf(on bool, flag byte) byte {
	if on {
		return flag
	}
	return 0
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStrings(b []byte, list []string) []byte {
	b = binary.AppendUvarint(b, uint64(len(list)))
	for _, s := range list {
		b = appendString(b, s)
	}
	return b
}

// appendMetadata appends metadata as JSON text; empty metadata is shown as absent, so it is
// stored as nothing.
func appendMetadata(b []byte, metadata map[string]any) ([]byte, error) {
	if len(metadata) == 0 {
		return appendString(b, ""), nil
	}
	text, err := json.Marshal(metadata)
	if err != nil {
		return nil, err
	}
	b = binary.AppendUvarint(b, uint64(len(text)))
	return append(b, text...), nil
}

// errBadRecord reports a record that decodeClientRecord cannot read: a bug in the fake.
var errBadRecord = errors.New("fakeapi: a stored Formance client is unreadable")

// decodeClientRecord reads a record written by appendClientRecord; the client gets id.
func decodeClientRecord(id uuid, record []byte) (formanceClient, error) {
	r := recordReader{rest: record}
	flags := r.byte()
	c := formanceClient{id: id, options: clientOptions{
		name:                   r.string(),
		description:            optional[string]{value: r.string(), set: flags&flagDescription != 0},
		public:                 optional[bool]{value: flags&flagPublic != 0, set: flags&flagPublicSet != 0},
		trusted:                optional[bool]{value: flags&flagTrusted != 0, set: flags&flagTrustedSet != 0},
		redirectURIs:           r.strings(),
		postLogoutRedirectURIs: r.strings(),
		metadata:               r.metadata(),
	}}
	c.scopes = r.strings()
	if n := r.count(); n > 0 {
		c.secrets = make([]formanceSecret, n)
		for i := range c.secrets {
			s := &c.secrets[i]
			s.id, s.name, s.metadata = r.string(), r.string(), r.metadata()
			copy(s.hash[:], r.next(sha256.Size))
			s.lastDigits = r.string()
		}
	}
	if r.err != nil || len(r.rest) > 0 {
		return formanceClient{}, errBadRecord
	}
	return c, nil
}

// recordReader reads a record front to back. After the first failure err is set, and every
// later read returns a zero value.
type recordReader struct {
	rest []byte
	err  error
}

func (r *recordReader) next(n int) []byte {
	if r.err != nil || n > len(r.rest) {
		r.err = errBadRecord
		return nil
	}
	b := r.rest[:n]
	r.rest = r.rest[n:]
	return b
}

func (r *recordReader) byte() byte {
	if b := r.next(1); b != nil {
		return b[0]
	}
	return 0
}

// count reads a length, which cannot exceed the bytes left since every item takes at least one.
func (r *recordReader) count() int {
	n, size := binary.Uvarint(r.rest)
	if r.err != nil || size <= 0 || n > uint64(len(r.rest)) {
		r.err = errBadRecord
		return 0
	}
	r.rest = r.rest[size:]
	return int(n)
}

func (r *recordReader) string() string {
	return string(r.next(r.count()))
}

func (r *recordReader) strings() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = r.string()
	}
	return list
}

// metadata decodes as request validation does, numbers kept as json.Number.
func (r *recordReader) metadata() map[string]any {
	text := r.next(r.count())
	if len(text) == 0 {
		return nil
	}
	d := json.NewDecoder(bytes.NewReader(text))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil && r.err == nil {
		r.err = errBadRecord
	}
	return m
}
