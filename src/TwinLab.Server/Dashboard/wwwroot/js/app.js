// The dashboard shell: hash routes (#/page/param…?query), the branch picker, sign-in, and page lifetimes.
// A page module exports default {route, title, render(root, ctx)}; ctx = {params, query, signal, branch, navigate}.
// While render's promise is pending <main> has aria-busy="true"; the browser tests wait for aria-busy="false".
// Navigating away aborts ctx.signal: pages stop their streams and timers on it.
import { api, apiUrl, onSignInNeeded, setToken, token, currentBranch, setCurrentBranch } from "./api.js";
import { el, clear, errorView } from "./ui.js";
// Page modules load on first visit (the first page load fetches and compiles only the shell and the page shown).
const routes = ["explorer", "twin", "history", "branches", "experiments", "health", "network", "contact", "operations"];
const loaded = new Map();
function pageModule(name) {
  if (!routes.includes(name)) return Promise.resolve(null);
  if (!loaded.has(name)) loaded.set(name, import(`./pages/${name}.js`).then(m => m.default));
  return loaded.get(name);
}
const main = document.getElementById("page");
let current = null; // {controller}

export function navigate(hash) { if (location.hash === hash) route(); else location.hash = hash; }

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, search = ""] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || "explorer", params: parts.slice(1), query: new URLSearchParams(search) };
}

async function route() {
  const { name, params, query } = parseHash();
  current?.controller.abort();
  const controller = new AbortController();
  current = { controller };
  for (const a of document.querySelectorAll("#nav a")) {
    const active = a.dataset.page === name || (name === "twin" && a.dataset.page === "explorer");
    active ? a.setAttribute("aria-current", "page") : a.removeAttribute("aria-current");
  }
  clear(main);
  main.setAttribute("aria-busy", "true");
  document.body.dataset.page = name;
  const root = el("div", { class: "page page-" + name });
  main.append(root);
  let page = null;
  try {
    page = await pageModule(name);
    if (controller.signal.aborted) return;
    if (!page) throw new Error(`No page '${name}'.`);
    document.title = `${page.title} · TwinLab`;
    await page.render(root, { params, query, signal: controller.signal, branch: currentBranch(), navigate });
  } catch (e) {
    if (controller.signal.aborted) return;
    root.append(errorView(e, page ? page.title : "Page"));
    console.warn(e);
  } finally {
    if (current?.controller === controller) main.setAttribute("aria-busy", "false");
  }
}

// Sign-in: a 401 from any call opens the dialog; the call is retried with the token entered.
const dialog = document.getElementById("login");
const input = document.getElementById("login-token");
let pending = null;
onSignInNeeded(reason => {
  if (pending) return pending;
  document.getElementById("login-reason").textContent = reason || "This server needs an API key or a JWT.";
  input.value = "";
  if (!dialog.open) dialog.showModal();
  input.focus();
  pending = new Promise(resolve => {
    const done = ok => { dialog.close(); pending = null; updateSignIn(); resolve(ok); };
    document.getElementById("login-form").onsubmit = e => { e.preventDefault(); const v = input.value.trim(); if (v) { setToken(v); done(true); } };
    document.getElementById("login-cancel").onclick = () => done(false);
    dialog.oncancel = () => done(false);
  });
  return pending;
});

const signInButton = document.getElementById("sign-in");
function updateSignIn() { signInButton.textContent = token() ? "Sign out" : "Sign in"; }
signInButton.addEventListener("click", async () => {
  if (token()) { setToken(""); updateSignIn(); route(); return; }
  setToken("");
  document.getElementById("login-reason").textContent = "Enter an API key or a JWT for this server.";
  dialog.showModal();
  document.getElementById("login-form").onsubmit = e => { e.preventDefault(); const v = input.value.trim(); if (v) { setToken(v); dialog.close(); updateSignIn(); route(); } };
  document.getElementById("login-cancel").onclick = () => dialog.close();
});

// The branch picker: every page shows the branch chosen here.
const branchSelect = document.getElementById("branch");
async function loadBranches() {
  try {
    const list = await api("/branches");
    const names = (list.value || list || []).map(b => b.name);
    clear(branchSelect);
    for (const n of names.length ? names : ["main"]) branchSelect.append(el("option", { value: n, text: n, selected: n === currentBranch() }));
    if (!names.includes(currentBranch())) setCurrentBranch("main");
  } catch {
    clear(branchSelect);
    branchSelect.append(el("option", { value: "main", text: "main" }));
  }
}
branchSelect.addEventListener("change", () => { setCurrentBranch(branchSelect.value); route(); });

// A branch created or discarded on a page shows up in the picker at the next navigation.
window.addEventListener("hashchange", () => { route(); loadBranches(); });
updateSignIn();
window.twinlab = { navigate, apiUrl };
route();        // the page and the branch list load side by side
loadBranches();
