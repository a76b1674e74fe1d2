package fakeapi

import "time"

// state is everything the fake remembers; Handler.mu guards it. Every store is bounded: see
// bounds.go for the caps and for how expired entries are purged.
type state struct {
	clientLinks    map[string]clientLink      // by cl_ id
	mollieCodes    map[string]*mollieCode     // by code
	mollieTokens   map[string]mollieToken     // access tokens, by token
	mollieRefresh  map[string]*mollieGrant    // refresh token → the authorization it belongs to
	mollieGrants   []*mollieGrant             // every authorization, oldest first
	dwollaTokens   map[string]time.Time       // token → expiry
	clientTokens   int                        // Dwolla client tokens issued
	formance       clientStore                // Formance clients, by id
	formanceTokens map[string]formanceToken   // by token
	scopeRecords   map[string]scopeRecord     // Formance 2023 scope records, by id
	idempotency    map[string]*idempotentCall // by scoped key
	idemOrder      []idempotencyEntry         // keys in the order they were first used
	idemSeq        uint64                     // the last idempotentCall.seq handed out
	sweeps         sweeps
	faults         map[string][]Fault     // pending faults by operation id
	consents       map[string]consentPage // open consent pages, by nonce
	log            []Request
	seq            uint64 // Seq of the last logged request
}

func newState() state {
	return state{
		clientLinks:    map[string]clientLink{},
		mollieCodes:    map[string]*mollieCode{},
		mollieTokens:   map[string]mollieToken{},
		mollieRefresh:  map[string]*mollieGrant{},
		dwollaTokens:   map[string]time.Time{},
		formance:       newClientStore(),
		formanceTokens: map[string]formanceToken{},
		scopeRecords:   map[string]scopeRecord{},
		idempotency:    map[string]*idempotentCall{},
		faults:         map[string][]Fault{},
		consents:       map[string]consentPage{},
	}
}
