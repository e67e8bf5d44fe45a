// The mcp-spawner dashboard: draws the page its path names from /admin/api. Every value from the
// API goes into the page as text (textContent, text nodes), never as markup: user ids and client
// names are chosen by whoever signs in.
"use strict";

const TOKEN_KEY = "mcp-spawner-admin-token";
const api = bearerApi("/admin/api", TOKEN_KEY, "Sign in with an admin token.");
const signIn = tokenSignIn(TOKEN_KEY, () => render(), "Admin token",
  "Paste an API key or OAuth access token of a member of an admin group. It is kept in this " +
  "tab only (sessionStorage) and sent as a bearer token to /admin/api.");

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? "?" + s : "";
}

const enc = encodeURIComponent;
const userHref = (name) => "/admin/users/" + enc(name);
const sessionHref = (id) => "/admin/sessions/" + enc(id);

function table(headers, rows, empty) {
  if (!rows.length) return el("p", {class: "muted"}, empty || "None.");
  return el("table", {},
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {scope: "col"}, h)))),
    el("tbody", {}, rows.map((cells) => el("tr", {}, cells.map((c) => el("td", {}, c))))));
}

function details(pairs) {
  return el("dl", {}, pairs.filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function phase(p) {
  return el("span", {class: "phase phase-" + p}, p);
}

function when(t) {
  if (!t) return "";
  const d = new Date(t);
  return isNaN(d) ? t : d.toLocaleString();
}

function card(label, value) {
  return el("div", {class: "card"}, el("div", {class: "n"}, value), el("div", {class: "l"}, label));
}

function button(label, onclick, cls, id) {
  return el("button", {type: "button", class: cls, id, onclick}, label);
}

// Runs an action, says how it went, then draws the page again. The keyboard focus stays where it
// was: on the same control if the new page has it, else on the page itself (not lost to the top of
// the document), so the next Tab goes on from there.
function act(label, fn) {
  return async () => {
    const focusedId = document.activeElement && document.activeElement.id;
    try {
      await fn();
      say(label);
    } catch (e) {
      say("Failed: " + e.message);
    }
    await render();
    const again = focusedId && document.getElementById(focusedId);
    if (again && main().contains(again)) {
      again.focus();
    } else if (main().contains(document.activeElement) === false) {
      main().focus();
    }
  };
}

function phaseCounts(map) {
  return Object.entries(map || {}).map(([k, v]) => k + " " + v).join(", ");
}

// ---- pages -----------------------------------------------------------------------------

// A bar per 5-minute interval, as tall as its share of the highest; the label says it in words.
function spark(points, value, label, cls) {
  const most = Math.max(1, ...points.map(value));
  const total = points.reduce((a, p) => a + value(p), 0);
  const high = points.reduce((a, p) => (value(p) > value(a) ? p : a), points[0] || {});
  const time = (t) => new Date(t).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
  const words = label + ": " + total + " in all" +
    (high && value(high) > 0 ? ", most " + value(high) + " at " + time(high.start) : "");
  return el("div", {class: "spark " + cls, role: "img", "aria-label": words, title: words},
    points.map((p) => {
      const bar = el("span", {title: time(p.start) + ": " + value(p)});
      bar.style.height = Math.round((100 * value(p)) / most) + "%";
      return bar;
    }));
}

const WINDOWS = ["1h", "6h", "24h"];

function timelineSection(t, span) {
  const active = t.servers.filter((s) => s.toolCalls > 0 || s.sessionsPeak > 0);
  return [
    el("h2", {}, "Over time, per server"),
    el("p", {class: "muted"}, "Tool calls and the most open sessions per 5 minutes. Show the last ",
      WINDOWS.map((w, i) => [i ? ", " : "", w === span ? el("strong", {}, w)
        : el("a", {href: "/admin" + query({window: w})}, w)]), "."),
    table(["Server", "Tool calls", "Errors", "Calls per 5 min", "Open sessions (peak)", "Sessions per 5 min"],
      active.map((s) => [s.name, s.toolCalls, s.toolErrors, spark(s.points, (p) => p.toolCalls,
        s.name + " tool calls", "calls"), s.sessionsPeak, spark(s.points, (p) => p.sessionsPeak,
        s.name + " open sessions", "sessions")]),
      "Nothing recorded in the last " + span + "."),
  ];
}

async function overviewPage() {
  const w = new URLSearchParams(location.search).get("window");
  const span = WINDOWS.includes(w) ? w : "6h";
  const [o, t] = await Promise.all([api("GET", "/overview"),
    api("GET", "/usage/timeline" + query({window: span}))]);
  const servers = Object.entries(o.sessionsByServer);
  const most = Math.max(1, ...servers.map(([, p]) => Object.values(p).reduce((a, b) => a + b, 0)));
  const bar = (n) => {
    const fill = el("div", {class: "bar-fill"});
    fill.style.width = Math.round((100 * n) / most) + "%";
    return el("div", {class: "bar-track", role: "img", "aria-label": n + " sessions"}, fill);
  };
  show(
    el("h1", {}, "Overview"),
    el("div", {class: "cards"},
      card("Sessions", o.sessions),
      card("Active users", o.activeUsers),
      card("Users (disabled)", o.users + " (" + o.usersDisabled + ")"),
      card("Failures, last hour", o.failuresLastHour),
      card("Refusals, last hour", o.refusalsLastHour),
      card("Refused, no user, last hour", callerRefusalsText(o.unknownCallerRefusalsLastHour)),
      card("Gateway", o.gatewayReady ? "ready" : "not ready"),
      card("Operator", o.operator.status)),
    operatorLine(o.operator),
    timelineSection(t, span),
    el("h2", {}, "Sessions by phase"),
    table(["Phase", "Sessions"], Object.entries(o.sessionsByPhase).map(([p, n]) => [phase(p), n])),
    el("h2", {}, "Sessions by server"),
    table(["Server", "Phases", ""], servers.map(([s, p]) => {
      const n = Object.values(p).reduce((a, b) => a + b, 0);
      return [s, phaseCounts(p), bar(n)];
    })),
    el("h2", {}, "Failures in the last hour"),
    failures(o.recentFailures),
    el("h2", {}, "Invalid servers"),
    o.invalidServers.length ? el("p", {}, o.invalidServers.join(", ")) : el("p", {class: "muted"}, "None."));
}

// Requests refused with no McpUser to count them in (a bad or missing token, mostly), by reason.
function callerRefusalsText(r) {
  const c = r || {auth: 0, quota: 0, rate: 0};
  const total = c.auth + c.quota + c.rate;
  return total === 0 ? "0"
    : total + " (sign-in " + c.auth + ", quota " + c.quota + ", rate " + c.rate + ")";
}

// The operator's leader Lease in words: who holds it, when it was renewed, why it is not healthy.
function operatorLine(op) {
  const parts = [];
  if (op.holder) parts.push("held by " + op.holder);
  if (op.renewTime) parts.push("renewed " + when(op.renewTime));
  if (op.reason) parts.push(op.reason);
  return el("p", {class: "muted", id: "operator-health"},
    "Operator (leader Lease): " + op.status + (parts.length ? ", " + parts.join(", ") : "") + ".");
}

function failures(list) {
  return table(["Session", "User", "Server", "Reason", "Message"], list.map((f) => [
    el("a", {href: sessionHref(f.session)}, f.session), f.user, f.server, f.reason || "",
    f.message || ""]), "None.");
}

async function usersPage() {
  const params = new URLSearchParams(location.search);
  const search = params.get("search") || "";
  const disabled = params.get("disabled") || "";
  const page = await api("GET", "/users" + query({search, disabled, limit: "50",
    continue: params.get("continue")}));
  const filter = el("form", {class: "bar", role: "search", action: "/admin/users", method: "get"},
    el("label", {}, "Search", el("input", {type: "search", name: "search", id: "user-search",
      value: search})),
    el("label", {}, "Status", el("select", {name: "disabled", id: "user-disabled"},
      el("option", {value: ""}, "All"),
      el("option", {value: "false", selected: disabled === "false"}, "Enabled"),
      el("option", {value: "true", selected: disabled === "true"}, "Disabled"))),
    el("button", {type: "submit"}, "Filter"));
  show(
    el("h1", {}, "Users"),
    filter,
    el("p", {class: "muted"}, page.total + " users"),
    table(["User", "Name", "Disabled", "Sessions", "Quota", "Last seen", "Actions"],
      page.items.map((u) => [
        el("a", {href: userHref(u.name)}, u.subject),
        u.displayName || "",
        u.disabled ? "yes" : "no",
        phaseCounts(u.sessionsByPhase),
        u.effectiveQuota && u.effectiveQuota.sessions != null ? String(u.effectiveQuota.sessions) : "none",
        when(u.status && u.status.lastSeen),
        el("div", {class: "actions"},
          toggleButton(u),
          button("Revoke sign-ins", act("Sign-ins revoked", () =>
            api("POST", "/users/" + enc(u.name) + "/revoke")), "secondary")),
      ]), "No users match."),
    nextLink(page, "/admin/users", {search, disabled}));
}

function toggleButton(u) {
  return u.disabled
    ? button("Enable", act("User enabled", () =>
      api("PATCH", "/users/" + enc(u.name), {disabled: false})), "secondary", "enable-" + u.name)
    : button("Disable", act("User disabled", () =>
      api("PATCH", "/users/" + enc(u.name), {disabled: true})), "danger", "disable-" + u.name);
}

function nextLink(page, path, params) {
  if (!page.continue) return null;
  return el("p", {}, el("a", {href: path + query({...params, continue: page.continue}),
    id: "next-page"}, "Next page"));
}

async function userPage(name) {
  const u = await api("GET", "/users/" + enc(name));
  const sessions = await api("GET", "/sessions" + query({user: u.name, limit: "200"}));
  const creds = await api("GET", "/users/" + enc(u.name) + "/credentials");
  const activity = await api("GET", "/users/" + enc(u.name) + "/events");
  const q = u.quota || {};
  const st = u.status || {};
  const quotaForm = el("form", {class: "bar", id: "quota-form", onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const value = (k) => (f.get(k) === "" ? null : f.get(k));
    const sessionsText = value("sessions");
    act("Quota saved", () => api("PATCH", "/users/" + enc(u.name), {quota: {
      sessions: sessionsText === null ? null : Number(sessionsText),
      cpu: value("cpu"), memory: value("memory")}}))();
  }},
  el("label", {}, "Sessions", el("input", {name: "sessions", id: "quota-sessions", type: "number",
    min: "0", value: q.sessions != null ? q.sessions : ""})),
  el("label", {}, "CPU", el("input", {name: "cpu", id: "quota-cpu", value: q.cpu || "",
    placeholder: "e.g. 2"})),
  el("label", {}, "Memory", el("input", {name: "memory", id: "quota-memory", value: q.memory || "",
    placeholder: "e.g. 4Gi"})),
  el("button", {type: "submit", id: "save-quota"}, "Save quota"));
  show(
    el("h1", {}, u.subject),
    el("div", {class: "actions"},
      toggleButton(u),
      button("Revoke sign-ins", act("Sign-ins revoked", () =>
        api("POST", "/users/" + enc(u.name) + "/revoke")), "secondary", "revoke"),
      button("Delete user", async () => {
        try {
          await api("DELETE", "/users/" + enc(u.name));
          location.assign("/admin/users");
        } catch (e) {
          say("Failed: " + e.message);
        }
      }, "danger", "delete-user")),
    el("h2", {}, "User"),
    details([
      ["Name", u.name], ["Display name", u.displayName], ["Email", u.email],
      ["Disabled", u.disabled ? "yes" : "no"],
      ["Groups", (u.groups || []).join(", ")],
      ["Servers", (u.servers || []).length ? u.servers.join(", ") : "all"],
      ["Tokens not before", u.tokensNotBefore],
      ["Quota in force", quotaText(u.effectiveQuota)],
      ["Sessions (operator)", st.sessionsSummary],
      ["CPU requested", st.cpuRequested], ["Memory requested", st.memoryRequested],
      ["CPU used now", actualText(u.actual, "cpu")],
      ["Memory used now", actualText(u.actual, "memory")],
      ["Last seen", when(st.lastSeen)], ["Created", when(u.createdAt)],
    ]),
    el("h2", {}, "Usage (last 24 hours)"),
    usageDetails(u.usage),
    el("h2", {}, "Quota"),
    quotaForm,
    el("h2", {}, "Sessions"),
    sessionTable(sessions.items),
    el("h2", {}, "Credentials"),
    credentialTable(u.name, creds.servers || []),
    el("h2", {}, "Recent activity"),
    table(["When", "What", "Details"], (activity.items || []).map((e) =>
      [when(e.lastSeen), e.reason || "", e.message || ""]), "Nothing recorded lately."),
    el("h2", {}, "Status"),
    conditions(st.conditions || []));
}

// Tool calls and refusals from McpUser status.usage, which every gateway replica adds to.
function usageDetails(usage) {
  const a = usage || {};
  const r = a.refusals || {};
  return el("div", {id: "user-usage"}, details([
    ["Tool calls", String(a.toolCalls || 0)],
    ["Tool errors", String(a.toolErrors || 0)],
    ["Refused: quota", String(r.quota || 0)],
    ["Refused: rate limit", String(r.rate || 0)],
    ["Refused: disabled", String(r.disabled || 0)],
    ["Refused: revoked", String(r.revoked || 0)],
  ]));
}

// Actual CPU or memory of open session pods (the metrics API); a dash where there is no sample.
function actualText(actual, which) {
  if (!actual) {
    return "\u2014";
  }
  return actual[which] + " (" + actual.pods + (actual.pods === 1 ? " pod)" : " pods)");
}

// Names and dates only: the API has no way to read a value.
function credentialTable(user, servers) {
  const rows = [];
  for (const s of servers) {
    for (const c of s.credentials) {
      rows.push([s.server, c.name + (c.required ? " (required)" : ""),
        c.set ? "set " + when(c.setAt) : "not set",
        c.set ? button("Remove", act("Credential removed", () => api("DELETE", "/users/" +
          enc(user) + "/credentials/" + enc(s.server) + "/" + enc(c.name))), "secondary",
        "remove-" + s.server + "-" + c.name) : ""]);
    }
  }
  return table(["Server", "Credential", "State", ""], rows, "No server asks for credentials.");
}

function quotaText(q) {
  if (!q) return "";
  return ["sessions " + (q.sessions != null ? q.sessions : "unlimited"),
    "cpu " + (q.cpu || "unlimited"), "memory " + (q.memory || "unlimited")].join(", ");
}

function conditions(list) {
  return table(["Type", "Status", "Reason", "Message", "Since"], list.map((c) =>
    [c.type, c.status, c.reason || "", c.message || "", when(c.lastTransitionTime)]), "No conditions yet.");
}

function sessionTable(items) {
  return table(["Session", "User", "Server", "Client", "Phase", "Reason", "Created", "Last activity", ""],
    items.map((s) => [
      el("a", {href: sessionHref(s.id)}, s.id), s.user, s.server, s.client || "", phase(s.phase),
      s.reason || "", when(s.createdAt), when(s.lastActivity),
      button("End", act("Session ended", () => api("DELETE", "/sessions/" + enc(s.id))),
        "secondary", "end-" + s.id),
    ]), "No sessions.");
}

async function sessionsPage() {
  const params = new URLSearchParams(location.search);
  const f = {user: params.get("user") || "", server: params.get("server") || "",
    phase: params.get("phase") || "", client: params.get("client") || ""};
  const page = await api("GET", "/sessions" + query({...f, limit: "50",
    continue: params.get("continue")}));
  const input = (label, name) => el("label", {}, label,
    el("input", {name, id: "filter-" + name, value: f[name]}));
  show(
    el("h1", {}, "Sessions"),
    el("form", {class: "bar", role: "search", action: "/admin/sessions", method: "get"},
      input("User", "user"), input("Server", "server"),
      el("label", {}, "Phase", el("select", {name: "phase", id: "filter-phase"},
        ["", "Pending", "Starting", "Ready", "Terminating", "Failed"].map((p) =>
          el("option", {value: p, selected: p === f.phase}, p || "Any")))),
      input("Client", "client"),
      el("button", {type: "submit"}, "Filter")),
    el("p", {class: "muted"}, page.total + " sessions"),
    sessionTable(page.items),
    nextLink(page, "/admin/sessions", f));
}

async function sessionPage(id) {
  const s = await api("GET", "/sessions/" + enc(id));
  const pod = s.pod;
  show(
    el("h1", {}, "Session " + s.id),
    el("div", {class: "actions"},
      button("End session", async () => {
        try {
          await api("DELETE", "/sessions/" + enc(s.id));
          say("Session ended");
        } catch (e) {
          say("Failed: " + e.message);
        }
        await render();
      }, "danger", "end-session")),
    el("h2", {}, "Session"),
    details([
      ["User", s.userName ? el("a", {href: userHref(s.userName)}, s.user) : s.user],
      ["Server", s.server], ["Client", s.client], ["Client version", s.clientVersion],
      ["Phase", phase(s.phase)], ["Reason", s.reason], ["Message", s.message],
      ["Created", when(s.createdAt)], ["Started", when(s.startedAt)], ["Ready", when(s.readyAt)],
      ["Last activity", when(s.lastActivity)], ["Ending since", when(s.deletionRequestedAt)],
      ["Exit code", s.exitCode != null ? String(s.exitCode) : null],
    ]),
    s.stderrTail ? [el("h2", {}, "Server stderr (last lines)"), el("pre", {id: "stderr"}, s.stderrTail)] : [],
    el("h2", {}, "Conditions"),
    conditions(s.conditions || []),
    el("h2", {}, "Pod"),
    pod ? [details([["Name", pod.name], ["Phase", pod.phase], ["Reason", pod.reason],
      ["Message", pod.message],
      ["CPU used", pod.usage && pod.usage.cpu], ["Memory used", pod.usage && pod.usage.memory],
      ["Sampled", pod.usage && when(pod.usage.timestamp)]]),
    table(["Container", "Ready", "Restarts", "State", "Reason", "Exit code"],
      (pod.containers || []).map((c) => [c.name, c.ready ? "yes" : "no", c.restartCount,
        c.state || "", c.reason || "", c.exitCode != null ? c.exitCode : ""]), "No container status.")]
      : el("p", {class: "muted"}, "No pod."),
    el("h2", {}, "Events"),
    table(["Last seen", "Object", "Type", "Reason", "Message", "Count"], (s.events || []).map((e) =>
      [when(e.lastSeen), e.kind || "", e.type || "", e.reason || "", e.message || "",
        e.count != null ? e.count : ""]), "No events."));
}

async function serversPage() {
  const [servers, usage] = await Promise.all([api("GET", "/servers"),
    api("GET", "/usage/servers")]);
  const used = new Map(usage.servers.map((u) => [u.name, u]));
  show(
    el("h1", {}, "Servers"),
    table(["Server", "Valid", "Why", "Sessions", "CPU requested", "CPU used now",
      "Memory requested", "Memory used now", "Recent failures"], servers.map((s) => [
      s.name, s.valid, [s.validReason, s.validMessage].filter(Boolean).join(": "),
      phaseCounts(s.sessionsByPhase),
      (used.get(s.name) || {}).cpuRequested || "",
      actualText((used.get(s.name) || {}).actual, "cpu"),
      (used.get(s.name) || {}).memoryRequested || "",
      actualText((used.get(s.name) || {}).actual, "memory"),
      s.recentFailures.length
        ? el("ul", {}, s.recentFailures.map((f) => el("li", {},
          el("a", {href: sessionHref(f.session)}, f.reason || "Failed"), " ", f.user || "",
          f.message ? ": " + f.message : "")))
        : "",
    ]), "The catalog is empty."));
}

// ---- routing -------------------------------------------------------------------------

function route() {
  const parts = location.pathname.replace(/\/+$/, "").split("/").slice(2).map(decodeURIComponent);
  const [section, id] = parts;
  if (!section) return overviewPage;
  if (section === "users") return id ? () => userPage(id) : usersPage;
  if (section === "sessions") return id ? () => sessionPage(id) : sessionsPage;
  if (section === "servers") return serversPage;
  return overviewPage;
}

// Live: every page is drawn again every 10 s while the tab is shown, unless the focus is inside it
// (someone typing or moving through it with the keyboard keeps their place).
const LIVE_MS = 10000;
let liveTimer = null;

function scheduleLive() {
  clearTimeout(liveTimer);
  const box = document.getElementById("live");
  if (!box || !box.checked) return;
  liveTimer = setTimeout(async () => {
    const focus = document.activeElement;
    const busy = focus && focus !== main() && main().contains(focus);
    if (!document.hidden && !busy && sessionStorage.getItem(TOKEN_KEY)) await render();
    else scheduleLive();
  }, LIVE_MS);
}

async function render() {
  clearTimeout(liveTimer);
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    signIn.page();
    return;
  }
  document.getElementById("sign-out").hidden = false;
  try {
    await route()();
    document.getElementById("updated").textContent =
      "Updated " + new Date().toLocaleTimeString();
    scheduleLive();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      signIn.page("That token was not accepted: " + e.message);
    } else if (e instanceof ApiError && e.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      signIn.page("Signed in, but not as an administrator: " + e.message);
    } else {
      show(el("h1", {}, "Error"), el("p", {class: "error"}, e.message));
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  for (const a of document.querySelectorAll("nav a")) {
    const here = location.pathname.replace(/\/+$/, "") || "/admin";
    const target = a.getAttribute("href");
    if (here === target || (target !== "/admin" && here.startsWith(target + "/"))) {
      a.setAttribute("aria-current", "page");
    }
  }
  document.getElementById("live").addEventListener("change", scheduleLive);
  signIn.start();
});
