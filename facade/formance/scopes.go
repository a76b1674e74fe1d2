package formance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/clientkit/clientkit/facade"
	formanceapi "github.com/clientkit/clientkit/gen/formance"
)

// AddScope grants the scope label (such as ledger:read) to client clientID, on either
// generation; granting a scope the client has changes nothing.
//   - Today: the label joins the client's scope list: the client is read, then updated with the
//     longer list. The two calls are not atomic: a change made to the client by someone else in
//     between is lost.
//   - Seed2023: the label's scope record, created when there is none, is granted to the client.
//
// Formance API, today: readClient + updateClient, PUT /api/auth/clients/{clientId}; 2023:
// listScopes (+ createScope) + addScopeToClient, PUT /api/auth/clients/{clientId}/scopes/{scopeId}
// (https://docs.formance.com/api-reference).
func (s *Stack) AddScope(ctx context.Context, clientID, label string, opts ...facade.CallOption) error {
	return s.addScope(ctx, clientID, label, opts, s.scopeIndex(opts))
}

// addScope is AddScope, finding a 2023 scope record in x.
func (s *Stack) addScope(ctx context.Context, clientID, label string, opts []facade.CallOption, x *scopeIndex) error {
	if err := checkScopeArgs(opAddScopeToClient, clientID, label); err != nil {
		return err
	}
	g, err := s.Generation(ctx)
	if err != nil {
		return err
	}
	if g == Today {
		return s.editScopes(ctx, clientID, opts, func(scopes []string) []string {
			if slices.Contains(scopes, label) {
				return nil
			}
			return append(slices.Clone(scopes), label)
		})
	}
	record, err := x.record(ctx, label, true)
	if err != nil {
		return err
	}
	return s.call(ctx, opAddScopeToClient, opts, nil, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewAddScopeToClientRequestWithContext(ctx, s.stackURL, clientID, record.ID)
	})
}

// RemoveScope takes the scope label away from client clientID, on either generation; removing a
// scope the client lacks changes nothing. Today it is a read then an update of the client's
// scope list, not atomic (see AddScope); on a 2023 stack the label's record is taken away with
// the scope endpoint. A retry that finds the scope already gone counts as success.
//
// Formance API, today: readClient + updateClient; 2023: listScopes + deleteScopeFromClient,
// DELETE /api/auth/clients/{clientId}/scopes/{scopeId} (https://docs.formance.com/api-reference).
func (s *Stack) RemoveScope(ctx context.Context, clientID, label string, opts ...facade.CallOption) error {
	return s.removeScope(ctx, clientID, label, opts, s.scopeIndex(opts))
}

// removeScope is RemoveScope, finding a 2023 scope record in x.
func (s *Stack) removeScope(ctx context.Context, clientID, label string, opts []facade.CallOption, x *scopeIndex) error {
	if err := checkScopeArgs(opDeleteScopeFromClient, clientID, label); err != nil {
		return err
	}
	g, err := s.Generation(ctx)
	if err != nil {
		return err
	}
	if g == Today {
		return s.editScopes(ctx, clientID, opts, func(scopes []string) []string {
			if !slices.Contains(scopes, label) {
				return nil
			}
			return slices.DeleteFunc(slices.Clone(scopes), func(sc string) bool { return sc == label })
		})
	}
	record, err := x.record(ctx, label, false)
	if err != nil || record == nil {
		return err // no record: no client has the scope
	}
	return deleted(s.call(ctx, opDeleteScopeFromClient, opts, nil, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewDeleteScopeFromClientRequestWithContext(ctx, s.stackURL, clientID, record.ID)
	}))
}

// editScopes reads client clientID and, when edit returns a new list (nil: nothing to change),
// writes the client back with it. Every other option is written back as it was read.
func (s *Stack) editScopes(ctx context.Context, clientID string, opts []facade.CallOption, edit func([]string) []string) error {
	c, err := s.GetClient(ctx, clientID, opts...)
	if err != nil {
		return err
	}
	scopes := edit(c.Scopes)
	if scopes == nil {
		return nil
	}
	options, err := optionsOf(c)
	if err != nil {
		return err
	}
	options.Scopes = scopes
	_, err = s.UpdateClient(ctx, clientID, options, opts...)
	return err
}

// optionsOf is the ClientOptions part of c, taken field by field through its JSON so that a
// field the spec adds is carried along too.
func optionsOf(c *Client) (ClientOptions, error) {
	var o ClientOptions
	b, err := json.Marshal(c)
	if err == nil {
		err = json.Unmarshal(b, &o)
	}
	return o, err
}

