// The operator console: a few pages over central's issuer API, signed in with an operator session (an HttpOnly
// cookie the script never sees) and the session's CSRF token in X-CSRF-Token on every write.
// Rule of this file: every value that comes from the server is inserted as text (textContent, text nodes,
// setAttribute on non-script attributes) — never as HTML.
"use strict";

(function () {
    const state = { operator: null, csrf: "" };
    const $ = (id) => document.getElementById(id);

    // ---- DOM helpers: strings become text nodes, never markup
    function el(tag, attrs, ...children) {
        const n = document.createElement(tag);
        for (const [k, v] of Object.entries(attrs || {})) {
            if (v === undefined || v === null || v === false) {
                continue;
            }
            if (k === "text") {
                n.textContent = String(v);
            } else if (k === "onclick" || k === "onsubmit" || k === "onchange") {
                n.addEventListener(k.slice(2), v);
            } else {
                n.setAttribute(k, v === true ? "" : String(v));
            }
        }
        for (const c of children.flat()) {
            if (c === undefined || c === null || c === false) {
                continue;
            }
            n.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
        }
        return n;
    }

    function table(columns, rows, attrs) {
        const head = el("tr", {}, columns.map((c) => el("th", { class: c.num ? "num" : undefined }, c.title)));
        const body = rows.map((r) => el("tr", { class: r.__class },
            columns.map((c) => {
                const v = c.value(r);
                return el("td", { class: c.num ? "num" : undefined }, v instanceof Node ? v : (v ?? "—"));
            })));
        return el("table", attrs || {}, el("thead", {}, head), el("tbody", {}, body));
    }

    function notice(text, kind) {
        const n = $("notice");
        n.textContent = text || "";
        n.className = text ? "show " + (kind || "") : "";
    }

    function page(title, ...children) {
        const p = $("page");
        p.replaceChildren(el("h1", { id: "page-title" }, title), ...children);
        document.title = title + " — Lounge central";
    }

    const fmtTime = (iso) => (iso ? new Date(iso).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");
    const duration = (s) => (s === null || s === undefined ? null
        : s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : s < 172800 ? `${Math.round(s / 3600)} h`
        : `${Math.round(s / 86400)} d`);
    const credentialLink = (key) => {
        const [kindLetter, id] = String(key).split(":");
        return kindLetter === "M" ? el("a", { href: "#/member/" + encodeURIComponent(id) }, key) : String(key);
    };

    // ---- the API
    class ApiError extends Error {
        constructor(status, body) {
            super((body && body.reason) || "HTTP " + status);
            this.status = status;
            this.body = body;
        }
    }

    async function api(method, path, body) {
        const headers = {};
        if (method !== "GET" && method !== "HEAD") {
            headers["X-CSRF-Token"] = state.csrf;
        }
        const init = { method, headers, credentials: "same-origin", cache: "no-store" };
        if (body !== undefined) {
            headers["Content-Type"] = "application/json";
            init.body = JSON.stringify(body);
        }
        const reply = await fetch(path, init);
        let data = null;
        try {
            data = await reply.json();
        } catch (e) {
            data = null;
        }
        if (reply.status === 401 && !path.startsWith("/console/api/login")) {
            showLogin("Your session ended: sign in again.");
        }
        if (!reply.ok) {
            throw new ApiError(reply.status, data);
        }
        return data;
    }

    /// Every item of a list endpoint ({"items":[...], "next_cursor"}), following cursors up to `max` items.
    async function listAll(path, max) {
        const out = [];
        let cursor = null;
        do {
            const sep = path.includes("?") ? "&" : "?";
            const page = await api("GET", path + sep + "limit=1000" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
            out.push(...(page.items || []));
            cursor = page.next_cursor;
        } while (cursor && out.length < (max || 5000));
        return out;
    }

    function failure(where, e) {
        if (e instanceof ApiError && e.status === 404 && e.body && e.body.reason === "no such endpoint") {
            return el("p", { class: "warn missing-endpoint" },
                `${where}: this central does not offer that endpoint yet.`);
        }
        return el("p", { class: "error" }, `${where}: ${e.message}`);
    }

    // ---- sign-in
    function showLogin(message) {
        state.operator = null;
        $("nav").hidden = true;
        $("logout").hidden = true;
        $("who").textContent = "";
        $("page").replaceChildren();
        $("login-view").hidden = false;
        $("login-error").textContent = message || "";
        $("login-name").focus();
    }

    function signedIn(session) {
        state.operator = session.operator;
        state.csrf = session.csrfToken;
        $("login-view").hidden = true;
        $("nav").hidden = false;
        $("logout").hidden = false;
        $("who").textContent = session.operator;
        route();
    }

    async function login(event) {
        event.preventDefault();
        $("login-error").textContent = "";
        try {
            const session = await api("POST", "/console/api/login",
                { name: $("login-name").value, password: $("login-password").value });
            $("login-password").value = "";
            signedIn(session);
        } catch (e) {
            $("login-error").textContent = e.status === 429 ? e.message : "Wrong name or password.";
        }
    }

    async function logout() {
        try {
            await api("POST", "/console/api/logout");
        } finally {
            showLogin("Signed out.");
        }
    }

    // ---- pages
    async function fleetPage() {
        page("Fleet status", el("p", { class: "muted" }, "Loading…"));
        try {
            const terminals = await listAll("/v1/issuer/terminals");
            const stale = terminals.filter((t) => t.stale).length;
            const cols = [
                { title: "Terminal", value: (t) => t.id },
                { title: "Resource", value: (t) => t.resource },
                { title: "Last contact", value: (t) => fmtTime(t.lastContact) },
                { title: "Silent", num: true, value: (t) => duration(t.silentSeconds) },
                { title: "Version", value: (t) => t.version },
                { title: "Pending uploads", num: true, value: (t) => t.pendingUploads },
                { title: "Clock offset (ms)", num: true, value: (t) => t.clockOffsetMs },
                { title: "Journal chain", value: (t) => (t.journal ? t.journal.state + (t.journal.breaks ? ` (${t.journal.breaks} breaks)` : "") : null) },
                { title: "Flagged visits", num: true, value: (t) => t.flaggedVisits },
                { title: "State", value: (t) => (t.stale ? "STALE" : "ok") },
            ];
            terminals.forEach((t) => (t.__class = t.stale ? "stale" : undefined));
            page("Fleet status",
                el("p", { id: "fleet-summary" }, `${terminals.length} terminal(s), ${stale} stale.`),
                table(cols, terminals, { id: "fleet-table" }));
        } catch (e) {
            page("Fleet status", failure("Fleet status", e));
        }
    }

    function monthNow() {
        return new Date().toISOString().slice(0, 7);
    }

    /// A <select> of the resources central lists, or a text field when it has no list endpoint.
    async function resourcePicker(id, selected) {
        try {
            const resources = await listAll("/v1/issuer/resources");
            const select = el("select", { id, required: true },
                resources.map((r) => el("option", { value: r.id, selected: r.id === selected }, `${r.id} — ${r.name}`)));
            return select;
        } catch (e) {
            return el("input", { id, value: selected || "", required: true, maxlength: 64 });
        }
    }

    async function visitsPage(params) {
        const month = params.get("month") || monthNow();
        const resource = params.get("resource") || "";
        const form = el("form", { class: "inline", id: "visits-form" },
            el("label", {}, "Lounge", await resourcePicker("visits-resource", resource)),
            el("label", {}, "Month", el("input", { id: "visits-month", type: "month", value: month, required: true })),
            el("button", { type: "submit" }, "Show"));
        form.addEventListener("submit", (ev) => {
            ev.preventDefault();
            location.hash = "#/visits?resource=" + encodeURIComponent($("visits-resource").value) + "&month="
                + encodeURIComponent($("visits-month").value);
        });
        page("Visits & statements", form, el("div", { id: "visits-body" }));
        if (!resource) {
            return;
        }
        $("visits-body").replaceChildren(el("p", { class: "muted" }, "Loading…"));
        $("visits-body").replaceChildren(...(await visitsBody(resource, month)));
    }

    /// Integer minor units as text in the currency's own number of decimals (no floating point on money).
    function money(minor, currency) {
        if (minor === null || minor === undefined || !currency) {
            return "—";
        }
        let digits = 2;
        try {
            digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
        } catch (e) {
            digits = 2;
        }
        const negative = minor < 0;
        const s = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
        const whole = digits ? s.slice(0, -digits) : s;
        return (negative ? "-" : "") + whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (digits ? "." + s.slice(-digits) : "")
            + " " + currency;
    }

    function sumBy(items, key) {
        return items.reduce((sum, i) => sum + (Number(i[key]) || 0), 0);
    }

    async function visitsBody(resource, month) {
        let items;
        try {
            items = await listAll("/v1/issuer/statements?month=" + encodeURIComponent(month) + "&resource="
                + encodeURIComponent(resource));
        } catch (e) {
            return [failure("Statements", e)];
        }
        const out = [];
        // Visits per day and per hour, in the lounge's own time.
        try {
            const counts = await api("GET", `/v1/issuer/resources/${encodeURIComponent(resource)}/visit-counts?month=`
                + encodeURIComponent(month));
            const total = counts.days.reduce((n, d) => n + d.visits, 0);
            out.push(el("p", { id: "visits-summary" },
                `${total} visit(s), ${counts.days.reduce((n, d) => n + d.people, 0)} people, `
                + `${counts.days.reduce((n, d) => n + d.paidEntries, 0)} walk-in / paid entries (${counts.timeZone}).`));
            out.push(window.LoungeChart.bars(counts.days.map((d) => ({ label: d.date.slice(8), value: d.visits })),
                { title: `Visits per day, ${month}`, labelEvery: 2 }));
            out.push(window.LoungeChart.bars(counts.hours.map((v, h) => ({ label: String(h).padStart(2, "0"), value: v })),
                { title: `Visits per hour of day (${counts.timeZone})`, labelEvery: 2 }));
        } catch (e) {
            out.push(failure("Visits per day and hour", e));
        }
        out.push(el("h2", {}, `Statement ${month}, ${resource}`));
        if (!items.length) {
            out.push(el("p", { id: "statement-empty" }, "No visits at this lounge in this month."));
            return out;
        }
        const cols = [
            { title: "Programme", value: (s) => s.program },
            { title: "Visits", num: true, value: (s) => s.visits },
            { title: "Cardholders", num: true, value: (s) => s.cardholders },
            { title: "Guests", num: true, value: (s) => s.guests },
            { title: "Walk-in / paid", num: true, value: (s) => s.paidEntries },
            { title: "Voids", num: true, value: (s) => s.voids },
            { title: "Flagged", num: true, value: (s) => s.flagged },
            { title: "Rate visit / guest", value: (s) => (s.rate ? money(s.rate.perVisitMinor, s.rate.currency) + " / "
                + money(s.rate.perGuestMinor, s.rate.currency) : "no rate") },
            { title: "Adjustments", num: true, value: (s) => money(s.adjustmentsMinor, s.currency) },
            { title: "Amount", num: true, value: (s) => money(s.totalMinor, s.currency) },
            { title: "State", value: (s) => s.status },
        ];
        const statement = table(cols, items, { id: "statement" });
        // Totals per currency (a lounge may bill programmes in different currencies).
        const currencies = [...new Set(items.map((s) => s.currency || ""))];
        for (const cur of currencies) {
            const group = items.filter((s) => (s.currency || "") === cur);
            const row = { program: cur ? "Total " + cur : "Total, no rate set", visits: sumBy(group, "visits"),
                          cardholders: sumBy(group, "cardholders"), guests: sumBy(group, "guests"),
                          paidEntries: sumBy(group, "paidEntries"), voids: sumBy(group, "voids"),
                          flagged: sumBy(group, "flagged"), adjustmentsMinor: sumBy(group, "adjustmentsMinor"),
                          totalMinor: sumBy(group, "totalMinor"), currency: cur || null, status: "" };
            statement.tBodies[0].append(el("tr", { class: "totals" }, cols.map((c) => {
                const v = c.title.startsWith("Rate") ? "" : c.value(row);
                return el("td", { class: c.num ? "num" : undefined }, v ?? "");
            })));
        }
        out.push(statement);
        return out;
    }

    async function membersPage(params) {
        const q = params.get("q") || "";
        const form = el("form", { class: "inline", id: "member-search" },
            el("label", {}, "Membership id, number or name", el("input", { id: "member-query", value: q, required: true })),
            el("button", { type: "submit", id: "member-find" }, "Find"));
        form.addEventListener("submit", (ev) => {
            ev.preventDefault();
            location.hash = "#/members?q=" + encodeURIComponent($("member-query").value.trim());
        });
        page("Members", form, el("div", { id: "member-results" }));
        if (!q) {
            return;
        }
        // A card number (8-19 digits) or a name prefix goes to the list endpoint; anything else with a digit in it
        // (M-1001) is tried as an id first.
        const isNumber = /^[0-9]{8,19}$/.test(q);
        if (!isNumber && /[0-9]/.test(q)) {
            try {
                await api("GET", "/v1/issuer/memberships/" + encodeURIComponent(q));
                location.hash = "#/member/" + encodeURIComponent(q);
                return;
            } catch (e) {
                if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 400)) {
                    $("member-results").replaceChildren(failure("Look-up", e));
                    return;
                }
            }
        }
        try {
            const filter = isNumber ? "number=" : "name=";
            const items = await listAll("/v1/issuer/memberships?" + filter + encodeURIComponent(q), 200);
            $("member-results").replaceChildren(items.length
                ? table([
                    { title: "Id", value: (m) => el("a", { href: "#/member/" + encodeURIComponent(m.id) }, m.id) },
                    { title: "Holder", value: (m) => m.holderName },
                    { title: "Number", value: (m) => m.number },
                    { title: "Status", value: (m) => el("span", { class: "status " + m.status }, m.status) },
                ], items, { id: "member-list" })
                : el("p", {}, "No membership matches."));
        } catch (e) {
            $("member-results").replaceChildren(e.status === 404 && e.body && e.body.reason === "no such endpoint"
                ? el("p", { class: "warn" }, "No membership with that id (search by name or number needs the list endpoint).")
                : failure("Search", e));
        }
    }

    function entitlementForm(id) {
        const form = el("form", { class: "inline", id: "entitlement-form" },
            el("label", {}, "Module", el("input", { id: "ent-module", value: "LOUNGE", required: true, maxlength: 64 })),
            el("label", {}, "Cardholder visits", el("input", { id: "ent-cardholder", type: "number", min: 0, value: 1 })),
            el("label", {}, "Guest visits", el("input", { id: "ent-guest", type: "number", min: 0, value: 0 })),
            el("label", {}, "Guests per visit", el("input", { id: "ent-gpv", type: "number", min: 0, max: 99, value: 0 })),
            el("label", {}, "Period", el("select", { id: "ent-period" },
                ["YEAR", "MONTH", "DAY", "VALIDITY"].map((p) => el("option", { value: p }, p)))),
            el("button", { type: "submit", id: "ent-save" }, "Set entitlement"));
        form.addEventListener("submit", async (ev) => {
            ev.preventDefault();
            const module = $("ent-module").value.trim();
            try {
                await api("PUT", `/v1/issuer/memberships/${encodeURIComponent(id)}/entitlements/${encodeURIComponent(module)}`, {
                    cardholder: { count: Number($("ent-cardholder").value) },
                    guest: { count: Number($("ent-guest").value) },
                    guestsPerVisit: Number($("ent-gpv").value),
                    period: $("ent-period").value,
                });
                notice(`Entitlement ${module} set.`, "ok");
                memberPage(id);
            } catch (e) {
                notice(`Entitlement not set: ${e.message}`, "bad");
            }
        });
        return form;
    }

    function visitsByDay(redemptions) {
        const days = new Map();
        const end = new Date();
        for (let i = 29; i >= 0; --i) {
            const d = new Date(end.getTime() - i * 86400000).toISOString().slice(0, 10);
            days.set(d, 0);
        }
        for (const r of redemptions) {
            const d = String(r.at).slice(0, 10);
            if (days.has(d) && r.kind !== "void" && !r.voidedBy && r.status !== "rejected") {
                days.set(d, days.get(d) + 1);
            }
        }
        return [...days].map(([label, value]) => ({ label: label.slice(5), value }));
    }

    async function memberPage(id) {
        page("Member", el("p", { class: "muted" }, "Loading…"));
        let m;
        let usage;
        try {
            m = (await api("GET", "/v1/issuer/memberships/" + encodeURIComponent(id))).membership;
            usage = await api("GET", `/v1/issuer/memberships/${encodeURIComponent(id)}/redemptions`);
        } catch (e) {
            page("Member", failure("Membership " + id, e));
            return;
        }
        const act = async (action) => {
            try {
                await api("POST", `/v1/issuer/memberships/${encodeURIComponent(id)}/${action}`, {});
                notice(`Membership ${id}: ${action} done.`, "ok");
            } catch (e) {
                notice(`Membership ${id}: ${action} refused: ${e.message}`, "bad");
            }
            memberPage(id);
        };
        const actions = el("div", { id: "member-actions" });
        if (m.status === "ACTIVE") {
            actions.append(el("button", { type: "button", id: "suspend", class: "danger", onclick: () => act("suspend") }, "Suspend"));
        }
        if (m.status === "SUSPENDED" || m.status === "PENDING") {
            actions.append(el("button", { type: "button", id: "reactivate", onclick: () => act("reactivate") }, "Reactivate"));
        }
        const facts = el("dl", { class: "facts" },
            el("dt", {}, "Holder"), el("dd", { id: "member-name" }, m.holderName),
            el("dt", {}, "Id"), el("dd", { id: "member-id" }, m.id),
            el("dt", {}, "Number"), el("dd", {}, m.number || "—"),
            el("dt", {}, "Status"), el("dd", {}, el("span", { id: "member-status", class: "status " + m.status }, m.status)),
            el("dt", {}, "Valid"), el("dd", {}, `${m.validFrom} to ${m.validTo}`),
            el("dt", {}, "Programme"), el("dd", {}, (m.tiers || []).map((t) => t.program).join(" → ")),
            el("dt", {}, "Overrides"), el("dd", { id: "member-overrides" },
                (m.overrides || []).map((o) => `${o.op} ${o.module}`).join(", ") || "none"));
        const redemptions = usage.redemptions || [];
        // Programme defaults + this member's overrides, with what is left per pool (when central offers it).
        let effective = null;
        try {
            effective = await api("GET", `/v1/issuer/memberships/${encodeURIComponent(id)}/entitlements`);
        } catch (e) {
            effective = null;
        }
        const entitlementRows = [];
        for (const ent of (effective && effective.entitlements) || []) {
            for (const b of ent.balances || [{}]) {
                entitlementRows.push({ module: ent.module, source: ent.source, inForce: ent.inForce, ...b });
            }
        }
        page("Member: " + m.holderName,
            el("div", { class: "card" }, facts, actions),
            effective ? el("h2", {}, `Effective entitlements (${effective.date}, ${effective.timeZone})`) : null,
            effective ? table([
                { title: "Module", value: (r) => r.module },
                { title: "From", value: (r) => r.source },
                { title: "In force", value: (r) => (r.inForce ? "yes" : "no") },
                { title: "Pool", value: (r) => r.pool },
                { title: "Period", value: (r) => r.period },
                { title: "Used", num: true, value: (r) => r.used },
                { title: "Allowance", num: true, value: (r) => (r.unlimited ? "unlimited" : r.allowance) },
                { title: "Remaining", num: true, value: (r) => (r.unlimited ? "—" : r.remaining) },
            ], entitlementRows, { id: "entitlements" }) : null,
            effective ? null : el("h2", {}, "Balances (current period)"),
            effective ? null : table([
                { title: "Module", value: (b) => b.module },
                { title: "Pool", value: (b) => b.pool },
                { title: "Period", value: (b) => b.period },
                { title: "Used", num: true, value: (b) => b.used },
                { title: "Allowance", num: true, value: (b) => (b.unlimited ? "unlimited" : b.allowance) },
                { title: "Remaining", num: true, value: (b) => (b.unlimited ? "—" : b.remaining) },
            ], usage.balances || [], { id: "balances" }),
            el("h2", {}, "Visits in the last 30 days"),
            window.LoungeChart.bars(visitsByDay(redemptions), { title: "Visits per day", labelEvery: 5 }),
            el("h2", {}, "Usage history"),
            table([
                { title: "When", value: (r) => fmtTime(r.at) },
                { title: "Kind", value: (r) => r.kind },
                { title: "Resource", value: (r) => r.resource },
                { title: "Terminal", value: (r) => r.terminal },
                { title: "Party", num: true, value: (r) => r.partySize },
                { title: "Status", value: (r) => r.status + (r.statusReason ? " " + r.statusReason : "") },
                { title: "Voided", value: (r) => (r.voidedBy ? "yes" : "") },
            ], redemptions, { id: "usage" }),
            el("h2", {}, "Add or change an entitlement"),
            entitlementForm(id));
    }

    async function conflictsPage() {
        page("Overdraws & replays", el("p", { class: "muted" }, "Loading…"));
        try {
            const list = (await api("GET", "/v1/issuer/overdraws")).overdraws || [];
            const cols = [
                { title: "When", value: (r) => fmtTime(r.at) },
                { title: "Credential", value: (r) => credentialLink(r.credential) },
                { title: "Resource", value: (r) => r.resource },
                { title: "Terminal", value: (r) => r.terminal },
                { title: "Party", num: true, value: (r) => r.partySize },
                { title: "Reason", value: (r) => r.statusReason },
            ];
            const replays = list.filter((r) => r.statusReason === "REPLAYED");
            const overdraws = list.filter((r) => r.statusReason !== "REPLAYED");
            page("Overdraws & replays",
                el("p", { id: "conflicts-summary" }, `${overdraws.length} overdraw(s) and other conflicts, ${replays.length} replay(s).`),
                el("h2", {}, "Overdraws and rule conflicts"),
                table(cols, overdraws, { id: "overdraws" }),
                el("h2", {}, "Replays (one dynamic code admitted twice)"),
                table(cols, replays, { id: "replays" }));
        } catch (e) {
            page("Overdraws & replays", failure("Conflicts", e));
        }
    }

    async function enrollPage() {
        const form = el("form", { class: "inline", id: "enroll-form" },
            el("label", {}, "Resource (lounge)", await resourcePicker("enroll-resource", "")),
            el("label", {}, "Central URL as the kiosk reaches it",
                el("input", { id: "enroll-url", type: "url", value: location.origin, required: true, size: 34 })),
            el("button", { type: "submit", id: "enroll-issue" }, "Issue enrollment code"));
        const result = el("div", { id: "enroll-result" });
        form.addEventListener("submit", async (ev) => {
            ev.preventDefault();
            try {
                const r = await api("POST", "/v1/issuer/enrollment-codes",
                    { resource: $("enroll-resource").value.trim(), centralUrl: $("enroll-url").value.trim() });
                const img = el("img", { class: "qr", id: "enroll-qr", alt: "Enrollment QR code" });
                img.src = "data:image/png;base64," + r.qrPng;
                result.replaceChildren(el("div", { class: "card" },
                    el("p", {}, "One-time code (valid 72 h): ", el("code", { class: "big", id: "enroll-code" }, r.code)),
                    img,
                    el("p", { class: "muted" }, "Scan it on the kiosk's set-up screen, or type the code. ", r.enrollmentUri)));
            } catch (e) {
                result.replaceChildren(failure("Enrollment code", e));
            }
        });
        page("Enroll a terminal", form, result);
    }

    // ---- routing by the URL's fragment (#/page[/arg][?query])
    function route() {
        if (!state.operator) {
            return;
        }
        notice("");
        const hash = location.hash.replace(/^#\/?/, "") || "fleet";
        const [pathPart, query] = hash.split("?");
        const [name, arg] = pathPart.split("/");
        const params = new URLSearchParams(query || "");
        for (const a of document.querySelectorAll("#nav a")) {
            a.classList.toggle("current", a.id === "nav-" + (name === "member" ? "members" : name));
        }
        const pages = {
            fleet: fleetPage,
            visits: () => visitsPage(params),
            members: () => membersPage(params),
            member: () => memberPage(decodeURIComponent(arg || "")),
            conflicts: conflictsPage,
            enroll: enrollPage,
        };
        (pages[name] || fleetPage)();
    }

    document.addEventListener("DOMContentLoaded", async () => {
        $("login-form").addEventListener("submit", login);
        $("logout").addEventListener("click", logout);
        window.addEventListener("hashchange", route);
        try {
            signedIn(await api("GET", "/console/api/session"));
        } catch (e) {
            showLogin("");
        }
    });
})();
