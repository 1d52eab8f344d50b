// The viewer's pages: the runs list (/ui/), a run (/ui/runs/<id>), a new run (/ui/new).
import { isAuthFailure, session } from "./api.js";
import { errorBox, replace } from "./dom.js";
import { renderNewRun } from "./new-run.js";
import { renderRun } from "./run-page.js";
import { renderRuns } from "./runs-list.js";
import { renderSignIn } from "./signin.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");

function signOut() {
  session.signOut();
  location.assign("/ui/");
}

function page() {
  const path = location.pathname;
  const run = path.match(/^\/ui\/runs\/([^/]+)$/);
  if (run) return renderRun(main, decodeURIComponent(run[1]));
  if (path === "/ui/new") return renderNewRun(main);
  if (path === "/ui/") return renderRuns(main, new URLSearchParams(location.search));
  replace(main, errorBox("There is no such page."));
  return undefined;
}

async function show() {
  if (!session.key()) {
    nav.hidden = true;
    renderSignIn(main, show);
    return;
  }
  nav.hidden = false;
  try {
    await page();
  } catch (error) {
    if (isAuthFailure(error)) {
      session.signOut();
      nav.hidden = true;
      renderSignIn(main, show);
      return;
    }
    replace(main, errorBox(error.message));
  }
}

document.getElementById("sign-out").addEventListener("click", signOut);
show();
