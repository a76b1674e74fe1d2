package fakeapi

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUUIDTextRoundTrips(t *testing.T) {
	for range 20 {
		u := randomUUID()
		parsed, ok := parseUUID(u.String())
		require.True(t, ok, u.String())
		assert.Equal(t, u, parsed)
	}
	id := "3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b13"
	u, ok := parseUUID(id)
	require.True(t, ok)
	assert.Equal(t, id, u.String())
	for _, bad := range []string{"", "x", strings.ToUpper(id), id + "0", id[:35], strings.Replace(id, "-", "0", 1),
		"3b5f1c2e-8d4a-4f6b-9c1e-2a7d5e9f0b1g", "3b5f1c2e8-d4a-4f6b-9c1e-2a7d5e9f0b13"} {
		_, ok := parseUUID(bad)
		assert.False(t, ok, bad)
	}
}

// fullClient has every field set, including metadata with numbers and nesting.
func fullClient(name string) formanceClient {
	return formanceClient{id: randomUUID(), scopes: []string{"ledger:read", "payments:write"},
		options: clientOptions{name: name,
			description: optional[string]{value: "", set: true}, public: optional[bool]{value: false, set: true},
			trusted:      optional[bool]{value: true, set: true},
			redirectURIs: []string{"https://a.example/cb", ""}, postLogoutRedirectURIs: []string{"https://a.example/bye"},
			metadata: map[string]any{"n": json.Number("1.50"), "o": map[string]any{"l": []any{"x", nil, true}}}},
		secrets: []formanceSecret{
			{id: randomUUID().String(), name: "first", lastDigits: "abcd", hash: sha256.Sum256([]byte("s1"))},
			{id: randomUUID().String(), name: "second", lastDigits: "ef01", hash: sha256.Sum256([]byte("s2")),
				metadata: map[string]any{"k": "v"}},
		}}
}

func TestClientStoreKeepsEveryField(t *testing.T) {
	s := newClientStore()
	for _, c := range []formanceClient{fullClient("full"), {id: randomUUID(), options: clientOptions{name: "bare"}}} {
		require.NoError(t, s.put(&c))
		got, found, err := s.get(c.id)
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, c, got)
	}
	_, found, err := s.get(randomUUID())
	require.NoError(t, err)
	assert.False(t, found)
}

func TestClientStoreReplacesDeletesAndCompacts(t *testing.T) {
	s := newClientStore()
	clients := make([]formanceClient, 50)
	for i := range clients {
		clients[i] = fullClient(fmt.Sprint("client ", i))
		require.NoError(t, s.put(&clients[i]))
	}
	assert.Equal(t, 100, s.secrets)
	full := s.used

	for i := range clients[:40] {
		s.delete(clients[i].id)
	}
	s.delete(randomUUID()) // unknown: nothing happens
	assert.Equal(t, 10, s.len())
	assert.Equal(t, 20, s.secrets)
	assert.Less(t, s.used, full/2, "deleting most clients compacts the arena")

	kept := clients[40:]
	for i := range kept {
		kept[i].options.name = "renamed"
		kept[i].secrets = kept[i].secrets[:1]
		require.NoError(t, s.put(&kept[i]))
	}
	assert.Equal(t, 10, s.len())
	assert.Equal(t, 10, s.secrets)
	for _, c := range kept {
		got, found, err := s.get(c.id)
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, c, got)
	}
	for _, c := range clients[:40] {
		_, found, _ := s.get(c.id)
		assert.False(t, found)
	}

	ids := s.ids()
	require.Len(t, ids, 10)
	for i := 1; i < len(ids); i++ {
		assert.Less(t, ids[i-1].String(), ids[i].String(), "ids come in the order of their texts")
	}
}

func TestClientStoreRefusesAnUnreadableRecord(t *testing.T) {
	c := fullClient("x")
	record, err := appendClientRecord(nil, &c)
	require.NoError(t, err)
	for _, cut := range []int{0, 1, len(record) / 2, len(record) - 1} {
		_, err := decodeClientRecord(c.id, record[:cut])
		assert.ErrorIs(t, err, errBadRecord, "record cut at %d", cut)
	}
	_, err = decodeClientRecord(c.id, append(record, 0))
	assert.ErrorIs(t, err, errBadRecord, "trailing bytes")
}

func TestClientStoreSpreadsRecordsOverChunks(t *testing.T) {
	s := newClientStore()
	big := formanceClient{id: randomUUID(), options: clientOptions{name: strings.Repeat("n", chunkSize+1)}}
	small := fullClient("small")
	for _, c := range []*formanceClient{&small, &big, &small} { // the second put of small replaces the first
		require.NoError(t, s.put(c))
	}
	assert.Len(t, s.chunks, 3, "a record larger than a chunk gets one of its own, and the next record a new one")
	for _, c := range []formanceClient{small, big} {
		got, found, err := s.get(c.id)
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, c, got)
	}
}
