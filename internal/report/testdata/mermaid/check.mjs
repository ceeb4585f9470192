// Parses each file named on the command line with Mermaid's own parser (mermaid.parse), in a
// DOM that jsdom provides (mermaid's DOMPurify needs a window). Exit 1 on the first invalid one.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const mermaid = (await import('mermaid')).default;
for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(readFileSync(file, 'utf8'));
    console.log('valid: ' + file);
  } catch (e) {
    console.error('invalid: ' + file + ': ' + (e.message || e));
    process.exit(1);
  }
}
