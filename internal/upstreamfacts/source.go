package upstreamfacts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// ReadSource returns the bytes at src, a file path or an http(s) URL.
func ReadSource(ctx context.Context, src string) ([]byte, error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		return os.ReadFile(src)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("upstreamfacts: GET %s: %s", src, resp.Status)
	}
	return io.ReadAll(io.LimitReader(resp.Body, 64<<20))
}

// Load parses an OpenAPI document (YAML or JSON) with its internal references resolved.
func Load(data []byte) (*openapi3.T, error) {
	return openapi3.NewLoader().LoadFromData(data)
}

// SHA256 is the hex SHA-256 of data.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// FromData loads the OpenAPI document in data (YAML or JSON) and extracts its facts.
func FromData(data []byte) (Facts, error) {
	doc, err := Load(data)
	if err != nil {
		return Facts{}, fmt.Errorf("upstreamfacts: load: %w", err)
	}
	return Extract(doc)
}

// FromSource reads the document at src and extracts its facts; it also returns the SHA-256 of
// the bytes read.
func FromSource(ctx context.Context, src string) (Facts, string, error) {
	data, err := ReadSource(ctx, src)
	if err != nil {
		return Facts{}, "", err
	}
	f, err := FromData(data)
	if err != nil {
		return Facts{}, "", fmt.Errorf("%s: %w", src, err)
	}
	return f, SHA256(data), nil
}
