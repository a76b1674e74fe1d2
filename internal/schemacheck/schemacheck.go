// Package schemacheck compiles an OpenAPI schema, as kin-openapi loads it, into a check that
// tells in a fraction of a microsecond, without allocating, whether a decoded JSON value is valid.
//
// It is a fast path in front of kin-openapi, not a second authority. A check says yes only when
// kin-openapi's own validator (OpenAPI 3.0 rules, as VisitJSON applies them with VisitAsRequest
// or VisitAsResponse and no defaults) would accept the value too. It says no whenever it is not
// sure, so a no means "ask kin-openapi", which then explains the refusal or accepts after all. A
// schema that uses a keyword this package does not read does not compile at all.
package schemacheck

import (
	"encoding/json"
	"math"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// Direction is the way a value travels: readOnly properties may not appear in a request, nor
// writeOnly ones in a response.
type Direction uint8

// The two directions.
const (
	Request Direction = iota + 1
	Response
)

// Check tells whether values are valid against one schema. The zero Check accepts nothing.
type Check struct{ root *node }

// Accepts reports whether v, a value as encoding/json decodes into an any (numbers as
// json.Number or float64), is valid. False means only that kin-openapi must judge v.
func (c Check) Accepts(v any) bool { return c.root != nil && c.root.accepts(v) }

// Compile returns the check of s for values travelling in direction d. ok is false when s, or a
// schema it refers to, uses a keyword this package does not read: kin-openapi must then judge
// every value.
func Compile(s *openapi3.Schema, d Direction) (c Check, ok bool) {
	cp := compiler{dir: d, nodes: map[*openapi3.Schema]*node{}}
	root := cp.compile(s)
	if cp.failed || cp.allOfCycle() {
		return Check{}, false
	}
	return Check{root: root}, true
}

// The JSON types a schema permits, as a bit set.
type typeSet uint8

const (
	tBoolean typeSet = 1 << iota
	tInteger
	tNumber
	tString
	tArray
	tObject
)

// node is one compiled schema; the fields mirror the keywords kin-openapi reads.
type node struct {
	always *bool // a boolean schema
	empty  bool  // the schema constrains nothing (kin-openapi's IsEmpty)
	null   bool  // null is allowed (nullable, or "null" among the types)
	types  typeSet
	allOf  []*node
	enum   []any // strings, bools, float64s and nils only

	// numbers
	min, max                   *float64
	exclusiveMin, exclusiveMax *float64 // the bound itself, resolved from either spelling

	// strings
	minLength uint64
	maxLength *uint64
	format    string // looked up in kin-openapi's registry at each check, as kin-openapi does

	// arrays
	minItems uint64
	maxItems *uint64
	items    *node

	// objects
	minProps    uint64
	maxProps    *uint64
	properties  []property
	declared    map[string]bool // the names of properties
	undeclared  []string        // required names that are not among the properties
	additional  *node
	noAdditions bool // additionalProperties: false
}

// property is a declared property of an object schema.
type property struct {
	name     string
	node     *node
	required bool // must be present
	absent   bool // readOnly in a request or writeOnly in an answer: may only be missing or null
}

func (n *node) accepts(v any) bool {
	switch x := v.(type) {
	case nil:
		if n.null {
			return true
		}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	if n.always != nil {
		return *n.always
	}
	if n.empty {
		return v != nil // null was allowed above or not at all
	}
	for _, s := range n.allOf {
		if !s.accepts(v) {
			return false
		}
	}
	if len(n.allOf) > 0 && v == nil {
		return true // kin-openapi stops once every allOf schema accepted a null
	}
	if len(n.enum) > 0 && !n.inEnum(v) {
		return false
	}
	switch x := v.(type) {
	case bool:
		return n.types&tBoolean != 0
	case json.Number:
		f, err := x.Float64()
		return err == nil && n.number(f)
	case float64:
		return n.number(x)
	case int:
		return n.number(float64(x))
	case int64:
		return n.number(float64(x))
	case string:
		return n.string(x)
	case []any:
		return n.array(x)
	case map[string]any:
		return n.object(x)
	}
	return false // null that is not allowed, or a Go type kin-openapi converts first
}

func (n *node) inEnum(v any) bool {
	f, isNumber := asFloat(v)
	for _, e := range n.enum {
		if ef, ok := e.(float64); ok {
			if isNumber && ef == f {
				return true
			}
			continue
		}
		if !isNumber && e == v {
			return true
		}
	}
	return false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func (n *node) number(f float64) bool {
	switch {
	case n.types&tInteger != 0 && n.types&tNumber == 0:
		if f != math.Trunc(f) {
			return false
		}
	case n.types&(tInteger|tNumber) == 0:
		return false
	}
	return (n.exclusiveMin == nil || f > *n.exclusiveMin) &&
		(n.exclusiveMax == nil || f < *n.exclusiveMax) &&
		(n.min == nil || *n.min <= f) &&
		(n.max == nil || *n.max >= f)
}

func (n *node) string(s string) bool {
	if n.types&tString == 0 {
		return false
	}
	if n.minLength != 0 || n.maxLength != nil {
		length := uint64(utf8.RuneCountInString(s))
		if length < n.minLength || (n.maxLength != nil && length > *n.maxLength) {
			return false
		}
	}
	if n.format == "" {
		return true
	}
	f := openapi3.SchemaStringFormats[n.format]
	return f == nil || f.Validate(s) == nil // kin-openapi ignores a format it has no validator for
}

func (n *node) array(a []any) bool {
	if n.types&tArray == 0 {
		return false
	}
	if uint64(len(a)) < n.minItems || (n.maxItems != nil && uint64(len(a)) > *n.maxItems) {
		return false
	}
	if n.items != nil {
		for _, v := range a {
			if !n.items.accepts(v) {
				return false
			}
		}
	}
	return true
}

func (n *node) object(m map[string]any) bool {
	if n.types&tObject == 0 {
		return false
	}
	if uint64(len(m)) < n.minProps || (n.maxProps != nil && uint64(len(m)) > *n.maxProps) {
		return false
	}
	found := 0
	for _, p := range n.properties {
		v, ok := m[p.name]
		switch {
		case !ok && p.required:
			// Missing: invalid, unless an allOf schema around this one declares it readOnly or
			// writeOnly, which only kin-openapi, walking the value, knows.
			return false
		case !ok:
			continue
		case p.absent && v != nil:
			return false
		}
		found++
		if !p.node.accepts(v) {
			return false
		}
	}
	for _, name := range n.undeclared {
		if _, ok := m[name]; !ok {
			return false // missing, as above
		}
	}
	if found == len(m) { // no property the schema does not declare
		return true
	}
	if n.noAdditions {
		return false
	}
	if n.additional != nil {
		for k, v := range m {
			if !n.declared[k] && !n.additional.accepts(v) {
				return false
			}
		}
	}
	return true
}

// Cache compiles the check of each schema it is asked about once, on first use. It is safe for
// concurrent use; the zero Cache is ready.
type Cache struct {
	mu     sync.RWMutex
	checks map[cacheKey]Check
}

type cacheKey struct {
	schema *openapi3.Schema
	dir    Direction
}

// Accepts reports whether s's check accepts v (see Check.Accepts); a schema that does not compile
// accepts nothing, so kin-openapi judges every value.
func (c *Cache) Accepts(s *openapi3.Schema, d Direction, v any) bool {
	key := cacheKey{s, d}
	c.mu.RLock()
	check, ok := c.checks[key]
	c.mu.RUnlock()
	if !ok {
		check, _ = Compile(s, d)
		c.mu.Lock()
		if c.checks == nil {
			c.checks = map[cacheKey]Check{}
		}
		c.checks[key] = check
		c.mu.Unlock()
	}
	return check.Accepts(v)
}
