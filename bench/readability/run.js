// run.js - Readability.js (with linkedom as the DOM) over HTML files, one JSON line each.
// usage: node run.js FILE...   (the benchmark times the whole process)
'use strict';
const fs = require('fs');
const { parseHTML } = require('linkedom');
const { Readability } = require('@mozilla/readability');

let out = [];
for (const file of process.argv.slice(2)) {
  const html = fs.readFileSync(file, 'utf8');
  let text = '';
  try {
    const { document } = parseHTML(html);
    const article = new Readability(document).parse();
    text = article && article.textContent ? article.textContent : '';
  } catch (e) {
    text = '';
  }
  out.push(JSON.stringify({ id: file, text }));
  if (out.length >= 256) {
    fs.writeSync(1, out.join('\n') + '\n');
    out = [];
  }
}
if (out.length) fs.writeSync(1, out.join('\n') + '\n');
