package formance

import formanceapi "github.com/clientkit/clientkit/gen/formance"

// The models this package's methods take and return, generated from api/formance/openapi.yaml.
type (
	// Client is an OAuth client of the stack.
	Client = formanceapi.Client
	// ClientOptions are the settable fields of a client, for CreateClient and UpdateClient.
	ClientOptions = formanceapi.ClientOptions
	// ClientSecret is a secret as a client lists it: its id, name and last digits, never its value.
	ClientSecret = formanceapi.ClientSecret
	// SecretOptions are the fields of a new secret, for CreateSecret.
	SecretOptions = formanceapi.SecretOptions
	// Metadata are a client's or secret's free-form labels.
	Metadata = formanceapi.Metadata
)
