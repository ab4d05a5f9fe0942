// Renders CSL-JSON items with citeproc-js (the engine inside Zotero), for tests/clients.rs.
// usage: node citeproc.js STYLE.csl LOCALE.xml ITEMS.json [LOCATORS.json]
// LOCATORS.json maps an item id to a paragraph number. Prints one JSON object per item:
// {"id", "note", "bibliography"} with the note as plain text.
const fs = require("fs");
const path = require("path");
const CSL = require(path.join(process.env.CITEPROC_DIR || ".", "node_modules", "citeproc"));
const [styleFile, localeFile, itemsFile, locatorsFile] = process.argv.slice(2);
const style = fs.readFileSync(styleFile, "utf8");
const locale = fs.readFileSync(localeFile, "utf8");
const items = JSON.parse(fs.readFileSync(itemsFile, "utf8"));
const locators = locatorsFile ? JSON.parse(fs.readFileSync(locatorsFile, "utf8")) : {};
const byId = Object.fromEntries(items.map((i) => [i.id, i]));
const sys = {
  retrieveLocale: () => locale,
  retrieveItem: (id) => byId[id],
};
const out = [];
for (const item of items) {
  // A fresh engine per item: every note is a first note, as carrel renders it.
  const engine = new CSL.Engine(sys, style, "en-US");
  engine.setOutputFormat("text");
  const cite = { id: item.id };
  if (locators[item.id] !== undefined) {
    cite.locator = String(locators[item.id]);
    cite.label = "paragraph";
  }
  const note = engine.makeCitationCluster([cite]);
  engine.updateItems([item.id]);
  const bib = engine.makeBibliography();
  const bibliography = bib ? bib[1].join("").trim() : null;
  out.push({ id: item.id, note: note, bibliography: bibliography });
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
