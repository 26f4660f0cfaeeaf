// The editor page's behaviour: plain JavaScript, no build step, no other origin.
// Every text from the API is set with textContent (never innerHTML), so it is escaped.
"use strict";

const KEY = "briefing-api-key";
const $ = (id) => document.getElementById(id);
const state = { summaryId: null, articleId: null, source: "", data: null, selected: null };

function token() { return sessionStorage.getItem(KEY); }

function say(message) { $("status").textContent = message; }

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (token()) headers.Authorization = "Bearer " + token();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = data.detail || data.title || response.statusText;
    throw new Error(response.status + ": " + (typeof detail === "string" ? detail : JSON.stringify(detail)));
  }
  return data;
}

function showSignedIn() {
  const signedIn = Boolean(token());
  $("signout-button").hidden = !signedIn;
  $("api-key").value = "";
  $("api-key").placeholder = signedIn ? "signed in" : "";
  $("api-key").required = !signedIn;
}

function options() {
  const chosen = {
    headline_candidates: Number($("opt-candidates").value),
    bullets: Number($("opt-bullets").value),
    summary_length: $("opt-length").value,
  };
  const words = Number($("opt-max-words").value);
  if (words) chosen.headline_max_words = words;
  if ($("opt-engine").value) chosen.engine = $("opt-engine").value;
  return chosen;
}

function flagList(list, flags) {
  list.replaceChildren();
  for (const flag of flags || []) {
    const item = document.createElement("li");
    item.className = "flag";
    item.textContent = flag.kind + ": " + flag.reason;
    list.append(item);
  }
}

