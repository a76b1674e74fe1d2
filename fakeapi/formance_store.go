package fakeapi

import (
	"bytes"
	"errors"
	"math"
	"slices"
)

// clientStore holds the Formance clients in a form that has no pointers: every client is a
// record (see formance_record.go) in a byte arena of a few large chunks, and an index keyed by
// the id's 16 bytes says where each record lies. The garbage collector never scans a byte slice,
// nor a map whose keys and values hold no pointers, so a store of hundreds of thousands of clients costs a
// GC cycle almost nothing. Kept as structs with strings, slices and maps instead, such a store
// (a load test's worth of createClient calls) made every cycle mark tens of megabytes on the
// server's core while requests waited.
//
// Replacing or deleting a client leaves its old record behind as a hole; once holes are more
// than half of the stored bytes, the live records are copied into new chunks.
type clientStore struct {
	index   map[uuid]recordSpan
	chunks  [][]byte // the arena; a record lies wholly in one chunk, new ones go to the last
	used    int      // bytes of records in all chunks
	holes   int      // bytes of records no client uses any more
	secrets int      // secrets of all clients
	scratch []byte   // a record being encoded
}

// errStoreFull reports a record or an arena too large for a recordSpan.
var errStoreFull = errors.New("fakeapi: the Formance client store is full")

// recordSpan is where a client's record lies in the arena, and how many secrets it holds.
type recordSpan struct {
	chunk, off, size, secrets uint32
}

// chunkSize is the size of an arena chunk. Growing the arena by whole chunks, rather than by
// reallocating one slice, never copies the records already stored.
const chunkSize = 1 << 20

func newClientStore() clientStore {
	return clientStore{index: map[uuid]recordSpan{}}
}

// len is the number of clients.
func (s *clientStore) len() int { return len(s.index) }

// has tells whether a client has this id.
func (s *clientStore) has(id uuid) bool {
	_, found := s.index[id]
	return found
}

// get returns the client with this id; found is false when there is none.
func (s *clientStore) get(id uuid) (c formanceClient, found bool, err error) {
	span, found := s.index[id]
	if !found {
		return formanceClient{}, false, nil
	}
	c, err = decodeClientRecord(id, s.record(span))
	return c, true, err
}

// record is the bytes span points to.
func (s *clientStore) record(span recordSpan) []byte {
	return s.chunks[span.chunk][span.off : span.off+span.size]
}

// put stores c, in place of any client with the same id. On error the store is unchanged.
func (s *clientStore) put(c *formanceClient) error {
	record, err := appendClientRecord(s.scratch[:0], c)
	if err != nil {
		return err
	}
	s.scratch = record
	if uint64(len(record)) > math.MaxUint32 || uint64(len(s.chunks)) >= math.MaxUint32 {
		return errStoreFull
	}
	s.forget(c.id)
	span := s.place(record)
	span.secrets = uint32(len(c.secrets))
	s.index[c.id] = span
	s.secrets += len(c.secrets)
	s.compactIfSparse()
	return nil
}

// place copies record into the last chunk, or into a new one when it does not fit there.
func (s *clientStore) place(record []byte) recordSpan {
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last])+len(record) > cap(s.chunks[last]) {
		s.chunks = append(s.chunks, make([]byte, 0, max(chunkSize, len(record))))
		last++
	}
	off := len(s.chunks[last])
	s.chunks[last] = append(s.chunks[last], record...)
	s.used += len(record)
	return recordSpan{chunk: uint32(last), off: uint32(off), size: uint32(len(record))}
}

// delete removes the client with this id, if there is one.
func (s *clientStore) delete(id uuid) {
	s.forget(id)
	s.compactIfSparse()
}

// forget drops the index entry of id and counts its record as a hole.
func (s *clientStore) forget(id uuid) {
	old, ok := s.index[id]
	if !ok {
		return
	}
	delete(s.index, id)
	s.holes += int(old.size)
	s.secrets -= int(old.secrets)
}

// compactIfSparse copies the live records into new chunks once holes are over half the records.
func (s *clientStore) compactIfSparse() {
	if s.holes <= s.used/2 {
		return
	}
	chunks := s.chunks
	s.chunks, s.used, s.holes = nil, 0, 0
	for id, span := range s.index {
		moved := s.place(chunks[span.chunk][span.off : span.off+span.size])
		moved.secrets = span.secrets
		s.index[id] = moved
	}
}

// ids returns the ids of all clients in the order of their texts.
func (s *clientStore) ids() []uuid {
	ids := make([]uuid, 0, len(s.index))
	for id := range s.index {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b uuid) int { return bytes.Compare(a[:], b[:]) })
	return ids
}
