package orgstore

import (
	"context"
	"fmt"
	"sync"
)

// Memory is a Store in the memory of one process: the default, for an app with one replica, and
// for tests. Its renewals are serialized per organization within the process; its records are
// lost when the process ends.
type Memory struct {
	mu   sync.Mutex
	orgs map[string]*memoryOrg
}

// memoryOrg is one organization's record; lock (a one-slot channel, so that waiting can end
// with the context) is held by Update.
type memoryOrg struct {
	lock    chan struct{}
	rec     Record
	present bool
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory { return &Memory{orgs: map[string]*memoryOrg{}} }

// entry returns org's entry, creating an absent one.
func (m *Memory) entry(org string) *memoryOrg {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.orgs[org]
	if !ok {
		e = &memoryOrg{lock: make(chan struct{}, 1)}
		m.orgs[org] = e
	}
	return e
}

// Load returns the record of org.
func (m *Memory) Load(ctx context.Context, org string) (Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.orgs[org]
	if !ok || !e.present {
		return Record{}, notConnected(org)
	}
	return e.rec, nil
}

// Save stores the record of a new authorization of org.
func (m *Memory) Save(ctx context.Context, org string, rec Record) error {
	e := m.entry(org)
	m.mu.Lock()
	defer m.mu.Unlock()
	rec.Generation = e.rec.Generation + 1
	e.rec, e.present = rec, true
	return nil
}

// Update runs renew holding org's lock (see Store).
func (m *Memory) Update(ctx context.Context, org string, renew func(context.Context, Record) (*Record, error)) (Record, error) {
	e := m.entry(org)
	select {
	case e.lock <- struct{}{}:
	case <-ctx.Done():
		return Record{}, fmt.Errorf("orgstore: organization %q: waiting for its renewal lock: %w", org, ctx.Err())
	}
	defer func() { <-e.lock }()
	cur, err := m.Load(ctx, org)
	if err != nil {
		return Record{}, err
	}
	next, err := renew(ctx, cur)
	if err != nil || next == nil {
		return cur, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	next.Generation = e.rec.Generation + 1
	e.rec = *next
	return e.rec, nil
}

// notConnected is the error of an org a store does not have.
func notConnected(org string) error {
	return fmt.Errorf("orgstore: organization %q: %w", org, ErrNotConnected)
}
