// End-to-end test of the observatory in headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core). Run by crates/bilat-cli/tests/e2e.rs against a server it starts:
//
//   node e2e/observatory.mjs http://127.0.0.1:PORT OUT_DIR   (E2E_USER, E2E_PASSWORD set)
//
// Logs in, browses the pair, switches language, filters the timeline, updates a commitment
// with evidence, uploads a document and reviews its candidates, looks at the targets,
// projects, trade and routes pages (switching the scenario), downloads a brief, logs out;
// saves a screenshot of each main page in OUT_DIR.
// Any failed expectation throws, and the process exits non-zero.

import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const [base, out] = process.argv.slice(2);
const user = process.env.E2E_USER;
const password = process.env.E2E_PASSWORD;
if (!base || !out || !user || !password) {
  console.error("usage: E2E_USER=… E2E_PASSWORD=… node observatory.mjs BASE_URL OUT_DIR");
  process.exit(2);
}
fs.mkdirSync(out, { recursive: true });

function expect(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
  console.log(`ok - ${what}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  // Script errors, and sub-resources (style sheet, icon) that fail to load; the pages'
  // own statuses (a 401 after a wrong password) are checked where they happen.
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    if (r.request().resourceType() !== "document" && r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });

  // Anonymous: sent to the login page. A wrong password is refused with a message.
  await page.goto(`${base}/dyad/KZ-QA`);
  expect(page.url().endsWith("/login"), "an anonymous visitor is sent to the login page");
  await page.fill("input[name=name]", user);
  await page.fill("input[name=password]", "not the password");
  await page.click("#login button[type=submit]");
  expect((await page.textContent("#login-error")).includes("do not match"), "a wrong password is refused");
  await page.screenshot({ path: path.join(out, "login.png") });
  await page.fill("input[name=name]", user);
  await page.fill("input[name=password]", password);
  await page.click("#login button[type=submit]");
  await page.waitForURL(`${base}/`);
  expect((await page.textContent("h1")).includes("Pairs of countries"), "logged in, the pairs are listed");

  // The pair's overview: the live brief.
  await page.click("a[href='/dyad/KZ-QA']");
  await page.waitForURL(`${base}/dyad/KZ-QA`);
  expect((await page.textContent("#brief h1")).includes("Kazakhstan – Qatar"), "the overview shows the brief");
  expect((await page.locator("#brief svg").count()) === 5, "the overview has the brief's five charts");
  await page.screenshot({ path: path.join(out, "overview.png"), fullPage: false });
  await page.click("a[href='?lang=kk']");
  expect((await page.textContent("#brief")).includes("Негізгі көрсеткіштер"), "the overview in Kazakh");

  // The timeline, filtered by domain.
  await page.click("a[href='/dyad/KZ-QA/timeline']");
  await page.selectOption("select[name=domain]", "military_technical");
  await page.click("#timeline-filters button[type=submit]");
  await page.waitForURL(/domain=military_technical/);
  expect((await page.textContent("#count")).trim() === "2 events", "the timeline filtered to two military events");
  await page.screenshot({ path: path.join(out, "timeline.png") });

  // The commitments board, then one commitment updated with a new source as evidence.
  await page.click("a[href='/dyad/KZ-QA/commitments']");
  expect((await page.locator("#commitments tbody tr").count()) >= 10, "the commitments board lists the commitments");
  await page.screenshot({ path: path.join(out, "commitments.png") });
  await page.click("a[href='/record/cm:jic-logistics']");
  await page.selectOption("select[name=status]", "implementation");
  await page.fill("input[name=date]", "2026-11-20");
  await page.fill("input[name=new_title]", "Minutes of a joint commission meeting (written for the test)");
  await page.fill("input[name=new_url]", "https://example.org/minutes-e2e");
  await page.fill("input[name=new_date]", "2026-11-21");
  await page.click("#status-form button[type=submit]");
  await page.waitForURL(`${base}/record/cm:jic-logistics`);
  expect((await page.textContent("#claims")).includes("status implementation as of 2026-11-20"), "the new status is a claim");
  expect((await page.textContent("#audit")).includes(`user:${user}`), "the change is in the record's audit log");
  await page.screenshot({ path: path.join(out, "record.png"), fullPage: true });

  // A document uploaded (a text written for this test), then its candidates reviewed.
  await page.click("header a[href='/upload']");
  await page.setInputFiles("input[name=file]", {
    name: "visit-synthetic.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(
      "Written for this test. The Emir of Qatar arrived in Astana on 11 October 2022 for a state visit. " +
      "On 3 March 2025 Kazakhstan and Qatar signed an agreement on cooperation in sport in Doha.\n"),
  });
  await page.fill("input[name=published]", "2025-03-04");
  await page.screenshot({ path: path.join(out, "upload.png") });
  await page.click("#upload-form button[type=submit]");
  await page.waitForURL(/\/review\?status=all&source=/);
  expect((await page.textContent("#count")).trim() === "2 candidates", "the upload yields two candidates");
  await page.screenshot({ path: path.join(out, "review.png"), fullPage: true });
  // A candidate by the type in its heading (every edit form lists all types).
  const candidate = (type) =>
    page.locator("section.candidate").filter({ has: page.locator("h2", { hasText: type }) });
  const visit = candidate("state_visit");
  expect((await visit.textContent()).includes("repeats ev:"), "the known visit is flagged as a repeat");
  await visit.locator("form.merge button").click();
  await page.waitForURL(/\/review/);
  const agreement = candidate("agreement_signed");
  await agreement.locator("summary").click();
  await agreement.locator("form.edit input[name=date]").fill("2025-03-04");
  await agreement.locator("form.edit button").click();
  await page.waitForURL(/\/review/);
  await candidate("agreement_signed").locator("form.accept button").click();
  await page.waitForURL(/\/review/);
  expect((await page.textContent("#count")).trim() === "0 candidates", "both candidates are decided");
  await page.goto(`${base}/review?status=all`);
  const decided = await page.textContent("main");
  expect(decided.includes("merged") && decided.includes("accepted"), "a candidate is accepted into the record and one merged");
  await page.goto(`${base}/dyad/KZ-QA/timeline?from=2025`);
  expect((await page.textContent("main")).includes("2025-03-04"), "the accepted event is on the timeline");

  // Targets, projects, trade and routes.
  await page.goto(`${base}/dyad/KZ-QA`);
  await page.click("a[href='/dyad/KZ-QA/targets']");
  expect((await page.textContent("#targets")).includes("USD 500 million"), "the targets page lists the turnover target");
  await page.screenshot({ path: path.join(out, "targets.png"), fullPage: true });
  await page.click("a[href='/dyad/KZ-QA/projects']");
  expect((await page.textContent("#total")).startsWith("Total counted: USD"), "the projects pipeline has its total");
  await page.screenshot({ path: path.join(out, "projects.png") });
  await page.click("a[href='/dyad/KZ-QA/trade']");
  expect((await page.locator("main svg").count()) >= 1, "the trade page draws turnover against the target");
  await page.screenshot({ path: path.join(out, "trade.png"), fullPage: true });
  await page.click("a[href='/dyad/KZ-QA/routes']");
  expect((await page.textContent("main")).includes("it closes Salwa-Abu Samra"), "the routes page says what the blockade closes");
  await page.selectOption("select[name=scenario]", "blockade-2017");
  await page.click("#switches button[type=submit]");
  await page.waitForURL(/scenario=blockade-2017/);
  expect((await page.locator("main svg").count()) === 2, "the routes page draws the map and the time-cost-distance chart");
  await page.screenshot({ path: path.join(out, "routes.png"), fullPage: false });

  // A brief downloaded from the pair's page.
  await page.goto(`${base}/dyad/KZ-QA?lang=ru`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("a[href='/dyad/KZ-QA/brief/brief-ru.md']"),
  ]);
  const file = path.join(out, download.suggestedFilename());
  await download.saveAs(file);
  expect(fs.readFileSync(file, "utf8").startsWith("# Казахстан – Катар"), "the Russian brief downloads");

  // Logging out ends the session.
  await page.click("header form[action='/logout'] button");
  await page.waitForURL(`${base}/login`);
  await page.goto(`${base}/`);
  expect(page.url().endsWith("/login"), "after logging out, pages need a login again");
  expect(errors.length === 0, `no script errors or failed sub-resources (${errors.join("; ")})`);
} finally {
  await browser.close();
}
