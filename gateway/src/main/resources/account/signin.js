// Browser sign-in for the account page and the dashboard, through the gateway's own OAuth 2.1
// authorization server (built-in sign-in, or the upstream IdP behind it): the page registers itself
// as a public client (RFC 7591, redirect back to this page), runs the authorization code flow with
// PKCE (S256) and a state, and keeps the access token in the tab like a pasted one. Offered only
// when this origin is its own authorization server. Loaded after page.js, whose helpers it uses.
"use strict";

const McpSignIn = (() => {
  const CLIENT_KEY = "mcp-spawner-page-client";
  const FLOW_KEY = "mcp-spawner-page-flow";

  const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const random = (n) => b64url(crypto.getRandomValues(new Uint8Array(n)));
  const here = () => location.origin + location.pathname.replace(/\/+$/, "");

  async function json(url, init) {
    const res = await fetch(url, Object.assign({credentials: "omit"}, init || {}));
    const data = jsonOrNull(await res.text());
    if (!res.ok) {
      const why = data && (data.error_description || data.error);
      throw new Error(why || ("HTTP " + res.status));
    }
    return data;
  }

  // This origin's authorization server metadata, or null when sign-in is elsewhere or absent.
  async function server() {
    try {
      const resource = await json("/.well-known/oauth-protected-resource");
      const issuer = (resource.authorization_servers || [])[0];
      if (!issuer || new URL(issuer).origin !== location.origin) return null;
      const meta = await json("/.well-known/oauth-authorization-server");
      if (!meta.registration_endpoint || !meta.authorization_endpoint) return null;
      return {resource: resource.resource, meta};
    } catch (e) {
      return null;
    }
  }

  async function client(meta, redirectUri) {
    const kept = JSON.parse(localStorage.getItem(CLIENT_KEY) || "{}");
    if (kept.id && kept.redirect === redirectUri) return kept.id;
    const made = await json(meta.registration_endpoint, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({
        client_name: "mcp-spawner " + (location.pathname.startsWith("/admin") ? "dashboard" : "account page"),
        redirect_uris: [redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "none",
      }),
    });
    localStorage.setItem(CLIENT_KEY, JSON.stringify({id: made.client_id, redirect: redirectUri}));
    return made.client_id;
  }

  // Leaves for the sign-in page; the browser comes back to this page with a code.
  async function start(found) {
    const redirectUri = here();
    const clientId = await client(found.meta, redirectUri);
    const verifier = random(32);
    const state = random(16);
    const challenge = b64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
    sessionStorage.setItem(FLOW_KEY, JSON.stringify({verifier, state, clientId, redirectUri,
      resource: found.resource, token: found.meta.token_endpoint, back: location.pathname}));
    const q = new URLSearchParams({response_type: "code", client_id: clientId,
      redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: "S256",
      state, scope: "mcp", resource: found.resource});
    location.assign(found.meta.authorization_endpoint + "?" + q.toString());
  }

  // On the way back: the access token, or null when this page was not opened by a sign-in.
  async function finish() {
    const params = new URLSearchParams(location.search);
    if (!params.has("code") && !params.has("error")) return null;
    const flow = JSON.parse(sessionStorage.getItem(FLOW_KEY) || "null");
    sessionStorage.removeItem(FLOW_KEY);
    history.replaceState(null, "", location.pathname);
    if (!flow || params.get("state") !== flow.state) throw new Error("sign-in answer did not match");
    if (params.has("error")) throw new Error(params.get("error_description") || params.get("error"));
    const tokens = await json(flow.token, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded"},
      body: new URLSearchParams({grant_type: "authorization_code", code: params.get("code"),
        redirect_uri: flow.redirectUri, client_id: flow.clientId, code_verifier: flow.verifier,
        resource: flow.resource}).toString(),
    });
    return tokens.access_token;
  }

  return {server, start, finish};
})();

// The sign-in of the account page and the dashboard. page(message) shows the form (message as an
// alert when given): a pasted token (labelled label, help telling where it goes) is kept in the tab
// under tokenKey, then render() draws the page; where this origin signs people in itself, the usual
// sign-in is offered above it. start(), once the document is loaded, wires the sign-out button and
// takes the token a sign-in came back with.
function tokenSignIn(tokenKey, render, label, help) {
  function page(message) {
    document.getElementById("sign-out").hidden = true;
    const form = el("form", {class: "signin", id: "sign-in-form", onsubmit: (e) => {
      e.preventDefault();
      const token = document.getElementById("token").value.trim();
      if (!token) return;
      sessionStorage.setItem(tokenKey, token);
      render();
    }},
    el("h1", {}, "Sign in"),
    el("p", {class: "muted"}, help),
    message ? el("p", {class: "error", role: "alert"}, message) : null,
    el("label", {for: "token"}, label),
    el("input", {type: "password", id: "token", autocomplete: "off", required: true}),
    el("p", {}, el("button", {type: "submit", id: "sign-in"}, "Sign in")));
    show(form);
    document.getElementById("token").focus();
    McpSignIn.server().then((found) => {
      if (!found || !form.isConnected) return;
      form.prepend(el("p", {}, el("button", {type: "button", id: "sign-in-oauth", onclick: () =>
        McpSignIn.start(found).catch((e) => page("Sign-in failed: " + e.message))},
      "Sign in with your account")), el("p", {class: "muted"}, "or paste a token:"));
    });
  }

  function start() {
    document.getElementById("sign-out").addEventListener("click", () => {
      sessionStorage.removeItem(tokenKey);
      page();
    });
    McpSignIn.finish().then((token) => {
      if (token) sessionStorage.setItem(tokenKey, token);
      render();
    }, (e) => page("Sign-in failed: " + e.message));
  }

  return {page, start};
}
