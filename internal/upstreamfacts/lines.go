package upstreamfacts

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Lines flattens f into one sentence per fact, per operation id, each list sorted. Two documents
// carry the same fact when they produce the same line; header names are compared in lower case.
// Document-level facts (security scheme names and types) are listed under the key "".
func (f Facts) Lines() map[string][]string {
	out := map[string][]string{}
	for name, typ := range f.SecuritySchemes {
		out[""] = append(out[""], fmt.Sprintf("security scheme %s type %s", name, typ))
	}
	sort.Strings(out[""])
	for _, o := range f.Operations {
		var facts []string
		add := func(format string, args ...any) { facts = append(facts, fmt.Sprintf(format, args...)) }
		add("route %s %s", o.Method, o.Path)
		for _, alt := range o.Security {
			names := make([]string, 0, len(alt))
			for name, scopes := range alt {
				sc := slices.Clone(scopes)
				sort.Strings(sc)
				names = append(names, name+"["+strings.Join(sc, " ")+"]")
			}
			sort.Strings(names)
			add("security %s", strings.Join(names, " & "))
		}
		for _, p := range o.Parameters {
			name := p.Name
			if p.In == "header" {
				name = strings.ToLower(name) // header names are case-insensitive
			}
			add("param %s %s required=%v", p.In, name, p.Required)
			schemaLines("param "+p.In+" "+name, p.Schema, add)
		}
		if rb := o.RequestBody; rb != nil {
			add("body required=%v", rb.Required)
			for ct, s := range rb.Content {
				add("body content %s", ct)
				schemaLines("body "+ct, s, add)
			}
		}
		for status, content := range o.Responses {
			add("response %s", status)
			for ct, s := range content {
				add("response %s content %s", status, ct)
				schemaLines("response "+status+" "+ct, s, add)
			}
		}
		sort.Strings(facts)
		out[o.ID] = facts
	}
	return out
}

// schemaLines lists the facts of s at a property path.
func schemaLines(at string, s *Schema, add func(string, ...any)) {
	if s == nil {
		return
	}
	if len(s.Type) > 0 {
		add("%s type %s", at, strings.Join(s.Type, "|"))
	}
	if s.Format != "" {
		add("%s format %s", at, s.Format)
	}
	if s.Nullable {
		add("%s nullable", at)
	}
	for _, e := range s.Enum {
		add("%s enum %v", at, e)
	}
	if len(s.Properties) > 0 || len(s.Required) > 0 {
		add("%s required [%s]", at, strings.Join(s.Required, ","))
	}
	for name, p := range s.Properties {
		add("%s has %s", at, name)
		schemaLines(at+"."+name, p, add)
	}
	schemaLines(at+"[]", s.Items, add)
	schemaLines(at+"{}", s.AdditionalProperties, add)
}

// Missing lists, per operation id, the lines of want that have does not carry; an operation
// have lacks entirely is reported as the single line "operation missing".
func Missing(want, have map[string][]string) map[string][]string {
	out := map[string][]string{}
	for op, facts := range want {
		got, ok := have[op]
		if !ok && op != "" {
			out[op] = []string{"operation missing"}
			continue
		}
		for _, f := range facts {
			if !slices.Contains(got, f) {
				out[op] = append(out[op], f)
			}
		}
	}
	return out
}
