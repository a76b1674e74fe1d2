package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/clientkit/clientkit/conformance"
	"github.com/clientkit/clientkit/fakeapi"
)

func init() {
	register("conform", "run one request per operation against a server and table its conformance", runConform)
}

// conformRow is one operation's line of the table.
type conformRow struct {
	Provider   string                  `json:"provider"`
	Operation  string                  `json:"operation"`
	Status     int                     `json:"status,omitempty"`
	Result     string                  `json:"result"`
	Violations []conformance.Violation `json:"violations,omitempty"`
}

// runConform runs the scenarios against --target through the validating transport.
func runConform(ctx context.Context, args []string, stdout, _ io.Writer) error {
	fs := newCommandFlags("conform",
		"Sends one request per operation to --target, in an order where each finds the ids it needs,\n"+
			"checks both directions against the specs and prints a table: status and result per\n"+
			"operation, violations below it. A provider without credentials is listed as not run.\n"+
			"Exits 1 on any violation.")
	target := fs.urlFlag("target", "", "base `URL` of the server to check (required): the fake, a sandbox, another mock")
	providers := fs.String("providers", "mollie,dwolla,formance", "comma-separated providers to run")
	demo := fs.Bool("demo-credentials", false, "use the fake's demo credentials (for clientkit serve)")
	asJSON := fs.Bool("json", false, "print the rows as JSON")
	var c conformCreds
	fs.StringVar(&c.mollieToken, "mollie-access-token", "", "Mollie access token (default $MOLLIE_ACCESS_TOKEN)")
	fs.StringVar(&c.dwollaID, "dwolla-client-id", "", "Dwolla client id (default $DWOLLA_CLIENT_ID)")
	fs.StringVar(&c.dwollaSecret, "dwolla-client-secret", "", "Dwolla client secret (default $DWOLLA_CLIENT_SECRET)")
	fs.StringVar(&c.dwollaCustomer, "dwolla-customer", "", "URL of a Dwolla customer for the client token (default: a made-up one under --target)")
	fs.StringVar(&c.formanceToken, "formance-token", "", "Formance stack token (default $FORMANCE_TOKEN)")
	fs.env("mollie-access-token", "MOLLIE_ACCESS_TOKEN")
	fs.env("dwolla-client-id", "DWOLLA_CLIENT_ID")
	fs.env("dwolla-client-secret", "DWOLLA_CLIENT_SECRET")
	fs.env("formance-token", "FORMANCE_TOKEN")
	fs.require("target")
	if err := fs.parse(args, stdout); err != nil {
		return err
	}
	u, err := httpURL("target", target, defaultFakeURL)
	if err != nil {
		return err
	}
	if *demo {
		d := fakeapi.DefaultCredentials()
		c.mollieToken, c.dwollaID, c.dwollaSecret, c.formanceToken = d.MollieAccessToken, d.DwollaClientID, d.DwollaClientSecret, d.FormanceToken
	}

	tr := conformance.NewTransport(nil)
	client := &http.Client{Transport: tr}
	st := &scenarioState{creds: c, target: strings.TrimSuffix(u.String(), "/")}
	wanted := strings.Split(*providers, ",")
	var rows []conformRow
	for _, step := range scenarios {
		if !slices.Contains(wanted, step.provider) {
			continue
		}
		row := conformRow{Provider: step.provider, Operation: step.operation}
		if why := c.skipReason(step.provider); why != "" {
			row.Result = "not run: " + why
			rows = append(rows, row)
			continue
		}
		before := len(tr.Violations()) // steps run one at a time: what comes after is this step's
		status, err := step.run(ctx, client, st)
		row.Status, row.Violations = status, tr.Violations()[before:]
		switch {
		case err != nil:
			row.Result = "no answer: " + err.Error()
		case len(row.Violations) > 0:
			row.Result = fmt.Sprintf("%d violations", len(row.Violations))
		default:
			row.Result = "conforms"
		}
		rows = append(rows, row)
	}
	if slices.Contains(wanted, "mollie") {
		rows = append(rows, conformRow{Provider: "mollie", Operation: "create-oauth-token",
			Result: "not run: needs an authorization code from a customer's consent"})
	}
	if err := printConform(stdout, rows, *asJSON); err != nil {
		return err
	}
	if n := len(tr.Violations()); n > 0 {
		return fmt.Errorf("%d violations", n)
	}
	return nil
}

// printConform writes the rows as a table (each violation below its row) or as JSON.
func printConform(w io.Writer, rows []conformRow, asJSON bool) error {
	if asJSON {
		return writeJSON(w, rows)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tOPERATION\tSTATUS\tRESULT")
	for _, r := range rows {
		status := "-"
		if r.Status != 0 {
			status = fmt.Sprint(r.Status)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Provider, r.Operation, status, r.Result)
		for _, v := range r.Violations {
			fmt.Fprintf(tw, "\t  %s %s: %s\t\t\n", v.Direction, v.Field, v.Message)
		}
	}
	return tw.Flush()
}
