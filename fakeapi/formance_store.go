package fakeapi

import (
	"bytes"
	"errors"
	"math"
	"slices"
)

// clientStore holds the Formance clients in a form that has no pointers: every client is a
// record (see formance_record.go) in one shared byte arena, and an index keyed by the id's 16
// bytes says where each record lies. The garbage collector never scans a byte slice, nor a map
// whose keys and values hold no pointers, so a store of hundreds of thousands of clients costs a
// GC cycle almost nothing. Kept as structs with strings, slices and maps instead, such a store
// (a load test's worth of createClient calls) made every cycle mark tens of megabytes on the
// server's core while requests waited.
//
// Replacing or deleting a client leaves its old record behind as a hole; once holes are more
// than half of the arena, the live records are copied into a new one.
type clientStore struct {
	index   map[uuid]recordSpan
	arena   []byte
	holes   int // bytes of the arena no client uses any more
	secrets int // secrets of all clients
}

// recordSpan is where a client's record lies in the arena, and how many secrets it holds.
type recordSpan struct {
	off, size, secrets uint32
}

// errStoreFull reports an arena that outgrew the offsets a recordSpan can hold.
var errStoreFull = errors.New("fakeapi: the Formance client store is full")

func newClientStore() clientStore {
	return clientStore{index: map[uuid]recordSpan{}}
}

// len is the number of clients.
func (s *clientStore) len() int { return len(s.index) }

// get returns the client with this id; found is false when there is none.
func (s *clientStore) get(id uuid) (c formanceClient, found bool, err error) {
	span, found := s.index[id]
	if !found {
		return formanceClient{}, false, nil
	}
	c, err = decodeClientRecord(id, s.arena[span.off:span.off+span.size])
	return c, true, err
}

// put stores c, in place of any client with the same id. On error the store is unchanged.
func (s *clientStore) put(c *formanceClient) error {
	start := len(s.arena)
	arena, err := appendClientRecord(s.arena, c)
	if err != nil {
		return err
	}
	if len(arena) > math.MaxUint32 {
		// Leave the bytes past start for the next append to overwrite; no span covers them.
		s.arena = arena[:start]
		return errStoreFull
	}
	s.arena = arena
	s.forget(c.id)
	s.index[c.id] = recordSpan{off: uint32(start), size: uint32(len(arena) - start), secrets: uint32(len(c.secrets))}
	s.secrets += len(c.secrets)
	s.compactIfSparse()
	return nil
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

// compactIfSparse copies the live records into a new arena once holes are over half of it.
func (s *clientStore) compactIfSparse() {
	if s.holes <= len(s.arena)/2 {
		return
	}
	arena := make([]byte, 0, len(s.arena)-s.holes)
	for id, span := range s.index {
		record := s.arena[span.off : span.off+span.size]
		span.off = uint32(len(arena))
		arena = append(arena, record...)
		s.index[id] = span
	}
	s.arena, s.holes = arena, 0
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
