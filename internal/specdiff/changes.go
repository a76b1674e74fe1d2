package specdiff

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
)

// Change is one difference between a base document and a revision.
type Change struct {
	// ID is oasdiff's identifier of the kind of change, e.g. "response-property-removed".
	ID string `json:"id"`
	// Breaking tells whether clients written against the base may break.
	Breaking bool `json:"breaking"`
	// Method and Path locate the operation; both are empty for a document-level change.
	Method string `json:"method,omitempty"`
	Path   string `json:"path,omitempty"`
	// OperationID is the operation's id, if any.
	OperationID string `json:"operationId,omitempty"`
	// Text says what changed, in oasdiff's words.
	Text string `json:"text"`
}

// String formats c on one line.
func (c Change) String() string {
	kind := "non-breaking"
	if c.Breaking {
		kind = "BREAKING"
	}
	where := strings.TrimSpace(c.Method + " " + c.Path)
	if c.OperationID != "" {
		where += " (" + c.OperationID + ")"
	}
	if where == "" {
		where = "document"
	}
	return fmt.Sprintf("%s %s: %s [%s]", kind, where, c.Text, c.ID)
}

// sdkLevels raises the changes that oasdiff deems harmless to a client decoding JSON but that
// break users of a generated SDK: a removed property is a removed struct field, so code that
// reads or sets it no longer compiles.
var sdkLevels = map[string]checker.Level{
	"response-optional-property-removed": checker.ERR,
	"request-property-removed":           checker.ERR,
}

// Compare lists every change from base to revision that oasdiff's checks report (breaking ones
// and the informational ones), breaking first. Both documents must have their references
// resolved, as the kin-openapi loader leaves them.
func Compare(base, revision *openapi3.T) ([]Change, error) {
	d, err := diff.Get(diff.NewConfig(), base, revision)
	if err != nil {
		return nil, fmt.Errorf("specdiff: %w", err)
	}
	cfg := checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(sdkLevels))
	found := checker.CheckBackwardCompatibilityUntilLevel(cfg, d, nil, checker.INFO)
	l := checker.NewDefaultLocalizer()
	out := make([]Change, 0, len(found))
	for _, c := range found {
		out = append(out, Change{
			ID:          c.GetId(),
			Breaking:    c.IsBreaking(),
			Method:      c.GetOperation(),
			Path:        c.GetPath(),
			OperationID: c.GetOperationId(),
			Text:        c.GetUncolorizedText(l),
		})
	}
	sortBreakingFirst(out)
	return out, nil
}

// Breaking keeps the breaking changes of cs.
func Breaking(cs []Change) []Change {
	var out []Change
	for _, c := range cs {
		if c.Breaking {
			out = append(out, c)
		}
	}
	return out
}

func sortBreakingFirst(cs []Change) {
	// A stable partition keeps oasdiff's own order within each class.
	var b, n []Change
	for _, c := range cs {
		if c.Breaking {
			b = append(b, c)
		} else {
			n = append(n, c)
		}
	}
	copy(cs, append(b, n...))
}
