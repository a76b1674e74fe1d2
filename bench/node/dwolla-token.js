// Gets a Dwolla application token from `clientkit serve` with Dwolla's own Node SDK, which sends
// the application's key and secret in the form body, then creates a client token with it.
// Usage: clientkit serve --addr 127.0.0.1:8080 & CLIENTKIT_URL=http://127.0.0.1:8080 npm run dwolla
"use strict";
const dwolla = require("dwolla-v2");

const base = process.env.CLIENTKIT_URL || "http://127.0.0.1:8080";
const client = new dwolla.Client({
  key: process.env.DWOLLA_CLIENT_ID || "demo_dwolla_client_id",
  secret: process.env.DWOLLA_CLIENT_SECRET || "demo_dwolla_client_secret",
  environment: "sandbox",
});
// The SDK has no base-URL option; point both its token and API URLs at the fake.
client.tokenUrl = base + "/token";
client.apiUrl = base;

async function main() {
  const token = await client.auth.client();
  console.log("application token: ok (expires in " + token.expires_in + " s)");
  const res = await token.post("client-tokens", {
    action: "customer.update",
    _links: { customer: { href: "https://api-sandbox.dwolla.com/customers/00000000-0000-4000-8000-000000000000" } },
  });
  console.log("client token: HTTP " + res.status + ", token " + (res.body.token ? "present" : "missing"));
}

main().catch((err) => {
  console.error("failed:", err.status || "", err.body ? JSON.stringify(err.body) : err.message);
  process.exit(1);
});
