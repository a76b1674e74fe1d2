package fakeapi

import "time"

// state is everything the fake remembers; Handler.mu guards it.
type state struct {
	clientLinks    map[string]clientLink      // by cl_ id
	mollieCodes    map[string]*mollieCode     // by code
	mollieTokens   map[string]mollieToken     // access tokens, by token
	mollieRefresh  map[string]string          // refresh token → scope
	dwollaTokens   map[string]time.Time       // token → expiry
	clientTokens   int                        // Dwolla client tokens issued
	formance       clientStore                // Formance clients, by id
	formanceTokens map[string]formanceToken   // by token
	idempotency    map[string]*idempotentCall // by scoped key
	faults         map[string][]Fault         // pending faults by operation id
	log            []Request
}

func newState() state {
	return state{
		clientLinks:    map[string]clientLink{},
		mollieCodes:    map[string]*mollieCode{},
		mollieTokens:   map[string]mollieToken{},
		mollieRefresh:  map[string]string{},
		dwollaTokens:   map[string]time.Time{},
		formance:       newClientStore(),
		formanceTokens: map[string]formanceToken{},
		idempotency:    map[string]*idempotentCall{},
		faults:         map[string][]Fault{},
	}
}
