// Parse a GIFT file with gift-pegjs and print its questions as JSON (a test helper).
// Usage: node parse.js FILE. Exit status 1 with the syntax error on stderr when the file is not valid GIFT.
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(parse(text), null, 1));
} catch (error) {
  const where = error.location ? `line ${error.location.start.line}, column ${error.location.start.column}: ` : "";
  process.stderr.write(`${where}${error.message}\n`);
  process.exit(1);
}
