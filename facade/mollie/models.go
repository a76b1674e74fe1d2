package mollie

import mollieapi "github.com/clientkit/clientkit/gen/mollie"

// The models this package's methods take and return, generated from api/mollie/openapi.yaml.
type (
	// ClientLinkRequest is the organization a client link registers.
	ClientLinkRequest = mollieapi.ClientLinkRequest
	// ClientLinkResponse is Mollie's answer to a created client link.
	ClientLinkResponse = mollieapi.ClientLinkResponse
	// ClientLinkOwner is the organization's owner, who receives the link.
	ClientLinkOwner = mollieapi.ClientLinkOwner
	// ClientLinkAddress is the organization's address; Country is required.
	ClientLinkAddress = mollieapi.ClientLinkAddress
	// ClientLinkLinks are the links of a client link answer.
	ClientLinkLinks = mollieapi.ClientLinkLinks
	// Link is a hal link: an href and its type.
	Link = mollieapi.Link
	// Locale is a locale Mollie knows, such as LocaleNlNL.
	Locale = mollieapi.Locale
)

// The locales Mollie knows, for ClientLinkOwner.Locale.
const (
	LocaleCaES = mollieapi.LocaleCaES
	LocaleCsCZ = mollieapi.LocaleCsCZ
	LocaleDaDK = mollieapi.LocaleDaDK
	LocaleDeAT = mollieapi.LocaleDeAT
	LocaleDeCH = mollieapi.LocaleDeCH
	LocaleDeDE = mollieapi.LocaleDeDE
	LocaleDeLU = mollieapi.LocaleDeLU
	LocaleEnBE = mollieapi.LocaleEnBE
	LocaleEnGB = mollieapi.LocaleEnGB
	LocaleEnNL = mollieapi.LocaleEnNL
	LocaleEnUS = mollieapi.LocaleEnUS
	LocaleEsES = mollieapi.LocaleEsES
	LocaleFiFI = mollieapi.LocaleFiFI
	LocaleFrBE = mollieapi.LocaleFrBE
	LocaleFrFR = mollieapi.LocaleFrFR
	LocaleFrLU = mollieapi.LocaleFrLU
	LocaleHuHU = mollieapi.LocaleHuHU
	LocaleIsIS = mollieapi.LocaleIsIS
	LocaleItIT = mollieapi.LocaleItIT
	LocaleLtLT = mollieapi.LocaleLtLT
	LocaleLvLV = mollieapi.LocaleLvLV
	LocaleNbNO = mollieapi.LocaleNbNO
	LocaleNlBE = mollieapi.LocaleNlBE
	LocaleNlNL = mollieapi.LocaleNlNL
	LocalePlPL = mollieapi.LocalePlPL
	LocalePtPT = mollieapi.LocalePtPT
	LocaleSkSK = mollieapi.LocaleSkSK
	LocaleSvSE = mollieapi.LocaleSvSE
)
