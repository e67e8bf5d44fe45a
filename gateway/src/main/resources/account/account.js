// Your credentials for the MCP servers you may use: listed from /account/api/credentials, set,
// replaced and deleted there. Values go out in a request body only and are never shown back (the
// API has no way to read one). Every value from the API goes into the page as text.
"use strict";

const TOKEN_KEY = "mcp-spawner-account-token";
const api = bearerApi("/account/api/credentials", TOKEN_KEY, "Sign in first.");
const signIn = tokenSignIn(TOKEN_KEY, () => render(), "API key or access token",
  "Paste your API key or an access token. It is kept in this tab only (sessionStorage) and " +
  "sent as a bearer token to /account/api.");

const enc = encodeURIComponent;
const id = (...parts) => parts.join("-");

function setAt(text) {
  const at = new Date(text);
  return isNaN(at) ? "set" : "set on " + at.toISOString().slice(0, 10);
}

function credentialRow(server, c) {
  const input = el("input", {
    type: "password", id: id("value", server, c.name), autocomplete: "off",
    "aria-label": "New value of " + c.name + " for " + server, required: true,
  });
  const form = el("form", {class: "actions", id: id("form", server, c.name), onsubmit: async (e) => {
    e.preventDefault();
    const value = input.value;
    if (!value) return;
    try {
      await api("PUT", "/" + enc(server) + "/" + enc(c.name), {value});
      input.value = "";
      say(c.name + " for " + server + " saved.");
      await render();
    } catch (err) {
      failed(err, c.name + " was not saved: ");
    }
  }},
  input,
  el("button", {type: "submit", id: id("set", server, c.name)}, c.set ? "Replace" : "Set"),
  c.set ? el("button", {type: "button", class: "danger", id: id("delete", server, c.name),
    onclick: async () => {
      try {
        await api("DELETE", "/" + enc(server) + "/" + enc(c.name));
        say(c.name + " for " + server + " deleted.");
        await render();
      } catch (err) {
        failed(err, c.name + " was not deleted: ");
      }
    }}, "Delete") : null);
  return el("tr", {id: id("row", server, c.name)},
    el("td", {}, el("code", {}, c.name), c.required ? el("span", {class: "muted"}, " required") : null),
    el("td", {}, c.description || ""),
    el("td", {id: id("state", server, c.name)}, c.set ? setAt(c.setAt) : "not set"),
    el("td", {}, form));
}

async function credentialsPage() {
  const data = await api("GET", "");
  const servers = (data && data.servers) || [];
  show(
    el("h1", {}, "Your credentials"),
    el("p", {class: "muted"}, "Servers that act for you need your own tokens. A value is used by " +
      "the sessions you start after setting it; it is never shown again, here or anywhere."),
    servers.length ? servers.map((s) => [
      el("h2", {}, s.server),
      el("table", {},
        el("thead", {}, el("tr", {}, ["Credential", "What it is", "State", "Set a new value"]
          .map((h) => el("th", {scope: "col"}, h)))),
        el("tbody", {}, s.credentials.map((c) => credentialRow(s.server, c)))),
    ]) : el("p", {class: "muted"}, "None of the servers you may use asks for a credential."));
}

function failed(err, prefix) {
  if (err instanceof ApiError && err.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    signIn.page("That token was not accepted: " + err.message);
    return;
  }
  say(prefix + err.message);
  const alert = el("p", {class: "error", role: "alert", id: "error"}, prefix + err.message);
  const old = document.getElementById("error");
  if (old) old.replaceWith(alert);
  else main().prepend(alert);
}

async function render() {
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    signIn.page();
    return;
  }
  document.getElementById("sign-out").hidden = false;
  try {
    await credentialsPage();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      signIn.page("That token was not accepted: " + e.message);
    } else {
      show(el("h1", {}, "Error"), el("p", {class: "error", role: "alert"}, e.message));
    }
  }
}

document.addEventListener("DOMContentLoaded", signIn.start);
