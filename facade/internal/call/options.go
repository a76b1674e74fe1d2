package call

import "github.com/clientkit/clientkit/facade"

// ProviderOption is an option of one provider package, applied to that package's config C.
type ProviderOption[C any] interface {
	ApplyTo(*C) error
}

// ApplyOptions applies opts in order: a facade.Option to settings, one of the provider's own to
// cfg. Anything else (nil included) is refused, naming pkg's option type.
func ApplyOptions[C, O any](settings *facade.Settings, cfg *C, pkg string, opts []O) error {
	for _, o := range opts {
		var err error
		switch o := any(o).(type) {
		case facade.Option:
			err = o.Apply(settings)
		case ProviderOption[C]:
			err = o.ApplyTo(cfg)
		default:
			err = facade.OptionError(pkg+".Option", "is nil or not an option of facade or facade/"+pkg)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
