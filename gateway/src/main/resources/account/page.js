// What the account page and the dashboard share: building the page from values as text (text
// nodes and attributes, never markup: names are chosen by whoever signs in) and calling the
// gateway with the bearer token kept in the tab.
"use strict";

const main = () => document.getElementById("main");

// el("a", {href: "/x"}, "text", child): strings become text nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function show(...nodes) {
  main().replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined));
}

function say(text) {
  document.getElementById("status").textContent = text;
}

// A response body as JSON; null when it is empty or not JSON (an error page of a proxy, say).
function jsonOrNull(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch (e) {
    return null;
  }
}

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// api(method, path, body) against base with the token under tokenKey: the token rides in a header,
// never a cookie, so a page of another site has nothing to send. JSON in and out; a refusal is an
// ApiError with the server's reason (problem detail, or the error's message).
function bearerApi(base, tokenKey, signInFirst) {
  return async (method, path, body) => {
    const token = sessionStorage.getItem(tokenKey);
    if (!token) throw new ApiError(401, signInFirst);
    const init = {method, headers: {"Authorization": "Bearer " + token}, credentials: "omit"};
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const res = await fetch(base + path, init);
    if (res.status === 204) return null;
    const data = jsonOrNull(await res.text());
    if (!res.ok) {
      const error = data && data.error;
      const reason = (data && data.detail) ||
        (typeof error === "string" ? error : error && error.message);
      throw new ApiError(res.status, reason || res.statusText || ("HTTP " + res.status));
    }
    return data;
  };
}
