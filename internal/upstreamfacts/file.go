package upstreamfacts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// Comment is the comment every facts file carries.
const Comment = "Machine-written by `make upstream-facts`; do not edit. Facts only (names, types, formats, " +
	"enums, required sets, status codes, content types), no upstream text."

// ReadFile reads a facts file.
func ReadFile(path string) (File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return File{}, err
	}
	return Parse(data)
}

// Parse decodes the bytes of a facts file, refusing unknown fields.
func Parse(data []byte) (File, error) {
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("upstreamfacts: decode facts: %w", err)
	}
	return f, nil
}

// Marshal encodes f the way facts files are written: indented, map keys sorted, a final newline.
func (f File) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Only keeps the operations whose ids are in ids and the security schemes named in schemes.
func (f Facts) Only(ids, schemes []string) Facts {
	out := Facts{OpenAPI: f.OpenAPI}
	for _, o := range f.Operations {
		if slices.Contains(ids, o.ID) {
			out.Operations = append(out.Operations, o)
		}
	}
	for name, typ := range f.SecuritySchemes {
		if slices.Contains(schemes, name) {
			if out.SecuritySchemes == nil {
				out.SecuritySchemes = map[string]string{}
			}
			out.SecuritySchemes[name] = typ
		}
	}
	return out
}

// SchemeNames lists the security scheme names of f, sorted.
func (f Facts) SchemeNames() []string {
	names := make([]string, 0, len(f.SecuritySchemes))
	for name := range f.SecuritySchemes {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// IDs lists the operation ids of f.
func (f Facts) IDs() []string {
	ids := make([]string, 0, len(f.Operations))
	for _, o := range f.Operations {
		ids = append(ids, o.ID)
	}
	return ids
}
