package call

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ParseServiceURL checks that raw is an absolute https URL (http only on a loopback host)
// without user info, query or fragment. Its errors read after the name of the field, and never
// repeat raw (it may hold a password).
func ParseServiceURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("does not parse as a URL")
	}
	if u.User != nil {
		return nil, errors.New("must not carry user info")
	}
	if err := CheckSecureURL(u); err != nil {
		return nil, err
	}
	if u.RawQuery != "" || u.ForceQuery || strings.Contains(raw, "#") {
		return nil, errors.New("must not have a query or fragment")
	}
	return u, nil
}

// CheckSecureURL accepts an absolute URL with a host that is https, or http on a loopback host.
func CheckSecureURL(u *url.URL) error {
	if u.Host == "" || u.Hostname() == "" {
		return errors.New("has no host")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if IsLoopbackHost(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("must use https (plain http only on a loopback host), got host %q", u.Hostname())
	default:
		return fmt.Errorf("must use https, got scheme %q", u.Scheme)
	}
}

// IsLoopbackHost tells whether host is localhost, 127.0.0.0/8 or ::1.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// JoinURL appends path to base, with one slash between them.
func JoinURL(base, path string) string {
	return strings.TrimSuffix(base, "/") + path
}