function highlight(spans) {
  const box = $("source");
  box.replaceChildren();
  const text = state.source;
  const sorted = (spans || []).filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  let at = 0;
  let first = null;
  for (const span of sorted) {
    if (span.start < at) continue;
    box.append(document.createTextNode(text.slice(at, span.start)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(span.start, span.end);
    box.append(mark);
    first = first || mark;
    at = span.end;
  }
  box.append(document.createTextNode(text.slice(at)));
  if (first) first.scrollIntoView({ block: "nearest" });
}

function candidateChoice(candidate, index) {
  const label = document.createElement("label");
  label.className = "candidate";
  const radio = document.createElement("input");
  radio.type = "radio";
  radio.name = "candidate";
  radio.value = candidate.text;
  radio.id = "candidate-" + index;
  radio.checked = candidate.text === $("headline").value;
  radio.addEventListener("change", () => {
    $("headline").value = candidate.text;
    flagList($("headline-flags"), candidate.flags);
    say("Headline set to candidate " + (index + 1) + "; save to keep it.");
  });
  label.append(radio, document.createTextNode(" " + candidate.text));
  for (const flag of candidate.flags || []) {
    const note = document.createElement("span");
    note.className = "flag";
    note.textContent = flag.kind + ": " + flag.reason;
    label.append(note);
  }
  return label;
}

function bulletItem(detail, index) {
  const item = document.createElement("li");
  if ((detail.flags || []).length) item.classList.add("flagged");
  const label = document.createElement("label");
  label.htmlFor = "bullet-" + index;
  label.textContent = "Bullet " + (index + 1);
  const input = document.createElement("textarea");
  input.id = "bullet-" + index;
  input.className = "bullet";
  input.rows = 2;
  input.value = detail.text;
  const flags = document.createElement("ul");
  flags.className = "flags";
  flags.id = "bullet-flags-" + index;
  flags.setAttribute("aria-label", "Flags for bullet " + (index + 1));
  input.setAttribute("aria-describedby", flags.id);
  flagList(flags, detail.flags);
  const show = document.createElement("button");
  show.type = "button";
  show.textContent = "Show source of bullet " + (index + 1);
  show.className = "show-source";
  const reveal = () => { highlight(detail.sources); state.selected = index; };
  show.addEventListener("click", reveal);
  input.addEventListener("focus", reveal);
  item.append(label, input, flags, show);
  return item;
}

function render(data) {
  state.data = data;
  $("draft").hidden = false;
  $("source-section").hidden = false;
  $("version-label").textContent = data.version ? "(version " + data.version + ")" : "";
  $("headline").value = data.headline || "";
  $("summary").value = data.summary || "";
  const best = (data.headline_candidates || [])[0];
  flagList($("headline-flags"), best && best.text === data.headline ? best.flags : []);
  const summaryFlags = (data.summary_details || []).flatMap((d) => d.flags || []);
  flagList($("summary-flags"), summaryFlags);
  $("summary").onfocus = () => highlight((data.summary_details || []).flatMap((d) => d.sources || []));
  $("candidate-list").replaceChildren(...(data.headline_candidates || []).map(candidateChoice));
  $("bullets").replaceChildren(...(data.bullet_details || []).map(bulletItem));
  showRegeneration(data);
  $("approval").textContent = data.approved_version
    ? "Approved: version " + data.approved_version + " at " + data.approved_at
    : "Not approved yet.";
  highlight([]);
}

function showRegeneration(data) {
  const box = $("regeneration");
  const regeneration = data.regeneration;
  box.hidden = !regeneration;
  box.classList.toggle("failed", Boolean(regeneration && regeneration.status === "failed"));
  if (!regeneration) { box.textContent = ""; return; }
  const shown = data.version ? " Version " + data.version + " is still shown." : "";
  box.textContent = regeneration.status === "failed"
    ? "Regeneration (asked at " + regeneration.requested_at + ") failed: "
      + (regeneration.error || "no reason given").replace(/[.\s]+$/, "") + "." + shown
    : "Regeneration " + regeneration.status + " (asked at " + regeneration.requested_at + ")." + shown;
}

async function waitFor(check, what) {
  for (let i = 0; i < 60; i += 1) {
    const data = await api("GET", "/v1/summaries/" + state.summaryId + "?wait=10");
    if (data.status === "failed") throw new Error(data.error || "the summary failed");
    if (check(data)) return data;
    say("Waiting for " + what + "…");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("gave up waiting for " + what);
}

async function loadSource() {
  const article = await api("GET", "/v1/articles/" + state.articleId);
  state.source = article.text;
}

async function guarded(work) {
  try { await work(); } catch (error) { say("Error " + error.message); }
}

function currentLines() {
  return {
    headline: $("headline").value.trim(),
    summary: $("summary").value.trim(),
    bullets: Array.from(document.querySelectorAll("#bullets .bullet"))
      .map((b) => b.value.trim()).filter(Boolean),
  };
}

function markdown() {
  const lines = currentLines();
  return "# " + lines.headline + "\n\n" + lines.summary + "\n\n"
    + lines.bullets.map((b) => "- " + b).join("\n") + "\n";
}

document.addEventListener("DOMContentLoaded", () => {
  showSignedIn();
  $("signin").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (key) sessionStorage.setItem(KEY, key);
    showSignedIn();
    say(token() ? "Signed in." : "Give an API key.");
  });
  $("signout-button").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    state.summaryId = null;
    $("draft").hidden = true;
    $("source-section").hidden = true;
    showSignedIn();
    say("Signed out.");
  });
  $("submit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => {
      const body = { options: options() };
      const text = $("article-text").value.trim();
      const url = $("article-url").value.trim();
      if (text) body.text = text; else if (url) body.url = url;
      else { say("Paste the article text or give its URL."); return; }
      if ($("article-headline").value.trim()) body.title = $("article-headline").value.trim();
      say("Submitting…");
      const accepted = await api("POST", "/v1/articles", body);
      state.summaryId = accepted.summary_id;
      state.articleId = accepted.article_id;
      const data = await waitFor((d) => d.status === "done", "the draft");
      await loadSource();
      render(data);
      say("Draft ready (version " + data.version + ").");
      $("draft").focus();
    });
  });
  $("save-button").addEventListener("click", () => guarded(async () => {
    const data = await api("PUT", "/v1/summaries/" + state.summaryId, currentLines());
    render(data);
    const flagged = (data.bullet_details || []).concat(data.summary_details || [])
      .filter((d) => (d.flags || []).length).length;
    say("Saved version " + data.version + (flagged ? "; " + flagged + " line(s) flagged." : "; no flags."));
  }));
  $("regenerate-button").addEventListener("click", () => guarded(async () => {
    const before = state.data ? state.data.version : 0;
    const asked = await api("POST", "/v1/summaries/" + state.summaryId + "/regenerate", { options: options() });
    showRegeneration(asked);
    const failed = (d) => d.regeneration && d.regeneration.status === "failed";
    const data = await waitFor(
      (d) => failed(d) || (d.version > before && !d.regenerating), "the new version");
    render(data);
    if (failed(data)) say("Regeneration failed: " + (data.regeneration.error || "no reason given"));
    else say("Regenerated: version " + data.version + ".");
  }));
  $("approve-button").addEventListener("click", () => guarded(async () => {
    const data = await api("POST", "/v1/summaries/" + state.summaryId + "/approve", {});
    render(data);
    say("Approved version " + data.approved_version + ".");
  }));
  $("copy-button").addEventListener("click", () => guarded(async () => {
    const text = markdown();
    $("markdown").value = text;
    try { await navigator.clipboard.writeText(text); say("Copied as Markdown."); }
    catch (error) { $("markdown").select(); say("Markdown is below; press Ctrl+C to copy."); }
  }));
});
