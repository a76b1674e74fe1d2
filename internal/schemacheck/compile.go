package schemacheck

import (
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// compiler turns a schema graph into nodes, one per schema, so recursive schemas compile to
// cyclic node graphs.
type compiler struct {
	dir    Direction
	nodes  map[*openapi3.Schema]*node
	failed bool // a schema uses a keyword the nodes cannot express
}

// compile returns the node of s.
func (cp *compiler) compile(s *openapi3.Schema) *node {
	if s == nil { // an unresolved reference
		cp.failed = true
		return nil
	}
	if n, ok := cp.nodes[s]; ok {
		return n
	}
	n := &node{}
	cp.nodes[s] = n
	if !readable(s) {
		cp.failed = true
		return n
	}
	n.always = s.Always
	n.empty = s.IsEmpty()
	n.null = s.Nullable || s.Type.IncludesNull()
	n.types = permitted(s.Type)
	for _, ref := range s.AllOf {
		n.allOf = append(n.allOf, cp.compile(ref.Value))
	}
	cp.enum(n, s.Enum)
	cp.numbers(n, s)
	cp.strings(n, s)
	cp.arrays(n, s)
	cp.objects(n, s)
	return n
}

// allOfCycle tells whether a schema compiled reaches itself through allOf alone: kin-openapi
// lets such a schema accept the value it meets again, which a node does not express.
func (cp *compiler) allOfCycle() bool {
	const (
		visiting = 1
		done     = 2
	)
	state := make(map[*openapi3.Schema]int, len(cp.nodes))
	var cyclic func(s *openapi3.Schema) bool
	cyclic = func(s *openapi3.Schema) bool {
		switch state[s] {
		case visiting:
			return true
		case done:
			return false
		}
		state[s] = visiting
		for _, ref := range s.AllOf {
			if ref.Value != nil && cyclic(ref.Value) {
				return true
			}
		}
		state[s] = done
		return false
	}
	for s := range cp.nodes {
		if cyclic(s) {
			return true
		}
	}
	return false
}

// readable tells whether s uses only keywords a node expresses.
func readable(s *openapi3.Schema) bool {
	return s.Not == nil && len(s.OneOf) == 0 && len(s.AnyOf) == 0 &&
		s.Pattern == "" && s.MultipleOf == nil && !s.UniqueItems &&
		len(s.PrefixItems) == 0 && s.Contains == nil && s.MinContains == nil && s.MaxContains == nil &&
		len(s.PatternProperties) == 0 && len(s.DependentSchemas) == 0 && len(s.DependentRequired) == 0 &&
		s.PropertyNames == nil && s.If == nil && s.Then == nil && s.Else == nil && s.Const == nil &&
		s.UnevaluatedItems.Has == nil && s.UnevaluatedItems.Schema == nil &&
		s.UnevaluatedProperties.Has == nil && s.UnevaluatedProperties.Schema == nil
}

// permitted is the set of types t allows; no type at all allows every type.
func permitted(t *openapi3.Types) typeSet {
	var set typeSet
	for bit, name := range map[typeSet]string{
		tBoolean: openapi3.TypeBoolean, tInteger: openapi3.TypeInteger, tNumber: openapi3.TypeNumber,
		tString: openapi3.TypeString, tArray: openapi3.TypeArray, tObject: openapi3.TypeObject,
	} {
		if t.Permits(name) {
			set |= bit
		}
	}
	return set
}

// enum keeps the allowed values; only scalars compare the way a node compares them.
func (cp *compiler) enum(n *node, values []any) {
	for _, v := range values {
		switch v.(type) {
		case nil, string, bool, float64:
			n.enum = append(n.enum, v)
		default:
			cp.failed = true
		}
	}
}

func (cp *compiler) numbers(n *node, s *openapi3.Schema) {
	if s.Format != "" && (s.Type.Permits(openapi3.TypeInteger) || s.Type.Permits(openapi3.TypeNumber)) {
		_, isInteger := openapi3.SchemaIntegerFormats[s.Format]
		_, isNumber := openapi3.SchemaNumberFormats[s.Format]
		if isInteger || isNumber {
			cp.failed = true // a checked number format: kin-openapi judges it
		}
	}
	n.min, n.max = s.Min, s.Max
	n.exclusiveMin = exclusiveBound(s.ExclusiveMin, s.Min)
	n.exclusiveMax = exclusiveBound(s.ExclusiveMax, s.Max)
}

// exclusiveBound is the bound an exclusiveMinimum or exclusiveMaximum sets: its own value
// (OpenAPI 3.1) or, when it is true, the inclusive bound beside it (OpenAPI 3.0).
func exclusiveBound(b openapi3.ExclusiveBound, inclusive *float64) *float64 {
	switch {
	case b.Value != nil:
		return b.Value
	case b.Bool != nil && *b.Bool:
		return inclusive
	}
	return nil
}

func (cp *compiler) strings(n *node, s *openapi3.Schema) {
	n.minLength, n.maxLength = s.MinLength, s.MaxLength
	n.format = s.Format
}

func (cp *compiler) arrays(n *node, s *openapi3.Schema) {
	n.minItems, n.maxItems = s.MinItems, s.MaxItems
	if s.Items != nil {
		n.items = cp.compile(s.Items.Value)
	}
}

func (cp *compiler) objects(n *node, s *openapi3.Schema) {
	n.minProps, n.maxProps = s.MinProps, s.MaxProps
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		p := s.Properties[name].Value
		if p == nil {
			cp.failed = true
			continue
		}
		// kin-openapi lets a readOnly property be missing from a request, and a writeOnly one
		// from an answer, even when the schema requires it.
		absent := (cp.dir == Request && p.ReadOnly) || (cp.dir == Response && p.WriteOnly)
		n.properties = append(n.properties, property{name: name, node: cp.compile(p),
			required: slices.Contains(s.Required, name) && !absent, absent: absent})
		if n.declared == nil {
			n.declared = make(map[string]bool, len(s.Properties))
		}
		n.declared[name] = true
	}
	for _, name := range s.Required {
		if !n.declared[name] {
			n.undeclared = append(n.undeclared, name)
		}
	}
	if has := s.AdditionalProperties.Has; has != nil && !*has {
		n.noAdditions = true
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		n.additional = cp.compile(ap.Value)
	}
}
