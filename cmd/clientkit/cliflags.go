package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// This file holds the flag handling every leaf command shares: one flag set per command, flags
// read from the environment when absent, every missing required flag reported in one usage
// error, and the flag types the commands need.

// commandFlags is the flag set of one leaf command (`clientkit mollie create-client-link`), with
// what it needs before it runs.
type commandFlags struct {
	*flag.FlagSet
	fromEnv map[string]string // flag name → environment variable read when the flag is absent
	needs   []func() string   // each returns what is missing ("" when nothing), in the order given
}

// newCommandFlags returns the flag set of the leaf `clientkit <path>`, whose help starts with
// about. It prints nothing while parsing: parse prints the help on --help, and a bad flag becomes
// a usage error that main prints.
func newCommandFlags(path, about string) *commandFlags {
	fs := flag.NewFlagSet("clientkit "+path, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: clientkit %s [flags]\n\n%s\n\nFlags:\n", path, about)
		fs.PrintDefaults()
	}
	return &commandFlags{FlagSet: fs, fromEnv: map[string]string{}}
}

// env makes the flag name default to the environment variable env when it is not given.
// Credentials are read this way rather than as flag defaults so that --help never prints them.
func (c *commandFlags) env(name, env string) {
	c.fromEnv[name] = env
}

// require marks flags the command cannot run without.
func (c *commandFlags) require(names ...string) {
	for _, name := range names {
		c.needs = append(c.needs, func() string {
			if c.given(name) {
				return ""
			}
			return c.describe(name)
		})
	}
}

// requireCustom adds a need that a single flag cannot express; check returns what is missing.
func (c *commandFlags) requireCustom(check func() string) {
	c.needs = append(c.needs, check)
}

// describe names a flag for a message: --name, followed by its environment variable if any.
func (c *commandFlags) describe(name string) string {
	if env, ok := c.fromEnv[name]; ok {
		return fmt.Sprintf("--%s (or %s)", name, env)
	}
	return "--" + name
}

// parse parses args, prints the help to stdout on --help (returning flag.ErrHelp, exit 0), fills
// absent flags from their environment variables and reports every missing required flag in one
// usage error: "missing --a, --b (or B)".
func (c *commandFlags) parse(args []string, stdout io.Writer) error {
	if err := parseFlags(c.FlagSet, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.SetOutput(stdout)
			c.Usage()
		}
		return err
	}
	for name, env := range c.fromEnv {
		if c.given(name) {
			continue
		}
		if v := os.Getenv(env); v != "" {
			if err := c.Set(name, v); err != nil {
				return &usageError{msg: fmt.Sprintf("%s: %v", env, err)}
			}
		}
	}
	var missing []string
	for _, need := range c.needs {
		if m := need(); m != "" {
			missing = append(missing, m)
		}
	}
	if len(missing) > 0 {
		return &usageError{msg: "missing " + strings.Join(missing, ", ")}
	}
	return nil
}

// given reports whether the flag name was set on the command line or from its environment
// variable.
func (c *commandFlags) given(name string) bool {
	return c.Lookup(name).Value.String() != ""
}

// verbose adds --verbose, the request log on stderr.
func (c *commandFlags) verbose() *bool {
	return c.Bool("verbose", false, "log each HTTP exchange (method, path, status, duration) to stderr; never headers, bodies or secrets")
}

// urlFlag adds a flag holding a URL whose printed form (help, messages) hides any user info.
func (c *commandFlags) urlFlag(name, value, usage string) *urlValue {
	u := &urlValue{raw: value}
	c.Var(u, name, usage)
	return u
}

// urlValue is a URL flag. The command reads raw; String, used by --help and in messages, shows
// the URL with its user info redacted, so a password given in it is never printed. Set accepts
// anything: the command checks the URL, since the flag package would repeat a refused value.
type urlValue struct{ raw string }

func (u *urlValue) Set(v string) error {
	u.raw = v
	return nil
}

func (u *urlValue) String() string {
	if u == nil {
		return ""
	}
	return redactURL(u.raw)
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// keyValues is a repeatable key=value flag.
type keyValues map[string]string

func (m keyValues) String() string {
	pairs := make([]string, 0, len(m))
	for k, v := range m {
		pairs = append(pairs, k+"="+v)
	}
	return strings.Join(pairs, ", ")
}

func (m keyValues) Set(v string) error {
	key, value, ok := strings.Cut(v, "=")
	if !ok || key == "" {
		return errors.New("want key=value")
	}
	if _, dup := m[key]; dup {
		return fmt.Errorf("key %q given twice", key)
	}
	m[key] = value
	return nil
}

// optionalBool is a boolean flag that remembers whether it was given, so an absent flag is left
// out of a request rather than sent as false.
type optionalBool struct {
	set   bool
	value bool
}

func (b *optionalBool) IsBoolFlag() bool { return true }

func (b *optionalBool) String() string {
	if b == nil || !b.set {
		return ""
	}
	return strconv.FormatBool(b.value)
}

func (b *optionalBool) Set(v string) error {
	parsed, err := strconv.ParseBool(v)
	if err != nil {
		return errors.New("want true or false")
	}
	b.set, b.value = true, parsed
	return nil
}

// ptr returns a pointer to b's value, or nil when the flag was not given.
func (b *optionalBool) ptr() *bool {
	if !b.set {
		return nil
	}
	v := b.value
	return &v
}

// optionalString returns a pointer to s, or nil when s is empty.
func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