// scopeIndex is a 2023 stack's scope records as one call sees them: listed when the call first
// needs them, then kept for its other steps, with the records the call creates added.
type scopeIndex struct {
	stack   *Stack
	opts    []facade.CallOption
	listed  bool
	byLabel map[string]formanceapi.Scope // the first record of each label
	labelOf map[string]string            // the label of each record id
}

// scopeIndex returns an empty scopeIndex for one call made with opts.
func (s *Stack) scopeIndex(opts []facade.CallOption) *scopeIndex {
	return &scopeIndex{stack: s, opts: opts}
}

// list lists the stack's scope records, unless an earlier step of the call has.
//
// Formance API (2023): listScopes, GET /api/auth/scopes.
func (x *scopeIndex) list(ctx context.Context) error {
	if x.listed {
		return nil
	}
	var out formanceapi.ListScopesResponse
	err := x.stack.call(ctx, opListScopes, x.opts, &out, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewListScopesRequestWithContext(ctx, x.stack.stackURL)
	})
	if err != nil {
		return err
	}
	x.byLabel = make(map[string]formanceapi.Scope, len(out.Data))
	x.labelOf = make(map[string]string, len(out.Data))
	for _, r := range out.Data {
		x.add(r)
	}
	x.listed = true
	return nil
}

// add indexes the record r.
func (x *scopeIndex) add(r formanceapi.Scope) {
	if _, ok := x.byLabel[r.Label]; !ok {
		x.byLabel[r.Label] = r
	}
	x.labelOf[r.ID] = r.Label
}

// record finds the scope record of label, creating it when create is set; it returns nil when
// there is none and create is not set.
//
// Formance API (2023): createScope, POST /api/auth/scopes.
func (x *scopeIndex) record(ctx context.Context, label string, create bool) (*formanceapi.Scope, error) {
	if err := x.list(ctx); err != nil {
		return nil, err
	}
	if r, ok := x.byLabel[label]; ok {
		return &r, nil
	}
	if !create {
		return nil, nil
	}
	var out formanceapi.CreateScopeResponse
	err := x.stack.call(ctx, opCreateScope, x.opts, &out, func(ctx context.Context) (*http.Request, error) {
		return formanceapi.NewCreateScopeRequestWithContext(ctx, x.stack.stackURL, formanceapi.ScopeOptions{Label: label})
	})
	if err != nil {
		return nil, err
	}
	if out.Data == nil {
		return nil, noData(opCreateScope)
	}
	x.add(*out.Data)
	return out.Data, nil
}

// labelScopes shows the scopes of clients read from a 2023 stack as labels, as today's stacks
// keep them: that stack lists the ids of scope records. An id without a record stays as it is.
func (x *scopeIndex) labelScopes(ctx context.Context, clients ...*Client) error {
	if err := x.list(ctx); err != nil {
		return err
	}
	for _, c := range clients {
		for i, id := range c.Scopes {
			if label, ok := x.labelOf[id]; ok {
				c.Scopes[i] = label
			}
		}
	}
	return nil
}

// grantScopes2023 makes client clientID of a 2023 stack hold the scopes labels, which that stack
// ignores in a create or update body; with exact, scopes not in labels are taken away. x serves
// the scope records to every step.
func (s *Stack) grantScopes2023(ctx context.Context, clientID string, labels []string, exact bool, opts []facade.CallOption, x *scopeIndex) error {
	c, err := s.getClient(ctx, clientID, opts, x) // its scopes as labels
	if err != nil {
		return err
	}
	for _, label := range labels {
		if !slices.Contains(c.Scopes, label) {
			if err := s.addScope(ctx, clientID, label, opts, x); err != nil {
				return err
			}
		}
	}
	if !exact {
		return nil
	}
	for _, held := range c.Scopes {
		if !slices.Contains(labels, held) {
			if err := s.removeScope(ctx, clientID, held, opts, x); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkScopeArgs refuses an empty or dot-segment client id and a label that is no scope.
func checkScopeArgs(op, clientID, label string) error {
	if err := requireIDs(op, "clientID", clientID); err != nil {
		return err
	}
	if label == "" || strings.ContainsFunc(label, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return inputError(op, "scope", fmt.Sprintf("%q is not a scope label such as ledger:read", label))
	}
	return nil
}
